"""Every file a run produces, declared once: its path, how to render it, and what it reads.

`reads` names the parts of the record an output shows, as keys: the events of one month,
one year, one party or one topic, or ALL of them (the summaries). An event has the same
kinds of key (`keys_of`), so the outputs to render again after a change are exactly those
whose keys meet the keys of the changed events; nothing else spells out which page shows
what.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.model import Event
from generator.urls import month_of

Key = tuple  # ("month", year, month), ("year", year), ("party", id), ("topic", id),
#             ("type", id), ("tag", tag), ALL, MONTHS
ALL: Key = ("all",)  # shows something of every event: the summaries
MONTHS: Key = ("months",)  # the set of months that have events (month pages link neighbours)


@dataclass(frozen=True)
class Output:
    """One file of the generated folder."""

    path: str  # inside the generated folder, with its suffix
    render: Callable[[], str | bytes]
    reads: frozenset[Key]


def keys_of(event: Event) -> frozenset[Key]:
    """The parts of the record an event belongs to: the outputs reading any of them show it."""
    month = month_of(event)
    keys: set[Key] = {ALL, ("year", event.date.start.year)}
    if month:
        keys.add(("month", *month))
    keys.update(("party", party) for party in event.everyone())
    keys.update(("topic", topic) for topic in event.topics)
    keys.add(("type", event.type))
    keys.update(("tag", tag) for tag in event.tags)
    return frozenset(keys)


def months_of(events: Iterable[Event]) -> set[tuple[int, int]]:
    """The months that have events, and so a page."""
    return {month for event in events if (month := month_of(event))}


def changed_keys(changed: Iterable[Event], months_before: set[tuple[int, int]],
                 months_now: set[tuple[int, int]]) -> set[Key]:
    """The keys of every changed event (old and new versions alike), and MONTHS when a
    month came or went."""
    keys: set[Key] = set()
    for event in changed:
        keys |= keys_of(event)
    if months_before != months_now:
        keys.add(MONTHS)
    return keys


def to_render(outputs: Iterable[Output], keys: set[Key],
              as_left: Callable[[str], bool]) -> set[str]:
    """The outputs whose content may differ from what is on disk: those reading a changed
    key, and those not as the last run left them (`as_left` false: missing or touched)."""
    return {o.path for o in outputs if o.reads & keys or not as_left(o.path)}
