"""Validation builds the typed model and normalises values while it checks them."""

from __future__ import annotations

import pytest

from conftest import FIXTURE_EVENTS, REGISTRIES, event_text, write_files
from generator.errors import InputError
from generator.load import load_input
from generator.validate import validate


def dataset_from(tmp_path, **fields):
    write_files(tmp_path, dict(REGISTRIES, **{"2025/2025-06-02-talks.md": event_text(**fields)}))
    return validate(load_input(tmp_path))


def test_normalises_lists_text_and_position_ids(tmp_path):
    dataset = dataset_from(
        tmp_path, title="'  Talks   in\n  Istanbul '", parties="ukraine",
        topics="[prisoners, prisoners]",
        positions="\n  - party: russia\n    topic: ceasefire\n    stance: No.\n    source: s1")
    event = dataset.events[0]
    assert event.title == "Talks in Istanbul"
    assert event.parties == ("ukraine", "russia")  # the position's party joins the event
    assert event.topics == ("prisoners", "ceasefire")
    assert event.positions[0].stance == "No."


def test_yaml_words_stay_words(tmp_path):
    event = dataset_from(tmp_path, title="No", location="NO").events[0]
    assert (event.title, event.location) == ("No", "NO")


def test_events_sort_by_earliest_day_then_span_then_id():
    dataset = validate(load_input(FIXTURE_EVENTS))
    assert [e.id for e in dataset.events] == [
        "2023-01-01-hostile-year", "2024-06-15-two-day-summit", "2025-05-16-first-round",
        "2025-06-01-approximate-month", "2025-06-02-second-round"]


def test_types_can_be_replaced_by_a_project(tmp_path):
    write_files(tmp_path, {"types.yml": "hearing: {title: Hearing}\n"})
    with pytest.raises(InputError) as error:
        dataset_from(tmp_path, type="talks")
    assert "unknown type 'talks'" in str(error.value.problems[0])
    assert dataset_from(tmp_path, type="hearing").events[0].type == "hearing"


def test_every_problem_is_reported_once_and_sorted(tmp_path):
    with pytest.raises(InputError) as error:
        dataset_from(tmp_path, date="2025-02-30", type="talk", parties="[rusia, nobody]")
    lines = [str(p) for p in error.value.problems]
    assert lines == sorted(lines) and len(lines) == len(set(lines)) == 4
