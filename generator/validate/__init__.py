"""Turn composed YAML into the typed model, collecting every problem with its real line.

Values are normalised while validated: one date type, single values to lists,
whitespace folded, duplicates dropped, and the parties and topics of an event's
positions added to its own lists. Rules across events (ids in two files, references
from one event to another) run over the whole dataset on every run, cached events too.
"""

from __future__ import annotations

from collections import defaultdict

from generator.errors import InputError, Problem
from generator.load import RawInput
from generator.model import Dataset
from generator.validate.events import validate_event
from generator.validate.fields import ID
from generator.validate.references import reference_problems
from generator.validate.registries import validate_registry

__all__ = ["ID", "validate", "validate_event", "validate_registry"]

def duplicate_ids(raw: RawInput) -> list[Problem]:
    """Two files with the same name, in any folders, describe the same event: name both."""
    by_stem: dict[str, list[str]] = defaultdict(list)
    for event_file in raw.events:
        by_stem[event_file.stem].append(event_file.document.path)
    for event in raw.cached:
        by_stem[event.id].append(event.path)
    return [Problem(path, 1, "file name",
                    f"event id {stem!r} is also used by {', '.join(p for p in paths if p != path)}")
            for stem, paths in sorted(by_stem.items()) if len(paths) > 1 for path in paths]

def validate(raw: RawInput) -> Dataset:
    """Validate everything and return the dataset, or raise InputError with every problem."""
    problems = list(raw.problems)
    registry = validate_registry(raw, problems)
    problems.extend(duplicate_ids(raw))
    events = [e for f in raw.events if (e := validate_event(f, registry, problems)) is not None]
    events += raw.cached  # valid last time, unchanged since, under the same registries
    # An event whose own file has problems is not named missing by those that follow it.
    problems.extend(reference_problems(events, {f.stem for f in raw.events}))
    if problems:
        raise InputError(problems)
    return Dataset(registry, tuple(sorted(events, key=lambda e: e.sort_key)))
