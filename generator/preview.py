"""Live preview: MkDocs' server, plus a watcher that applies edits to events as they come.

The watcher is told of every change under the events folder by the operating system
(watchdog: inotify, FSEvents, ReadDirectoryChangesW), not by polling ten thousand files.
One `build.Preview` holds the record between edits: an edit rewrites the pages that show
the event at once, and MkDocs' server, building only the pages that changed ("dirty"
builds), serves them; the feeds, data files and search index follow once the edits pause.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
import re
import socket
import sys
import threading
from contextlib import chdir

from mkdocs.commands.serve import serve as mkdocs_serve
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator import build, errors
from generator.errors import InputError, TimelineError

SETTLE_SECONDS = 0.03  # an editor's save is several file events: take them as one
QUIET_SECONDS = 1.5  # the whole-record files wait until the edits pause this long
RETRY_SECONDS = 0.5  # a build of the same project holds the lock: try again after this


def update(session: build.Preview) -> bool:
    """Bring the pages up to date, or show the problems and keep the last good pages.
    False when a build of the same project holds the lock: try again later."""
    try:
        report = session.update()
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


def finish(session: build.Preview) -> bool:
    """Write the feeds, data files and search index the last edits left; False when busy."""
    try:
        session.finish()
    except build.Busy:
        return False
    except Exception as error:  # noqa: BLE001
        errors.say(error)
    return True


def quiet_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns on every dirty build that links may be stale, and the site is strict, so
    the warning would stop the server: our navigation is the same whatever the events (a
    page per month, party, topic), and the pages that list an event are the ones rewritten."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


class Changes(FileSystemEventHandler):
    """Sets a flag on any change under the events folder."""

    def __init__(self) -> None:
        self.flag = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in ("opened", "closed_no_write"):  # reads change nothing
            self.flag.set()


def watch(session: build.Preview, changes: Changes, stop: threading.Event) -> None:
    """Apply each change as it comes; once the edits pause, finish."""
    unfinished = False
    while not stop.is_set():
        if changes.flag.wait(QUIET_SECONDS if unfinished else RETRY_SECONDS):
            stop.wait(SETTLE_SECONDS)
            changes.flag.clear()
            if update(session):
                unfinished = True
            else:
                changes.flag.set()  # busy: the change is still to apply
                stop.wait(RETRY_SECONDS)
        elif unfinished and finish(session):
            unfinished = False


def parse_address(dev_addr: str) -> tuple[str, int]:
    """The host and port of `--dev-addr`, read as MkDocs reads it (IP:PORT, localhost:PORT
    or [IPv6]:PORT), or one clear line saying what is wrong with it."""
    host, colon, port_text = dev_addr.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        if host != "localhost":
            host = str(ipaddress.ip_address(host))
    except ValueError:
        host = ""
    port = int(port_text) if re.fullmatch(r"[0-9]{1,5}", port_text) else 0
    if not colon or not host or not 0 < port < 65536:
        raise TimelineError(f"--dev-addr {dev_addr!r}: expected an IP address and a port "
                            "from 1 to 65535, such as 127.0.0.1:8000")
    return host, port


def address(host: str, port: int) -> str:
    """HOST:PORT, with an IPv6 host in brackets: 127.0.0.1:8000, [::1]:8000."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def check_free(host: str, port: int) -> None:
    """Bind the address as MkDocs' server will (SO_REUSEADDR, then listen) and let it go,
    so that a port in use is one clear line before anything is generated rather than a
    failure after. (Another program could still take the port in the moment between.)"""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
            probe.listen()
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == errno.EADDRNOTAVAIL or isinstance(error, socket.gaierror):
            advice = "use an address of this machine, such as --dev-addr 127.0.0.1:8000"
        else:  # in use, or a port below 1024 without root
            if error.errno == errno.EADDRINUSE and port < 65535:
                other = port + 1
            else:
                other = 8001 if port == 8000 else 8000
            make = f" (make serve PORT={other})" if host == "127.0.0.1" else ""
            advice = f"choose another port with --dev-addr {address(host, other)}{make}"
        raise TimelineError(f"cannot serve on {address(host, port)}: {reason}; {advice}") \
            from None


def serve(paths: build.Paths, dev_addr: str) -> int:
    """Generate once, then serve with live reload until interrupted."""
    host, port = parse_address(dev_addr)
    check_free(host, port)
    session = build.Preview(paths)
    session.update()
    session.finish()
    stop = threading.Event()
    changes = Changes()
    observer = Observer()
    observer.schedule(changes, str(paths.events), recursive=True)
    observer.start()
    watcher = threading.Thread(target=watch, args=(session, changes, stop), daemon=True)
    watcher.start()
    try:
        config_file = paths.config.resolve()
        # MkDocs builds once more, then listens: the address answers within seconds. After
        # that it rebuilds only the pages whose files changed.
        print(f"serving http://{address(host, port)}/ (Ctrl+C to stop)", flush=True)
        os.environ["TIMELINE_THEME"] = str(build.THEME)
        logging.getLogger("mkdocs.commands.build").addFilter(quiet_dirty_warning)
        with chdir(config_file.parent):  # snippets resolve paths from the working directory
            mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True,
                         build_type="dirty")
    except KeyboardInterrupt:
        pass
    finally:
        # The observer's threads are daemons and end with the process: stopping them here
        # joins a thread blocked reading inotify, which can hang the exit after Ctrl+C.
        stop.set()
    return 0
