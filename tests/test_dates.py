"""The EDTF subset: parsing, the reader's wording, and agreement with the `edtf` library."""

from __future__ import annotations

from datetime import date

import edtf
import pytest
from hypothesis import given, settings, strategies as st

from generator.dates import DateError, parse_date
from generator.i18n import catalogue


@pytest.mark.parametrize("text, start, end, spoken", [
    ("2025-06-02", date(2025, 6, 2), date(2025, 6, 2), "2 June 2025"),
    ("2025-06", date(2025, 6, 1), date(2025, 6, 30), "June 2025"),
    ("2025", date(2025, 1, 1), date(2025, 12, 31), "2025"),
    ("2025-06~", date(2025, 6, 1), date(2025, 6, 30), "c. June 2025"),
    ("2025-06-02?", date(2025, 6, 2), date(2025, 6, 2), "2 June 2025?"),
    ("2025-06%", date(2025, 6, 1), date(2025, 6, 30), "c. June 2025?"),
    ("2025-06-02/2025-06-03", date(2025, 6, 2), date(2025, 6, 3), "2–3 June 2025"),
    ("2025-05-23/2025-06-01", date(2025, 5, 23), date(2025, 6, 1), "23 May – 1 June 2025"),
    ("2024-12-30/2025-01-02", date(2024, 12, 30), date(2025, 1, 2),
     "30 December 2024 – 2 January 2025"),
    ("2025-03/2025-05", date(2025, 3, 1), date(2025, 5, 31), "March – May 2025"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "February 2024"),
    ("2025-06~/2025-07", date(2025, 6, 1), date(2025, 7, 31), "c. June 2025 – July 2025"),
    ("2025-05-23/2025-05-25~", date(2025, 5, 23), date(2025, 5, 25),
     "23 May 2025 – c. 25 May 2025"),
    ("2025-06-02/2025-06-02", date(2025, 6, 2), date(2025, 6, 2), "2 June 2025"),
])
def test_parse_and_say(text, start, end, spoken):
    parsed = parse_date(text)
    said = catalogue("en").spoken(parsed)
    assert (parsed.start, parsed.end, said, parsed.text) == (start, end, spoken, text)


@pytest.mark.parametrize("text, message", [
    ("2025-02-30", "has no day 30"),
    ("2023-02-29", "has no day 29"),
    ("2025-13-01", "no month 13"),
    ("2025-00", "no month 00"),
    ("June 2", "is not a date"),
    ("02/06/2025", "is not a date"),
    ("2025-6-2", "is not a date"),
    ("2025-06-02/2025-05-01", "ends before it starts"),
    ("0000", "no year 0000"),
    ("0000-01-01", "no year 0000"),
    ("2025-06/2025-06-01", "ends before it starts"),
    ("٢٠٢٥-٠٦-٠٢", "is not a date"),
    ("", "is not a date"),
])
def test_refuses(text, message):
    with pytest.raises(DateError, match=message):
        parse_date(text)


def edtf_bounds(text: str) -> tuple[date, date]:
    """Ask the reference implementation for the strict bounds of a date."""
    parsed = edtf.parse_edtf(text)
    low, high = parsed.lower_strict(), parsed.upper_strict()
    return date(low.tm_year, low.tm_mon, low.tm_mday), date(high.tm_year, high.tm_mon, high.tm_mday)


points = st.builds(
    lambda y, m, d, precision, q: (
        f"{y:04d}" + (f"-{m:02d}" if precision != "year" else "")
        + (f"-{d:02d}" if precision == "day" else "") + q),
    st.integers(1900, 2100), st.integers(1, 12), st.integers(1, 28),
    st.sampled_from(["day", "month", "year"]), st.sampled_from(["", "~", "?", "%"]))


@settings(max_examples=150, deadline=None)
@given(points)
def test_points_agree_with_the_edtf_library(text):
    parsed = parse_date(text)
    assert (parsed.start, parsed.end) == edtf_bounds(text)


@settings(max_examples=60, deadline=None)
@given(points, points)
def test_ranges_agree_with_the_edtf_library(a, b):
    text = f"{a}/{b}"
    try:
        ours = parse_date(text)
    except DateError:  # we refuse only ranges whose second end lies before the first
        (a_start, a_end), (b_start, b_end) = edtf_bounds(a), edtf_bounds(b)
        assert b_start < a_start or b_end < a_end
        return
    assert (ours.start, ours.end) == edtf_bounds(text)
