"""Render the index into Markdown pages: pure functions from the model to `{path: text}`.

Every generated page lives two folders below the docs folder (`generated/<section>/
<name>.md`), so a link from any of them to any other is the same string,
`../<section>/<name>.html`. Each event is therefore rendered once, into fragments
that every page showing it puts together, and those fragments can be kept between runs.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Callable, Mapping

from generator import markup as md
from generator import urls
from generator.dates import MONTHS
from generator.index import CHANGED, Index, Stance
from generator.model import Event, Party, Registry, Topic
from generator.outputs import ALL, MONTHS as MONTH_SET, Output
from generator.urls import home_of

LATEST_ON_HOME = 10
UP, HOME = urls.UP, urls.HOME
url = urls.link


def plural(count: int, noun: str) -> str:
    """'1 event', '2 events'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def lines_to_page(lines: list[str]) -> str:
    """Join blocks into a page: one blank line between blocks, one newline at the end."""
    return "\n\n".join(line for line in lines if line).rstrip("\n") + "\n"


def titled_page(title: str, lines: list[str]) -> str:
    """A page under its first heading, with the same title, HTML-escaped, in its front matter.

    The theme writes the title into the page's <title> and header. Without front matter it
    takes the heading's text and strips tags with a filter that also decodes entities, so
    an escaped `&lt;/title&gt;&lt;script&gt;` in a party's name would come back as markup
    and run; the front-matter title is written out as it is, escaped once, and stays text.
    """
    front = "---\ntitle: " + json.dumps(html.escape(title), ensure_ascii=False) + "\n---"
    return front + "\n\n" + lines_to_page([f"# {md.text(title)}"] + lines)


# --- an event, rendered once -----------------------------------------------------------

@dataclass(frozen=True)
class Fragments:
    """One event rendered once, in the pieces that the pages showing it put together."""

    section: str  # its section on a timeline page: Markdown heading, HTML body
    link: str  # a link to that section, labelled with the title
    spoken: str  # its date as a reader says it, escaped
    said: tuple[str, ...]  # each stated position, attributed, in the event's order

    @property
    def item(self) -> str:
        """The event as a list item: date and link."""
        return f"<li>{self.spoken}: {self.link}</li>"


def party_link(registry: Registry, party_id: str, base: str = UP) -> str:
    """A link to a party's page, labelled with its name."""
    return md.a(md.esc(registry.parties[party_id].name), url(urls.party(party_id), base=base))


def topic_link(registry: Registry, topic_id: str, base: str = UP) -> str:
    """A link to a topic's page, labelled with its title."""
    return md.a(md.esc(registry.topics[topic_id].title), url(urls.topic(topic_id), base=base))


class Links:
    """Every party's and topic's link from a generated page, made once per run."""

    def __init__(self, registry: Registry) -> None:
        self.party = {p: party_link(registry, p) for p in registry.parties}
        self.topic = {t: topic_link(registry, t) for t in registry.topics}


Thread = tuple[tuple[Event, ...], tuple[Event, ...]]  # the events it follows, those following it


def event_meta(registry: Registry, event: Event, links: Links, thread: Thread = ((), ())) -> str:
    """The date, type and place line, the who-and-what line, and the events it follows and
    that follow it, under an event's heading."""
    first = [f"<strong>{md.esc(event.date.spoken())}</strong>",
             md.esc(registry.types[event.type].title)]
    if event.location:
        first.append(md.esc(event.location))
    who = []
    for label, ids, link in (("Parties", event.parties, links.party),
                             ("Mediators", event.mediators, links.party),
                             ("Topics", event.topics, links.topic)):
        if ids:
            who.append(f"<strong>{label}:</strong> " + ", ".join(link[i] for i in ids))
    if event.tags:
        who.append("<strong>Tags:</strong> " + ", ".join(md.esc(t) for t in event.tags))
    lines = " · ".join(first) + ("<br>\n" + " · ".join(who) if who else "")
    related = [f"<strong>{label}:</strong> " + ", ".join(
        f"{md.a(md.esc(other.title), url(home_of(other), other.id))} "
        f"({md.esc(other.date.spoken())})" for other in others)
        for label, others in (("Follows", thread[0]), ("Followed by", thread[1])) if others]
    if related:
        lines += "<br>\n" + " · ".join(related)
    return f'<p class="tl-meta">{lines}</p>'


