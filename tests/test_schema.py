"""The JSON Schema of the event file format (generator/schemas/event.schema.json) is a valid
schema, every shipped file meets it, its vocabularies are the model's constants, and it
agrees with `timeline check`: on one file that is otherwise fine, the schema refuses it
exactly when check does, except for the rules below that no schema of one file can state.

A file is compared as check reads it: composed by the project's loader, so every scalar is
its text as written (`2025-06-02` stays the string "2025-06-02", never a date) and only
YAML's null (`key:`, an unquoted `~` or `null`) is null. Files that yield no mapping at all
(empty, not UTF-8, larger than 256 KiB, YAML that does not parse, no closing `---`, a
symbolic link) have nothing to validate; check refuses them at the file level.

Rules of check the schema cannot express, excluded from the comparison (NOT_IN_THE_SCHEMA
matches their messages; nothing else is excluded):

- registry membership: a party, topic, type or outlet id must be in the project's registries
  (which differ per project; `types.yml` even replaces the built-in types);
- a position, claim, commitment or fulfilment cites a source of the same event (a value
  that must equal another value of the same file);
- ids unique within an event: two sources with one id; one id among claims and commitments;
  two stances of one party on one topic (`uniqueItems` compares whole items, not keys);
- a date range must not end before it starts;
- the file's name: `YYYY-MM-DD-slug.md`, dated with the earliest day of `date`, and an event
  may not follow itself (the schema sees the front matter, not the file name);
- rules across events: followed, disputed and fulfilled events, claims and commitments must
  exist and be dated no later; no two files with the same name;
- the narrative after the front matter;
- a key given twice, or a key that is a list or a mapping: a JSON object cannot hold either,
  so such files are not compared.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
from collections.abc import Iterator
from copy import deepcopy
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import given, settings, strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from conftest import ROOT
from generator.build import check
from generator.dates import DateError, parse_date
from generator.errors import InputError
from generator.load import REGISTRY_FILES, event_files, read_event_file, read_registry
from generator.model import (
    CHANGE_MARKS,
    DEFAULT_TYPES,
    FULFILMENT_STATUSES,
    OUTLET_KINDS,
    PARTY_KINDS,
)
from generator.schemas import NAMES, file_name, schema
from generator.validate.events import EVENT_KEYS, POSITION_KEYS, SOURCE_KEYS
from generator.validate.fields import CONTROL, ID, LONG_TEXT, RESERVED_IDS, SHORT_TEXT, is_null
from generator.validate.records import CLAIM_KEYS, COMMITMENT_KEYS, FULFILMENT_KEYS, ITEM

CASES = ROOT / "tests" / "cases"
SCHEMA = json.loads(schema("event"))
DEFS = SCHEMA["$defs"]
# The keys each registry entry may have (validate_registry names them inline).
REGISTRY_KEYS = {"parties": ("name", "short", "kind"), "topics": ("title", "description", "order"),
                 "types": ("title",), "outlets": ("name", "kind", "country", "url")}

NOT_IN_THE_SCHEMA = {  # rule: what check says when only it is broken ("field: message")
    "registry membership": r": unknown (party|topic|type|outlet) '",
    "cites a source of the same event": r", which is not a source of this event",
    "source ids unique in an event": r": source id '.*' is used twice in this event$",
    "claim and commitment ids unique in an event":
        r"' is used twice among this event's claims and commitments$",
    "one stance per party and topic": r"^positions\[\d+\]: a second stance of ",
    "a range does not end before it starts": r": '.*': the range ends before it starts$",
    "file name": r"^file name: '.*' must be named YYYY-MM-DD-slug\.md|^date: the file name "
                 r"starts with ",
    "an event does not follow itself": r": an event cannot follow itself$",
    "references across events": r": unknown event '|, after this event \(.*\): it can only "
                                r"name|: \S+ has no (claim|commitment) '|: a claim cannot "
                                r"dispute itself$",
    "event ids unique across folders": r"^file name: event id '.*' is also used by ",
    "the narrative": r"^narrative: ",
}
EXCLUDED = re.compile("|".join(f"(?:{rule})" for rule in NOT_IN_THE_SCHEMA.values()))


@functools.cache
def validator(definition: str | None = None, document: str = "") -> Draft202012Validator:
    """A validator of the event front matter, or of one `$defs` entry, as a reader of the
    published file would make it: by reference into the schema's `$id`."""
    contents = json.loads(document) if document else SCHEMA
    registry = Registry().with_resource(contents["$id"], Resource.from_contents(contents))
    target = contents["$id"] + (f"#/$defs/{definition}" if definition else "")
    return Draft202012Validator({"$ref": target}, registry=registry)


