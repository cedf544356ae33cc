"""The timeline: an index of years and months, a page per year, a page per month."""

from __future__ import annotations

from markupsafe import Markup

from generator import html as md, urls
from generator.pages.filters import filter_form
from generator.pages.site import (
    Site,
    feeds_of,
    items,
    render,
    section,
    settings_title,
    summary,
    trail,
)
from generator.pages.visual import visual_timeline


def month_page(site: Site, year: int, month: int) -> str:
    """A month of the timeline: every event of the month as a section."""
    events = site.index.by_month[(year, month)]
    return render("month.md.j2", title=site.words.month(year, month), words=site.words,
                  crumbs=trail(site, section(site, "timeline", urls.TIMELINE),
                               (f"{year:04d}", urls.link(urls.year(year)))),
                  description=summary(site.words, "describe_month", [e.title for e in events],
                                      events=site.words.count("event", len(events)),
                                      month=site.words.month(year, month)),
                  pager=pager(site, year, month),
                  sections=[site.of(e).section for e in events])


def pager(site: Site, year: int, month: int) -> Markup:
    """Links to the previous and next months that have events, and to the year."""
    keys = sorted(site.index.by_month)
    here = keys.index((year, month))
    links = []
    if here > 0:
        before = keys[here - 1]
        links.append(Markup("← ") + md.a(site.words.month(*before),
                                          urls.link(urls.month(*before))))
    links.append(md.a(str(year), urls.link(urls.year(year))))
    if here + 1 < len(keys):
        after = keys[here + 1]
        links.append(md.a(site.words.month(*after), urls.link(urls.month(*after))) +
                     Markup(" →"))
    links.append(md.a(site.words("what_changed_link", month=site.words.month(year, month)),
                      urls.link(urls.record(year, month))))
    return md.join(" · ", links)


def year_page(site: Site, year: int) -> str:
    """A year: its months with their events listed, and events dated to the year only."""
    months = []
    for month in site.index.months(year):
        events = site.index.by_month[(year, month)]
        months.append({"title": site.words.month(year, month), "anchor": f"{year}-{month:02d}",
                       "link": urls.link(urls.month(year, month)),
                       "count": site.words.count("event", len(events)),
                       "entries": items(site, events)})
    count = sum(len(site.index.by_month[(year, m)]) for m in site.index.months(year)) + \
        len(site.index.by_year.get(year, ()))
    return render("year.md.j2", title=str(year), year=year, words=site.words, months=months,
                  crumbs=trail(site, section(site, "timeline", urls.TIMELINE)),
                  description=summary(site.words, "describe_year",
                                      [site.words.month_alone(m) for m in site.index.months(year)],
                                      events=site.words.count("event", count), year=year),
                  all_years=urls.link(urls.TIMELINE),
                  year_only=[site.of(e).section for e in site.index.by_year.get(year, ())])


def timeline_page(site: Site) -> str:
    """All years and months, with how many events each holds."""
    index, words = site.index, site.words
    years = []
    for year in index.years():
        count = sum(len(index.by_month[(year, m)]) for m in index.months(year))
        count += len(index.by_year.get(year, ()))
        months = [md.a(words.month_alone(m), urls.link(urls.month(year, m))) +
                  Markup(" ({})").format(len(index.by_month[(year, m)]))
                  for m in index.months(year)]
        years.append({"title": str(year), "anchor": str(year),
                      "link": urls.link(urls.year(year)), "count": words.count("event", count),
                      "detail": md.join(", ", months) if months else
                      words("year_only_detail")})
    events = index.dataset.events
    return render("timeline.md.j2", title=words("timeline"), words=words, years=years,
                  description=summary(words, "describe_timeline",
                                      events=words.count("event", len(events)),
                                      first=words.spoken(events[0].date),
                                      last=words.spoken(events[-1].date)) if events else "",
                  feeds=feeds_of(urls.FEED, settings_title(site)),
                  total=words.count("event", len(index.dataset.events)),
                  filter=filter_form(site), visual=visual_timeline(site, events, "type"),
                  browse=[(words("types"), urls.link(urls.TYPES))] +
                  ([(words("tags"), urls.link(urls.TAGS))] if index.by_tag else []))
