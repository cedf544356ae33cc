"""One event file into one frozen Event: its fields, sources, positions and narrative."""

from __future__ import annotations

import re
from collections.abc import Mapping

import yaml

from generator.dates import EventDate
from generator.errors import Problem, expected_one_of
from generator.load import Document, EventFile
from generator.model import CHANGE_MARKS, Event, Position, Reference, Registry, Source
from generator.narrative import narrative_problems
from generator.validate.fields import (
    ID,
    RESERVED_IDS,
    Fields,
    id_problem,
    items_of,
    key_of,
    kind_of,
    open_mapping,
    read_choice,
    read_cited,
    read_date,
    read_id,
    read_id_list,
    read_list,
    read_record,
    read_text,
    read_url,
)
from generator.validate.records import validate_records

STEM = re.compile(r"(?P<day>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)")
EVENT_KEYS = ("date", "title", "type", "location", "parties", "mediators", "topics", "tags",
              "sources", "positions", "follows", "claims", "commitments", "fulfils")
SOURCE_KEYS = ("id", "outlet", "title", "published", "url")
POSITION_KEYS = ("party", "topic", "stance", "source", "speaker", "change")


def validate_source(doc: Document, node: yaml.Node, where: str, problems: list[Problem],
                    outlets: Mapping[str, object] | None = None) -> Source | None:
    """Build one source of an event. Its outlet is free text, or the id of an outlet in
    outlets.yml: a lowercase id that the register does not hold is a problem."""
    def build(fields: Fields) -> Source:
        source = Source(id=read_id(fields, "id", None, "source"),
                        outlet=read_text(fields, "outlet", required=True),
                        title=read_text(fields, "title"),
                        published=read_date(fields, "published", required=False),
                        url=read_url(fields, "url"))
        if outlets and ID.fullmatch(source.outlet) and source.outlet not in outlets:
            fields.report(fields.value("outlet"), "outlet",
                          expected_one_of(source.outlet, outlets, "outlet") +
                          " in outlets.yml (write the outlet's name, or register it there)")
        return source
    return read_record(doc, node, where, SOURCE_KEYS, problems, build)

def validate_position(doc: Document, node: yaml.Node, where: str, registry: Registry,
                      source_ids: set[str], problems: list[Problem]) -> Position | None:
    """Build one position, which must cite a source of the same event."""
    return read_record(doc, node, where, POSITION_KEYS, problems, lambda fields: Position(
        party=read_id(fields, "party", registry.parties, "party"),
        topic=read_id(fields, "topic", registry.topics, "topic"),
        stance=read_text(fields, "stance", required=True),
        source=read_cited(fields, source_ids),
        speaker=read_text(fields, "speaker"),
        change=read_choice(fields, "change", CHANGE_MARKS, "change")))

def validate_sources(fields: Fields, outlets: Mapping[str, object]) -> tuple[Source, ...]:
    """Build an event's sources, refusing two with the same id."""
    sources: list[Source] = []
    for index, node in enumerate(read_list(fields, "sources", required=True)):
        source = validate_source(fields.doc, node, f"sources[{index}]", fields.problems,
                                 outlets)
        if source is None:
            continue
        if any(s.id == source.id for s in sources):
            fields.problems.append(Problem(fields.doc.path, fields.doc.line(key_of(node, "id")),
                                           f"sources[{index}].id",
                                           f"source id {source.id!r} is used twice in this event"))
            continue
        sources.append(source)
    return tuple(sources)

def refuse_repeated_positions(fields: Fields,
                              built: list[tuple[int, yaml.Node, Position]]) -> None:
    """One stance per party and topic at one event, or 'latest' and 'changed' mean nothing."""
    seen: set[tuple[str, str]] = set()
    for index, node, position in built:
        pair = (position.party, position.topic)
        if pair in seen:
            fields.report(node, f"positions[{index}]",
                          f"a second stance of {position.party!r} on {position.topic!r} at this "
                          "event: merge them into one")
        seen.add(pair)


