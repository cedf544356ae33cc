# Ukrainian text throughout: Cyrillic letters that look like Latin ones are meant.
# ruff: noqa: RUF001, RUF002
"""A second interface language: Ukrainian (`language: uk` in timeline.yml).

The catalogue `generator/locales/uk.yml` has every word of `en.yml`, with the same
placeholders, and the plural forms CLDR gives Ukrainian; dates are said as a Ukrainian
newsroom writes them (month headings in the nominative, day dates in the genitive); a real
build says every generated word, Material's own and the scripts' in Ukrainian, with
`lang="uk"`, and leaves the events' own text as written; the English build of the same
project has none of those words; and in Chromium search finds an event by a word of its
narrative and the comparison of two dates speaks Ukrainian.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import string
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from babel import Locale
from babel.dates import format_date

from browser_support import serve_folder
from conftest import FIXTURE_EVENTS, browser_page, copy_skeleton
from generator.cli import main
from generator.config import Settings
from generator.dates import parse_date
from generator.i18n import LOCALES, catalogue

PARTS = ("dates", "plurals", "words")


def read_catalogue(language: str) -> dict:
    return yaml.safe_load((LOCALES / f"{language}.yml").read_text("utf-8"))


def placeholders(text: str) -> list[str]:
    """The names of a text's `{placeholders}`, sorted."""
    return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name is not None})


# The catalogue ----------------------------------------------------------------------------


def test_every_english_word_has_its_ukrainian_and_no_other():
    """Fails as soon as someone adds a word to en.yml without its Ukrainian: the message
    names each word to translate, with its English."""
    en, uk = read_catalogue("en"), read_catalogue("uk")
    problems = []
    for part in PARTS:
        missing = [key for key in en[part] if key not in uk[part]]
        problems += [f"{part}.{key}: not in uk.yml (English: {en[part][key]!r})"
                     for key in missing]
        problems += [f"{part}.{key}: in uk.yml but not in en.yml" for key in uk[part]
                     if key not in en[part]]
    assert not problems, "\n".join(problems)


def test_every_word_keeps_its_placeholders():
    en, uk = read_catalogue("en"), read_catalogue("uk")
    problems = []
    for part in ("dates", "words"):
        for key, english in en[part].items():
            ukrainian = uk[part].get(key)
            if not isinstance(ukrainian, str):
                problems.append(f"{part}.{key}: {ukrainian!r} is not text")
            elif placeholders(ukrainian) != placeholders(english):
                problems.append(f"{part}.{key}: {placeholders(ukrainian)} in uk.yml, "
                                f"{placeholders(english)} in en.yml")
    for key, forms in en["plurals"].items():
        wanted = placeholders(forms["other"])
        for form, text in uk["plurals"].get(key, {}).items():
            if placeholders(text) != wanted:
                problems.append(f"plurals.{key}.{form}: {placeholders(text)}, not {wanted}")
    assert not problems, "\n".join(problems)


def test_plural_forms_cover_the_categories_cldr_gives_ukrainian():
    categories = set(Locale.parse("uk").plural_form.tags) | {"other"}
    assert categories == {"one", "few", "many", "other"}
    for key, forms in read_catalogue("uk")["plurals"].items():
        assert set(forms) == categories, key


def test_date_patterns_are_babels():
    """Every pattern is Babel's and says a date in Cyrillic (no pattern letter left over);
    the qualifiers wrap the date they are given."""
    dates = read_catalogue("uk")["dates"]
    for key in ("day", "day_in_year", "month", "month_in_year", "month_alone"):
        said = format_date(date(2025, 6, 2), dates[key], locale="uk")
        assert "червня" in said or "червень" in said, (key, said)
        assert not re.search("[A-Za-z]", said), (key, said)
    assert "{date}" in dates["approximate"] and "{date}" in dates["uncertain"]


# Dates and counts as a Ukrainian newsroom writes them -----------------------------------

NOMINATIVE = ["січень", "лютий", "березень", "квітень", "травень", "червень", "липень",
              "серпень", "вересень", "жовтень", "листопад", "грудень"]
GENITIVE = ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
            "вересня", "жовтня", "листопада", "грудня"]


def nb(text: str) -> str:
    """A date as the catalogue says it, "_" standing for its no-break spaces: "р.", "(?)"
    and "прибл." never begin or end a line apart from the date they belong to."""
    return text.replace("_", "\u00a0")


