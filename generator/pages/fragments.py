"""Each event rendered once, into the pieces every page showing it puts together.

This is the hot path (10,000 events, each on several pages), so it stays Python rather
than a template: Jinja costs two to four times as much here, and so does Markup.format.
Every piece is `markupsafe.Markup`, built from f-strings in which every value is either
passed through `escape` (text) or is Markup already (escape returns it unchanged).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from html import escape as _e

from markupsafe import Markup

from generator import html as md, urls
from generator.formats import jsonld
from generator.i18n import Words
from generator.index import Index
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
        self.type = {t: md.a(kind.title, urls.link(urls.type_page(t), base=base))
                     for t, kind in registry.types.items()}
        self.base = base

    def tag(self, tag: str) -> str:
        """A link to a tag's page (tags are ids: nothing to escape but the usual)."""
        return md.link(_e(tag), urls.link(urls.tag(tag), base=self.base))


@dataclass(frozen=True)
class Context:
    """What rendering any event needs besides the event: the registry, the words, links,
    and the index, where the claims that dispute its claims and the fulfilments of its
    commitments are (each of those events names this one: the cache knows to re-render)."""

    registry: Registry
    words: Words
    links: Links
    index: Index | None = None
    # Citations made so far, by (event id, source id): an event's sources are cited by its
    # own positions and claims and by the sections of every event that names it.
    cited: dict[tuple[str, str], str] = field(default_factory=dict, compare=False, hash=False)


# Below, `str` values are HTML already safe to insert: every piece of event text passed
# through `_e` (the standard library's escape, a chain of C replaces), every link through
# `_a`. Only the finished fragments become Markup: this runs for every event, and one
# Markup object per piece cost more than the rest of rendering.

def event_meta(context: Context, event: Event, thread: Thread) -> str:
    """The date, type and place line, the who-and-what line, and the events it follows and
    that follow it, under an event's heading."""
    words, links = context.words, context.links
    first: list[str] = [links.type[event.type]]
    if event.location:
        first.append(_e(event.location))
    who = []
    for label, ids, link in (("parties_label", event.parties, links.party),
                             ("mediators_label", event.mediators, links.party),
                             ("topics_label", event.topics, links.topic)):
        if ids:
            who.append(labelled(words(label), ", ".join(link[i] for i in ids)))
    if event.tags:
        who.append(labelled(words("tags_label"), ", ".join(map(links.tag, event.tags))))
    lines = [" · ".join(first)]
    if who:
        lines.append(" · ".join(who))
    related = [labelled(words(label), ", ".join(
        f"{md.link(_e(other.title), urls.event_link(other))} ({_e(words.spoken(other.date))})"
        for other in others))
        for label, others in (("follows_label", thread[0]), ("followed_by_label", thread[1]))
        if others]
    if related:
        lines.append(" · ".join(related))
    return '<p class="tl-meta">' + "<br>\n".join(lines) + "</p>"


def labelled(label: str, value_html: str) -> str:
    """'<strong>Parties:</strong> …'."""
    return f"<strong>{_e(label)}:</strong> {value_html}"


def outlet_name(registry: Registry, words: Words, name_or_id: str) -> str:
    """An outlet as a reader sees it, as HTML: its registered name and kind, or the words
    the source gives."""
    outlet = registry.outlets.get(name_or_id)
    if outlet is None:
        return _e(name_or_id)
    kind = words(f"outlet_kind_{outlet.kind}")
    return f'{_e(outlet.name)} <span class="tl-kind">({_e(kind)})</span>'


def source_label(context: Context, source: Source) -> str:
    """Say a source as a citation: outlet, title, date, with the title linked when possible."""
    words = context.words
    parts = [outlet_name(context.registry, context.words, source.outlet)]
    if source.title:
        parts.append(md.link(_e(source.title), source.url) if source.url
                     else f"“{_e(source.title)}”")
    elif source.url:
        parts.append(md.link(_e(words("link")), source.url))
    if source.published:
        parts.append(_e(words.spoken(source.published)))
    return ", ".join(parts)


def cite(context: Context, event: Event, source_id: str) -> str:
    """'source: TASS (state-affiliated) [2]', the number linking to the event's source list
    (from any generated page: the link names the event's page)."""
    key = (event.id, source_id)
    made = context.cited.get(key)
    if made is None:
        made = context.cited[key] = _cite(context, event, source_id)
    return made


def _cite(context: Context, event: Event, source_id: str) -> str:
    number = next(n for n, s in enumerate(event.sources, 1) if s.id == source_id)
    outlet = outlet_name(context.registry, context.words, event.source(source_id).outlet)
    link = md.link(_e(context.words("source_number", number=number)),
              urls.link(urls.home_of(event), f"{event.id}--{source_id}"))
    # The catalogue's sentence is trusted; what fills it is HTML made safe above.
    return context.words("source_label", outlet=f"{outlet} {link}")


