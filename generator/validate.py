"""Turn composed YAML into the typed model, collecting every problem with its real line.

Values are normalised while validated: one date type, single values to lists,
whitespace folded, duplicates dropped, and the parties and topics of an event's
positions added to its own lists.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping
from urllib.parse import urlsplit

import yaml

from generator.dates import DateError, EventDate, parse_date
from generator.load import Document, EventFile, RawInput
from generator.narrative import narrative_problems
from generator.model import (DEFAULT_TYPES, PARTY_KINDS, Dataset, Event, EventType, Party,
                             Position, Registry, Source, Topic)
from generator.errors import InputError, Problem, did_you_mean, expected_one_of

ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED_IDS = ("index",)  # would collide with the index page of parties/ or topics/
STEM = re.compile(r"(?P<day>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)")
EVENT_KEYS = ("date", "title", "type", "location", "parties", "mediators", "topics", "tags",
              "sources", "positions")
SOURCE_KEYS = ("id", "outlet", "title", "published", "url")
POSITION_KEYS = ("party", "topic", "stance", "source", "speaker")
# The longest text a field may hold, in characters: headings and titles stay cheap to
# build whatever the input (Python-Markdown's inline patterns are quadratic on some text).
SHORT_TEXT = 500
LONG_TEXT = {"stance": 4000, "description": 4000, "url": 2000}
# Control characters a field may not hold once YAML has read it: YAML refuses them raw,
# but `"\x1b"` or `"\a"` in quotes would still reach pages, feeds and terminals.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

@dataclass
class Fields:
    """The keys of one YAML mapping, with their nodes, and a place to record problems."""

    doc: Document
    node: yaml.Node
    where: str  # the field path of this mapping, '' at the top
    problems: list[Problem]
    found: dict[str, tuple[yaml.Node, yaml.Node]]

    def name(self, key: str) -> str:
        """The dotted field path of `key` inside this mapping."""
        return f"{self.where}.{key}" if self.where else key

    def report(self, node: yaml.Node, key: str, message: str) -> None:
        """Record a problem at the line of `node`."""
        self.problems.append(Problem(self.doc.path, self.doc.line(node), self.name(key), message))

    def value(self, key: str) -> yaml.Node | None:
        """The value node of `key`, or None when it is absent or empty."""
        pair = self.found.get(key)
        if pair is None or is_null(pair[1]):
            return None
        return pair[1]

    def key_node(self, key: str) -> yaml.Node:
        """The node of `key` itself when present, else the mapping: where to point the reader."""
        return self.found[key][0] if key in self.found else self.node

def key_of(mapping: yaml.MappingNode, key: str) -> yaml.Node:
    """The node of `key` in a mapping node, or the mapping itself when the key is absent."""
    return next((k for k, _ in mapping.value if k.value == key), mapping)


YAML_NULLS = ("", "~", "null", "Null", "NULL")


def is_null(node: yaml.Node) -> bool:
    """True for `key:` with nothing after it, or `~`/`null` (unquoted: YAML's null)."""
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.value in YAML_NULLS

def open_mapping(doc: Document, node: yaml.Node, where: str, allowed: tuple[str, ...],
                 problems: list[Problem]) -> Fields | None:
    """Read a mapping's keys, refusing non-mappings, duplicate keys and unknown keys."""
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(doc.path, doc.line(node), where or "file",
                                f"expected a mapping of `key: value` lines, got {kind_of(node)}"))
        return None
    fields = Fields(doc, node, where, problems, {})
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str) or not key:
            fields.report(key_node, "?", "keys must be plain words")
        elif key in fields.found:
            fields.report(key_node, key, "is given twice in this mapping")
        elif allowed and key not in allowed:
            fields.report(key_node, key, f"unknown field{did_you_mean(key, allowed)}; "
                                         f"expected one of: {', '.join(allowed)}")
        else:
            fields.found[key] = (key_node, value_node)
    return fields

