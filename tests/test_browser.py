"""The built site in real headless Chromium: search finds events and lands on their sections."""

from __future__ import annotations

import functools
import http.server
import threading
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def unzipped_bundle(shipped_project: Path, tmp_path_factory) -> Path:
    """The offline bundle, unzipped as a reader would, somewhere else on disk."""
    target = tmp_path_factory.mktemp("usb-stick")
    with zipfile.ZipFile(shipped_project / "dist" / "timeline-offline.zip") as bundle:
        bundle.extractall(target)
    return target / "timeline"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="module")
def served_site(shipped_project: Path):
    """Serve the built website on loopback, as any static server would."""
    handler = functools.partial(QuietHandler, directory=str(shipped_project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "install Debian's chromium (apt-get install chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, request):
    """A fresh page that records requests to any other host, with a screenshot on failure."""
    context = browser.new_context()
    page = context.new_page()
    page.outside = []
    page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "file:",
                                                            "blob:", "about:"))
            else page.outside.append(r.url))
    yield page
    if getattr(request.node, "failed", False):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()


def search(page, url: str, query: str, expected: str = ""):
    """Open a page, type a query into Material's search, return the result links once the
    expected event (or any event) is among them."""
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.focus()  # from file://, Material builds the index only once search is opened
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent"
                           ".trim() !== 'Initializing search'", timeout=15_000)
    box.press_sequentially(query, delay=10)  # real key events, as Material listens for them
    page.wait_for_selector(f".md-search-result__item a[href*='#{expected}']", timeout=15_000)
    return page.locator(".md-search-result__item a")


def anchors(links) -> list[str]:
    """The event anchors that search results point to, best first."""
    return [h.split("#")[1] for h in links.evaluate_all("els => els.map(e => e.href)")
            if "#" in h]


@pytest.mark.parametrize("query, event", [
    ("Medinsky", "2025-05-16-istanbul-first-round"),        # a person's name
    ("Dolmabahçe", "2022-03-29-istanbul-talks"),            # a place
    ("Bürgenstock", "2024-06-15-burgenstock-summit"),
    ("memoranda", "2025-06-02-istanbul-second-round"),      # a word of the narrative
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
    for path in ("", "generated/timeline/", "generated/timeline/2025/06/", "generated/positions/",
                 "generated/topics/ceasefire/", "generated/parties/ukraine/", "about/"):
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
    page.wait_for_url(f"**/generated/timeline/2025/06.html*#{event}")
    assert page.locator(f"[id='{event}']").is_visible()
    assert page.outside == []
