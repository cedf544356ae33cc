"""Hostile event text: in every page that shows it, nothing runs, in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import serve_folder
from conftest import ROOT, copy_skeleton
from generator.cli import main

pytestmark = pytest.mark.browser
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
# What a page may not contain once built, whatever an event says.
ACTIVE = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.trim().toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName} ${name}`);
      if (['href', 'src', 'action', 'data', 'formaction', 'xlink:href', 'srcdoc'].includes(name)
          && (value.startsWith('javascript:') || value.startsWith('data:text')
              || name === 'srcdoc')) found.push(`${el.tagName} ${name}=${value.slice(0, 40)}`);
    }
    // An event section's JSON-LD is data, which no browser runs (its own test proves that
    // nothing in it can end the element early).
    const data = el.tagName === 'SCRIPT' && el.type === 'application/ld+json'
      && el.attributes.length === 1;
    if (['IFRAME', 'OBJECT', 'EMBED', 'FORM', 'DETAILS', 'STYLE', 'SCRIPT'].includes(el.tagName)
        && el.closest('.md-content') && !data) found.push(el.tagName);  // Material's forms aside
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    import shutil

    project = copy_skeleton(tmp_path_factory.mktemp("hostile"))
    shutil.copytree(HOSTILE, project / "events")
    assert main(["build", "--project", str(project), "--no-bundle"]) == 0
    server, url = serve_folder(project / "site")
    yield project / "site", url
    server.shutdown()


def pages_showing_the_event(site: Path) -> list[str]:
    """Every page whose text carries one of the event's payload markers."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if "__pwned" in p.read_text("utf-8"))


def test_no_payload_runs_on_any_page_that_shows_it(page, hostile_site):
    site, url = hostile_site
    shown = pages_showing_the_event(site)
    # the month, the year, both parties, the topic, the positions page and the home page
    assert len(shown) >= 7, shown
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in shown:
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
        page.mouse.move(10, 10)
        assert page.evaluate("window.__pwned") is None, path
        assert page.evaluate(ACTIVE) == [], path
        assert page.locator("body").is_visible(), path
    assert dialogs == []


def test_payloads_are_shown_as_text(page, hostile_site):
    _site, url = hostile_site
    page.goto(url + "generated/timeline/2025-06.html")
    heading = page.locator("[id='2025-06-02-hostile']").inner_text()
    assert heading.startswith("2 June 2025 · <script>window.__pwned='title'")
    assert heading.rstrip("¶").endswith("'title-img'\"> 2025-06-02")
    # The table of contents names it by the same text, without the written date.
    toc = page.locator(".md-sidebar--secondary a[href='#2025-06-02-hostile']").inner_text()
    assert toc.startswith("2 June 2025 · <script>window.__pwned='title'")
    assert toc.endswith("'title-img'\">")
    body = page.locator("article").inner_text()
    assert '--8<-- "mkdocs.yml"' in body  # the snippet line stayed text
    assert "site_name" not in body  # and mkdocs.yml was not pulled in
    assert "javascript link" in body and "encoded one" in body  # link text kept, target gone


def test_the_detector_itself_finds_active_content(page):
    page.set_content('<div class="md-content"><img src="x.png" onerror="1">'
                     '<a href=" JavaScript:1">x</a><iframe></iframe></div>')
    assert page.evaluate(ACTIVE) == ["IMG onerror", "A href=javascript:1", "IFRAME"]


# --- the registries: names, short names, titles and descriptions ---------------------------

REGISTRY_FIELDS = ("party-name", "other-name", "topic-title", "topic-description", "type-title",
                   "outlet-name", "outlet-country")


@pytest.fixture(scope="module")
def registry_site(tmp_path_factory):
    """The hostile registries built as a website (served) and a bundle (unzipped)."""
    import shutil
    import zipfile

    project = copy_skeleton(tmp_path_factory.mktemp("hostile-registries"))
    shutil.copytree(ROOT / "tests" / "fixtures" / "hostile-registries", project / "events")
    assert main(["build", "--project", str(project)]) == 0
    with zipfile.ZipFile(project / "dist" / "timeline-offline.zip") as bundle:
        bundle.extractall(project / "usb")
    server, url = serve_folder(project / "site")
    bundle = project / "usb" / "timeline"
    yield {"website": (project / "site", url), "bundle": (bundle, bundle.as_uri() + "/")}
    server.shutdown()


@pytest.mark.parametrize("output", ["website", "bundle"])
def test_registry_text_never_runs_in_titles_tabs_or_pages(page, registry_site, output):
    site, url = registry_site[output]
    shown = pages_showing_the_event(site)
    # the party pages, the topic page, the month, the year, the lists, positions, home
    assert {"generated/parties/hostile.html", "generated/topics/hostile-topic.html",
            "generated/timeline/2025-06.html", "generated/outlets/index.html",
            "index.html"} <= set(shown), shown
    shown_text = ""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in shown:
        page.goto(url + path)
        page.wait_for_load_state("load")
        page.mouse.move(10, 10)
        assert page.evaluate("window.__pwned") is None, path
        assert page.evaluate(ACTIVE) == [], path
        # No payload became a script element anywhere, head or body.
        # No script carries a payload, but for the JSON-LD data blocks, which name parties
        # and outlets as text: each parses whole as JSON, so nothing in it ended it early.
        assert "__pwned" not in page.evaluate(
            "[...document.scripts].filter(s => s.type !== 'application/ld+json')"
            ".map(s => s.text).join()")
        assert page.evaluate("""[...document.querySelectorAll(
            'script[type="application/ld+json"]')].every(s => {
              try { return JSON.parse(s.text)['@type'] === 'Event'; } catch { return false; } })""")
        shown_text += page.locator("body").inner_text()
    assert dialogs == []
    # Every registry field reached some page, as the text it is.
    for field in REGISTRY_FIELDS:
        assert f"{field}-end" in shown_text, field


@pytest.mark.parametrize("output", ["website", "bundle"])
def test_registry_text_reads_as_written_in_title_header_and_heading(page, registry_site, output):
    _, url = registry_site[output]
    for path, field in (("generated/parties/hostile.html", "party-name"),
                        ("generated/parties/other.html", "other-name"),
                        ("generated/topics/hostile-topic.html", "topic-title")):
        page.goto(url + path)
        expected = (f"</title><script>window.__pwned='{field}'</script>")
        assert page.title().startswith(expected), (path, page.title())
        assert page.title().endswith(f"{field}-end - Russia–Ukraine negotiations timeline")
        assert "&lt;/title&gt;&lt;script&gt;" in page.title()  # entities stay as typed
        heading = page.locator("article h1").inner_text().removesuffix("¶")
        assert heading.startswith(expected) and heading.endswith(f"{field}-end")
        header = page.locator(".md-header__topic .md-ellipsis").last.inner_text()
        assert header.startswith(expected) or header == "Russia–Ukraine negotiations timeline"


def test_compare_puts_hostile_text_in_the_page_as_text(page, hostile_site):
    _, url = hostile_site
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url + "generated/record/compare.html")
    page.wait_for_selector(".tl-range:not([hidden])")
    page.fill(".tl-range input[name=from]", "2025-01-01")
    page.fill(".tl-range input[name=to]", "2025-12-31")
    page.dispatch_event(".tl-range input[name=to]", "change")
    page.mouse.move(10, 10)
    changes = page.locator(".tl-changes").inner_text()
    assert "<details open ontoggle=" in changes  # the stance, as text
    assert "<svg><animate onbegin=" in changes  # the commitment, as text
    assert "<iframe src=" in changes  # the fulfilment, as text
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate(ACTIVE) == []
    assert dialogs == []
