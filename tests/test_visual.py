"""The visual timeline (generator/pages/visual.py): a mark per event on a true date axis,
lanes by type, party or topic, counts by month where marks would pile up; inert with
hostile text; and, in Chromium, readable on a phone without the page scrolling sideways."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from lxml import etree

from benchmarks.corpus import write_corpus
from conftest import FIXTURE_EVENTS, ROOT
from generator import urls
from generator.build import check
from generator.dates import parse_date
from generator.i18n import catalogue
from generator.index import build_index
from generator.model import Dataset, Event, EventType, Registry
from generator.pages.site import Site
from generator.pages.visual import MONTH_PX, axis_for, visual_timeline

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
HOSTILE_REGISTRIES = ROOT / "tests" / "fixtures" / "hostile-registries"
CSS = ROOT / "docs" / "assets" / "timeline-visual.css"


def site_of(dataset: Dataset) -> Site:
    """What a page renders from, as the build makes it (the drawing reads no fragments)."""
    return Site(build_index(dataset), {}, catalogue("en"))


def parse(markup: str) -> etree._Element:
    """The drawing is well-formed XML as well as HTML: parse it strictly."""
    return etree.fromstring(markup.encode())


def marks(tree) -> list:
    return tree.xpath("//a[contains(concat(' ', @class, ' '), ' tlv-m ')]")


def tiles(tree) -> list:
    return tree.xpath("//div[contains(@class, 'tlv-counted')]//a")


def lane_of(element) -> str:
    return element.xpath("ancestor::div[contains(@class, 'tlv-lane')]/svg/@aria-label")[0]


def middle(mark) -> float:
    """The x of a mark's middle, from its shape."""
    shape = mark[1]
    if shape.tag == "circle":
        return float(shape.get("cx"))
    return float(shape.get("x")) + float(shape.get("width")) / 2


@pytest.fixture(scope="module")
def fixture_site() -> tuple[Site, Dataset]:
    dataset = check(FIXTURE_EVENTS)
    return site_of(dataset), dataset


@pytest.fixture(scope="module")
def shipped() -> tuple[Site, Dataset]:
    dataset = check(ROOT / "events")
    return site_of(dataset), dataset


@pytest.fixture(scope="module")
def dense(tmp_path_factory) -> tuple[Site, Dataset]:
    """3,000 synthetic events over ten years: about 25 a month."""
    dataset = check(write_corpus(tmp_path_factory.mktemp("dense"), 3000))
    return site_of(dataset), dataset


def test_one_mark_per_event_linking_to_its_permalink(fixture_site):
    site, dataset = fixture_site
    tree = parse(visual_timeline(site, dataset.events, "type"))
    found = {m.get("href"): m for m in marks(tree)}
    assert len(marks(tree)) == len(dataset.events) == len(found)
    assert set(found) == {urls.event_link(e) for e in dataset.events}
    for event in dataset.events:
        mark = found[urls.event_link(event)]
        # Named by its title and its date as a reader says it.
        assert mark.findtext("title") == f"{event.title}, {site.words.spoken(event.date)}"
        assert lane_of(mark) == site.registry.types[event.type].title
    assert tiles(tree) == []


def test_links_follow_the_base(fixture_site):
    site, dataset = fixture_site
    tree = parse(visual_timeline(site, dataset.events, "type", base=urls.HOME))
    assert {m.get("href") for m in marks(tree)} == \
        {urls.event_link(e, urls.HOME) for e in dataset.events}


def test_dates_map_to_x_in_proportion(shipped):
    site, dataset = shipped
    tree = parse(visual_timeline(site, dataset.events, "type"))
    by_href = {m.get("href"): middle(m) for m in marks(tree)}
    days = [e for e in dataset.events if e.date.last is None and e.date.first.precision == "day"]
    xs = [by_href[urls.event_link(e)] for e in days]  # in timeline order
    assert xs == sorted(xs)
    assert len(set(xs)) == len({e.date.start for e in days})  # a day, one x
    # Distance is time: the same number of pixels for every day, from the first to the last.
    scale = axis_for(dataset.events).per_day
    first = days[0]
    for event, x in zip(days, xs, strict=True):
        assert x - xs[0] == pytest.approx((event.date.start - first.date.start).days * scale,
                                          abs=0.11)
    assert scale * 28 >= MONTH_PX


