"""The live preview: `timeline serve` shows an edited event within seconds."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float) -> float | None:
    """Poll a page until it contains `text`; return how long it took, or None."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if text in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.2)
    return None


def test_editing_an_event_updates_the_preview(tiny_project):
    project = tiny_project()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--project", str(project),
         "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    said = threading.Event()

    def read_errors() -> None:
        for line in server.stderr:
            lines.append(line)
            if "the preview shows the last good pages" in line:
                said.set()
    reader = threading.Thread(target=read_errors, daemon=True)
    reader.start()
    try:
        page = f"http://127.0.0.1:{port}/generated/timeline/2025-06.html"
        assert wait_for(page, "Second round in Istanbul", 60) is not None
        event = project / "events" / "2025" / "2025-06-02-second-round.md"
        event.write_text(event.read_text("utf-8").replace(
            "title: Second round in Istanbul", "title: Second round, edited live"), "utf-8")
        took = wait_for(page, "Second round, edited live", 15)
        assert took is not None, "the edit never reached the preview"
        print(f"preview updated {took:.1f} s after the edit")
        # A broken edit keeps the last good pages and says why: wait for it to say so.
        event.write_text(event.read_text("utf-8").replace("type: talks", "type: tlaks"), "utf-8")
        assert said.wait(30), "the preview never reported the broken edit"
        assert "Second round, edited live" in fetch(page)
    finally:
        server.terminate()
        server.wait(timeout=20)
        reader.join(timeout=20)
    err = "".join(lines)
    assert "type: unknown type 'tlaks' (did you mean 'talks'?)" in err
    assert "Traceback" not in err
