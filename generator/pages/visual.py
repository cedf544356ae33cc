"""The visual timeline: every event as a mark on a true date axis, a row (lane) per type,
party or topic, drawn at build time as inline SVG inside plain HTML.

Time runs left to right in proportion to distance, so quiet stretches show as empty axis.
Each mark links to its event's permalink and is named by its title and spoken date; its
shape says how the date is known (a dot for a day, a bar from the first to the last day of
a range, a pale band over the month or year an event is known to only), and its outline
how sure it is (hollow: approximate; dashed: uncertain). Where the marks of a lane would
pile up more than `max_rows` deep, the lane shows a tile per month (or year) instead,
counting its events and linking to that month's (or year's) page: the drawing grows with
the months and lanes it covers, never with the number of events.

No script, no external resource, no timestamp: the same events give the same bytes. All
text comes from event files and registries and is escaped here (html.h); the only markup
is this module's own. The drawing sits in a container that scrolls sideways on its own
(docs/assets/timeline-visual.css), so the page never does.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import format_date
from markupsafe import Markup

from generator import html as md, urls
from generator.model import Event
from generator.pages.site import Site

LANES = ("type", "party", "topic")

# Geometry, in CSS pixels. A mark is MARK high; a lane stacks up to `max_rows` rows of
# marks ROW_GAP apart, so that marks close in time never cover one another.
MARK = 10
BAR = 16  # the least width of a bar, so that a range of two days never reads as a dot
ROW_GAP = 4
GAP = 1  # the least room between two marks side by side in a row (their outlines included)
PAD_Y = 8  # above the first row of a lane and below its last
PAD_X = 8  # before the first day drawn and after the last, so edge marks are whole
TILE = 18  # the height of a tile counting a month's (or year's) events
TILE_PAD = 4
AXIS = 34  # the axis above the lanes: years, then months
MAX_ROWS = 4
# A lane keeps a mark per event while it has at most one for every MARK_ROOM px of axis,
# about one a month: its markup then costs little more than the lane of tiles it replaces.
MARK_ROOM = 20.0

# The scale: at least MONTH_PX a month (a tile must hold its count), filling about
# TARGET px when the events span little time; a span too long for months at that width
# is drawn, and counted, by year (at least YEAR_PX a year).
MONTH_PX = 20.0
YEAR_PX = 60.0
TARGET = 540.0
MONTHS_UP_TO = 3000.0  # px: beyond this width at MONTH_PX, years instead of months
MOST_PER_DAY = 24.0
MONTH_LABELS_FROM = 34.0  # px a month: "Jun"; from NARROW_LABELS_FROM: "J"
NARROW_LABELS_FROM = 14.0
MONTH_LINES_FROM = 34.0  # px a month: a faint line at each month inside the lanes


def _n(value: float) -> str:
    """A coordinate with one decimal at most: short, and the same on every run."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


@functools.lru_cache(maxsize=512)
def _month_label(year: int, month: int, pattern: str, language: str) -> str:
    """A month's name on the axis, in Babel's standalone forms ("LLL": Jun, "LLLLL": J),
    which are the language's own and need no word in the catalogue."""
    return format_date(date(year, month, 1), pattern, locale=language)


@dataclass(frozen=True)
class Axis:
    """Days to x: `per_day` pixels a day from `origin` (the first day drawn) to `stop`
    (the day after the last); `by_year` when months would not fit."""

    origin: date
    stop: date
    per_day: float
    by_year: bool

    def x(self, day: date) -> float:
        """The left edge of a day."""
        return PAD_X + (day - self.origin).days * self.per_day

    @property
    def width(self) -> float:
        return self.x(self.stop) + PAD_X

    def months(self) -> list[date]:
        """The first day of every month drawn."""
        found, day = [], self.origin
        while day < self.stop:
            found.append(day)
            day = _next_month(day)
        return found


def axis_for(events: Sequence[Event]) -> Axis:
    """Whole months (or years) around the events, at a scale that fills about TARGET
    pixels and gives every month (or year) room for a tile."""
    first = min(e.date.start for e in events)
    last = max(e.date.end for e in events)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    by_year = months * MONTH_PX > MONTHS_UP_TO
    if by_year:
        origin, stop, least = date(first.year, 1, 1), date(last.year + 1, 1, 1), YEAR_PX / 365
    else:
        origin, stop, least = date(first.year, first.month, 1), _next_month(last), MONTH_PX / 28
    per_day = min(MOST_PER_DAY, max(least, TARGET / (stop - origin).days))
    return Axis(origin, stop, per_day, by_year)


@dataclass(frozen=True)
class Mark:
    """Where one event is drawn in a lane, and how."""

    event: Event
    x0: float
    x1: float
    shape: str  # "day" (a dot), "span" (a bar over a range of days), "vague" (a band)
    approximate: bool
    uncertain: bool


