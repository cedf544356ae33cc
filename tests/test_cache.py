"""The cache between runs makes regeneration faster, never different."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import random
import shlex
import shutil
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from conftest import context_for
from generator import cache, load
from generator.build import Paths, check, generate, outputs_of
from generator.errors import InputError
from generator.outputs import ALL, keys_of
from generator.pages.fragments import all_fragments, render_fragments, threads
from generator.urls import month_of


def fresh_fragments(dataset, event):
    """An event's fragments rendered now, with the events it follows and that follow it."""
    return render_fragments(context_for(dataset), event,
                            thread=threads(dataset.events).get(event.id, ((), ())))


def render_site_outputs(dataset):
    """The outputs a run declares for a dataset."""
    return outputs_of(dataset)

OLD = 1_000_000_000_000_000_000  # 2001: long before any run, so every file is cached


def project_with(tmp_path: Path, count: int = 60) -> Paths:
    """A project folder holding a small synthetic corpus with settled file times."""
    events = write_corpus(tmp_path / "project" / "events", count)
    for path in events.rglob("*"):
        os.utime(path, ns=(OLD, OLD))
    (tmp_path / "project" / "docs").mkdir()
    return Paths.from_project(tmp_path / "project")


def pages_on_disk(paths: Paths) -> dict[str, str]:
    """Every generated output (pages, and scripts such as the compare data), by path inside
    the generated folder; the generator's own hidden files aside."""
    return {p.relative_to(paths.generated).as_posix(): p.read_text("utf-8")
            for p in sorted(paths.generated.rglob("*")) if p.is_file() and
            not any(part.startswith(".") for part in p.relative_to(paths.generated).parts)}


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
    events = check(paths.events).events
    edit(files[3], "title: Round", "title: Renamed round")
    edit(files[7], "Stance", "A changed stance")  # changes the position history
    # Events moved or removed below are in no `follows`, or the run would rightly refuse.
    named = {r.id for e in events for r in e.follows} | {e.id for e in events if e.follows}
    free = [f for f in files if f.stem not in named]
    files[9], files[11], files[13] = free[9], free[11], free[13]
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
    dataset = check(paths.events)
    event = next(e for e in dataset.events if e.path.endswith(target.name))
    declared = render_site_outputs(dataset)
    # The pages that show this event in particular (its month, year, parties, topics) all
    # change with its title; so may the pages of events that name it or that it names
    # (their sections link to it by title), and the summaries that list the record.
    own = {o.path for o in declared if o.reads & (keys_of(event) - {ALL})}
    named = {r.id for r in event.references()} | {
        e.id for e in dataset.events if any(r.id == event.id for r in e.references())}
    around = {o.path for o in declared for e in dataset.events if e.id in named
              if o.reads & (keys_of(e) - {ALL})}
    summaries = {o.path for o in declared if ALL in o.reads}
    assert len(own) >= 4 and month_of(event) is not None
    assert own <= set(report.written) <= own | around | summaries
    # Of the summaries, only those that name events by their titles: the latest events,
    # the commitments, the timeline (its drawing names every mark), and the months'
    # records of what changed.
    written = set(report.written) & summaries
    assert {p for p in written if p.endswith(".md") and not p.startswith("record/")} <= \
        {"partials/latest.md", "commitments/index.md", "timeline/index.md"}
    # Of the feeds and data files, those that hold every event's title (the timeline's
    # filter too); never the data package or the schema, which hold no event.
    # Of the search index, the block that shows the event and the term shards of the
    # words that came and went with the title, nothing else.
    search = {p for p in written if p.startswith("search/")}
    assert any(p.startswith("search/d/") for p in search) and \
        any(p.startswith("search/t/") for p in search) and "search/index.js" not in search
    assert {p for p in written if not p.endswith(".md")} - search == \
        {"feeds/all.xml", "feeds/all.json", "calendar.ics", "data/events.json",
         "data/events.csv", "data/timelinejs.json", "record/compare-data.js",
         "timeline/filter-data.js"}


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
    shard = sorted(folder.glob("shard-*.json"))[0]
    for victim in (folder / cache.HEAD, shard):
        good = victim.read_bytes()
        for damage in (good[:1000], b"not a cache", cache.FORMAT + b"xx"):
            victim.write_bytes(damage)
            edit(sorted(paths.events.rglob("*.md"))[0], "Round", "Round")
            generate(paths)
            assert pages_on_disk(paths) == expected
        shard = sorted(folder.glob("shard-*.json"))[0]
    shard.unlink()
    generate(paths)
    assert pages_on_disk(paths) == expected
    assert cache.decode_head((folder / cache.HEAD).read_bytes(), "another key") is None


