"""The built site in real headless Chromium: search finds events and lands on their sections."""

from __future__ import annotations

import pytest

from browser_support import anchors, search

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("query, event", [
    ("Grynkewich", "2026-02-04-abu-dhabi-second-round"),    # a person's name
    ("Dolmabahçe", "2022-03-29-istanbul-talks"),            # a place
    ("Bürgenstock", "2024-06-15-burgenstock-summit"),
    ("sincerity", "2025-06-02-istanbul-second-round"),      # a word of the narrative
    ("2025-06-02", "2025-06-02-istanbul-second-round"),     # the date as ISO text
    ("2022-03-29", "2022-03-29-istanbul-talks"),
])
def test_search_finds_the_event(page, served_site, query, event):
    found = anchors(search(page, served_site, query, event))
    assert event in found[:3], found[:5]
    assert page.outside == []


def test_following_a_result_lands_on_the_event_section(page, served_site):
    event = "2025-06-02-istanbul-second-round"
    search(page, served_site, "2025-06-02", event)
    page.locator(f".md-search-result__item a[href*='#{event}']").first.click()
    page.wait_for_url(f"**#{event}")
    heading = page.locator(f"[id='{event}']")
    assert heading.is_visible()
    assert "Second round of direct talks in Istanbul" in heading.inner_text()
    top = heading.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < 300  # scrolled to the section
    assert page.outside == []


def test_pages_render_without_outside_requests(page, served_site):
    for path in ("", "generated/timeline/index.html", "generated/timeline/2025-06.html",
                 "generated/positions/index.html",
                 "generated/topics/ceasefire.html", "generated/parties/ukraine.html", "about.html"):
        response = page.goto(served_site + path)
        assert response.ok, path
        page.wait_for_load_state("networkidle")
    assert page.outside == []


def test_offline_bundle_searches_from_disk(page, unzipped_bundle):
    event = "2025-06-02-istanbul-second-round"
    home = (unzipped_bundle / "index.html").as_uri()
    found = anchors(search(page, home, "Yermak", event))
    assert event in found[:3], found[:5]
    page.locator(f".md-search-result__item a[href*='#{event}']").first.click()
    page.wait_for_url(f"**/generated/timeline/2025-06.html*#{event}")
    assert page.locator(f"[id='{event}']").is_visible()
    assert page.outside == []