def source_label(source) -> str:
    """Say a source as a citation: outlet, title, date, with the title linked when possible."""
    parts = [md.esc(source.outlet)]
    if source.title:
        parts.append(md.a(md.esc(source.title), source.url) if source.url
                     else f"“{md.esc(source.title)}”")
    elif source.url:
        parts.append(md.a("link", source.url))
    if source.published:
        parts.append(md.esc(source.published.spoken()))
    return ", ".join(parts)


def attributed(event: Event, position) -> str:
    """A stance followed by who voiced it and the outlet that reported it."""
    said = f"{md.esc(position.speaker)}; " if position.speaker else ""
    outlet = md.esc(event.source(position.source).outlet)
    return f"{md.esc(position.stance)} <em>({said}source: {outlet})</em>"


def event_body(registry: Registry, event: Event, said: tuple[str, ...], links: Links,
               thread: Thread = ((), ())) -> str:
    """An event's facts, narrative, positions and sources, as one raw HTML block."""
    parts = [event_meta(registry, event, links, thread)]
    narrative = md.narrative_html(event.narrative) if event.narrative.strip() else ""
    if narrative:
        parts.append(f'<div class="tl-narrative">\n{narrative}\n</div>')
    if event.positions:
        items = "\n".join(f"<li>{links.party[p.party]} on {links.topic[p.topic]}: {s}</li>"
                          for p, s in zip(event.positions, said))
        parts.append(f'<p><strong>Positions stated</strong></p>\n'
                     f'<ul class="tl-positions">\n{items}\n</ul>')
    sources = "\n".join(f"<li>{source_label(s)}</li>" for s in event.sources)
    parts.append(f'<p><strong>Sources</strong></p>\n<ol class="tl-sources">\n{sources}\n</ol>')
    return md.block("div", "\n".join(parts), "tl-event")


def heading(event: Event) -> str:
    """An event's heading: ISO date and title, with the event id as its permalink anchor.

    The ISO date leads: it sorts, reads the same in every language, and makes a search
    for 2025-06-02 rank this section first (headings weigh most in the index).
    """
    return f"## {md.text(event.date.text)} · {md.text(event.title)} {{ #{event.id} }}"


def render_fragments(registry: Registry, event: Event, links: Links | None = None,
                     thread: Thread = ((), ())) -> Fragments:
    """Render one event into the pieces its pages need; `thread` holds the events it
    follows and those that follow it, whose titles and dates its section shows."""
    links = links or Links(registry)
    said = tuple(attributed(event, p) for p in event.positions)
    link = md.a(md.esc(event.title), url(home_of(event), event.id))
    spoken = md.esc(event.date.spoken())
    return Fragments(
        section=f"{heading(event)}\n\n{event_body(registry, event, said, links, thread)}",
        link=link, spoken=spoken, said=said)


Known = Mapping[str, tuple[Event, Fragments]]  # by event id: what was rendered last time


def threads(events: tuple[Event, ...]) -> dict[str, Thread]:
    """For every event named in a `follows` or naming one: the events it follows and the
    events that follow it, in timeline order."""
    by_id = {event.id: event for event in events}
    followed_by: dict[str, list[Event]] = {}
    for event in events:
        for reference in event.follows:
            followed_by.setdefault(reference.id, []).append(event)
    return {event.id: (tuple(by_id[r.id] for r in event.follows if r.id in by_id),
                       tuple(followed_by.get(event.id, ())))
            for event in events if event.follows or event.id in followed_by}


