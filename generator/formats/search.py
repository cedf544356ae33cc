"""The search index, built once here and loaded in pieces by the reader's browser.

Material's search worker rebuilds a lunr index from every page's text on each page load:
3.8 s at 10,000 events, and the whole 18 MB index downloaded first. This index is built
at build time, split so that a query loads only what it needs, and read by our own worker
(docs/assets/timeline-search.js), which speaks Material's search protocol, so the search
box, keyboard use, highlighting and result list stay Material's.

The generated pages carry `search: exclude` (Material indexes only the hand-written ones,
which our worker searches as they come); every generated page is a document here, and
every event a section of the page that holds it. Three kinds of file, all scripts (a
script loads from `file://`, where `fetch` does not), each calling `__tlSearch`:

- `search/index.js`: how many documents, blocks and term shards there are;
- `search/t/<n>.js`: a term shard, every term whose first two characters hash to `n`
  (FNV-1a over code points, so a query and its trailing-wildcard completions are in one
  shard), each term with its postings: document number (as a gap from the last) and a
  weight (title occurrences count ten, text ones one);
- `search/d/<n>.js`: a block of documents in page order: address, title, the text shown
  under it in the results, and the number of the page document a section belongs to.

Words are the runs of letters and digits, lower-cased (the worker splits and lower-cases
a query the same way), and an event's dates are also whole words (`2025-06-02`,
`2025-06`), so that a date finds the events of that day and not every event whose text
holds 2025, 06 and 02 apart. Text is stored as written; the worker escapes it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from generator import urls
from generator.i18n import Words
from generator.index import Index
from generator.model import Event, Registry

INDEX = "search/index"  # .js: the manifest
SHARD = "search/t/"  # + n + .js
BLOCK = "search/d/"  # + n + .js
BLOCK_SIZE = 32  # documents per block: a result list loads a few small ones
SHOWN = 200  # characters of text a result shows under its title
TITLE_WEIGHT = 10
MAX_WEIGHT = 255  # a posting's weight is kept to a byte's range
DOCS_PER_SHARD = 32  # the shard count grows with the record, to keep shards small
VERSION = 1

WORD = re.compile(r"[^\W_]+")
# Markdown's marks and a link's address: left out of what a result shows.
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKS = re.compile(r"[*_`>#]+|<[^>]*>")


def words_of(text: str) -> list[str]:
    """The words of a text as the index holds them: runs of letters and digits, lower-case."""
    return WORD.findall(text.lower())


def shard_of(term: str, shards: int) -> int:
    """The shard a term is in: FNV-1a (32 bits) over the code points of its first two
    characters, modulo the shard count (a power of two). The worker computes the same."""
    h = 0x811C9DC5
    for char in term[:2]:
        h = ((h ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return h & (shards - 1)


def plain(markdown: str) -> str:
    """A narrative as plain text: link texts without their addresses, no Markdown marks,
    paragraphs run together."""
    return " ".join(MARKS.sub("", LINK.sub(r"\1", markdown)).split())


@dataclass(frozen=True)
class Doc:
    """One document: a page (parent -1) or a section of the page `parent`."""

    location: str
    title: str
    text: str  # what a result shows
    words: tuple[str, ...] = ()  # what it is found by, besides its title and text
    parent: int = -1


def dates_of(event: Event) -> list[str]:
    """An event's first and last day (or month, or year) as whole words."""
    found = []
    for point in filter(None, (event.date.first, event.date.last)):
        day: date = point.start
        text = {"day": f"{day:%Y-%m-%d}", "month": f"{day:%Y-%m}"}.get(point.precision, "")
        if text:
            found.append(text)
    found.append(event.date.text)
    return found


def event_doc(registry: Registry, words: Words, event: Event, parent: int) -> Doc:
    """An event as a section of its page: found by its title, narrative, place, dates,
    parties, type, topics, tags, the stances and claims and commitments it records, and who
    stated them; shown with its narrative."""
    text = plain(event.narrative)
    extra = [event.location, event.date.text, words.spoken(event.date),
             registry.types[event.type].title if event.type in registry.types else event.type]
    extra += [registry.parties[p].name for p in event.everyone() if p in registry.parties]
    extra += [registry.topics[t].title for t in event.topics if t in registry.topics]
    extra += list(event.tags)
    for position in event.positions:
        extra += [position.stance, position.speaker]
    for claim in event.claims:
        extra += [claim.text, claim.speaker]
    extra += [c.text for c in event.commitments] + [f.text for f in event.fulfils]
    extra += [s.title for s in event.sources]
    return Doc(location=urls.site_path(urls.home_of(event)) + f"#{event.id}",
               title=f"{words.spoken(event.date)} · {event.title}",
               text=text[:SHOWN].rstrip() + ("…" if len(text) > SHOWN else ""),
               words=tuple(w for w in (text, *extra) if w) + tuple(dates_of(event)),
               parent=parent)


