"""The record as data files: `events.json` (everything), CSVs a row per event, position,
claim and commitment, and a Frictionless data package that describes the CSVs.

CSV cells are guarded against formula injection: a spreadsheet runs a cell that begins
with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula (`=HYPERLINK(...)`), so
such a cell starts with an apostrophe, as OWASP advises. JSON needs no guard.
"""

from __future__ import annotations

import csv
import io
import json

from generator.formats.records import Permalink, dataset_record, iso, json_lines, reference
from generator.index import Index

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST = "; "  # how a CSV cell lists several values (ids, tags, URLs)


def as_json(value: object) -> bytes:
    """Stable JSON: keys in the order written, two-space indent, UTF-8, a final newline."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def events_json(index: Index, permalink: Permalink) -> bytes:
    """`events.json`: the registries and every event with all it holds, an item a line."""
    return json_lines(dataset_record(index, permalink)).encode("utf-8")


def cell(value: object) -> str:
    """A CSV cell: lists joined, nothing a spreadsheet would run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        value = LIST.join(map(str, value))
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def table(header: list[str], rows: list[list]) -> bytes:
    """RFC 4180 CSV: a header row, CRLF line ends, UTF-8."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


# Every CSV's columns: (name, Frictionless type, description). The data package says the
# same, from this one list.
EVENT_COLUMNS = [
    ("id", "string", "The event's id: its file name without the date and suffix."),
    ("date", "string", "The date as the event file writes it (EDTF: ranges, ~ approximate, "
                       "? uncertain)."),
    ("start", "date", "The first day the date allows."),
    ("end", "date", "The last day the date allows."),
    ("precision", "string", "day, month or year."),
    ("title", "string", "The event's title."),
    ("type", "string", "The event type's id."),
    ("location", "string", "Where it took place."),
    ("parties", "string", "The ids of the parties, separated by '; '."),
    ("mediators", "string", "The ids of the mediators or hosts, separated by '; '."),
    ("topics", "string", "The ids of the topics, separated by '; '."),
    ("tags", "string", "Free tags, separated by '; '."),
    ("narrative", "string", "What happened, in Markdown, as written."),
    ("source_urls", "string", "The addresses of the sources, separated by '; '."),
    ("permalink", "string", "The event's section on the website."),
]
POSITION_COLUMNS = [
    ("event_id", "string", "The event at which the position was stated."),
    ("event_date", "date", "The first day of that event."),
    ("party", "string", "The id of the party whose position it is."),
    ("topic", "string", "The id of the topic."),
    ("stance", "string", "The stance, in the record's words, attributed to the source."),
    ("change", "string", "The editor's mark against the party's previous stance, if any: "
                         "new, restated, refined, softened, hardened or reversed."),
    ("speaker", "string", "Who stated it, when the source names them."),
    ("source_outlet", "string", "The outlet that reported it."),
    ("source_url", "string", "The source's address."),
    ("permalink", "string", "The event's section on the website."),
]
CLAIM_COLUMNS = [
    ("event_id", "string", "The event at which the claim was made."),
    ("claim_id", "string", "The claim's id within its event."),
    ("event_date", "date", "The first day of that event."),
    ("party", "string", "The id of the party making the claim."),
    ("topic", "string", "The id of the topic."),
    ("text", "string", "The claim, attributed to its source."),
    ("speaker", "string", "Who made it, when the source names them."),
    ("disputes", "string", "The claim it contests, as EVENT-ID#CLAIM-ID."),
    ("disputed_by", "string", "The claims contesting it, as EVENT-ID#CLAIM-ID, separated "
                              "by '; '."),
    ("source_outlet", "string", "The outlet that reported it."),
    ("source_url", "string", "The source's address."),
    ("permalink", "string", "The event's section on the website."),
]
COMMITMENT_COLUMNS = [
    ("event_id", "string", "The event at which the commitment was made."),
    ("commitment_id", "string", "The commitment's id within its event."),
    ("event_date", "date", "The first day of that event."),
    ("parties", "string", "The ids of the parties committed, separated by '; '."),
    ("topic", "string", "The id of the topic."),
    ("text", "string", "What was promised."),
    ("due", "string", "When it was due, as the event file writes it, if it says."),
    ("status", "string", "Where it stands at the record's last day: pending, overdue, "
                         "in-progress, kept, partly-kept or broken."),
    ("fulfilment_events", "string", "The events that reported on it, separated by '; '."),
    ("source_outlet", "string", "The outlet that reported it."),
    ("source_url", "string", "The source's address."),
    ("permalink", "string", "The event's section on the website."),
]


def names(columns: list[tuple[str, str, str]]) -> list[str]:
    return [name for name, _, _ in columns]


def csv_files(index: Index, permalink: Permalink) -> dict[str, bytes]:
    """The four CSVs, by resource name."""
    registry = index.dataset.registry
    as_of = index.as_of()

    def outlet(event, source_id: str) -> tuple[str, str]:
        source = event.source(source_id)
        found = registry.outlets.get(source.outlet)
        return (found.name if found else source.outlet), source.url

    events, positions, claims, commitments = [], [], [], []
    for event in index.dataset.events:
        link, day = permalink(event), iso(event.date.start)
        events.append([event.id, event.date.text, day, iso(event.date.end),
                       event.date.first.precision, event.title, event.type, event.location,
                       event.parties, event.mediators, event.topics, event.tags,
                       event.narrative, [s.url for s in event.sources if s.url], link])
        for p in event.positions:
            positions.append([event.id, day, p.party, p.topic, p.stance, p.change, p.speaker,
                              *outlet(event, p.source), link])
        for c in event.claims:
            against = index.disputed_by.get((event.id, c.id), ())
            claims.append([event.id, c.id, day, c.party, c.topic, c.text, c.speaker,
                           reference(c.disputes) if c.disputes else "",
                           [f"{s.event.id}#{s.item.id}" for s in against],
                           *outlet(event, c.source), link])
        for m in event.commitments:
            said = index.commitment_at[(event.id, m.id)]
            reports = index.fulfilments.get((event.id, m.id), ())
            commitments.append([event.id, m.id, day, m.parties, m.topic, m.text,
                                m.due.text if m.due else "", index.status(said, as_of),
                                [s.event.id for s in reports], *outlet(event, m.source), link])
    return {"events": table(names(EVENT_COLUMNS), events),
            "positions": table(names(POSITION_COLUMNS), positions),
            "claims": table(names(CLAIM_COLUMNS), claims),
            "commitments": table(names(COMMITMENT_COLUMNS), commitments)}


def datapackage(title: str) -> bytes:
    """A Frictionless data package describing the CSVs (which sit beside it)."""
    def resource(name: str, columns, key: list[str], refers: bool) -> dict:
        schema: dict = {"fields": [{"name": n, "type": t, "description": d}
                                   for n, t, d in columns]}
        if key:
            schema["primaryKey"] = key
        if refers:
            schema["foreignKeys"] = [{"fields": ["event_id"],
                                      "reference": {"resource": "events", "fields": ["id"]}}]
        return {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
                "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "schema": schema}
    package = {
        "profile": "tabular-data-package",
        "name": "timeline-record",
        "title": title,
        "description": "Events, the positions stated at them, claims and commitments, as "
                       "CSV. Cells that would begin with =, +, -, @, a tab or a carriage "
                       "return start with an apostrophe. events.json holds the same and more.",
        "resources": [
            resource("events", EVENT_COLUMNS, ["id"], refers=False),
            resource("positions", POSITION_COLUMNS, [], refers=True),
            resource("claims", CLAIM_COLUMNS, ["event_id", "claim_id"], refers=True),
            resource("commitments", COMMITMENT_COLUMNS, ["event_id", "commitment_id"],
                     refers=True),
        ],
    }
    return as_json(package)
