"""Where each party stands: the matrix of topics by parties, stance cells and histories."""

from __future__ import annotations

from markupsafe import Markup

from generator import html as md, urls
from generator.index import Change, Stance
from generator.pages.fragments import Links
from generator.pages.site import Site, render


def stance_cell(site: Site, stance: Stance | None, base: str = urls.UP) -> Markup:
    """A matrix cell: the stance, when it was stated (linked to the event) and the source."""
    if stance is None:
        return Markup("—")
    event = stance.event
    when = md.a(site.words.spoken(event.date), urls.event_link(event, base))
    outlet = event.source(stance.position.source).outlet
    as_of = site.words("as_of", date=when, outlet=md.h(outlet))  # a trusted sentence
    return Markup(f"{md.h(stance.position.stance)}<br>\n<small>{as_of}</small>")


def matrix(site: Site, base: str = urls.UP) -> dict:
    """Topics by parties; each cell the party's latest stance on the topic."""
    links = site.links if base == urls.UP else site.home_links
    parties = site.index.parties_with_positions()
    rows = []
    for topic in site.registry.topics_in_order():
        stances = [site.index.latest(p, topic.id) for p in parties]
        if any(stances):
            rows.append([links.topic[topic.id]] + [stance_cell(site, s, base) for s in stances])
    return {"header": [site.words("topic")] + [links.party[p] for p in parties],
            "rows": rows if parties else []}


def history(site: Site, stances: tuple[Stance, ...]) -> Markup:
    """A stance history, latest first, each item marked first stated, changed or restated:
    the list's items as one block (histories run to thousands of items)."""
    marks = {change: md.h(site.words(f"change_{change.value}")) for change in Change}
    marks[Change.CHANGED] = f"<strong>{marks[Change.CHANGED]}</strong>"
    items = []
    for stance in reversed(stances):
        fragments = site.of(stance.event)
        items.append(f"<li><strong>{fragments.spoken}</strong> ({marks[stance.change]}): "
                     f"{fragments.said[stance.number]} · {fragments.link}</li>")
    return Markup("\n".join(items))


def positions_page(site: Site) -> str:
    """The matrix of topics by parties, with a word on how it is derived."""
    return render("positions.md.j2", title=site.words("positions"), words=site.words,
                  matrix=matrix(site))


def home_matrix(site: Site) -> str:
    """The position matrix, for inclusion in the home page (links from the docs folder)."""
    return render("matrix.md.j2", words=site.words, matrix=matrix(site, urls.HOME))


def current_rows(site: Site, links: Links, pairs: list[tuple[str, str, Markup]]) -> list:
    """Rows of a party's or topic's current stances: (party, topic, label) each."""
    return [[label, stance_cell(site, site.index.latest(party, topic))]
            for party, topic, label in pairs]
