"""Indexing (grouping, position history) and rendering (escaping, links, sections)."""

from __future__ import annotations

from dataclasses import replace

from conftest import FIXTURE_EVENTS, context_for
from generator import html as markup
from generator.build import check, outputs_of
from generator.index import Change, build_index


def fixture_index():
    return build_index(check(FIXTURE_EVENTS))


def test_history_takes_the_editors_mark_and_never_says_changed_for_new_words():
    index = fixture_index()
    # The editor judged the second ceasefire stance "hardened".
    assert [s.change for s in index.history[("ukraine", "ceasefire")]] == \
        [Change.NEW, Change.HARDENED]
    # Same words, no mark: restated; both held since the first statement.
    assert [s.change for s in index.history[("russia", "prisoners")]] == \
        [Change.NEW, Change.RESTATED]
    assert index.held_since("russia", "prisoners").event.id == "2025-05-16-first-round"
    assert index.held_since("ukraine", "ceasefire").event.id == "2025-06-02-second-round"
    assert index.latest("ukraine", "ceasefire").event.id == "2025-06-02-second-round"


def test_a_later_stance_in_new_words_without_a_mark_is_updated_not_changed():
    from dataclasses import replace

    from generator.index import mark_changes

    event = fixture_index().dataset.events[-1]
    first = replace(event, positions=(replace(event.positions[1], change=""),))
    later = replace(event, id="later", positions=(replace(event.positions[1], change="",
                                                          stance="Other words."),))
    marks = [s.change for s in mark_changes([(first, 0), (later, 0)])]
    assert marks == [Change.NEW, Change.UPDATED]


def test_commitments_take_their_latest_fulfilments_status_or_fall_due():
    from datetime import date

    index = fixture_index()
    exchange, lists = sorted(index.commitments, key=lambda s: s.item.id)
    assert (exchange.item.id, lists.item.id) == ("exchange", "lists")
    assert index.status(exchange, date(2025, 6, 30)) == "partly-kept"
    assert index.status(lists, date(2025, 5, 31)) == "pending"  # due that day: not yet late
    assert index.status(lists, date(2025, 6, 1)) == "overdue"
    assert index.status(lists) == "pending"  # no date given: nothing is overdue


def test_a_dispute_links_both_claims():
    index = fixture_index()
    disputed = index.disputed(topic="prisoners")
    assert [(s.event.id, s.item.id) for s in disputed] == [
        ("2025-05-16-first-round", "held"), ("2025-06-02-second-round", "count")]
    answers = index.disputed_by[("2025-05-16-first-round", "held")]
    assert [s.item.party for s in answers] == ["russia"]


def test_events_are_grouped_by_month_or_year():
    index = fixture_index()
    assert sorted(index.by_month) == [(2024, 6), (2025, 5), (2025, 6)]
    assert [e.id for e in index.by_year[2023]] == ["2023-01-01-hostile-year"]
    assert [e.id for e in index.by_party["turkey"]] == ["2025-05-16-first-round",
                                                        "2025-06-02-second-round"]


def test_plain_text_is_escaped():
    assert markup.text("<b>*x*</b> & [y](z) {#id}") == (
        r"&lt;b&gt;\*x\*&lt;/b&gt; &amp; \[y\]\(z\) \{\#id\}")


def test_narrative_keeps_safe_markdown_and_drops_the_rest():
    html = markup.narrative_html(
        "*a* [ok](https://e.org) [bad](javascript:alert(1)) <script>x()</script>"
        "<img src=x onerror=y()>\n\n- item")
    assert "<em>a</em>" in html and 'href="https://e.org"' in html and "<li>item</li>" in html
    for forbidden in ("javascript:", "<script", "onerror", "<img", "x()"):
        assert forbidden not in html


def test_html_text_and_links_cannot_break_out():
    assert markup.esc('<b a="1">x</b>') == "&lt;b a=&quot;1&quot;&gt;x&lt;/b&gt;"
    assert markup.a("x", 'https://e.org/?a=1&b="2"') == \
        '<a href="https://e.org/?a=1&amp;b=%222%22">x</a>'


def test_links_from_any_generated_page_are_the_same_string():
    from generator.urls import HOME, home_of, link as url

    event = check(FIXTURE_EVENTS).events[-1]
    assert url(home_of(event), event.id) == "../timeline/2025-06.html#" + event.id
    assert url("positions/index", base=HOME) == "generated/positions/index.html"


def test_a_narrative_passes_through_markdown_untouched_blank_lines_and_all():
    import markdown

    from generator.pages.fragments import render_fragments

    event = check(FIXTURE_EVENTS).events[-1]
    narrative = "para\n\n```\ncode *x*\n\n\nmore\n```\n\n> quote *y*"
    section = render_fragments(context_for(check(FIXTURE_EVENTS)),
                               replace(event, narrative=narrative)).section
    page = markdown.markdown(section, extensions=["attr_list", "tables", "toc"])
    assert "<pre><code>code *x*\n\n\nmore\n</code></pre>" in page  # not Markdown again
    assert "<blockquote>\n<p>quote <em>y</em></p>" in page and page.count("<em>") == \
        section.count("<em>")


def test_every_event_has_one_section_with_its_permalink_id():
    text = "".join(output.render() for output in outputs_of(check(FIXTURE_EVENTS))
                   if output.path.endswith(".md"))
    for event in check(FIXTURE_EVENTS).events:
        assert text.count(f"{{ #{event.id} data-toc-label=") == 1


def test_the_synthetic_corpus_is_valid_and_deterministic(tmp_path):
    from benchmarks.corpus import corpus, write_corpus

    assert corpus(50) == corpus(50)
    dataset = check(write_corpus(tmp_path, 200))
    assert len(dataset.events) == 200
    assert all(1 <= len(e.positions) <= 3 for e in dataset.events)