def mark_of(event: Event, axis: Axis) -> Mark:
    """A dot on a day, a bar from a range's first day to the end of its last, a band over
    the month or year an event is known to only; a bar or band never narrower than BAR."""
    when = event.date
    points = (when.first,) if when.last is None else (when.first, when.last)
    approximate = any(p.approximate for p in points)
    uncertain = any(p.uncertain for p in points)
    if when.last is None and when.first.precision == "day":
        middle = axis.x(when.start) + axis.per_day / 2
        return Mark(event, middle - MARK / 2, middle + MARK / 2, "day", approximate, uncertain)
    left, right = axis.x(when.start), axis.x(when.end + timedelta(days=1))
    if right - left < BAR:
        middle = (left + right) / 2
        left, right = middle - BAR / 2, middle + BAR / 2
    shape = "span" if all(p.precision == "day" for p in points) else "vague"
    return Mark(event, left, right, shape, approximate, uncertain)


def pack(marks: list[Mark], max_rows: int) -> list[int] | None:
    """Each mark's row, the lowest where it keeps GAP from the mark before it (first fit
    in order of the left edge uses as few rows as any packing can); None when that takes
    more than `max_rows`."""
    ends: list[float] = []
    rows = []
    for mark in marks:
        row = next((r for r, end in enumerate(ends) if end + GAP <= mark.x0), len(ends))
        if row == len(ends):
            if row == max_rows:
                return None
            ends.append(0.0)
        ends[row] = mark.x1
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Lane:
    """One row of the drawing: its label and the events it shows."""

    key: str
    label: str
    events: tuple[Event, ...]


def lanes_of(site: Site, events: Sequence[Event], lanes: str) -> list[Lane]:
    """The lanes in registry order (types, parties, topics), each with its events in the
    order given (the timeline's); an event without a party (or topic) in a lane of its
    own, last."""
    if lanes not in LANES:
        raise ValueError(f"lanes must be one of {', '.join(LANES)}, not {lanes!r}")
    registry = site.registry
    keys: Callable[[Event], Sequence[str]]
    if lanes == "type":
        order = {t: t_.title for t, t_ in registry.types.items()}
        keys = lambda event: (event.type,)  # noqa: E731
    elif lanes == "party":
        order = {p: party.name for p, party in registry.parties.items()}
        keys = lambda event: event.everyone() or ("",)  # noqa: E731
    else:
        order = {t.id: t.title for t in registry.topics_in_order()}
        keys = lambda event: event.topics or ("",)  # noqa: E731
    grouped: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for key in keys(event):
            grouped[key].append(event)
    rank = {key: number for number, key in enumerate(order)}
    found = sorted(grouped, key=lambda k: (k == "", rank.get(k, len(rank)), k))
    none = site.words("visual_no_party" if lanes == "party" else "visual_no_topic")
    return [Lane(k, order.get(k, k) if k else none, tuple(grouped[k])) for k in found]


@dataclass(frozen=True)
class Tile:
    """A month's (or year's) events of one lane, counted, linking to its page."""

    x0: float
    x1: float
    row: int
    count: int
    name: str  # the page it links to
    period: str  # "June 2025", "2025"


def tiles_of(lane: Lane, axis: Axis, site: Site) -> list[Tile]:
    """A tile per month (row 0) with events in the lane, and per year (row 1) for events
    known only to their year; by year only (row 0) on an axis drawn by year."""
    buckets: dict[tuple[int, int], int] = defaultdict(int)
    for event in lane.events:
        page = None if axis.by_year else urls.month_of(event)
        buckets[page or (event.date.start.year, 0)] += 1
    tiles = []
    for (year, month), count in sorted(buckets.items()):
        if month:
            start = date(year, month, 1)
            left, right = axis.x(start), axis.x(_next_month(start))
            tiles.append(Tile(left + 1, right - 1, 0, count, urls.month(year, month),
                              site.words.month(year, month)))
        else:
            left = axis.x(max(axis.origin, date(year, 1, 1)))
            right = axis.x(min(axis.stop, date(year + 1, 1, 1)))
            tiles.append(Tile(left + 1, right - 1, 0 if axis.by_year else 1, count,
                              urls.year(year), str(year)))
    return tiles


def _grid(axis: Axis, height: int) -> str:
    """The year lines (and month lines, when months are wide) behind a lane's marks."""
    years, months = [], []
    wide = axis.per_day * 28 >= MONTH_LINES_FROM
    for day in axis.months():
        if day == axis.origin:
            continue
        if day.month == 1:
            years.append(f"M{_n(axis.x(day))} 0V{height}")
        elif wide and not axis.by_year:
            months.append(f"M{_n(axis.x(day))} 0V{height}")
    return "".join(f'<path class="{name}" d="{"".join(lines)}"/>'
                   for name, lines in (("tlv-mo", months), ("tlv-yr", years)) if lines)


