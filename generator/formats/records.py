"""The record as plain data: one serialisation of the model (dicts, lists, strings, bools),
which every data export reads, so a field is named and shaped the same in all of them.

Event text goes out as it was written, never as HTML: escaping is each format's own
business (JSON escapes itself; CSV guards its cells; feeds and calendars escape on write).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date

from generator.dates import EventDate
from generator.index import Index
from generator.model import Event, Reference, Registry

# Raised when a field changes meaning or goes away; new fields do not raise it.
SCHEMA_VERSION = 1

Permalink = Callable[[Event], str]


def json_lines(record: Mapping, sort_keys: bool = False) -> str:
    """A JSON object with a line per field and, in a list field, a line per item: the whole
    record reads (and diffs) an event a line, and Python's C encoder writes it (an indented
    dump runs the pure-Python one, five times slower at 10,000 events)."""
    def compact(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys)
    fields = []
    for key in (sorted(record) if sort_keys else record):
        value = record[key]
        if isinstance(value, list) and value:
            items = ",\n".join(compact(item) for item in value)
            fields.append(f"{compact(key)}: [\n{items}\n]")
        else:
            fields.append(f"{compact(key)}: {compact(value)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def iso(day: date) -> str:
    """A day as ISO 8601, zero-padded to four year digits."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def when(date_: EventDate) -> dict:
    """A date as written, with the first and last day it allows and how precise it is."""
    points = [date_.first] + ([date_.last] if date_.last else [])
    return {"text": date_.text, "start": iso(date_.start), "end": iso(date_.end),
            "precision": date_.first.precision,
            "approximate": any(p.approximate for p in points),
            "uncertain": any(p.uncertain for p in points)}


def reference(ref: Reference) -> str:
    """`EVENT-ID` or `EVENT-ID#ITEM-ID`, as event files write it."""
    return f"{ref.id}#{ref.item}" if ref.item else ref.id


def event_record(index: Index, event: Event, permalink: Permalink) -> dict:
    """Everything one event holds, and what the record says of its claims and commitments
    (who disputes them; where each commitment stands at the record's last day)."""
    as_of = index.as_of()
    claims = []
    for claim in event.claims:
        disputed = index.disputed_by.get((event.id, claim.id), ())
        claims.append({"id": claim.id, "party": claim.party, "topic": claim.topic,
                       "text": claim.text, "speaker": claim.speaker, "source": claim.source,
                       "disputes": reference(claim.disputes) if claim.disputes else None,
                       "disputed_by": [f"{s.event.id}#{s.item.id}" for s in disputed]})
    commitments = []
    for commitment in event.commitments:
        said = index.commitment_at[(event.id, commitment.id)]
        commitments.append({
            "id": commitment.id, "parties": list(commitment.parties), "topic": commitment.topic,
            "text": commitment.text, "source": commitment.source,
            "due": when(commitment.due) if commitment.due else None,
            "status": index.status(said, as_of),
            "fulfilments": [{"event": s.event.id, "status": s.item.status} for s in
                            index.fulfilments.get((event.id, commitment.id), ())]})
    return {
        "id": event.id, "date": when(event.date), "title": event.title, "type": event.type,
        "location": event.location, "parties": list(event.parties),
        "mediators": list(event.mediators), "topics": list(event.topics),
        "tags": list(event.tags), "narrative": event.narrative,
        "permalink": permalink(event),
        "follows": [reference(r) for r in event.follows],
        "sources": [{"id": s.id, "outlet": s.outlet, "title": s.title,
                     "published": when(s.published) if s.published else None, "url": s.url}
                    for s in event.sources],
        "positions": [{"party": p.party, "topic": p.topic, "stance": p.stance,
                       "change": p.change, "speaker": p.speaker, "source": p.source}
                      for p in event.positions],
        "claims": claims, "commitments": commitments,
        "fulfils": [{"commitment": reference(f.commitment), "status": f.status,
                     "text": f.text, "source": f.source} for f in event.fulfils],
    }


def registry_record(registry: Registry) -> dict:
    """The parties, topics, types and outlets events refer to, by id, in registry order."""
    return {
        "parties": [{"id": p.id, "name": p.name, "short": p.short, "kind": p.kind}
                    for p in registry.parties.values()],
        "topics": [{"id": t.id, "title": t.title, "description": t.description}
                   for t in registry.topics_in_order()],
        "types": [{"id": t.id, "title": t.title} for t in registry.types.values()],
        "outlets": [{"id": o.id, "name": o.name, "kind": o.kind, "country": o.country,
                     "url": o.url} for o in registry.outlets.values()],
    }


def dataset_record(index: Index, permalink: Permalink) -> dict:
    """The whole record: registries and every event, in timeline order."""
    as_of = index.as_of()
    return {"schema_version": SCHEMA_VERSION,
            "as_of": iso(as_of) if as_of else None,
            **registry_record(index.dataset.registry),
            "events": [event_record(index, e, permalink) for e in index.dataset.events]}