def validate_stem(event_file: EventFile, date: EventDate | None, fields: Fields) -> None:
    """The file name must be `YYYY-MM-DD-slug.md`, dated with the event's earliest day."""
    match = STEM.fullmatch(event_file.stem)
    if not match:
        fields.problems.append(Problem(
            fields.doc.path, 1, "file name",
            f"{event_file.stem + '.md'!r} must be named YYYY-MM-DD-slug.md, with a lowercase slug"))
    elif date is not None and match["day"] != date.start.isoformat():
        fields.report(fields.value("date"), "date",
                      f"the file name starts with {match['day']}, but the earliest day of "
                      f"{date.text!r} is {date.start.isoformat()}: rename the file or fix the date")

def validate_event(event_file: EventFile, registry: Registry,
                   problems: list[Problem]) -> Event | None:
    """Build one event from its file, or record why it cannot be built."""
    doc = event_file.document
    fields = open_mapping(doc, doc.root, "", EVENT_KEYS, problems)
    if fields is None:
        return None
    before = len(problems)
    date = read_date(fields, "date", required=True)
    validate_stem(event_file, date, fields)
    sources = validate_sources(fields, registry.outlets)
    source_ids = {s.id for s in sources}
    built = [(index, node, position) for index, node in enumerate(read_list(fields, "positions"))
             if (position := validate_position(doc, node, f"positions[{index}]", registry,
                                               source_ids, problems)) is not None]
    refuse_repeated_positions(fields, built)
    problems.extend(narrative_problems(event_file.body, doc.path, event_file.body_line))
    positions = tuple(position for _, _, position in built)
    parties = read_id_list(fields, "parties", registry.parties, "party")
    mediators = read_id_list(fields, "mediators", registry.parties, "party")
    topics = read_id_list(fields, "topics", registry.topics, "topic")
    title = read_text(fields, "title", required=True)
    type_ = read_id(fields, "type", registry.types, "type")
    location = read_text(fields, "location")
    tags = read_id_list(fields, "tags", None, "tag", reserved=RESERVED_IDS)
    follows = read_references(fields, "follows", event_file.stem)
    claims, commitments, fulfils = validate_records(fields, registry, source_ids)
    if len(problems) != before or date is None:
        return None
    # Whoever claims or commits on a topic takes part in the event, on that topic.
    named = [p.party for p in positions] + [c.party for c in claims] + \
        [p for c in commitments for p in c.parties]
    subjects = [p.topic for p in positions] + [c.topic for c in claims] + \
        [c.topic for c in commitments]
    return Event(
        id=event_file.stem, path=doc.path, date=date, title=title, type=type_,
        narrative=event_file.body.strip("\n"), location=location,
        parties=parties + tuple(dict.fromkeys(p for p in named if p not in parties + mediators)),
        mediators=mediators,
        topics=topics + tuple(dict.fromkeys(t for t in subjects if t not in topics)),
        tags=tags, sources=sources, positions=positions, follows=follows, claims=claims,
        commitments=commitments, fulfils=fulfils)


def read_references(fields: Fields, key: str, own_id: str) -> tuple[Reference, ...]:
    """Read a list of event ids (a single id is a list of one), each with its line; that
    the events exist is a rule across events (validate.references)."""
    found: list[Reference] = []
    for label, item in items_of(fields, key):
        value = item.value.strip() if isinstance(item, yaml.ScalarNode) else ""
        if not value:
            fields.report(item, label, f"expected an event id, got {kind_of(item)}")
        elif problem := id_problem(value, None, "event"):
            fields.report(item, label, problem)
        elif value == own_id:
            fields.report(item, label, "an event cannot follow itself")
        elif all(ref.id != value for ref in found):
            found.append(Reference(value, fields.doc.line(item)))
    return tuple(found)
