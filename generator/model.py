"""The typed, frozen model that validation builds and every renderer reads.

Renderers never see raw YAML. New kinds of record (attributed claims, commitments,
an outlet register) join as new frozen classes, a tuple on `Event` or a mapping on
`Registry`, without changing the ones here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from generator.dates import EventDate

PARTY_KINDS = ("state", "organisation", "group", "person")
OUTLET_KINDS = ("official", "state-affiliated", "wire", "independent", "partisan", "other")
# The editor's judgement of a stance against the same party's previous one on the topic.
CHANGE_MARKS = ("new", "restated", "refined", "softened", "hardened", "reversed")
FULFILMENT_STATUSES = ("in-progress", "kept", "partly-kept", "broken")

# The default vocabulary of event types; a project may replace it with events/types.yml.
DEFAULT_TYPES = {
    "talks": "Talks", "meeting": "Meeting", "summit": "Summit", "call": "Call",
    "statement": "Statement", "proposal": "Proposal", "agreement": "Agreement",
    "exchange": "Exchange", "ceasefire": "Ceasefire", "military": "Military action",
    "humanitarian": "Humanitarian", "other": "Other",
}


@dataclass(frozen=True)
class Party:
    """A side, a mediator or any actor that events name."""

    id: str
    name: str
    kind: str
    short: str = ""


@dataclass(frozen=True)
class Topic:
    """An issue on which parties take positions."""

    id: str
    title: str
    description: str = ""
    order: int = 0


@dataclass(frozen=True)
class EventType:
    """One word of the event-type vocabulary."""

    id: str
    title: str
    builtin: bool = False  # from DEFAULT_TYPES: its title is said in the site's language


@dataclass(frozen=True)
class Source:
    """Where the record of an event comes from; positions cite it by id."""

    id: str
    outlet: str
    title: str = ""
    published: EventDate | None = None
    url: str = ""


@dataclass(frozen=True)
class Outlet:
    """A registered outlet that sources may name by id, with what kind of outlet it is."""

    id: str
    name: str
    kind: str
    country: str = ""
    url: str = ""


@dataclass(frozen=True)
class Position:
    """What one party stated at one event on one topic, according to one source."""

    party: str
    topic: str
    stance: str
    source: str
    speaker: str = ""
    change: str = ""  # one of CHANGE_MARKS, or "" when the editor did not judge it


@dataclass(frozen=True)
class Reference:
    """An event that another names, and the line of the file where it is named: rules
    across events check references on every run, also for events taken from the cache."""

    id: str
    line: int
    item: str = ""  # a claim or commitment of that event (`EVENT-ID#ITEM-ID`)


@dataclass(frozen=True)
class Claim:
    """A statement of fact that a party makes and another contests, with its source."""

    id: str
    party: str
    topic: str
    text: str
    source: str
    speaker: str = ""
    disputes: Reference | None = None  # the claim, here or at another event, it contests


@dataclass(frozen=True)
class Commitment:
    """What parties agreed or promised at an event, and by when (optional)."""

    id: str
    parties: tuple[str, ...]
    topic: str
    text: str
    source: str
    due: EventDate | None = None


@dataclass(frozen=True)
class Fulfilment:
    """Progress on a commitment made at an earlier (or the same) event."""

    commitment: Reference
    status: str  # one of FULFILMENT_STATUSES
    text: str
    source: str


@dataclass(frozen=True)
class Event:
    """One dated event: the unit of the timeline."""

    id: str
    path: str
    date: EventDate
    title: str
    type: str
    narrative: str = ""
    location: str = ""
    parties: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    positions: tuple[Position, ...] = ()
    follows: tuple[Reference, ...] = ()  # earlier events this one follows up
    claims: tuple[Claim, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    fulfils: tuple[Fulfilment, ...] = ()

    @property
    def sort_key(self) -> tuple:
        """Earliest day first, then the shorter span, then the id: a stable total order."""
        return (self.date.start, self.date.end, self.id)

    def source(self, source_id: str) -> Source:
        """Return the source that a position cites (validation guarantees it exists)."""
        return next(s for s in self.sources if s.id == source_id)

    def everyone(self) -> tuple[str, ...]:
        """Parties and mediators, in the order the event names them, without repeats."""
        return tuple(dict.fromkeys(self.parties + self.mediators))

    def references(self) -> tuple[Reference, ...]:
        """Every other event this one names: those it follows, the claims it disputes and
        the commitments it reports on. Their sections show this event, and it shows them."""
        return self.follows + tuple(c.disputes for c in self.claims if c.disputes) + \
            tuple(f.commitment for f in self.fulfils)

    def claim(self, claim_id: str) -> Claim | None:
        """The claim with this id, if the event makes it."""
        return next((c for c in self.claims if c.id == claim_id), None)

    def commitment(self, commitment_id: str) -> Commitment | None:
        """The commitment with this id, if the event records it."""
        return next((c for c in self.commitments if c.id == commitment_id), None)


def _frozen(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Registry:
    """The ids that events may use: parties, topics and event types."""

    parties: Mapping[str, Party] = field(default_factory=dict)
    topics: Mapping[str, Topic] = field(default_factory=dict)
    types: Mapping[str, EventType] = field(default_factory=dict)
    outlets: Mapping[str, Outlet] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("parties", "topics", "types", "outlets"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    def topics_in_order(self) -> list[Topic]:
        """Topics by their display order, then title, then id."""
        return sorted(self.topics.values(), key=lambda t: (t.order, t.title.casefold(), t.id))


@dataclass(frozen=True)
class Dataset:
    """Everything the renderers need: the registry and the validated events, sorted."""

    registry: Registry
    events: tuple[Event, ...]
