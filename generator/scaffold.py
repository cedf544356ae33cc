"""Write a new event file, ready to fill in, named from its date and title."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from generator.dates import DateError, parse_date
from generator.errors import TimelineError
from generator.validate import ID

TEMPLATE = """---
date: {date}
title: {title}
type: {type}
location:
parties: []
mediators: []
topics: []
tags: []
sources:
  - id: s1
    outlet:
    title:
    published:
    url:
positions: []
# - party: ...
#   topic: ...
#   stance: What the party said it wants, in your own words.
#   source: s1
---
What happened, in your own words. Name the people and places, so that search finds them.
"""


class ScaffoldError(TimelineError):
    """The new event cannot be written: a bad date or slug, or the file exists."""


def slugify(title: str) -> str:
    """Make a lowercase ASCII slug from a title: 'Talks in Türkiye' -> 'talks-in-turkiye'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")


def new_event(events_dir: Path, title: str, date: str, event_type: str,
              slug: str | None = None) -> Path:
    """Create `events/YYYY/YYYY-MM-DD-slug.md`, refusing to overwrite anything."""
    try:
        parsed = parse_date(date)
    except DateError as error:
        raise ScaffoldError(f"--date: {error}") from None
    if slug is None and not slugify(title):
        raise ScaffoldError("--title: cannot make a file name from this title; "
                            "pass --slug, such as --slug geneva-talks")
    slug = slug or slugify(title)
    if not ID.fullmatch(slug):
        raise ScaffoldError(f"--slug: {slug!r} must be lowercase letters, digits and hyphens")
    if not ID.fullmatch(event_type):
        raise ScaffoldError(f"--type: {event_type!r} must be an id such as talks")
    path = events_dir / str(parsed.start.year) / f"{parsed.start.isoformat()}-{slug}.md"
    if path.exists():
        raise ScaffoldError(f"{path} exists already; choose another --slug")
    path.parent.mkdir(parents=True, exist_ok=True)
    content = TEMPLATE.format(date=parsed.text, title=json.dumps(" ".join(title.split()),
                                                               ensure_ascii=False),
                              type=event_type)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(content)
    return path
