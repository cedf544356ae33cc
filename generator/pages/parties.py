"""A page per party, and the list of parties."""

from __future__ import annotations

from generator import urls
from generator.model import Party
from generator.pages.positions import current_rows, history
from generator.pages.record import commitment_rows, dispute_rows
from generator.pages.site import (
    Site,
    feeds_of,
    items,
    jump_links,
    render,
    section,
    settings_title,
    summary,
    trail,
)
from generator.pages.visual import visual_timeline


def party_page(site: Site, party: Party) -> str:
    """A party: its current stance on each topic, their history, and its events."""
    index, words = site.index, site.words
    events = index.by_party.get(party.id, ())
    topics = [t for t in site.registry.topics_in_order() if (party.id, t.id) in index.history]
    current = current_rows(site, [(party.id, t.id, site.links.topic[t.id]) for t in topics])
    commitments = commitment_rows(site, [s for s in reversed(index.commitments)
                                         if party.id in s.item.parties])
    disputes = dispute_rows(site, index.disputed(party=party.id))
    return render(
        "party.md.j2", title=party.name, words=words, kind=words(f"party_kind_{party.kind}"),
        jump=jump_links(site, bool(current), bool(disputes), bool(commitments),
                        "current_positions", "position_history"),
        crumbs=trail(site, section(site, "parties", urls.PARTIES)),
        description=summary(words, "describe_party", party=party.name,
                            events=words.count("event", len(events))),
        feeds=feeds_of(urls.party_feed(party.id),
                       words("feed_title", title=settings_title(site), name=party.name)),
        count=words.count("event", len(events)),
        current=current,
        histories=[{"title": t.title, "entries": history(site, index.history[(party.id, t.id)])}
                   for t in topics],
        commitments=commitments, disputes=disputes, events=items(site, reversed(events)),
        visual=visual_timeline(site, events, "topic"))


def parties_page(site: Site) -> str:
    """Every party, with its kind and number of events."""
    parties = sorted(site.registry.parties.values(), key=lambda p: (p.name.casefold(), p.id))
    rows = [[site.links.party[p.id], site.words(f"party_kind_{p.kind}"),
             str(len(site.index.by_party.get(p.id, ())))] for p in parties]
    return render("parties.md.j2", title=site.words("parties"), words=site.words, rows=rows,
                  description=summary(site.words, "describe_parties"))