def test_a_change_rewrites_one_shard_of_the_cache(tmp_path):
    paths = project_with(tmp_path, 200)
    generate(paths)
    folder = paths.generated / cache.CACHE_DIR
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("shard-*.json")}
    assert len(before) == 10  # a shard a year folder
    target = sorted(paths.events.rglob("*.md"))[50]
    edit(target, "title: Round", "title: Renamed round")
    generate(paths)
    after = {p.name: p.stat().st_mtime_ns for p in folder.glob("shard-*.json")}
    assert after.keys() == before.keys()
    # Its own folder's shard, and those of events whose sections name it (their fragments
    # are rendered again): nothing else.
    events = check(paths.events).events
    event = next(e for e in events if e.path.endswith(target.name))
    named = {r.id for r in event.references()} | {
        e.id for e in events if any(r.id == event.id for r in e.references())}
    expected = {cache.shard_of(target.relative_to(paths.events).as_posix())} | {
        cache.shard_of(e.path.split("events/", 1)[1]) for e in events if e.id in named}
    assert {n for n in after if after[n] != before[n]} == expected
    assert len(expected) < len(before)


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


# --- a cache file is data from anywhere: never run, checked whole, else ignored ------------

SCRIPT = '<script>alert("from the cache")</script>'


def cache_files(paths: Paths) -> tuple[Path, Path, str]:
    """The cache's folder, its first shard and the key it was written under."""
    folder = paths.generated / cache.CACHE_DIR
    head = json.loads((folder / cache.HEAD).read_bytes()[len(cache.FORMAT):])
    return folder, folder / sorted(head["shards"])[0], head["key"]


def rewrite(path: Path, change) -> None:
    """Replace a cache file's JSON value by what `change` makes of it (it may change the
    value in place and return None, return another value, or return the file's bytes)."""
    value = json.loads(path.read_bytes()[len(cache.FORMAT):])
    new = change(value)
    if not isinstance(new, bytes):
        new = cache.FORMAT + json.dumps(value if new is None else new).encode()
    path.write_bytes(new)


def pop_from(part, index=-1):
    """A change that removes one item from a part of the file's value."""
    def change(value):
        part(value).pop(index)
    return change


def counting_reads(monkeypatch) -> list:
    """Record every event file the next runs read."""
    read: list = []
    original = load.read_event_file
    monkeypatch.setattr(load, "read_event_file", lambda *a: read.append(a) or original(*a))
    return read


def test_the_cache_is_json_and_gives_back_equal_frozen_events(tmp_path):
    paths = project_with(tmp_path)
    generate(paths)
    folder, _, key = cache_files(paths)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [cache.HEAD] + json.loads((folder / cache.HEAD).read_bytes()[len(cache.FORMAT):])["shards"])
    for path in folder.iterdir():
        raw = path.read_bytes()
        assert raw.startswith(cache.FORMAT) and raw.isascii()
        json.loads(raw[len(cache.FORMAT):])
    previous = cache.read(folder, key)
    dataset = check(paths.events)
    events = dataset.events
    assert sorted((e.event for e in previous.files.values()), key=lambda e: e.sort_key) == \
        list(events)
    for entry in previous.files.values():
        event = entry.event
        assert all(type(getattr(event, f)) is tuple for f in
                   ("parties", "mediators", "topics", "tags", "sources", "positions"))
        assert type(entry.fragments.said) is tuple and type(entry.stamp) is load.FileStamp
        assert entry.fragments == fresh_fragments(dataset, event)
    assert set(previous.pages) == set(pages_on_disk(paths))


def test_fragments_are_reused_only_for_the_event_the_cache_handed_out():
    dataset = check(Path(__file__).parent / "fixtures" / "events")
    event = dataset.events[0]
    poisoned = dataclasses.replace(fresh_fragments(dataset, event),
                                   section=SCRIPT)
    reused = all_fragments(context_for(dataset), dataset.events, {event.id: (event, poisoned)})
    assert reused[event.id][1] is poisoned  # the very object: its file did not move
    equal = dataclasses.replace(event)
    assert equal == event and equal is not event
    fresh = all_fragments(context_for(dataset), dataset.events, {event.id: (equal, poisoned)})
    assert fresh[event.id][1] == fresh_fragments(dataset, event)


