"""Render the index into Markdown pages: pure functions from the model to `{path: text}`."""

from __future__ import annotations

from dataclasses import dataclass

from generator import markup as md
from generator.dates import MONTHS
from generator.index import CHANGED, Index, Stance, month_of
from generator.model import Event, Party, Position, Topic

LATEST_ON_HOME = 10


@dataclass(frozen=True)
class Site:
    """Where generated pages live inside the docs folder, and the index they show."""

    index: Index
    root: str = "generated"

    @property
    def registry(self):
        """The parties, topics and types of the dataset."""
        return self.index.dataset.registry

    def page(self, *parts: str) -> str:
        """The docs-relative path of a generated page."""
        return "/".join((self.root,) + parts)

    def event_page(self, event: Event) -> str:
        """The timeline page that holds an event's section."""
        month = month_of(event)
        return self.month_page(*month) if month else self.year_page(event.date.start.year)

    def event_link(self, from_page: str, event: Event, label: str | None = None) -> str:
        """A link to an event's section: its permalink."""
        target = md.relative(from_page, self.event_page(event), event.id)
        return md.link(event.title if label is None else label, target)

    def party_link(self, from_page: str, party_id: str) -> str:
        """A link to a party's page, labelled with its name."""
        party = self.registry.parties[party_id]
        return md.link(party.name, md.relative(from_page, self.page("parties", f"{party.id}.md")))

    def topic_link(self, from_page: str, topic_id: str) -> str:
        """A link to a topic's page, labelled with its title."""
        topic = self.registry.topics[topic_id]
        return md.link(topic.title, md.relative(from_page, self.page("topics", f"{topic.id}.md")))

    def month_page(self, year: int, month: int) -> str:
        """The page of one month of the timeline."""
        return self.page("timeline", str(year), f"{month:02d}.md")

    def year_page(self, year: int) -> str:
        """The page of one year: its months and the events dated to the year only."""
        return self.page("timeline", str(year), "index.md")


def plural(count: int, noun: str) -> str:
    """'1 event', '2 events'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def lines_to_page(lines: list[str]) -> str:
    """Join lines into a page with exactly one trailing newline."""
    return "\n".join(lines).rstrip("\n") + "\n"


# --- the event section: the unit every timeline page is made of -------------------------

def event_meta(site: Site, page: str, event: Event) -> list[str]:
    """The date, type, place and who-and-what lines under an event's heading."""
    first = [f"**{md.text(event.date.spoken())}**", md.text(site.registry.types[event.type].title)]
    if event.location:
        first.append(md.text(event.location))
    lines = [" · ".join(first) + "  "]
    who = []
    if event.parties:
        who.append("**Parties:** " + ", ".join(site.party_link(page, p) for p in event.parties))
    if event.mediators:
        who.append("**Mediators:** " + ", ".join(site.party_link(page, p)
                                                 for p in event.mediators))
    if event.topics:
        who.append("**Topics:** " + ", ".join(site.topic_link(page, t) for t in event.topics))
    if event.tags:
        who.append("**Tags:** " + ", ".join(md.text(t) for t in event.tags))
    lines += [" · ".join(who)] if who else []
    return lines + ["{ .tl-meta }"]


def source_label(source) -> str:
    """Say a source as a citation: outlet, title, date, with the title linked when possible."""
    parts = [md.text(source.outlet)]
    if source.title:
        parts.append(md.link(source.title, source.url) if source.url
                     else f"“{md.text(source.title)}”")
    elif source.url:
        parts.append(md.link("link", source.url))
    if source.published:
        parts.append(md.text(source.published.spoken()))
    return ", ".join(parts)


def attributed(event: Event, position: Position) -> str:
    """A stance followed by who voiced it and the outlet that reported it."""
    said = f"{md.text(position.speaker)}; " if position.speaker else ""
    outlet = md.text(event.source(position.source).outlet)
    return f"{md.text(position.stance)} *({said}source: {outlet})*"


def position_line(site: Site, page: str, event: Event, position: Position) -> str:
    """One stated position, attributed to its speaker and its source."""
    who = f"{site.party_link(page, position.party)} on {site.topic_link(page, position.topic)}"
    return f"- {who}: {attributed(event, position)}"


def render_event(site: Site, page: str, event: Event) -> list[str]:
    """An event's section: heading with its permalink id, facts, narrative, positions, sources."""
    # The ISO date leads the heading: it sorts, reads the same in every language, and makes
    # a search for 2025-06-02 rank this section first (headings weigh most in the index).
    lines = [f"## {md.text(event.date.text)} · {md.text(event.title)} {{ #{event.id} }}", ""]
    lines += event_meta(site, page, event) + [""]
    narrative = md.html_block("tl-narrative", md.narrative_html(event.narrative))
    lines += [narrative, ""] if narrative else []
    if event.positions:
        lines += ["**Positions stated**", ""]
        lines += [position_line(site, page, event, p) for p in event.positions] + [""]
    lines += ["**Sources**", ""]
    lines += [f"{n}. {source_label(s)}" for n, s in enumerate(event.sources, 1)] + [""]
    return lines


