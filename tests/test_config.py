"""Settings: an optional timeline.yml, checked like an event file, and what it changes."""

from __future__ import annotations

import pytest

from conftest import REGISTRIES, event_text
from generator.build import Paths, check, generate
from generator.config import Settings, read_settings
from generator.errors import InputError


def settings_in(tmp_path, text: str) -> Settings:
    (tmp_path / "timeline.yml").write_text(text, "utf-8")
    return read_settings(tmp_path)


def test_no_file_gives_the_defaults(tmp_path, monkeypatch):
    monkeypatch.delenv("TIMELINE_SITE_URL", raising=False)
    assert read_settings(tmp_path) == Settings("", "en", 10)


def test_a_file_sets_every_setting_and_the_environment_overrides_the_address(tmp_path,
                                                                             monkeypatch):
    monkeypatch.delenv("TIMELINE_SITE_URL", raising=False)
    text = "site_url: https://example.org/tl\nlanguage: en\nlatest_on_home: 3\nfeed_entries: 0\n"
    assert settings_in(tmp_path, text) == Settings("https://example.org/tl/", "en", 3, 0)
    monkeypatch.setenv("TIMELINE_SITE_URL", "https://mirror.example.net/")
    assert read_settings(tmp_path).site_url == "https://mirror.example.net/"


def test_every_problem_is_named_at_its_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = ("# settings\nsite_url: ftp://example.org/\nlanguage: klingon-1\n"
            "latest_on_home: lots\nlatest_on_hom: 2\nfeed_entries: -1\n")
    with pytest.raises(InputError) as raised:
        settings_in(tmp_path, text)
    assert [str(p) for p in raised.value.problems] == [
        "timeline.yml:2: site_url: 'ftp://example.org/' is not a web address: it must start "
        "with http:// or https://",
        "timeline.yml:3: language: 'klingon-1' is not a language code such as en, uk or pt_BR",
        "timeline.yml:4: latest_on_home: expected a whole number from 1 to 999, got 'lots'",
        "timeline.yml:5: latest_on_hom: unknown field (did you mean 'latest_on_home'?); "
        "expected one of: site_url, language, latest_on_home, feed_entries, publisher, "
        "publisher_url, corrections, licence, licence_url",
        "timeline.yml:6: feed_entries: expected a whole number from 0 (every event) to 99999, "
        "got '-1'"]
    with pytest.raises(InputError, match="problem"):
        settings_in(tmp_path, "language: fr\n")  # no catalogue for it (yet)


def test_who_publishes_where_to_report_and_the_licence(tmp_path, monkeypatch):
    monkeypatch.delenv("TIMELINE_SITE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    settings = settings_in(tmp_path, (
        "publisher: Example Newsroom\npublisher_url: https://example.org/\n"
        "corrections: mailto:corrections@example.org\nlicence: CC BY 4.0\n"
        "licence_url: https://creativecommons.org/licenses/by/4.0/\n"))
    assert (settings.publisher, settings.corrections, settings.licence) == (
        "Example Newsroom", "mailto:corrections@example.org", "CC BY 4.0")
    assert settings_in(tmp_path, "corrections: https://example.org/report\n").corrections == \
        "https://example.org/report"
    with pytest.raises(InputError) as raised:
        settings_in(tmp_path, "publisher_url: javascript:alert(1)\ncorrections: mailto:nobody\n"
                              "licence_url: ftp://example.org/\n")
    assert [str(p) for p in raised.value.problems] == [
        "timeline.yml:1: publisher_url: 'javascript:alert(1)' is not a web address: it must "
        "start with http:// or https://",
        "timeline.yml:2: corrections: 'mailto:nobody' is not a mail address such as "
        "mailto:corrections@example.org",
        "timeline.yml:3: licence_url: 'ftp://example.org/' is not a web address: it must "
        "start with http:// or https://"]


def test_check_reports_settings_and_events_together(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "events" / "2025").mkdir(parents=True)
    for name, text in REGISTRIES.items():
        (tmp_path / "events" / name).write_text(text, "utf-8")
    (tmp_path / "events" / "2025" / "2025-06-02-talks.md").write_text(
        event_text(type="tlaks"), "utf-8")
    (tmp_path / "timeline.yml").write_text("latest_on_home: 0\n", "utf-8")
    with pytest.raises(InputError) as raised:
        check(tmp_path / "events", tmp_path)
    assert [p.path for p in raised.value.problems] == ["events/2025/2025-06-02-talks.md",
                                                       "timeline.yml"]


def test_a_changed_setting_reaches_the_pages_through_the_cache(tiny_project):
    project = tiny_project()
    paths = Paths.from_project(project)
    generate(paths)
    latest = paths.generated / "partials" / "latest.md"
    assert latest.read_text("utf-8").count("<li>") > 1
    (project / "timeline.yml").write_text("latest_on_home: 1\n", "utf-8")
    generate(paths)
    assert latest.read_text("utf-8").count("<li>") == 1


def test_an_address_for_corrections_reaches_the_about_page(tiny_project, monkeypatch, capsys):
    from generator.cli import main

    project = tiny_project()
    monkeypatch.delenv("TIMELINE_SITE_URL", raising=False)
    assert main(["build", "--no-bundle", "--project", str(project)]) == 0
    assert "note: no corrections address is set" in capsys.readouterr().out
    (project / "timeline.yml").write_text(
        "publisher: Example Newsroom\ncorrections: mailto:corrections@example.org\n", "utf-8")
    assert main(["build", "--no-bundle", "--project", str(project)]) == 0
    assert "no corrections address" not in capsys.readouterr().out
    partial = (project / "docs" / "generated" / "partials" / "provenance.md").read_text("utf-8")
    assert 'write to <a href="mailto:corrections@example.org">corrections@example.org</a>' \
        in partial
    assert "This record is published by Example Newsroom." in partial
