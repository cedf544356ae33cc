"""Rules across events, run over the whole dataset on every run, cached events included:
each event an event names must exist, and come no later than the event naming it."""

from __future__ import annotations

from collections.abc import Iterable

from generator.errors import Problem, expected_one_of
from generator.model import Event


def reference_problems(events: Iterable[Event], files: Iterable[str] = ()) -> list[Problem]:
    """A problem at the line of every reference to an event that does not exist or that
    is dated after the event that follows it. `files` are the ids of every event file
    read, valid or not: one that failed is reported at its own lines, not here."""
    by_id = {event.id: event for event in events}
    files = set(files)
    problems = []
    for event in by_id.values():
        for reference in event.follows:
            target = by_id.get(reference.id)
            if target is None and reference.id not in files:
                problems.append(Problem(event.path, reference.line, "follows",
                                        expected_one_of(reference.id, by_id, "event")))
            elif target is not None and target.date.start > event.date.end:
                problems.append(Problem(
                    event.path, reference.line, "follows",
                    f"{reference.id!r} is dated {target.date.text}, after this event "
                    f"({event.date.text}): an event can only follow an earlier one"))
    return problems