# --- timeline pages --------------------------------------------------------------------

def month_title(year: int, month: int) -> str:
    """'June 2025'."""
    return f"{MONTHS[month]} {year}"


def neighbours(site: Site, page: str, year: int, month: int) -> str:
    """Links to the previous and next months that have events."""
    keys = sorted(site.index.by_month)
    here = keys.index((year, month))
    links = []
    if here > 0:
        links.append("← " + md.link(month_title(*keys[here - 1]),
                                    md.relative(page, site.month_page(*keys[here - 1]))))
    links.append(md.link(str(year), md.relative(page, site.year_page(year))))
    if here + 1 < len(keys):
        links.append(md.link(month_title(*keys[here + 1]),
                             md.relative(page, site.month_page(*keys[here + 1]))) + " →")
    return " · ".join(links)


def render_month(site: Site, year: int, month: int) -> str:
    """A month of the timeline: every event of the month as a section."""
    page = site.month_page(year, month)
    events = site.index.by_month[(year, month)]
    lines = [f"# {month_title(year, month)}", "", neighbours(site, page, year, month), ""]
    for event in events:
        lines += render_event(site, page, event)
    return lines_to_page(lines)


def render_year(site: Site, year: int) -> str:
    """A year: its months with their events listed, and events dated to the year only."""
    page = site.year_page(year)
    lines = [f"# {year}", "", md.link("All years", md.relative(page, site.page("timeline",
                                                                             "index.md"))), ""]
    for month in site.index.months(year):
        month_page = site.month_page(year, month)
        lines += [f"## {md.link(month_title(year, month), md.relative(page, month_page))}", ""]
        lines += event_list(site, page, site.index.by_month[(year, month)], latest_first=False)
    year_only = site.index.by_year.get(year, ())
    if year_only:
        lines += [f"Dated to {year} only, without a month:", ""]
        for event in year_only:
            lines += render_event(site, page, event)
    return lines_to_page(lines)


def render_timeline_index(site: Site) -> str:
    """All years and months, with how many events each holds."""
    page = site.page("timeline", "index.md")
    total = len(site.index.dataset.events)
    lines = ["# Timeline", "", f"{plural(total, 'event')}, oldest first. Each event has a permanent "
             "link: the ¶ sign beside its title.", ""]
    for year in site.index.years():
        count = sum(len(site.index.by_month[(year, m)]) for m in site.index.months(year))
        count += len(site.index.by_year.get(year, ()))
        year_link = md.link(str(year), md.relative(page, site.year_page(year)))
        months = [md.link(MONTHS[m], md.relative(page, site.month_page(year, m))) +
                  f" ({len(site.index.by_month[(year, m)])})" for m in site.index.months(year)]
        detail = ", ".join(months) if months else "dated to the year only"
        lines += [f"## {year_link}", "", f"{plural(count, 'event')}: {detail}", ""]
    return lines_to_page(lines)


# --- positions -------------------------------------------------------------------------

def stance_cell(site: Site, page: str, stance: Stance | None) -> str:
    """A matrix cell: the stance, when it was stated (linked to the event) and the source."""
    if stance is None:
        return "—"
    source = stance.event.source(stance.position.source)
    when = site.event_link(page, stance.event, stance.event.date.spoken())
    return f"{md.text(stance.position.stance)}<br><small>as of {when} · {md.text(source.outlet)}</small>"


def position_matrix(site: Site, page: str) -> list[str]:
    """Topics by parties; each cell the party's latest stance on the topic."""
    parties = site.index.parties_with_positions()
    if not parties:
        return ["No positions have been recorded yet.", ""]
    header = ["Topic"] + [site.party_link(page, p) for p in parties]
    latest = {t.id: [site.index.latest(p, t.id) for p in parties]
              for t in site.registry.topics_in_order()}
    rows = [[site.topic_link(page, topic)] + [stance_cell(site, page, s) for s in stances]
            for topic, stances in latest.items() if any(stances)]
    return md.table(header, rows) + [""]


def history_lines(site: Site, page: str, stances: tuple[Stance, ...]) -> list[str]:
    """A stance history, latest first, with each change marked."""
    lines = []
    for stance in reversed(stances):
        mark = "**changed**" if stance.change == CHANGED else stance.change
        lines.append(f"- **{md.text(stance.event.date.spoken())}** ({mark}): "
                     f"{attributed(stance.event, stance.position)} · "
                     f"{site.event_link(page, stance.event)}")
    return lines + [""]


def event_list(site: Site, page: str, events: tuple[Event, ...],
               latest_first: bool = True) -> list[str]:
    """Events as a list of dated links, latest first unless told otherwise."""
    if not events:
        return ["No events yet.", ""]
    ordered = reversed(events) if latest_first else events
    return [f"- {md.text(e.date.spoken())}: {site.event_link(page, e)}" for e in ordered] + [""]


