"""`make bench`: our build against Material's blog plugin on the same synthetic events.

For each size, both sites are built in alternation for several rounds, each build in its
own process (so peak memory is that build's own), and the figures go to a table, a JSON
file and BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.corpus import corpus

ROOT = Path(__file__).resolve().parent.parent
PEER_CONFIG = """site_name: Peer timeline
theme:
  name: material
  font: false
plugins:
  - search
  - blog:
      archive: true
      categories: true
  - tags
"""


# Runs one command and reports its own peak memory: RUSAGE_CHILDREN of a fresh wrapper
# process covers exactly that one child.
WRAPPER = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
           "sys.exit(code)")


def run_measured(command: list[str], cwd: Path) -> tuple[float, int, str]:
    """Run a command; return wall seconds, its own peak memory in MB, and its output."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, *command], cwd=cwd,
                          capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1"))
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kb // 1024, done.stdout


def make_ours(folder: Path, files: dict[str, str]) -> Path:
    """A project of ours: the real mkdocs.yml and hand-written pages, the synthetic events."""
    shutil.copytree(ROOT / "docs", folder / "docs", ignore=shutil.ignore_patterns("generated"))
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    for relative, text in files.items():
        path = folder / "events" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def blog_post(text: str, names: dict[str, str], titles: dict[str, str]) -> str:
    """The same event as a Material blog post: categories for topics, tags for parties."""
    _, front, body = text.split("---\n", 2)
    event = yaml.load(front, Loader=yaml.CSafeLoader)
    positions = "\n".join(f"- **{names[p['party']]}** on {titles[p['topic']]}: {p['stance']}"
                          for p in event.get("positions", []))
    meta = {"date": event["date"], "categories": [titles[t] for t in event["topics"]],
            "tags": [names[p] for p in event["parties"]]}
    return (f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\n\n# {event['title']}\n\n"
            f"{event['location']} · {event['type']}\n\n{body}\n**Positions**\n\n{positions}\n\n"
            f"Source: {event['sources'][0]['outlet']}\n")