def all_fragments(registry: Registry, events: tuple[Event, ...],
                  known: Known | None = None,
                  affected: frozenset[str] = frozenset()) -> dict[str, tuple[Event, Fragments]]:
    """Fragments for every event by id, reusing those rendered before only for the very
    same event object: one the cache handed out because its file is provably unchanged
    since it was rendered. An event read again, even if equal, is rendered again: the
    fragments are raw HTML, and a cache file may come from anywhere (the caller drops
    them all when the registry or the code changes)."""
    known, links, related = known or {}, Links(registry), threads(events)
    rendered = {}
    for event in events:
        before = known.get(event.id)
        same = before is not None and before[0] is event and event.id not in affected
        rendered[event.id] = (event, before[1] if same else render_fragments(
            registry, event, links, related.get(event.id, ((), ()))))
    return rendered


def affected_by(changed: list[Event], before: Known, now: tuple[Event, ...]) -> frozenset[str]:
    """The ids of events whose fragments show a changed event without being changed
    themselves: the events a changed one follows, and those that follow it, as the last
    run had them and as they are now (an event's section names both)."""
    changed_ids = {event.id for event in changed}
    affected = {r.id for event in changed for r in event.follows}
    for event in [pair[0] for pair in before.values()] + list(now):
        if any(r.id in changed_ids for r in event.follows):
            affected.add(event.id)
    return frozenset(affected - changed_ids)


# --- pages -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Site:
    """The index being rendered and every event's fragments."""

    index: Index
    rendered: Mapping[str, tuple[Event, Fragments]]

    def of(self, event: Event) -> Fragments:
        """The fragments of one event."""
        return self.rendered[event.id][1]

    @property
    def registry(self) -> Registry:
        """The parties, topics and types of the dataset."""
        return self.index.dataset.registry


def month_title(year: int, month: int) -> str:
    """'June 2025'."""
    return f"{MONTHS[month]} {year}"


def event_list(site: Site, events: tuple[Event, ...], latest_first: bool = True,
               search: bool = False) -> str:
    """Events as a list of dated links, latest first unless told otherwise."""
    if not events:
        return "<p>No events yet.</p>"
    ordered = reversed(events) if latest_first else events
    return md.block("ul", "\n".join(site.of(e).item for e in ordered), "tl-events",
                    search=search)


def neighbours(site: Site, year: int, month: int) -> str:
    """Links to the previous and next months that have events, and to the year."""
    keys = sorted(site.index.by_month)
    here = keys.index((year, month))
    links = []
    if here > 0:
        before = keys[here - 1]
        links.append("← " + md.a(month_title(*before), url(urls.month(*before))))
    links.append(md.a(str(year), url(urls.year(year))))
    if here + 1 < len(keys):
        after = keys[here + 1]
        links.append(md.a(month_title(*after), url(urls.month(*after))) + " →")
    return md.block("p", " · ".join(links), "tl-pager", search=False)


def render_month(site: Site, year: int, month: int) -> str:
    """A month of the timeline: every event of the month as a section."""
    events = site.index.by_month[(year, month)]
    return titled_page(month_title(year, month), [neighbours(site, year, month)] +
                       [site.of(e).section for e in events])


def render_year(site: Site, year: int) -> str:
    """A year: its months with their events listed, and events dated to the year only."""
    lines = [md.block("p", md.a("All years", url(urls.TIMELINE)), "tl-pager", search=False)]
    for month in site.index.months(year):
        events = site.index.by_month[(year, month)]
        lines += [f"## {month_title(year, month)} {{ #{year}-{month:02d} }}",
                  md.block("p", md.a(f"{month_title(year, month)}: {plural(len(events), 'event')}",
                                     url(urls.month(year, month))), search=False),
                  event_list(site, events, latest_first=False)]
    year_only = site.index.by_year.get(year, ())
    if year_only:
        lines.append(f"<p>Dated to {year} only, without a month:</p>")
        lines += [site.of(e).section for e in year_only]
    return titled_page(str(year), lines)


def render_timeline_index(site: Site) -> str:
    """All years and months, with how many events each holds."""
    total = len(site.index.dataset.events)
    lines = [f"<p>{plural(total, 'event')}, oldest first. Each event has a "
             "permanent link: the ¶ sign beside its title.</p>"]
    for year in site.index.years():
        count = sum(len(site.index.by_month[(year, m)]) for m in site.index.months(year))
        count += len(site.index.by_year.get(year, ()))
        months = [md.a(MONTHS[m], url(urls.month(year, m))) +
                  f" ({len(site.index.by_month[(year, m)])})" for m in site.index.months(year)]
        detail = ", ".join(months) if months else "dated to the year only"
        lines += [f"## {year} {{ #{year} }}",
                  f"<p>{md.a(plural(count, 'event'), url(urls.year(year)))}: {detail}</p>"]
    return titled_page("Timeline", lines)


