"""Gather everything the pages need from the events, once, before anything is rendered."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import Enum

from generator.model import Dataset, Event, Position
from generator.urls import month_of


class Change(Enum):
    """How a stance compares with the same party's previous one on the same topic."""

    FIRST = "first"
    CHANGED = "changed"
    RESTATED = "restated"


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
    history: dict[tuple[str, str], tuple[Stance, ...]]  # (party, topic), oldest first

    def years(self) -> list[int]:
        """Every year that has an event, oldest first."""
        return sorted({y for y, _ in self.by_month} | set(self.by_year))

    def months(self, year: int) -> list[int]:
        """The months of a year that have events."""
        return sorted(m for y, m in self.by_month if y == year)

    def latest(self, party: str, topic: str) -> Stance | None:
        """A party's current stance on a topic: the one from its latest event."""
        stances = self.history.get((party, topic))
        return stances[-1] if stances else None

    def parties_with_positions(self) -> list[str]:
        """Parties that stated any position, in registry order."""
        stated = {party for party, _ in self.history}
        return [p for p in self.dataset.registry.parties if p in stated]


def mark_changes(entries: list[tuple[Event, int]]) -> tuple[Stance, ...]:
    """Mark each stance as first stated, changed or restated, in date order."""
    stances, previous = [], None
    for event, number in entries:
        position = event.positions[number]
        change = Change.FIRST if previous is None else (
            Change.RESTATED if position.stance == previous else Change.CHANGED)
        stances.append(Stance(event, position, change, number))
        previous = position.stance
    return tuple(stances)


def build_index(dataset: Dataset) -> Index:
    """Group the (already sorted) events; every list keeps timeline order."""
    by_month: dict[tuple[int, int], list[Event]] = defaultdict(list)
    by_year: dict[int, list[Event]] = defaultdict(list)
    by_party: dict[str, list[Event]] = defaultdict(list)
    by_topic: dict[str, list[Event]] = defaultdict(list)
    positions: dict[tuple[str, str], list[tuple[Event, int]]] = defaultdict(list)
    for event in dataset.events:
        month = month_of(event)
        (by_month[month] if month else by_year[event.date.start.year]).append(event)
        for party in event.everyone():
            by_party[party].append(event)
        for topic in event.topics:
            by_topic[topic].append(event)
        for number, position in enumerate(event.positions):
            positions[position.party, position.topic].append((event, number))
    return Index(
        dataset=dataset,
        by_month={k: tuple(v) for k, v in by_month.items()},
        by_year={k: tuple(v) for k, v in by_year.items()},
        by_party={k: tuple(v) for k, v in by_party.items()},
        by_topic={k: tuple(v) for k, v in by_topic.items()},
        history={k: mark_changes(v) for k, v in sorted(positions.items())},
    )
