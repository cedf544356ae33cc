"""Write a new event file, ready to fill in, named from its date and title."""

from __future__ import annotations

import json
from pathlib import Path

from slugify import slugify as transliterated_slug  # python-slugify, with text-unidecode

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
#   change: restated        # or new, refined, softened, hardened, reversed
follows: []                 # ids of earlier events this one follows up
claims: []
# - id: ...
#   party: ...
#   topic: ...
#   text: A fact the party states and another contests, attributed.
#   source: s1
#   disputes: EVENT-ID#CLAIM-ID   # the claim it answers, if any
commitments: []
# - id: ...
#   parties: [...]
#   topic: ...
#   text: What was promised.
#   source: s1
#   due: 2025-07
fulfils: []
# - commitment: EVENT-ID#COMMITMENT-ID
#   status: kept            # in-progress, kept, partly-kept or broken
#   text: What was done.
#   source: s1
---
What happened, in your own words. Name the people and places, so that search finds them.
"""


class ScaffoldError(TimelineError):
    """The new event cannot be written: a bad date or slug, or the file exists."""


MAX_SLUG = 60  # characters; a longer slug is cut at the last whole word that fits


def slugify(title: str) -> str:
    """Make a lowercase ASCII slug from a title in any script, transliterated:
    'Talks in Türkiye' -> 'talks-in-turkiye', 'Переговоры в Стамбуле' ->
    'peregovory-v-stambule', '北京会谈' -> 'bei-jing-hui-tan'. Empty when nothing in the
    title has a Latin spelling (emoji, symbols): the caller then asks for --slug."""
    slug = transliterated_slug(title, max_length=MAX_SLUG, word_boundary=True,
                               lowercase=True)
    return slug if ID.fullmatch(slug) else ""


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
