"""The "Data and feeds" page: every feed and data file of the record, linked, with what
each holds (the files themselves are generator/formats/)."""

from __future__ import annotations

from markupsafe import Markup

from generator import html as md, urls
from generator.pages.site import Site, feeds_of, render, settings_title, summary

# The data files in the order the page lists them: (name, suffix, the word saying what it is).
FILES = [
    (urls.EVENTS_DATA, ".json", "data_events_json"),
    (urls.EVENTS_DATA, ".csv", "data_events_csv"),
    (urls.POSITIONS_DATA, ".csv", "data_positions_csv"),
    (urls.CLAIMS_DATA, ".csv", "data_claims_csv"),
    (urls.COMMITMENTS_DATA, ".csv", "data_commitments_csv"),
    (urls.DATAPACKAGE, ".json", "data_datapackage"),
    (urls.EVENT_SCHEMA, ".json", "data_schema"),
    (urls.TIMELINEJS, ".json", "data_timelinejs"),
    (urls.CALENDAR, ".ics", "data_calendar_file"),
]


def file_cell(name: str, suffix: str) -> Markup:
    """A link to a file, labelled with its file name."""
    return md.a(name.rsplit("/", 1)[-1] + suffix, urls.file_link(name, suffix))


def data_page(site: Site) -> str:
    """Feeds for the record, each party and each topic; the calendar; the data files."""
    words, index = site.words, site.index
    rows = [[words("data_whole_record"), file_cell(urls.FEED, ".xml"),
             file_cell(urls.FEED, ".json")]]
    for party in sorted(site.registry.parties.values(), key=lambda p: p.name.casefold()):
        if index.by_party.get(party.id):
            rows.append([site.links.party[party.id], file_cell(urls.party_feed(party.id), ".xml"),
                         file_cell(urls.party_feed(party.id), ".json")])
    for topic in site.registry.topics_in_order():
        if index.by_topic.get(topic.id):
            rows.append([site.links.topic[topic.id], file_cell(urls.topic_feed(topic.id), ".xml"),
                         file_cell(urls.topic_feed(topic.id), ".json")])
    events = index.dataset.events
    on_calendar = sum(1 for e in events if all(
        p.precision == "day" for p in (e.date.first, e.date.last or e.date.first)))
    entries = site.settings.feed_entries
    files = [[file_cell(name, suffix), words(word)] for name, suffix, word in FILES]
    return render(
        "data.md.j2", title=words("data_feeds"), words=words,
        description=summary(words, "describe_data"),
        feeds=feeds_of(urls.FEED, settings_title(site)),
        feeds_intro=words("data_feeds_some", entries=entries) if entries
        else words("data_feeds_all"),
        feed_rows=rows, files=files,
        calendar=Markup(words("data_calendar", file=file_cell(urls.CALENDAR, ".ics"),
                              events=md.h(words.count("event", on_calendar)),
                              left_out=md.h(words.count("event", len(events) - on_calendar)))))
