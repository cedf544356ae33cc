"""Each event rendered once, into the pieces every page showing it puts together.

This is the hot path (10,000 events, each on several pages), so it stays Python rather
than a template: Jinja costs two to four times as much here, and so does Markup.format.
Every piece is `markupsafe.Markup`, built from f-strings in which every value is either
passed through `escape` (text) or is Markup already (escape returns it unchanged).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from html import escape as _e

from markupsafe import Markup

from generator import html as md, urls
from generator.i18n import Words
from generator.model import Event, Registry, Source

Thread = tuple[tuple[Event, ...], tuple[Event, ...]]  # the events it follows, those following it
NO_THREAD: Thread = ((), ())


@dataclass(frozen=True)
class Fragments:
    """One event rendered once, in the pieces that the pages showing it put together."""

    section: Markup  # its section on a timeline page: Markdown heading, HTML body
    link: Markup  # a link to that section, labelled with the title
    spoken: Markup  # its date as a reader says it, escaped
    said: tuple[Markup, ...]  # each stated position, attributed, in the event's order

    @cached_property  # a frozen dataclass still has a __dict__, which this writes to
    def item(self) -> Markup:
        """The event as a list item: date and link."""
        return Markup(f"<li>{self.spoken}: {self.link}</li>")


class Links:
    """Every party's and topic's link from a generated page, made once per run."""

    def __init__(self, registry: Registry, base: str = urls.UP) -> None:
        self.party = {p: md.a(party.name, urls.link(urls.party(p), base=base))
                      for p, party in registry.parties.items()}
        self.topic = {t: md.a(topic.title, urls.link(urls.topic(t), base=base))
                      for t, topic in registry.topics.items()}


@dataclass(frozen=True)
class Context:
    """What rendering any event needs besides the event: the registry, the words, links."""

    registry: Registry
    words: Words
    links: Links


# Below, `str` values are HTML already safe to insert: every piece of event text passed
# through `_e` (the standard library's escape, a chain of C replaces), every link through
# `_a`. Only the finished fragments become Markup: this runs for every event, and one
# Markup object per piece cost more than the rest of rendering.

def _a(label_html: str, target: str) -> str:
    """A link around label HTML."""
    return f'<a href="{_e(md.href(target))}">{label_html}</a>'


def event_meta(context: Context, event: Event, thread: Thread) -> str:
    """The date, type and place line, the who-and-what line, and the events it follows and
    that follow it, under an event's heading."""
    words, links = context.words, context.links
    first = [f"<strong>{_e(words.spoken(event.date))}</strong>",
             _e(context.registry.types[event.type].title)]
    if event.location:
        first.append(_e(event.location))
    who = []
    for label, ids, link in (("parties_label", event.parties, links.party),
                             ("mediators_label", event.mediators, links.party),
                             ("topics_label", event.topics, links.topic)):
        if ids:
            who.append(labelled(words(label), ", ".join(link[i] for i in ids)))
    if event.tags:
        who.append(labelled(words("tags_label"), ", ".join(map(_e, event.tags))))
    lines = [" · ".join(first)]
    if who:
        lines.append(" · ".join(who))
    related = [labelled(words(label), ", ".join(
        f"{_a(_e(other.title), urls.event_link(other))} ({_e(words.spoken(other.date))})"
        for other in others))
        for label, others in (("follows_label", thread[0]), ("followed_by_label", thread[1]))
        if others]
    if related:
        lines.append(" · ".join(related))
    return '<p class="tl-meta">' + "<br>\n".join(lines) + "</p>"


def labelled(label: str, value_html: str) -> str:
    """'<strong>Parties:</strong> …'."""
    return f"<strong>{_e(label)}:</strong> {value_html}"


def source_label(words: Words, source: Source) -> str:
    """Say a source as a citation: outlet, title, date, with the title linked when possible."""
    parts = [_e(source.outlet)]
    if source.title:
        parts.append(_a(_e(source.title), source.url) if source.url
                     else f"“{_e(source.title)}”")
    elif source.url:
        parts.append(_a(_e(words("link")), source.url))
    if source.published:
        parts.append(_e(words.spoken(source.published)))
    return ", ".join(parts)


