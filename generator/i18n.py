"""The words of the pages and how dates are said, from a catalogue per language.

`generator/locales/<language>.yml` holds every word a generated page shows, plural forms
by CLDR category (Babel picks the category for a count), and the Babel patterns dates are
said with: "2 June 2025", "June 2025", "c. June 2025", "23–25 May 2025". Nothing English
is stored in the index or the cache: a change mark is an enum, a date an EventDate.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from generator.dates import DatePoint, EventDate
from generator.errors import TimelineError
from generator.model import EventType, Registry

LOCALES = Path(__file__).parent / "locales"


class MissingWord(TimelineError):
    """A catalogue without a word a page needs."""


@dataclass(frozen=True)
class Words:
    """One language's catalogue."""

    language: str
    words: Mapping[str, str]
    plurals: Mapping[str, Mapping[str, str]]
    dates: Mapping[str, str]

    def __call__(self, key: str, **values: object) -> str:
        """The word or sentence for `key`, with its `{placeholders}` filled in."""
        try:
            text = self.words[key]
        except KeyError:
            raise MissingWord(f"the {self.language} catalogue has no word {key!r}") from None
        return text.format(**values) if values else text

    def count(self, key: str, count: int) -> str:
        """'1 event', '2 events': the plural form the language uses for `count`."""
        forms = self.plurals[key]
        form = Locale.parse(self.language).plural_form(count)
        return (forms.get(form) or forms["other"]).format(count=count)

    def spoken(self, when: EventDate) -> str:
        """A date or range as a reader says it: '2 June 2025', '23–25 May 2025'."""
        return _spoken(self, when)

    def spoken_day(self, day: date) -> str:
        """'2 June 2025', for a day that is not an event's date (the record's last day)."""
        return _format(day, self.dates["day"], self.language)

    def month(self, year: int, month: int) -> str:
        """'June 2025'."""
        return _format(date(year, month, 1), self.dates["month"], self.language)

    def month_alone(self, month: int) -> str:
        """'June'."""
        return _format(date(2000, month, 1), self.dates["month_alone"], self.language)

    def __hash__(self) -> int:
        return hash(self.language)


@functools.cache
def catalogue(language: str) -> Words:
    """The catalogue of a language, read once."""
    path = LOCALES / f"{language}.yml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in LOCALES.glob("*.yml")))
        raise TimelineError(f"no catalogue for the language {language!r}; there is: {known}")
    try:
        Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        raise TimelineError(f"Babel does not know the language {language!r}") from None
    data = yaml.safe_load(path.read_text("utf-8"))
    return Words(language, data["words"], data["plurals"], data["dates"])


@functools.lru_cache(maxsize=65536)  # dates repeat across events, and their words with them
def _format(day: date, pattern: str, language: str) -> str:
    return format_date(day, pattern, locale=language)


def _point(words: Words, point: DatePoint, with_year: bool = True) -> str:
    """One day, month or year, with its qualifiers."""
    if point.precision == "day":
        text = _format(point.start, words.dates["day" if with_year else "day_in_year"],
                       words.language)
    elif point.precision == "month":
        text = _format(point.start, words.dates["month" if with_year else "month_in_year"],
                       words.language)
    else:
        text = str(point.start.year)
    if point.approximate:
        text = words.dates["approximate"].format(date=text)
    if point.uncertain:
        text = words.dates["uncertain"].format(date=text)
    return text


@functools.lru_cache(maxsize=65536)
def _spoken(words: Words, when: EventDate) -> str:
    if when.last is None or when.first == when.last:
        return _point(words, when.first)
    a, b = when.first, when.last
    plain = not (a.approximate or a.uncertain or b.approximate or b.uncertain)
    same_year = a.start.year == b.start.year
    if plain and a.precision == b.precision == "day" and same_year:
        if a.start.month == b.start.month:
            return f"{a.start.day}–{_point(words, b)}"
        return f"{_point(words, a, with_year=False)} – {_point(words, b)}"
    if plain and a.precision == b.precision == "month" and same_year:
        return f"{_point(words, a, with_year=False)} – {_point(words, b)}"
    return f"{_point(words, a)} – {_point(words, b)}"


def localised(registry: Registry, words: Words) -> Registry:
    """The registry with the built-in event types titled in the catalogue's language
    (`type_<id>`); a project's own types (events/types.yml) stay as written, like every
    other registry entry."""
    if not any(kind.builtin for kind in registry.types.values()):
        return registry
    types = {key: EventType(key, words(f"type_{key}"), builtin=True) if kind.builtin else kind
             for key, kind in registry.types.items()}
    return Registry(registry.parties, registry.topics, types, registry.outlets)