def attributed(context: Context, event: Event, position) -> str:
    """A stance followed by who voiced it and the outlet that reported it, in readable
    type (an attribution is part of the record, not a footnote)."""
    said = f"{_e(position.speaker)}; " if position.speaker else ""
    return (f'{_e(position.stance)} <span class="tl-said">({said}'
            f"{cite(context, event, position.source)})</span>")


def claim_line(context: Context, event: Event, claim, with_event: bool = False) -> str:
    """'Russia on Children: text (speaker; source)', and where it was made."""
    said = f"{_e(claim.speaker)}; " if claim.speaker else ""
    where = f" · {md.link(_e(event.title), urls.event_link(event))}" if with_event else ""
    return (f"<strong>{context.links.party[claim.party]}</strong> on "
            f"{context.links.topic[claim.topic]}: {_e(claim.text)} "
            f'<span class="tl-said">({said}{cite(context, event, claim.source)})</span>{where}')


def titled_list(title: str, tag: str, css_class: str, items: list[str]) -> str:
    """A bold title over a list of items (HTML already safe)."""
    inner = "\n".join(items)
    return (f"<p><strong>{_e(title)}</strong></p>\n"
            f'<{tag} class="{css_class}">\n{inner}\n</{tag}>')


def claims_block(context: Context, event: Event) -> str:
    """The event's claims; one that disputes another, or that another disputes, side by
    side with those (each with its own source, linked to where it was made)."""
    words, index = context.words, context.index
    items = []
    for claim in event.claims:
        anchor = f"{event.id}--{claim.id}"
        own = claim_line(context, event, claim)
        other = []
        target = index.claim(claim.disputes) if index and claim.disputes else None
        if target is not None:
            other.append(f"<p><strong>{_e(words('disputes'))}:</strong> "
                         f"{claim_line(context, target.event, target.item, True)}</p>")
        for said in (index.disputed_by.get((event.id, claim.id), ()) if index else ()):
            other.append(f"<p><strong>{_e(words('disputed_by'))}:</strong> "
                         f"{claim_line(context, said.event, said.item, True)}</p>")
        if other:
            items.append(f'<li id="{anchor}"><div class="tl-dispute">\n'
                         f'<div class="tl-side">{own}</div>\n'
                         f'<div class="tl-side">{"".join(other)}</div>\n</div></li>')
        else:
            items.append(f'<li id="{anchor}">{own}</li>')
    return titled_list(words("claims"), "ul", "tl-claims", items)


def commitment_block(context: Context, event: Event) -> str:
    """The event's commitments, each with its status and the events that carried it out."""
    words, index = context.words, context.index
    items = []
    for commitment in event.commitments:
        parties = ", ".join(context.links.party[p] for p in commitment.parties)
        due = f" · {_e(words('due', date=words.spoken(commitment.due)))}" \
            if commitment.due else ""
        fulfilled = index.fulfilments.get((event.id, commitment.id), ()) if index else ()
        status = fulfilled[-1].item.status if fulfilled else "pending"
        steps = "".join(
            f"<li>{_e(words.spoken(s.event.date))}, "
            f"<strong>{_e(words('status_' + s.item.status))}</strong>: {_e(s.item.text)} "
            f"<em>({cite(context, s.event, s.item.source)})</em> · "
            f"{md.link(_e(s.event.title), urls.event_link(s.event))}</li>" for s in fulfilled)
        items.append(
            f'<li id="{event.id}--{commitment.id}">{parties} on '
            f"{context.links.topic[commitment.topic]}: {_e(commitment.text)} "
            f"<em>({cite(context, event, commitment.source)})</em>{due} · "
            f'<span class="tl-status tl-status-{status}">'
            f"{_e(words('status', status=words('status_' + status)))}</span>"
            + (f'\n<ul class="tl-fulfilments">{steps}</ul>' if steps else "") + "</li>")
    return titled_list(words("commitments"), "ul", "tl-commitments", items)


def progress_block(context: Context, event: Event) -> str:
    """What this event did about earlier commitments, each linked to the commitment."""
    words, index = context.words, context.index
    items = []
    for fulfilment in event.fulfils:
        target = index.commitment(fulfilment.commitment) if index else None
        promised = ""
        if target is not None:
            link = md.link(f"“{_e(target.item.text)}”", urls.link(
                urls.home_of(target.event), f"{target.event.id}--{target.item.id}"))
            promised = " · " + words("on_commitment", commitment=link) + \
                f" ({_e(words.spoken(target.event.date))})"
        items.append(f"<li><strong>{_e(words('status_' + fulfilment.status))}</strong>: "
                     f"{_e(fulfilment.text)} "
                     f"<em>({cite(context, event, fulfilment.source)})</em>{promised}</li>")
    return titled_list(words("progress"), "ul", "tl-progress", items)


