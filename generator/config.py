"""The project's settings: an optional `timeline.yml` beside `mkdocs.yml`, read into one
frozen object and checked like an event file (`path:line: field: message`).

```yaml
site_url: https://example.org/timeline/   # the published address (feeds, sitemap)
language: en                              # the catalogue in generator/locales/
latest_on_home: 10                        # events listed on the home page
feed_entries: 100                         # the latest events in each feed (0: all)
publisher: Example Newsroom               # who publishes the record (About, every footer)
publisher_url: https://example.org/
corrections: mailto:corrections@example.org   # where readers report an error (or a web form)
licence: CC BY 4.0                        # the licence of the record's data
licence_url: https://creativecommons.org/licenses/by/4.0/
```

`TIMELINE_SITE_URL` in the environment overrides `site_url`. The record's title (in
feeds, the calendar, the data package) is `site_name` in `mkdocs.yml`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from generator.errors import InputError
from generator.load import compose_mapping, display_path, read_text_file
from generator.validate.fields import open_mapping, read_text, read_url

SETTINGS_FILE = "timeline.yml"
KEYS = ("site_url", "language", "latest_on_home", "feed_entries", "publisher", "publisher_url",
        "corrections", "licence", "licence_url")
MAILTO = re.compile(r"mailto:[^@\s]+@[^@\s]+\.[^@\s]+")
LANGUAGE = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2})?")


@dataclass(frozen=True)
class Settings:
    """Every setting, with its default."""

    site_url: str = ""  # the published address, with its trailing slash
    language: str = "en"  # the pages' language: generator/locales/<language>.yml
    latest_on_home: int = 10  # how many of the latest events the home page lists
    feed_entries: int = 100  # how many of the latest events each feed holds; 0: all
    title: str = ""  # the record's name: mkdocs.yml's site_name
    publisher: str = ""  # who publishes the record
    publisher_url: str = ""
    corrections: str = ""  # a mailto: or web address where readers report errors
    licence: str = ""  # the data's licence, by name
    licence_url: str = ""

    def key(self) -> bytes:
        """What of the settings changes generated files: part of the cache key."""
        return "\0".join(map(str, (self.site_url, self.language, self.latest_on_home,
                                   self.feed_entries, self.title, self.publisher,
                                   self.publisher_url, self.corrections, self.licence,
                                   self.licence_url))).encode()


def read_settings(folder: Path) -> Settings:
    """The settings in `folder/timeline.yml` (defaults without one), the environment's
    TIMELINE_SITE_URL over the file's; InputError with every problem at its line."""
    path = folder / SETTINGS_FILE
    settings = Settings()
    if os.path.lexists(path):
        settings = parse_settings(path)
    override = os.environ.get("TIMELINE_SITE_URL")
    if override:
        settings = replace(settings, site_url=override if override.endswith("/")
                           else override + "/")
    return replace(settings, title=site_name(folder / "mkdocs.yml"))


class _Tolerant(yaml.SafeLoader):
    """A YAML loader that reads MkDocs' tags (`!ENV`, `!relative`) as nothing."""


_Tolerant.add_multi_constructor("!", lambda loader, suffix, node: None)


def site_name(config: Path) -> str:
    """`site_name` from mkdocs.yml (MkDocs checks that file; "" when it cannot be read)."""
    try:
        document = yaml.load(read_text_file(config, str(config))[1] or "", Loader=_Tolerant)
    except yaml.YAMLError:
        return ""
    name = document.get("site_name") if isinstance(document, dict) else None
    return " ".join(name.split()) if isinstance(name, str) else ""


def parse_settings(path: Path) -> Settings:
    """Read and check one settings file."""
    shown, text, problems = read_text_file(path, display_path(path))
    document = None
    if text is not None and text.strip():
        document, problems = compose_mapping(text, shown, offset=0)
    if document is None:
        if problems:
            raise InputError(problems)
        return Settings()
    fields = open_mapping(document, document.root, "", KEYS, problems)
    if fields is None:
        raise InputError(problems)
    site_url = read_url(fields, "site_url")
    language = read_text(fields, "language") or Settings.language
    if not LANGUAGE.fullmatch(language):
        fields.report(fields.value("language"), "language",
                      f"{language!r} is not a language code such as en, uk or pt_BR")
    elif not (Path(__file__).parent / "locales" / f"{language}.yml").is_file():
        fields.report(fields.value("language"), "language",
                      f"there is no catalogue generator/locales/{language}.yml")
    latest = read_text(fields, "latest_on_home")
    if latest and not re.fullmatch(r"[1-9][0-9]{0,2}", latest):
        fields.report(fields.value("latest_on_home"), "latest_on_home",
                      f"expected a whole number from 1 to 999, got {latest!r}")
    entries = read_text(fields, "feed_entries")
    if entries and not re.fullmatch(r"0|[1-9][0-9]{0,4}", entries):
        fields.report(fields.value("feed_entries"), "feed_entries",
                      f"expected a whole number from 0 (every event) to 99999, got {entries!r}")
    publisher = read_text(fields, "publisher")
    publisher_url = read_url(fields, "publisher_url")
    licence = read_text(fields, "licence")
    licence_url = read_url(fields, "licence_url")
    corrections = read_text(fields, "corrections")
    if corrections.startswith("mailto:"):
        if not MAILTO.fullmatch(corrections):
            fields.report(fields.value("corrections"), "corrections",
                          f"{corrections!r} is not a mail address such as "
                          "mailto:corrections@example.org")
    elif corrections:
        corrections = read_url(fields, "corrections")
    if problems:
        raise InputError(problems)
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    return Settings(site_url, language, int(latest) if latest else Settings.latest_on_home,
                    int(entries) if entries else Settings.feed_entries,
                    publisher=publisher, publisher_url=publisher_url, corrections=corrections,
                    licence=licence, licence_url=licence_url)