def test_html_in_a_cache_from_elsewhere_never_reaches_the_pages(tmp_path):
    paths = project_with(tmp_path)
    generate(paths)
    # The project as a pull request could bring it: the same events with the same times
    # and sizes, in another checkout (new inodes and change times), and a cache whose
    # events equal them but whose fragments carry a script.
    arrived = tmp_path / "arrived"
    shutil.copytree(paths.events.parent, arrived)  # modification times kept
    other = Paths.from_project(arrived)
    folder = other.generated / cache.CACHE_DIR

    def poison(value):
        for entry in value["files"].values():
            entry[1][1] = entry[1][1].replace(str(paths.events), str(other.events))
            section, link, spoken, said = entry[2]
            entry[2] = [section + SCRIPT, link + SCRIPT, spoken + SCRIPT,
                        [s + SCRIPT for s in said]]
    for shard in folder.glob("shard-*.json"):
        rewrite(shard, poison)
    # And pages carrying it too, which the head says are as the last run left them.
    for page in other.generated.rglob("*.md"):
        page.write_text(page.read_text("utf-8") + SCRIPT, "utf-8")

    def vouch(head):
        for name, stamp in head["pages"].items():
            status = (other.generated / name).stat()
            stamp[:2] = status.st_mtime_ns, status.st_size
    rewrite(folder / cache.HEAD, vouch)
    previous = cache.read(folder, cache_files(other)[2])
    assert {e.event for e in previous.files.values()} == set(check(other.events).events)
    generate(other)
    pages = pages_on_disk(other)
    assert SCRIPT not in "".join(pages.values())
    assert pages == full_build(other, tmp_path)
    assert SCRIPT.encode() not in b"".join(p.read_bytes() for p in folder.iterdir())


class RunsCode:
    """A pickle that runs a shell command when it is unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {shlex.quote(str(self.marker))}",)


def test_a_pickle_in_the_cache_is_never_run(tmp_path, monkeypatch):
    proof = tmp_path / "the-payload-works"
    pickle.loads(pickle.dumps(RunsCode(proof)))
    assert proof.exists()  # what the cache would do if it unpickled it
    paths = project_with(tmp_path)
    generate(paths)
    expected = pages_on_disk(paths)
    folder, shard, _ = cache_files(paths)
    marker = tmp_path / "ran"
    payload = pickle.dumps(RunsCode(marker), protocol=pickle.HIGHEST_PROTOCOL)
    for name in (cache.HEAD, shard.name, "head.pickle", shard.name.replace(".json", ".pickle")):
        (folder / name).write_bytes(cache.FORMAT + payload)
    (folder / "shard-0000000000000000.pickle").write_bytes(b"timeline-cache-2\n" + payload)
    read = counting_reads(monkeypatch)
    generate(paths)
    assert not marker.exists()
    assert len(read) == 60 and pages_on_disk(paths) == expected
    rewrite(folder / cache.HEAD, lambda head: None)  # the head is ours again, a shard not
    shard.write_bytes(cache.FORMAT + payload)
    generate(paths)
    assert not marker.exists() and len(read) == 120 and pages_on_disk(paths) == expected


def truncate(value):
    return cache.FORMAT + json.dumps(value).encode()[:-40]


def first_entry(value) -> list:
    return next(iter(value["files"].values()))


def set_in_entry(where: tuple, new):
    """A change that puts `new` at an index path inside the shard's first entry."""
    def change(value):
        target = first_entry(value)
        for index in where[:-1]:
            target = target[index]
        target[where[-1]] = new
    return change


def first_stamp(value) -> list:
    return next(iter(value["pages"].values()))


def set_in_stamp(index: int, new):
    def change(value):
        first_stamp(value)[index] = new
    return change


def with_text(old: str, new: str):
    """A change of the file's JSON text itself."""
    return lambda value: cache.FORMAT + json.dumps(value).replace(old, new, 1).encode()


