"""A page per event type and per tag, and the list of each: the events they hold, year
by year, latest first. Tags and types in an event's facts link here."""

from __future__ import annotations

from collections.abc import Sequence

from generator import html as md, urls
from generator.model import Event
from generator.pages.site import Site, items, render, section, summary, trail


def by_year(site: Site, events: Sequence[Event]) -> list[dict]:
    """Events grouped by year, latest year and latest event first."""
    years: dict[int, list[Event]] = {}
    for event in reversed(events):
        years.setdefault(event.date.start.year, []).append(event)
    return [{"title": f"{year:04d}", "anchor": f"y{year:04d}", "entries": items(site, found)}
            for year, found in years.items()]


def type_page(site: Site, type_id: str) -> str:
    """The events of one type."""
    words, title = site.words, site.registry.types[type_id].title
    events = site.index.by_type.get(type_id, ())
    return render("collection.md.j2", title=title, words=words,
                  crumbs=trail(site, section(site, "types", urls.TYPES)),
                  description=summary(words, "describe_type", type=title,
                                      events=words.count("event", len(events))),
                  intro=words("type_intro", events=words.count("event", len(events))),
                  years=by_year(site, events))


def tag_page(site: Site, tag: str) -> str:
    """The events carrying one tag."""
    words = site.words
    events = site.index.by_tag.get(tag, ())
    return render("collection.md.j2", title=tag, words=words,
                  crumbs=trail(site, section(site, "tags", urls.TAGS)),
                  description=summary(words, "describe_tag", tag=tag,
                                      events=words.count("event", len(events))),
                  intro=words("tag_intro", events=words.count("event", len(events))),
                  years=by_year(site, events))


def types_page(site: Site) -> str:
    """Every event type with events, and how many each has."""
    words = site.words
    rows = [[md.a(kind.title, urls.link(urls.type_page(kind.id))),
             str(len(site.index.by_type[kind.id]))]
            for kind in site.registry.types.values() if kind.id in site.index.by_type]
    return render("collections.md.j2", title=words("types"), words=words,
                  crumbs=trail(site, section(site, "timeline", urls.TIMELINE)),
                  description=summary(words, "describe_types"),
                  intro=words("types_intro"), header=[words("type"), words("events")],
                  rows=rows)


def tags_page(site: Site) -> str:
    """Every tag, alphabetically, and how many events carry it."""
    words = site.words
    rows = [[md.a(tag, urls.link(urls.tag(tag))), str(len(events))]
            for tag, events in site.index.by_tag.items()]
    return render("collections.md.j2", title=words("tags"), words=words,
                  crumbs=trail(site, section(site, "timeline", urls.TIMELINE)),
                  description=summary(words, "describe_tags"),
                  intro=words("tags_intro"), header=[words("tag"), words("events")], rows=rows)
