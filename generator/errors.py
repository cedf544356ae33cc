"""Problems with the input, the one error type, and how both reach the reader:
`path:line: field: message` lines, or one `error:` line."""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass

# Characters that could forge or hide a message line in a terminal or a log: C0 and C1
# controls (ANSI escapes start with one), line and paragraph separators, and the
# invisible marks that reorder text. File names and keys come from the input: show these.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def visible(text: str) -> str:
    """Text with every control or invisible formatting character shown as an escape."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100
                       else f"\\u{ord(m[0]):04x}", text)


class TimelineError(Exception):
    """The base of every error the command line reports as one clear line or a list."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located at the line of the offending key."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return visible(f"{self.path}:{self.line}: {self.field}: {self.message}")


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """Suggest the closest known id, as a sentence fragment, or nothing."""
    matches = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {matches[0]!r}?)" if matches else ""


def expected_one_of(value: str, choices: Iterable[str], what: str) -> str:
    """Say which value was refused, the nearest known one, and where to look."""
    return f"unknown {what} {value!r}{did_you_mean(value, choices)}"


class InputError(TimelineError):
    """Raised with every problem found, so the command line can print them all at once."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems)


def report(error: InputError, outcome: str = "") -> None:
    """Print every problem, one a line, then their count (and `outcome`), to stderr: the
    one way the command line and the preview show problems."""
    for problem in error.problems:
        print(problem, file=sys.stderr)
    print(f"{len(error.problems)} problem(s) found{outcome}.", file=sys.stderr)


def say(error: BaseException) -> None:
    """Print any other error as one line, with no traceback and nothing unprintable."""
    if isinstance(error, OSError) and not isinstance(error, TimelineError):
        where = f"{error.filename}: " if error.filename else ""
        text = f"{where}{error.strerror or error}"
    else:
        text = str(error) or type(error).__name__
    print(visible(f"error: {text}"), file=sys.stderr)
