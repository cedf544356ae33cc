"""TimelineJS out and in: the export follows TimelineJS's documented JSON format, carries
no active HTML whatever the events hold, and loads in the real TimelineJS; the import turns
TimelineJS JSON files and Google Sheets (as CSV) into event files, reporting every problem
at its line, overwriting nothing, and giving back the shipped events unchanged."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import cmarkgfm
import pytest
import yaml

from conftest import REGISTRIES, ROOT, event_text, write_files
from generator import timelinejs, urls
from generator.build import check
from generator.cli import main
from generator.errors import InputError
from generator.formats import timelinejs as timelinejs_out
from generator.html import narrative_html
from generator.load import MAX_FILE_BYTES, display_path
from generator.validate import ID

FIXTURES = ROOT / "tests" / "fixtures" / "timelinejs"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
HOSTILE_REGISTRIES = ROOT / "tests" / "fixtures" / "hostile-registries"
TIMELINEJS_VERSION = "3.9.11"
TIMELINEJS = ROOT / ".venv" / "timelinejs" / "node_modules" / "@knight-lab" / "timelinejs"

# The keys https://timeline.knightlab.com/docs/json-format.html documents, per object.
TIMELINE_KEYS = {"events", "title", "eras", "scale"}
SLIDE_KEYS = {"start_date", "end_date", "text", "media", "group", "display_date",
              "background", "autolink", "unique_id"}
DATE_KEYS = {"year", "month", "day", "hour", "minute", "second", "millisecond",
             "display_date"}
TEXT_KEYS = {"headline", "text"}
# What the site's sanitiser lets through in a narrative (generator/html.py).
NARRATIVE_TAGS = {"p", "br", "em", "strong", "b", "i", "code", "pre", "blockquote", "ul", "ol",
                  "li", "del", "a", "table", "thead", "tbody", "tr", "th", "td", "h3", "h4",
                  "h5", "h6", "hr", "sub", "sup"}
NARRATIVE_ATTRIBUTES = {"href", "title", "rel", "align"}


@pytest.fixture(scope="module")
def shipped():
    return check(ROOT / "events")


@pytest.fixture(scope="module")
def exported(shipped) -> bytes:
    return timelinejs_out.export(shipped.events, shipped.registry, urls.UP,
                             title="Russia–Ukraine negotiations")


class Tags(HTMLParser):
    """Every start tag of some HTML, with its attributes."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


def is_whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def assert_date_object(value) -> date:
    """A TimelineJS date object: a year, and a month and a day as far as known."""
    assert isinstance(value, dict) and set(value) <= DATE_KEYS, value
    assert is_whole_number(value["year"])
    if "day" in value:
        assert "month" in value
    for key in ("month", "day"):
        if key in value:
            assert is_whole_number(value[key]), value
    return date(value["year"], value.get("month", 1), value.get("day", 1))  # a real day


# ---------------------------------------------------------------------------------------
# Export: the documented format
# ---------------------------------------------------------------------------------------


def test_export_follows_the_documented_format(shipped, exported):
    data = json.loads(exported)
    assert isinstance(data, dict) and set(data) <= TIMELINE_KEYS
    assert isinstance(data["events"], list) and data["events"]
    title = data["title"]  # a slide without a date
    assert set(title) <= SLIDE_KEYS and "start_date" not in title
    assert set(title["text"]) <= TEXT_KEYS and title["text"]["headline"]
    ids = []
    for slide in data["events"]:
        assert set(slide) <= SLIDE_KEYS, slide.keys()
        start = assert_date_object(slide["start_date"])
        if "end_date" in slide:
            assert assert_date_object(slide["end_date"]) >= start
        assert isinstance(slide["text"], dict) and set(slide["text"]) <= TEXT_KEYS
        assert all(isinstance(v, str) for v in slide["text"].values())
        assert slide["text"]["headline"]
        assert isinstance(slide["group"], str) and slide["group"]
        assert isinstance(slide.get("display_date", ""), str)
        assert slide["autolink"] is False  # the text holds its links already
        assert isinstance(slide["unique_id"], str)
        ids.append(slide["unique_id"])
    assert len(set(ids)) == len(ids)


