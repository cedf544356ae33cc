"""A page per topic, and the list of topics."""

from __future__ import annotations

from generator import urls
from generator.model import Topic
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


def topic_page(site: Site, topic: Topic) -> str:
    """A topic: where each party stands now, how that changed, and the events."""
    index, words = site.index, site.words
    events = index.by_topic.get(topic.id, ())
    parties = [p for p in index.parties_with_positions() if (p, topic.id) in index.history]
    current = current_rows(site, [(p, topic.id, site.links.party[p]) for p in parties])
    commitments = commitment_rows(site, [s for s in reversed(index.commitments)
                                         if s.item.topic == topic.id])
    disputes = dispute_rows(site, index.disputed(topic=topic.id))
    return render(
        "topic.md.j2", title=topic.title, words=words, about=topic.description,
        jump=jump_links(site, bool(current), bool(disputes), bool(commitments),
                        "where_each_party_stands", "how_positions_changed"),
        crumbs=trail(site, section(site, "topics", urls.TOPICS)),
        description=summary(words, "describe_topic", topic=topic.title,
                            events=words.count("event", len(events))),
        feeds=feeds_of(urls.topic_feed(topic.id),
                       words("feed_title", title=settings_title(site), name=topic.title)),
        current=current,
        histories=[{"title": site.registry.parties[p].name,
                    "entries": history(site, index.history[(p, topic.id)])} for p in parties],
        commitments=commitments, disputes=disputes, events=items(site, reversed(events)),
        visual=visual_timeline(site, events, "party"))


def topics_page(site: Site) -> str:
    """Every topic, with its description and number of events."""
    rows = [[site.links.topic[t.id], t.description, str(len(site.index.by_topic.get(t.id, ())))]
            for t in site.registry.topics_in_order()]
    return render("topics.md.j2", title=site.words("topics"), words=site.words, rows=rows,
                  description=summary(site.words, "describe_topics"))