def make_peer(folder: Path, files: dict[str, str]) -> Path:
    """The peer: one Material blog post per event, archive, categories and tags on."""
    names = {k: v["name"] for k, v in yaml.safe_load(files["parties.yml"]).items()}
    titles = {k: v["title"] for k, v in yaml.safe_load(files["topics.yml"]).items()}
    posts = folder / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(PEER_CONFIG, encoding="utf-8")
    (folder / "docs" / "index.md").write_text("# Peer timeline\n", encoding="utf-8")
    (folder / "docs" / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    for relative, text in files.items():
        if relative.endswith(".md"):
            (posts / Path(relative).name).write_text(blog_post(text, names, titles), "utf-8")
    return folder


def site_figures(site: Path) -> dict:
    """Pages, total size and search index size of a built site."""
    files = [p for p in site.rglob("*") if p.is_file()]
    index = site / "search" / "search_index.json"
    return {"html_pages": sum(p.suffix == ".html" for p in files),
            "site_mb": sum(p.stat().st_size for p in files) / 2**20,
            "search_index_mb": index.stat().st_size / 2**20 if index.exists() else 0}


def yaml_only_seconds(events: Path) -> float:
    """The floor: read every event file and parse its front matter with PyYAML's C loader,
    nothing else (the generator's own figure also starts from the files on disk)."""
    paths = sorted(events.rglob("*.md"))
    started = time.perf_counter()
    for path in paths:
        yaml.load(path.read_text("utf-8").split("---\n", 2)[1], Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def incremental(project: Path) -> dict:
    """Time a full generation without cache, then change one event's title and time the
    regeneration that the cache of the previous run makes incremental."""
    from generator import build as pipeline

    paths = pipeline.Paths.from_project(project)
    events = sorted((project / "events").rglob("*.md"))
    settled = time.time_ns() - 60 * 10**9  # files edited a minute ago, not just now
    for path in events:
        os.utime(path, ns=(settled, settled))
    shutil.rmtree(paths.generated, ignore_errors=True)
    started = time.perf_counter()
    pipeline.generate(paths, use_cache=False)
    full = time.perf_counter() - started
    pipeline.generate(paths)  # the run before the edit, which leaves its cache
    event = events[len(events) // 2]
    event.write_text(event.read_text("utf-8").replace("title: Round", "title: Revised round", 1),
                     "utf-8")
    started = time.perf_counter()
    _, report = pipeline.generate(paths)
    return {"full_generation_s": full, "after_one_change_s": time.perf_counter() - started,
            "pages_rewritten": len(report.written), "pages_rewritten_list": report.written,
            "changed_event": event.stem, "events_dir": str(project / "events")}


def export_figures(project: Path) -> dict:
    """What the feeds and data files cost: the seconds to render them (the record already
    loaded and indexed, as in a build), and the size of each kind on disk."""
    from generator import formats
    from generator.build import check
    from generator.config import read_settings
    from generator.i18n import catalogue
    from generator.index import build_index

    dataset = check(project / "events")
    index = build_index(dataset)
    settings = read_settings(project)
    started = time.perf_counter()
    rendered = {o.path: o.render() for o in formats.declare(index, catalogue("en"), settings)}
    seconds = time.perf_counter() - started
    kinds: dict[str, int] = {}
    for path, content in rendered.items():
        kind = path.split("/")[0] if path.startswith("feeds/") else path
        kinds[kind] = kinds.get(kind, 0) + len(content)
    return {"render_s": seconds, "files": len(rendered),
            "mb": {kind: size / 2**20 for kind, size in sorted(kinds.items())}}


def first_search_seconds(site: Path) -> float:
    """Seconds from page load to the first search result, in headless Chromium."""
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright

    from browser_support import ARGS, CHROMIUM, serve_folder, time_to_first_result

    server, url = serve_folder(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page()
            seconds = time_to_first_result(page, url, "Geneva", "")
            browser.close()
    finally:
        server.shutdown()
    return seconds


def bench_size(count: int, rounds: int, scratch: Path, browser: bool) -> dict:
    """Build both sites `rounds` times in alternation and gather the figures."""
    files = corpus(count)
    ours = make_ours(scratch / f"ours-{count}", files)
    peer = make_peer(scratch / f"peer-{count}", files)
    runs = {"ours": [], "peer": []}
    for _ in range(rounds):
        shutil.rmtree(ours / "docs" / "generated", ignore_errors=True)
        seconds, peak, out = run_measured([sys.executable, "-m", "benchmarks.run_ours",
                                           str(ours)], ROOT)
        runs["ours"].append(dict(json.loads(out), total_s=seconds, peak_mb=peak))
        seconds, peak, _ = run_measured([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                                         str(peer / "mkdocs.yml")], peer)
        runs["peer"].append({"total_s": seconds, "peak_mb": peak})
    result = {"events": count, "rounds": rounds, "yaml_only_s": yaml_only_seconds(ours / "events")}
    for side in ("ours", "peer"):
        median = {key: statistics.median(r[key] for r in runs[side]) for key in runs[side][0]}
        result[side] = dict(median, **site_figures((ours if side == "ours" else peer) / "site"))
    result["incremental"] = incremental(ours)
    result["exports"] = export_figures(ours)
    if browser:
        result["first_search_s"] = first_search_seconds(ours / "site")
    return result


def table(results: list[dict]) -> str:
    """The figures as a Markdown table, with the ratios ours/peer."""
    rows = ["| events | side | generator s | MkDocs s | total s | peak MB | HTML pages | "
            "site MB | search index MB |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        for side in ("ours", "peer"):
            s = r[side]
            generator = f"{s['generator_s']:.2f}" if "generator_s" in s else "—"
            rows.append(f"| {r['events']:,} | {side} | {generator} | "
                        f"{s.get('mkdocs_s', s['total_s']):.2f} | {s['total_s']:.2f} | "
                        f"{s['peak_mb']} | {s['html_pages']:,} | {s['site_mb']:.1f} | "
                        f"{s['search_index_mb']:.1f} |")
        o, p = r["ours"], r["peer"]
        rows.append(f"| {r['events']:,} | ours/peer | | | {o['total_s'] / p['total_s']:.2f} | "
                    f"{o['peak_mb'] / max(p['peak_mb'], 1):.2f} | | "
                    f"{o['site_mb'] / p['site_mb']:.2f} | |")
    return "\n".join(rows)


def summary_lines(results: list[dict]) -> list[str]:
    """One line a size (the floor, incremental regeneration, first search), then growth."""
    lines = []
    for r in results:
        inc, ours = r["incremental"], r["ours"]
        lines.append(
            f"{r['events']:,} events ({r['rounds']} round(s)): generator "
            f"{ours['generator_s']:.2f} s against {r['yaml_only_s']:.2f} s to read and parse the "
            f"YAML alone ({ours['generator_s'] / r['yaml_only_s']:.1f}x); after one changed "
            f"event, {inc['pages_rewritten']} pages rewritten in {inc['after_one_change_s']:.2f} s"
            f" against {inc['full_generation_s']:.2f} s for a full generation without cache "
            f"({inc['after_one_change_s'] / inc['full_generation_s']:.2f})"
            + (f"; first search result {r['first_search_s']:.2f} s after load"
               if "first_search_s" in r else ""))
    for r in results:
        exports, ours = r["exports"], r["ours"]
        sizes = ", ".join(f"{kind} {mb:.2f} MB" for kind, mb in exports["mb"].items())
        lines.append(f"{r['events']:,} events: {exports['files']} feeds and data files "
                     f"rendered in {exports['render_s']:.2f} s (within the generator's "
                     f"{ours['generator_s']:.2f} s): {sizes}")
    for small, large in itertools.pairwise(results):
        lines.append(f"from {small['events']:,} to {large['events']:,} events our build took "
                     f"{large['ours']['total_s'] / small['ours']['total_s']:.1f}x as long, "
                     f"the peer's {large['peer']['total_s'] / small['peer']['total_s']:.1f}x")
    return lines


def write_report(summary: dict, path: Path) -> None:
    """Write the figures of a run as BENCHMARKS.md."""
    results = summary["results"]
    text = ["# Benchmarks", "",
            f"The last run of `make bench`: {summary['cores']} cores, Python {summary['python']}, "
            "medians of the rounds given below. Ours is `timeline` generating the pages "
            "and building the website; the peer is Material's blog plugin with one post per "
            "event (archive, categories, tags), on the same synthetic events.", "",
            table(results), ""] + [f"- {line}" for line in summary_lines(results)] + [
            "", "What these figures mean against the targets of the scale issue, and why the "
            "ones missed are out of reach with MkDocs and Material as they are: "
            "docs/manual/performance.md."]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--large-rounds", type=int, default=1,
                        help="rounds above 1,000 events (the peer takes minutes a build)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--json", type=Path, default=ROOT / "bench-results" / "bench.json")
    parser.add_argument("--report", type=Path, default=ROOT / "BENCHMARKS.md")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as scratch:
        results = [bench_size(n, options.rounds if n <= 1000 else options.large_rounds,
                              Path(scratch), not options.no_browser) for n in options.sizes]
    options.json.parent.mkdir(parents=True, exist_ok=True)
    summary = {"cores": os.cpu_count(), "python": platform.python_version(), "results": results}
    options.json.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    write_report(summary, options.report)
    print(table(results))
    print("\n".join(summary_lines(results)))
    print(f"figures: {options.json} and {options.report}")


if __name__ == "__main__":
    main()