def test_each_kind_of_date_has_its_own_mark(fixture_site):
    site, dataset = fixture_site
    tree = parse(visual_timeline(site, dataset.events, "type"))
    classes = {m.get("href").split("#")[1]: set(m.get("class").split()) for m in marks(tree)}
    assert classes["2025-06-02-second-round"] == {"tlv-m", "tlv-day"}
    assert {"tlv-span"} < classes["2024-06-15-two-day-summit"]  # 2024-06-15/2024-06-16
    assert {"tlv-vague", "tlv-approx"} < classes["2025-06-01-approximate-month"]  # 2025-06~
    assert {"tlv-vague", "tlv-uncertain"} < classes["2023-01-01-hostile-year"]  # 2023?
    # A range is a bar from its first day to the end of its last, never narrower than 16px;
    # a month-only event, a band over the whole month.
    axis = axis_for(dataset.events)
    band = tree.xpath("//a[contains(@href, 'approximate-month')]/rect")[0]
    width = float(band.get("width")) + 1.5  # the outline is drawn inside the box
    assert width == pytest.approx(30 * axis.per_day, abs=0.2)
    bar = tree.xpath("//a[contains(@href, '2024-06-15-two-day-summit')]/rect")[0]
    assert float(bar.get("width")) + 1.5 >= 16
    # The legend names each kind shown, and only those.
    legend = tree.xpath("string(//figcaption)")
    for words in ("one day", "several days", "known to the month or year only",
                  "approximate (c.)", "uncertain (?)"):
        assert words in legend
    assert "counted" not in legend


def test_lanes_by_party_and_by_topic(fixture_site):
    site, dataset = fixture_site
    for lanes, keys in (("party", Event.everyone), ("topic", lambda e: e.topics)):
        tree = parse(visual_timeline(site, dataset.events, lanes))
        pairs = sorted((m.get("href"), lane_of(m)) for m in marks(tree))
        names = {p.id: p.name for p in site.registry.parties.values()} | \
            {t.id: t.title for t in site.registry.topics.values()}
        none = site.words("visual_no_party" if lanes == "party" else "visual_no_topic")
        expected = sorted((urls.event_link(e), names[k] if k else none)
                          for e in dataset.events for k in (keys(e) or ("",)))
        assert pairs == expected
        # Lanes in the registry's order, the events without a party (or topic) last.
        shown = tree.xpath("//div[@class='tlv-lane']/svg/@aria-label")
        order = [names[k] for k in (site.registry.parties if lanes == "party" else
                                    [t.id for t in site.registry.topics_in_order()])] + [none]
        assert shown == sorted(shown, key=order.index)
    with pytest.raises(ValueError, match="lanes"):
        visual_timeline(site, dataset.events, "place")


def test_no_events_no_drawing(fixture_site):
    site, _ = fixture_site
    assert visual_timeline(site, (), "type") == ""


def test_same_events_same_bytes_whatever_their_order(shipped):
    site, dataset = shipped
    once = visual_timeline(site, dataset.events, "party")
    assert once == visual_timeline(site, tuple(reversed(dataset.events)), "party")
    assert once == visual_timeline(site_of(check(ROOT / "events")), dataset.events, "party")


def test_one_block_that_markdown_passes_through_unchanged(shipped):
    import markdown

    site, dataset = shipped
    markup = str(visual_timeline(site, dataset.events, "type"))
    assert "\n\n" not in markup  # a blank line would end the raw HTML block
    assert markup.startswith('<figure class="tlv tlv-end" data-search-exclude="">')
    converter = markdown.Markdown(extensions=["attr_list", "tables", "toc"])
    assert markup in converter.convert(f"# Timeline\n\n{markup}\n\n## 2022\n")


@pytest.mark.parametrize("folder", [HOSTILE, HOSTILE_REGISTRIES])
@pytest.mark.parametrize("lanes", ["type", "party", "topic"])
def test_hostile_text_stays_text(folder, lanes):
    dataset = check(folder)
    site = site_of(dataset)
    markup = str(visual_timeline(site, dataset.events, lanes))
    tree = parse(markup)  # well-formed: no payload closed an element or opened one
    assert {e.tag for e in tree.iter()} <= {
        "figure", "figcaption", "span", "div", "svg", "g", "path", "text", "a", "title",
        "circle", "rect"}
    for element in tree.iter():
        assert not [a for a in element.attrib if a.lower().startswith("on")]
        href = element.get("href")
        assert href is None or href.startswith("../")
    assert "<script" not in markup and "<img" not in markup
    # Each payload is there, as text: in a mark's name or a lane's label.
    texts = tree.xpath("//title/text()") + tree.xpath("//svg/@aria-label")
    if folder == HOSTILE:
        assert any(t.startswith("<script>window.__pwned='title'") for t in texts)
    else:
        expected = {"type": "type-title-end", "party": "party-name-end",
                    "topic": "topic-title-end"}[lanes]
        assert any(t.startswith("</title><script>") and expected in t for t in texts)


