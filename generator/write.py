"""The one stage that writes generated pages: only inside its folder, only what changed.

It keeps a manifest of the files it wrote, so it removes only its own stale pages
and refuses to overwrite anything it did not create.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import TimelineError
from generator.load import FileStamp

MANIFEST = ".timeline-manifest.json"


class WriteError(TimelineError):
    """A page that may not be written: outside the output folder, or someone else's file."""


@dataclass
class WriteReport:
    """What a run of the writer changed on disk."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


# The only suffixes the writer accepts: pages, feeds, data, calendars, drawings, scripts.
SUFFIXES = (".md", ".xml", ".json", ".csv", ".ics", ".svg", ".js")


def target_path(out_dir: Path, relative: str) -> Path:
    """Resolve an output path inside the output folder, refusing anything that escapes it
    or that is not one of the kinds of file a run produces."""
    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts or not relative.endswith(SUFFIXES) \
            or any(part.startswith(".") for part in candidate.parts):
        raise WriteError(f"refusing to write {relative!r}: not an output inside {out_dir}")
    # Resolve the folder, not the file: a link in the file's place must be seen, not followed.
    folder = (out_dir / candidate).parent.resolve()
    if not folder.is_relative_to(out_dir.resolve()):
        raise WriteError(f"refusing to write {relative!r}: it resolves outside {out_dir}")
    return folder / candidate.name


def read_manifest(out_dir: Path) -> set[str]:
    """The pages a previous run wrote, relative to the output folder."""
    try:
        return set(json.loads((out_dir / MANIFEST).read_text("utf-8"))["files"])
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return set()


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write through a temporary file so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    os.replace(temporary, path)


def remove_stale(out_dir: Path, stale: set[str], report: WriteReport) -> None:
    """Delete pages this writer made earlier that no longer exist, and their empty folders."""
    for relative in sorted(stale):
        path = target_path(out_dir, relative)
        if path.is_file():
            path.unlink()
            report.removed.append(relative)
        for parent in path.parents:
            if parent == out_dir.resolve() or not parent.is_relative_to(out_dir.resolve()):
                break
            if parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()


def write_manifest(out_dir: Path, files: set[str]) -> None:
    """Record the pages this writer owns."""
    write_atomically(out_dir / MANIFEST, json.dumps({"files": sorted(files)}, indent=1) + "\n")


def check_targets(planned: dict[str, Path]) -> list[str]:
    """The planned outputs that exist already (refusing anything there but a file)."""
    found = []
    for relative, path in planned.items():
        if path.is_file() and not path.is_symlink():
            found.append(relative)
        elif os.path.lexists(path):
            raise WriteError(f"refusing to replace {path}: it is not a file")
    return found


def read_if_file(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_cache(out_dir: Path, folder: str, files: dict[str, bytes], keep: set[str]) -> None:
    """Store the run's cache in its own hidden folder (MkDocs skips it): write `files`,
    then delete any shard of ours that is not in `keep`, the full set of the new cache."""
    cache_dir = out_dir / folder
    for name, data in files.items():
        write_atomically(cache_dir / name, data)
    for path in cache_dir.glob("shard-*.json"):
        if path.name not in keep:
            path.unlink()
    for path in [*cache_dir.glob("shard-*.pickle"), cache_dir / "head.pickle"]:
        path.unlink(missing_ok=True)  # an older version's cache, never read again


Content = str | bytes


def write_pages(out_dir: Path, outputs: Mapping[str, Content | Callable[[], Content]],
                keep: frozenset[str] = frozenset()) -> WriteReport:
    """Make the output folder hold exactly `outputs` plus those in `keep`, which the caller
    knows to be current on disk, touching only files whose bytes change (text is UTF-8
    with the line ends it has: an iCalendar file keeps its CRLF). An output may be given
    as the function that renders it: each is then rendered, compared and written in turn,
    so that only one is in memory at a time, however large the record."""
    def content_of(relative: str) -> bytes:
        value = outputs[relative]
        if callable(value):
            value = value()
        return value.encode("utf-8") if isinstance(value, str) else value

    owned = read_manifest(out_dir)
    planned = {relative: target_path(out_dir, relative) for relative in outputs}
    made: dict[str, bytes] = {}  # someone else's file may hold what we would write: then ours
    for relative in check_targets(planned):
        if relative not in owned:
            made[relative] = content_of(relative)
            if planned[relative].read_bytes() != made[relative]:
                raise WriteError(f"refusing to overwrite {planned[relative]}: "
                                 "the generator did not create it")
    wanted = set(outputs) | keep
    # Claim every page before writing any, so that an interrupted run can be run again.
    write_manifest(out_dir, owned | wanted)
    report = WriteReport(unchanged=len(keep))
    for relative in outputs:
        content = made.pop(relative) if relative in made else content_of(relative)
        if read_if_file(planned[relative]) == content:
            report.unchanged += 1
            continue
        write_atomically(planned[relative], content)
        report.written.append(relative)
    remove_stale(out_dir, owned - wanted, report)
    write_manifest(out_dir, wanted)
    return report


def stamps_of(out_dir: Path, names: list[str]) -> dict[str, FileStamp]:
    """Size and time of pages just written, for the next run to know them untouched."""
    return {name: FileStamp.of((out_dir / name).stat()) for name in names}
