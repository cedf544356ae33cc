"""Render the index into pages: one module per page kind, one template each.

`declare` lists every page a run produces, with how to render it and what it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from generator import urls
from generator.outputs import ALL, MONTHS, Key, Output
from generator.pages.browse import tag_page, tags_page, type_page, types_page
from generator.pages.changes import compare_data, compare_page, record_page
from generator.pages.data import data_page
from generator.pages.filters import filter_data
from generator.pages.home import latest_partial, provenance_partial
from generator.pages.parties import parties_page, party_page
from generator.pages.positions import home_matrix, positions_page
from generator.pages.record import commitments_page, outlets_page
from generator.pages.site import Site
from generator.pages.timeline import month_page, timeline_page, year_page
from generator.pages.topics import topic_page, topics_page

__all__ = ["Site", "declare"]


def declare(site: Site) -> list[Output]:
    """Every generated page, with how to render it and what it reads, sorted by path: a
    run that knows what changed renders only the pages reading it."""
    pages = [
        page(urls.TIMELINE, {ALL}, lambda: timeline_page(site)),
        page(urls.POSITIONS, {ALL}, lambda: positions_page(site)),
        page(urls.PARTIES, {ALL}, lambda: parties_page(site)),
        page(urls.TOPICS, {ALL}, lambda: topics_page(site)),
        page(urls.LATEST, {ALL}, lambda: latest_partial(site)),
        page(urls.MATRIX, {ALL}, lambda: home_matrix(site)),
        page(urls.PROVENANCE, {ALL}, lambda: provenance_partial(site)),
        page(urls.COMMITMENTS, {ALL}, lambda: commitments_page(site)),
        page(urls.OUTLETS, {ALL}, lambda: outlets_page(site)),
        page(urls.COMPARE, {ALL}, lambda: compare_page(site)),
        page(urls.DATA_PAGE, {ALL}, lambda: data_page(site)),
        Output(urls.path(urls.COMPARE_DATA, ".js"), lambda: compare_data(site),
               frozenset({ALL})),
        Output(urls.path(urls.FILTER_DATA, ".js"), lambda: filter_data(site),
               frozenset({ALL})),
    ]
    for year in site.index.years():
        pages.append(page(urls.year(year), {("year", year)},
                          partial(year_page, site, year)))
        for month in site.index.months(year):
            pages.append(page(urls.month(year, month), {("month", year, month), MONTHS},
                              partial(month_page, site, year, month)))
            # Where things stood at a month's end depends on every earlier event too.
            pages.append(page(urls.record(year, month), {ALL},
                              partial(record_page, site, year, month)))
    for party in site.registry.parties.values():
        pages.append(page(urls.party(party.id), {("party", party.id)},
                          partial(party_page, site, party)))
    pages.append(page(urls.TYPES, {ALL}, lambda: types_page(site)))
    if site.index.by_tag:
        pages.append(page(urls.TAGS, {ALL}, lambda: tags_page(site)))
    for type_id in site.index.by_type:
        pages.append(page(urls.type_page(type_id), {("type", type_id)},
                          partial(type_page, site, type_id)))
    for tag in site.index.by_tag:
        pages.append(page(urls.tag(tag), {("tag", tag)}, partial(tag_page, site, tag)))
    for topic in site.registry.topics.values():
        pages.append(page(urls.topic(topic.id), {("topic", topic.id)},
                          partial(topic_page, site, topic)))
    return sorted(pages, key=lambda output: output.path)


def page(name: str, reads: set[Key], render: Callable[[], str]) -> Output:
    """A Markdown page of the generated folder."""
    return Output(urls.path(name), render, frozenset(reads))
