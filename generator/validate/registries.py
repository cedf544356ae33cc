"""The registries: parties, topics, event types and outlets, each id with its fields."""

from __future__ import annotations

import re

from generator.errors import Problem, expected_one_of
from generator.load import Document, RawInput
from generator.model import (
    DEFAULT_TYPES,
    OUTLET_KINDS,
    PARTY_KINDS,
    EventType,
    Outlet,
    Party,
    Registry,
    Topic,
)
from generator.validate.fields import (
    ID,
    RESERVED_IDS,
    Fields,
    kind_of,
    open_mapping,
    read_choice,
    read_text,
    read_url,
)


def registry_entries(doc: Document | None, allowed: tuple[str, ...], what: str,
                     problems: list[Problem]) -> list[tuple[str, Fields]]:
    """Open each `id: {fields}` entry of a registry file, checking the ids."""
    if doc is None:
        return []
    outer = open_mapping(doc, doc.root, "", (), problems)
    entries: list[tuple[str, Fields]] = []
    if outer is None:
        return entries
    for key, (key_node, value_node) in outer.found.items():
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
        got = kind_of(fields.value("order"))
        fields.report(fields.value("order"), "order",
                      f"expected a whole number of at most 9 digits, got {got}")
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
    """Build the registry of parties, topics, event types and outlets."""
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
        types = {key: EventType(key, title, builtin=True) for key, title in DEFAULT_TYPES.items()}
    else:
        types = {key: EventType(key, read_text(f, "title", required=True))
                 for key, f in registry_entries(types_doc, ("title",), "type", problems)}
    outlets = {key: Outlet(key, read_text(f, "name", required=True),
                           read_choice(f, "kind", OUTLET_KINDS, "kind", required=True),
                           read_text(f, "country"), read_url(f, "url"))
               for key, f in registry_entries(raw.registries.get("outlets"),
                                              ("name", "kind", "country", "url"), "outlet",
                                              problems)}
    return Registry(parties=parties, topics=topics, types=types, outlets=outlets)
