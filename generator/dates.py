"""Parse the day/month/year subset of EDTF (ISO 8601-2) that events use (how a date is
said is the catalogue's: generator/i18n.py).

The `edtf` package implements all of EDTF but takes about 3 ms a parse (30 s for
10,000 events); this subset needs a regular expression and `datetime.date`, and
the test suite checks it against `edtf` on every form it accepts.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

_POINT = re.compile(r"(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?)?(?P<q>[~?%])?")
MONTHS = (  # for messages, which are English
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


class DateError(ValueError):
    """A date string that is not a valid day, month or year, or a range that runs backwards."""


@dataclass(frozen=True, order=True)
class DatePoint:
    """A day, a month or a year, possibly approximate (~) or uncertain (?)."""

    start: date
    end: date
    precision: str  # "day", "month" or "year"
    approximate: bool = False
    uncertain: bool = False


@dataclass(frozen=True)
class EventDate:
    """A single point or a closed range of two points, with the original text kept."""

    text: str
    first: DatePoint
    last: DatePoint | None = None

    @property
    def start(self) -> date:
        """The earliest day the date allows: what events sort by."""
        return self.first.start

    @property
    def end(self) -> date:
        """The latest day the date allows."""
        return (self.last or self.first).end


def parse_point(text: str) -> DatePoint:
    """Parse one EDTF point: YYYY, YYYY-MM or YYYY-MM-DD with an optional ~, ? or %."""
    match = _POINT.fullmatch(text)
    if not match:
        raise DateError(f"{text!r} is not a date: use 2025-06-02, 2025-06 or 2025, "
                        "optionally followed by ~ (approximate) or ? (uncertain)")
    year = int(match["y"])
    month, day = (int(match[k]) if match[k] else None for k in ("m", "d"))
    qualifier = match["q"] or ""
    if year == 0:
        raise DateError(f"{text!r}: there is no year 0000")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{text!r}: there is no month {month:02d}")
    if day is not None and month is not None:
        last_day = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last_day:
            raise DateError(f"{text!r}: {MONTHS[month]} {year} has no day {day}")
        start = end = date(year, month, day)
        precision = "day"
    elif month is not None:
        start, end = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        precision = "month"
    else:
        start, end, precision = date(year, 1, 1), date(year, 12, 31), "year"
    return DatePoint(start, end, precision, approximate=qualifier in ("~", "%"),
                     uncertain=qualifier in ("?", "%"))


@functools.lru_cache(maxsize=65536)  # dates repeat across events; the result is frozen
def parse_date(text: str) -> EventDate:
    """Parse a point or a range 'a/b'; a range must not end before it starts."""
    text = text.strip()
    if text.count("/") == 1:
        left, right = text.split("/")
        first, last = parse_point(left), parse_point(right)
        if last.start < first.start or last.end < first.end:
            raise DateError(f"{text!r}: the range ends before it starts")
        return EventDate(text, first, last)
    return EventDate(text, parse_point(text))