def test_month_headings_name_the_month_in_the_nominative():
    uk = catalogue("uk")
    assert [uk.month_alone(m) for m in range(1, 13)] == NOMINATIVE
    assert [uk.month(2025, m) for m in range(1, 13)] == [f"{m} 2025" for m in NOMINATIVE]
    assert uk.spoken(parse_date("2025-06")) == "червень 2025"


def test_day_dates_name_the_month_in_the_genitive():
    uk = catalogue("uk")
    assert [uk.spoken(parse_date(f"2025-{m:02d}-02")) for m in range(1, 13)] == \
        [nb(f"2 {m} 2025_р.") for m in GENITIVE]
    assert uk.spoken_day(date(2025, 6, 30)) == nb("30 червня 2025_р.")


@pytest.mark.parametrize("text, said", [
    ("2025", "2025"),
    ("2025-06~", nb("прибл._червень 2025")),
    ("2025-06-02~", nb("прибл._2 червня 2025_р.")),
    ("2025-06-02?", nb("2 червня 2025_р._(?)")),
    ("2025-06-02%", nb("прибл._2 червня 2025_р._(?)")),
    ("2025-05-23/2025-05-25", nb("23–25 травня 2025_р.")),
    ("2025-05-30/2025-06-02", nb("30 травня – 2 червня 2025_р.")),
    ("2024-12-30/2025-01-02", nb("30 грудня 2024_р. – 2 січня 2025_р.")),
    ("2025-05/2025-06", nb("травень – червень 2025")),
    ("2025-06-02?/2025-06-05", nb("2 червня 2025_р._(?) – 5 червня 2025_р.")),
])
def test_approximate_uncertain_and_ranges(text, said):
    assert catalogue("uk").spoken(parse_date(text)) == said


@pytest.mark.parametrize("count, said", [
    (0, "0 подій"), (1, "1 подія"), (2, "2 події"), (4, "4 події"), (5, "5 подій"),
    (11, "11 подій"), (12, "12 подій"), (14, "14 подій"), (21, "21 подія"), (22, "22 події"),
    (25, "25 подій"), (101, "101 подія"), (111, "111 подій"), (1004, "1004 події"),
])
def test_counts_take_the_ukrainian_plural(count, said):
    assert catalogue("uk").count("event", count) == said


def test_english_stays_the_default():
    assert Settings().language == "en"
    assert catalogue("en").month(2025, 6) == "June 2025"
    assert catalogue("en").spoken(parse_date("2025-06-02")) == "2 June 2025"


# A real build ----------------------------------------------------------------------------

# An event written in Ukrainian: its words stay as written in both builds, and search
# finds it by one of them. None of the interface words below occurs in it.
UKRAINIAN_EVENT = """---
date: 2025-06-20
title: Обмін полоненими на кордоні
type: exchange
parties: [ukraine, russia]
topics: [prisoners]
sources:
  - id: s1
    outlet: wire-one
---
Гуманітарний обмін погоджено після тривалих консультацій у Стамбулі.
"""
UKRAINIAN_NARRATIVE = "Гуманітарний обмін погоджено після тривалих консультацій у Стамбулі."

# Interface words of the Ukrainian build, by page (paths below site/); the English build
# has none of them anywhere.
UKRAINIAN_WORDS = {
    "generated/timeline/2025-06.html": [
        "червень 2025", "травень 2025", "2 червня 2025 р.", "прибл. червень 2025",
        "Що змінилося за червень 2025", "Заявлені позиції", "Посередники:", "Джерела",
        "(ужорсточено)", "Виконання попередніх зобов'язань", "виконано частково",
        "щодо зобов'язання", "(пов'язане з державою)", "(інформагенція)",
        "Переговори", "Зустріч"],  # built-in event types
    "generated/timeline/index.html": [
        "Хронологія", "травень", "червень", "4 події", "датовано лише роком",
        "від найдавніших до найновіших"],
    "generated/timeline/2025.html": ["травень 2025", "червень 2025", "Усі роки"],
    "generated/parties/ukraine.html": [
        "Держава · 5 подій",  # its kind
        "Поточні позиції", "Історія позицій", "Остання позиція", "станом на",
        "ужорсточено", "уперше", "Спірні твердження", "Заперечення", "Зобов'язання",
        "Термін", "Статус", "Події", "5 подій"],
    "generated/positions/index.html": [
        "Позиції", "Тема", "Порівняти", "Позицію не зафіксовано", "незмінна з 16 травня 2025 р.",
        "Позиції сторін на іншу дату", "Кінець місяця:", "Показати", "Порівняти дві дати"],
    "generated/commitments/index.html": ["в очікуванні", "прострочено", "виконано частково"],
    "generated/record/2025-06.html": [
        "Що змінилося за червень 2025", "Позиції, що змінилися",
        "Позиції сторін станом на 30 червня 2025 р."],
}
# Material's own words in Ukrainian (material/templates/partials/languages/uk.html): the
# search box, its first message, the skip link.
MATERIAL_WORDS = ['placeholder="Пошук"', "Пошук розпочато", "Перейти до змісту"]
EVENT_TEXT = ["Second round in Istanbul", "Rustem Umerov led Ukraine's delegation.",
              "Wants a full and unconditional ceasefire of at least 30 days.",
              "Обмін полоненими на кордоні", UKRAINIAN_NARRATIVE]


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """The fixture events and one event in Ukrainian, as the tiny_project fixture lays
    them out, built twice: with `language: uk` in timeline.yml, and without (English)."""
    built = {}
    for language in ("uk", "en"):
        project = copy_skeleton(tmp_path_factory.mktemp(f"language-{language}"))
        shutil.copytree(FIXTURE_EVENTS, project / "events")
        (project / "events" / "2025" / "2025-06-20-exchange.md").write_text(
            UKRAINIAN_EVENT, "utf-8")
        if language == "uk":
            (project / "timeline.yml").write_text("language: uk\n", "utf-8")
        assert main(["build", "--project", str(project)]) == 0
        built[language] = project
    return built