HEAD_DAMAGE = {
    "truncated": truncate,
    "empty": lambda value: b"",
    "only the format line": lambda value: cache.FORMAT,
    "the previous format": lambda value: b"timeline-cache-2\n" + json.dumps(value).encode(),
    "not json": lambda value: cache.FORMAT + b"{'key': 1}",
    "not utf-8": lambda value: cache.FORMAT + b'{"key": "\xff"}',
    "trailing data": lambda value: cache.FORMAT + json.dumps(value).encode() + b"[]",
    "a list at the top": lambda value: [value],
    "text at the top": lambda value: "head",
    "another key": lambda value: value.update(key="0" * 64),
    "no key": pop_from(lambda value: value, "key"),
    "key not text": lambda value: value.update(key=1),
    "no pages": pop_from(lambda value: value, "pages"),
    "an extra field": lambda value: value.update(extra=[]),
    "pages a list": lambda value: value.update(pages=list(value["pages"])),
    "shards text": lambda value: value.update(shards=value["shards"][0]),
    "shards a mapping": lambda value: value.update(shards={n: n for n in value["shards"]}),
    "shard name escapes": lambda value: value["shards"].append("../../mkdocs.yml"),
    "shard name of old": lambda value: value["shards"].append("shard-0123456789abcdef.pickle"),
    "shard name a number": lambda value: value["shards"].append(7),
    "shard named twice": lambda value: value["shards"].append(value["shards"][0]),
    "shard missing": lambda value: value["shards"].append("shard-0123456789abcdef.json"),
    "stamp too short": pop_from(first_stamp),
    "stamp too long": lambda value: first_stamp(value).append(1),
    "stamp a mapping": lambda value: value["pages"].update(
        {k: {"mtime_ns": 1} for k in value["pages"]}),
    "stamp null": lambda value: value["pages"].update({k: None for k in value["pages"]}),
    "stamp bool": set_in_stamp(1, True),
    "stamp float": set_in_stamp(0, 1.5),
    "stamp text": set_in_stamp(0, "1"),
    "stamp negative size": set_in_stamp(1, -1),
    "stamp huge": set_in_stamp(3, 10**30),
    "stamp of 5000 digits": lambda value: cache.FORMAT + json.dumps(value).replace(
        str(first_stamp(value)[0]), "9" * 5000, 1).encode(),
    "stamp NaN": lambda value: cache.FORMAT + json.dumps(value).replace(
        str(first_stamp(value)[0]), "NaN", 1).encode(),
    "stamp Infinity": lambda value: cache.FORMAT + json.dumps(value).replace(
        str(first_stamp(value)[0]), "-Infinity", 1).encode(),
    "deep nesting": lambda value: cache.FORMAT + b"[" * 200_000 + b"]" * 200_000,
}

SHARD_DAMAGE = {
    "truncated": truncate,
    "empty": lambda value: b"",
    "not utf-8": lambda value: cache.FORMAT + json.dumps(value).encode()[:-2] + b"\xc3}",
    "trailing data": lambda value: cache.FORMAT + json.dumps(value).encode() + b" x",
    "deep nesting": lambda value: cache.FORMAT + b'{"key": ' + b"[" * 200_000,
    "a list at the top": lambda value: list(value["files"].items()),
    "another key": lambda value: value.update(key="0" * 64),
    "no key": pop_from(lambda value: value, "key"),
    "an extra field": lambda value: value.update(pages={}),
    "files a list": lambda value: value.update(files=list(value["files"].values())),
    "a file of another folder": lambda value: value["files"].update(
        {"1999/" + k.split("/", 1)[1]: v for k, v in list(value["files"].items())[:1]}),
    "entry null": lambda value: value["files"].update({k: None for k in value["files"]}),
    "entry a mapping": lambda value: value["files"].update(
        {k: {"stamp": e[0], "event": e[1], "fragments": e[2]}
         for k, e in value["files"].items()}),
    "entry too short": pop_from(first_entry),
    "entry stamp bool": set_in_entry((0, 0), False),
    "entry stamp huge": set_in_entry((0, 2), -(2**70)),
    "event too short": pop_from(lambda value: first_entry(value)[1]),
    "event too long": lambda value: first_entry(value)[1].append([]),
    "event null": set_in_entry((1,), None),
    "event id a number": set_in_entry((1, 0), 5),
    "event title null": set_in_entry((1, 3), None),
    "event tags text": set_in_entry((1, 10), "tag"),
    "event party a number": set_in_entry((1, 7), [1]),
    "event party a list": set_in_entry((1, 7), [["alpha"]]),
    "event date impossible": set_in_entry((1, 2), "2025-02-30"),
    "event date no date": set_in_entry((1, 2), "soon"),
    "event date spaced": set_in_entry((1, 2), " 2025-02-03"),
    "event date a number": set_in_entry((1, 2), 2025),
    "event date null": set_in_entry((1, 2), None),
    "event date a mapping": set_in_entry((1, 2), {"text": "2025"}),
    "source published impossible": set_in_entry((1, 11, 0, 3), "2025-13"),
    "source published a number": set_in_entry((1, 11, 0, 3), 2025),
    "source too long": lambda value: first_entry(value)[1][11][0].append(""),
    "sources a mapping": set_in_entry((1, 11), {"s1": "Wire"}),
    "position cites no source": set_in_entry((1, 12, 0, 3), "s9"),
    "position speaker null": set_in_entry((1, 12, 0, 4), None),
    "position too short": pop_from(lambda value: first_entry(value)[1][12][0]),
    "fragments too short": pop_from(lambda value: first_entry(value)[2]),
    "fragments section null": set_in_entry((2, 0), None),
    "fragments said text": set_in_entry((2, 3), "said"),
    "fragments said one short": pop_from(lambda value: first_entry(value)[2][3]),
    "fragments said a number": set_in_entry((2, 3, 0), 1),
    "a pickled object's shape": with_text('"files":', '"files": {"py/object": "os.system"}, "x":'),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Paths, dict[str, str]]:
    """A project run once, with its pages: each test damages its cache, then puts it back."""
    paths = project_with(tmp_path_factory.mktemp("built"), 20)
    generate(paths)
    return paths, pages_on_disk(paths)


