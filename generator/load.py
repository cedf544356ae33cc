"""Read event files and registries from disk into YAML node trees that remember their lines.

This is the only stage that reads the disk. It composes YAML (PyYAML's C loader)
instead of loading it, so every key keeps the line it stands on in the file, and
scalars keep the text as written: `title: No` stays "No", never False.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.errors import Problem
from generator.model import Event

# The C parser is much faster; fall back so a missing libyaml is slow, not broken. The
# base resolver gives every scalar the plain string tag: the validator reads values as
# text anyway, and skipping PyYAML's implicit-type regexes saves a third of composing.
try:
    _Base = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.BaseLoader


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Compose only; each node's tag is the plain string one (explicit tags are kept)."""

    def resolve(self, kind, value, implicit):
        """Called for every node without an explicit tag: answer as cheaply as possible."""
        return _TAGS[kind]


_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
         yaml.MappingNode: "tag:yaml.org,2002:map"}

FENCE = "---"
# An event file or registry may hold at most this much: the longest real narratives are a
# few kilobytes, and a limit keeps every later stage's work bounded.
MAX_FILE_BYTES = 256 * 1024
MARKDOWN_LOOKALIKES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".text")
REGISTRY_FILES = {"parties": "parties.yml", "topics": "topics.yml", "types": "types.yml",
                  "outlets": "outlets.yml"}


@dataclass(frozen=True)
class FileStamp:
    """Size, modification and change times, and inode of a file: a file checked out or
    copied anew gets a change time and an inode that no cache written elsewhere holds."""

    mtime_ns: int
    size: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, status: os.stat_result) -> FileStamp:
        """The stamp of a file from its stat."""
        return cls(status.st_mtime_ns, status.st_size, status.st_ctime_ns, status.st_ino)


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
    body_line: int = 0  # the file line of the body's first line


@dataclass(frozen=True)
class RawInput:
    """Everything read from an events folder, before validation."""

    events: tuple[EventFile, ...]
    registries: dict[str, Document | None]
    problems: tuple[Problem, ...]
    # With a reuse callback: events of unchanged files, already valid, and every file's stamp.
    cached: tuple[Event, ...] = ()
    stamps: dict[str, tuple[FileStamp, str]] = field(default_factory=dict)
    started_ns: int = 0


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def read_bytes(path: Path | str, limit: int = MAX_FILE_BYTES,
               shown: str | None = None) -> tuple[bytes | None, list[Problem]]:
    """Read a regular file of at most `limit` bytes; anything else is a problem, not a crash.

    A symbolic link is refused rather than followed (it could pull a file from outside the
    project into the site), and so is a FIFO or a device, without opening it: reading one
    could block forever or have side effects.
    """
    shown = display_path(Path(path)) if shown is None else shown
    try:
        status = os.lstat(path)
        if not stat.S_ISREG(status.st_mode):
            return None, [Problem(shown, 1, "file", not_a_file(status.st_mode))]
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        reason = (not_a_file(stat.S_IFLNK) if error.errno == errno.ELOOP
                  else f"cannot be read: {error.strerror or error}")
        return None, [Problem(shown, 1, "file", reason)]
    with os.fdopen(descriptor, "rb") as opened:
        # The file may have been swapped since lstat(): check what was opened.
        status = os.fstat(opened.fileno())
        if not stat.S_ISREG(status.st_mode):
            return None, [Problem(shown, 1, "file", not_a_file(status.st_mode))]
        try:
            raw = opened.read(limit + 1)
        except OSError as error:
            return None, [Problem(shown, 1, "file", f"cannot be read: {error.strerror or error}")]
    if len(raw) > limit:
        return None, [Problem(shown, 1, "file", f"is larger than {limit // 1024} KiB, the limit "
                                                "for one file: split it into several events")]
    return raw, []


def not_a_file(mode: int) -> str:
    """Why a path that is not a regular file is refused."""
    if stat.S_ISLNK(mode):
        return ("is a symbolic link: event files and registries must be regular files inside "
                "the events folder (copy the file here instead)")
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    return "is not a regular file (a FIFO, a socket or a device): it was not read"


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
    front, body, _, problems = split_with_line(text, path)
    return front, body, problems


def split_with_line(text: str, path: str) -> tuple[str | None, str, int, list[Problem]]:
    """The front matter, the body, the body's first line in the file, and problems."""
    if not text.strip():
        return None, "", 0, [Problem(path, 1, "file", "is empty")]
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        return None, "", 0, [Problem(path, 1, "front matter",
                                     "the file must start with a `---` line, then the fields")]
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in (FENCE, "..."):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1:]), number + 2, []
    return None, "", 0, [Problem(path, 1, "front matter",
                                 "has no closing `---` line after the fields")]


def read_text_file(path: Path, shown: str | None = None) -> tuple[str, str | None, list[Problem]]:
    """Read and decode a file: its path as shown in messages, its text, its problems."""
    shown = display_path(path) if shown is None else shown
    raw, problems = read_bytes(path, shown=shown)
    if raw is None:
        return shown, None, problems
    text, problems = decode(raw, shown)
    return shown, text, problems


def read_event_file(path: Path, shown: str | None = None) -> tuple[EventFile | None, list[Problem]]:
    """Read one event file into its front-matter document and body."""
    shown, text, problems = read_text_file(path, shown)
    if text is None:
        return None, problems
    front, body, body_line, problems = split_with_line(text, shown)
    if front is None:
        return None, problems
    document, problems = compose_mapping(front, shown, offset=1)
    if document is None:
        return None, problems
    return EventFile(document, path.stem, body, body_line), []