def attributed(words: Words, event: Event, position) -> str:
    """A stance followed by who voiced it and the outlet that reported it."""
    said = f"{_e(position.speaker)}; " if position.speaker else ""
    source = _e(words("source_label", outlet=event.source(position.source).outlet))
    return f"{_e(position.stance)} <em>({said}{source})</em>"


def event_body(context: Context, event: Event, said: tuple[str, ...], thread: Thread) -> str:
    """An event's facts, narrative, positions and sources, as one raw HTML block."""
    words, links = context.words, context.links
    parts = [event_meta(context, event, thread)]
    if event.narrative.strip():
        parts.append(f'<div class="tl-narrative">\n{md.narrative_html(event.narrative)}'
                     '\n</div>')
    if event.positions:
        items = "\n".join(f"<li>{on_topic(words, links, p)}: {s}</li>"
                          for p, s in zip(event.positions, said, strict=True))
        parts.append(f'<p><strong>{_e(words("positions_stated"))}</strong></p>\n'
                     f'<ul class="tl-positions">\n{items}\n</ul>')
    sources = "\n".join(f"<li>{source_label(words, s)}</li>" for s in event.sources)
    parts.append(f'<p><strong>{_e(words("sources"))}</strong></p>\n'
                 f'<ol class="tl-sources">\n{sources}\n</ol>')
    inner = "\n".join(parts)
    return f'<div class="tl-event">\n{inner}\n</div>'


def on_topic(words: Words, links: Links, position) -> str:
    """'<a>Ukraine</a> on <a>Ceasefire</a>': the catalogue's sentence (trusted) around two
    links (Markup)."""
    return words("party_on_topic", party=links.party[position.party],
                 topic=links.topic[position.topic])


def heading(event: Event) -> str:
    """An event's heading: ISO date and title, with the event id as its permalink anchor.

    The ISO date leads: it sorts, reads the same in every language, and makes a search
    for 2025-06-02 rank this section first (headings weigh most in the index).
    """
    # The id is a slug ([a-z0-9-]): validation made sure of it.
    return f"## {md.text(event.date.text)} · {md.text(event.title)} {{ #{event.id} }}"


def render_fragments(context: Context, event: Event, thread: Thread = NO_THREAD) -> Fragments:
    """Render one event into the pieces its pages need; `thread` holds the events it
    follows and those that follow it, whose titles and dates its section shows."""
    said = tuple(attributed(context.words, event, p) for p in event.positions)
    body = event_body(context, event, said, thread)
    return Fragments(section=Markup(f"{heading(event)}\n\n{body}"),
                     link=Markup(_a(_e(event.title), urls.event_link(event))),
                     spoken=Markup(_e(context.words.spoken(event.date))),
                     said=tuple(map(Markup, said)))


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


def all_fragments(context: Context, events: tuple[Event, ...], known: Known | None = None,
                  affected: frozenset[str] = frozenset()) -> dict[str, tuple[Event, Fragments]]:
    """Fragments for every event by id, reusing those rendered before only for the very
    same event object: one the cache handed out because its file is provably unchanged
    since it was rendered, and that shows no changed event (`affected`). An event read
    again, even if equal, is rendered again: the fragments are raw HTML, and a cache file
    may come from anywhere (the caller drops them all when the registry or code changes)."""
    known, related = known or {}, threads(events)
    rendered = {}
    for event in events:
        before = known.get(event.id)
        if before is not None and before[0] is event and event.id not in affected:
            rendered[event.id] = before
        else:
            rendered[event.id] = (event, render_fragments(context, event,
                                                          related.get(event.id, NO_THREAD)))
    return rendered


def changed_events(before: Known, now: Mapping[str, Event]) -> list[Event]:
    """Events added, removed or changed since the run that rendered `before`: both the
    old and the new version of a changed one, since either may be shown somewhere."""
    changed = []
    for event_id in before.keys() | now.keys():
        old, new = before.get(event_id), now.get(event_id)
        if old is None or new is None or (old[0] is not new and old[0] != new):
            changed += [e for e in (old[0] if old else None, new) if e is not None]
    return changed


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
