"""The record an event carries besides its positions: claims that another party disputes,
commitments, and progress on earlier commitments. Each is checked at its own line here;
whether what it names exists at another event is a rule across events (references.py)."""

from __future__ import annotations

import re

import yaml

from generator.errors import Problem
from generator.load import Document
from generator.model import FULFILMENT_STATUSES, Claim, Commitment, Fulfilment, Reference, Registry
from generator.validate.fields import (
    Fields,
    key_of,
    read_choice,
    read_cited,
    read_date,
    read_id,
    read_id_list,
    read_list,
    read_record,
    read_text,
)

CLAIM_KEYS = ("id", "party", "topic", "text", "speaker", "source", "disputes")
COMMITMENT_KEYS = ("id", "parties", "topic", "text", "source", "due")
FULFILMENT_KEYS = ("commitment", "status", "text", "source")
ITEM = re.compile(r"(?P<event>[a-z0-9]+(?:-[a-z0-9]+)*)#(?P<item>[a-z0-9]+(?:-[a-z0-9]+)*)")


def read_item_reference(fields: Fields, key: str, what: str,
                        required: bool = False) -> Reference | None:
    """`EVENT-ID#ITEM-ID`: a claim or commitment of an event, with the line naming it."""
    text = read_text(fields, key, required=required)
    if not text:
        return None
    match = ITEM.fullmatch(text)
    if not match:
        fields.report(fields.value(key), key,
                      f"{text!r} is not a reference to a {what}: write EVENT-ID#{what.upper()}-ID, "
                      "such as 2025-06-02-istanbul-second-round#children")
        return None
    node = fields.value(key)
    return Reference(match["event"], fields.doc.line(node) if node is not None else 1,
                     match["item"])


def validate_claim(doc: Document, node: yaml.Node, where: str, registry: Registry,
                   source_ids: set[str], problems: list[Problem]) -> Claim | None:
    """One claim, which cites a source of this event and may dispute another claim."""
    return read_record(doc, node, where, CLAIM_KEYS, problems, lambda fields: Claim(
        id=read_id(fields, "id", None, "claim"),
        party=read_id(fields, "party", registry.parties, "party"),
        topic=read_id(fields, "topic", registry.topics, "topic"),
        text=read_text(fields, "text", required=True),
        source=read_cited(fields, source_ids),
        speaker=read_text(fields, "speaker"),
        disputes=read_item_reference(fields, "disputes", "claim")))


def validate_commitment(doc: Document, node: yaml.Node, where: str, registry: Registry,
                        source_ids: set[str], problems: list[Problem]) -> Commitment | None:
    """One commitment: who promised what, on which topic, by when, according to whom."""
    def build(fields: Fields) -> Commitment:
        parties = read_id_list(fields, "parties", registry.parties, "party")
        if not parties and fields.value("parties") is None:
            fields.report(fields.key_node("parties"), "parties",
                          "is required: name at least one")
        return Commitment(id=read_id(fields, "id", None, "commitment"), parties=parties,
                          topic=read_id(fields, "topic", registry.topics, "topic"),
                          text=read_text(fields, "text", required=True),
                          source=read_cited(fields, source_ids),
                          due=read_date(fields, "due", required=False))
    return read_record(doc, node, where, COMMITMENT_KEYS, problems, build)


def validate_fulfilment(doc: Document, node: yaml.Node, where: str, source_ids: set[str],
                        problems: list[Problem]) -> Fulfilment | None:
    """Progress on a commitment: which one, how it stands, what happened, per which source."""
    def build(fields: Fields) -> Fulfilment | None:
        reference = read_item_reference(fields, "commitment", "commitment", required=True)
        status = read_choice(fields, "status", FULFILMENT_STATUSES, "status", required=True)
        text = read_text(fields, "text", required=True)
        source = read_cited(fields, source_ids)
        return Fulfilment(reference, status, text, source) if reference else None
    return read_record(doc, node, where, FULFILMENT_KEYS, problems, build)


def validate_records(fields: Fields, registry: Registry, source_ids: set[str]
                     ) -> tuple[tuple[Claim, ...], tuple[Commitment, ...], tuple[Fulfilment, ...]]:
    """An event's claims, commitments and fulfilments; claim and commitment ids are unique
    within the event (each is the anchor of its entry on the page)."""
    doc, problems = fields.doc, fields.problems
    claims = [(i, n, c) for i, n in enumerate(read_list(fields, "claims"))
              if (c := validate_claim(doc, n, f"claims[{i}]", registry, source_ids, problems))]
    commitments = [(i, n, m) for i, n in enumerate(read_list(fields, "commitments"))
                   if (m := validate_commitment(doc, n, f"commitments[{i}]", registry,
                                                source_ids, problems))]
    fulfils = [f for i, n in enumerate(read_list(fields, "fulfils"))
               if (f := validate_fulfilment(doc, n, f"fulfils[{i}]", source_ids, problems))]
    seen: set[str] = set()
    for kind, built in (("claims", claims), ("commitments", commitments)):
        for index, node, item in built:
            if item.id in seen:
                problems.append(Problem(doc.path, doc.line(key_of(node, "id")),
                                        f"{kind}[{index}].id",
                                        f"{item.id!r} is used twice among this event's claims "
                                        "and commitments"))
            seen.add(item.id)
    return (tuple(c for _, _, c in claims), tuple(c for _, _, c in commitments),
            tuple(fulfils))