def count_of(tile) -> int:
    return int(tile.findtext("text"))


def test_a_dense_record_is_counted_by_month(dense):
    site, dataset = dense
    markup = str(visual_timeline(site, dataset.events, "type"))
    tree = parse(markup)
    counted = tiles(tree)
    assert counted, "3,000 events over ten years should be counted, not drawn one by one"
    # Every event is counted once: in its month's tile, or as its own mark.
    assert sum(map(count_of, counted)) + len(marks(tree)) == len(dataset.events) == 3000
    by_type: dict[str, int] = {}
    for event in dataset.events:
        title = site.registry.types[event.type].title
        by_type[title] = by_type.get(title, 0) + 1
    for title, count in by_type.items():
        lane = f"//svg[@aria-label='{title}']//a"
        shown = tree.xpath(lane)
        assert sum(count_of(t) if t.find("text") is not None else 1 for t in shown) == count
    # A tile links to its month's page, which lists exactly the events it counts and more.
    months = {urls.link(urls.month(*key)): key for key in site.index.by_month}
    for tile in counted:
        assert tile.get("href") in months
        year, month = months[tile.get("href")]
        lane = lane_of(tile)
        assert tile.findtext("title") == (
            f"{lane}: {site.words.count('event', count_of(tile))} in "
            f"{site.words.month(year, month)}")
        assert count_of(tile) == sum(site.registry.types[e.type].title == lane
                                     for e in site.index.by_month[(year, month)])
    assert "a month's events, counted" in tree.xpath("string(//figcaption)")
    # The size follows months and lanes, not events: a tile or at most one mark for each
    # month of each lane, about 200 bytes either way (a link, its name, a shape, a count),
    # and some 16 kB for the axis, the year lines and the legend.
    axis = axis_for(dataset.events)
    lanes = len(tree.xpath("//div[contains(@class, 'tlv-lane')]")) - 1
    assert len(markup.encode()) < 256 * len(axis.months()) * lanes + 16_000
    assert len(gzip.compress(markup.encode())) < 40_000


def test_a_long_record_is_drawn_and_counted_by_year():
    """Forty years of events, some known to their year only: an axis by year, tiles linking
    to the year pages, and the drawing no wider than about 60px a year."""
    registry = Registry(types={"talks": EventType("talks", "Talks")})
    events = []
    for year in range(1985, 2025):
        for n in range(1, 13):
            text = f"{year}-{n:02d}-{n + 10}" if n < 12 else f"{year}"
            events.append(Event(id=f"{text}-e{n}", path=f"{year}/{text}-e{n}.md",
                                date=parse_date(text), title=f"Event {n} of {year}",
                                type="talks"))
    events.sort(key=lambda e: e.sort_key)
    site = site_of(Dataset(registry, tuple(events)))
    tree = parse(visual_timeline(site, events, "type"))
    counted = tiles(tree)
    assert marks(tree) == [] and len(counted) == 40
    assert {t.get("href") for t in counted} == {urls.link(urls.year(y))
                                                for y in range(1985, 2025)}
    assert all(count_of(t) == 12 for t in counted)
    assert counted[0].findtext("title") == "Talks: 12 events in 1985"
    width = float(tree.xpath("//div[contains(@class, 'tlv-axis')]/svg/@width")[0])
    assert 40 * 60 <= width <= 40 * 61 + 16


def test_year_only_events_get_their_own_row_when_months_are_counted(dense):
    site, dataset = dense
    registry = dataset.registry
    extra = tuple(Event(id=f"2019-only-{n}", path=f"2019/2019-only-{n}.md",
                        date=parse_date("2019"), title=f"Only the year {n}", type="talks")
                  for n in range(3))
    events = tuple(sorted(dataset.events + extra, key=lambda e: e.sort_key))
    site = site_of(Dataset(registry, events))
    tree = parse(visual_timeline(site, events, "type"))
    year_tiles = [t for t in tiles(tree) if t.get("href") == urls.link(urls.year(2019))]
    assert [count_of(t) for t in year_tiles] == [3]
    assert year_tiles[0].findtext("title") == "Talks: 3 events in 2019"