@pytest.mark.parametrize("damage", list(HEAD_DAMAGE.values()), ids=list(HEAD_DAMAGE))
def test_a_damaged_head_means_no_cache(built, monkeypatch, damage):
    damaged_cache_means_a_full_run(*built, monkeypatch, damage, in_head=True)


@pytest.mark.parametrize("damage", list(SHARD_DAMAGE.values()), ids=list(SHARD_DAMAGE))
def test_a_damaged_shard_means_no_cache(built, monkeypatch, damage):
    damaged_cache_means_a_full_run(*built, monkeypatch, damage, in_head=False)


def damaged_cache_means_a_full_run(paths: Paths, expected: dict[str, str], monkeypatch,
                                   damage, in_head: bool) -> None:
    folder, shard, key = cache_files(paths)
    whole = {path: path.read_bytes() for path in folder.iterdir()}
    try:
        victim = folder / cache.HEAD if in_head else shard
        rewrite(victim, lambda value: None)  # written anew but unchanged, it is still read
        assert len(cache.read(folder, key).files) == 20
        rewrite(victim, damage)
        assert cache.read(folder, key) == cache.Cache(key)  # empty, and no exception
        read = counting_reads(monkeypatch)
        generate(paths)
        assert len(read) == 20  # every file read again
        assert pages_on_disk(paths) == expected
    finally:
        for path in folder.iterdir():
            path.unlink()
        for path, data in whole.items():
            path.write_bytes(data)


def test_random_damage_never_raises(tmp_path):
    paths = project_with(tmp_path, 20)
    generate(paths)
    folder, shard, key = cache_files(paths)
    good_head, good_shard = (folder / cache.HEAD).read_bytes(), shard.read_bytes()
    head = dict(cache.decode_head(good_head, key), shards=[shard.name])
    assert cache.decode(head, {shard.name: good_shard}, key).files
    rng = random.Random(7)
    for _ in range(300):
        for good in (good_head, good_shard):
            raw = bytearray(good)
            for _ in range(rng.randint(1, 4)):
                at = rng.randrange(len(cache.FORMAT), len(raw))
                kind = rng.randrange(3)
                if kind == 0:
                    raw[at] = rng.randrange(256)
                elif kind == 1:
                    raw[at:at + rng.randint(1, 50)] = b""
                else:
                    raw[at:at] = rng.choice([b"[", b"]", b"{", b'"', b",", b"0", b"-1e9999",
                                             b"null", b"true", b"\\u0000", b"\\ud800"])
            mangled = bytes(raw)
            damaged_head = cache.decode_head(mangled, key)
            assert damaged_head is None or isinstance(damaged_head, dict)
            result = cache.decode(head, {n: mangled for n in head["shards"]}, key)
            assert isinstance(result, cache.Cache) and result.key == key


