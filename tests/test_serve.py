"""`timeline serve` says where it serves; a busy port or a malformed address is one line."""

from __future__ import annotations

import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REGISTRIES, ROOT, copy_skeleton, event_text, write_files
from generator.cli import main


def tiny(tmp_path: Path) -> Path:
    """A project with one event."""
    project = copy_skeleton(tmp_path / "project")
    write_files(project / "events", {**REGISTRIES, "2025/2025-06-02-talks.md": event_text()})
    return project


def serve_command(project: Path, dev_addr: str) -> list[str]:
    return [sys.executable, "-m", "generator", "serve", "--project", str(project),
            "--dev-addr", dev_addr]


def test_a_busy_port_is_one_line_and_exit_1(tmp_path):
    project = tiny(tmp_path)
    with socket.socket() as holder:  # another server, listening on the port
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = subprocess.run(serve_command(project, f"127.0.0.1:{port}"), cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: cannot serve on 127.0.0.1:{port}: Address already in use; choose another "
        f"port with --dev-addr 127.0.0.1:{port + 1} (make serve PORT={port + 1})"]
    # Said before anything was generated.
    assert not (project / "docs" / "generated").exists()


@pytest.mark.parametrize("dev_addr", ["nonsense", "127.0.0.1", "127.0.0.1:", "127.0.0.1:http",
                                      "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:99999",
                                      "example.org:8000", "8000", ":8000", "[::1]"])
def test_a_malformed_address_is_one_line_and_exit_1(tmp_path, capsys, dev_addr):
    project = tiny(tmp_path)
    assert main(["serve", "--project", str(project), "--dev-addr", dev_addr]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"error: --dev-addr {dev_addr!r}: expected an IP address and a port from 1 to 65535, "
        "such as 127.0.0.1:8000"]
    assert not (project / "docs" / "generated").exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lines_of(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line)


def test_serve_prints_its_address_and_stops_on_ctrl_c(tmp_path):
    project = tiny(tmp_path)
    port = free_port()
    server = subprocess.Popen(serve_command(project, f"127.0.0.1:{port}"), cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lines_of, args=(server.stdout, out), daemon=True).start()
    try:
        first = out.get(timeout=60)
        assert first == f"serving http://127.0.0.1:{port}/ (Ctrl+C to stop)\n"
        # And it does serve there.
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                    assert page.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "nothing answered at the printed address"
                time.sleep(0.2)
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl+C
        try:
            server.wait(timeout=60)  # a loaded machine (a benchmark beside) is slow to stop
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        err = server.stderr.read()
    assert server.returncode == 0, err
    assert "Traceback" not in err
