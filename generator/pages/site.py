"""What every page kind renders from: the index, each event's fragments, the words and
settings; and the one Jinja environment (autoescape on) its templates run in."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator import html as md, urls
from generator.config import Settings
from generator.i18n import Words
from generator.index import Index
from generator.model import Event, Registry
from generator.pages.fragments import Fragments, Links

TEMPLATES = Path(__file__).parent.parent / "templates"


def front_title(title: str) -> Markup:
    """A page title for its front matter: HTML-escaped once, as a YAML (JSON) string.

    The theme writes the title into the page's <title> and header. Without front matter it
    takes the heading's text and strips tags with a filter that also decodes entities, so
    an escaped `&lt;/title&gt;&lt;script&gt;` in a party's name would come back as markup
    and run; the front-matter title is written out as it is, escaped once, and stays text.
    """
    return Markup(json.dumps(html.escape(title), ensure_ascii=False))


def front_feeds(feeds: list[tuple[str, str, str]]) -> Markup:
    """The feeds a page advertises, for its front matter: (path from the site's root, media
    type, title), the title HTML-escaped once as the page title is; the theme writes each
    as a <link rel="alternate"> (generator/theme/main.html)."""
    return Markup(json.dumps([{"href": href, "type": kind, "title": html.escape(title)}
                              for href, kind, title in feeds], ensure_ascii=False))


def summary(words: Words, key: str, titles: Sequence[str] = (), limit: int = 200,
            **values: object) -> str:
    """A page's description (its <meta name="description">, its preview when linked): the
    catalogue's sentence, then as many of `titles` as fit in about `limit` characters."""
    text = words(key, **values)
    shown: list[str] = []
    for title in titles:
        if len(text) + sum(len(t) + 2 for t in shown) + len(title) > limit:
            shown.append("…")
            break
        shown.append(title)
    return text + (" " + "; ".join(shown) if shown else "")


ENVIRONMENT = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                          undefined=StrictUndefined, auto_reload=False)
ENVIRONMENT.filters["heading"] = md.text
ENVIRONMENT.filters["front_title"] = front_title
ENVIRONMENT.filters["front_feeds"] = front_feeds


def render(template: str, description: str = "", feeds: tuple = (), crumbs: dict | None = None,
           **context: object) -> str:
    """A page from its template: blocks a blank line apart, one newline at the end; with
    its description and the feeds it advertises in its front matter, and the trail of
    pages above it (`trail`)."""
    return ENVIRONMENT.get_template(template).render(
        description=description, feeds=feeds, crumbs=crumbs, **context).rstrip("\n") + "\n"


def jump_links(site: Site, current: bool, disputes: bool, commitments: bool,
               current_key: str, history_key: str) -> list[tuple[str, str]]:
    """The sections a party's or a topic's page has, as (anchor, label), in page order."""
    words = site.words
    sections = []
    if current:
        sections += [("current", words(current_key)), ("history", words(history_key))]
    if disputes:
        sections.append(("disputes", words("disputed_claims")))
    if commitments:
        sections.append(("commitments", words("commitments")))
    return [*sections, ("events", words("events"))]


def trail(site: Site, *steps: tuple[str, str]) -> dict:
    """Breadcrumbs: the pages above this one, each (label, link), the top first."""
    return {"label": site.words("breadcrumb"), "trail": list(steps)}


def section(site: Site, key: str, name: str) -> tuple[str, str]:
    """A top-level page as a breadcrumb: its word and its link."""
    return site.words(key), urls.link(name)


def settings_title(site: Site) -> str:
    """The record's name (mkdocs.yml's site_name), or the word for a timeline."""
    return site.settings.title or site.words("timeline")


def feeds_of(name: str, title: str) -> tuple[tuple[str, str, str], ...]:
    """The Atom feed and the JSON Feed called `name`, for a page's front matter."""
    return ((urls.site_path(name, ".xml"), "application/atom+xml", f"{title} (Atom)"),
            (urls.site_path(name, ".json"), "application/feed+json", f"{title} (JSON Feed)"))


def items(site: Site, events) -> Markup:
    """Events as the items of a list, one block: dates and links."""
    return Markup("\n".join(site.of(e).item for e in events))


@dataclass(frozen=True)
class Site:
    """The index being rendered, every event's fragments, the words and the settings."""

    index: Index
    rendered: Mapping[str, tuple[Event, Fragments]]
    words: Words
    settings: Settings = field(default_factory=Settings)

    def of(self, event: Event) -> Fragments:
        """The fragments of one event."""
        return self.rendered[event.id][1]

    @property
    def registry(self) -> Registry:
        """The parties, topics and types of the dataset."""
        return self.index.dataset.registry

    @cached_property
    def memo(self) -> dict:
        """Pieces several pages share, made once a run (a cache of this Site only)."""
        return {}

    @cached_property
    def links(self) -> Links:
        """Links to parties and topics from a generated page."""
        return Links(self.registry)

    @cached_property
    def home_links(self) -> Links:
        """Links to parties and topics from the home page, in the docs folder."""
        return Links(self.registry, urls.HOME)
