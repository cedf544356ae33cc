"""Helpers for the browser tests: serving, launching Chromium, searching like a reader."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
LOCAL = ("file:", "data:", "blob:", "about:", "http://127.0.0.1:")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


def serve_folder(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a folder on loopback, as any static server would; return the server and URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def block_the_outside(context, outside: list[str]) -> None:
    """Abort and record every request that would leave this machine."""
    def handle(route):
        outside.append(route.request.url)
        route.abort()
    context.route(lambda url: not url.startswith(LOCAL), handle)


def search(page, url: str, query: str, expected: str = "", settle: bool = True) -> object:
    """Open a page, type a query into Material's search, return the result links once the
    expected event (or any event) is among them and (with `settle`) the list has stopped
    changing: results for the first letters typed can come before the whole word's."""
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.focus()  # from file://, Material builds the index only once search is opened
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent"
                           ".trim() !== 'Initializing search'", timeout=15_000)
    box.press_sequentially(query, delay=10)  # real key events, as Material listens for them
    page.wait_for_selector(f".md-search-result__item a[href*='#{expected}']", timeout=15_000)
    links = page.locator(".md-search-result__item a")
    seen = None
    for _ in range(50 if settle else 0):
        now = links.evaluate_all("els => els.map(e => e.href).join(' ')")
        if now == seen:
            break
        seen = now
        page.wait_for_timeout(150)
    return links


def anchors(links) -> list[str]:
    """The event anchors that search results point to, best first."""
    return [h.split("#")[1] for h in links.evaluate_all("els => els.map(e => e.href)")
            if "#" in h]


def time_to_first_result(page, url: str, query: str, expected: str) -> float:
    """Seconds from the start of page load to the expected result, typing at once."""
    started = time.perf_counter()
    search(page, url, query, expected, settle=False)
    return time.perf_counter() - started