@functools.cache
def checkers(document: str = "") -> dict[str, Draft202012Validator]:
    """The validator of each kind of file, by file name ("" for event files), for the
    schema shipped or for another `document`."""
    return {"": validator(None, document)} | \
        {filename: validator(f"{name}-file", document) for name, filename in REGISTRY_FILES.items()}



class Inexpressible(ValueError):
    """A mapping that no JSON object can hold: a key given twice, or one that is not text."""


def as_data(node: yaml.Node) -> object:
    """The data of a composed YAML node, as check reads it: every scalar its text, YAML's
    null None."""
    if isinstance(node, yaml.MappingNode):
        data: dict[str, object] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise Inexpressible("a key that is a list or a mapping")
            if key.value in data:
                raise Inexpressible(f"the key {key.value!r} given twice")
            data[key.value] = as_data(value)
        return data
    if isinstance(node, yaml.SequenceNode):
        return [as_data(item) for item in node.value]
    return None if is_null(node) else node.value


NO_DOCUMENT = object()


def read_data(path: Path) -> object:
    """What the schema validates of one event file or registry, read by the project's
    loader; NO_DOCUMENT when the file yields no YAML mapping at all."""
    if path.name in REGISTRY_FILES.values():
        document, _ = read_registry(path)
    else:
        event_file, _ = read_event_file(path)
        document = event_file.document if event_file else None
    return NO_DOCUMENT if document is None else as_data(document.root)


def schema_errors(path: Path, data: object, document: str = "") -> list[str]:
    """Why the schema refuses a file's data (nothing when it accepts it)."""
    found = checkers(document)
    checker = found.get(path.name, found[""])
    return [f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:160]}"
            for error in checker.iter_errors(data)]


def files_check_reads(events_dir: Path) -> list[Path]:
    """Every event file check reads (as its walk finds them) and every registry present."""
    relatives, _ = event_files(events_dir)
    return [events_dir / r for r in relatives] + \
        [events_dir / f for f in REGISTRY_FILES.values() if os.path.lexists(events_dir / f)]


def check_problems(events_dir: Path) -> dict[str, list[str]]:
    """Run what `timeline check` runs; its problems as `field: message`, by absolute path."""
    try:
        check(events_dir)
    except InputError as error:
        found: dict[str, list[str]] = {}
        for problem in error.problems:
            found.setdefault(os.path.abspath(problem.path), []).append(
                f"{problem.field}: {problem.message}")
        return found
    return {}


def verdicts(events_dir: Path, only: Path | None = None, document: str = ""
             ) -> Iterator[tuple[bool, bool, str]]:
    """For each file check reads (or `only` that one) that holds data: whether the schema
    (or another `document`) refuses it, whether check refuses it for a rule the schema can
    state, and both sides' reasons."""
    problems = check_problems(events_dir)
    for path in files_check_reads(events_dir):
        if only is not None and path != only:
            continue
        try:
            data = read_data(path)
        except Inexpressible:
            continue
        if data is NO_DOCUMENT:
            continue
        refused = schema_errors(path, data, document)
        said = problems.get(os.path.abspath(path), [])
        stated = [p for p in said if not EXCLUDED.search(p)]
        yield bool(refused), bool(stated), (
            f"{path.relative_to(events_dir)}: the schema {'refuses' if refused else 'accepts'} "
            f"{refused[:3]}, check {'refuses' if stated else 'accepts'} {said} "
            f"(data: {data!r:.300})")


