"""Read event files and registries from disk into YAML node trees that remember their lines.

This is the only stage that reads the disk. It composes YAML (PyYAML's C loader)
instead of loading it, so every key keeps the line it stands on in the file, and
scalars keep the text as written: `title: No` stays "No", never False.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.problems import Problem

try:  # The C loader is much faster; fall back so a missing libyaml is slow, not broken.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

FENCE = "---"
REGISTRY_FILES = {"parties": "parties.yml", "topics": "topics.yml", "types": "types.yml"}


@dataclass(frozen=True)
class Document:
    """A YAML mapping read from a file, and where its lines start in that file."""

    path: str
    root: yaml.MappingNode
    offset: int  # file line of the YAML text's first line, minus one
    text: str

    def line(self, node: yaml.Node) -> int:
        """The 1-based line in the file where `node` starts."""
        return line_at(self.text, node.start_mark.index, self.offset)


def line_at(text: str, index: int, offset: int) -> int:
    """Count lines as an editor does: YAML also breaks lines at U+2028, U+2029 and U+0085."""
    return text.count("\n", 0, index) + 1 + offset


@dataclass(frozen=True)
class EventFile:
    """An event file split into its front matter and its Markdown body."""

    document: Document
    stem: str
    body: str


@dataclass(frozen=True)
class RawInput:
    """Everything read from an events folder, before validation."""

    events: tuple[EventFile, ...]
    registries: dict[str, Document | None]
    problems: tuple[Problem, ...]


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def read_bytes(path: Path) -> tuple[bytes | None, list[Problem]]:
    """Read a file, turning an unreadable one into a problem instead of a crash."""
    try:
        return path.read_bytes(), []
    except OSError as error:
        return None, [Problem(display_path(path), 1, "file",
                              f"cannot be read: {error.strerror or error}")]


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (a byte-order mark is allowed) and normalise line endings."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(path, line, "file", f"is not UTF-8 text (byte {error.start})")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def compose_mapping(text: str, path: str, offset: int) -> tuple[Document | None, list[Problem]]:
    """Compose YAML text into a node tree whose root must be a mapping."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = line_at(text, mark.index, offset) if mark else offset + 1
        reason = error.problem or str(error)
        context = error.context_mark
        if error.context and context and mark and context.line != mark.line:
            reason += (f" ({error.context} that starts on line "
                       f"{line_at(text, context.index, offset)})")
        return None, [Problem(path, line, "yaml", f"does not parse: {reason}")]
    except yaml.reader.ReaderError as error:
        line = line_at(text, error.position, offset)
        return None, [Problem(path, line, "yaml", f"does not parse: the character "
                                                  f"U+{error.character:04X} is not allowed")]
    except yaml.YAMLError as error:
        return None, [Problem(path, offset + 1, "yaml", f"does not parse: {error}")]
    if root is None:
        return None, [Problem(path, offset + 1, "file", "holds no fields")]
    if not isinstance(root, yaml.MappingNode):
        return None, [Problem(path, line_at(text, root.start_mark.index, offset), "yaml",
                              "must be a mapping of `key: value` lines")]
    return Document(path, root, offset, text), []


def split_front_matter(text: str, path: str) -> tuple[str | None, str, list[Problem]]:
    """Split `---` front matter from the Markdown body that follows it."""
    if not text.strip():
        return None, "", [Problem(path, 1, "file", "is empty")]
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        return None, "", [Problem(path, 1, "front matter",
                                  "the file must start with a `---` line, then the fields")]
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in (FENCE, "..."):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1:]), []
    return None, "", [Problem(path, 1, "front matter",
                              "has no closing `---` line after the fields")]


def read_text_file(path: Path) -> tuple[str, str | None, list[Problem]]:
    """Read and decode a file: its path as shown in messages, its text, its problems."""
    shown = display_path(path)
    raw, problems = read_bytes(path)
    if raw is None:
        return shown, None, problems
    text, problems = decode(raw, shown)
    return shown, text, problems


def read_event_file(path: Path) -> tuple[EventFile | None, list[Problem]]:
    """Read one event file into its front-matter document and body."""
    shown, text, problems = read_text_file(path)
    if text is None:
        return None, problems
    front, body, problems = split_front_matter(text, shown)
    if front is None:
        return None, problems
    document, problems = compose_mapping(front, shown, offset=1)
    if document is None:
        return None, problems
    return EventFile(document, path.stem, body), []


def read_registry(path: Path) -> tuple[Document | None, list[Problem]]:
    """Read a registry file (parties, topics, types) into a document."""
    shown, text, problems = read_text_file(path)
    if text is None:
        return None, problems
    return compose_mapping(text, shown, offset=0)


def event_paths(events_dir: Path) -> list[Path]:
    """Every event file in the folders below the events folder (not hidden), in a stable order."""
    return sorted(p for p in events_dir.rglob("*.md")
                  if p.parent != events_dir and not p.is_dir() and
                  not any(part.startswith(".") for part in p.relative_to(events_dir).parts))


def stray_files(events_dir: Path) -> list[Problem]:
    """Markdown files directly in the events folder would be silently ignored: say so."""
    return [Problem(display_path(p), 1, "file", "event files belong in a folder below "
                    f"{display_path(events_dir)}, such as {p.name[:4]}/")
            for p in sorted(events_dir.glob("*.md"))
            if p.name.lower() != "readme.md" and p.is_file()]


def load_input(events_dir: Path) -> RawInput:
    """Read the registries and every event file, collecting problems instead of stopping."""
    if not events_dir.is_dir():
        missing = Problem(display_path(events_dir), 1, "folder",
                          "the events folder does not exist")
        return RawInput((), {}, (missing,))
    problems: list[Problem] = stray_files(events_dir)
    registries: dict[str, Document | None] = {}
    for name, filename in REGISTRY_FILES.items():
        path = events_dir / filename
        if not path.is_file():
            registries[name] = None
            continue
        registries[name], found = read_registry(path)
        problems.extend(found)
    events: list[EventFile] = []
    for path in event_paths(events_dir):
        event_file, found = read_event_file(path)
        problems.extend(found)
        if event_file is not None:
            events.append(event_file)
    return RawInput(tuple(events), registries, tuple(problems))
