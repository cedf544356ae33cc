"""Gather everything the pages need from the events, once, before anything is rendered."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Generic, TypeVar

from generator.model import Claim, Commitment, Dataset, Event, Fulfilment, Position, Reference
from generator.urls import month_of


class Change(Enum):
    """How a stance compares with the same party's previous one on the same topic: the
    editor's mark (`change:` on the position), or, without one, NEW for the first and
    RESTATED or UPDATED for a later one (never "changed" on the strength of new wording)."""

    NEW = "new"
    RESTATED = "restated"
    REFINED = "refined"
    SOFTENED = "softened"
    HARDENED = "hardened"
    REVERSED = "reversed"
    UPDATED = "updated"


# Marks that keep a stance as it was: "held since" looks back through them.
HOLDING = (Change.RESTATED, Change.REFINED)
PENDING, OVERDUE = "pending", "overdue"

ItemKey = tuple[str, str]  # (event id, claim or commitment id)


Item = TypeVar("Item", Claim, Commitment, Fulfilment)


@dataclass(frozen=True)
class Said(Generic[Item]):
    """A claim, a commitment or a fulfilment, with the event it was recorded at."""

    event: Event
    item: Item


@dataclass(frozen=True)
class Stance:
    """One position in a party's history on a topic, marked against the one before it."""

    event: Event
    position: Position
    change: Change
    number: int = 0  # the position's place in its event's list


@dataclass(frozen=True)
class Index:
    """The events grouped by page, party and topic, and the history of every position."""

    dataset: Dataset
    by_month: dict[tuple[int, int], tuple[Event, ...]]
    by_year: dict[int, tuple[Event, ...]]  # events dated to a year only
    by_party: dict[str, tuple[Event, ...]]
    by_topic: dict[str, tuple[Event, ...]]
    by_type: dict[str, tuple[Event, ...]]
    by_tag: dict[str, tuple[Event, ...]]  # tags as written, sorted when listed
    history: dict[tuple[str, str], tuple[Stance, ...]]  # (party, topic), oldest first
    claims: tuple[Said[Claim], ...] = ()  # every claim, in timeline order
    disputed_by: dict[ItemKey, tuple[Said[Claim], ...]] = field(default_factory=dict)
    commitments: tuple[Said[Commitment], ...] = ()  # every commitment, in timeline order
    fulfilments: dict[ItemKey, tuple[Said[Fulfilment], ...]] = field(default_factory=dict)
    claim_at: dict[ItemKey, Said[Claim]] = field(default_factory=dict)
    # Made on first use, for the pages that ask again and again (a month's "as of").
    starts: dict[tuple[str, str], list[date]] = field(default_factory=dict, compare=False)
    memo: dict = field(default_factory=dict, compare=False)
    commitment_at: dict[ItemKey, Said[Commitment]] = field(default_factory=dict)

    def years(self) -> list[int]:
        """Every year that has an event, oldest first."""
        return sorted({y for y, _ in self.by_month} | set(self.by_year))

    def months(self, year: int) -> list[int]:
        """The months of a year that have events."""
        return sorted(m for y, m in self.by_month if y == year)

    def latest(self, party: str, topic: str, as_of: date | None = None) -> Stance | None:
        """A party's current stance on a topic: the one from its latest event (that had
        begun by `as_of`, when given)."""
        stances = self.until(party, topic, as_of)
        return stances[-1] if stances else None

    def until(self, party: str, topic: str, as_of: date | None = None) -> tuple[Stance, ...]:
        """A party's stances on a topic from events that had begun by `as_of`."""
        stances = self.history.get((party, topic), ())
        if as_of is None:
            return stances
        starts = self.starts.get((party, topic))
        if starts is None:  # in timeline order, so sorted; made once for every page asking
            starts = self.starts[(party, topic)] = [s.event.date.start for s in stances]
        return stances[:bisect_right(starts, as_of)]

    def held_since(self, party: str, topic: str, as_of: date | None = None) -> Stance | None:
        """The stance from which the current one has only been restated or refined."""
        stances = self.until(party, topic, as_of)
        for stance in reversed(stances):
            if stance.change not in HOLDING:
                return stance
        return stances[0] if stances else None

    def claim(self, reference: Reference) -> Said[Claim] | None:
        """The claim a reference names, with its event."""
        return self.claim_at.get((reference.id, reference.item))

    def commitment(self, reference: Reference) -> Said[Commitment] | None:
        """The commitment a reference names, with its event."""
        return self.commitment_at.get((reference.id, reference.item))

    def disputed(self, topic: str | None = None,
                 party: str | None = None) -> list[Said[Claim]]:
        """Claims that dispute another or are disputed, on a topic or by a party."""
        return [said for said in self.claims
                if (said.item.disputes or (said.event.id, said.item.id) in self.disputed_by)
                and (topic is None or said.item.topic == topic)
                and (party is None or said.item.party == party)]

    def status(self, said: Said[Commitment], as_of: date | None = None) -> str:
        """A commitment's status: its latest fulfilment's, else pending, or overdue when
        its due date has passed by `as_of` (a date from the record, never the clock)."""
        fulfilments = [f for f in self.fulfilments.get((said.event.id, said.item.id), ())
                       if as_of is None or f.event.date.start <= as_of]
        if fulfilments:
            return fulfilments[-1].item.status
        due = said.item.due
        if as_of is not None and due is not None and due.end < as_of:
            return OVERDUE
        return PENDING

    def as_of(self) -> date | None:
        """The last day the record reaches: the end of its latest event."""
        if "as_of" not in self.memo:
            self.memo["as_of"] = max((e.date.end for e in self.dataset.events), default=None)
        return self.memo["as_of"]

    def parties_with_positions(self) -> list[str]:
        """Parties that stated any position, in registry order."""
        stated = {party for party, _ in self.history}
        return [p for p in self.dataset.registry.parties if p in stated]


