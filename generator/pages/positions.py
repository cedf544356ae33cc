"""Where each party stands: the matrix of topics by parties, stance cells and histories."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from generator import html as md, urls
from generator.index import Change, Stance
from generator.pages.fragments import outlet_name
from generator.pages.site import Site, render, summary

# Marks of a stance that moved, in bold in a history; the others kept it or began it.
MOVED = (Change.UPDATED, Change.SOFTENED, Change.HARDENED, Change.REVERSED)


def stance_cell(site: Site, stance: Stance | None, base: str = urls.UP,
                since: Stance | None = None) -> Markup:
    """A matrix cell: the stance; when it was stated (linked to the event), who said it
    and the outlet (with its kind) that reported it; and since when it has held. Made once
    a run for each stance: the months' pages show the same cell again and again."""
    if stance is None:
        return Markup(f'<span class="tl-none">{md.h(site.words("not_stated"))}</span>')
    cells = site.memo.setdefault("stance cells", {})
    key = (stance.event.id, stance.number, since.event.id if since else "",
           since.number if since else -1, base)
    if key not in cells:
        cells[key] = _stance_cell(site, stance, base, since)
    return cells[key]


def _stance_cell(site: Site, stance: Stance, base: str, since: Stance | None) -> Markup:
    event, words = stance.event, site.words
    when = md.a(words.spoken(event.date), urls.event_link(event, base))
    parts = [words("as_of", date=when)]  # the catalogue's sentences are trusted
    if stance.position.speaker:
        parts.append(md.h(stance.position.speaker))
    parts.append(outlet_name(site.registry, words, event.source(stance.position.source).outlet))
    if since is not None and since is not stance:
        start = md.a(words.spoken(since.event.date), urls.event_link(since.event, base))
        parts.append(words("held_since", date=start))
    return Markup(f"{md.h(stance.position.stance)}<br>\n<small>{' · '.join(parts)}</small>")


def matrix(site: Site, base: str = urls.UP, as_of: date | None = None) -> dict:
    """Topics by parties; each cell the party's latest stance on the topic (as it stood
    on `as_of`, when given). The first two parties are the ones compared by default."""
    links = site.links if base == urls.UP else site.home_links
    index, registry = site.index, site.registry
    parties = index.parties_with_positions()
    rows = []
    for topic in registry.topics_in_order():
        stances = [index.latest(p, topic.id, as_of) for p in parties]
        if any(stances):
            rows.append({"topic": links.topic[topic.id], "cells": [
                {"party": p, "label": registry.parties[p].name,
                 "html": stance_cell(site, s, base, index.held_since(p, topic.id, as_of))}
                for p, s in zip(parties, stances, strict=True)]})
    return {"parties": [{"id": p, "name": registry.parties[p].name, "link": links.party[p]}
                        for p in parties],
            "default": ",".join(parties[:2]), "rows": rows if parties else []}


def history(site: Site, stances: tuple[Stance, ...]) -> Markup:
    """A stance history, latest first, each item marked first stated, changed or restated:
    the list's items as one block (histories run to thousands of items)."""
    marks = {change: md.h(site.words(f"change_{change.value}")) for change in Change}
    for moved in MOVED:
        marks[moved] = f"<strong>{marks[moved]}</strong>"
    items = []
    for stance in reversed(stances):
        fragments = site.of(stance.event)
        items.append(f"<li><strong>{fragments.spoken}</strong> ({marks[stance.change]}): "
                     f"{fragments.said[stance.number]} · {fragments.link}</li>")
    return Markup("\n".join(items))


def positions_page(site: Site) -> str:
    """The matrix of topics by parties, with a word on how it is derived, and the way to
    where things stood at the end of any month: a picker (with a script, offline too),
    and the end of each year as plain links."""
    months = sorted(site.index.by_month)
    years = {}
    for year, month in months:
        years[year] = urls.link(urls.record(year, month))  # the year's last month wins
    as_of = site.index.as_of()
    return render("positions.md.j2", title=site.words("positions"), words=site.words,
                  description=summary(site.words, "describe_positions",
                                      date=site.words.spoken_day(as_of) if as_of else "—"),
                  matrix=matrix(site), months=",".join(f"{y:04d}-{m:02d}" for y, m in months),
                  record=urls.link(urls.record_of("{month}")),
                  first=f"{months[0][0]:04d}-{months[0][1]:02d}" if months else "",
                  last=f"{months[-1][0]:04d}-{months[-1][1]:02d}" if months else "",
                  year_ends=list(years.items()), compare=urls.link(urls.COMPARE))


def home_matrix(site: Site) -> str:
    """The position matrix, for inclusion in the home page (links from the docs folder)."""
    return render("matrix.md.j2", words=site.words, matrix=matrix(site, urls.HOME))


def current_rows(site: Site, pairs: list[tuple[str, str, Markup]]) -> list:
    """Rows of a party's or topic's current stances: (party, topic, label) each."""
    return [[label, stance_cell(site, site.index.latest(party, topic),
                                since=site.index.held_since(party, topic))]
            for party, topic, label in pairs]