def read_registry(path: Path) -> tuple[Document | None, list[Problem]]:
    """Read a registry file (parties, topics, types) into a document."""
    shown, text, problems = read_text_file(path)
    if text is None:
        return None, problems
    return compose_mapping(text, shown, offset=0)


def event_files(events_dir: Path) -> tuple[list[str], list[Problem]]:
    """Every event file in the folders below the events folder (not hidden), as paths
    relative to it, in a stable order, and a problem for everything the walk cannot read
    or would leave out: a folder it cannot open, a symbolic link to a folder (not followed),
    a file that is not named `.md`. A plain directory walk: at 10,000 files, pathlib's rglob
    and relative_to cost more than reading the files."""
    found: list[str] = []
    problems: list[Problem] = []

    def unreadable(error: OSError) -> None:
        problems.append(Problem(display_path(Path(error.filename or events_dir)), 1, "folder",
                                f"cannot be read: {error.strerror or error}"))

    for folder, subfolders, files in os.walk(events_dir, onerror=unreadable):
        linked = [d for d in subfolders if os.path.islink(os.path.join(folder, d))]
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in linked)
        problems += [Problem(display_path(Path(folder, d)), 1, "folder",
                             "is a symbolic link to a folder, which is not followed: move the "
                             "folder itself here") for d in linked if not d.startswith(".")]
        relative = os.path.relpath(folder, events_dir).replace(os.sep, "/")
        if relative == ".":
            continue  # files right in the events folder: registries, or stray_files()
        for name in files:
            if name.startswith("."):
                continue
            if name.endswith(".md"):
                found.append(f"{relative}/{name}")
            else:
                problems.append(Problem(display_path(Path(folder, name)), 1, "file",
                                        left_out(name)))
    return sorted(found, key=lambda r: r.split("/")), problems


def left_out(name: str) -> str:
    """Why a file in a folder of events is not read."""
    if name.lower().endswith(MARKDOWN_LOOKALIKES):
        return "event files must end in `.md` (lowercase): rename it, or it is left out"
    return "is not an event file (those end in `.md`): move it out of the events folder"


def stray_files(events_dir: Path) -> list[Problem]:
    """Markdown files directly in the events folder would be silently ignored: say so."""
    try:
        names = sorted(os.listdir(events_dir))
    except OSError as error:
        return [Problem(display_path(events_dir), 1, "folder",
                        f"cannot be read: {error.strerror or error}")]
    return [Problem(display_path(events_dir / name), 1, "file", "event files belong in a "
                    f"folder below {display_path(events_dir)}, such as {name[:4]}/")
            for name in names if name.lower().endswith(MARKDOWN_LOOKALIKES) and
            name.lower() not in ("readme.md", "readme.markdown") and not name.startswith(".")]


def read_registries(events_dir: Path, problems: list[Problem]
                    ) -> tuple[dict[str, Document | None], bytes]:
    """Read the registry files that exist; also return their text, for the cache key
    (a registry that does not parse stops the run before the cache matters)."""
    registries: dict[str, Document | None] = {}
    for name, filename in REGISTRY_FILES.items():
        path = events_dir / filename
        registries[name], found = read_registry(path) if os.path.lexists(path) else (None, [])
        problems.extend(found)
    seen = "".join(f"{name}\0{doc.text if doc else ''}\0" for name, doc in registries.items())
    return registries, seen.encode()


Reuse = Callable[[str, "FileStamp"], "Event | None"]


def load_input(events_dir: Path, reuse: Reuse | None = None,
               registries: tuple[dict[str, Document | None], list[Problem]] | None = None
               ) -> RawInput:
    """Read the registries and every event file, collecting problems instead of stopping.

    `reuse(relative, stamp)` may answer with the valid event of a file whose stamp shows it
    unchanged since an earlier run; that file is then not read. `registries` are the
    registries and their problems when the caller read them already.
    """
    if not events_dir.is_dir():
        missing = Problem(display_path(events_dir), 1, "folder",
                          "the events folder does not exist")
        return RawInput((), {}, (missing,))
    started_ns = time.time_ns()
    problems: list[Problem] = stray_files(events_dir)
    relatives, skipped = event_files(events_dir)
    problems += skipped
    if registries is None:
        found: list[Problem] = []
        registries = (read_registries(events_dir, found)[0], found)
    problems += registries[1]
    events: list[EventFile] = []
    cached: list[Event] = []
    stamps: dict[str, tuple[FileStamp, str]] = {}
    shown_dir = display_path(events_dir)
    for relative in relatives:
        path = os.path.join(events_dir, relative)
        shown = os.path.join(shown_dir, *relative.split("/"))
        stamp = file_stamp(path) if reuse is not None else None
        if stamp is not None and reuse is not None:
            stamps[relative] = (stamp, shown)
            event = reuse(relative, stamp)
            if event is not None and event.path == shown:
                cached.append(event)
                continue
        event_file, found_here = read_event_file(Path(path), shown)
        problems.extend(found_here)
        if event_file is not None:
            events.append(event_file)
    return RawInput(tuple(events), registries[0], tuple(problems), tuple(cached), stamps,
                    started_ns)


def page_stamps(out_dir: Path, names: list[str]) -> dict[str, FileStamp | None]:
    """Size and time of each generated page on disk now (None when it is missing): a page
    someone touched since the last run is rendered again, never trusted."""
    return {name: file_stamp(out_dir / name) for name in names}


def file_stamp(path: Path | str) -> FileStamp | None:
    """A file's size and modification time, taken before it is read; None for anything
    but a regular file (a link or a FIFO is read, and refused, every time)."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return FileStamp.of(status) if stat.S_ISREG(status.st_mode) else None