def mark_changes(entries: list[tuple[Event, int]]) -> tuple[Stance, ...]:
    """Mark each stance, in date order: the editor's mark where there is one; else NEW
    for the first, RESTATED for the same words, UPDATED for other words."""
    stances: list[Stance] = []
    previous = None
    for event, number in entries:
        position = event.positions[number]
        if position.change:
            change = Change(position.change)
        elif previous is None:
            change = Change.NEW
        else:
            change = Change.RESTATED if position.stance == previous else Change.UPDATED
        stances.append(Stance(event, position, change, number))
        previous = position.stance
    return tuple(stances)


def record_of(events: tuple[Event, ...]) -> dict:
    """Claims and who disputes them, commitments and what carried them out."""
    claims = tuple(Said(e, c) for e in events for c in e.claims)
    commitments = tuple(Said(e, c) for e in events for c in e.commitments)
    disputed_by: dict[ItemKey, list[Said[Claim]]] = defaultdict(list)
    for said in claims:
        if said.item.disputes:
            disputed_by[(said.item.disputes.id, said.item.disputes.item)].append(said)
    fulfilments: dict[ItemKey, list[Said[Fulfilment]]] = defaultdict(list)
    for event in events:
        for fulfilment in event.fulfils:
            fulfilments[(fulfilment.commitment.id, fulfilment.commitment.item)].append(
                Said(event, fulfilment))
    return {"claims": claims, "commitments": commitments,
            "claim_at": {(s.event.id, s.item.id): s for s in claims},
            "commitment_at": {(s.event.id, s.item.id): s for s in commitments},
            "disputed_by": {k: tuple(v) for k, v in disputed_by.items()},
            "fulfilments": {k: tuple(v) for k, v in fulfilments.items()}}


def build_index(dataset: Dataset) -> Index:
    """Group the (already sorted) events; every list keeps timeline order."""
    by_month: dict[tuple[int, int], list[Event]] = defaultdict(list)
    by_year: dict[int, list[Event]] = defaultdict(list)
    by_party: dict[str, list[Event]] = defaultdict(list)
    by_topic: dict[str, list[Event]] = defaultdict(list)
    by_type: dict[str, list[Event]] = defaultdict(list)
    by_tag: dict[str, list[Event]] = defaultdict(list)
    positions: dict[tuple[str, str], list[tuple[Event, int]]] = defaultdict(list)
    for event in dataset.events:
        month = month_of(event)
        (by_month[month] if month else by_year[event.date.start.year]).append(event)
        for party in event.everyone():
            by_party[party].append(event)
        for topic in event.topics:
            by_topic[topic].append(event)
        by_type[event.type].append(event)
        for tag in event.tags:
            by_tag[tag].append(event)
        for number, position in enumerate(event.positions):
            positions[position.party, position.topic].append((event, number))
    return Index(
        dataset=dataset,
        by_month={k: tuple(v) for k, v in by_month.items()},
        by_year={k: tuple(v) for k, v in by_year.items()},
        by_party={k: tuple(v) for k, v in by_party.items()},
        by_topic={k: tuple(v) for k, v in by_topic.items()},
        by_type={k: tuple(v) for k, v in by_type.items()},
        by_tag={k: tuple(v) for k, v in sorted(by_tag.items())},
        history={k: mark_changes(v) for k, v in sorted(positions.items())},
        **record_of(dataset.events),
    )
