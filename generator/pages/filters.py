"""Filters you can share, on the timeline page: narrow the record by party, topic, type,
tag and dates, kept in the page's address so that a filtered view can be sent on.

The address: `?party=russia&party=ukraine&topic=ceasefire&type=talks&tag=istanbul-process
&from=2025-05&to=2025-07`. A key given several times (or with values separated by commas)
matches any of its values; different keys must all match. `from` and `to` take a year, a
month or a day (`2025`, `2025-05`, `2025-05-16`): from the first day of the one to the last
day of the other, and an event matches when its dates meet that span. The matching
events are listed newest first (by the day each began), a hundred at a time.

The page carries the form (hidden: only the script shows it); the record it narrows is a
script beside the page (`filter-data.js`, a script rather than JSON fetched, so that it
loads from file:// too) that sets one global, `TIMELINE_FILTER`. Every text in it is a
JSON string, which the page's script puts in the page as text, never as markup. It stays
compact at 10,000 events: an event is an array, its type, parties, topics, tags and page
indexes into lists given once.
"""

from __future__ import annotations

import json

from babel import Locale

from generator import urls
from generator.model import Event
from generator.pages.site import Site

# The keys of the address, in the order the form writes them; each names a list of
# choices. `from` and `to` follow them.
KEYS = ("party", "topic", "type", "tag")
FORMS = ("zero", "one", "two", "few", "many")  # CLDR's plural categories besides "other"


def choices(site: Site) -> dict[str, list[tuple[str, str]]]:
    """What the record can be narrowed to, as (value, label): the parties (with mediators
    and hosts) in the registry's order, the topics in their display order, the types in
    the registry's order, each only with events; and the tags that occur, sorted."""
    events = site.index.dataset.events
    named = {p for e in events for p in e.everyone()}
    topics = {t for e in events for t in e.topics}
    types = {e.type for e in events}
    registry = site.registry
    return {
        "party": [(p, party.name) for p, party in registry.parties.items() if p in named],
        "topic": [(t.id, t.title) for t in registry.topics_in_order() if t.id in topics],
        "type": [(t, kind.title) for t, kind in registry.types.items() if t in types],
        "tag": [(tag, tag) for tag in sorted({tag for e in events for tag in e.tags})],
    }


def filter_form(site: Site) -> dict | None:
    """What the timeline page's template needs for the form; None without events."""
    if not site.index.dataset.events:
        return None
    words = site.words
    labels = {"party": words("parties_label"), "topic": words("topics_label"),
              "type": words("filter_types"), "tag": words("tags_label")}
    return {"data": urls.file_link(urls.FILTER_DATA, ".js"),
            "groups": [{"name": key, "label": labels[key], "choices": found}
                       for key, found in choices(site).items() if found]}


def count_sentences(site: Site) -> tuple[list[str], str]:
    """The sentence saying how many events match, for each plural form of the count that
    the catalogue words differently ("{count} of 65 events", the total said in its own
    plural form), "other" first; and which form each count takes, a digit per count from
    0 to the number of events (its index in the list; the string ends where only "other"
    is left). Babel picks each count's form, as for every count the pages say."""
    words = site.words
    total = len(site.index.dataset.events)
    events = words.count("event", total)
    sentences = [words("filter_count_other", count="{count}", events=events)]
    numbers = {"other": 0}
    for form in FORMS:
        key = f"filter_count_{form}"
        if key in words.words:
            numbers[form] = len(sentences)
            sentences.append(words(key, count="{count}", events=events))
    if len(sentences) == 1:
        return sentences, ""
    rule = Locale.parse(words.language).plural_form
    digits = "".join(str(numbers.get(rule(n), 0)) for n in range(total + 1))
    return sentences, digits.rstrip("0")


def filter_data(site: Site) -> str:
    """The record to narrow in the browser, as a script that sets one global. An event is
    [first day, last day (empty when the same), date as said, title, id (its anchor),
    page, type, parties, topics, tags, mediators], oldest first; the last three lists are
    left out when they and those after them are empty. Every label and word is a JSON
    string that the page's script writes as text only."""
    words = site.words
    found = choices(site)
    at = {key: {value: n for n, (value, _) in enumerate(values)} for key, values in found.items()}
    pages: dict[str, int] = {}

    def row(e: Event) -> list:
        page = pages.setdefault(urls.home_of(e), len(pages))
        start, end = e.date.start.isoformat(), e.date.end.isoformat()
        lists = [[at["party"][p] for p in e.parties], [at["topic"][t] for t in e.topics],
                 [at["tag"][t] for t in e.tags],
                 [at["party"][p] for p in e.mediators if p not in e.parties]]
        while lists and not lists[-1]:
            lists.pop()
        return [start, "" if end == start else end, words.spoken(e.date), e.title, e.id, page,
                at["type"][e.type], *lists]

    events = [row(e) for e in site.index.dataset.events]
    sentences, plural = count_sentences(site)
    data = {
        "parties": [label for _, label in found["party"]],
        "topics": [label for _, label in found["topic"]],
        "types": [label for _, label in found["type"]],
        "ids": {key: [value for value, _ in values] for key, values in found.items()},
        "pages": [urls.link(name) for name in pages],
        "events": events,
        "words": {"count": sentences, "plural": plural,
                  "none": words("filter_none", events=words.count("event", len(events))),
                  "more": words("filter_more"), "mediated": words("filter_mediated"),
                  "prompt": words("filter_prompt")},
    }
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    return "window.TIMELINE_FILTER = " + text + ";\n"
