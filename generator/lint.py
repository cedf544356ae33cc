"""The shipped record's own rules, beyond what makes an event valid (`timeline check --lint`).

A project that publishes a record readers must be able to check holds itself to more than
the format: every source can be opened, every outlet is registered with its kind, and no
position rests on a partisan outlet when the same event has a better one. Problems are
errors (exit 1); doubts are warnings (`path:line: field: warning: …`, exit 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.errors import Problem
from generator.load import Document, read_event_file
from generator.model import Dataset, Event

# Outlet kinds a position should not rest on alone when the event cites a better one.
WEAKER = ("partisan",)
BETTER = ("official", "wire", "independent", "state-affiliated")


@dataclass(frozen=True)
class Findings:
    """What the lint found: errors fail the check, warnings are for an editor to weigh."""

    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def item_lines(document: Document, key: str) -> list[int]:
    """The line of each item of a list field of an event file, in order."""
    for key_node, value in document.root.value:
        if key_node.value == key and isinstance(value, yaml.SequenceNode):
            return [document.line(item) for item in value.value]
    return []


def lint(dataset: Dataset) -> Findings:
    """Check every event of a valid dataset against the record's rules (its paths are as
    `check` shows them: relative to the working directory, or absolute)."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for event in dataset.events:
        event_file, _ = read_event_file(Path(event.path), event.path)
        if event_file is None:
            continue  # changed since it was validated: check reports it
        lint_event(dataset, event, event_file.document, errors, warnings)
    return Findings(tuple(sorted(errors)), tuple(sorted(warnings)))


def lint_event(dataset: Dataset, event: Event, document: Document,
               errors: list[Problem], warnings: list[Problem]) -> None:
    """The rules for one event's sources and positions."""
    outlets = dataset.registry.outlets
    source_lines = item_lines(document, "sources")
    for number, source in enumerate(event.sources):
        line = source_lines[number] if number < len(source_lines) else 1
        field = f"sources[{number}]"
        if not source.url:
            if source.title and source.published:
                warnings.append(Problem(event.path, line, f"{field}.url", "warning: no address: "
                                        "readers can identify it by its title and date but "
                                        "cannot open it"))
            else:
                errors.append(Problem(event.path, line, f"{field}.url",
                                      "every source needs an address readers can open"))
        if source.outlet not in outlets:
            errors.append(Problem(event.path, line, f"{field}.outlet",
                                  f"{source.outlet!r} is not registered in outlets.yml: "
                                  "register it with its kind and cite it by id"))
    kinds = {s.id: outlets[s.outlet].kind for s in event.sources if s.outlet in outlets}
    better = [s for s, kind in kinds.items() if kind in BETTER]
    position_lines = item_lines(document, "positions")
    for number, position in enumerate(event.positions):
        if kinds.get(position.source) in WEAKER and better:
            line = position_lines[number] if number < len(position_lines) else 1
            warnings.append(Problem(
                event.path, line, f"positions[{number}].source",
                f"warning: rests on a {kinds[position.source]} outlet while this event also "
                f"cites {', '.join(better)}: cite the better source if it says the same"))