def _svg(width: float, height: int, inner: list[str], label: str = "") -> str:
    role = f' role="group" aria-label="{md.h(label)}"' if label else ' aria-hidden="true"'
    return (f'<svg class="tlv-plot" width="{_n(width)}" height="{height}" '
            f'viewBox="0 0 {_n(width)} {height}"{role}>\n' + "\n".join(filter(None, inner)) +
            "\n</svg>")


def _axis(axis: Axis, language: str) -> str:
    """Years on top, at each January (and at the start when there is room before the
    next); month ticks below, with their names when there is room."""
    inner, ticks = [], []
    month_px = axis.per_day * 28
    pattern = "LLL" if month_px >= MONTH_LABELS_FROM else \
        "LLLLL" if month_px >= NARROW_LABELS_FROM else ""
    for day in axis.months():
        x = axis.x(day)
        if day.month == 1 or day == axis.origin:
            room = axis.x(date(day.year + 1, 1, 1)) - x
            if day.month == 1 or room >= 40:
                inner.append(f'<text class="tlv-year" x="{_n(x + 3)}" y="13">{day.year}</text>')
            ticks.append(f"M{_n(x)} 2V{AXIS}")
        elif not axis.by_year:
            ticks.append(f"M{_n(x)} {AXIS - 6}V{AXIS}")
        if pattern and not axis.by_year:
            middle = (x + axis.x(_next_month(day))) / 2
            name = md.h(_month_label(day.year, day.month, pattern, language))
            inner.append(f'<text class="tlv-month" x="{_n(middle)}" y="27">{name}</text>')
    ticks.append(f"M{_n(axis.x(axis.stop))} 2V{AXIS}")
    inner.insert(0, f'<path class="tlv-tick" d="{"".join(ticks)}"/>')
    return _svg(axis.width, AXIS, inner)


def _marks(lane: Lane, axis: Axis, site: Site, base: str, rows: list[int],
           marks: list[Mark]) -> tuple[int, list[str]]:
    height = PAD_Y * 2 + (max(rows) + 1) * (MARK + ROW_GAP) - ROW_GAP
    inner = [_grid(axis, height)]
    for mark, row in zip(marks, rows, strict=True):
        event = mark.event
        y = PAD_Y + row * (MARK + ROW_GAP)
        name = site.words("visual_mark", title=event.title, date=site.words.spoken(event.date))
        classes = "tlv-m tlv-" + mark.shape + (" tlv-approx" if mark.approximate else "") + \
            (" tlv-uncertain" if mark.uncertain else "")
        if mark.shape == "day":
            shape = f'<circle cx="{_n((mark.x0 + mark.x1) / 2)}" cy="{y + MARK // 2}" ' \
                    f'r="{MARK // 2 - 0.75}"/>'
        else:
            shape = f'<rect x="{_n(mark.x0 + 0.75)}" y="{_n(y + 0.75)}" ' \
                    f'width="{_n(mark.x1 - mark.x0 - 1.5)}" height="{MARK - 1.5}"' + \
                (' rx="3"/>' if mark.shape == "span" else "/>")
        inner.append(f'<a class="{classes}" href="{md.h(md.href(urls.event_link(event, base)))}">'
                     f"<title>{md.h(name)}</title>{shape}</a>")
    return height, inner


