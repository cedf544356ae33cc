"""`make bench` end to end on a tiny corpus: both sites build and every figure is reported."""

from __future__ import annotations

from benchmarks import bench


def test_bench_builds_both_sides_and_reports_every_figure(tmp_path):
    result = bench.bench_size(30, 1, tmp_path, browser=False)
    ours, peer = result["ours"], result["peer"]
    for side in (ours, peer):
        assert side["total_s"] > 0 and side["peak_mb"] > 0 and side["site_mb"] > 0
        assert side["search_index_mb"] > 0
    assert ours["generator_s"] > 0 and ours["mkdocs_s"] > 0
    assert peer["html_pages"] > 30  # a page per post, plus archive, category and tag pages
    assert ours["html_pages"] > 0
    assert result["yaml_only_s"] > 0
    incremental = result["incremental"]
    assert 0 < incremental["pages_rewritten"] <= 9
    assert any(p.startswith("timeline/") for p in incremental["pages_rewritten_list"])
    report = tmp_path / "BENCHMARKS.md"
    bench.write_report({"cores": 2, "python": "3", "results": [result]}, report)
    text = report.read_text("utf-8")
    assert "| 30 | ours |" in text and "| 30 | peer |" in text and "ours/peer" in text
    assert "2 cores" in text and "pages rewritten" in text
