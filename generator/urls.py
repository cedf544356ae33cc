"""Every output's path and link: the only module that knows where the generated files live.

Every generated page sits two folders below the docs folder (`generated/<section>/<name>.md`),
so a link from any of them to any other is the same string, `../<section>/<name>.html`,
valid on the website and in the offline bundle alike (`use_directory_urls: false`).
A page is named here without its suffix; `path` gives its file inside the generated
folder and `link` the address another page uses.
"""

from __future__ import annotations

from generator.model import Event

GENERATED = "generated"  # the folder below docs/ that the generator owns
UP = "../"  # from a generated page to the generated folder
HOME = GENERATED + "/"  # from the docs folder (the home page's partials) to the generated folder

TIMELINE = "timeline/index"
POSITIONS = "positions/index"
PARTIES = "parties/index"
TOPICS = "topics/index"
COMMITMENTS = "commitments/index"
COMPARE = "record/compare"
COMPARE_DATA = "record/compare-data"  # a .js file beside the compare page
FILTER_DATA = "timeline/filter-data"  # a .js file beside the timeline page: its filters
OUTLETS = "outlets/index"
TAGS = "tags/index"
TYPES = "types/index"
LATEST = "partials/latest"
MATRIX = "partials/matrix"
PROVENANCE = "partials/provenance"

# Feeds and data, beside the pages (their suffixes say what they are).
DATA_PAGE = "data/index"  # the "Data and feeds" page that lists them all
FEED = "feeds/all"  # .xml (Atom) and .json (JSON Feed): the whole record
CALENDAR = "calendar"  # .ics
EVENTS_DATA = "data/events"  # .json (everything) and .csv (a row per event)
POSITIONS_DATA = "data/positions"  # .csv, a row per stated position
CLAIMS_DATA = "data/claims"  # .csv
COMMITMENTS_DATA = "data/commitments"  # .csv, with their status
DATAPACKAGE = "data/datapackage"  # .json: the CSVs described (Frictionless)
EVENT_SCHEMA = "data/event.schema"  # .json: the event file format (JSON Schema)
TIMELINEJS = "data/timelinejs"  # .json: the TimelineJS3 format


def item(event: Event, item_id: str) -> str:
    """The anchor of a claim, a commitment or a source of an event (on its event's page)."""
    return f"{event.id}--{item_id}"


def month(year: int, month: int) -> str:
    """The page of one month of the timeline."""
    return f"timeline/{year:04d}-{month:02d}"


def record(year: int, month: int) -> str:
    """The page of what changed in one month, and where things stood at its end."""
    return record_of(f"{year:04d}-{month:02d}")


def record_of(month: str) -> str:
    """The same page by its month written as YYYY-MM (or a placeholder a script fills)."""
    return f"record/{month}"


def year(year: int) -> str:
    """The page of one year: its months, and the events dated to the year only."""
    return f"timeline/{year:04d}"


def party(party_id: str) -> str:
    """The page of one party."""
    return f"parties/{party_id}"


def topic(topic_id: str) -> str:
    """The page of one topic."""
    return f"topics/{topic_id}"


def tag(tag_id: str) -> str:
    """The page of one tag (validation keeps `index` for the list)."""
    return f"tags/{tag_id}"


def type_page(type_id: str) -> str:
    """The page of one event type."""
    return f"types/{type_id}"


def party_feed(party_id: str) -> str:
    """The feed (.xml or .json) of one party's events."""
    return f"feeds/parties/{party_id}"


def topic_feed(topic_id: str) -> str:
    """The feed (.xml or .json) of one topic's events."""
    return f"feeds/topics/{topic_id}"


def up_from(name: str) -> str:
    """From an output named `name` to the generated folder: one "../" per folder it is in."""
    return UP * name.count("/")


def site_path(name: str, suffix: str = ".html") -> str:
    """An output's path from the site's root (`generated/feeds/all.xml`): what the theme's
    `url` filter makes relative to each page, and what a data file names as a permalink
    when the site has no address."""
    return f"{GENERATED}/{name}{suffix}"


def month_of(event: Event) -> tuple[int, int] | None:
    """The (year, month) page an event belongs on, or None when only its year is known."""
    if event.date.first.precision == "year":
        return None
    return event.date.start.year, event.date.start.month


def home_of(event: Event) -> str:
    """The timeline page that holds an event's section, and so its permalink."""
    found = month_of(event)
    return month(*found) if found else year(event.date.start.year)


def path(name: str, suffix: str = ".md") -> str:
    """The file of a page or other output inside the generated folder."""
    return name + suffix


def link(name: str, anchor: str = "", base: str = UP) -> str:
    """The link to a generated page (and a section on it) from a page at `base`."""
    return f"{base}{name}.html" + (f"#{anchor}" if anchor else "")


def file_link(name: str, suffix: str, base: str = UP) -> str:
    """The link to an output that is not a page (a script, a feed) from a page at `base`."""
    return f"{base}{name}{suffix}"


def event_link(event: Event, base: str = UP) -> str:
    """The permalink of an event: its section on its timeline page."""
    return link(home_of(event), event.id, base)
