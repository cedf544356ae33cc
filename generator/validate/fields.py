"""The readers of YAML fields: each reads one value as written, checks its shape and
records a problem at its line instead of raising."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

import yaml

from generator.dates import DateError, EventDate, parse_date
from generator.errors import Problem, did_you_mean, expected_one_of
from generator.load import Document

ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED_IDS = ("index",)  # would collide with the list page of parties/, topics/, tags/...
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

def id_problem(value: str, known: Mapping[str, object] | None, what: str,
               reserved: tuple[str, ...] = ()) -> str:
    """Why `value` is not an acceptable id, or '' when it is."""
    if not ID.fullmatch(value):
        return f"{value!r} is not an id: use lowercase letters, digits and single hyphens"
    if value in reserved:
        return f"{value!r} is reserved for the list page of every {what}: choose another {what}"
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


def items_of(fields: Fields, key: str) -> list[tuple[str, yaml.Node]]:
    """The items of a list field with their field labels; a single value is a list of one."""
    node = fields.value(key)
    if node is None:
        return []
    if isinstance(node, yaml.SequenceNode):
        return [(f"{key}[{index}]", item) for index, item in enumerate(node.value)]
    return [(key, node)]


def read_id_list(fields: Fields, key: str, known: Mapping[str, object] | None,
                 what: str, reserved: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Read a list of ids (a single id is a list of one), dropping repeats."""
    ids: list[str] = []
    for label, item in items_of(fields, key):
        if not isinstance(item, yaml.ScalarNode) or is_null(item):
            fields.report(item, label, f"expected an id, got {kind_of(item)}")
        elif problem := id_problem(item.value.strip(), known, what, reserved):
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
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 (read for its check: a port that is not a number raises)
    except ValueError as error:  # an unclosed [IPv6] host, characters NFKC makes into "/"...
        fields.report(fields.value(key), key, f"{text!r} is not a web address: {error}")
        return ""
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


def read_choice(fields: Fields, key: str, choices: tuple[str, ...], what: str,
                required: bool = False) -> str:
    """One word of a small vocabulary."""
    value = read_text(fields, key, required=required)
    if value and value not in choices:
        fields.report(fields.value(key), key, expected_one_of(value, choices, what) +
                      f"; expected one of: {', '.join(choices)}")
        return ""
    return value


def read_cited(fields: Fields, source_ids: set[str]) -> str:
    """The id of the event's source that a record cites; a problem if it has none such."""
    source = read_id(fields, "source", None, "source")
    if source and source not in source_ids:
        known = ", ".join(sorted(source_ids)) or "none"
        fields.report(fields.value("source"), "source",
                      f"cites {source!r}, which is not a source of this event"
                      f"{did_you_mean(source, source_ids)}; its sources: {known}")
    return source


Built = TypeVar("Built")


def read_record(doc: Document, node: yaml.Node, where: str, allowed: tuple[str, ...],
                problems: list[Problem], build: Callable[[Fields], Built | None]
                ) -> Built | None:
    """Open one mapping (a source, a position, a claim…) and build its record from it; the
    record only when reading it recorded no new problem."""
    fields = open_mapping(doc, node, where, allowed, problems)
    if fields is None:
        return None
    before = len(problems)
    record = build(fields)
    return record if len(problems) == before else None
