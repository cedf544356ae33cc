"""The live preview: `timeline serve` shows an edited event within seconds, and the
whole-record files after; the preview's two steps end where a full build does."""

from __future__ import annotations

import shutil
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
        # The whole-record files follow once the edits pause: the feed, the search index.
        feed = f"http://127.0.0.1:{port}/generated/feeds/all.xml"
        assert wait_for(feed, "Second round, edited live", 30) is not None
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


def files_of(folder) -> dict[str, bytes]:
    """Every generated file but the writer's own bookkeeping (manifest, lock, cache)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in
                                       p.relative_to(folder).parts)}


def test_the_preview_writes_the_events_page_first_and_ends_as_a_full_build(tmp_path,
                                                                            tiny_project):
    from conftest import copy_skeleton
    from generator import build

    project = tiny_project()
    paths = build.Paths.from_project(project)
    session = build.Preview(paths)
    session.update()
    session.finish()
    event = project / "events" / "2025" / "2025-06-02-second-round.md"
    # A new title and a changed stance: the stance moves what the record pages say.
    event.write_text(event.read_text("utf-8").replace(
        "title: Second round in Istanbul", "title: Second round, previewed").replace(
        "stance: Rejects an unconditional ceasefire.", "stance: Accepts a short truce."),
        "utf-8")
    generated = paths.generated
    feed_before = (generated / "feeds" / "all.xml").read_bytes()
    report = session.update()
    # At once: the page that holds the event's section, and nothing else; the rest that
    # shows it (its parties, the summaries, the feeds) once the edits pause.
    assert report.written == ["timeline/2025-06.md"]
    assert "Second round, previewed" in (generated / "timeline" / "2025-06.md").read_text()
    assert {"parties/russia.md", "timeline/index.md", "record/2025-06.md",
            "feeds/all.xml"} <= set(session.later)
    assert (generated / "feeds" / "all.xml").read_bytes() == feed_before
    later = session.finish()
    assert {"feeds/all.xml", "parties/russia.md"} <= set(later.written) and \
        any(p.startswith("search/") for p in later.written) and not session.later
    # Then every file is what a full build from nothing writes, byte for byte, and the
    # cache the preview saved serves the next build, which writes nothing.
    fresh = copy_skeleton(tmp_path / "fresh")
    shutil.copytree(project / "events", fresh / "events")
    build.generate(build.Paths.from_project(fresh), use_cache=False)
    assert files_of(generated) == files_of(fresh / "docs" / "generated")
    _, again = build.generate(paths)
    assert again.written == [] and again.removed == []
