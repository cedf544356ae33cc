"""Partials for the hand-written home page: the latest events (the matrix is positions')."""

from __future__ import annotations

from markupsafe import Markup

from generator import html as md, urls
from generator.pages.site import Site, render


def provenance_partial(site: Site) -> str:
    """Who publishes the record, the last day it reaches, where to report an error and
    the data's licence (from timeline.yml), for inclusion in the About page."""
    words, settings = site.words, site.settings
    publisher = settings.publisher or words("publisher_unnamed")
    named = md.a(publisher, settings.publisher_url) if settings.publisher_url else \
        md.esc(publisher)
    as_of = site.index.as_of()
    licence = Markup("")
    if settings.corrections:
        shown = settings.corrections.removeprefix("mailto:")
        corrections = Markup(words("corrections_how", address=md.a(shown, settings.corrections),
                                   link=md.esc(words("permalink"))))
    else:  # the build notes that no address is set; readers still learn what to send
        corrections = Markup(words("corrections_unset", publisher=named,
                                   link=md.esc(words("permalink"))))
    if settings.licence:
        name = md.a(settings.licence, settings.licence_url) if settings.licence_url else \
            md.esc(settings.licence)
        licence = Markup(words("data_licence", licence=name))
    return render("provenance.md.j2", published=Markup(words("published_by", publisher=named)),
                  reaches=words("record_reaches", date=words.spoken_day(as_of)) if as_of
                  else words("no_events"), corrections=corrections, licence=licence)


def latest_partial(site: Site) -> str:
    """The latest events, for inclusion in the home page (links from the docs folder)."""
    latest = site.index.dataset.events[-site.settings.latest_on_home:]
    items = [Markup(f"<li>{md.h(site.words.spoken(e.date))}: "
                    f"{md.a(e.title, urls.event_link(e, urls.HOME))}</li>")
             for e in reversed(latest)]
    return render("latest.md.j2", words=site.words, items=items)