# In Chromium: the drawing in a page styled by Material's own stylesheets, as the site is.

def material_css() -> dict[str, Path]:
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return {"main.css": next(folder.glob("main.*.min.css")),
            "palette.css": next(folder.glob("palette.*.min.css")),
            "timeline.css": ROOT / "docs" / "assets" / "timeline.css",
            "timeline-visual.css": CSS}


def standalone(folder: Path, name: str, markup: str, scheme: str = "default") -> Path:
    """A page laid out as Material lays out a generated page, with the drawing in it."""
    folder.mkdir(parents=True, exist_ok=True)
    links = ""
    for css, source in material_css().items():
        (folder / css).write_bytes(source.read_bytes())
        links += f'<link rel="stylesheet" href="{css}">'
    path = folder / f"{name}-{scheme}.html"
    path.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Visual timeline</title>{links}</head>"
        f'<body dir="ltr" data-md-color-scheme="{scheme}" data-md-color-primary="custom" '
        'data-md-color-accent="indigo"><div class="md-container"><main class="md-main">'
        '<div class="md-main__inner md-grid"><div class="md-content">'
        '<article class="md-content__inner md-typeset"><h1>Timeline</h1>'
        f"<p>The events, oldest first.</p>\n{markup}\n<h2>2022</h2><p>After.</p>"
        "</article></div></div></main></div></body></html>", "utf-8")
    return path


BOXES = """svg => [...svg.querySelectorAll('a')].map(a => {
  const r = a.getBoundingClientRect();
  return [a.getAttribute('href'), r.left, r.top, r.right, r.bottom];
})"""


def overlapping(boxes: list) -> list:
    """Pairs of marks whose boxes overlap (touching is allowed)."""
    found = []
    ordered = sorted(boxes, key=lambda b: b[1])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b[1] >= a[3] - 0.01:
                break
            if a[2] < b[4] - 0.01 and b[2] < a[4] - 0.01:
                found.append((a[0], b[0]))
    return found


@pytest.mark.browser
def test_in_chromium_every_event_a_link_no_overlap_no_sideways_page(browser, tmp_path,
                                                                   shipped):
    site, dataset = shipped
    page_file = standalone(tmp_path, "shipped", visual_timeline(site, dataset.events, "type"))
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        outside: list[str] = []
        from browser_support import block_the_outside
        block_the_outside(context, outside)
        page.goto(page_file.as_uri())
        hrefs = page.eval_on_selector_all("a.tlv-m", "as => as.map(a => a.getAttribute('href'))")
        assert sorted(hrefs) == sorted(urls.event_link(e) for e in dataset.events)
        # Named by title and date for assistive technology (SVG's <title>).
        event = dataset.events[-1]
        name = f"{event.title}, {site.words.spoken(event.date)}"
        assert page.get_by_role("link", name=name, exact=True).count() == 1
        # No two marks of a lane overlap.
        for lane in page.locator(".tlv-lane:not(.tlv-axis) svg").all():
            assert overlapping(lane.evaluate(BOXES)) == []
        sizes = page.evaluate("""() => {
          const box = document.querySelector('.tlv-scroll');
          return [document.documentElement.scrollWidth, box.scrollWidth, box.clientWidth];
        }""")
        assert sizes[0] <= width  # the page never scrolls sideways
        assert sizes[1] > sizes[2]  # the drawing does, inside its box
        # It opens at the latest end: the last event's mark is in view.
        last = page.locator(f"a.tlv-m[href='{urls.event_link(dataset.events[-1])}']")
        box, view = last.bounding_box(), page.locator(".tlv-scroll").bounding_box()
        assert view["x"] <= box["x"] and box["x"] + box["width"] <= view["x"] + view["width"]
        # Scrolled to its earliest end, the lane labels are still in view.
        page.evaluate("document.querySelector('.tlv-scroll').scrollLeft = -1e6")
        label = page.locator(".tlv-lane:not(.tlv-axis) .tlv-label").first.bounding_box()
        assert view["x"] - 1 <= label["x"] <= view["x"] + 8
        assert outside == []
        context.close()


