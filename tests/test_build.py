"""Tiny-site builds through the command line: what exists afterwards, and what never changes."""

from __future__ import annotations

import contextlib
import re
import zipfile
from pathlib import Path

from conftest import event_text
from generator.cli import main
from generator.mkdocs_site import MARKER
from generator.write import MANIFEST


def build(project: Path, monkeypatch, *extra: str) -> int:
    monkeypatch.chdir(project)
    return main(["build", *extra])


def test_build_makes_site_bundle_and_generated_pages(tiny_project, monkeypatch):
    project = tiny_project()
    assert build(project, monkeypatch) == 0
    site = project / "site"
    for page in ("index.html", "generated/timeline/2025-06.html",
                 "generated/topics/ceasefire.html", "generated/positions/index.html",
                 "search/search_index.json", "404.html", "generated/feeds/all.xml",
                 "generated/data/events.json", "generated/calendar.ics"):
        assert (site / page).is_file(), page
    assert not (site / "sitemap.xml").exists()  # a sitemap needs the site's address
    html = (site / "generated/timeline/2025-06.html").read_text("utf-8")
    assert 'id="2025-06-02-second-round"' in html
    with zipfile.ZipFile(project / "dist" / "timeline-offline.zip") as bundle:
        names = set(bundle.namelist())
    assert "timeline/index.html" in names and "timeline/search/search_index.js" in names
    assert "timeline/generated/timeline/2025-06.html" in names  # file links, no directory URLs
    # Theme files no page loads are gone from both outputs; what search needs is there.
    for listing in ({p.relative_to(site).as_posix() for p in site.rglob("*")},
                    {n.removeprefix("timeline/") for n in names}):
        assert not [n for n in listing if n.endswith(".map") or "/lunr/" in n]
        # The generator's cache, manifest and lock never leave docs/; the website carries
        # only the marker that lets the next build replace it (Sphinx's .buildinfo, ours).
        assert not [n for n in listing if ".timeline-" in n and n != MARKER]
        assert any(n.startswith("assets/javascripts/workers/search.") for n in listing)


def test_search_language_packs_kept_are_those_the_worker_loads():
    from generator.mkdocs_site import lunr_files_needed

    assert lunr_files_needed(["en"]) == set()
    assert lunr_files_needed(["de"]) == {"min/lunr.de.min.js", "min/lunr.stemmer.support.min.js"}
    assert lunr_files_needed(["en", "ja", "th"]) == {
        "min/lunr.ja.min.js", "min/lunr.th.min.js", "tinyseg.js", "wordcut.js",
        "min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js"}


def test_home_page_shows_latest_events_and_matrix(tiny_project, monkeypatch):
    project = tiny_project()
    build(project, monkeypatch, "--no-bundle")
    home = (project / "site" / "index.html").read_text("utf-8")
    assert "Second round in Istanbul" in home and "Rejects an unconditional ceasefire." in home
    assert 'href="generated/timeline/2025-06.html#2025-06-02-second-round"' in home


REQUEST = re.compile(r'<(?:script|img|iframe|source|audio|video)\b[^>]*\ssrc="(?:https?:)?//'
                     r'|<link\b(?=[^>]*\srel="(?:stylesheet|preconnect|preload|icon|manifest|'
                     r'modulepreload)")[^>]*\shref="(?:https?:)?//|url\((?:["\']?)(?:https?:)?//')
ACTIVE = re.compile(r'<[a-z][^>]*\son[a-z]+\s*=|href="\s*(?:javascript|data|vbscript):'
                    r'|<iframe|<script>alert|<svg[^>]*onload', re.IGNORECASE)


def ours(name: str) -> bool:
    """HTML, CSS and our own scripts. Material's bundle names polyfill and mermaid CDNs that it
    loads only for old browsers or diagrams; the browser tests prove no request leaves."""
    return name.endswith((".html", ".css", ".js")) and "assets/javascripts/" not in name


def outputs(project: Path):
    """Every page, stylesheet and own script of the website and of the bundle, as text."""
    for path in (project / "site").rglob("*"):
        if ours(path.as_posix()):
            yield str(path), path.read_text("utf-8")
    with zipfile.ZipFile(project / "dist" / "timeline-offline.zip") as bundle:
        for name in bundle.namelist():
            if ours(name):
                yield name, bundle.read(name).decode("utf-8")


def test_nothing_is_loaded_from_another_host(tiny_project, monkeypatch):
    project = tiny_project()
    build(project, monkeypatch)
    checked = 0
    for name, text in outputs(project):
        match = REQUEST.search(text)
        assert match is None, f"{name} requests {text[match.start():match.start() + 120]!r}"
        assert "fonts.googleapis" not in text and "unpkg.com" not in text, name
        checked += 1
    assert checked > 30


