"""`make bench`: our build against Material's blog plugin on the same synthetic events.

For each size (1,000, 10,000 and 100,000 events; the peer up to 10,000), both sites are
built in alternation for several rounds, each build in its own process (so peak memory is
that build's own); then the first search result is timed in Chromium from loopback and
from file://, and the live preview from an edit on disk to the page served with it. The
figures go to a table, a JSON file and BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
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
    """Pages, total size and search index size of a built site: Material's index, and ours
    (generated/search/, whose files a query loads a few at a time) where there is one."""
    files = [p for p in site.rglob("*") if p.is_file()]
    index = site / "search" / "search_index.json"
    ours = [p for p in (site / "generated" / "search").rglob("*.js")]
    shards = [p.stat().st_size for p in ours if p.parent.name == "t"]
    return {"html_pages": sum(p.suffix == ".html" for p in files),
            "site_mb": sum(p.stat().st_size for p in files) / 2**20,
            "search_index_mb": (index.stat().st_size if index.exists() else 0) / 2**20
            + sum(p.stat().st_size for p in ours) / 2**20,
            "search_files": len(ours) + index.exists(),
            "largest_search_file_kb": max([p.stat().st_size for p in ours] + [0]) / 1024,
            "term_shards": len(shards)}


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
        kind = path.split("/")[0] if path.startswith(("feeds/", "search/")) else path
        kinds[kind] = kinds.get(kind, 0) + len(content)
    return {"render_s": seconds, "files": len(rendered),
            "mb": {kind: size / 2**20 for kind, size in sorted(kinds.items())}}


def first_search_seconds(url: str, rounds: int = 3) -> float:
    """Seconds from the start of page load to the first search result, in headless
    Chromium, each round in a fresh browser context (nothing cached): the median."""
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright

    from browser_support import ARGS, CHROMIUM, time_to_first_result

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for _ in range(rounds):
            context = browser.new_context()
            times.append(time_to_first_result(context.new_page(), url, "Geneva", ""))
            context.close()
        browser.close()
    return statistics.median(times)


def first_search(project: Path) -> dict:
    """The first search result from loopback (the website on a static server) and from
    file:// (the offline variant, built here as the bundle is, unzipped)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import serve_folder
    from generator import build as pipeline, mkdocs_site as site

    server, url = serve_folder(project / "site")
    try:
        loopback = first_search_seconds(url)
    finally:
        server.shutdown()
    offline = project / "offline"
    dataset = pipeline.check(project / "events")
    site.run_mkdocs(project / "mkdocs.yml", offline, offline=True,
                    epoch=pipeline.build_epoch(dataset))
    from_disk = first_search_seconds((offline / "index.html").as_uri())
    shutil.rmtree(offline)
    return {"loopback": loopback, "file": from_disk}


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def preview_seconds(project: Path, edits: int = 3) -> dict:
    """`timeline serve` on the project: once it answers, change one event's title, and
    time until the page that shows the event is served with the new title (what the
    browser's live reload then loads). The median of a few edits, each of another event."""
    import urllib.request

    from generator import urls
    from generator.build import check

    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT),
                                       NO_MKDOCS_2_WARNING="1"))

    def fetch(path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as got:
                return got.read().decode("utf-8")
        except OSError:
            return ""

    def wait_for(path: str, text: str, limit: float) -> float:
        began = time.perf_counter()
        while text not in fetch(path):
            if server.poll() is not None:
                raise SystemExit(f"timeline serve stopped:\n{server.stderr.read()[-2000:]}")
            if time.perf_counter() - began > limit:
                raise SystemExit(f"the preview did not show {text!r} at {path} in {limit} s")
            time.sleep(0.02)
        return time.perf_counter() - began

    try:
        dataset = check(project / "events")
        events = sorted(dataset.events, key=lambda e: e.id)
        wait_for("", "</html>", 1800)
        ready = time.perf_counter() - started
        time.sleep(2)  # let the first build's watchers settle
        times = []
        for n in range(edits):
            event = events[(n + 1) * len(events) // (edits + 1)]
            page = urls.site_path(urls.home_of(event))
            wait_for(page, event.title, 60)
            source = next((project / "events").rglob(f"{event.id}.md"))
            new_title = f"Edited {n} {event.title}"
            text = source.read_text("utf-8")
            start = time.perf_counter()
            source.write_text(text.replace(f"title: {event.title}", f"title: {new_title}", 1),
                              "utf-8")
            times.append(time.perf_counter() - start + wait_for(page, new_title, 600))
            # Then the rest that shows it (its party pages, the data files) before the next edit:
            # an edit made while MkDocs still builds those waits for it.
            party = urls.site_path(urls.party(event.parties[0]))
            wait_for(party, new_title, 900)
            wait_for("generated/data/events.csv", new_title, 900)
            time.sleep(3)
    finally:
        server.terminate()
        server.wait(30)
    return {"edit_to_page_s": statistics.median(times), "edits_s": times, "ready_s": ready}


def preview_regeneration(project: Path) -> dict:
    """What the preview's generator does after a one-event change, in the process that
    keeps the record in memory: its seconds against a full generation without cache."""
    from generator import build as pipeline

    paths = pipeline.Paths.from_project(project)
    shutil.rmtree(paths.generated, ignore_errors=True)
    started = time.perf_counter()
    pipeline.generate(paths, use_cache=False)
    full = time.perf_counter() - started
    preview = pipeline.Preview(paths)
    preview.update()
    files = sorted((project / "events").rglob("*.md"))
    event = files[len(files) // 3]
    event.write_text(re.sub(r"(?m)^title: ", "title: Previewed ", event.read_text("utf-8"),
                            count=1),
                     "utf-8")
    started = time.perf_counter()
    report = preview.update()
    pages = time.perf_counter() - started
    started = time.perf_counter()
    preview.finish()
    rest = time.perf_counter() - started
    return {"full_generation_s": full, "pages_s": pages, "exports_s": rest,
            "pages_rewritten": len(report.written)}


def bench_size(count: int, rounds: int, scratch: Path, browser: bool, peer: bool = True,
               preview: bool = True) -> dict:
    """Build both sites `rounds` times in alternation and gather the figures (ours alone
    when `peer` is off: the blog plugin takes ten minutes a build at 10,000 events)."""
    files = corpus(count)
    ours = make_ours(scratch / f"ours-{count}", files)
    peer_site = make_peer(scratch / f"peer-{count}", files) if peer else None
    runs = {"ours": [], "peer": []}
    for _ in range(rounds):
        shutil.rmtree(ours / "docs" / "generated", ignore_errors=True)
        seconds, peak, out = run_measured([sys.executable, "-m", "benchmarks.run_ours",
                                           str(ours)], ROOT)
        runs["ours"].append(dict(json.loads(out), total_s=seconds, peak_mb=peak))
        if peer_site:
            seconds, peak, _ = run_measured([sys.executable, "-m", "mkdocs", "build", "-q",
                                             "-f", str(peer_site / "mkdocs.yml")], peer_site)
            runs["peer"].append({"total_s": seconds, "peak_mb": peak})
    result = {"events": count, "rounds": rounds, "yaml_only_s": yaml_only_seconds(ours / "events")}
    for side in ("ours", "peer") if peer_site else ("ours",):
        median = {key: statistics.median(r[key] for r in runs[side]) for key in runs[side][0]}
        result[side] = dict(median, **site_figures((ours if side == "ours" else peer_site)
                                                   / "site"))
    if peer_site:
        shutil.rmtree(peer_site)
    result["exports"] = export_figures(ours)
    result["incremental"] = incremental(ours)
    if browser:
        result["first_search_s"] = first_search(ours)
    result["preview_generation"] = preview_regeneration(ours)
    if preview:
        result["preview"] = preview_seconds(ours)
    return result


def table(results: list[dict]) -> str:
    """The figures as a Markdown table, with the ratios ours/peer where the peer ran."""
    rows = ["| events | side | generator s | MkDocs s | total s | peak MB | HTML pages | "
            "site MB | search index MB |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        for side in ("ours", "peer") if "peer" in r else ("ours",):
            s = r[side]
            generator = f"{s['generator_s']:.2f}" if "generator_s" in s else "—"
            rows.append(f"| {r['events']:,} | {side} | {generator} | "
                        f"{s.get('mkdocs_s', s['total_s']):.2f} | {s['total_s']:.2f} | "
                        f"{s['peak_mb']} | {s['html_pages']:,} | {s['site_mb']:.1f} | "
                        f"{s['search_index_mb']:.1f} |")
        if "peer" in r:
            o, p = r["ours"], r["peer"]
            rows.append(f"| {r['events']:,} | ours/peer | | | "
                        f"{o['total_s'] / p['total_s']:.2f} | "
                        f"{o['peak_mb'] / max(p['peak_mb'], 1):.2f} | | "
                        f"{o['site_mb'] / p['site_mb']:.2f} | |")
    return "\n".join(rows)


def search_table(results: list[dict]) -> str:
    """First search result and the preview, a row per size."""
    rows = ["| events | first result, loopback s | first result, file:// s | search files | "
            "largest file KB | preview: edit to page s | preview: the event's page s | "
            "preview: the rest s | full generation s |",
            "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        first, ours, gen = r.get("first_search_s", {}), r["ours"], r["preview_generation"]
        edit = r.get("preview", {}).get("edit_to_page_s")
        rows.append(f"| {r['events']:,} | {first.get('loopback', float('nan')):.2f} | "
                    f"{first.get('file', float('nan')):.2f} | {ours['search_files']:,} | "
                    f"{ours['largest_search_file_kb']:.0f} | "
                    + (f"{edit:.2f}" if edit is not None else "—") +
                    f" | {gen['pages_s']:.2f} | {gen['exports_s']:.2f} | "
                    f"{gen['full_generation_s']:.2f} |")
    return "\n".join(rows)


def summary_lines(results: list[dict]) -> list[str]:
    """One line a size (the floor, incremental regeneration), then exports, then growth."""
    lines = []
    for r in results:
        inc, ours, gen = r["incremental"], r["ours"], r["preview_generation"]
        lines.append(
            f"{r['events']:,} events ({r['rounds']} round(s)): generator "
            f"{ours['generator_s']:.2f} s against {r['yaml_only_s']:.2f} s to read and parse the "
            f"YAML alone ({ours['generator_s'] / r['yaml_only_s']:.1f}x); after one changed "
            f"event, {inc['pages_rewritten']} pages rewritten in {inc['after_one_change_s']:.2f} s"
            f" by a new process against {inc['full_generation_s']:.2f} s for a full generation "
            f"without cache ({inc['after_one_change_s'] / inc['full_generation_s']:.2f}); in "
            f"the preview's process, the page that holds the event in {gen['pages_s']:.2f} s "
            f"({gen['pages_s'] / gen['full_generation_s']:.3f} of a full generation) and the "
            f"rest that shows it {gen['exports_s']:.2f} s later")
    for r in results:
        exports, ours = r["exports"], r["ours"]
        sizes = ", ".join(f"{kind} {mb:.2f} MB" for kind, mb in exports["mb"].items())
        lines.append(f"{r['events']:,} events: {exports['files']} feeds, data and search files "
                     f"rendered in {exports['render_s']:.2f} s (within the generator's "
                     f"{ours['generator_s']:.2f} s): {sizes}")
    for small, large in itertools.pairwise(results):
        peer = (f", the peer's {large['peer']['total_s'] / small['peer']['total_s']:.1f}x"
                if "peer" in small and "peer" in large else "")
        lines.append(f"from {small['events']:,} to {large['events']:,} events our build took "
                     f"{large['ours']['total_s'] / small['ours']['total_s']:.1f}x as long and "
                     f"{large['ours']['peak_mb'] / max(small['ours']['peak_mb'], 1):.1f}x the "
                     f"memory{peer}")
    return lines


def write_report(summary: dict, path: Path) -> None:
    """Write the figures of a run as BENCHMARKS.md."""
    results = summary["results"]
    text = (["# Benchmarks", "",
            f"The last run of `make bench`: {summary['cores']} cores, Python {summary['python']}, "
            "medians of the rounds given below. Ours is `timeline` generating the pages "
            "and building the website; the peer is Material's blog plugin with one post per "
            "event (archive, categories, tags), on the same synthetic events.", "",
            table(results), "", "Search (the median of three page loads, each with nothing "
            "cached, typing a place name held by one event in eight) and the live preview "
            "(`timeline serve`: an event's title changed on disk until its month page is served "
            "with it, each edit once the one before has reached every page; the generator's "
            "share after a one-event change, in the preview's own process, against a full "
            "generation):", "", search_table(results), ""]
            + [f"- {line}" for line in summary_lines(results)] + [
            "", "What these figures mean against the targets of the scale issue, and why the "
            "ones missed are out of reach with MkDocs and Material as they are: "
            "docs/manual/performance.md."])
    path.write_text("\n".join(text) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--large-rounds", type=int, default=1,
                        help="rounds above 1,000 events (the peer takes minutes a build)")
    parser.add_argument("--peer-max", type=int, default=10000,
                        help="the largest size the peer is built at (ten minutes at 10,000)")
    parser.add_argument("--preview-max", type=int, default=10000,
                        help="the largest size the live preview is timed at")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--json", type=Path, default=ROOT / "bench-results" / "bench.json")
    parser.add_argument("--report", type=Path, default=ROOT / "BENCHMARKS.md")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as scratch:
        results = [bench_size(n, options.rounds if n <= 1000 else options.large_rounds,
                              Path(scratch), not options.no_browser, n <= options.peer_max,
                              n <= options.preview_max) for n in options.sizes]
    options.json.parent.mkdir(parents=True, exist_ok=True)
    summary = {"cores": os.cpu_count(), "python": platform.python_version(), "results": results}
    options.json.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    write_report(summary, options.report)
    print(table(results))
    print(search_table(results))
    print("\n".join(summary_lines(results)))
    print(f"figures: {options.json} and {options.report}")


if __name__ == "__main__":
    main()