def test_incremental_equals_full_when_a_change_shows_on_another_events_page(tmp_path):
    paths = project_with(tmp_path, 120)
    generate(paths)
    dataset = check(paths.events)
    follower = next(e for e in dataset.events if e.follows and
                    e.follows[0].id[:7] != e.id[:7])  # in another month than what it follows
    target = next(e for e in dataset.events if e.id == follower.follows[0].id)
    target_file = paths.events / target.path.split("events/", 1)[1]
    follower_file = paths.events / follower.path.split("events/", 1)[1]
    # Renaming the earlier event changes the follower's section (on another month's page).
    edit(target_file, "title: Round", "title: Renamed earlier round")
    _, report = generate(paths)
    follower_page = "timeline/" + follower.id[:7] + ".md"
    assert follower_page in report.written
    assert "Renamed earlier round" in (paths.generated / follower_page).read_text("utf-8")
    assert pages_on_disk(paths) == full_build(paths, tmp_path)
    # Removing the follower takes "Followed by" off the earlier event's page.
    follower_file.unlink()
    generate(paths)
    target_page = (paths.generated / ("timeline/" + target.id[:7] + ".md")).read_text("utf-8")
    assert follower.title not in target_page
    assert pages_on_disk(paths) == full_build(paths, tmp_path)
    # A new event following it puts "Followed by" back.
    day = target.id[:10]
    (target_file.parent / f"{day}-follow-up.md").write_text(target_file.read_text("utf-8")
        .replace("---\n", f"---\nfollows: [{target.id}]\n", 1)
        .replace("title: ", "title: Follow-up of ", 1), "utf-8")
    generate(paths)
    assert "Follow-up of" in (paths.generated / ("timeline/" + target.id[:7] + ".md")).read_text(
        "utf-8")
    assert pages_on_disk(paths) == full_build(paths, tmp_path)


def test_a_reference_to_a_missing_event_is_refused_even_when_the_referrer_is_cached(tmp_path):
    paths = project_with(tmp_path, 60)
    generate(paths)
    dataset = check(paths.events)
    follower = next(e for e in dataset.events if e.follows)
    target_file = paths.events / next(
        e for e in dataset.events if e.id == follower.follows[0].id).path.split("events/", 1)[1]
    target_file.unlink()  # the follower's own file is untouched: it comes from the cache
    with pytest.raises(InputError) as raised:
        generate(paths)
    missing = follower.follows[0].id
    lines = [str(p) for p in raised.value.problems]
    assert f"{follower.path}:{follower.follows[0].line}: follows: unknown event {missing!r}" \
        in [line.split(" (did you mean")[0] for line in lines]
    assert all(f"unknown event {missing!r}" in line for line in lines)


def test_incremental_equals_full_after_editing_a_dispute_or_a_fulfilment(tmp_path):
    paths = project_with(tmp_path, 150)
    generate(paths)
    dataset = check(paths.events)
    disputer = next(e for e in dataset.events if any(
        c.disputes and c.disputes.id[:7] != e.id[:7] for c in e.claims))
    claim = next(c for c in disputer.claims if c.disputes)
    fulfiller = next(e for e in dataset.events if any(
        f.commitment.id[:7] != e.id[:7] for f in e.fulfils))
    fulfilment = next(f for f in fulfiller.fulfils if f.commitment.id[:7] != fulfiller.id[:7])

    def file_of(event):
        return paths.events / event.path.split("events/", 1)[1]

    def page_of(event_id):
        return (paths.generated / f"timeline/{event_id[:7]}.md").read_text("utf-8")

    # The disputed claim's event (another month) shows the new words of its disputer.
    edit(file_of(disputer), f"text: Claim {claim.id[1:]} about the facts.",
         "text: A reworded dispute.")
    _, report = generate(paths)
    assert f"timeline/{claim.disputes.id[:7]}.md" in report.written
    assert "A reworded dispute." in page_of(claim.disputes.id)
    assert pages_on_disk(paths) == full_build(paths, tmp_path)
    # The commitment's event shows the new status of a fulfilment recorded elsewhere.
    new_status = "broken" if fulfilment.status != "broken" else "kept"
    edit(file_of(fulfiller), f"status: {fulfilment.status}", f"status: {new_status}")
    _, report = generate(paths)
    assert f"timeline/{fulfilment.commitment.id[:7]}.md" in report.written
    assert "commitments/index.md" in report.written
    assert pages_on_disk(paths) == full_build(paths, tmp_path)
    # Removing the dispute altogether takes it off the other event's page.
    text = file_of(disputer).read_text("utf-8")
    edit(file_of(disputer), f"    disputes: {claim.disputes.id}#{claim.disputes.item}\n", "")
    assert file_of(disputer).read_text("utf-8") != text
    generate(paths)
    assert "A reworded dispute." not in page_of(claim.disputes.id) or \
        claim.disputes.id[:7] == disputer.id[:7]
    assert pages_on_disk(paths) == full_build(paths, tmp_path)