def event_body(context: Context, event: Event, said: tuple[str, ...], thread: Thread) -> str:
    """An event's facts, narrative, positions and sources, as one raw HTML block."""
    words = context.words
    parts = [event_meta(context, event, thread), cite_line(context, event)]
    if event.narrative.strip():
        parts.append(f'<div class="tl-narrative">\n{md.narrative_html(event.narrative)}'
                     '\n</div>')
    if event.positions:
        parts.append(positions_block(context, event, said))
    if event.claims:
        parts.append(claims_block(context, event))
    if event.commitments:
        parts.append(commitment_block(context, event))
    if event.fulfils:
        parts.append(progress_block(context, event))
    parts.append(titled_list(words("sources"), "ol", "tl-sources", [
        f'<li id="{event.id}--{s.id}">{source_label(context, s)}</li>' for s in event.sources]))
    parts.append(jsonld.script(context.registry, event))
    inner = "\n".join(parts)
    return f'<div class="tl-event">\n{inner}\n</div>'


def positions_block(context: Context, event: Event, said: tuple[str, ...]) -> str:
    """The positions stated, topic by topic, every party's stance on a topic together (in
    the registry's order of topics, and the order the event lists the parties)."""
    words, links = context.words, context.links
    by_topic: dict[str, list[str]] = {}
    for position, text in zip(event.positions, said, strict=True):
        change = f" ({_e(words('change_' + position.change))})" if position.change else ""
        by_topic.setdefault(position.topic, []).append(
            f"<li><strong>{links.party[position.party]}</strong>{change}: {text}</li>")
    order = {topic: n for n, topic in enumerate(context.registry.topics)}
    items = [f"<li>{links.topic[topic]}\n<ul>\n" + "\n".join(stances) + "\n</ul>\n</li>"
             for topic, stances in sorted(by_topic.items(), key=lambda kv: order[kv[0]])]
    return titled_list(words("positions_stated"), "ul", "tl-positions", items)


def cite_line(context: Context, event: Event) -> str:
    """A visible permalink and, with a script, a button that copies a citation: the title,
    the date and the address (the script adds the site's name and the page's address, so
    the same citation is right on the website and in the bundle)."""
    words = context.words
    citation = f"“{event.title}”, {words.spoken(event.date)}"
    return (f'<p class="tl-cite" data-search-exclude="">'
            f'<a class="tl-permalink" href="#{event.id}">{_e(words("permalink"))}</a> '
            f'<button type="button" class="tl-cite-button" data-cite="{_e(citation)}" '
            f'data-copied="{_e(words("cite_copied"))}" hidden>{_e(words("cite"))}</button> '
            f'<span class="tl-cite-text" role="status"></span></p>')


def on_topic(words: Words, links: Links, position) -> str:
    """'<a>Ukraine</a> on <a>Ceasefire</a>': the catalogue's sentence (trusted) around two
    links (Markup)."""
    return words("party_on_topic", party=links.party[position.party],
                 topic=links.topic[position.topic])


def heading(words: Words, event: Event) -> str:
    """An event's heading: its date as a reader says it and its title, then the date as
    written (`2025-06-02`, in small type), with the event id as its permalink anchor.

    The written date is in the heading because headings weigh most in the search index: a
    search for 2025-06-02 (2025, 06 and 02) then ranks this section above every page whose
    title only says 2025. The table of contents, which has room for little, shows the
    spoken date and the title only (`data-toc-label`: the same escaped text, its quotes
    as entities, which the toc extension unescapes and escapes again)."""
    # The id is a slug ([a-z0-9-]): validation made sure of it.
    shown = md.text(f"{words.spoken(event.date)} · {event.title}")
    return (f'## {shown} <time class="tl-iso" datetime="{_e(event.date.start.isoformat())}">'
            f'{md.text(event.date.text)}</time> '
            f'{{ #{event.id} data-toc-label="{str(shown).replace(chr(34), "&quot;")}" }}')


def render_fragments(context: Context, event: Event, thread: Thread = NO_THREAD) -> Fragments:
    """Render one event into the pieces its pages need; `thread` holds the events it
    follows and those that follow it, whose titles and dates its section shows."""
    said = tuple(attributed(context, event, p) for p in event.positions)
    body = event_body(context, event, said, thread)
    return Fragments(section=Markup(f"{heading(context.words, event)}\n\n{body}"),
                     link=Markup(md.link(_e(event.title), urls.event_link(event))),
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
    themselves: the events a changed one names (it follows them, disputes their claims,
    reports on their commitments) and those that name it, as the last run had them and as
    they are now (an event's section shows both directions)."""
    changed_ids = {event.id for event in changed}
    affected = {r.id for event in changed for r in event.references()}
    for event in [pair[0] for pair in before.values()] + list(now):
        if any(r.id in changed_ids for r in event.references()):
            affected.add(event.id)
    return frozenset(affected - changed_ids)