def page_text(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


def visible_text(site: Path, path: str) -> str:
    """A page's text as a reader reads it: no tags, entities decoded, spaces collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", "", page_text(site, path)))
    return " ".join(text.split())


def test_every_page_of_the_ukrainian_build_is_in_ukrainian(builds):
    site = builds["uk"] / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        assert '<html lang="uk"' in path.read_text("utf-8"), path.relative_to(site)
    problems = [f"{path}: no {word!r}" for path, words in UKRAINIAN_WORDS.items()
                for word in words if word not in visible_text(site, path)]
    assert not problems, "\n".join(problems)


def test_a_projects_own_event_types_stay_as_written(tmp_path):
    """Built-in types are the tool's words, said in the site's language; a project's own
    (events/types.yml) are its data, like its parties and topics."""
    project = copy_skeleton(tmp_path)
    shutil.copytree(FIXTURE_EVENTS, project / "events")
    (project / "events" / "types.yml").write_text(
        "".join(f"{t}: {{title: Own {t}}}\n" for t in
                ("talks", "meeting", "summit", "exchange", "statement", "agreement")), "utf-8")
    (project / "timeline.yml").write_text("language: uk\n", "utf-8")
    assert main(["build", "--no-bundle", "--project", str(project)]) == 0
    month = visible_text(project / "site", "generated/timeline/2025-06.html")
    assert "Own talks" in month and "Переговори" not in month


def test_month_headings_are_ukrainian(builds):
    site = builds["uk"] / "site"
    month = page_text(site, "generated/timeline/2025-06.html")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", month, re.S)
    assert heading and re.sub(r"<[^>]+>|¶", "", heading.group(1)).strip() == "червень 2025"
    assert "<title>червень 2025 - " in month
    year = page_text(site, "generated/timeline/2025.html")
    assert re.search(r"<h2[^>]*>травень 2025", year) and re.search(r"<h2[^>]*>червень 2025",
                                                                   year)


def test_materials_own_words_are_ukrainian(builds):
    site = builds["uk"] / "site"
    for path in ("index.html", "generated/timeline/2025-06.html"):
        text = page_text(site, path)
        for word in MATERIAL_WORDS:
            assert word in text, (path, word)


def test_the_events_own_text_stays_as_written(builds):
    for language in ("uk", "en"):
        month = visible_text(builds[language] / "site", "generated/timeline/2025-06.html")
        for text in EVENT_TEXT:
            assert text in month, (language, text)


def test_the_scripts_feeds_and_bundle_speak_ukrainian(builds):
    site = builds["uk"] / "site"
    record = page_text(site, "generated/record/compare-data.js")
    words = json.loads(record.removeprefix("window.TIMELINE_RECORD = ").rstrip(";\n"))["words"]
    assert words["change_hardened"] == "ужорсточено"
    assert words["status_overdue"] == "прострочено"
    assert words["stances_moved"] == "Позиції, що змінилися"
    assert json.loads(page_text(site, "generated/feeds/all.json"))["language"] == "uk"
    with zipfile.ZipFile(builds["uk"] / "dist" / "timeline-offline.zip") as bundle:
        home = bundle.read("timeline/index.html").decode("utf-8")
        month = bundle.read("timeline/generated/timeline/2025-06.html").decode("utf-8")
    assert '<html lang="uk"' in home and "Пошук розпочато" in home
    assert "Що змінилося за червень 2025" in month


def test_the_english_build_has_none_of_the_ukrainian_words(builds):
    site = builds["en"] / "site"
    pages = {path: html.unescape(path.read_text("utf-8")) for path in sorted(site.rglob("*.html"))}
    for path, text in pages.items():
        assert '<html lang="en"' in text, path.relative_to(site)
    words = {word for listed in UKRAINIAN_WORDS.values() for word in listed} | \
        set(MATERIAL_WORDS) | set(NOMINATIVE) | set(GENITIVE)
    found = sorted({(str(path.relative_to(site)), word) for path, text in pages.items()
                    for word in words if word in text})
    assert not found, found
    month = pages[site / "generated/timeline/2025-06.html"]
    assert "June 2025" in month and 'placeholder="Search"' in month


# In Chromium -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ukrainian_site(builds):
    server, url = serve_folder(builds["uk"] / "site")
    yield url
    server.shutdown()


def search_results(page, query: str, expected: str) -> list[str]:
    """Type a query into Material's search, as a reader does; the result addresses once
    the expected event is among them."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query, delay=10)  # real key events, as Material listens for them
    # Playwright inserts a letter no US key types (Cyrillic) without a keyup, on which
    # Material reads the box; a Ukrainian keyboard sends one with each letter.
    box.press("End")
    page.wait_for_selector(f".md-search-result__item a[href*='#{expected}']", timeout=15_000)
    return page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => a.href)")


