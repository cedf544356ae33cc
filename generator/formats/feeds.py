"""Feeds of the record: Atom (written by feedgen) and JSON Feed 1.1, for the whole record
and for each party and topic. One entry per event, newest first, with its permalink, date,
title, narrative, the positions it stated and its sources.

Dates come from the events, never the clock: an entry is "updated" on its event's last
day, a feed on its newest entry's. Entry ids are `urn:uuid:` names derived from the event
id alone, so they stay the same across builds, feeds and a change of address.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from html import escape as _e

from feedgen.feed import FeedGenerator

from generator import html as md
from generator.i18n import Words
from generator.index import Index
from generator.model import Event, Registry

# The namespace of every id these formats give an event (feeds, calendar): fixed forever.
NAMESPACE = uuid.UUID("8d0c5f0e-6f6c-5b7e-9a39-2f2a4c1d7e31")
ATOM, JSON_FEED = "application/atom+xml", "application/feed+json"


def event_uuid(event: Event) -> str:
    """The stable name of an event outside the site: a UUID derived from its id."""
    return str(uuid.uuid5(NAMESPACE, event.id))


def midnight(day: date) -> datetime:
    """A day as the instant it starts, in UTC (feeds need instants, events have days)."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def rfc3339(day: date) -> str:
    """A day's start as an RFC 3339 instant (zero-padded year)."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}T00:00:00Z"


def entry_html(words: Words, registry: Registry, event: Event) -> str:
    """An event as feed readers show it: date, type and place, the narrative (sanitised),
    the positions stated with who said them and the outlet, and the sources, linked. No
    link to another page of the site: a reader shows it away from the site."""
    facts = [words.spoken(event.date), registry.types[event.type].title]
    if event.location:
        facts.append(event.location)
    parts = [f"<p>{_e(' · '.join(facts))}</p>"]
    if event.narrative.strip():
        parts.append(md.narrative_html(event.narrative))
    if event.positions:
        items = []
        for position in event.positions:
            source = event.source(position.source)
            who = "; ".join(filter(None, (position.speaker, outlet_label(registry, source.outlet))))
            items.append(f"<li>{_e(registry.parties[position.party].name)} – "
                         f"{_e(registry.topics[position.topic].title)}: {_e(position.stance)}"
                         f" <em>({_e(who)})</em></li>")
        parts.append(f"<p><strong>{_e(words('positions_stated'))}</strong></p>"
                     f"<ul>{''.join(items)}</ul>")
    if event.sources:
        items = []
        for source in event.sources:
            label = ", ".join(filter(None, (outlet_label(registry, source.outlet), source.title)))
            items.append(f"<li>{md.link(_e(label), source.url)}</li>" if source.url
                         else f"<li>{_e(label)}</li>")
        parts.append(f"<p><strong>{_e(words('sources'))}</strong></p><ol>{''.join(items)}</ol>")
    return "\n".join(parts)


def outlet_label(registry: Registry, name_or_id: str) -> str:
    """An outlet's registered name, or the words the source gives."""
    outlet = registry.outlets.get(name_or_id)
    return outlet.name if outlet else name_or_id


def newest(events: Sequence[Event], limit: int) -> list[Event]:
    """The latest `limit` events (all of them for 0), newest first."""
    ordered = list(reversed(events))
    return ordered[:limit] if limit else ordered


def atom(index: Index, words: Words, events: Sequence[Event], *, title: str, feed_id: str,
         home: str, self_link: str, permalink, limit: int) -> bytes:
    """An Atom feed of `events` (in timeline order), newest first."""
    registry = index.dataset.registry
    chosen = newest(events, limit)
    generator = FeedGenerator()
    generator.id(feed_id)
    generator.title(title)
    generator.language(words.language.replace("_", "-"))
    generator.link(href=home, rel="alternate", type="text/html")
    generator.link(href=self_link, rel="self", type=ATOM)
    generator.generator("timeline-generator")
    last = max((e.date.end for e in events), default=date(1970, 1, 1))
    generator.updated(midnight(last))
    for event in chosen:
        entry = generator.add_entry(order="append")
        entry.id(f"urn:uuid:{event_uuid(event)}")
        entry.title(event.title)
        entry.link(href=permalink(event), rel="alternate", type="text/html")
        entry.published(midnight(event.date.start))
        entry.updated(midnight(event.date.end))
        entry.content(entry_html(words, registry, event), type="html")
        entry.category(term=event.type, label=registry.types[event.type].title)
        for topic in event.topics:
            entry.category(term=topic, label=registry.topics[topic].title)
    return generator.atom_str(pretty=True)


def json_feed(index: Index, words: Words, events: Sequence[Event], *, title: str,
              home: str, self_link: str, permalink, limit: int) -> bytes:
    """A JSON Feed 1.1 of `events` (in timeline order), newest first."""
    registry = index.dataset.registry
    items = []
    for event in newest(events, limit):
        items.append({
            "id": f"urn:uuid:{event_uuid(event)}",
            "url": permalink(event),
            "title": event.title,
            "content_html": entry_html(words, registry, event),
            "date_published": rfc3339(event.date.start),
            "date_modified": rfc3339(event.date.end),
            "tags": [registry.types[event.type].title] +
                    [registry.topics[t].title for t in event.topics] + list(event.tags),
            "_timeline": {"event_id": event.id, "date": event.date.text,
                          "parties": list(event.parties), "topics": list(event.topics)},
        })
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": title,
            "home_page_url": home, "feed_url": self_link,
            "language": words.language.replace("_", "-"), "items": items}
    return (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
