"""The cache between runs makes regeneration faster, never different."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from benchmarks.corpus import write_corpus
from generator import cache, load
from generator.index import build_index, month_of
from generator.pipeline import Paths, check, generate
from generator.render import home_of, year_name

OLD = 1_000_000_000_000_000_000  # 2001: long before any run, so every file is cached


def project_with(tmp_path: Path, count: int = 60) -> Paths:
    """A project folder holding a small synthetic corpus with settled file times."""
    events = write_corpus(tmp_path / "project" / "events", count)
    for path in events.rglob("*"):
        os.utime(path, ns=(OLD, OLD))
    (tmp_path / "project" / "docs").mkdir()
    return Paths.from_project(tmp_path / "project")


def pages_on_disk(paths: Paths) -> dict[str, str]:
    """Every generated page, by path inside the generated folder."""
    return {p.relative_to(paths.generated).as_posix(): p.read_text("utf-8")
            for p in sorted(paths.generated.rglob("*.md"))}


def full_build(paths: Paths, tmp_path: Path) -> dict[str, str]:
    """The pages a fresh run without any cache makes of the same events."""
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(paths.events, fresh / "events")
    (fresh / "docs").mkdir()
    other = Paths.from_project(fresh)
    generate(other, use_cache=False)
    return pages_on_disk(other)


def edit(path: Path, old: str, new: str) -> None:
    """Change an event file and give it a settled time of its own."""
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    os.utime(path, ns=(OLD + 10**9 * 60, OLD + 10**9 * 60))


def test_a_second_run_reads_no_event_file_and_writes_no_page(tmp_path, monkeypatch):
    paths = project_with(tmp_path)
    generate(paths)
    assert (paths.generated / cache.CACHE_DIR / cache.HEAD).is_file()
    read = []
    original = load.read_event_file
    monkeypatch.setattr(load, "read_event_file", lambda *a: read.append(a) or original(*a))
    _, report = generate(paths)
    assert read == [] and report.written == []
    edit(sorted(paths.events.rglob("*.md"))[0], "title: Round", "title: Renamed round")
    generate(paths)
    assert len(read) == 1


def test_incremental_runs_equal_a_full_run_after_every_kind_of_change(tmp_path):
    paths = project_with(tmp_path)
    generate(paths)
    files = sorted(paths.events.rglob("*.md"))
    edit(files[3], "title: Round", "title: Renamed round")
    edit(files[7], "Stance", "A changed stance")  # changes the position history
    moved = files[9].read_text("utf-8")  # move an event to another month, same year
    day = files[9].name[:10]
    other_day = day[:5] + ("01" if day[5:7] != "01" else "02") + "-15"
    files[9].unlink()
    (files[9].parent / files[9].name.replace(day, other_day)).write_text(
        moved.replace(f"date: {day}", f"date: {other_day}", 1), "utf-8")
    files[11].unlink()  # remove an event
    far = files[13].parent.parent / "2031"  # to a new year and month: neighbours change
    far.mkdir()
    (far / "2031-07-15-event-far.md").write_text(files[13].read_text("utf-8").replace(
        f"date: {files[13].name[:10]}", "date: 2031-07-15", 1), "utf-8")
    files[13].unlink()
    generate(paths)
    assert pages_on_disk(paths) == full_build(paths, tmp_path)
    registry = paths.events / "parties.yml"  # a renamed party changes every page naming it
    registry.write_text(registry.read_text("utf-8").replace("Alpha Republic", "Alfa"), "utf-8")
    generate(paths)
    pages = pages_on_disk(paths)
    assert pages == full_build(paths, tmp_path)
    assert "Alpha Republic" not in "".join(pages.values())


def test_one_changed_event_rewrites_only_the_pages_that_show_it(tmp_path):
    paths = project_with(tmp_path, 200)
    generate(paths)
    target = sorted(paths.events.rglob("*.md"))[100]
    edit(target, "title: Round", "title: Renamed round")
    _, report = generate(paths)
    event = next(e for e in check(paths.events).events if e.path.endswith(target.name))
    index = build_index(check(paths.events))
    shows = {home_of(event) + ".md", year_name(event.date.start.year) + ".md"}
    shows |= {f"parties/{p}.md" for p in event.everyone()}
    shows |= {f"topics/{t}.md" for t in event.topics}
    if event in index.dataset.events[-10:]:
        shows.add("partials/latest.md")
    assert month_of(event) is not None
    assert set(report.written) == shows


def test_a_file_changed_just_before_a_run_is_read_again_next_time(tmp_path):
    paths = project_with(tmp_path)
    target = sorted(paths.events.rglob("*.md"))[5]
    target.write_text(target.read_text("utf-8").replace("title: Round", "title: Rnd01"), "utf-8")
    stamp = target.stat().st_mtime_ns  # now: too fresh to trust
    generate(paths)
    # Same size, same time, other content: only a re-read can notice.
    target.write_text(target.read_text("utf-8").replace("title: Rnd01", "title: Rnd02"), "utf-8")
    os.utime(target, ns=(stamp, stamp))
    generate(paths)
    assert "Rnd02" in "".join(pages_on_disk(paths).values())


def test_a_damaged_or_foreign_cache_is_ignored(tmp_path):
    paths = project_with(tmp_path)
    generate(paths)
    expected = pages_on_disk(paths)
    folder = paths.generated / cache.CACHE_DIR
    shard = sorted(folder.glob("shard-*.pickle"))[0]
    for victim in (folder / cache.HEAD, shard):
        good = victim.read_bytes()
        for damage in (good[:1000], b"not a cache", cache.FORMAT + b"xx"):
            victim.write_bytes(damage)
            edit(sorted(paths.events.rglob("*.md"))[0], "Round", "Round")
            generate(paths)
            assert pages_on_disk(paths) == expected
        shard = sorted(folder.glob("shard-*.pickle"))[0]
    shard.unlink()
    generate(paths)
    assert pages_on_disk(paths) == expected
    assert cache.decode_head((folder / cache.HEAD).read_bytes(), "another key") is None


def test_a_change_rewrites_one_shard_of_the_cache(tmp_path):
    paths = project_with(tmp_path, 200)
    generate(paths)
    folder = paths.generated / cache.CACHE_DIR
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("shard-*.pickle")}
    assert len(before) == 10  # a shard a year folder
    edit(sorted(paths.events.rglob("*.md"))[50], "title: Round", "title: Renamed round")
    generate(paths)
    after = {p.name: p.stat().st_mtime_ns for p in folder.glob("shard-*.pickle")}
    assert after.keys() == before.keys()
    assert sum(after[n] != before[n] for n in after) == 1


def test_a_generated_page_deleted_or_edited_by_hand_is_made_again(tmp_path):
    paths = project_with(tmp_path)
    generate(paths)
    expected = pages_on_disk(paths)
    month = sorted(paths.generated.glob("timeline/*-*.md"))[3]
    party = paths.generated / "parties" / "alpha.md"
    month.unlink()
    party.write_text("edited by hand\n", "utf-8")
    _, report = generate(paths)
    assert pages_on_disk(paths) == expected
    assert sorted(report.written) == sorted([month.relative_to(paths.generated).as_posix(),
                                             "parties/alpha.md"])