@pytest.mark.browser
def test_search_finds_an_event_by_a_word_of_its_narrative(browser, request, ukrainian_site):
    for page in browser_page(browser, request):
        page.goto(ukrainian_site + "generated/positions/index.html")
        page.locator("input.md-search__input").focus()
        # Material's "Start typing to search" in Ukrainian: the index is ready.
        page.wait_for_function("document.querySelector('.md-search-result__meta')"
                               ".textContent.trim() === 'Розпочніть писати для пошуку'",
                               timeout=15_000)
        # The dialog is named after the search box, in the site's language (timeline.js).
        assert page.get_attribute(".md-search[role=dialog]", "aria-label") == "Пошук"
        found = search_results(page, "Umerov", "2025-06-02-second-round")
        assert any(link.endswith("#2025-06-02-second-round") for link in found[:3]), found
        assert page.locator(".md-search-result__meta").inner_text().startswith("Знайдено")
        found = search_results(page, "консультацій", "2025-06-20-exchange")
        assert any(link.endswith("#2025-06-20-exchange") for link in found[:3]), found
        assert page.outside == [] and page.broken == []


@pytest.mark.browser
def test_the_comparison_of_two_dates_speaks_ukrainian(browser, request, ukrainian_site):
    for page in browser_page(browser, request):
        page.goto(ukrainian_site + "generated/record/compare.html?from=2025-05-20&to=2025-06-05")
        page.wait_for_selector(".tl-range:not([hidden])")
        changes = page.locator(".tl-changes").inner_text().replace("\u00a0", " ")
        for word in ("Позиції, що змінилися", "(ужорсточено)", "Виконання попередніх "
                     "зобов'язань", "виконано частково", "Заперечені твердження", "Заперечує",
                     "Невиконані зобов'язання станом на 2025-06-05", "прострочено",
                     "Спірні твердження станом на 2025-06-05", "2 червня 2025 р."):
            assert word in changes, word
        assert "Взяті зобов'язання" not in changes  # both were made on 16 May
        page.fill(".tl-range input[name=from]", "2024-07-01")
        page.fill(".tl-range input[name=to]", "2025-05-01")
        page.dispatch_event(".tl-range input[name=to]", "change")
        assert page.locator(".tl-changes").inner_text() == \
            "Між цими датами нічого не зафіксовано."
        assert page.outside == [] and page.broken == []


@pytest.mark.browser
def test_the_matrix_selector_speaks_ukrainian(browser, request, ukrainian_site):
    for page in browser_page(browser, request):
        page.goto(ukrainian_site + "generated/positions/index.html")
        chooser = page.locator(".tl-compare")
        assert chooser.is_visible()
        assert chooser.get_attribute("aria-label") == "Порівняти"
        assert chooser.inner_text().startswith("Порівняти:")
        assert page.locator(".tl-asof").is_visible()
        assert "Кінець місяця:" in page.locator(".tl-asof").inner_text()
        assert page.locator(".tl-asof button").inner_text() == "Показати"
        assert page.outside == [] and page.broken == []
