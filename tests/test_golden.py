"""Golden Markdown: the fixture events must render to exactly the pages in tests/golden/."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURE_EVENTS
from generator.build import check, generate_pages

GOLDEN = Path(__file__).parent / "golden"


def test_generated_markdown_matches_golden(update_golden):
    pages = generate_pages(check(FIXTURE_EVENTS))
    if update_golden:
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for relative, text in pages.items():
            (GOLDEN / relative).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / relative).write_text(text, encoding="utf-8", newline="\n")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
                for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(expected)
    for relative, text in pages.items():
        assert text == expected[relative], f"{relative} differs from its golden file"


def test_generation_is_deterministic():
    first = generate_pages(check(FIXTURE_EVENTS))
    second = generate_pages(check(FIXTURE_EVENTS))
    assert first == second
