"""Both outputs work with no network and ask nothing of any other host, in real Chromium:
the offline bundle from file://, the website from a static server on loopback."""

from __future__ import annotations

import html.parser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_support import anchors, search, time_to_first_result
from conftest import browser_page

pytestmark = pytest.mark.browser
EVENT = "2025-06-02-istanbul-second-round"
AXE_PAGES = {  # a page of each kind, as (website path, bundle path)
    "home": ("", "index.html"),
    "timeline month": ("generated/timeline/2025-06.html", "generated/timeline/2025-06.html"),
    "party": ("generated/parties/ukraine.html", "generated/parties/ukraine.html"),
    "topic": ("generated/topics/ceasefire.html", "generated/topics/ceasefire.html"),
    "positions": ("generated/positions/index.html", "generated/positions/index.html"),
}


class LinksAndIds(html.parser.HTMLParser):
    """Collect the href of every link and every id of one page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])


def parse(path: Path) -> LinksAndIds:
    parser = LinksAndIds()
    parser.feed(path.read_text("utf-8"))
    return parser


def resolve(page: Path, href: str) -> tuple[Path, str]:
    """The file and anchor a relative link points to, as a browser would resolve it."""
    target, anchor = urldefrag(href)
    if not target:
        return page, anchor
    path = (page.parent / unquote(urlsplit(target).path)).resolve()
    if path.is_dir() or target.endswith("/"):
        path = path / "index.html"
    return path, anchor


def broken_links(folder: Path) -> list[str]:
    """Every internal link or anchor, on every page, that does not resolve on disk."""
    pages = {p.resolve(): parse(p) for p in folder.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for href in parsed.hrefs:
            if urlsplit(href).scheme or href.startswith("//"):
                continue  # a source's own address: a link the reader may follow, not a load
            if page.name == "404.html":
                continue  # served for any missing path; its links are absolute on purpose
            path, anchor = resolve(page, href)
            if path not in pages and not path.is_file():
                broken.append(f"{page.relative_to(folder)}: {href}")
            elif anchor and path in pages and anchor not in pages[path].ids:
                broken.append(f"{page.relative_to(folder)}: {href} (no such anchor)")
    return broken


def test_every_link_and_anchor_of_the_bundle_resolves_on_disk(unzipped_bundle):
    assert broken_links(unzipped_bundle) == []


def test_every_link_and_anchor_of_the_website_resolves(shipped_project):
    assert broken_links(shipped_project / "site") == []


def pages_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html") if p.name != "404.html")


def test_every_bundle_page_opens_from_disk_without_the_network(page, unzipped_bundle):
    opened = 0
    for path in pages_of(unzipped_bundle):
        page.goto(path.as_uri())
        assert page.locator("h1").count() >= 1, path
        assert page.evaluate("getComputedStyle(document.body).fontFamily"), path
        opened += 1
    assert opened >= 40
    assert page.outside == [] and page.broken == []


def test_every_website_page_opens_without_other_hosts(page, served_site, shipped_project):
    site = shipped_project / "site"
    opened = 0
    for path in pages_of(site):
        response = page.goto(served_site + path.relative_to(site).as_posix())
        assert response.ok and page.locator("h1").count() >= 1, path
        opened += 1
    assert opened >= 40
    assert page.outside == [] and page.broken == []


def test_bundle_search_from_disk_lands_on_the_section(page, unzipped_bundle):
    found = anchors(search(page, (unzipped_bundle / "index.html").as_uri(), "sincerity", EVENT))
    assert EVENT in found[:3]
    page.locator(f".md-search-result__item a[href*='#{EVENT}']").first.click()
    page.wait_for_url(f"**/generated/timeline/2025-06.html*#{EVENT}")
    assert page.locator(f"[id='{EVENT}']").is_visible()
    assert page.evaluate("location.protocol") == "file:"
    assert page.outside == []


def test_bundle_search_from_a_deep_page(page, unzipped_bundle):
    deep = unzipped_bundle / "generated" / "topics" / "ceasefire.html"
    found = anchors(search(page, deep.as_uri(), "Bürgenstock", "2024-06-15-burgenstock-summit"))
    assert "2024-06-15-burgenstock-summit" in found[:3], found
    assert page.outside == []


def test_first_search_in_the_bundle_is_quick(page, unzipped_bundle):
    seconds = time_to_first_result(page, (unzipped_bundle / "index.html").as_uri(),
                                   "Yermak", EVENT)
    print(f"first search result in the bundle: {seconds:.2f} s after page load began")
    assert seconds < 5


def test_the_home_page_shows_the_record(page, served_site):
    page.goto(served_site)
    headings = [h.rstrip("¶") for h in page.locator("h2").all_inner_texts()]
    assert headings == ["Latest events", "Where each side stands"]
    assert page.locator("table").count() == 1  # the position matrix
    assert page.outside == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(browser, request, served_site, scheme):
    axe = Axe()
    problems = []
    for page in browser_page(browser, request, color_scheme=scheme):
        for name, (path, _) in AXE_PAGES.items():
            page.goto(served_site + path)
            expected = "slate" if scheme == "dark" else "default"
            assert page.locator(f"body[data-md-color-scheme='{expected}']").count() == 1
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in violation["nodes"][:3]]
                    problems.append(f"{name}: {violation['id']} ({violation['impact']}) {targets}")
    assert problems == []
