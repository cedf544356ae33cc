"""Live preview: MkDocs' server, plus a watcher that regenerates pages when events change."""

from __future__ import annotations

import sys
import threading
from contextlib import chdir
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve

from generator import build, errors
from generator.errors import InputError

POLL_SECONDS = 0.5


def snapshot(events_dir: Path) -> tuple:
    """Name, size and modification time of every file under the events folder."""
    stats = ((str(p), p.stat()) for p in events_dir.rglob("*") if p.is_file())
    return tuple(sorted((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats))


def regenerate(paths: build.Paths) -> bool:
    """Bring the pages up to date, or show the problems and keep the last good pages.
    False when a build of the same project holds the lock: try again on the next poll."""
    try:
        report = build.preview(paths)
    except build.Busy:
        return False
    except InputError as error:
        errors.report(error, "; the preview shows the last good pages")
        return True
    except Exception as error:  # noqa: BLE001 - the watcher must outlive any one bad edit
        errors.say(error)
        print("the preview shows the last good pages.", file=sys.stderr)
        return True
    if report.written or report.removed:
        print(f"regenerated {len(report.written)} page(s), removed {len(report.removed)}",
              file=sys.stderr)
    return True


def watch(paths: build.Paths, stop: threading.Event) -> None:
    """Poll the events folder and regenerate when anything in it changes."""
    seen = snapshot(paths.events)
    while not stop.wait(POLL_SECONDS):
        try:
            current = snapshot(paths.events)
        except FileNotFoundError:  # a file vanished between listing and stat: look again
            continue
        if current != seen and regenerate(paths):
            seen = current


def serve(paths: build.Paths, dev_addr: str) -> int:
    """Generate once, then serve with live reload until interrupted."""
    build.preview(paths)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(paths, stop), daemon=True)
    watcher.start()
    try:
        config_file = paths.config.resolve()
        with chdir(config_file.parent):  # snippets resolve paths from the working directory
            mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
    return 0