def _tiles(lane: Lane, axis: Axis, site: Site, base: str, tiles: list[Tile],
           most: int) -> tuple[int, list[str]]:
    rows = max(t.row for t in tiles) + 1
    height = TILE_PAD * 2 + rows * (TILE + ROW_GAP) - ROW_GAP
    inner = [_grid(axis, height)]
    counts = functools.cache(lambda count: site.words.count("event", count))
    for tile in tiles:
        y = TILE_PAD + tile.row * (TILE + ROW_GAP)
        shade = 1 + min(3, (4 * (tile.count - 1)) // most)
        name = site.words("visual_count", lane=lane.label, period=tile.period,
                          events=counts(tile.count))
        target = md.h(md.href(urls.link(tile.name, base=base)))
        small = " tlv-small" if len(str(tile.count)) > 2 else ""
        inner.append(
            f'<a class="tlv-n{shade}{small}" href="{target}"><title>{md.h(name)}</title>'
            f'<rect x="{_n(tile.x0)}" y="{y}" width="{_n(tile.x1 - tile.x0)}" '
            f'height="{TILE}"/><text x="{_n((tile.x0 + tile.x1) / 2)}" y="{y + TILE // 2}">'
            f"{tile.count}</text></a>")
    return height, inner


def _key(shape: str, classes: str = "") -> str:
    """A legend's sample of a mark, drawn as the marks are."""
    if shape == "day":
        drawn = '<circle cx="11" cy="7" r="4.25"/>'
    elif shape == "tile":
        return ('<svg width="22" height="14" aria-hidden="true"><g class="tlv-counted">'
                '<g class="tlv-n2"><rect x="1" y="0.5" width="20" height="13"/></g></g></svg>')
    else:
        drawn = '<rect x="1.75" y="2.75" width="18.5" height="8.5"/>'
    return (f'<svg width="22" height="14" aria-hidden="true"><g class="tlv-m tlv-{shape}'
            f'{classes}">{drawn}</g></svg>')


def _legend(site: Site, marks: list[Mark], counted: bool, by_year: bool,
            lanes: str, count: int, first: Event, last: Event) -> str:
    words = site.words
    shapes = {m.shape for m in marks}
    keys = [(_key(s), words(f"visual_key_{s}")) for s in ("day", "span", "vague")
            if s in shapes]
    if any(m.approximate for m in marks):
        keys.append((_key("day", " tlv-approx"), words("visual_key_approximate")))
    if any(m.uncertain for m in marks):
        keys.append((_key("day", " tlv-uncertain"), words("visual_key_uncertain")))
    if counted:
        keys.append((_key("tile"), words("visual_key_year" if by_year else "visual_key_month")))
    summary = words("visual_summary", events=words.count("event", count),
                    first=words.spoken(first.date), last=words.spoken(last.date),
                    lanes=words(f"visual_by_{lanes}"))
    if marks:
        summary += " " + words("visual_links")
    items = "".join(f'<span class="tlv-k">{sample}{md.h(text)}</span>' for sample, text in keys)
    return (f'<figcaption class="tlv-caption"><span class="tlv-summary">{md.h(summary)}</span> '
            f'<span class="tlv-keys">{items}</span></figcaption>')


def visual_timeline(site: Site, events: Sequence[Event], lanes: str, base: str = urls.UP,
                    max_rows: int = MAX_ROWS, latest_first: bool = True) -> Markup:
    """The events drawn on a date axis, a lane per type, party or topic (`lanes`), each
    mark a link to its event from a page at `base`; a lane whose marks would stack more
    than `max_rows` deep counts its events by month (or year) instead. A drawing wider
    than the page opens scrolled to its latest end (`latest_first`), or to its earliest.
    Empty without events. One HTML block: a <figure> with its legend, no blank line
    inside."""
    if not events:
        return Markup("")
    ordered = sorted(events, key=lambda e: e.sort_key)
    place = {e.id: number for number, e in enumerate(ordered)}  # ties keep timeline order
    axis = axis_for(ordered)
    drawn: list[tuple[Lane, list[Mark], list[int] | None]] = []
    for lane in lanes_of(site, ordered, lanes):
        marks = sorted((mark_of(e, axis) for e in lane.events),
                       key=lambda m: (m.x0, m.x1, place[m.event.id]))
        fits = len(marks) <= axis.width / MARK_ROOM
        drawn.append((lane, marks, pack(marks, max_rows) if fits else None))
    counted = {lane.key: tiles_of(lane, axis, site) for lane, _, rows in drawn if rows is None}
    most = max((t.count for tiles in counted.values() for t in tiles), default=1)
    rows_html = [f'<div class="tlv-lane tlv-axis"><span class="tlv-label"></span>'
                 f"{_axis(axis, site.words.language)}</div>"]
    for lane, marks, rows in drawn:
        if rows is None:
            height, inner = _tiles(lane, axis, site, base, counted[lane.key], most)
            kind = " tlv-counted"
        else:
            height, inner = _marks(lane, axis, site, base, rows, marks)
            kind = ""
        label = md.h(lane.label)
        rows_html.append(
            f'<div class="tlv-lane{kind}"><span class="tlv-label" aria-hidden="true" '
            f'title="{label}">{label}</span>{_svg(axis.width, height, inner, lane.label)}</div>')
    shown = [m for lane, marks, rows in drawn if rows is not None for m in marks]
    legend = _legend(site, shown, bool(counted), axis.by_year, lanes, len(ordered),
                     ordered[0], max(ordered, key=lambda e: (e.date.end, e.sort_key)))
    end = " tlv-end" if latest_first else ""
    return Markup(f'<figure class="tlv{end}" data-search-exclude="">\n{legend}\n'
                  f'<div class="tlv-scroll">\n<div class="tlv-lanes">\n'
                  + "\n".join(rows_html) + "\n</div>\n</div>\n</figure>")
