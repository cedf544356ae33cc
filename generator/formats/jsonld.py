"""schema.org JSON-LD for an event's section: an `Event` with its dates, place, the
parties as attendees, the mediators and hosts as organisers, and its sources as the
works it is the subject of. Search engines and link previews read it; readers never see it.

The block is a <script> element, so event text must not end it early: `<`, `>` and `&`
are written as JSON escapes, which a JSON-LD processor reads back as the same characters.
"""

from __future__ import annotations

import json

from generator.dates import DatePoint
from generator.model import Event, Registry

# What a party's kind is in schema.org's vocabulary (attendees are people or organisations).
SCHEMA_TYPE = {"state": "GovernmentOrganization", "organisation": "Organization",
               "group": "Organization", "person": "Person"}
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def point(value: DatePoint) -> str:
    """A point as ISO 8601 to its precision: 2025, 2025-06 or 2025-06-02."""
    day = value.start
    if value.precision == "year":
        return f"{day.year:04d}"
    if value.precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def event_data(registry: Registry, event: Event) -> dict:
    """The event as a schema.org `Event`, identified by its section's anchor on the page."""
    def agent(party_id: str) -> dict:
        party = registry.parties[party_id]
        return {"@type": SCHEMA_TYPE.get(party.kind, "Organization"), "name": party.name}

    data: dict = {"@context": "https://schema.org", "@type": "Event", "@id": f"#{event.id}",
                  "name": event.title, "url": f"#{event.id}",
                  "startDate": point(event.date.first)}
    if event.date.last is not None:
        data["endDate"] = point(event.date.last)
    if event.location:
        data["location"] = {"@type": "Place", "name": event.location}
    if event.parties:
        data["attendee"] = [agent(p) for p in event.parties]
    if event.mediators:
        data["organizer"] = [agent(p) for p in event.mediators]
    works = []
    for source in event.sources:
        outlet = registry.outlets.get(source.outlet)
        work: dict = {"@type": "CreativeWork",
                      "publisher": {"@type": "Organization",
                                    "name": outlet.name if outlet else source.outlet}}
        if source.title:
            work["name"] = source.title
        if source.url:
            work["url"] = source.url
        if source.published:
            work["datePublished"] = point(source.published.first)
        works.append(work)
    if works:
        data["subjectOf"] = works
    return data


def script(registry: Registry, event: Event) -> str:
    """The <script type="application/ld+json"> element for an event's section."""
    text = json.dumps(event_data(registry, event), ensure_ascii=False, separators=(",", ":"))
    return f'<script type="application/ld+json">{text.translate(_SCRIPT_SAFE)}</script>'