def pages_of(index: Index, words: Words, registry: Registry
             ) -> list[tuple[str, str, tuple[Event, ...]]]:
    """Every generated page: its name, its title and the events it holds as sections (the
    timeline's month pages, each event's home)."""
    pages: list[tuple[str, str, tuple[Event, ...]]] = [
        (urls.TIMELINE, words("timeline"), ()),
        (urls.POSITIONS, words("positions"), ()),
        (urls.COMMITMENTS, words("commitments"), ()),
        (urls.PARTIES, words("parties"), ()),
        (urls.TOPICS, words("topics"), ()),
        (urls.TYPES, words("types"), ()),
        (urls.OUTLETS, words("outlets"), ()),
        (urls.COMPARE, words("compare_title"), ()),
        (urls.DATA_PAGE, words("data_feeds"), ()),
    ]
    if index.by_tag:
        pages.append((urls.TAGS, words("tags"), ()))
    for year in index.years():
        pages.append((urls.year(year), str(year), index.by_year.get(year, ())))
        for month in index.months(year):
            name = words.month(year, month)
            pages.append((urls.month(year, month), name, index.by_month[(year, month)]))
            pages.append((urls.record(year, month), words("what_changed", month=name), ()))
    pages += [(urls.party(p.id), p.name, ()) for p in registry.parties.values()]
    pages += [(urls.topic(t.id), t.title, ()) for t in registry.topics.values()]
    pages += [(urls.type_page(t), registry.types[t].title if t in registry.types else t, ())
              for t in index.by_type]
    pages += [(urls.tag(t), t, ()) for t in index.by_tag]
    return sorted(pages, key=lambda page: page[0])


def documents(index: Index, words: Words, registry: Registry) -> list[Doc]:
    """Every generated page as a document, and every event as a section of the page that
    holds it, in page order (a page's sections follow it: results group by page)."""
    docs: list[Doc] = []
    for name, title, events in pages_of(index, words, registry):
        parent = len(docs)
        docs.append(Doc(location=urls.site_path(name), title=title, text=""))
        docs.extend(event_doc(registry, words, event, parent) for event in events)
    return docs


def postings(docs: list[Doc]) -> dict[str, list[tuple[int, int]]]:
    """Every term with the documents holding it and its weight in each, in document order."""
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, doc in enumerate(docs):
        weight: dict[str, int] = defaultdict(int)
        for word in words_of(doc.title):
            weight[word] += TITLE_WEIGHT
        for part in doc.words:
            for word in words_of(part):
                weight[word] += 1
            if part.count("-") and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", part):
                weight[part] += TITLE_WEIGHT  # a date, as one word
        for word, total in weight.items():
            found[word].append((number, min(total, MAX_WEIGHT)))
    return found


def shard_count(docs: int) -> int:
    """A power of two, about one shard per DOCS_PER_SHARD documents (at least one, at most
    4,096): the count follows from the record's size alone, so every file's name is known
    before any is written."""
    count = 1
    while count * DOCS_PER_SHARD < docs and count < 4096:
        count *= 2
    return count


def script(kind: str, key: int, data: object) -> bytes:
    """One file of the index: a call the worker answers. JSON is a JavaScript expression;
    the separators keep it small and `ensure_ascii` keeps U+2028 and U+2029 escaped."""
    payload = json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    return f'__tlSearch("{kind}",{key},{payload});\n'.encode("ascii")


class SearchFiles:
    """The index of one run: its files' names first (cheap), their contents when asked."""

    def __init__(self, index: Index, words: Words, registry: Registry) -> None:
        self.source = (index, words, registry)
        count = len(pages_of(index, words, registry)) + len(index.dataset.events)
        self.shards = shard_count(count)
        self.blocks = (count + BLOCK_SIZE - 1) // BLOCK_SIZE
        self.made: dict[str, bytes] = {}

    def names(self) -> list[str]:
        return [urls.path(INDEX, ".js")] + \
            [urls.path(f"{SHARD}{n}", ".js") for n in range(self.shards)] + \
            [urls.path(f"{BLOCK}{n}", ".js") for n in range(self.blocks)]

    def file(self, name: str) -> bytes:
        if not self.made:
            self.made.update(self.files())
        return self.made[name]

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Every file of the index, as (output path, content)."""
        docs, shards = documents(*self.source), self.shards
        assert (len(docs) + BLOCK_SIZE - 1) // BLOCK_SIZE == self.blocks
        by_shard: list[dict[str, list[int]]] = [{} for _ in range(shards)]
        terms = postings(docs)
        for term in sorted(terms):
            flat, last = [], 0
            for number, weight in terms[term]:
                flat += [number - last, weight]
                last = number
            by_shard[shard_of(term, shards)][term] = flat
        yield urls.path(INDEX, ".js"), script("index", 0, {
            "version": VERSION, "docs": len(docs), "blocks": self.blocks,
            "block": BLOCK_SIZE, "shards": shards})
        for number, shard in enumerate(by_shard):
            yield urls.path(f"{SHARD}{number}", ".js"), script("shard", number, shard)
        for number in range(self.blocks):
            chunk = docs[number * BLOCK_SIZE:(number + 1) * BLOCK_SIZE]
            yield urls.path(f"{BLOCK}{number}", ".js"), script(
                "block", number, [[d.location, d.title, d.text, d.parent] for d in chunk])
