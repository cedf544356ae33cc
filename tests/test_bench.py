"""`make bench` end to end on a tiny corpus: both sites build and every figure is reported."""

from __future__ import annotations

from pathlib import Path

from benchmarks import bench
from conftest import ROOT
from generator.build import check, outputs_of
from generator.outputs import ALL, keys_of


def test_bench_builds_both_sides_and_reports_every_figure(tmp_path):
    result = bench.bench_size(30, 1, tmp_path, browser=True)
    ours, peer = result["ours"], result["peer"]
    # The phases fit in the whole, and each side's figures are of its own build.
    assert 0 < ours["generator_s"] + ours["mkdocs_s"] <= ours["total_s"] * 1.05
    for side in (ours, peer):
        assert 0 < side["search_index_mb"] < side["site_mb"] and side["peak_mb"] > 10
    # The peer makes a page per post plus archives; we make one page per declared output
    # (partials aside), the hand-written pages and the 404 page: never one per event.
    assert peer["html_pages"] > 30
    # Sizes are compared where the record is large, by `make bench` at 1,000 and 10,000
    # events: at 30, the feeds and data files (a few per party and topic) and the pages
    # per type and tag outweigh everything the peer makes per post.
    assert result["yaml_only_s"] < ours["generator_s"]  # the floor is below what it bounds
    # One changed title rewrites its own pages and summaries, as the outputs declare them.
    incremental = result["incremental"]
    dataset = check(Path(incremental["events_dir"]))
    event = next(e for e in dataset.events if e.id == incremental["changed_event"])
    declared = outputs_of(dataset)
    own = {o.path for o in declared if o.reads & (keys_of(event) - {ALL})}
    summaries = {o.path for o in declared if ALL in o.reads}
    rewritten = set(incremental["pages_rewritten_list"])
    # An event following it, or one it follows, names its title too: their pages may change.
    thread = [other for other in dataset.events if any(r.id == event.id for r in other.follows)
              or any(r.id == other.id for r in event.follows)]
    shown_with = {o.path for o in declared for other in thread
                  if o.reads & (keys_of(other) - {ALL})}
    assert own <= rewritten <= own | summaries | shown_with
    assert incremental["pages_rewritten"] == len(rewritten) < len(declared)
    hand_written = len(list((ROOT / "docs").glob("*.md")))
    assert ours["html_pages"] == hand_written + 1 + sum(
        o.path.endswith(".md") and not o.path.startswith("partials/") for o in declared)
    # The feeds and data files: each declared one rendered, sized by kind.
    exports = result["exports"]
    assert exports["files"] == sum(o.path.startswith("search/") or
                                   not o.path.endswith((".md", ".js")) for o in declared)
    assert 0 < exports["render_s"] < ours["generator_s"]
    assert {"feeds", "calendar.ics", "data/events.json", "data/events.csv"} <= \
        set(exports["mb"]) and all(mb > 0 for mb in exports["mb"].values())
    # Our own search index is counted with Material's, and a query loads its files one by one.
    assert ours["search_files"] > 3 and ours["term_shards"] >= 1
    assert 0 < ours["largest_search_file_kb"] * 1024 < ours["search_index_mb"] * 2**20
    # The first search from loopback and from file://; the preview, from an edit on disk to
    # the page served with it; the preview's generator writes the pages of one changed
    # event at once (the one that holds its section), and the rest after.
    assert result["first_search_s"]["loopback"] > 0 and result["first_search_s"]["file"] > 0
    preview = result["preview"]
    assert len(preview["edits_s"]) == 3 and 0 < preview["edit_to_page_s"] < 60
    generation = result["preview_generation"]
    assert generation["pages_rewritten"] == 1 and generation["pages_s"] > 0 and \
        generation["exports_s"] > 0 and generation["full_generation_s"] > 0
    report = tmp_path / "BENCHMARKS.md"
    larger = dict(result, events=300)  # a size the peer was not built at
    del larger["peer"], larger["preview"]
    bench.write_report({"cores": 2, "python": "3", "results": [result, larger]}, report)
    text = report.read_text("utf-8")
    assert "| 30 | ours |" in text and "| 30 | peer |" in text and "ours/peer" in text
    assert "| 300 | ours |" in text and "| 300 | peer |" not in text
    assert "| 300 | " in bench.search_table([larger]) and " — |" in bench.search_table([larger])
    assert "2 cores" in text and "pages rewritten" in text and "feeds, data and search" in text
    assert "from 30 to 300 events our build took" in text
