"""The record in other formats than pages: feeds, a calendar, data files, the event file
schema and TimelineJS. `declare` lists them as outputs, like the pages' own `declare`.

Addresses: with a `site_url`, every link in these files is absolute. Without one, a feed
links relative to where it lies (feed readers resolve against the feed's address), a
data file names each event by its path from the site's root, and the calendar, which has
no use for a relative address, gives none.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

from generator import schemas, urls
from generator.config import Settings
from generator.formats import data, feeds, ical, search, timelinejs
from generator.i18n import Words
from generator.index import Index
from generator.model import Event
from generator.outputs import ALL, Key, Output

__all__ = ["declare"]


class Addresses:
    """How each kind of file names a page of the site."""

    def __init__(self, settings: Settings) -> None:
        self.site_url = settings.site_url

    def absolute(self, name: str, suffix: str = ".html", anchor: str = "") -> str:
        """The full address of an output, or "" without a site address."""
        if not self.site_url:
            return ""
        return self.site_url + urls.site_path(name, suffix) + (f"#{anchor}" if anchor else "")

    def from_file(self, here: str, name: str, suffix: str = ".html", anchor: str = "") -> str:
        """From the output `here` to another: absolute when the site has an address."""
        return self.absolute(name, suffix, anchor) or \
            urls.up_from(here) + name + suffix + (f"#{anchor}" if anchor else "")

    def permalink_from(self, here: str) -> Callable[[Event], str]:
        return lambda event: self.from_file(here, urls.home_of(event), anchor=event.id)

    def permalink_in_data(self, event: Event) -> str:
        """An event's address in a data file: absolute, or from the site's root."""
        return self.absolute(urls.home_of(event), anchor=event.id) or \
            urls.site_path(urls.home_of(event)) + f"#{event.id}"

    def permalink_absolute(self, event: Event) -> str:
        return self.absolute(urls.home_of(event), anchor=event.id)


def feed_id(name: str) -> str:
    """A feed's stable id, from its name alone."""
    return f"urn:uuid:{uuid.uuid5(feeds.NAMESPACE, 'feed:' + name)}"


def declare(index: Index, words: Words, settings: Settings) -> list[Output]:
    """Every feed and data file, with how to render it and what it reads."""
    registry = index.dataset.registry
    at = Addresses(settings)
    title = settings.title or words("timeline")
    declared: list[Output] = []

    def feed_pair(name: str, feed_title: str, home: str, events: tuple[Event, ...],
                  reads: set[Key]) -> None:
        for suffix, write in ((".xml", feeds.atom), (".json", feeds.json_feed)):
            options = {"title": feed_title, "home": at.from_file(name, home),
                       "self_link": at.from_file(name, name, suffix),
                       "permalink": at.permalink_from(name), "limit": settings.feed_entries}
            if write is feeds.atom:
                options["feed_id"] = feed_id(name)

            def render(write=write, options=options) -> bytes:
                return write(index, words, events, **options)
            declared.append(Output(urls.path(name, suffix), render, frozenset(reads)))

    feed_pair(urls.FEED, title, urls.TIMELINE, index.dataset.events, {ALL})
    for party in registry.parties.values():
        feed_pair(urls.party_feed(party.id), f"{title}: {party.name}", urls.party(party.id),
                  index.by_party.get(party.id, ()), {("party", party.id)})
    for topic in registry.topics.values():
        feed_pair(urls.topic_feed(topic.id), f"{title}: {topic.title}", urls.topic(topic.id),
                  index.by_topic.get(topic.id, ()), {("topic", topic.id)})

    every = frozenset({ALL})
    declared.append(Output(urls.path(urls.CALENDAR, ".ics"), lambda: ical.calendar(
        index, index.dataset.events, name=title, permalink=at.permalink_absolute), every))
    declared.append(Output(urls.path(urls.EVENTS_DATA, ".json"),
                           lambda: data.events_json(index, at.permalink_in_data), every))
    tables: dict[str, bytes] = {}

    def csv_of(name: str) -> bytes:
        if not tables:  # the four tables are made in one pass over the record
            tables.update(data.csv_files(index, at.permalink_in_data))
        return tables[name]
    for name, path in (("events", urls.EVENTS_DATA), ("positions", urls.POSITIONS_DATA),
                       ("claims", urls.CLAIMS_DATA), ("commitments", urls.COMMITMENTS_DATA)):
        declared.append(Output(urls.path(path, ".csv"), partial(csv_of, name), every))
    declared.append(Output(urls.path(urls.DATAPACKAGE, ".json"),
                           lambda: data.datapackage(title), frozenset()))
    declared.append(Output(urls.path(urls.EVENT_SCHEMA, ".json"),
                           lambda: schemas.schema("event"), frozenset()))
    # TimelineJS puts each headline's link in the page that shows the slider: from a page
    # of the generated folder (or absolute, with an address), as the data page would.
    base = settings.site_url + urls.HOME if settings.site_url else urls.UP
    declared.append(Output(urls.path(urls.TIMELINEJS, ".json"), lambda: timelinejs.export(
        index.dataset.events, registry, base, title=title, words=words), every))
    # The search index: every file reads the whole record (a term's postings span it).
    index_files = search.SearchFiles(index, words, registry)
    declared += [Output(name, partial(index_files.file, name), every)
                 for name in index_files.names()]
    return declared