def test_every_event_is_one_slide_oldest_first(shipped, exported):
    slides = json.loads(exported)["events"]
    assert [s["unique_id"] for s in slides] == [e.id for e in shipped.events]
    starts = [assert_date_object(s["start_date"]) for s in slides]
    assert starts == sorted(starts)


def test_dates_have_the_precision_of_the_events(shipped, exported):
    slides = {s["unique_id"]: s for s in json.loads(exported)["events"]}
    for event in shipped.events:
        slide = slides[event.id]
        parts = {"day": {"year", "month", "day"}, "month": {"year", "month"}, "year": {"year"}}
        assert set(slide["start_date"]) == parts[event.date.first.precision]
        start = slide["start_date"]
        assert (start["year"], start.get("month", 1), start.get("day", 1)) == \
            (event.date.start.year, event.date.start.month, event.date.start.day)
        assert ("end_date" in slide) == (event.date.last not in (None, event.date.first))
    # A range: '2025-05-23/2025-05-25'.
    exchange = slides["2025-05-23-prisoner-exchange-1000"]
    assert exchange["start_date"] == {"year": 2025, "month": 5, "day": 23}
    assert exchange["end_date"] == {"year": 2025, "month": 5, "day": 25}


def test_uncertain_and_approximate_dates_say_so(shipped, exported):
    slides = {s["unique_id"]: s for s in json.loads(exported)["events"]}
    uncertain = [e for e in shipped.events if e.date.first.uncertain]
    assert uncertain  # the shipped record has some: '2026-01-30?'
    for event in shipped.events:
        qualified = event.date.first.uncertain or event.date.first.approximate
        assert ("display_date" in slides[event.id]) == qualified
    assert slides[uncertain[0].id]["display_date"].endswith("?")
    approximate = json.loads(export_of({"2025/2025-06-01-talks.md": event_text(
        date="2025-06~")}))["events"][0]
    assert approximate["display_date"] == "c. June 2025"
    assert approximate["start_date"] == {"year": 2025, "month": 6}


def test_headline_links_the_permalink_and_text_is_the_rendered_narrative(shipped, exported):
    slides = {s["unique_id"]: s for s in json.loads(exported)["events"]}
    slide = slides["2025-06-02-istanbul-second-round"]
    assert slide["text"]["headline"] == (
        '<a href="../timeline/2025-06.html#2025-06-02-istanbul-second-round">'
        "Second round of direct talks in Istanbul</a>")
    assert slide["text"]["text"].startswith("<p>") and "memoranda" in slide["text"]["text"]
    assert slide["group"] == "Talks"
    # The link starts with whatever base the caller gives.
    other = json.loads(timelinejs_out.export(shipped.events, shipped.registry,
                                         "https://example.org/generated/"))
    assert other["events"][0]["text"]["headline"].startswith(
        '<a href="https://example.org/generated/timeline/2022-02.html#2022-02-28-')


def test_export_is_deterministic_utf8_and_safe_to_inline(shipped, exported):
    again = timelinejs_out.export(reversed(shipped.events), shipped.registry, urls.UP,
                              title="Russia–Ukraine negotiations")
    assert again == exported
    assert "Russia–Ukraine".encode() in exported  # UTF-8, not \u2013
    assert not re.search(rb"[<>&]", exported)  # no '</script>' can end an inline script
    assert exported.endswith(b"\n")


# ---------------------------------------------------------------------------------------
# Export: hostile text stays inert
# ---------------------------------------------------------------------------------------

HOSTILE_TITLE = "Quote \" and ' and </a><script>alert(1)</script><img src=x onerror=alert(2)>"
HOSTILE_NARRATIVE = (
    "A [javascript link](javascript:alert(3)) and <a href=\"javascript:alert(4)\" "
    "onclick=\"alert(5)\">raw</a>, <img src=x onerror=alert(6)>, "
    "[data](data:text/html,<script>alert(7)</script>), *fine* and "
    "[a real source](https://example.org/?a=1&b=\"2\").\n\n<script>alert(8)</script>\n")