# --- positions -------------------------------------------------------------------------

def stance_cell(site: Site, stance: Stance | None, base: str = UP) -> str:
    """A matrix cell: the stance, when it was stated (linked to the event) and the source."""
    if stance is None:
        return "—"
    event = stance.event
    when = md.a(md.esc(event.date.spoken()), url(home_of(event), event.id, base))
    outlet = md.esc(event.source(stance.position.source).outlet)
    return f"{md.esc(stance.position.stance)}<br><small>as of {when} · {outlet}</small>"


def position_matrix(site: Site, base: str = UP) -> str:
    """Topics by parties; each cell the party's latest stance on the topic."""
    parties = site.index.parties_with_positions()
    if not parties:
        return "<p>No positions have been recorded yet.</p>"
    header = ["Topic"] + [party_link(site.registry, p, base) for p in parties]
    rows = []
    for topic in site.registry.topics_in_order():
        stances = [site.index.latest(p, topic.id) for p in parties]
        if any(stances):
            rows.append([topic_link(site.registry, topic.id, base)] +
                        [stance_cell(site, s, base) for s in stances])
    return md.table(header, rows)


def history_list(site: Site, stances: tuple[Stance, ...]) -> str:
    """A stance history, latest first, with each change marked."""
    marks = {CHANGED: "<strong>changed</strong>"}
    items = []
    for stance in reversed(stances):
        fragments = site.of(stance.event)
        items.append(f"<li><strong>{fragments.spoken}</strong> "
                     f"({marks.get(stance.change, stance.change)}): "
                     f"{fragments.said[stance.number]} · {fragments.link}</li>")
    return md.block("ul", "\n".join(items), "tl-history", search=False)


def render_positions(site: Site) -> str:
    """The matrix of topics by parties, with a word on how it is derived."""
    return titled_page("Positions", [
        "<p>Each cell is the latest stance that a party stated on a topic, as recorded at an "
        "event and cited to a source. Follow the date to the event; the topic and party "
        "pages show how each stance changed over time.</p>", position_matrix(site)])


# --- parties and topics ----------------------------------------------------------------

def render_party(site: Site, party: Party) -> str:
    """A party: its current stance on each topic, their history, and its events."""
    events = site.index.by_party.get(party.id, ())
    lines = [f"<p>{md.esc(party.kind.capitalize())} · {plural(len(events), 'event')}</p>"]
    topics = [t for t in site.registry.topics_in_order() if (party.id, t.id) in site.index.history]
    if topics:
        rows = [[topic_link(site.registry, t.id), stance_cell(site, site.index.latest(party.id, t.id))]
                for t in topics]
        lines += ["## Current positions", md.table(["Topic", "Latest stance"], rows),
                  "## Position history"]
        for topic in topics:
            lines += [f"### {md.text(topic.title)}",
                      history_list(site, site.index.history[(party.id, topic.id)])]
    return titled_page(party.name, lines + ["## Events", event_list(site, events)])


def render_topic(site: Site, topic: Topic) -> str:
    """A topic: where each party stands now, how that changed, and the events."""
    events = site.index.by_topic.get(topic.id, ())
    lines = [f"<p>{md.esc(topic.description)}</p>" if topic.description else ""]
    parties = [p for p in site.index.parties_with_positions()
               if (p, topic.id) in site.index.history]
    if parties:
        rows = [[party_link(site.registry, p), stance_cell(site, site.index.latest(p, topic.id))]
                for p in parties]
        lines += ["## Where each party stands", md.table(["Party", "Latest stance"], rows),
                  "## How positions changed"]
        for party in parties:
            lines += [f"### {md.text(site.registry.parties[party].name)}",
                      history_list(site, site.index.history[(party, topic.id)])]
    return titled_page(topic.title, lines + ["## Events", event_list(site, events)])