def test_hostile_text_never_becomes_active_markup(tiny_project, monkeypatch):
    project = tiny_project()
    build(project, monkeypatch)
    hostile = "generated/timeline/2023.html"
    html = (project / "site" / hostile).read_text("utf-8")
    assert "&lt;script&gt;alert('title')&lt;/script&gt;" in html  # shown as text
    assert "good link" in html and 'href="https://example.org/"' in html
    for name, text in outputs(project):
        if name.endswith(".html"):
            match = ACTIVE.search(text)
            assert match is None, f"{name}: {text[match.start():match.start() + 80]!r}"


def test_build_refuses_bad_input_and_keeps_the_old_site(tiny_project, monkeypatch, capsys):
    project = tiny_project()
    assert build(project, monkeypatch, "--no-bundle") == 0
    before = (project / "site" / "index.html").read_bytes()
    bad = project / "events" / "2025" / "2025-06-02-second-round.md"
    bad.write_text(event_text(type="talk"), encoding="utf-8")
    assert build(project, monkeypatch, "--no-bundle") == 1
    err = capsys.readouterr().err
    assert "events/2025/2025-06-02-second-round.md:4: type: unknown type 'talk'" in err
    assert "Traceback" not in err
    assert (project / "site" / "index.html").read_bytes() == before


def test_rebuild_rewrites_only_changed_pages_and_removes_stale_ones(tiny_project, monkeypatch,
                                                                    capsys):
    project = tiny_project()
    build(project, monkeypatch, "--no-bundle")
    generated = project / "docs" / "generated"
    assert (generated / MANIFEST).is_file()
    index_files = len(list((generated / "search").rglob("*.js")))
    (project / "events" / "2024" / "2024-06-15-two-day-summit.md").unlink()
    build(project, monkeypatch, "--no-bundle")
    # Fewer documents may need fewer search index files (generator/formats/search.py).
    fewer = index_files - len(list((generated / "search").rglob("*.js")))
    out = capsys.readouterr().out
    assert "removed" in out and not (generated / "timeline" / "2024.md").exists()
    assert not (generated / "timeline" / "2024-06.md").exists()
    assert not (generated / "record" / "2024-06.md").exists()
    assert not (generated / "types" / "summit.md").exists()  # its only event of the type
    # The year, the month, the month's record of what changed, and the type's page.
    assert re.search(rf"generated: \d+ pages written, \d+ unchanged, {4 + fewer} removed", out)


def test_writer_never_overwrites_a_file_it_did_not_create(tiny_project, monkeypatch, capsys):
    project = tiny_project()
    mine = project / "docs" / "generated" / "positions" / "index.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("my own notes\n", encoding="utf-8")
    assert build(project, monkeypatch, "--no-bundle") == 1
    assert "refusing to overwrite" in capsys.readouterr().err
    assert mine.read_text("utf-8") == "my own notes\n"


def test_new_scaffolds_an_event_that_check_then_guides(tiny_project, monkeypatch, capsys):
    project = tiny_project()
    monkeypatch.chdir(project)
    assert main(["new", "--title", "Talks: round 4 in Türkiye", "--date", "2025-07~"]) == 0
    path = project / "events" / "2025" / "2025-07-01-talks-round-4-in-turkiye.md"
    assert path.is_file()
    assert main(["new", "--title", "Talks: round 4 in Türkiye", "--date", "2025-07~"]) == 1
    capsys.readouterr()
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert f"{path.relative_to(project)}:12: sources[0].outlet: is required" in err


