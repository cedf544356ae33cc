"""The search index built at build time (generator/formats/search.py) and our search worker
(docs/assets/timeline-search.js), which Material's search box talks to.

Python reads the index files back with the json module; Chromium runs the real worker on
the built site, over loopback and from disk, and every shipped event must be found by its
ISO date, a word of its narrative, its place and a name."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from browser_support import serve_folder
from generator import build, urls
from generator.formats import search

CALL = re.compile(r'^__tlSearch\("(index|shard|block)",(\d+),(.*)\);\n$', re.S)


def read_index(site: Path) -> tuple[dict, dict[int, dict], list[list]]:
    """The manifest, the term shards and the documents of a built site's index."""
    folder = site / "generated" / "search"

    def call(path: Path) -> tuple[str, int, object]:
        kind, key, payload = CALL.match(path.read_text("ascii")).groups()
        return kind, int(key), json.loads(payload)
    _, _, manifest = call(folder / "index.js")
    shards = {n: call(folder / "t" / f"{n}.js")[2] for n in range(manifest["shards"])}
    docs: list[list] = []
    for n in range(manifest["blocks"]):
        kind, key, block = call(folder / "d" / f"{n}.js")
        assert (kind, key) == ("block", n)
        docs += block
    assert len(docs) == manifest["docs"]
    return manifest, shards, docs


def postings(shards: dict[int, dict], term: str) -> list[int]:
    """The documents holding a term exactly, from the shard it hashes to."""
    flat = shards[search.shard_of(term, len(shards))].get(term, [])
    numbers, doc = [], 0
    for gap in flat[::2]:
        doc += gap
        numbers.append(doc)
    return numbers


@pytest.fixture(scope="module")
def shipped(shipped_project: Path):
    dataset = build.check(shipped_project / "events")
    return dataset, read_index(shipped_project / "site")


def test_every_event_is_a_section_of_its_page(shipped):
    dataset, (_, _, docs) = shipped
    where = {d[0]: (i, d) for i, d in enumerate(docs)}
    for event in dataset.events:
        number, doc = where[f"{urls.site_path(urls.home_of(event))}#{event.id}"]
        assert event.title in doc[1]
        parent = docs[doc[3]]
        assert parent[3] == -1 and parent[0] == doc[0].split("#")[0]
        assert doc[3] < number  # a page comes before its sections: results group by page


def test_an_iso_date_is_one_word_that_finds_the_events_of_that_day(shipped):
    dataset, (_, shards, docs) = shipped
    for event in dataset.events:
        if event.date.first.precision != "day":
            continue
        day = event.date.first.start.isoformat()
        found = {docs[n][0].split("#")[-1] for n in postings(shards, day)}
        assert event.id in found
        same_day = {e.id for e in dataset.events if e.date.first.precision == "day" and
                    (e.date.first.start.isoformat() == day or
                     (e.date.last and e.date.last.start.isoformat() == day))}
        assert found == same_day


def test_generated_pages_are_left_to_our_index(shipped_project: Path):
    material = json.loads((shipped_project / "site/search/search_index.json").read_text())
    locations = [doc["location"] for doc in material["docs"]]
    assert locations and not [loc for loc in locations if loc.startswith("generated/")]
    page = (shipped_project / "site/generated/timeline/2025-06.html").read_text()
    config = json.loads(re.search(r'<script id="__config"[^>]*>(.*?)</script>', page, re.S)[1])
    assert config["search"] == "../../assets/timeline-search.js"
    assert "search.suggest" in config["features"]


def test_the_same_record_gives_the_same_index(tiny_project):
    project = tiny_project()
    paths = build.Paths.from_project(project)
    files = []
    for _ in range(2):
        build.generate(paths, use_cache=False)
        folder = paths.generated / "search"
        files.append({p.relative_to(folder): p.read_bytes() for p in folder.rglob("*.js")})
    assert files[0] == files[1] and len(files[0]) >= 3


def test_shard_count_grows_with_the_record():
    assert search.shard_count(1) == 1
    assert search.shard_count(10_000) == 512
    assert search.shard_count(100_000) == 4096
    assert all(search.shard_of(term, 64) < 64 for term in ("a", "переговори", "2025-06-02"))