def kind_of(node: yaml.Node) -> str:
    """Name a node's shape for messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return repr(node.value if len(node.value) <= 60 else node.value[:57] + "...")

def read_text(fields: Fields, key: str, required: bool = False) -> str:
    """Read a plain-text field exactly as written (so `No` stays 'No'), whitespace folded."""
    node = fields.value(key)
    if node is None:
        if required:
            fields.report(fields.key_node(key), key, "is required")
        return ""
    if not isinstance(node, yaml.ScalarNode):
        fields.report(node, key, f"expected text, got {kind_of(node)}")
        return ""
    control = CONTROL.search(node.value)
    if control:
        fields.report(node, key, f"holds the control character U+{ord(control[0]):04X}: "
                                 "remove it")
        return ""
    text = " ".join(node.value.split())
    if required and not text:
        fields.report(node, key, "is required and must not be blank")
    limit = LONG_TEXT.get(key, SHORT_TEXT)
    if len(text) > limit:
        fields.report(node, key, f"is {len(text)} characters long; at most {limit} are allowed")
        return ""
    return text

def id_problem(value: str, known: Mapping[str, object] | None, what: str) -> str:
    """Why `value` is not an acceptable id, or '' when it is."""
    if not ID.fullmatch(value):
        return f"{value!r} is not an id: use lowercase letters, digits and single hyphens"
    if known is not None and value not in known:
        return expected_one_of(value, known, what)
    return ""


def read_id(fields: Fields, key: str, known: Mapping[str, object] | None, what: str,
            required: bool = True) -> str:
    """Read one id, checking its shape and, when a registry is given, that it exists."""
    text = read_text(fields, key, required=required)
    problem = id_problem(text, known, what) if text else ""
    if problem:
        fields.report(fields.value(key), key, problem)
        return ""
    return text


def read_id_list(fields: Fields, key: str, known: Mapping[str, object] | None,
                 what: str) -> tuple[str, ...]:
    """Read a list of ids (a single id is a list of one), dropping repeats."""
    node = fields.value(key)
    if node is None:
        return ()
    listed = isinstance(node, yaml.SequenceNode)
    ids: list[str] = []
    for index, item in enumerate(node.value if listed else [node]):
        label = f"{key}[{index}]" if listed else key
        if not isinstance(item, yaml.ScalarNode) or is_null(item):
            fields.report(item, label, f"expected an id, got {kind_of(item)}")
        elif problem := id_problem(item.value.strip(), known, what):
            fields.report(item, label, problem)
        elif item.value.strip() not in ids:
            ids.append(item.value.strip())
    return tuple(ids)


def read_date(fields: Fields, key: str, required: bool) -> EventDate | None:
    """Read an EDTF day, month, year or range."""
    text = read_text(fields, key, required=required)
    if not text:
        return None
    try:
        return parse_date(text)
    except DateError as error:
        fields.report(fields.value(key), key, str(error))
        return None

def read_url(fields: Fields, key: str) -> str:
    """Read an optional web address; only http and https are allowed."""
    text = read_text(fields, key)
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        fields.report(fields.value(key), key,
                      f"{text!r} is not a web address: it must start with http:// or https://")
        return ""
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        fields.report(fields.value(key), key, "a web address must not contain spaces")
        return ""
    return text

def read_list(fields: Fields, key: str, required: bool = False) -> list[yaml.Node]:
    """Read a list of mappings' nodes (sources, positions)."""
    node = fields.value(key)
    if node is None:
        if required:
            fields.report(fields.key_node(key), key, "is required: list at least one")
        return []
    if not isinstance(node, yaml.SequenceNode):
        fields.report(node, key, f"expected a list, got {kind_of(node)}")
        return []
    if required and not node.value:
        fields.report(node, key, "is required: list at least one")
    return list(node.value)

def validate_source(doc: Document, node: yaml.Node, where: str,
                    problems: list[Problem]) -> Source | None:
    """Build one source of an event."""
    fields = open_mapping(doc, node, where, SOURCE_KEYS, problems)
    if fields is None:
        return None
    before = len(problems)
    source = Source(id=read_id(fields, "id", None, "source"),
                    outlet=read_text(fields, "outlet", required=True),
                    title=read_text(fields, "title"),
                    published=read_date(fields, "published", required=False),
                    url=read_url(fields, "url"))
    return source if len(problems) == before else None

def validate_position(doc: Document, node: yaml.Node, where: str, registry: Registry,
                      source_ids: set[str], problems: list[Problem]) -> Position | None:
    """Build one position, which must cite a source of the same event."""
    fields = open_mapping(doc, node, where, POSITION_KEYS, problems)
    if fields is None:
        return None
    before = len(problems)
    position = Position(party=read_id(fields, "party", registry.parties, "party"),
                        topic=read_id(fields, "topic", registry.topics, "topic"),
                        stance=read_text(fields, "stance", required=True),
                        source=read_id(fields, "source", None, "source"),
                        speaker=read_text(fields, "speaker"))
    if position.source and position.source not in source_ids:
        known = ", ".join(sorted(source_ids)) or "none"
        fields.report(fields.value("source"), "source",
                      f"cites {position.source!r}, which is not a source of this event"
                      f"{did_you_mean(position.source, source_ids)}; its sources: {known}")
    return position if len(problems) == before else None

