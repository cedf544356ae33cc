"""Filters you can share on the timeline page: an address narrows the record to exactly the
events the model says match, on the website and in the bundle opened from disk; the form
writes the address; hostile text stays text; without a script the page is the list of
years; and the data script beside the page keeps its shape."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from axe_playwright_python.sync_playwright import Axe
from test_hostile import ACTIVE

from benchmarks.corpus import write_corpus
from browser_support import serve_folder
from conftest import FIXTURE_EVENTS, ROOT, browser_page, copy_skeleton
from generator.build import check, outputs_of
from generator.i18n import Words, catalogue
from generator.index import build_index
from generator.model import Event
from generator.pages.filters import count_sentences, filter_data
from generator.pages.site import Site

PAGE = "generated/timeline/index.html"
WORDS = catalogue("en")


def shipped() -> tuple[Event, ...]:
    return check(ROOT / "events").events


def newest_first(events) -> list[str]:
    """Event ids, newest first, as the list shows them (the record's order, reversed)."""
    return [e.id for e in reversed(events)]


def meets(event: Event, first: date, last: date) -> bool:
    return event.date.end >= first and event.date.start <= last


def counted(shown: int, total: int) -> str:
    return WORDS("filter_count_other", count=shown, events=WORDS.count("event", total))


def open_filter(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".tl-filter:not([hidden])")
    page.wait_for_function("document.querySelector('.tl-filter-count').textContent !== ''")


def query_of(page) -> str:
    """The page's query as the page has it now (Playwright's page.url follows later)."""
    return page.evaluate("window.location.search").removeprefix("?")


def listed(page) -> list[str]:
    """The anchors the result links point to, in the order shown."""
    return [href.split("#", 1)[1] for href in page.eval_on_selector_all(
        ".tl-filter-results a", "links => links.map(a => a.getAttribute('href'))")]


@pytest.fixture(scope="session")
def outputs(served_site, unzipped_bundle) -> dict[str, str]:
    return {"website": served_site, "bundle": unzipped_bundle.as_uri() + "/"}


# --- in the browser, on the shipped record ---------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("output", ["website", "bundle"])
def test_an_address_narrows_the_record_to_the_events_that_match(browser, request, outputs,
                                                               output):
    events = shipped()
    expected = [e for e in events
                if "russia" in e.parties + e.mediators and "ceasefire" in e.topics
                and meets(e, date(2025, 5, 1), date(2025, 7, 31))]
    assert 2 <= len(expected) < len(events)  # a real narrowing
    for page in browser_page(browser, request):
        open_filter(page, outputs[output] + PAGE +
                    "?party=russia&topic=ceasefire&from=2025-05&to=2025-07")
        assert listed(page) == newest_first(expected)
        assert page.locator(".tl-filter-count").inner_text() == \
            counted(len(expected), len(events))
        # The form shows the filter the address names.
        assert page.locator(".tl-filter input:checked").evaluate_all(
            "boxes => boxes.map(b => b.name + '=' + b.value)") == ["party=russia",
                                                                   "topic=ceasefire"]
        assert page.input_value("#tl-filter-from") == "2025-05"
        assert page.input_value("#tl-filter-to") == "2025-07"
        # Each result says its date, type and parties, and links to its section.
        first = expected[-1]
        item = page.locator(".tl-filter-results li").first.inner_text()
        assert item.startswith(WORDS.spoken(first.date) + " " + first.title)
        assert "Russia" in item
        page.click(".tl-filter-results a >> nth=0")
        page.wait_for_url(f"**/generated/timeline/*.html#{first.id}")
        assert page.locator(f"[id='{first.id}']").is_visible()
        assert page.outside == [] and page.broken == []


@pytest.mark.browser
@pytest.mark.parametrize("query, wanted", [
    ("type=talks", lambda e: e.type == "talks"),
    ("tag=istanbul-process", lambda e: "istanbul-process" in e.tags),
    ("type=talks&type=call", lambda e: e.type in ("talks", "call")),  # any of the values
    ("party=turkey,united-nations", lambda e: {"turkey", "united-nations"} & set(e.everyone())),
    ("from=2025&to=2024-06-14", lambda e: meets(e, date(2024, 6, 14), date(2025, 12, 31))),
])
def test_a_type_a_tag_several_values_and_dates_either_way_round(page, served_site, query,
                                                                 wanted):
    events = shipped()
    expected = [e for e in events if wanted(e)]
    assert 0 < len(expected) < len(events)
    open_filter(page, served_site + PAGE + "?" + query)
    assert listed(page) == newest_first(expected)
    assert page.locator(".tl-filter-count").inner_text() == counted(len(expected), len(events))
    assert page.outside == []


@pytest.mark.browser
@pytest.mark.parametrize("output", ["website", "bundle"])
def test_changing_the_form_updates_the_address_and_a_reload_keeps_it(browser, request,
                                                                   outputs, output):
    events = shipped()
    for page in browser_page(browser, request):
        open_filter(page, outputs[output] + PAGE)
        assert listed(page) == []  # without a choice, the years below are the record
        assert page.locator(".tl-filter-count").inner_text() == WORDS("filter_prompt")
        page.get_by_role("button", name="Parties").click()
        page.get_by_label("Ukraine", exact=True).check()
        page.get_by_label("Russia", exact=True).check()
        page.get_by_role("button", name="Types").click()
        page.get_by_role("checkbox", name="Talks", exact=True).check()
        page.fill("#tl-filter-from", "2025")
        expected = newest_first([e for e in events
                                 if {"ukraine", "russia"} & set(e.everyone())
                                 and e.type == "talks" and e.date.end >= date(2025, 1, 1)])
        assert listed(page) == expected
        assert parse_qs(query_of(page)) == {"party": ["ukraine", "russia"], "type": ["talks"],
                                           "from": ["2025"]}
        assert query_of(page) == "party=ukraine&party=russia&type=talks&from=2025"
        page.reload()
        page.wait_for_selector(".tl-filter:not([hidden])")
        assert listed(page) == expected
        assert page.get_by_label("Russia", exact=True).is_checked()
        # A date that does not read as one is marked and leaves the list as it was.
        page.fill("#tl-filter-to", "2025-13")
        assert page.get_attribute("#tl-filter-to", "aria-invalid") == "true"
        assert listed(page) == expected
        page.get_by_role("button", name=WORDS("filter_clear")).click()
        assert query_of(page) == "" and listed(page) == []
        assert page.outside == [] and page.broken == []


@pytest.mark.browser
def test_the_form_works_from_the_keyboard(page, served_site):
    open_filter(page, served_site + PAGE)
    toggle = page.locator(".tl-filter-toggle[aria-controls='tl-filter-party']")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")  # into the panel's first box: Ukraine
    assert page.evaluate("document.activeElement.value") == "ukraine"
    page.keyboard.press(" ")
    assert query_of(page) == "party=ukraine"
    page.keyboard.press("Escape")  # closes the panel, back on its button
    assert page.locator("#tl-filter-party").is_hidden()
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == \
        "tl-filter-party"
    assert toggle.inner_text().startswith("Parties: Ukraine")


@pytest.mark.browser
def test_without_script_the_page_lists_the_years_and_no_form(browser, request, served_site):
    for page in browser_page(browser, request, java_script_enabled=False):
        page.goto(served_site + PAGE + "?party=russia")
        years = sorted({e.date.start.year for e in shipped()})
        for year in years:
            assert page.locator(f"h2[id='{year}']").is_visible()
        assert not page.locator(".tl-filter").is_visible()
        assert page.locator("input, .tl-filter-results li").evaluate_all(
            "els => els.filter(e => e.offsetParent !== null && !e.closest('.md-header')"
            " && !e.closest('.md-search')).length") == 0
        assert page.outside == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_filtered_page_has_no_serious_accessibility_problem(browser, request, served_site,
                                                                scheme):
    for page in browser_page(browser, request, color_scheme=scheme):
        open_filter(page, served_site + PAGE +
                    "?party=russia&topic=ceasefire&from=2025-05&to=2025-08&to=2025-13")
        page.get_by_role("button", name="Parties").click()  # a panel open, boxes checked
        page.fill("#tl-filter-to", "2025-13")  # and a date marked as wrong
        # The footer is every page's, and test_record_browser checks it.
        violations = [f"{v['id']} {[n['target'] for n in v['nodes'][:3]]}"
                      for v in Axe().run(page, {"exclude": [[".md-footer"]]})
                      .response["violations"]
                      if v["impact"] in ("serious", "critical")]
        assert violations == []
        # The count is announced politely when it changes.
        assert page.get_attribute(".tl-filter-count", "aria-live") == "polite"
        assert page.outside == []


# --- hostile text, and a record too long to list at once --------------------------------

@pytest.fixture(scope="module")
def hostile_sites(tmp_path_factory):
    """The hostile event and the hostile registries, each built as a website."""
    sites, servers = {}, []
    for name in ("hostile", "hostile-registries"):
        project = copy_skeleton(tmp_path_factory.mktemp(name))
        shutil.copytree(ROOT / "tests" / "fixtures" / name, project / "events")
        from generator.cli import main
        assert main(["build", "--project", str(project), "--no-bundle"]) == 0
        server, url = serve_folder(project / "site")
        servers.append(server)
        sites[name] = url
    yield sites
    for server in servers:
        server.shutdown()


@pytest.mark.browser
@pytest.mark.parametrize("name, query, shown", [
    ("hostile", "?party=ukraine&topic=ceasefire",
     "<script>window.__pwned='title';alert('title')</script><img src=x onerror="),
    ("hostile-registries", "?type=talks", "</title><script>window.__pwned='type-title'</script>"),
])
def test_hostile_text_shows_as_text_only(page, hostile_sites, name, query, shown):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_filter(page, hostile_sites[name] + PAGE + query)
    for toggle in page.locator(".tl-filter-toggle").all():
        toggle.click()  # every choice in view: registry names are labels, as text
    page.mouse.move(10, 10)
    assert shown in page.locator(".tl-filter-results").inner_text()
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate(ACTIVE) == []
    assert page.locator(".tl-filter-results *").evaluate_all(
        "els => els.map(e => e.tagName).filter(t => !['LI', 'SPAN', 'A'].includes(t))") == []
    assert dialogs == []


@pytest.fixture(scope="module")
def long_record(tmp_path_factory):
    """A synthetic record of 250 events, built as a website."""
    project = copy_skeleton(tmp_path_factory.mktemp("long"))
    write_corpus(project / "events", 250)
    from generator.cli import main
    assert main(["build", "--project", str(project), "--no-bundle"]) == 0
    server, url = serve_folder(project / "site")
    yield project, url
    server.shutdown()


@pytest.mark.browser
def test_a_long_list_shows_a_hundred_at_a_time(page, long_record):
    project, url = long_record
    events = check(project / "events").events
    open_filter(page, url + PAGE + "?from=2015")  # every event of the corpus
    assert listed(page) == newest_first(events)[:100]
    more = page.locator(".tl-filter-more")
    assert more.inner_text() == WORDS("filter_more", count=100)
    more.click()
    assert listed(page) == newest_first(events)[:200]
    # The keyboard goes on from the first event just shown.
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith(
        "#" + newest_first(events)[100])
    assert more.inner_text() == WORDS("filter_more", count=50)
    more.click()
    assert listed(page) == newest_first(events) and more.is_hidden()
    assert page.locator(".tl-filter-count").inner_text() == counted(250, 250)


# --- the data script ---------------------------------------------------------------------

def data_of(script: str) -> dict:
    prefix, suffix = "window.TIMELINE_FILTER = ", ";\n"
    assert script.startswith(prefix) and script.endswith(suffix)
    assert script.isascii() and script.count("\n") == 1  # one global, one line
    return json.loads(script[len(prefix):-len(suffix)])


def test_the_data_script_holds_every_event_compactly_and_as_the_model_says():
    dataset = check(FIXTURE_EVENTS)
    declared = {o.path: o for o in outputs_of(dataset)}
    data = data_of(declared["timeline/filter-data.js"].render())
    assert set(data) == {"events", "ids", "pages", "parties", "topics", "types", "words"}
    ids = data["ids"]
    assert ids == {"party": ["ukraine", "russia", "turkey"], "topic": ["ceasefire", "prisoners"],
                   "type": ["talks", "meeting", "summit", "statement"],
                   "tag": ["istanbul-process"]}
    registry = dataset.registry
    assert data["parties"] == [registry.parties[p].name for p in ids["party"]]
    assert data["topics"] == [registry.topics[t].title for t in ids["topic"]]
    assert data["types"] == [registry.types[t].title for t in ids["type"]]
    assert len(data["events"]) == len(dataset.events)
    for row, event in zip(data["events"], dataset.events, strict=True):  # oldest first
        assert len(row) == 7 or row[-1] != []  # empty lists at the end are left out
        start, end, said, title, anchor, page, kind, *lists = row
        lists += [[]] * (4 - len(lists))
        parties, topics, tags, mediators = lists
        assert (start, end or start) == (event.date.start.isoformat(),
                                         event.date.end.isoformat())
        assert said == WORDS.spoken(event.date) and title == event.title
        assert anchor == event.id
        assert data["pages"][page] == f"../timeline/{event_page(event)}.html"
        assert ids["type"][kind] == event.type
        assert [ids["party"][n] for n in parties] == list(event.parties)
        assert [ids["party"][n] for n in mediators] == list(event.mediators)
        assert [ids["topic"][n] for n in topics] == list(event.topics)
        assert [ids["tag"][n] for n in tags] == list(event.tags)
    # Every page it links to is a page the generator writes.
    assert {p.removeprefix("../") .removesuffix(".html") + ".md" for p in data["pages"]} <= \
        set(declared)
    assert data["words"]["count"] == [WORDS("filter_count_other", count="{count}",
                                            events=WORDS.count("event", 5))]
    assert data["words"]["plural"] == ""  # English words the count the same in every form
    assert data["words"]["none"] == WORDS("filter_none", events=WORDS.count("event", 5))


def event_page(event: Event) -> str:
    day = event.date.start
    return f"{day:%Y}" if event.date.first.precision == "year" else f"{day:%Y-%m}"


def test_each_count_takes_its_plural_form_where_a_language_words_them_apart():
    english = catalogue("en")
    russian = Words("ru", {**english.words, "filter_count_other": "{count} из {events}",
                           "filter_count_one": "{count} событие из {events}",
                           "filter_count_few": "{count} события из {events}"},
                    english.plurals, english.dates)
    index = build_index(check(FIXTURE_EVENTS))
    sentences, plural = count_sentences(Site(index, {}, russian))
    assert sentences == ["{count} из 5 events", "{count} событие из 5 events",
                         "{count} события из 5 events"]
    # A digit per count from 0 to the record's size: 0 and 5 take "many", worded here as
    # "other" (0), 1 takes "one" (1), 2 to 4 take "few" (2); the digits stop at the last
    # count not worded as "other".
    assert plural == "01222"
    site = Site(index, {}, russian)
    assert data_of(filter_data(site))["words"]["count"] == sentences


def test_an_empty_record_has_no_form():
    from generator.model import Dataset, Registry
    from generator.pages.filters import filter_form

    site = Site(build_index(Dataset(Registry(), ())), {}, WORDS)
    assert filter_form(site) is None
    assert data_of(filter_data(site))["events"] == []


def test_the_data_script_stays_compact(tmp_path: Path):
    write_corpus(tmp_path / "events", 1000)
    index = build_index(check(tmp_path / "events"))
    size = len(filter_data(Site(index, {}, WORDS)).encode())
    assert size < 130 * 1000  # about 114 bytes an event: 1.1 MB at 10,000
