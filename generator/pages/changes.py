"""A page per month: what changed in it (stances that moved, commitments made and carried
out, claims disputed), and where the parties stood at its end: the shape of a monthly
CrisisWatch entry, built from the record alone."""

from __future__ import annotations

import calendar
import json
from collections import Counter
from datetime import date

from markupsafe import Markup

from generator import html as md, urls
from generator.index import HOLDING, Change, Stance
from generator.model import Event
from generator.pages.fragments import outlet_name
from generator.pages.positions import matrix
from generator.pages.record import commitment_rows, dispute_rows
from generator.pages.site import Site, render, section, summary, trail
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
            outlet = outlet_name(site.registry, site.words, event.source(fulfilment.source).outlet)
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


def records_by_month(site: Site) -> dict:
    """Commitments made and claims disputing another, by the month of their event."""
    if "records by month" not in site.memo:
        commitments: dict = {}
        disputing: dict = {}
        for said in site.index.commitments:
            commitments.setdefault(month_of(said.event), []).append(said)
        for claim in site.index.claims:
            if claim.item.disputes:
                disputing.setdefault(month_of(claim.event), []).append(claim)
        site.memo["records by month"] = {"commitments": commitments, "disputing": disputing}
    return site.memo["records by month"]


def record_page(site: Site, year: int, month: int) -> str:
    """What changed in a month, and where things stood at its end."""
    words, index = site.words, site.index
    end = month_end(year, month)
    by_month = records_by_month(site)
    made = list(reversed(by_month["commitments"].get((year, month), [])))
    disputing = by_month["disputing"].get((year, month), [])
    keys = sorted(index.by_month)
    here = keys.index((year, month))
    neighbours = {"before": keys[here - 1] if here else None,
                  "after": keys[here + 1] if here + 1 < len(keys) else None}
    return render(
        "record.md.j2", title=words("what_changed", month=words.month(year, month)),
        crumbs=trail(site, section(site, "positions", urls.POSITIONS)),
        description=summary(words, "describe_record", month=words.month(year, month),
                            date=words.spoken_day(end)),
        words=words, month=words.month(year, month), end=words.spoken_day(end),
        timeline=urls.link(urls.month(year, month)),
        before=(words.month(*neighbours["before"]), urls.link(urls.record(*neighbours["before"])))
        if neighbours["before"] else None,
        after=(words.month(*neighbours["after"]), urls.link(urls.record(*neighbours["after"])))
        if neighbours["after"] else None,
        moved=moved(site, year, month), commitments=commitment_rows(site, made),
        reported=reported(site, year, month), disputes=dispute_rows(site, disputing),
        matrix=matrix(site, as_of=end), standing=standing(site, end),
        all_commitments=urls.link(urls.COMMITMENTS), compare=urls.link(urls.COMPARE),
        standing_link=urls.link(urls.COMPARE) + f"?from={date(year, month, 1).isoformat()}"
        f"&to={end.isoformat()}")


def compare_data(site: Site) -> str:
    """The record for comparing any two dates in the browser, as a script that sets one
    global (a script, not JSON fetched, so that it loads from file:// too). Every text is
    a JSON string, which the page's script puts in the page as text, never as markup."""
    words = site.words
    parties = {p: party.name for p, party in site.registry.parties.items()}
    topics = {t: topic.title for t, topic in site.registry.topics.items()}

    def event(e: Event) -> list:
        return [e.date.start.isoformat(), words.spoken(e.date), e.title,
                urls.event_link(e, "../")]

    stances = [[party, topic, s.change.value, s.position.stance, *event(s.event)]
               for (party, topic), history in site.index.history.items() for s in history]
    commitments = [[f"{s.event.id}#{s.item.id}", ", ".join(parties[p] for p in s.item.parties),
                    topics[s.item.topic], s.item.text,
                    s.item.due.end.isoformat() if s.item.due else "", *event(s.event)]
                   for s in site.index.commitments]
    fulfilments = [[f"{s.event.id}#{s.item.id}", f.item.status, f.item.text, s.item.text,
                    *event(f.event)]
                   for s in site.index.commitments
                   for f in site.index.fulfilments.get((s.event.id, s.item.id), ())]
    disputes = []
    for said in site.index.claims:
        target = site.index.claim(said.item.disputes) if said.item.disputes else None
        if target is not None:
            disputes.append([parties[said.item.party], said.item.text,
                             parties[target.item.party], target.item.text, *event(said.event)])
    labels = {key: words(key) for key in (
        "stances_moved", "commitments_made", "progress", "claims_disputed", "compare_none",
        "compare_from", "compare_to", "disputes", "open_on", "in_dispute_by", "status_pending",
        "status_overdue")}
    labels.update({f"change_{c.value}": words(f"change_{c.value}") for c in Change})
    labels.update({f"status_{s}": words(f"status_{s}") for s in
                   ("in-progress", "kept", "partly-kept", "broken")})
    data = {"parties": parties, "topics": topics, "stances": stances,
            "commitments": commitments, "fulfilments": fulfilments, "disputes": disputes,
            "words": labels}
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    return "window.TIMELINE_RECORD = " + text + ";\n"


def compare_page(site: Site) -> str:
    """Pick two dates; the page's script lists what changed between them (offline too)."""
    months = sorted(site.index.by_month)
    first = site.index.dataset.events[0].date.start.isoformat() if months else ""
    last = site.index.as_of()
    return render("compare.md.j2", title=site.words("compare_title"), words=site.words,
                  crumbs=trail(site, section(site, "positions", urls.POSITIONS)),
                  description=summary(site.words, "describe_compare"),
                  first=first, last=last.isoformat() if last else "",
                  data=urls.file_link(urls.COMPARE_DATA, ".js"),
                  months=[(site.words.month(y, m), urls.link(urls.record(y, m)))
                          for y, m in reversed(months)][:24])
