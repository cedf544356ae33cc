"""The site as a reader finds it: where a page sits (breadcrumbs, the marked tab), tag and
type pages, jump links, event sections that read well (dates in words, positions by
topic, attribution, a visible permalink and a citation to copy), who publishes the record
and how far it reaches on every page, no sideways scrolling on a phone, and no serious
accessibility problem on any kind of page, light or dark. Screenshots of every page kind,
desktop and phone, are kept in test-artifacts/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from lxml import etree

from conftest import ARTIFACTS, ROOT, browser_page
from generator.build import check

pytestmark = pytest.mark.browser

# One page of every kind the site has, generated and hand-written.
PAGE_KINDS = {
    "home": "index.html",
    "about": "about.html",
    "contribute": "contribute.html",
    "timeline": "generated/timeline/index.html",
    "year": "generated/timeline/2025.html",
    "month": "generated/timeline/2025-06.html",
    "positions": "generated/positions/index.html",
    "record-month": "generated/record/2025-06.html",
    "compare": "generated/record/compare.html",
    "commitments": "generated/commitments/index.html",
    "parties": "generated/parties/index.html",
    "party": "generated/parties/russia.html",
    "topics": "generated/topics/index.html",
    "topic": "generated/topics/ceasefire.html",
    "types": "generated/types/index.html",
    "type": "generated/types/talks.html",
    "tags": "generated/tags/index.html",
    "tag": "generated/tags/istanbul-process.html",
    "outlets": "generated/outlets/index.html",
    "data": "generated/data/index.html",
}


def html(site: Path, path: str):
    return etree.HTML((site / path).read_bytes())


@pytest.fixture(scope="module")
def shipped(shipped_project: Path) -> dict:
    return {"site": shipped_project / "site", "dataset": check(shipped_project / "events")}


def test_every_page_kind_exists_in_the_shipped_site(shipped):
    missing = [path for path in PAGE_KINDS.values() if not (shipped["site"] / path).is_file()]
    assert missing == []


# --- tags and types ----------------------------------------------------------------------

def test_each_tag_and_type_has_a_page_listing_exactly_its_events(shipped):
    site, dataset = shipped["site"], shipped["dataset"]
    tags = {tag for event in dataset.events for tag in event.tags}
    types = {event.type for event in dataset.events}
    assert tags and len(types) > 3
    for folder, names, holds in (("tags", tags, lambda e, n: n in e.tags),
                                 ("types", types, lambda e, n: e.type == n)):
        for name in names:
            page = html(site, f"generated/{folder}/{name}.html")
            listed = {a.get("href").split("#")[1] for a in page.iter("a")
                      if "#" in (a.get("href") or "") and "/timeline/" in a.get("href")}
            assert listed == {e.id for e in dataset.events if holds(e, name)}, (folder, name)
        index = html(site, f"generated/{folder}/index.html")
        linked = {a.get("href") for a in index.iter("a")}
        assert {f"../{folder}/{name}.html" for name in names} <= linked


def test_an_events_type_and_tags_link_to_their_pages(shipped):
    month = html(shipped["site"], "generated/timeline/2025-06.html")
    event = next(e for e in shipped["dataset"].events
                 if e.date.text.startswith("2025-06") and e.tags)
    meta = month.xpath(f"//h2[@id='{event.id}']/following::p[@class='tl-meta'][1]")[0]
    hrefs = {a.get("href") for a in meta.iter("a")}
    assert f"../types/{event.type}.html" in hrefs
    assert {f"../tags/{tag}.html" for tag in event.tags} <= hrefs


# --- where a page sits -------------------------------------------------------------------

def test_breadcrumbs_lead_up_from_generated_pages(shipped):
    site = shipped["site"]
    for path, expected in (("generated/timeline/2025-06.html",
                            ["../timeline/index.html", "../timeline/2025.html"]),
                           ("generated/parties/russia.html", ["../parties/index.html"]),
                           ("generated/tags/istanbul-process.html", ["../tags/index.html"]),
                           ("generated/record/2025-06.html", ["../positions/index.html"])):
        crumbs = html(site, path).xpath("//nav[@class='tl-crumbs']//a/@href")
        assert crumbs == expected, path
        for href in crumbs:
            assert (site / path).parent.joinpath(href).resolve().is_file()


def test_long_pages_have_jump_links_to_their_sections(shipped):
    site = shipped["site"]
    for path in ("generated/parties/russia.html", "generated/topics/ceasefire.html"):
        page = html(site, path)
        targets = [h[1:] for h in page.xpath("//nav[@class='tl-jump']//a/@href")]
        assert targets[:2] == ["current", "history"] and targets[-1] == "events", path
        assert all(page.xpath(f"//*[@id='{t}']") for t in targets), path


@pytest.mark.parametrize("path, tab", [("generated/parties/russia.html", "Parties"),
                                       ("generated/timeline/2025-06.html", "Timeline"),
                                       ("generated/tags/istanbul-process.html", "Timeline"),
                                       ("generated/record/2025-06.html", "Positions"),
                                       ("generated/outlets/index.html", "About"),
                                       ("generated/topics/index.html", "Topics")])
def test_the_tab_of_a_pages_section_is_marked(browser, request, served_site, path, tab):
    for page in browser_page(browser, request):
        page.goto(served_site + path)
        active = page.locator(".md-tabs__item--active")
        assert active.count() == 1
        assert active.inner_text().strip() == tab


# --- event sections ----------------------------------------------------------------------

def test_event_headings_say_dates_in_words_and_keep_the_iso_date(shipped):
    page = html(shipped["site"], "generated/timeline/2025-06.html")
    event = next(e for e in shipped["dataset"].events if e.date.text == "2025-06-02")
    heading = "".join(page.xpath(f"//h2[@id='{event.id}']/text()"))
    assert heading.startswith("2 June 2025 · ")
    time = page.xpath(f"//h2[@id='{event.id}']/time")[0]
    assert time.get("datetime") == "2025-06-02" and time.text == "2025-06-02"
    assert time.get("class") == "tl-iso"  # in small type, after the title
    # The table of contents says the date in words and the title, not the written date.
    toc = page.xpath(f"//nav[contains(@class, 'md-nav--secondary')]"
                     f"//a[@href='#{event.id}']//text()")
    assert "".join(toc).strip() == f"2 June 2025 · {event.title}"


def test_positions_are_grouped_by_topic_with_every_partys_stance(shipped):
    event = max(shipped["dataset"].events,
                key=lambda e: len({p.party for p in e.positions}) * 10 - len(e.positions))
    page = html(shipped["site"], f"generated/timeline/{event.date.text[:7]}.html")
    block = page.xpath(f"//h2[@id='{event.id}']/following::ul[@class='tl-positions'][1]")[0]
    topics = block.xpath("./li")
    assert len(topics) == len({p.topic for p in event.positions})
    stances = sum(len(li.xpath("./ul/li")) for li in topics)
    assert stances == len(event.positions)
    attributions = block.xpath(".//span[@class='tl-said']")
    assert len(attributions) == len(event.positions)


@pytest.mark.parametrize("output", ["website", "bundle"])
def test_cite_copies_title_date_site_and_address(browser, request, served_site,
                                                 unzipped_bundle, output):
    base = served_site if output == "website" else unzipped_bundle.as_uri() + "/"
    event = next(e for e in check(ROOT / "events").events if e.date.text == "2025-06-02")
    for page in browser_page(browser, request):
        page.goto(base + "generated/timeline/2025-06.html")
        line = page.locator(f"h2[id='{event.id}'] + div .tl-cite")
        assert line.locator(".tl-permalink").get_attribute("href") == f"#{event.id}"
        line.locator("button").click()
        text = line.locator(".tl-cite-text").inner_text()
        assert f"“{event.title}”, 2 June 2025, Russia–Ukraine negotiations timeline, " in text
        assert text.endswith(f"generated/timeline/2025-06.html#{event.id}")
        assert page.evaluate("window.getSelection().toString()") in text


def test_without_a_script_the_permalink_shows_and_the_cite_button_does_not(browser, request,
                                                                          served_site):
    for page in browser_page(browser, request, java_script_enabled=False):
        page.goto(served_site + "generated/timeline/2025-06.html")
        assert page.locator(".tl-permalink").first.is_visible()
        assert not page.locator(".tl-cite-button").first.is_visible()


# --- provenance ----------------------------------------------------------------------------

def test_every_page_says_how_far_the_record_reaches_and_who_publishes_it(shipped):
    latest = max(e.date.end for e in shipped["dataset"].events)
    expected = f"Record as of {latest.day} {latest:%B} {latest.year}"
    for path in PAGE_KINDS.values():
        footer = "".join(html(shipped["site"], path).xpath("//div[@class='tl-footer']//text()"))
        assert footer.startswith(expected), path
        assert "published by the timeline-generator authors" in footer, path


def test_the_about_page_names_the_publisher_and_the_licence(shipped):
    about = " ".join(html(shipped["site"], "about.html").xpath("//article//text()"))
    about = re.sub(r"\s+", " ", about)
    assert "This record is published by the timeline-generator authors." in about
    assert "published under the MIT licence" in about
    # No address for corrections is set: readers are told whom to contact and what to send.
    assert "To report an error or a missing source, contact the timeline-generator authors: " \
        "give the event's address (the “Link to this event” beside each event)" in about
    assert "mailto:" not in (shipped["site"] / "about.html").read_text("utf-8")
    assert "contribute.html" in (shipped["site"] / "about.html").read_text("utf-8")


# --- every page, on a phone and for everyone -------------------------------------------------

@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_page_scrolls_sideways_on_a_phone(browser, request, served_site, kind):
    for page in browser_page(browser, request, viewport={"width": 390, "height": 844}):
        page.goto(served_site + PAGE_KINDS[kind])
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{kind}: the page is {width}px wide"
        # Nothing cut off either: no element reaches beyond the right edge unless it sits
        # in a box that scrolls on purpose (a wide table, the drawn timeline).
        cut = page.evaluate("""() => [...document.querySelectorAll('.md-content *')]
          .filter(el => el.getBoundingClientRect().right > 391
                  && !el.closest('.md-typeset__scrollwrap, .tlv-scroll, pre'))
          .map(el => el.tagName + '.' + el.className).slice(0, 5)""")
        assert cut == [], kind
        ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "screenshots" / f"{kind}-phone.png"))


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_kind_has_a_serious_accessibility_problem(browser, request, served_site,
                                                          kind, scheme):
    for page in browser_page(browser, request, color_scheme=scheme,
                             viewport={"width": 1280, "height": 900}):
        page.goto(served_site + PAGE_KINDS[kind])
        page.wait_for_load_state("networkidle")
        violations = [f"{v['id']} {[n['target'] for n in v['nodes'][:3]]}"
                      for v in Axe().run(page).response["violations"]
                      if v["impact"] in ("serious", "critical")]
        assert violations == []
        if scheme == "light":
            ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "screenshots" / f"{kind}-desktop.png"))
