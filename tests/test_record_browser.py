"""The record as a reader meets it in Chromium: the matrix's party chooser (kept in the
address, on the website and from file://), a card per topic on a phone, and no serious
accessibility problem on the pages of disputes and commitments."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_support import serve_folder
from conftest import FIXTURE_EVENTS, browser_page, copy_skeleton
from generator.cli import main

pytestmark = pytest.mark.browser

THIRD_PARTY = """---
date: 2025-06-10
title: Türkiye offers to host a third round
type: statement
parties: [turkey]
sources:
  - id: s1
    outlet: wire-one
positions:
  - party: turkey
    topic: ceasefire
    stance: Offers to host further talks.
    source: s1
---
A statement.
"""


@pytest.fixture(scope="module")
def record_site(tmp_path_factory):
    """The fixture events, with a third party stating a position, as website and bundle."""
    project = copy_skeleton(tmp_path_factory.mktemp("record"))
    shutil.copytree(FIXTURE_EVENTS, project / "events")
    (project / "events" / "2025" / "2025-06-10-third-party.md").write_text(THIRD_PARTY, "utf-8")
    assert main(["build", "--project", str(project)]) == 0
    with zipfile.ZipFile(project / "dist" / "timeline-offline.zip") as bundle:
        bundle.extractall(project / "usb")
    server, url = serve_folder(project / "site")
    yield {"website": url, "bundle": (project / "usb" / "timeline").as_uri() + "/"}
    server.shutdown()


def shown_parties(page) -> list[str]:
    """The parties whose column header is visible."""
    return page.eval_on_selector_all(
        ".tl-matrix thead th[data-party]",
        "cells => cells.filter(c => c.offsetParent !== null && c.dataset.party)"
        ".map(c => c.dataset.party)")


@pytest.mark.parametrize("output", ["website", "bundle"])
def test_the_matrix_compares_two_parties_and_keeps_the_choice_in_the_address(
        browser, request, record_site, output):
    for page in browser_page(browser, request):
        url = record_site[output] + "generated/positions/index.html"
        page.goto(url)
        assert shown_parties(page) == ["ukraine", "russia"]  # the first two, by default
        page.get_by_label("Türkiye").check()
        assert shown_parties(page) == ["ukraine", "russia", "turkey"]
        if output == "website":  # file:// may refuse a changed address; the view changes
            assert page.url.endswith("?parties=ukraine%2Crussia%2Cturkey")
        page.goto(url + "?parties=turkey,nobody")
        assert shown_parties(page) == ["turkey"]
        assert page.locator(".tl-compare input:checked").count() == 1
        assert page.outside == []


def test_without_script_every_party_shows(browser, request, record_site):
    for page in browser_page(browser, request, java_script_enabled=False):
        page.goto(record_site["website"] + "generated/positions/index.html")
        assert shown_parties(page) == ["ukraine", "russia", "turkey"]
        assert not page.locator(".tl-compare").is_visible()  # nothing that cannot work


def test_on_a_phone_each_topic_is_a_card_with_each_party_named(browser, request, record_site):
    for page in browser_page(browser, request, viewport={"width": 390, "height": 800}):
        page.goto(record_site["bundle"] + "generated/positions/index.html?parties=russia")
        assert page.eval_on_selector(".tl-matrix thead", "e => getComputedStyle(e).display") \
            == "none"
        cell = page.locator(".tl-matrix td[data-party='russia']").first
        assert cell.bounding_box()["width"] > 300  # the card spans the screen
        label = page.eval_on_selector(".tl-matrix td[data-party='russia']",
                                      "e => getComputedStyle(e, '::before').content")
        assert label == '"Russia"'
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # nothing runs off the side


@pytest.mark.parametrize("path", ["generated/commitments/index.html",
                                  "generated/timeline/2025-06.html",
                                  "generated/topics/prisoners.html",
                                  "generated/outlets/index.html",
                                  "generated/positions/index.html"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_record_pages_have_no_serious_accessibility_problem(browser, request, record_site,
                                                            path, scheme):
    for page in browser_page(browser, request, color_scheme=scheme):
        page.goto(record_site["website"] + path)
        violations = [f"{v['id']} {[n['target'] for n in v['nodes'][:3]]}"
                      for v in Axe().run(page).response["violations"]
                      if v["impact"] in ("serious", "critical")]
        assert violations == []


@pytest.mark.parametrize("output", ["website", "bundle"])
def test_the_picker_opens_where_things_stood_at_the_end_of_a_chosen_month(
        browser, request, record_site, output):
    for page in browser_page(browser, request):
        page.goto(record_site[output] + "generated/positions/index.html")
        page.fill(".tl-asof input[type=month]", "2024-12")  # no events: the last month before
        page.click(".tl-asof button")
        page.wait_for_url("**/generated/record/2024-06.html")
        assert page.locator("h1").inner_text().startswith("What changed in June 2024")
        # As it stood then: the ceasefire stance of June 2025 was not yet stated.
        matrix = page.locator(".tl-matrix").inner_text()
        assert "30 days" not in matrix and "Where the parties stood on 30 June 2024" in \
            page.locator("article").inner_text()
        assert page.outside == []


def test_without_script_each_years_end_is_a_link(browser, request, record_site):
    for page in browser_page(browser, request, java_script_enabled=False):
        page.goto(record_site["website"] + "generated/positions/index.html")
        assert not page.locator(".tl-asof").is_visible()
        page.get_by_role("link", name="2024", exact=True).click()
        page.wait_for_url("**/generated/record/2024-06.html")


@pytest.mark.parametrize("output", ["website", "bundle"])
def test_compare_two_dates_lists_what_changed_between_them(browser, request, record_site,
                                                          output):
    for page in browser_page(browser, request):
        page.goto(record_site[output] + "generated/record/compare.html")
        page.wait_for_selector(".tl-range:not([hidden])")
        page.fill(".tl-range input[name=from]", "2025-05-20")
        page.fill(".tl-range input[name=to]", "2025-06-05")
        page.dispatch_event(".tl-range input[name=to]", "change")
        changes = page.locator(".tl-changes").inner_text()
        # Between those days: the second round (2 June), not the first (16 May).
        assert "Ukraine on Ceasefire (hardened)" in changes
        assert "partly kept" in changes and "Claims disputed" in changes
        assert "Exchange 1,000 prisoners each." in changes  # the commitment progressed
        assert "Commitments made" not in changes  # both were made on 16 May
        # On the second day: the lists, due on 31 May and never reported on, are overdue;
        # the exchange, partly kept, is no longer open; the dispute stands.
        assert "Open commitments on 2025-06-05\noverdue: Russia on Prisoners: Hand over " \
            "lists of the missing." in changes
        assert "Claims in dispute by 2025-06-05" in changes
        page.fill(".tl-range input[name=from]", "2024-07-01")
        page.fill(".tl-range input[name=to]", "2025-05-01")
        page.dispatch_event(".tl-range input[name=to]", "change")
        assert page.locator(".tl-changes").inner_text() == \
            "Nothing was recorded between these dates."
        # Every event link leads to a section that exists.
        page.fill(".tl-range input[name=to]", "2025-06-30")
        page.dispatch_event(".tl-range input[name=to]", "change")
        target = page.locator(".tl-changes a").first.get_attribute("href")
        page.click(".tl-changes a >> nth=0")
        page.wait_for_url("**/generated/timeline/*.html#*")
        assert page.locator(f"[id='{target.split('#')[1]}']").count() == 1
        assert page.outside == [] and page.broken == []


def test_a_months_page_opens_the_comparison_of_that_month(browser, request, record_site):
    for page in browser_page(browser, request):
        page.goto(record_site["bundle"] + "generated/record/2025-06.html")
        page.click("text=The open commitments and the claims in dispute on 30 June 2025")
        page.wait_for_selector(".tl-range:not([hidden])")
        assert page.input_value(".tl-range input[name=from]") == "2025-06-01"
        assert page.input_value(".tl-range input[name=to]") == "2025-06-30"
        assert "Claims in dispute by 2025-06-30" in page.locator(".tl-changes").inner_text()
