"""The record as a calendar (RFC 5545), written by the icalendar library: one all-day
VEVENT per event known to the day, a range as a range, an approximate or uncertain day
marked TENTATIVE. Events known only to the month or the year are left out: a calendar
has no way to say "some day in June".

Stable: the UID derives from the event id (as the feeds' ids do), and DTSTAMP is the
event's own last day, not the clock, so an event's entry changes only when it does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from icalendar import Calendar, Event as VEvent

from generator.formats.feeds import event_uuid, midnight, outlet_label
from generator.index import Index
from generator.model import Event

PRODID = "-//timeline-generator//timeline//EN"


def on_calendar(event: Event) -> bool:
    """Whether an event can stand on a calendar: known to the day at both ends."""
    points = [event.date.first] + ([event.date.last] if event.date.last else [])
    return all(point.precision == "day" for point in points)


def tentative(event: Event) -> bool:
    """An approximate or uncertain day."""
    points = [event.date.first] + ([event.date.last] if event.date.last else [])
    return any(point.approximate or point.uncertain for point in points)


def description(index: Index, event: Event) -> str:
    """The narrative's paragraphs (Markdown as written, each on one line), then the
    sources, one per paragraph."""
    registry = index.dataset.registry
    lines = [" ".join(paragraph.split()) for paragraph in event.narrative.split("\n\n")
             if paragraph.strip()]
    for source in event.sources:
        label = ", ".join(filter(None, (outlet_label(registry, source.outlet), source.title)))
        lines.append(f"{label}: {source.url}" if source.url else label)
    return "\n\n".join(lines)


def calendar(index: Index, events: Sequence[Event], *, name: str, permalink) -> bytes:
    """The calendar of `events`; `permalink` gives an event's absolute address, or "" when
    the site has none (a calendar has no use for a relative one)."""
    registry = index.dataset.registry
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    for event in events:
        if not on_calendar(event):
            continue
        entry = VEvent()
        entry.add("uid", event_uuid(event))
        entry.add("dtstamp", midnight(event.date.end))
        entry.add("dtstart", event.date.start)
        entry.add("dtend", event.date.end + timedelta(days=1))  # exclusive, per RFC 5545
        entry.add("summary", event.title)
        if event.location:
            entry.add("location", event.location)
        text = description(index, event)
        if text:
            entry.add("description", text)
        entry.add("categories", [registry.types[event.type].title] +
                  [registry.topics[t].title for t in event.topics])
        entry.add("status", "TENTATIVE" if tentative(event) else "CONFIRMED")
        entry.add("transp", "TRANSPARENT")
        address = permalink(event)
        if address:
            entry.add("url", address)
        cal.add_component(entry)
    return cal.to_ical()
