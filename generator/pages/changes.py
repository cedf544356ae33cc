"""A page per month: what changed in it (stances that moved, commitments made and carried
out, claims disputed), and where the parties stood at its end: the shape of a monthly
CrisisWatch entry, built from the record alone."""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date

from markupsafe import Markup

from generator import html as md, urls
from generator.index import HOLDING, Change, Stance
from generator.pages.positions import matrix, outlet_html
from generator.pages.record import commitment_rows, dispute_rows
from generator.pages.site import Site, render
from generator.urls import month_of


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def in_month(event, year: int, month: int) -> bool:
    """Whether an event's page is this month's."""
    return month_of(event) == (year, month)


def moved(site: Site, year: int, month: int) -> list[Markup]:
    """The stances stated this month that did more than restate or refine the last one,
    in timeline order, then in the registries' order of parties and topics."""
    items = []
    for party, topic, stance in stances_by_month(site).get((year, month), ()):
        mark = md.h(site.words(f"change_{stance.change.value}"))
        if stance.change is not Change.NEW:
            mark = f"<strong>{mark}</strong>"
        fragments = site.of(stance.event)
        items.append(Markup(
            f"<li>{site.links.party[party]} on {site.links.topic[topic]} ({mark}): "
            f"{fragments.said[stance.number]} · {fragments.link}</li>"))
    return items


def stances_by_month(site: Site) -> dict[tuple[int, int], list[tuple[str, str, Stance]]]:
    """Every stance that moved, by the month of its event: made once a run."""
    memo = site.memo
    if "moved" not in memo:
        parties = list(site.registry.parties)
        topics = [t.id for t in site.registry.topics_in_order()]
        found = sorted(((stance.event.sort_key, parties.index(party), topics.index(topic)),
                        party, topic, stance)
                       for (party, topic), stances in site.index.history.items()
                       for stance in stances if stance.change not in HOLDING)
        by_month: dict[tuple[int, int], list[tuple[str, str, Stance]]] = {}
        for _, party, topic, stance in found:
            key = month_of(stance.event)
            if key:
                by_month.setdefault(key, []).append((party, topic, stance))
        memo["moved"] = by_month
    return memo["moved"]


def reported(site: Site, year: int, month: int) -> list[Markup]:
    """Progress on commitments reported this month, each linked to the commitment."""
    items = []
    for event in site.index.by_month.get((year, month), ()):
        for fulfilment in event.fulfils:
            target = site.index.commitment(fulfilment.commitment)
            if target is None:
                continue
            link = md.a(target.item.text, urls.link(urls.home_of(target.event),
                                                    urls.item(target.event, target.item.id)))
            outlet = outlet_html(site, event.source(fulfilment.source).outlet)
            items.append(Markup(
                f"<li><strong>{md.h(site.words('status_' + fulfilment.status))}</strong>: "
                f"{md.h(fulfilment.text)} <em>({outlet})</em> · "
                + site.words("on_commitment", commitment=link) + f" · {site.of(event).link}</li>"))
    return items


def standing(site: Site, day: date) -> Markup:
    """How the commitments made by a day stood on it: a count for each status."""
    counts = Counter(site.index.status(said, day) for said in site.index.commitments
                     if said.event.date.start <= day)
    order = ["pending", "in-progress", "overdue", "partly-kept", "kept", "broken"]
    parts = [f"{counts[s]} {md.h(site.words('status_' + s))}" for s in order if counts[s]]
    return Markup(", ".join(parts))


def record_page(site: Site, year: int, month: int) -> str:
    """What changed in a month, and where things stood at its end."""
    words, index = site.words, site.index
    end = month_end(year, month)
    made = [s for s in reversed(index.commitments) if in_month(s.event, year, month)]
    disputing = [s for s in index.claims if s.item.disputes and in_month(s.event, year, month)]
    keys = sorted(index.by_month)
    here = keys.index((year, month))
    neighbours = {"before": keys[here - 1] if here else None,
                  "after": keys[here + 1] if here + 1 < len(keys) else None}
    return render(
        "record.md.j2", title=words("what_changed", month=words.month(year, month)),
        words=words, month=words.month(year, month), end=words.spoken_day(end),
        timeline=urls.link(urls.month(year, month)),
        before=(words.month(*neighbours["before"]), urls.link(urls.record(*neighbours["before"])))
        if neighbours["before"] else None,
        after=(words.month(*neighbours["after"]), urls.link(urls.record(*neighbours["after"])))
        if neighbours["after"] else None,
        moved=moved(site, year, month), commitments=commitment_rows(site, made),
        reported=reported(site, year, month), disputes=dispute_rows(site, disputing),
        matrix=matrix(site, as_of=end), standing=standing(site, end),
        all_commitments=urls.link(urls.COMMITMENTS))