def validate_sources(fields: Fields) -> tuple[Source, ...]:
    """Build an event's sources, refusing two with the same id."""
    sources: list[Source] = []
    for index, node in enumerate(read_list(fields, "sources", required=True)):
        source = validate_source(fields.doc, node, f"sources[{index}]", fields.problems)
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
    sources = validate_sources(fields)
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
    event = Event(
        id=event_file.stem, path=doc.path, date=date,
        title=read_text(fields, "title", required=True),
        type=read_id(fields, "type", registry.types, "type"),
        narrative=event_file.body.strip("\n"),
        location=read_text(fields, "location"),
        parties=parties + tuple(dict.fromkeys(p.party for p in positions
                                              if p.party not in parties + mediators)),
        mediators=mediators,
        topics=topics + tuple(dict.fromkeys(p.topic for p in positions if p.topic not in topics)),
        tags=read_id_list(fields, "tags", None, "tag"),
        sources=sources, positions=positions)
    return event if len(problems) == before else None

def registry_entries(doc: Document | None, allowed: tuple[str, ...], what: str,
                     problems: list[Problem]) -> list[tuple[str, Fields]]:
    """Open each `id: {fields}` entry of a registry file, checking the ids."""
    if doc is None:
        return []
    outer = open_mapping(doc, doc.root, "", (), problems)
    entries = []
    for key, (key_node, value_node) in (outer.found.items() if outer else ()):
        if not ID.fullmatch(key) or key in RESERVED_IDS:
            reason = ("is reserved for the list page" if key in RESERVED_IDS else
                      "is not an id: use lowercase letters, digits and single hyphens")
            outer.report(key_node, key, f"{key!r} {reason}")
            continue
        fields = open_mapping(doc, value_node, key, allowed, problems)
        if fields is not None:
            entries.append((key, fields))
    return entries

def read_order(fields: Fields) -> int:
    """Read a topic's display order, a whole number."""
    text = read_text(fields, "order")
    if text and not re.fullmatch(r"-?[0-9]{1,9}", text):
        fields.report(fields.value("order"), "order",
                      f"expected a whole number of at most 9 digits, got {kind_of(fields.value('order'))}")
        return 0
    return int(text) if text else 0

def read_kind(fields: Fields) -> str:
    """Read a party's kind from its small vocabulary."""
    kind = read_text(fields, "kind", required=True)
    if kind and kind not in PARTY_KINDS:
        fields.report(fields.value("kind"), "kind", expected_one_of(kind, PARTY_KINDS, "kind") +
                      f"; expected one of: {', '.join(PARTY_KINDS)}")
    return kind

def validate_registry(raw: RawInput, problems: list[Problem]) -> Registry:
    """Build the registry of parties, topics and event types."""
    parties = {key: Party(key, read_text(f, "name", required=True), read_kind(f),
                          read_text(f, "short"))
               for key, f in registry_entries(raw.registries.get("parties"),
                                              ("name", "short", "kind"), "party", problems)}
    topics = {key: Topic(key, read_text(f, "title", required=True),
                         read_text(f, "description"), read_order(f))
              for key, f in registry_entries(raw.registries.get("topics"),
                                             ("title", "description", "order"), "topic", problems)}
    types_doc = raw.registries.get("types")
    if types_doc is None:
        types = {key: EventType(key, title) for key, title in DEFAULT_TYPES.items()}
    else:
        types = {key: EventType(key, read_text(f, "title", required=True))
                 for key, f in registry_entries(types_doc, ("title",), "type", problems)}
    return Registry(parties=parties, topics=topics, types=types)

def duplicate_ids(raw: RawInput) -> list[Problem]:
    """Two files with the same name, in any folders, describe the same event: name both."""
    by_stem: dict[str, list[str]] = defaultdict(list)
    for event_file in raw.events:
        by_stem[event_file.stem].append(event_file.document.path)
    for event in raw.cached:
        by_stem[event.id].append(event.path)
    return [Problem(path, 1, "file name",
                    f"event id {stem!r} is also used by {', '.join(p for p in paths if p != path)}")
            for stem, paths in sorted(by_stem.items()) if len(paths) > 1 for path in paths]

def validate(raw: RawInput) -> Dataset:
    """Validate everything and return the dataset, or raise InputError with every problem."""
    problems = list(raw.problems)
    registry = validate_registry(raw, problems)
    problems.extend(duplicate_ids(raw))
    events = [e for f in raw.events if (e := validate_event(f, registry, problems)) is not None]
    events += raw.cached  # valid last time, unchanged since, under the same registries
    if problems:
        raise InputError(problems)
    return Dataset(registry, tuple(sorted(events, key=lambda e: e.sort_key)))
