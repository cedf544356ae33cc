"""Live preview: MkDocs' server, plus a watcher that regenerates pages when events change."""

from __future__ import annotations

import errno
import ipaddress
import os
import re
import socket
import sys
import threading
from contextlib import chdir
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve

from generator import build, errors
from generator.errors import InputError, TimelineError

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
    build.preview(paths)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(paths, stop), daemon=True)
    watcher.start()
    try:
        config_file = paths.config.resolve()
        # MkDocs builds once more, then listens: the address answers within seconds.
        print(f"serving http://{address(host, port)}/ (Ctrl+C to stop)", flush=True)
        os.environ["TIMELINE_THEME"] = str(build.THEME)
        with chdir(config_file.parent):  # snippets resolve paths from the working directory
            mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
    return 0
