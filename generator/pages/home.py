"""Partials for the hand-written home page: the latest events (the matrix is positions')."""

from __future__ import annotations

from markupsafe import Markup

from generator import html as md, urls
from generator.pages.site import Site, render


def latest_partial(site: Site) -> str:
    """The latest events, for inclusion in the home page (links from the docs folder)."""
    latest = site.index.dataset.events[-site.settings.latest_on_home:]
    items = [Markup(f"<li>{md.h(site.words.spoken(e.date))}: "
                    f"{md.a(e.title, urls.event_link(e, urls.HOME))}</li>")
             for e in reversed(latest)]
    return render("latest.md.j2", words=site.words, items=items)