def export_of(files: dict[str, str]) -> bytes:
    """Export the events of a small events folder (in a temporary folder)."""
    with tempfile.TemporaryDirectory() as scratch:
        dataset = check(write_files(Path(scratch) / "events", {**REGISTRIES, **files}))
        return timelinejs_out.export(dataset.events, dataset.registry, urls.UP,
                                 title="<script>alert('title')</script>")


def assert_inert(data: dict, titles: dict[str, str]) -> None:
    """No string of the file holds HTML that could act: the headline is one link to the
    permalink around escaped text, the text only the sanitiser's tags, attributes and
    schemes, and the group and display date no markup at all."""
    assert Tags(data.get("title", {"text": {"headline": ""}})["text"]["headline"]).found == []
    for slide in data["events"]:
        headline = slide["text"]["headline"]
        match = re.fullmatch(r'<a href="([^"<>]*)">([^<>]*)</a>', headline)
        assert match, headline
        assert match[1].startswith(urls.UP) and match[1].endswith("#" + slide["unique_id"])
        parsed = Tags(headline)
        assert parsed.found == [("a", {"href": match[1]})]
        assert unescape(match[2]) == titles[slide["unique_id"]]
        for tag, attributes in Tags(slide["text"]["text"]).found:
            assert tag in NARRATIVE_TAGS, tag
            assert set(attributes) <= NARRATIVE_ATTRIBUTES, attributes
            if "href" in attributes:
                assert urlsplit(attributes["href"]).scheme in ("http", "https", "mailto", "")
        for value in (slide["group"], slide.get("display_date", "")):
            assert not re.search("[<>&]", value), value
        assert ID.fullmatch(slide["unique_id"])


def test_hostile_text_in_every_field_stays_inert():
    exported = export_of({
        "types.yml": "talks: {title: \"<img src=x onerror=alert(9)>&lt;b&gt; & Talks\"}\n",
        "2025/2025-06-02-hostile.md": event_text(title=json.dumps(HOSTILE_TITLE),
                                                 date="2025-06-02?").replace(
            "Narrative.\n", HOSTILE_NARRATIVE)})
    data = json.loads(exported)
    assert_inert(data, {"2025-06-02-hostile": HOSTILE_TITLE})
    slide = data["events"][0]
    # Shown as typed, as text: the type's title with look-alikes for what could be markup.
    assert slide["group"] == \
        "\uff1cimg src=x onerror=alert(9)\uff1e\uff06lt;b\uff06gt; \uff06 Talks"
    text = slide["text"]["text"]
    assert "javascript:" not in text.lower() and "data:" not in text and "alert(8)" not in text
    assert '<a href="https://example.org/?a=1&amp;b=%222%22"' in text
    assert "<em>fine</em>" in text


@pytest.mark.parametrize("folder", [HOSTILE, HOSTILE_REGISTRIES], ids=["events", "registries"])
def test_the_hostile_fixtures_stay_inert(folder):
    dataset = check(folder)
    data = json.loads(timelinejs_out.export(dataset.events, dataset.registry, urls.UP))
    assert_inert(data, {e.id: e.title for e in dataset.events})


# ---------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------