def rgba(text: str) -> tuple[float, ...]:
    """A computed colour ('rgb(1, 2, 3)', 'rgba(1, 2, 3, 0.5)') as red, green, blue, alpha."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", text)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def over(top: tuple, bottom: tuple, opacity: float = 1.0) -> tuple:
    """A colour (with its alpha, times an opacity) painted over an opaque one."""
    alpha = top[3] * opacity
    return (*(t * alpha + b * (1 - alpha) for t, b in zip(top[:3], bottom[:3], strict=True)),
            1.0)


def contrast(a: tuple, b: tuple) -> float:
    def luminance(colour):
        channels = [c / 255 for c in colour[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


COLOURS = """() => {
  const style = e => getComputedStyle(e);
  const one = s => document.querySelector(s);
  const texts = [...document.querySelectorAll(
      '.tlv-label, .tlv-caption, .tlv-year, .tlv-month')].filter(e => e.textContent.trim());
  return {
    background: style(document.body).backgroundColor,
    texts: texts.map(e => [e.tagName, e.tagName === 'text' ? style(e).fill : style(e).color]),
    tiles: [...document.querySelectorAll('.tlv-counted a')].map(a => [
      style(a.querySelector('rect')).fill, style(a.querySelector('rect')).fillOpacity,
      style(a.querySelector('text')).fill]),
    marks: [...document.querySelectorAll('a.tlv-m > :not(title)')].map(e => style(e).stroke),
    approx: style(one('.tlv-approx > :not(title)')).fill,
    uncertain: style(one('.tlv-uncertain > :not(title)')).strokeDasharray,
    solid: style(one('.tlv-day:not(.tlv-approx):not(.tlv-uncertain) > circle')).fill,
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_in_chromium_both_schemes_read(browser, tmp_path, dense, fixture_site, scheme):
    from axe_playwright_python.sync_playwright import Axe

    site, dataset = dense
    tiny, events = fixture_site
    # The fixture's marks (every kind of date), then a dense record's tiles, on one page.
    markup = visual_timeline(tiny, events.events, "type") + "\n" + \
        visual_timeline(site, dataset.events, "type")
    page_file = standalone(tmp_path, "both", markup, scheme)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(page_file.as_uri())
    found = page.evaluate(COLOURS)
    background = rgba(found["background"])
    assert background[:3] == ((255, 255, 255) if scheme == "default" else background[:3])
    for tag, colour in found["texts"]:
        assert contrast(over(rgba(colour), background), background) >= 4.5, (tag, colour)
    assert found["tiles"]
    for fill, opacity, text in found["tiles"]:
        behind = over(rgba(fill), background, float(opacity))
        assert contrast(over(rgba(text), behind), behind) >= 4.5, (fill, opacity, text)
    for stroke in found["marks"]:  # a graphic: 3:1
        assert contrast(over(rgba(stroke), background), background) >= 3
    # Approximate: hollow (filled with the page's colour); uncertain: dashed; else solid.
    assert rgba(found["approx"])[:3] == background[:3]
    assert found["uncertain"] not in ("none", "")
    assert rgba(found["solid"])[:3] != background[:3]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    violations = [f"{v['id']} {[n['target'] for n in v['nodes'][:3]]}"
                  for v in Axe().run(page).response["violations"]
                  if v["impact"] in ("serious", "critical")]
    assert violations == []
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("folder", [HOSTILE, HOSTILE_REGISTRIES])
def test_in_chromium_hostile_text_stays_inert(browser, tmp_path, folder):
    dataset = check(folder)
    site = site_of(dataset)
    markup = "\n".join(visual_timeline(site, dataset.events, lanes)
                       for lanes in ("type", "party", "topic"))
    page_file = standalone(tmp_path, "hostile", markup)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(page_file.as_uri())
    page.locator("a.tlv-m").first.hover()
    page.locator("a.tlv-m").first.focus()
    assert page.evaluate("window.__pwned") is None and dialogs == []
    inside = page.evaluate("""() => {
      const all = [...document.querySelectorAll('figure.tlv, figure.tlv *')];
      return {
        tags: [...new Set(all.map(e => e.tagName.toLowerCase()))].sort(),
        handlers: all.flatMap(e => [...e.attributes].map(a => a.name))
                     .filter(n => n.startsWith('on')),
        texts: [...document.querySelectorAll('figure.tlv title, .tlv-label')]
                 .map(t => t.textContent)
                 .concat([...document.querySelectorAll('figure.tlv svg[aria-label]')]
                         .map(s => s.getAttribute('aria-label'))),
      };
    }""")
    assert set(inside["tags"]) <= {"figure", "figcaption", "span", "div", "svg", "g", "path",
                                   "text", "a", "title", "circle", "rect"}
    assert inside["handlers"] == []
    payload = "<script>window.__pwned='title'" if folder == HOSTILE else "</title><script>"
    assert any(payload in t for t in inside["texts"])
    context.close()