def render_positions(site: Site) -> str:
    """The matrix of topics by parties, with a word on how it is derived."""
    page = site.page("positions.md")
    return lines_to_page([
        "# Positions", "",
        "Each cell is the latest stance that a party stated on a topic, as recorded at an "
        "event and cited to a source. Follow the date to the event; the topic and party "
        "pages show how each stance changed over time.", ""] + position_matrix(site, page))


# --- parties and topics ----------------------------------------------------------------

def render_party(site: Site, party: Party) -> str:
    """A party: its current stance on each topic, their history, and its events."""
    page = site.page("parties", f"{party.id}.md")
    events = site.index.by_party.get(party.id, ())
    lines = [f"# {md.text(party.name)}", "",
             f"{md.text(party.kind.capitalize())} · {plural(len(events), 'event')}", ""]
    topics = [t for t in site.registry.topics_in_order() if (party.id, t.id) in site.index.history]
    if topics:
        lines += ["## Current positions", ""]
        rows = [[site.topic_link(page, t.id),
                 stance_cell(site, page, site.index.latest(party.id, t.id))] for t in topics]
        lines += md.table(["Topic", "Latest stance"], rows) + [""]
        lines += ["## Position history", ""]
        for topic in topics:
            lines += [f"### {md.text(topic.title)}", ""]
            lines += history_lines(site, page, site.index.history[(party.id, topic.id)])
    lines += ["## Events", ""] + event_list(site, page, events)
    return lines_to_page(lines)


def render_topic(site: Site, topic: Topic) -> str:
    """A topic: where each party stands now, how that changed, and the events."""
    page = site.page("topics", f"{topic.id}.md")
    events = site.index.by_topic.get(topic.id, ())
    lines = [f"# {md.text(topic.title)}", ""]
    lines += [md.text(topic.description), ""] if topic.description else []
    parties = [p for p in site.index.parties_with_positions()
               if (p, topic.id) in site.index.history]
    if parties:
        lines += ["## Where each party stands", ""]
        rows = [[site.party_link(page, p), stance_cell(site, page, site.index.latest(p, topic.id))]
                for p in parties]
        lines += md.table(["Party", "Latest stance"], rows) + [""]
        lines += ["## How positions changed", ""]
        for party in parties:
            lines += [f"### {md.text(site.registry.parties[party].name)}", ""]
            lines += history_lines(site, page, site.index.history[(party, topic.id)])
    lines += ["## Events", ""] + event_list(site, page, events)
    return lines_to_page(lines)


def render_party_index(site: Site) -> str:
    """Every party, with its kind and number of events."""
    page = site.page("parties", "index.md")
    rows = [[site.party_link(page, p.id), md.text(p.kind), str(len(site.index.by_party.get(p.id, ())))]
            for p in sorted(site.registry.parties.values(), key=lambda p: (p.name.casefold(), p.id))]
    return lines_to_page(["# Parties", ""] + md.table(["Party", "Kind", "Events"], rows))


def render_topic_index(site: Site) -> str:
    """Every topic, with its description and number of events."""
    page = site.page("topics", "index.md")
    rows = [[site.topic_link(page, t.id), md.text(t.description),
             str(len(site.index.by_topic.get(t.id, ())))] for t in site.registry.topics_in_order()]
    return lines_to_page(["# Topics", ""] + md.table(["Topic", "What it covers", "Events"], rows))


# --- partials for the hand-written home page ---------------------------------------------

def render_latest(site: Site, page: str = "index.md") -> str:
    """The latest events, for inclusion in the home page (links relative to `page`)."""
    latest = site.index.dataset.events[-LATEST_ON_HOME:]
    return lines_to_page(event_list(site, page, latest))


def render_home_matrix(site: Site, page: str = "index.md") -> str:
    """The position matrix, for inclusion in the home page."""
    return lines_to_page(position_matrix(site, page))


def render_site(index: Index, root: str = "generated") -> dict[str, str]:
    """Every generated page, keyed by its path relative to the docs folder."""
    site = Site(index, root)
    pages = {
        site.page("timeline", "index.md"): render_timeline_index(site),
        site.page("positions.md"): render_positions(site),
        site.page("parties", "index.md"): render_party_index(site),
        site.page("topics", "index.md"): render_topic_index(site),
        site.page("partials", "latest.md"): render_latest(site),
        site.page("partials", "matrix.md"): render_home_matrix(site),
    }
    for year in index.years():
        pages[site.year_page(year)] = render_year(site, year)
        for month in index.months(year):
            pages[site.month_page(year, month)] = render_month(site, year, month)
    for party in site.registry.parties.values():
        pages[site.page("parties", f"{party.id}.md")] = render_party(site, party)
    for topic in site.registry.topics.values():
        pages[site.page("topics", f"{topic.id}.md")] = render_topic(site, topic)
    return dict(sorted(pages.items()))
