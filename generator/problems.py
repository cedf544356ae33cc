"""The one shape every validation message takes: `path:line: field: message`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located at the line of the offending key."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """Suggest the closest known id, as a sentence fragment, or nothing."""
    matches = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {matches[0]!r}?)" if matches else ""


def expected_one_of(value: str, choices: Iterable[str], what: str) -> str:
    """Say which value was refused, the nearest known one, and where to look."""
    return f"unknown {what} {value!r}{did_you_mean(value, choices)}"


class InputError(Exception):
    """Raised with every problem found, so the command line can print them all at once."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems)