def read_event(path: Path) -> tuple[dict, str]:
    """An event file's front matter and narrative."""
    _, front, body = path.read_text("utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def import_into(tmp_path: Path, source: Path) -> dict[str, tuple[dict, str]]:
    events = tmp_path / "events"
    written = timelinejs.import_file(source, events)
    assert sorted(written) == sorted(events.glob("*/*.md"))
    return {p.relative_to(events).as_posix(): read_event(p) for p in written}


def test_import_json(tmp_path):
    found = import_into(tmp_path, FIXTURES / "sample.json")
    assert {name: (str(meta["date"]), meta["title"], meta["type"])
            for name, (meta, _) in found.items()} == {
        "2025/2025-06-02-talks-in-geneva.md": ("2025-06-02", "Talks in Geneva", "talks"),
        "2025/2025-07-01-second-round-month-only.md":
            ("2025-07~", "Second round, month only", "summit"),  # from display_date 'c. …'
        "2024/2024-01-01-a-year-only.md": ("2024", "A year only", "other"),  # unknown group
        "2025/2025-05-23-prisoner-exchange-over-three-days.md":
            ("2025-05-23/2025-05-25", "Prisoner exchange over three days", "exchange"),
        "2025/2025-08-01-an-uncertain-day-with-a-redundant-end-date.md":
            ("2025-08-01?", "An uncertain day, with a redundant end date", "other"),
    }
    _, narrative = found["2025/2025-06-02-talks-in-geneva.md"]
    assert narrative == (
        "The delegations met at the **Palais des Nations**, according to "
        "[a *Reuters* report](https://example.org/report).\n\n"
        "They agreed on:\n\n"
        "- an exchange of prisoners;\n"
        "- a second round\n"
        "  - in July\n\n"
        "First line\\\nsecond line\n\n"
        "3. third\n"
        "4. fourth\n")
    # Markdown syntax in the text stays text.
    _, plain = found["2025/2025-08-01-an-uncertain-day-with-a-redundant-end-date.md"]
    assert narrative_html(plain) == "<p>snake_case, 5 * 3 &amp; [brackets] stay text</p>"
    # Without a text, the scaffold's prompt stays.
    _, empty = found["2024/2024-01-01-a-year-only.md"]
    assert empty.startswith("What happened, in your own words.")


def test_import_is_in_the_shape_timeline_new_writes(tmp_path):
    assert main(["new", "--events", str(tmp_path / "new"), "--title", "Talks in Geneva",
                 "--date", "2025-06-02"]) == 0
    found = import_into(tmp_path, FIXTURES / "sample.csv")
    scaffolded = (tmp_path / "new" / "2025" / "2025-06-02-talks-in-geneva.md").read_text()
    imported = (tmp_path / "events" / "2025" / "2025-06-02-talks-in-geneva.md").read_text()
    assert imported.split("\n---\n")[0] == scaffolded.split("\n---\n")[0]
    assert set(found) == {"2025/2025-06-02-talks-in-geneva.md",
                          "2025/2025-07-01-second-round-month-only.md",
                          "2024/2024-01-01-a-period-over-two-years.md"}  # no title, era, blank


def test_import_csv(tmp_path):
    found = import_into(tmp_path, FIXTURES / "sample.csv")
    meta, narrative = found["2025/2025-06-02-talks-in-geneva.md"]
    assert (str(meta["date"]), meta["type"]) == ("2025-06-02", "talks")
    assert narrative == ("The delegations met at the **Palais des Nations**.\n\n"
                         "They agreed to meet again, "
                         "[according to a report](https://example.org/report).\n")
    meta, _ = found["2025/2025-07-01-second-round-month-only.md"]
    assert (str(meta["date"]), meta["type"]) == ("2025-07~", "summit")
    meta, _ = found["2024/2024-01-01-a-period-over-two-years.md"]
    assert str(meta["date"]) == "2024/2025"


def run_cli(capsys, *args: str) -> tuple[int, list[str], list[str]]:
    code = main(["import", "timelinejs", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_every_problem_of_a_json_file_at_its_slide_and_nothing_written(tmp_path, capsys):
    code, out, err = run_cli(capsys, str(FIXTURES / "broken.json"),
                             "--events", str(tmp_path / "events"))
    shown = display_path(FIXTURES / "broken.json")
    assert code == 1 and out == []
    assert err == [
        f"{shown}:3: start_date.month: there is no month 13",
        f"{shown}:7: start_date: is missing: every event needs a date",
        f"{shown}:10: text.headline: is empty: every event needs a title",
        f"{shown}:14: events[3]: must be an object (a slide)",
        f"{shown}:15: end_date: '2025-06-10/2025-06-01': the range ends before it starts",
        f"{shown}:20: start_date.year: expected a whole number, got 'twenty'",
        f"{shown}:24: start_date.day: is given without a month",
        f"{shown}:28: start_date.day: '2025-02-30': February 2025 has no day 30",
        "8 problem(s) found; nothing was written.",
    ]
    assert not (tmp_path / "events").exists()  # the good slide was not written either


def test_every_problem_of_a_csv_sheet_at_its_row(tmp_path, capsys):
    code, _, err = run_cli(capsys, str(FIXTURES / "broken.csv"), "--events", str(tmp_path))
    shown = display_path(FIXTURES / "broken.csv")
    assert code == 1
    assert err == [
        f"{shown}:5: Year: is missing: every event needs at least a year",  # after 3 lines
        f"{shown}:6: Headline: is empty: every event needs a title",
        f"{shown}:7: Month: there is no month 14",
        "3 problem(s) found; nothing was written.",
    ]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("list.json", b"[1, 2]\n", "1: json: must be an object with an \"events\" list "
                               "(TimelineJS's format), not a list"),
    ("text.json", b'"events"', "1: json: must be an object with an \"events\" list "
                               "(TimelineJS's format), not a string"),
    ("syntax.json", b'{\n "events": [\n  {"start_date": {"year": 2025}}\n  oops\n ]\n}\n',
     "4: json: does not parse: Expecting ',' delimiter or ']' (column 3)"),
    ("truncated.json", b'{"events": [', "1: json: does not parse: Expecting value (column 13)"),
    ("no-events.json", b'{"title": {}}', "1: events: is missing: a TimelineJS file holds its "
                                         "slides in an \"events\" list"),
    ("object.json", b'{"events": {}}', "1: events: must be a list of slides"),
    ("empty.json", b'{"events": []}', "1: events: holds no events to import"),
    ("latin1.json", b'{"events": [{"text": {"headline": "caf\xe9"}}]}',
     "1: file: is not UTF-8 text (byte 38)"),
    ("deep.json", b'{"events": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}",
     "1: json: nests arrays or objects too deep to read"),
    ("header.csv", b"Year,Month\n2025,1\n", "1: header: has no column Headline: the first "
                                            "row must name the columns of TimelineJS's "
                                            "template (" + ", ".join(timelinejs.CSV_COLUMNS)
                                            + ")"),
    ("empty.csv", b"", "1: file: is empty"),
    ("control.json", b'{"events": [\n{"start_date": {"year": 2025},\n'
                     b' "text": {"headline": "\\u001b[31mred"}}]}',
     "2: text.headline: holds the character U+001B: remove it"),
    ("surrogate.json", b'{"events": [\n{"start_date": {"year": 2025},\n'
                       b' "text": {"headline": "x", "text": "\\ud800"}}]}',
     "2: text.text: holds the character U+D800: remove it"),
    ("bce.json", b'{"events": [{"start_date": {"year": -500}, "text": {"headline": "x"}}]}',
     "1: start_date.year: -500 is outside the years an event file can hold (0001 to 9999)"),
    ("emoji.json", '{"events": [{"start_date": {"year": 2025}, "text": {"headline": "🕊️"}}]}'
     .encode(), "1: text.headline: cannot make a file name from this title: give the slide "
                "a unique_id such as 2025-06-02-geneva-talks"),
])
def test_a_broken_file_is_one_problem_at_its_line(tmp_path, capsys, name, content, expected):
    source = tmp_path / name
    source.write_bytes(content)
    code, out, err = run_cli(capsys, str(source), "--events", str(tmp_path / "events"))
    assert (code, out) == (1, [])
    assert err == [f"{display_path(source)}:{expected}",
                   "1 problem(s) found; nothing was written."]
    assert not (tmp_path / "events").exists()


def test_a_file_too_large_is_refused_unread(tmp_path, capsys):
    source = tmp_path / "big.json"
    with source.open("wb") as handle:
        handle.truncate(timelinejs.MAX_IMPORT_BYTES + 1)
    _, _, err = run_cli(capsys, str(source), "--events", str(tmp_path / "events"))
    assert err == [f"{display_path(source)}:1: file: is larger than 16 MiB, the limit for a "
                   "file to import: split it", "1 problem(s) found; nothing was written."]


def test_an_event_too_large_for_an_event_file(tmp_path, capsys):
    source = tmp_path / "long.json"
    source.write_text(json.dumps({"events": [{"start_date": {"year": 2025}, "text": {
        "headline": "Long", "text": "<p>" + "word " * (MAX_FILE_BYTES // 5) + "</p>"}}]}))
    _, _, err = run_cli(capsys, str(source), "--events", str(tmp_path / "events"))
    assert err[0] == (f"{display_path(source)}:1: text.text: makes an event file larger than "
                      "256 KiB, the limit for one event: shorten it")


def test_nothing_is_overwritten(tmp_path, capsys):
    events = tmp_path / "events"
    mine = events / "2025" / "2025-06-02-talks-in-geneva.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("my notes\n")
    code, _, err = run_cli(capsys, str(FIXTURES / "sample.json"), "--events", str(events))
    assert code == 1
    assert err == [f"{display_path(FIXTURES / 'sample.json')}:6: file: {display_path(mine)} "
                   "exists already; it was not overwritten",
                   "1 problem(s) found; nothing was written."]
    assert mine.read_text() == "my notes\n"
    assert sorted(events.rglob("*.md")) == [mine]  # the other slides were not written either


def test_two_slides_for_one_file_are_a_problem(tmp_path):
    source = tmp_path / "twice.json"
    slide = {"start_date": {"year": 2025, "month": 6, "day": 2}, "text": {"headline": "Talks"}}
    source.write_text('{"events": [\n' + json.dumps(slide) + ",\n" + json.dumps(slide) + "]}")
    with pytest.raises(InputError) as raised:
        timelinejs.import_file(source, tmp_path / "events")
    assert [(p.line, p.field, p.message) for p in raised.value.problems] == [
        (3, "file", "2025-06-02-talks.md is also the file of the event on line 2: give one a "
                    "unique_id or another headline")]


def test_imported_html_never_reaches_the_narrative_as_html(tmp_path):
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps({"events": [{
        "start_date": {"year": 2025, "month": 6, "day": 2},
        "text": {"headline": "<script>alert(1)</script>Hostile &lt;img src=x onerror=alert(2)&gt;"
                             " \"quoted\" 'single'",
                 "text": "<script>alert(3)</script><p onclick=\"alert(4)\">Hi <img src=x "
                         "onerror=alert(5)> <a href=\"javascript:alert(6)\">js</a> <a href="
                         "\"data:text/html,x\">data</a> &lt;script&gt;alert(7)&lt;/script&gt; "
                         "<iframe src=\"https://evil.example\">inner</iframe><style>p{}</style>"
                         "</p><p>- not a list<br># not a heading<br>1. not a list<br>&gt; not "
                         "a quote<br>--- <br>[x](javascript:alert(8)) *not emphasis* "
                         "&lt;b&gt;</p><ul><li><a href=\"https://example.org/a b\">ok</a></li>"
                         "</ul>"}}]}))
    found = import_into(tmp_path, source)
    (meta, narrative), = found.values()
    assert meta["title"] == "Hostile <img src=x onerror=alert(2)> \"quoted\" 'single'"
    # cmark without the sanitiser: what the Markdown itself makes.
    raw = cmarkgfm.markdown_to_html_with_extensions(
        narrative, cmarkgfm.Options.CMARK_OPT_UNSAFE, ["table", "strikethrough", "autolink"])
    tags = Tags(raw).found
    assert {tag for tag, _ in tags} <= {"p", "br", "ul", "li", "a"}, raw
    assert [attributes for tag, attributes in tags if tag == "a"] == [
        {"href": "https://example.org/a%20b"}]
    assert raw == (
        "<p>Hi js data &lt;script&gt;alert(7)&lt;/script&gt;</p>\n"
        "<p>- not a list<br />\n# not a heading<br />\n1. not a list<br />\n&gt; not a quote"
        "<br />\n---<br />\n[x](javascript:alert(8)) *not emphasis* &lt;b&gt;</p>\n"
        "<ul>\n<li><a href=\"https://example.org/a%20b\">ok</a></li>\n</ul>\n")


def test_the_command_line_says_what_it_wrote(tmp_path, capsys):
    code, out, err = run_cli(capsys, str(FIXTURES / "sample.csv"), "--project", str(tmp_path))
    assert (code, err) == (0, [])
    assert out[0] == f"wrote 3 event file(s) to {tmp_path / 'events'}:"
    assert out[-1] == "fill in their sources, then run `timeline check`."
    assert f"  {tmp_path / 'events' / '2025' / '2025-06-02-talks-in-geneva.md'}" in out


# ---------------------------------------------------------------------------------------
# Round trip
# ---------------------------------------------------------------------------------------


def words(text: str) -> str:
    return " ".join(text.split())


def test_round_trip_gives_back_every_shipped_event(tmp_path, capsys, shipped, exported):
    source = tmp_path / "timelinejs.json"
    source.write_bytes(exported)
    found = import_into(tmp_path, source)
    assert len(found) == len(shipped.events)
    for event in shipped.events:
        meta, narrative = found[f"{event.date.start.year}/{event.id}.md"]  # ids kept too
        assert (str(meta["date"]), meta["title"], meta["type"]) == \
            (event.date.text, event.title, event.type)
        assert words(narrative) == words(event.narrative), event.id
    # The files parse, and all that is left is what an editor fills in: the sources.
    assert main(["check", "--events", str(tmp_path / "events")]) == 1
    problems = capsys.readouterr().err.splitlines()
    assert problems[-1] == f"{len(shipped.events)} problem(s) found."
    assert all(p.endswith(": sources[0].outlet: is required and must not be blank")
               for p in problems[:-1]), problems[:5]


def test_round_trip_keeps_links_emphasis_lists_and_breaks(tmp_path):
    narrative = ("The delegations met, *according to* [Reuters](https://example.org/a?b=1&c=2)"
                 " and **TASS**.\n\nThey agreed on:\n\n- prisoners\n- a second round\n\n"
                 "1. first\n2. second\n\nA line\\\nand the next, with snake_case and 5 \\* 3.")
    exported = export_of({"2025/2025-06-02-talks.md": event_text().replace(
        "Narrative.\n", narrative + "\n")})
    source = tmp_path / "timeline.json"
    source.write_bytes(exported)
    (_, imported), = import_into(tmp_path, source).values()
    assert narrative_html(imported) == narrative_html(narrative)
    assert words(imported) == words(narrative)


# ---------------------------------------------------------------------------------------
# In a real TimelineJS
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def timelinejs_dist() -> Path:
    """TimelineJS's built files, installed from npm (an exact version) when missing."""
    result = subprocess.run([str(ROOT / "tools" / "ensure-timelinejs")], capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    package = json.loads((TIMELINEJS / "package.json").read_text("utf-8"))
    assert package["version"] == TIMELINEJS_VERSION
    return TIMELINEJS / "dist"


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>TimelineJS</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="timelinejs/css/timeline.css">
<script src="timelinejs/js/timeline.js"></script>
</head>
<body>
<div id="timeline-embed" style="width: 1000px; height: 700px"></div>
<script>
  // script_path: where TimelineJS loads its words from (a CDN by default); font: null,
  // or its default font's stylesheet loads Google Fonts.
  window.timeline = new TL.Timeline("timeline-embed", "timelinejs.json",
    {script_path: new URL("timelinejs/js/", location.href).href, font: null});
</script>
</body>
</html>
"""


@pytest.fixture
def timeline_page(tmp_path, timelinejs_dist, page):
    """Serve the export in a page with TimelineJS, on loopback; record console errors."""
    from browser_support import serve_folder

    shutil.copytree(timelinejs_dist, tmp_path / "timelinejs",
                    ignore=shutil.ignore_patterns("*.map"))
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("dialog", lambda d: (page.errors.append(f"dialog: {d.message}"), d.dismiss()))
    server, url = serve_folder(tmp_path)

    def show(exported: bytes, expected_slides: int):
        (tmp_path / "timelinejs.json").write_bytes(exported)
        page.goto(url)
        page.wait_for_function(
            f"document.querySelectorAll('.tl-slide:not(.tl-slide-titleslide)').length"
            f" >= {expected_slides}", timeout=30_000)
        page.wait_for_load_state("networkidle")
        return page

    yield show
    server.shutdown()


@pytest.mark.browser
def test_timelinejs_shows_one_slide_per_event(timeline_page, shipped, exported):
    page = timeline_page(exported, len(shipped.events))
    slides = page.locator(".tl-slide:not(.tl-slide-titleslide)")
    assert slides.count() == len(shipped.events)
    assert slides.evaluate_all("els => els.map(e => e.id)") == [e.id for e in shipped.events]
    headlines = page.locator(".tl-slide:not(.tl-slide-titleslide) h2.tl-headline")
    assert [words(t) for t in headlines.all_text_contents()] == \
        [words(e.title) for e in shipped.events]
    assert words(page.locator(".tl-slide-titleslide h2.tl-headline").text_content()) == \
        "Russia–Ukraine negotiations"
    link = page.locator("[id='2025-06-02-istanbul-second-round'] h2.tl-headline a")
    assert link.get_attribute("href") == \
        "../timeline/2025-06.html#2025-06-02-istanbul-second-round"
    # One marker per event on the time axis, and the types as its groups.
    assert page.locator(".tl-timemarker").count() == len(shipped.events)
    groups = set(page.locator(".tl-timegroup-message").all_text_contents())
    assert groups == {shipped.registry.types[e.type].title for e in shipped.events}
    uncertain = next(e for e in shipped.events if e.date.first.uncertain)
    assert page.locator(f"[id='{uncertain.id}'] .tl-headline-date").text_content().endswith("?")
    assert page.errors == [], (page.errors, page.outside, page.broken)
    assert page.outside == [] and page.broken == []


# A type title whose entities TimelineJS would decode into a tag and insert as HTML.
GROUP_PAYLOAD = "&lt;img src=x onerror=\"window.__pwned='group'\"&gt; Talks"


@pytest.mark.browser
def test_timelinejs_runs_nothing_from_hostile_events(timeline_page, tmp_path):
    own = check(write_files(tmp_path / "events", {
        **REGISTRIES, "types.yml": f"talks: {{title: {json.dumps(GROUP_PAYLOAD)}}}\n",
        "2025/2025-06-03-hostile.md": event_text(title=json.dumps(HOSTILE_TITLE),
                                                 date="2025-06-03").replace(
            "Narrative.\n", HOSTILE_NARRATIVE)}))
    events = [*check(HOSTILE).events, *check(HOSTILE_REGISTRIES).events, *own.events]
    exported = timelinejs_out.export(events, own.registry, urls.UP,
                                 title="<img src=x onerror=\"window.__pwned='title'\">")
    page = timeline_page(exported, len(events))
    page.keyboard.press("ArrowRight")  # to the first event, and its neighbours' previews
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".tl-timeline script, .tl-timeline img[onerror], .tl-timeline iframe, "
                        ".tl-timeline [onclick], .tl-timeline svg[onload]").count() == 0
    headlines = page.locator(".tl-slide:not(.tl-slide-titleslide) h2.tl-headline")
    assert sorted(words(t) for t in headlines.all_text_contents()) == \
        sorted(words(e.title) for e in events)
    assert page.locator(".tl-timegroup-message").all_text_contents() == \
        [GROUP_PAYLOAD.translate(str.maketrans("<>&", "\uff1c\uff1e\uff06"))]
    assert page.errors == [], (page.errors, page.outside, page.broken)
    assert page.outside == []


@pytest.mark.browser
def test_the_hostile_check_would_see_a_group_that_runs(timeline_page):
    """TimelineJS decodes a group's entities, then inserts it as HTML: the group export
    writes is the one field TimelineJS does not sanitise. Written as typed, it runs."""
    tampered = {"events": [{"start_date": {"year": 2025}, "group": GROUP_PAYLOAD,
                            "text": {"headline": "Talks", "text": ""}}]}
    page = timeline_page(json.dumps(tampered).encode(), 1)
    page.wait_for_function("window.__pwned === 'group'", timeout=5_000)
