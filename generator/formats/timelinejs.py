"""The record as a TimelineJS3 JSON file (https://timeline.knightlab.com/docs/json-format.html).

TimelineJS shows a slide's headline and text as HTML. Event text is untrusted: the
headline is the title escaped (inside a link to the event's permalink) and the text is
the narrative rendered and sanitised exactly as the site renders it. Nothing else carries
text that TimelineJS would read as markup. In the group (the event type's title) `<`, `>`
and `&` become fullwidth look-alikes, because TimelineJS decodes entities in a group
before inserting it as HTML; `display_date` only ever holds a date said by the catalogue.
The file escapes every `<`, `>` and `&` as `\\u003c`, `\\u003e`, `\\u0026`, so it can also be
pasted into a `<script>` element as it is. The way back is generator/timelinejs.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator import html, urls
from generator.dates import DatePoint
from generator.formats.records import json_lines
from generator.i18n import Words, catalogue
from generator.model import Event, Registry

# TimelineJS turns a group into text with the browser's parser (decoding entities), then
# inserts that text as HTML: in a group, the characters that could start markup or an
# entity become their fullwidth look-alikes.
_GROUP_SAFE = str.maketrans({"<": "\uff1c", ">": "\uff1e", "&": "\uff06"})
_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def _date_object(point: DatePoint) -> dict[str, int]:
    """A TimelineJS date object to the precision of one point of an event's date."""
    found = {"year": point.start.year}
    if point.precision in ("month", "day"):
        found["month"] = point.start.month
    if point.precision == "day":
        found["day"] = point.start.day
    return found


def slide(event: Event, registry: Registry, base_url: str, words: Words) -> dict:
    """One event as a TimelineJS slide."""
    when = event.date
    entry: dict = {
        "unique_id": event.id,
        "start_date": _date_object(when.first),
        "text": {"headline": str(html.a(event.title, urls.event_link(event, base_url))),
                 "text": str(html.narrative_html(event.narrative)) if event.narrative else ""},
        "group": (registry.types[event.type].title if event.type in registry.types
                  else event.type).translate(_GROUP_SAFE),
        # The text is already HTML with its links: TimelineJS's autolink would link the
        # addresses inside them a second time.
        "autolink": False,
    }
    if when.last is not None and when.last != when.first:
        entry["end_date"] = _date_object(when.last)
    points = (when.first,) if when.last is None else (when.first, when.last)
    if any(p.approximate or p.uncertain for p in points):
        entry["display_date"] = words.spoken(when)
    return entry


def export(events: Iterable[Event], registry: Registry, base_url: str, *, title: str = "",
           words: Words | None = None) -> bytes:
    """The events as a TimelineJS3 JSON file: oldest first, sorted keys, no timestamps,
    UTF-8 (not ASCII escapes), and no `<`, `>` or `&` outside JSON escapes.

    `base_url` is prefixed to each event's permalink (`<base_url>timeline/2025-06.html#id`),
    the link of each headline: TimelineJS puts it in the page that shows the timeline, so
    it is the way from that page (or from the file's own folder, when the page sits
    beside it) to the generated folder. `title`, when given, becomes the title slide;
    `words` say approximate and uncertain dates (English by default).
    """
    words = words or catalogue("en")
    data: dict = {"events": [slide(e, registry, base_url, words)
                             for e in sorted(events, key=lambda e: e.sort_key)]}
    if title:
        data["title"] = {"text": {"headline": str(html.esc(" ".join(title.split()))),
                                  "text": ""}}
    text = json_lines(data, sort_keys=True)
    return re.sub("[<>&]", lambda m: _SCRIPT_SAFE[m[0]], text).encode("utf-8")
