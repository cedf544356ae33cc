"""What every page kind renders from: the index, each event's fragments, the words and
settings; and the one Jinja environment (autoescape on) its templates run in."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
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


ENVIRONMENT = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                          undefined=StrictUndefined, auto_reload=False)
ENVIRONMENT.filters["heading"] = md.text
ENVIRONMENT.filters["front_title"] = front_title


def render(template: str, **context: object) -> str:
    """A page from its template: blocks a blank line apart, one newline at the end."""
    return ENVIRONMENT.get_template(template).render(**context).rstrip("\n") + "\n"


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
