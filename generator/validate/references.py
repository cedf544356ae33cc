"""Rules across events, run over the whole dataset on every run, cached events included:
every event, claim and commitment an event names must exist, and come no later than the
event naming it."""

from __future__ import annotations

from collections.abc import Iterable

from generator.errors import Problem, did_you_mean, expected_one_of
from generator.model import Event


def reference_problems(events: Iterable[Event], files: Iterable[str] = ()) -> list[Problem]:
    """A problem at the line of every reference to an event, claim or commitment that does
    not exist, or to an event dated after the one naming it. `files` are the ids of every
    event file read, valid or not: one that failed is reported at its own lines, not here."""
    by_id = {event.id: event for event in events}
    files = set(files)
    problems = []
    for event in by_id.values():
        for field, reference, what in named(event):
            target = by_id.get(reference.id)
            if target is None:
                if reference.id not in files:
                    problems.append(Problem(event.path, reference.line, field,
                                            expected_one_of(reference.id, by_id, "event")))
                continue
            if target.date.start > event.date.end:
                problems.append(Problem(
                    event.path, reference.line, field,
                    f"{reference.id!r} is dated {target.date.text}, after this event "
                    f"({event.date.text}): it can only name an earlier or the same event"))
            if what:
                problems.extend(item_problems(event, field, reference, target, what))
    return problems


def named(event: Event):
    """(field, reference, kind of item or '') for everything an event names."""
    for reference in event.follows:
        yield "follows", reference, ""
    for index, claim in enumerate(event.claims):
        if claim.disputes:
            yield f"claims[{index}].disputes", claim.disputes, "claim"
    for index, fulfilment in enumerate(event.fulfils):
        yield f"fulfils[{index}].commitment", fulfilment.commitment, "commitment"


def item_problems(event: Event, field: str, reference, target: Event, what: str) -> list[Problem]:
    """The claim or commitment named must exist at the target event, and a claim may not
    dispute itself."""
    found = target.claim(reference.item) if what == "claim" else \
        target.commitment(reference.item)
    if found is None:
        own = [c.id for c in (target.claims if what == "claim" else target.commitments)]
        other = target.commitment(reference.item) if what == "claim" else \
            target.claim(reference.item)
        hint = f" ({reference.item!r} there is a {'commitment' if what == 'claim' else 'claim'})" \
            if other is not None else did_you_mean(reference.item, own)
        listed = ", ".join(own) or "none"
        return [Problem(event.path, reference.line, field,
                        f"{reference.id} has no {what} {reference.item!r}{hint}; "
                        f"its {what}s: {listed}")]
    if what == "claim" and target is event and any(
            c.id == reference.item and c.disputes == reference for c in event.claims):
        return [Problem(event.path, reference.line, field, "a claim cannot dispute itself")]
    return []