def disagreements(events_dir: Path, only: Path | None = None, document: str = "") -> list[str]:
    """The files (or `only` that one) where the schema (or another `document`) and check
    disagree: one refuses the file for a rule the schema can state, the other accepts it."""
    return [why for schema_refuses, check_refuses, why in verdicts(events_dir, only, document)
            if schema_refuses != check_refuses]


# ---------------------------------------------------------------------------------------
# The schema as a document


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    identifier = urlsplit(SCHEMA["$id"])
    assert identifier.scheme == "urn" and not identifier.netloc  # no host name
    assert SCHEMA["title"] and SCHEMA["description"]


def described(node: object, where: str = "") -> Iterator[tuple[str, object]]:
    """Every property and `$defs` entry of the schema, with where it is."""
    if isinstance(node, dict):
        for group in ("properties", "$defs"):
            for key, value in node.get(group, {}).items():
                yield f"{where}/{group}/{key}", value
        for key, value in node.items():
            yield from described(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from described(value, f"{where}/{index}")


def test_every_property_and_definition_is_described_for_a_reader():
    entries = list(described(SCHEMA))
    assert len(entries) > 50
    bare = [where for where, value in entries
            if not (isinstance(value, dict) and len(value.get("description", "")) > 20)]
    assert not bare


def test_the_package_ships_the_file_and_hands_out_its_bytes():
    assert NAMES == ("event",)
    assert file_name("event") == "event.schema.json"
    shipped = ROOT / "generator" / "schemas" / "event.schema.json"
    assert schema("event") == shipped.read_bytes()
    for wrong in ("events", "../pyproject", "event.schema.json", ""):
        with pytest.raises(ValueError, match="no schema"):
            schema(wrong)


# ---------------------------------------------------------------------------------------
# The model's constants and the validator's rules, stated in the schema


def test_the_vocabularies_are_the_models_constants():
    def words(definition: dict) -> tuple[tuple[str, ...], str]:
        enum, pattern = definition["anyOf"]
        return tuple(enum["enum"]), pattern["pattern"]

    for definition, constant, optional in (
            (DEFS["position"]["properties"]["change"], CHANGE_MARKS, True),
            (DEFS["fulfilment"]["properties"]["status"], FULFILMENT_STATUSES, False),
            (DEFS["party"]["properties"]["kind"], PARTY_KINDS, False),
            (DEFS["outlet"]["properties"]["kind"], OUTLET_KINDS, False)):
        enum, pattern = words(definition)
        assert enum == constant
        assert all(ID.fullmatch(word) for word in constant)  # safe inside a regex as is
        either = "|".join(constant)
        assert pattern == rf"^\s*(?:{either}){'?' if optional else ''}\s*$"
    assert DEFS["registry-id"]["not"]["enum"] == list(RESERVED_IDS)
    assert SCHEMA["properties"]["type"]["examples"] == list(DEFAULT_TYPES)


def test_the_keys_are_the_validators_keys_and_no_others():
    for definition, keys in ((SCHEMA, EVENT_KEYS), (DEFS["source"], SOURCE_KEYS),
                             (DEFS["position"], POSITION_KEYS), (DEFS["claim"], CLAIM_KEYS),
                             (DEFS["commitment"], COMMITMENT_KEYS),
                             (DEFS["fulfilment"], FULFILMENT_KEYS),
                             (DEFS["party"], REGISTRY_KEYS["parties"]),
                             (DEFS["topic"], REGISTRY_KEYS["topics"]),
                             (DEFS["type"], REGISTRY_KEYS["types"]),
                             (DEFS["outlet"], REGISTRY_KEYS["outlets"])):
        assert tuple(definition["properties"]) == keys
        assert definition["additionalProperties"] is False
    assert set(REGISTRY_FILES) == set(REGISTRY_KEYS)
    for name in REGISTRY_FILES:  # a registry maps ids to entries of its kind
        assert DEFS[f"{name}-file"]["propertyNames"] == {"$ref": "#/$defs/registry-id"}


def test_the_patterns_are_the_validators_regular_expressions():
    assert DEFS["registry-id"]["pattern"] == rf"^{ID.pattern}$(?!\n)"  # see its $comment
    assert DEFS["id"]["pattern"] == DEFS["id-list"]["pattern"] == \
        DEFS["id-list"]["items"]["pattern"] == rf"^\s*{ID.pattern}\s*$"
    assert ITEM.pattern == f"(?P<event>{ID.pattern})#(?P<item>{ID.pattern})"
    assert DEFS["item-reference"]["pattern"] == rf"^\s*(?:{ID.pattern}#{ID.pattern})?\s*$"
    clean = re.compile(DEFS["clean"]["pattern"])
    for code in [*range(0x250), 0x2028, 0x2029, 0xFEFF, 0x10FFFF]:
        assert bool(clean.search(f"a{chr(code)}b")) != bool(CONTROL.search(chr(code))), hex(code)


def folded_at_most(limit: int) -> str:
    """Text of at most `limit` characters once read_text has folded its whitespace: a first
    character that is not a space, then characters or runs of spaces before one."""
    return rf"^\s*(?:\S(?:\S|\s+(?=\S)){{0,{limit - 1}}}\s*)?$"


def test_the_length_limits_are_the_validators():
    assert DEFS["text-500"]["pattern"] == folded_at_most(SHORT_TEXT)
    assert DEFS["text-4000"]["pattern"] == folded_at_most(LONG_TEXT["stance"])
    assert LONG_TEXT["stance"] == LONG_TEXT["description"]
    assert DEFS["url"]["allOf"][1]["pattern"] == folded_at_most(LONG_TEXT["url"])
    long_fields = {key for key, value in [*SCHEMA["properties"].items(),
                                          *((k, v) for d in DEFS.values()
                                            for k, v in d.get("properties", {}).items())]
                   if value.get("$ref") in ("#/$defs/text-4000", "#/$defs/url")}
    assert long_fields == set(LONG_TEXT)


@given(st.lists(st.sampled_from(["x", "é", " ", "  ", "\t\n", "\u3000", "\u00a0 "]),
                min_size=440, max_size=560).map("".join))
@settings(max_examples=60, deadline=None)
def test_text_is_measured_as_check_measures_it(text):
    accepted = not list(validator("text-500").iter_errors(text))
    assert accepted == (len(" ".join(text.split())) <= SHORT_TEXT)  # what read_text measures


def date_agrees(text: str) -> None:
    """The date pattern accepts exactly what read_date reads: no control character, then
    parse_date of the text with its whitespace folded (a range that runs backwards aside:
    that rule is not the schema's)."""
    try:
        parsed = not CONTROL.search(text) and bool(parse_date(" ".join(text.split())))
    except DateError as error:
        parsed = str(error).endswith("the range ends before it starts")
    accepted = not list(validator("date").iter_errors(text)) and bool(text.strip())
    assert accepted == parsed, text


@pytest.mark.parametrize("year", ["0000", "0001", "0004", "0100", "0400", "0999", "1900",
                                  "2000", "2023", "2024", "9996", "9999"])
def test_every_day_and_month_of_a_year_reads_as_parse_date_reads_it(year):
    texts = [year, f"{year}-{1:d}", f"{year}-1-01"] + \
        [f"{year}-{month:02d}" for month in range(14)] + \
        [f"{year}-{month:02d}-{day:02d}" for month in range(14) for day in range(33)]
    for text in texts:
        for qualifier in ("", "~", "?", "%", "~?", "#"):
            date_agrees(text + qualifier)


POINT = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[~?%]?"


@given(st.one_of(
    st.from_regex(f"{POINT}(/{POINT})?", fullmatch=True),
    st.tuples(st.dates(date(1, 1, 1)), st.dates(date(1, 1, 1)),
              st.sampled_from(["", "~", "?", "%"])).map(
        lambda t: f"{t[0].isoformat()}{t[2]}/{t[1].isoformat()[:7]}"),
    st.text(alphabet="0123456789-/~?% \tT", max_size=24)))
@settings(max_examples=400, deadline=None)
def test_any_date_string_reads_as_parse_date_reads_it(text):
    date_agrees(text)


# ---------------------------------------------------------------------------------------
# What ships


def test_every_shipped_event_and_registry_meets_the_schema():
    events_dir = ROOT / "events"
    paths = files_check_reads(events_dir)
    assert len(paths) > 50 and {p.name for p in paths} >= {"parties.yml", "topics.yml"}
    refused = {}
    for path in paths:
        data = read_data(path)
        assert data is not NO_DOCUMENT, path
        if errors := schema_errors(path, data):
            refused[str(path.relative_to(events_dir))] = errors
    assert not refused


def test_dates_reach_the_schema_as_the_text_written():
    data = read_data(ROOT / "events" / "2025" / "2025-06-02-istanbul-second-round.md")
    assert isinstance(data, dict) and data["date"] == "2025-06-02"
    assert all(isinstance(s.get("published", ""), str) for s in data["sources"])


# ---------------------------------------------------------------------------------------
# Agreement with check: the broken inputs of tests/cases/


CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


@pytest.mark.parametrize("name", CASE_NAMES)
def test_the_schema_and_check_agree_on_every_case(name, tmp_path):
    shutil.copytree(CASES / name, tmp_path, symlinks=True, dirs_exist_ok=True)
    for registry in (CASES / "_registries").iterdir():
        if not os.path.lexists(tmp_path / "events" / registry.name):
            shutil.copy(registry, tmp_path / "events" / registry.name)
    assert not disagreements(tmp_path / "events")


def test_the_cases_cover_what_the_schema_refuses():
    """The comparison above is not empty: the schema refuses files in many cases."""
    refusing = []
    for name in CASE_NAMES:
        events_dir = CASES / name / "events"
        for path in files_check_reads(events_dir):
            try:
                data = read_data(path)
            except Inexpressible:
                continue
            if data is not NO_DOCUMENT and schema_errors(path, data):
                refusing.append(name)
    assert len(set(refusing)) >= 15


# ---------------------------------------------------------------------------------------
# Agreement with check: mutations of a valid event and of valid registries


REGISTRIES = {
    "parties": {"ukraine": {"name": "Ukraine", "short": "UA", "kind": "state"},
                "russia": {"name": "Russia", "kind": "state"},
                "turkey": {"name": "Türkiye", "kind": "state"}},
    "topics": {"ceasefire": {"title": "Ceasefire", "description": "A halt.", "order": "1"},
               "prisoners": {"title": "Prisoners"}},
    "types": {"talks": {"title": "Talks"}, "meeting": {"title": "Meeting"}},
    "outlets": {"wire": {"name": "Wire Agency", "kind": "wire", "country": "GB",
                         "url": "https://wire.example/"}},
}
EARLIER = {
    "date": "2025-06-01", "title": "First round", "type": "talks",
    "sources": [{"id": "s1", "outlet": "wire"}],
    "claims": [{"id": "held", "party": "russia", "topic": "prisoners",
                "text": "Says all were held lawfully.", "source": "s1"}],
    "commitments": [{"id": "exchange", "parties": ["ukraine", "russia"], "topic": "prisoners",
                     "text": "Exchange 1,000 prisoners each.", "source": "s1"}],
}
VALID = {  # every field, every record
    "date": "2025-06-02", "title": "Second round", "type": "talks", "location": "Istanbul",
    "parties": ["ukraine"], "mediators": ["turkey"], "topics": ["ceasefire"],
    "tags": ["istanbul-process"], "follows": ["2025-06-01-earlier"],
    "sources": [{"id": "s1", "outlet": "Reuters", "title": "Talks end",
                 "published": "2025-06-02", "url": "https://example.org/a?b=1#c"},
                {"id": "s2", "outlet": "wire"}],
    "positions": [{"party": "ukraine", "topic": "ceasefire", "stance": "Wants 30 days.",
                   "source": "s1", "speaker": "The delegation", "change": "restated"}],
    "claims": [{"id": "lawful", "party": "ukraine", "topic": "prisoners",
                "text": "Says the prisoners were mistreated.", "source": "s2",
                "speaker": "Ombudsman", "disputes": "2025-06-01-earlier#held"}],
    "commitments": [{"id": "wounded", "parties": ["ukraine", "russia"], "topic": "prisoners",
                     "text": "Exchange the severely wounded.", "source": "s1", "due": "2025-07"}],
    "fulfils": [{"commitment": "2025-06-01-earlier#exchange", "status": "partly-kept",
                 "text": "Half were exchanged.", "source": "s2"}],
}

TEXTS = ["", "   ", "No", "x" * SHORT_TEXT, "x" * (SHORT_TEXT + 1), " x" * (SHORT_TEXT // 2),
         "x" + " \n\t" * 400 + "y", "  padded  ", "a\tb\nc", "a\x1bb", "a\x07", "a\x85b",
         "a\x9fb", "\x1cx", "a\u2028b", "x" * 4000, "x" * 4001, "é" * 501, "ü" * 500]
IDS = ["s1", "x", "Ukraine", "ukr aine", "a--b", "-a", "a-", " ukraine ", "ukraine\t", "ü",
       "index", "a_b", "1", "x" * SHORT_TEXT, "x" * (SHORT_TEXT + 1), "", "\x1cs1", "s1\x1b",
       "russia", "nobody", "turkey"]
DATES = ["2025-06-02", "2025-06", "2025", "2025-06~", "2025-06-02?", "2025%", "2025-06-02~?",
         "2025-05-23/2025-05-25", "2025-06-02/2025-05-01", "2025/2026", "June 2", "2025-02-30",
         "2024-02-29", "2025-02-29", "1900-02-29", "2000-02-29", "2025-13", "2025-00", "0000",
         "0000-01", "2025-6-2", "2025-06-02T10:00", " 2025-06-02 ", "2025-06-02 / 2025-06-03",
         "2025-06-02/2025-06-03/2025-06-04", "2025-04-31", "2025-06-31", "20250602", "+2025",
         "2025/", "/2025", "0999-06-02", "9999-12-31", "2025-06-02\x1b", "", " "]
URLS = ["https://example.org/a", "HTTP://EXAMPLE.ORG", "Https://x", "http://x", "http://",
        "https:///x", "http://?x", "http://#x", "ftp://example.org", "javascript:alert(1)",
        "//example.org", "example.org", "http:example.org", "https://example.org/a b",
        " https://example.org/ ", "https://exämple.org/ü", "https://x.org/" + "a" * 1986,
        "https://x.org/" + "a" * 1987, "", "   ", "https://x.org/\x1b", "mailto:a@b.org"]
CHANGES = [*CHANGE_MARKS, "", " ", " new ", "NEW", "changed", "new restated", "new\n"]
STATUSES = [*FULFILMENT_STATUSES, "", " kept ", "Kept", "done", "in progress"]
REFERENCES = ["2025-06-01-earlier#held", "2025-06-01-earlier#exchange", "a#b", "a#", "#b",
              "A#b", "a#b#c", "a # b", " a#b ", "a", "", "2025-06-02-talks#lawful"]
ORDERS = ["1", "-5", "123456789", "-123456789", "1234567890", "1.5", "+1", " 7 ", "", "x",
          "0", "007", "1e3"]
SHAPES = [None, [], ["s1"], {"k": "v"}, [None], [{"k": "v"}], [["x"]]]
BY_KEY = {  # the values to try at a key, besides SHAPES
    "date": DATES, "published": DATES, "due": DATES, "url": URLS, "change": CHANGES,
    "status": STATUSES, "disputes": REFERENCES, "commitment": REFERENCES, "order": ORDERS,
    "kind": [*PARTY_KINDS, *OUTLET_KINDS, "", " state ", "country", "wires"],
    "stance": TEXTS, "description": TEXTS,
}
ID_KEYS = {"id", "party", "topic", "source", "type"}
ID_LISTS = {"parties", "mediators", "topics", "tags", "follows"}
RECORD_LISTS = {"sources", "positions", "claims", "commitments", "fulfils"}


def values_at(key: str | int, parent_key: str | None) -> list[object]:
    """The values tried at one key of a mapping (or one item of a list)."""
    if isinstance(key, int):  # an item of a list
        return [*IDS, " ", "2025-06-01-earlier"] if parent_key in ID_LISTS else [*SHAPES, "s"]
    if key in ID_LISTS:
        return [*IDS, ["ukraine", "ukraine"], ["ukraine", " russia "], [""], ["x" * 501],
                ["Ukraine"], *SHAPES]
    if key in RECORD_LISTS:
        return [[], "s1", {"id": "s1", "outlet": "Wire"}, [None], ["s1"], *SHAPES]
    return [*BY_KEY.get(key, IDS if key in ID_KEYS else TEXTS), *SHAPES]


def mutations(data: object, where: tuple = (), parent_key: str | None = None
              ) -> Iterator[tuple[str, object]]:
    """(label, changed copy of the root) for every change at and below `where`."""
    node = data
    for step in where:
        node = node[step]  # type: ignore[index]
    label = "/".join(map(str, where)) or "(root)"

    def changed(update) -> object:
        copy = deepcopy(data)
        target = copy
        for step in where:
            target = target[step]  # type: ignore[index]
        update(target)
        return copy

    if isinstance(node, dict):
        for key in list(node):
            yield f"{label}: without {key}", changed(lambda t, k=key: t.pop(k))
            for value in values_at(key, parent_key):
                yield f"{label}/{key} = {value!r:.40}", \
                    changed(lambda t, k=key, v=value: t.__setitem__(k, deepcopy(v)))
            yield from mutations(data, (*where, key), key)
        for extra in ("bogus", "Title", "", "~", "title "):
            yield f"{label}: plus {extra!r}", changed(lambda t, k=extra: t.__setitem__(k, "x"))
    elif isinstance(node, list):
        for index in range(len(node)):
            yield f"{label}: without [{index}]", changed(lambda t, i=index: t.pop(i))
            for value in values_at(index, parent_key):
                yield f"{label}[{index}] = {value!r:.40}", \
                    changed(lambda t, i=index, v=value: t.__setitem__(i, deepcopy(v)))
            yield from mutations(data, (*where, index), parent_key)


def dump(data: object) -> str:
    """YAML for data: every string quoted where YAML would read it as something else."""
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                     allow_unicode=True, sort_keys=False, width=1 << 20)


def front_matter(data: object) -> str:
    return f"---\n{dump(data)}---\nNarrative.\n"


def project(folder: Path) -> Path:
    """A valid project: the registries, an earlier event, and VALID (written by place())."""
    events_dir = folder / "events"
    shutil.rmtree(events_dir, ignore_errors=True)
    (events_dir / "2025").mkdir(parents=True)
    for name, entries in REGISTRIES.items():
        (events_dir / REGISTRY_FILES[name]).write_text(dump(entries), encoding="utf-8")
    (events_dir / "2025" / "2025-06-01-earlier.md").write_text(front_matter(EARLIER),
                                                               encoding="utf-8")
    return events_dir


def place(events_dir: Path, data: object) -> Path:
    """Write the event under the name its date asks for (any name when it has none), so
    that only what its front matter holds can be wrong."""
    for old in (events_dir / "2025").glob("*-talks.md"):
        old.unlink()
    day = "2025-06-02"
    value = data.get("date") if isinstance(data, dict) else None
    if isinstance(value, str):
        with contextlib.suppress(DateError):
            day = parse_date(" ".join(value.split())).start.isoformat()
    path = events_dir / "2025" / f"{day}-talks.md"
    path.write_text(front_matter(data), encoding="utf-8")
    return path


def test_the_valid_project_is_valid_to_both(tmp_path):
    events_dir = project(tmp_path)
    place(events_dir, VALID)
    assert check_problems(events_dir) == {}
    for path in files_check_reads(events_dir):
        assert schema_errors(path, read_data(path)) == [], path


def test_the_schema_and_check_agree_on_every_mutation_of_a_valid_event(tmp_path):
    events_dir = project(tmp_path)
    tried, refused, found = 0, 0, []
    for label, data in mutations(VALID):
        for schema_refuses, check_refuses, why in verdicts(events_dir, place(events_dir, data)):
            tried += 1
            refused += schema_refuses
            found += [f"{label}: {why}"] if schema_refuses != check_refuses else []
    assert not found, f"{len(found)} of {tried}:\n" + "\n".join(found[:30])
    assert tried > 1400 and refused > tried // 2


def test_the_schema_and_check_agree_on_every_mutation_of_the_registries(tmp_path):
    events_dir = project(tmp_path)
    place(events_dir, VALID)
    found, tried = [], 0
    for name, entries in REGISTRIES.items():
        path = events_dir / REGISTRY_FILES[name]
        variants = [*mutations(entries), ("empty", {}), ("a list", []), ("text", "x"),
                    *((f"key {k!r}", {**entries, k: deepcopy(next(iter(entries.values())))})
                      for k in ("Ukraine", "index", "ukr aine", "a--b", "", "~", "x" * 600,
                               "belarus\n", " belarus", "belarus "))]
        for label, data in variants:
            path.write_text(dump(data), encoding="utf-8")
            tried += 1
            found += [f"{name}: {label}: {d}" for d in disagreements(events_dir, path)]
        path.write_text(dump(entries), encoding="utf-8")
    assert not found, f"{len(found)} of {tried}:\n" + "\n".join(found[:30])
    assert tried > 400


def test_the_comparison_notices_a_schema_that_is_too_loose_or_too_strict(tmp_path):
    events_dir = project(tmp_path)
    place(events_dir, VALID)
    for where, edit in (  # the mutations at `where`, and a change of the schema they notice
            ("(root)/title", lambda d: d["text-500"].update(pattern=".*")),  # too loose
            ("claims/0: plus", lambda d: d["claim"].pop("additionalProperties")),
            ("commitments/0/parties", lambda d: d["commitment"]["properties"]["parties"]
             .update(minItems=1)),  # too strict
            ("(root)/type", lambda d: d["id"].update(pattern=rf"^{ID.pattern}$"))):
        changed = deepcopy(SCHEMA)
        edit(changed["$defs"])
        document = json.dumps(changed)
        assert not disagreements(events_dir, document=document)  # VALID is still valid
        noticed = 0
        for label, data in mutations(VALID):
            if label.startswith(where):
                path = place(events_dir, data)
                noticed += bool(disagreements(events_dir, path, document))
        assert noticed, where


def leaf_paths(data: object, where: tuple = ()) -> Iterator[tuple]:
    """Every place in VALID where a value can be replaced."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*where, key)
            yield from leaf_paths(value, (*where, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*where, index)
            yield from leaf_paths(value, (*where, index))


WHERE = list(leaf_paths(VALID))
# Text from characters that matter to some rule, URLs, and any known value of any kind. No
# `[` or `]`, nor characters that NFKC folds into `/?#@:` (U+FF0F…): Python's urlsplit
# raises on such a host and read_url does not catch it, so check stops with a traceback on
# `url: "http://[x"` (a bug of the validator, left for its owners); the schema accepts it.
ODD_TEXT = st.text(alphabet="az09-#/:~?%. \t\n\x1b\x85\u00a0\u3000AZé_", max_size=30)
URL_TEXT = st.builds("".join, st.lists(st.sampled_from(
    ["http", "HTTPS", "s", "://", ":", "/", "?", "#", "@", "x", ".org", " ", "-", "%20"]),
    max_size=8))
KNOWN = [*TEXTS, *IDS, *DATES, *URLS, *CHANGES, *STATUSES, *REFERENCES, *ORDERS]
VALUES = st.recursive(
    st.one_of(st.none(), st.sampled_from(KNOWN), ODD_TEXT, URL_TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(["id", "outlet", "x", "party"]),
                                            inner, max_size=3)),
    max_leaves=6)


@given(st.lists(st.tuples(st.sampled_from(WHERE), VALUES), min_size=1, max_size=3))
@settings(max_examples=300, deadline=None)
def test_the_schema_and_check_agree_on_random_changes(tmp_path_factory, changes):
    events_dir = project(tmp_path_factory.getbasetemp() / "random-changes")
    data = deepcopy(VALID)
    for where, value in changes:
        target = data
        try:
            for step in where[:-1]:
                target = target[step]
            target[where[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced what this one reaches into
    assert not disagreements(events_dir, place(events_dir, data))