def render_party_index(site: Site) -> str:
    """Every party, with its kind and number of events."""
    rows = [[party_link(site.registry, p.id), md.esc(p.kind),
             str(len(site.index.by_party.get(p.id, ())))]
            for p in sorted(site.registry.parties.values(), key=lambda p: (p.name.casefold(), p.id))]
    return titled_page("Parties", [md.table(["Party", "Kind", "Events"], rows)])


def render_topic_index(site: Site) -> str:
    """Every topic, with its description and number of events."""
    rows = [[topic_link(site.registry, t.id), md.esc(t.description),
             str(len(site.index.by_topic.get(t.id, ())))] for t in site.registry.topics_in_order()]
    return titled_page("Topics", [md.table(["Topic", "What it covers", "Events"], rows)])


# --- partials for the hand-written home page ---------------------------------------------

def render_latest(site: Site) -> str:
    """The latest events, for inclusion in the home page (links from the docs folder)."""
    latest = site.index.dataset.events[-LATEST_ON_HOME:]
    if not latest:
        return lines_to_page(["<p>No events yet.</p>"])
    items = [f"<li>{md.esc(e.date.spoken())}: "
             f"{md.a(md.esc(e.title), url(home_of(e), e.id, HOME))}</li>" for e in reversed(latest)]
    return lines_to_page([md.block("ul", "\n".join(items), "tl-events")])


def render_home_matrix(site: Site) -> str:
    """The position matrix, for inclusion in the home page."""
    return lines_to_page([position_matrix(site, HOME)])


def declare(site: Site) -> list[Output]:
    """Every generated page, with how to render it and what it reads, sorted by path: a
    run that knows what changed renders only the pages reading it."""
    index = site.index
    pages = [
        page(urls.TIMELINE, {ALL}, lambda: render_timeline_index(site)),
        page(urls.POSITIONS, {ALL}, lambda: render_positions(site)),
        page(urls.PARTIES, {ALL}, lambda: render_party_index(site)),
        page(urls.TOPICS, {ALL}, lambda: render_topic_index(site)),
        page(urls.LATEST, {ALL}, lambda: render_latest(site)),
        page(urls.MATRIX, {ALL}, lambda: render_home_matrix(site)),
    ]
    for year in index.years():
        pages.append(page(urls.year(year), {("year", year)},
                          lambda year=year: render_year(site, year)))
        for month in index.months(year):
            pages.append(page(urls.month(year, month), {("month", year, month), MONTH_SET},
                              lambda year=year, month=month: render_month(site, year, month)))
    for party in site.registry.parties.values():
        pages.append(page(urls.party(party.id), {("party", party.id)},
                          lambda party=party: render_party(site, party)))
    for topic in site.registry.topics.values():
        pages.append(page(urls.topic(topic.id), {("topic", topic.id)},
                          lambda topic=topic: render_topic(site, topic)))
    return sorted(pages, key=lambda output: output.path)


def page(name: str, reads: set, render: Callable[[], str]) -> Output:
    """A Markdown page of the generated folder."""
    return Output(urls.path(name), render, frozenset(reads))


def changed_events(before: Known, now: Known) -> list[Event]:
    """Events added, removed or changed since the run that rendered `before`: both the
    old and the new version of a changed one, since either may be shown somewhere."""
    changed = []
    for event_id in before.keys() | now.keys():
        old, new = before.get(event_id), now.get(event_id)
        if old is None or new is None or (old[0] is not new[0] and old[0] != new[0]):
            changed += [pair[0] for pair in (old, new) if pair is not None]
    return changed


def render_site(index: Index, known: Known | None = None
                ) -> tuple[dict[str, str], dict[str, tuple[Event, Fragments]]]:
    """Every generated page keyed by its path inside the generated folder, and the
    fragments of every event (to keep for the next run)."""
    rendered = all_fragments(index.dataset.registry, index.dataset.events, known)
    return {o.path: o.render() for o in declare(Site(index, rendered))}, rendered
