"""Live preview: MkDocs' server, plus a watcher that regenerates pages when events change."""

from __future__ import annotations

import sys
import threading
from contextlib import chdir
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve

from generator import pipeline
from generator.problems import InputError, visible

POLL_SECONDS = 0.5


def snapshot(events_dir: Path) -> tuple:
    """Name, size and modification time of every file under the events folder."""
    stats = ((str(p), p.stat()) for p in events_dir.rglob("*") if p.is_file())
    return tuple(sorted((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats))


def regenerate(paths: pipeline.Paths) -> bool:
    """Bring the pages up to date, or show the problems and keep the last good pages.
    False when a build of the same project holds the lock: try again on the next poll."""
    try:
        with pipeline.exclusive(paths):
            _, report = pipeline.generate(paths)
    except pipeline.Busy:
        return False
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s); the preview shows the last good pages.",
              file=sys.stderr)
        return True
    except Exception as error:  # noqa: BLE001 - the watcher must outlive any one bad edit
        print(visible(f"error: {error}; the preview shows the last good pages."),
              file=sys.stderr)
        return True
    if report.written or report.removed:
        print(f"regenerated {len(report.written)} page(s), removed {len(report.removed)}",
              file=sys.stderr)
    return True


def watch(paths: pipeline.Paths, stop: threading.Event) -> None:
    """Poll the events folder and regenerate when anything in it changes."""
    seen = snapshot(paths.events)
    while not stop.wait(POLL_SECONDS):
        try:
            current = snapshot(paths.events)
        except FileNotFoundError:  # a file vanished between listing and stat: look again
            continue
        if current != seen and regenerate(paths):
            seen = current


def serve(paths: pipeline.Paths, dev_addr: str) -> int:
    """Generate once, then serve with live reload until interrupted."""
    with pipeline.exclusive(paths):
        pipeline.generate(paths)
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