# In Chromium: the real worker, sent the messages Material sends.
ASK = """async ([worker, queries]) => {
  const w = new Worker(worker);
  const next = () => new Promise(ok => w.onmessage = e => ok(e.data));
  w.postMessage({type: 0, data: {config: {}, docs: [], options: {suggest: true}}});
  if ((await next()).type !== 1) throw new Error("no READY");
  const answers = [];
  for (const q of queries) {
    w.postMessage({type: 2, data: q});
    const r = await next();
    answers.push(r.data.items.flat().map(d => d.location));
  }
  w.terminate();
  return answers;
}"""


def rare_word(event, counts: Counter) -> str:
    """The narrative's word that fewest events hold."""
    words = set(search.words_of(search.plain(event.narrative)))
    return min(sorted(w for w in words if len(w) > 3), key=lambda w: counts[w])


def test_the_worker_finds_every_event_by_date_word_place_and_name(page, shipped,
                                                                  shipped_project):
    dataset, _ = shipped
    counts = Counter(w for e in dataset.events
                     for w in set(search.words_of(search.plain(e.narrative))))
    names = Counter(p for e in dataset.events for p in e.everyone())
    server, url = serve_folder(shipped_project / "site")
    try:
        page.goto(url + "index.html")
        queries, expected = [], []
        for event in dataset.events:
            party = min(event.everyone(), key=lambda p: names[p])
            asked = [event.date.text, rare_word(event, counts),
                     dataset.registry.parties[party].name]
            if event.location:
                asked.append(event.location)
            queries += asked
            expected += [f"{urls.site_path(urls.home_of(event))}#{event.id}"] * \
                len(asked)
        answers = page.evaluate(ASK, [url + "assets/timeline-search.js", queries])
    finally:
        server.shutdown()
    missed = [(q, e) for q, e, found in zip(queries, expected, answers, strict=True)
              if e not in found]
    assert not missed
    assert not page.outside


def test_results_are_escaped_and_marked(page, tiny_project):
    from conftest import event_text
    from generator.cli import main

    project = tiny_project({"2025/2025-06-02-x.md": event_text(
        date="2025-06-02", title='"<img src=x onerror=alert(1)> Zebra"')})
    assert main(["build", "--project", str(project), "--no-bundle"]) == 0
    server, url = serve_folder(project / "site")
    try:
        page.goto(url + "index.html")
        html = page.evaluate("""async (worker) => {
          const w = new Worker(worker);
          const next = () => new Promise(ok => w.onmessage = e => ok(e.data));
          w.postMessage({type: 0, data: {config: {}, docs: [], options: {}}});
          await next();
          w.postMessage({type: 2, data: "zeb"});
          return (await next()).data.items.flat().map(d => d.title);
        }""", url + "assets/timeline-search.js")
    finally:
        server.shutdown()
    title = next(t for t in html if "Zebra" in t)
    assert "<img" not in title and "&lt;img" in title and "<mark>Zebra</mark>" in title


def test_a_single_letter_is_a_whole_word_and_the_newest_query_is_answered_last(
        page, shipped_project):
    server, url = serve_folder(shipped_project / "site")
    try:
        page.goto(url + "index.html")
        answers = page.evaluate("""async (worker) => {
          const w = new Worker(worker), got = [];
          let ready;
          const started = new Promise(ok => { ready = ok; });
          w.onmessage = e => e.data.type === 1 ? ready()
            : got.push(e.data.data.items.flat().map(d => d.location));
          w.postMessage({type: 0, data: {config: {}, docs: [], options: {}}});
          await started;
          const alone = new Promise(ok => { w.onmessage = e => ok(e.data.data.items); });
          w.postMessage({type: 2, data: "b"});
          const letter = (await alone).flat().map(d => d.title);
          w.onmessage = e => got.push(e.data.data.items.flat().map(d => d.location));
          for (const q of ["b", "bü", "bürg", "bürgenstock"]) w.postMessage({type: 2, data: q});
          for (let i = 0; i < 100 && !(got.length && got[got.length - 1].some(
              l => l.includes("#2024-06-15-burgenstock-summit"))); i++) {
            await new Promise(ok => setTimeout(ok, 50));
          }
          await new Promise(ok => setTimeout(ok, 300));  // nothing may come after it
          return {letter, got};
        }""", url + "assets/timeline-search.js")
    finally:
        server.shutdown()
    # "b" alone matches no word that merely begins with b (Belarus, Black Sea, Bürgenstock).
    assert not [t for t in answers["letter"] if re.search(r"<mark>b\w", t, re.I)]
    # Answers come in the order asked, the newest last: the event of the whole word first.
    assert answers["got"][-1][0].endswith("#2024-06-15-burgenstock-summit")