def test_command_line_as_a_process(tiny_project):
    """`python -m generator` exits 0 or 1 with messages on stderr and never a traceback."""
    import subprocess
    import sys

    project = tiny_project({"parties.yml": "ukraine: {name: Ukraine, kind: state}\n",
                            "2025/2025-06-02-x.md": event_text(parties="[ukrane]")})
    for command in (["--help"], ["check", "--help"], ["build", "--help"], ["new", "--help"]):
        done = subprocess.run([sys.executable, "-m", "generator", *command], cwd=project,
                              capture_output=True, text=True)
        assert done.returncode == 0 and "usage:" in done.stdout, command
    console_script = Path(sys.executable).with_name("timeline")
    done = subprocess.run([str(console_script), "check"], cwd=project,
                          capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == (
        "events/2025/2025-06-02-x.md:8: parties[0]: unknown party 'ukrane' "
        "(did you mean 'ukraine'?)")


def test_same_events_give_a_byte_identical_bundle(tiny_project, monkeypatch, tmp_path):
    project = tiny_project()
    build(project, monkeypatch)
    first = (project / "dist" / "timeline-offline.zip").read_bytes()
    build(project, monkeypatch)
    assert (project / "dist" / "timeline-offline.zip").read_bytes() == first


def test_a_missing_events_folder_is_an_error(tiny_project, monkeypatch, capsys):
    project = tiny_project()
    monkeypatch.chdir(project)
    assert main(["check", "--events", "evnts"]) == 1
    assert capsys.readouterr().err.startswith("evnts:1: folder: the events folder does not exist")


def test_an_interrupted_write_can_be_run_again(tmp_path, monkeypatch):
    from generator import write

    calls = []

    def fail_on_second(path, content, real=write.write_atomically):
        calls.append(path)
        if len(calls) == 3:  # the claim in the manifest, one page, then stop
            raise KeyboardInterrupt
        real(path, content)

    pages = {"a.md": "A\n", "b.md": "B\n", "c.md": "C\n"}
    monkeypatch.setattr(write, "write_atomically", fail_on_second)
    with contextlib.suppress(KeyboardInterrupt):
        write.write_pages(tmp_path, pages)
    monkeypatch.undo()
    report = write.write_pages(tmp_path, pages)
    assert sorted(report.written) == ["b.md", "c.md"] and report.unchanged == 1
    assert {p.name for p in tmp_path.iterdir()} == {"a.md", "b.md", "c.md", write.MANIFEST}


def test_writer_refuses_paths_outside_its_folder(tmp_path):
    import pytest

    from generator.write import WriteError, write_pages

    for bad in ("../escape.md", "/tmp/abs.md", "sub/../../x.md", "notes.txt"):
        with pytest.raises(WriteError):
            write_pages(tmp_path / "out", {bad: "x"})
    assert not (tmp_path / "escape.md").exists()


def test_new_needs_a_slug_when_the_title_has_no_letters_to_spell(tiny_project, monkeypatch,
                                                                 capsys):
    project = tiny_project()
    monkeypatch.chdir(project)
    assert main(["new", "--title", "🕊️🤝", "--date", "2025-06-02"]) == 1
    assert "pass --slug" in capsys.readouterr().err
    assert main(["new", "--title", "🕊️🤝", "--date", "2025-06-02", "--slug", "talks"]) == 0


def test_site_url_fills_the_sitemap_but_never_reaches_the_bundles_pages(tiny_project,
                                                                       monkeypatch):
    project = tiny_project()
    monkeypatch.setenv("TIMELINE_SITE_URL", "https://example.org/timeline/")
    build(project, monkeypatch)
    sitemap = (project / "site" / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://example.org/timeline/generated/positions/index.html</loc>" in sitemap
    assert 'href="/timeline/assets/' in (project / "site" / "404.html").read_text("utf-8")
    with zipfile.ZipFile(project / "dist" / "timeline-offline.zip") as bundle:
        names = bundle.namelist()
        for name in names:
            # Feeds and data files keep the absolute links a subscriber needs; no page or
            # script of the bundle names the address, so none can reach for it.
            if name.endswith((".html", ".js")) or name.endswith("search_index.json"):
                assert b"example.org/timeline" not in bundle.read(name), name
        assert b"https://example.org/timeline/generated/timeline/" in \
            bundle.read("timeline/generated/feeds/all.xml")
        assert "timeline/sitemap.xml" not in names


def test_yaml_lookalikes_stay_text_on_the_page(tiny_project, monkeypatch):
    project = tiny_project({
        "parties.yml": "ukraine: {name: Ukraine, kind: state}\n",
        "2025/2025-06-02-a.md": event_text(title="No", location="NO"),
        "2025/2025-06-03-b.md": event_text(date="2025-06-03", title="2025-06-02",
                                           location="1.10"),
        "2025/2025-06-04-c.md": event_text(date="2025-06-04", title="yes", location="off"),
    })
    assert build(project, monkeypatch, "--no-bundle") == 0
    html = (project / "site" / "generated" / "timeline" / "2025-06.html")
    text = re.sub(r"<[^>]+>", "", html.read_text("utf-8"))
    for shown in ("2 June 2025 · No 2025-06-02", "· NO", "3 June 2025 · 2025-06-02 2025-06-03",
                  "· 1.10", "4 June 2025 · yes 2025-06-04", "Talks · off"):
        assert shown in text, shown
    assert "False" not in text and "True" not in text


def test_a_failing_mkdocs_build_keeps_the_old_site_and_leaves_no_debris(tiny_project,
                                                                        monkeypatch, capsys):
    project = tiny_project()
    assert build(project, monkeypatch) == 0
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    bundle = (project / "dist" / "timeline-offline.zip").read_bytes()
    (project / "docs" / "about.md").write_text("[broken](nowhere.md)\n", encoding="utf-8")
    assert build(project, monkeypatch) == 1  # strict: a broken link is fatal
    assert "the MkDocs build failed" in capsys.readouterr().err
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert (project / "dist" / "timeline-offline.zip").read_bytes() == bundle
    assert sorted(p.name for p in project.iterdir()) == ["dist", "docs", "events", "mkdocs.yml",
                                                         "site"]
    assert [p.name for p in (project / "dist").iterdir()] == ["timeline-offline.zip"]


def test_version_is_the_packages(capsys):
    import importlib.metadata

    import pytest

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == \
        f"timeline {importlib.metadata.version('timeline-generator')}\n"
