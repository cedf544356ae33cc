"""The shipped dataset: valid, sourced, built strictly, and carrying what the seed reports."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from generator.build import check
from generator.index import build_index

SEED_EVENT = "2025-06-02-istanbul-second-round"


def shipped():
    return check(ROOT / "events")


def test_shipped_events_cover_the_track():
    dataset = shipped()
    assert len(dataset.events) >= 20
    years = {e.date.start.year for e in dataset.events}
    assert {2022, 2023, 2024, 2025} <= years
    for required in ("ukraine", "russia"):
        assert required in dataset.registry.parties
    for topic in ("ceasefire", "prisoners", "territory", "children"):
        assert topic in dataset.registry.topics


def test_every_event_and_position_is_sourced():
    for event in shipped().events:
        assert event.sources, event.id
        ids = {s.id for s in event.sources}
        assert all(p.source in ids for p in event.positions), event.id


def test_the_second_istanbul_round_carries_the_seed():
    dataset = shipped()
    event = next(e for e in dataset.events if e.id == SEED_EVENT)
    text = event.narrative
    for fact in ("memorand", "6,000", "under 25", "Yermak", "Umerov", "Medinsky", "RT"):
        assert fact in text, fact
    stated = {(p.party, p.topic) for p in event.positions}
    for pair in [("ukraine", "ceasefire"), ("russia", "ceasefire"), ("ukraine", "territory"),
                 ("ukraine", "neutrality"), ("ukraine", "military-limits")]:
        assert pair in stated, pair
    # The seed stays a source, attributed to its outlet, registered as partisan.
    outlets = dataset.registry.outlets
    assert any(s.outlet in outlets and outlets[s.outlet].name == "Infowars" and
               outlets[s.outlet].kind == "partisan" for s in event.sources)


def test_positions_have_a_history_for_both_sides():
    index = build_index(shipped())
    for party in ("ukraine", "russia"):
        assert len(index.history[(party, "ceasefire")]) >= 3


def test_strict_build_of_the_shipped_data(shipped_project: Path):
    site = shipped_project / "site"
    assert (site / "generated" / "timeline" / "2025-06.html").is_file()
    html = (site / "generated" / "timeline" / "2025-06.html").read_text("utf-8")
    assert f'id="{SEED_EVENT}"' in html
    assert (shipped_project / "dist" / "timeline-offline.zip").stat().st_size > 100_000


def test_navigation_stays_small(shipped_project: Path):
    html = (shipped_project / "site" / "index.html").read_text("utf-8")
    nav = html[html.index('class="md-nav md-nav--primary'):]
    nav = nav[:nav.index("</nav>")]
    # Seven top-level entries, whatever the number of events: none of them is an event.
    assert nav.count('class="md-nav__link') <= 20
    assert SEED_EVENT not in nav
