"""Hostile and careless use of a build: output flags aimed at the sources, someone else's
folders, two builds at once, killed builds, special files, and dates at the edges."""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import feedparser
import icalendar
import pytest

from conftest import ROOT, event_text, write_files
from generator import build as pipeline, load, mkdocs_site as site
from generator.build import Paths, exclusive, generate
from generator.cli import main


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below a folder (links as their target text), to prove nothing changed."""
    return {p.relative_to(folder).as_posix(): (os.readlink(p).encode() if p.is_symlink()
                                               else p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


def build(project: Path, monkeypatch, capsys, *extra: str) -> tuple[int, str, str]:
    monkeypatch.chdir(project)
    code = main(["build", *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- output folders that would destroy the sources ---------------------------------------

@pytest.mark.parametrize("flag, target", [
    ("--site-dir", "docs"), ("--site-dir", "events"), ("--site-dir", "."),
    ("--site-dir", ".."), ("--site-dir", "docs/generated"), ("--site-dir", "events/2025"),
    ("--dist-dir", "docs"), ("--dist-dir", "events"), ("--dist-dir", "."),
    ("--dist-dir", ".."), ("--site-dir", "mkdocs.yml"), ("--dist-dir", "site"),
])
def test_an_output_flag_aimed_at_the_sources_is_refused_and_nothing_changes(
        tiny_project, monkeypatch, capsys, flag, target):
    project = tiny_project()
    before = snapshot(project.parent)
    code, _out, err = build(project, monkeypatch, capsys, flag, target)
    assert code == 1
    assert len(err.splitlines()) == 1 and err.startswith("error: ") and "Traceback" not in err
    assert snapshot(project.parent) == before  # nothing deleted, nothing written


def test_a_folder_the_tool_did_not_build_is_never_replaced(tiny_project, monkeypatch, capsys):
    project = tiny_project()
    write_files(project / "mine", {"thesis.tex": "years of work", "data/table.csv": "a,b"})
    before = snapshot(project / "mine")
    code, _, err = build(project, monkeypatch, capsys, "--site-dir", "mine", "--no-bundle")
    assert code == 1 and "did not build" in err and len(err.splitlines()) == 1
    assert snapshot(project / "mine") == before
    (project / "dist").mkdir()
    (project / "dist" / "timeline-offline.zip").write_bytes(b"someone else's archive")
    code, _, err = build(project, monkeypatch, capsys)
    assert code == 1 and "was not made by timeline" in err
    assert (project / "dist" / "timeline-offline.zip").read_bytes() == b"someone else's archive"


def test_hidden_entries_of_a_deployment_checkout_survive_every_build(
        tiny_project, monkeypatch, capsys):
    project = tiny_project()
    # A fresh clone of the deployment branch: nothing in it but its .git.
    write_files(project / "site", {".git/HEAD": "ref: refs/heads/gh-pages\n",
                                   ".nojekyll": ""})
    for _ in range(2):
        code, _, err = build(project, monkeypatch, capsys, "--no-bundle")
        assert code == 0, err
        assert (project / "site" / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
        assert (project / "site" / ".nojekyll").is_file()
        assert (project / "site" / "index.html").is_file()
    assert not list(project.glob(".timeline-*"))  # no temporary folder left beside it


# --- killed, concurrent and failing builds -------------------------------------------------

def test_a_killed_build_is_cleaned_up_and_a_half_swap_recovered(tiny_project, monkeypatch, capsys):
    project = tiny_project()
    assert build(project, monkeypatch, capsys, "--no-bundle")[0] == 0
    (project / "site" / ".git").mkdir()
    # Killed between the two renames: the old website parked, the new one never moved in.
    (project / "site").rename(project / ".timeline-old-site")
    # Killed while MkDocs ran: temporary folders of ours, beside the site and in dist/.
    leftover = project / ".timeline-tmp-abc123"
    write_files(leftover, {site.MARKER: site.MARKER_TEXT, "site/index.html": "half"})
    write_files(project / "dist" / ".timeline-tmp-def456", {site.MARKER: site.MARKER_TEXT})
    foreign = write_files(project / ".timeline-tmp-not-ours", {"notes.txt": "keep me"})
    code, _, err = build(project, monkeypatch, capsys)
    assert code == 0, err
    assert (project / "site" / ".git").is_dir()  # the parked site's hidden entry came back
    assert not leftover.exists() and not (project / "dist" / ".timeline-tmp-def456").exists()
    assert not (project / ".timeline-old-site").exists()
    assert (foreign / "notes.txt").read_text() == "keep me"  # no marker: not ours, kept


def test_a_second_build_while_one_runs_says_so_in_one_line(tiny_project, monkeypatch, capsys):
    project = tiny_project()
    with exclusive(Paths.from_project(project)):
        code, _, err = build(project, monkeypatch, capsys, "--no-bundle")
    assert code == 1 and err.startswith("error: another build of this project is running")
    assert len(err.splitlines()) == 1
    assert build(project, monkeypatch, capsys, "--no-bundle")[0] == 0  # the lock is gone


def test_two_builds_at_once_both_end_cleanly_with_a_correct_site(tiny_project):
    project = tiny_project()
    command = [sys.executable, "-m", "generator", "build", "--project", str(project)]
    runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(3)]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    for code, err in results:
        assert "Traceback" not in err
        assert code == 0 or (code == 1 and "another build of this project is running" in err)
    assert any(code == 0 for code, _ in results)
    assert (project / "site" / "generated" / "timeline" / "2025-06.html").is_file()
    with zipfile.ZipFile(project / "dist" / "timeline-offline.zip") as bundle:
        assert bundle.testzip() is None
    assert not list(project.glob(".timeline-tmp-*"))


def test_an_output_folder_that_cannot_be_written_gives_one_line(tiny_project, monkeypatch,
                                                                 capsys):
    project = tiny_project()
    # Root may write anywhere, so make the folder fail as a read-only one would.
    def refuse(*args, dir=None, **kwargs):
        raise PermissionError(13, "Permission denied", str(dir))
    monkeypatch.setattr(site.tempfile, "mkdtemp", refuse)
    code, _, err = build(project, monkeypatch, capsys, "--no-bundle")
    assert code == 1 and err == "error: .: Permission denied\n"  # the folder the site goes in
    monkeypatch.undo()
    assert build(project, monkeypatch, capsys, "--no-bundle")[0] == 0  # and it recovers


# --- files that are not what they seem -----------------------------------------------------

def run_check_in(events: Path, timeout: int = 60) -> subprocess.CompletedProcess:
    """`timeline check` in another process, so that a read that blocks fails the test."""
    return subprocess.run([sys.executable, "-m", "generator", "check", "--events", str(events)],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_a_fifo_and_a_socket_are_refused_without_being_read(tmp_path):
    from conftest import REGISTRIES

    events = write_files(tmp_path / "events", {**REGISTRIES, "2025/2025-06-02-talks.md":
                                               event_text()})
    os.mkfifo(events / "2025" / "2025-06-03-fifo.md")  # opening it for reading would block
    os.mkfifo(events / "topics.yml.tmp")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(events / "2025" / "2025-06-04-socket.md"))
    try:
        result = run_check_in(events)
    finally:
        listener.close()
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        f"{events}/2025/2025-06-03-fifo.md:1", f"{events}/2025/2025-06-04-socket.md:1"]
    assert all("is not a regular file" in line for line in lines[:-1])


def test_an_oversized_event_file_is_refused_at_its_path(tmp_path):
    from conftest import REGISTRIES

    body = "A long narrative. " * (load.MAX_FILE_BYTES // 18 + 10)
    events = write_files(tmp_path / "events", {**REGISTRIES, "2025/2025-06-02-huge.md":
                                               event_text() + body})
    result = run_check_in(events)
    assert result.returncode == 1
    assert f"2025-06-02-huge.md:1: file: is larger than {load.MAX_FILE_BYTES // 1024} KiB" \
        in result.stderr


def test_a_folder_the_walk_cannot_open_is_reported(tmp_path, monkeypatch):
    from conftest import REGISTRIES

    events = write_files(tmp_path / "events", {**REGISTRIES, "2025/2025-06-02-talks.md":
                                               event_text()})
    walk = os.walk

    def failing_walk(top, onerror=None, **kwargs):
        # Root reads any folder, so stand in for one whose permissions forbid it.
        onerror(PermissionError(13, "Permission denied", str(Path(top) / "2024")))
        yield from walk(top, onerror=onerror, **kwargs)
    monkeypatch.setattr(load.os, "walk", failing_walk)
    raw = load.load_input(events)
    assert [str(p) for p in raw.problems] == [
        f"{load.display_path(events / '2024')}:1: folder: cannot be read: Permission denied"]


def test_a_file_name_cannot_forge_a_message_line(tmp_path):
    from conftest import REGISTRIES

    name = "2025-06-02-x\n/events/2025/ok.md:1: title: \x1b[32mall is well.md"
    events = write_files(tmp_path / "events", {**REGISTRIES, f"2025/{name}": event_text()})
    result = run_check_in(events)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 2  # one problem and the count
    assert "\\x0a" in result.stderr and "\\x1b" in result.stderr and "\x1b" not in result.stderr


# --- dates at the edges ------------------------------------------------------------------

EDGE_DATES = {"0999/0999-06-02-old.md": "0999-06-02", "1960/1960-01-01-before.md": "1960-01-01",
              "2200/2200-12-31-far.md": "2200-12-31"}


@pytest.mark.parametrize("latest", ["0999-06-02", "1960-01-01", "2200-12-31"])
def test_every_date_check_accepts_builds(tiny_project, monkeypatch, capsys, latest):
    from conftest import REGISTRIES

    files = {relative: event_text(date=day) for relative, day in EDGE_DATES.items()
             if day <= latest}
    project = tiny_project({**REGISTRIES, **files})
    monkeypatch.setenv("TIMELINE_SITE_URL", "https://example.org/timeline/")  # a sitemap
    code, _, err = build(project, monkeypatch, capsys)
    assert code == 0, err
    generated = project / "site" / "generated"
    calendar = icalendar.Calendar.from_ical((generated / "calendar.ics").read_bytes())
    assert sorted(e["dtstart"].dt.isoformat() for e in calendar.walk("VEVENT")) == \
        sorted(day for day in EDGE_DATES.values() if day <= latest)
    assert feedparser.parse((generated / "feeds" / "all.xml").read_bytes()).entries
    epoch = pipeline.build_epoch(pipeline.check(project / "events"))
    assert pipeline.EPOCH_RANGE[0] <= epoch <= pipeline.EPOCH_RANGE[1]
    with gzip.open(project / "site" / "sitemap.xml.gz") as sitemap:
        assert sitemap.read().startswith(b"<?xml")
    with zipfile.ZipFile(project / "dist" / "timeline-offline.zip") as bundle:
        assert bundle.testzip() is None
    year = latest[:4]
    assert (project / "site" / "generated" / "timeline" / f"{year}.html").is_file()


def test_pages_of_years_below_1000_are_incremental_like_any_other(tiny_project):
    from conftest import REGISTRIES

    project = tiny_project({**REGISTRIES, "0999/0999-06-02-old.md": event_text(date="0999-06-02"),
                            "2025/2025-06-02-talks.md": event_text()})
    paths = Paths.from_project(project)
    generate(paths)
    (project / "events" / "0999" / "0999-07-01-later.md").write_text(
        event_text(date="0999-07-01", title="Later"), "utf-8")
    _, report = generate(paths)
    assert "timeline/0999-07.md" in report.written
    incremental = snapshot(paths.generated)
    generate(paths, use_cache=False)
    full = snapshot(paths.generated)
    pages = {k: v for k, v in incremental.items() if k.endswith(".md")}
    assert pages == {k: v for k, v in full.items() if k.endswith(".md")}
    assert "timeline/0999-06.md" in pages and "timeline/0999.md" in pages
