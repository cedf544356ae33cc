"""Golden output: each file the fixture events declare must match its file in tests/golden/,
one test per file; `make golden` rewrites them after an intended change."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from conftest import FIXTURE_EVENTS
from generator.build import check, outputs_of

GOLDEN = Path(__file__).parent / "golden"


@cache
def declared() -> dict[str, object]:
    """The fixture's outputs by path, as the generator declares them."""
    return {output.path: output for output in outputs_of(check(FIXTURE_EVENTS))}


def as_bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


@pytest.mark.parametrize("path", sorted(declared()))
def test_output_matches_its_golden_file(path, update_golden):
    content = as_bytes(declared()[path].render())
    golden = GOLDEN / path
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(content)
    assert golden.is_file(), f"{path} has no golden file: run `make golden` and review it"
    assert content == golden.read_bytes(), f"{path} differs from its golden file"


def test_no_golden_file_is_left_without_an_output(update_golden):
    stale = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    stale -= set(declared())
    if update_golden:
        for path in stale:
            (GOLDEN / path).unlink()
        stale = set()
    assert not stale, f"golden files no output declares: {sorted(stale)}"


def test_generation_is_deterministic():
    assert [(o.path, o.render()) for o in outputs_of(check(FIXTURE_EVENTS))] == \
        [(path, output.render()) for path, output in declared().items()]
