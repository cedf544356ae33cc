"""The documentation: the README stays short, its links and the manual's lead to files that
exist, and the test inventory names every test file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

README = ROOT / "README.md"
MANUAL = ROOT / "docs" / "manual"
DOCUMENTS = [README, *sorted(MANUAL.glob("*.md"))]
# [text](target) and ![alt](target), with an optional "title" after the target.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto:, …


def relative_links(document: Path) -> list[str]:
    """The targets of the Markdown links of a document that name a file of the project
    (outside fenced code), without their anchors."""
    text = FENCE.sub("", document.read_text("utf-8"))
    targets = []
    for target in LINK.findall(text):
        if EXTERNAL.match(target) or target.startswith("#"):
            continue
        targets.append(target.split("#", 1)[0])
    return targets


def test_the_manual_exists():
    assert {"reference.md", "architecture.md", "testing.md", "performance.md"} <= \
        {p.name for p in MANUAL.glob("*.md")}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_points_to_a_file_that_exists(document):
    links = relative_links(document)
    missing = [t for t in links if not (document.parent / t).exists()]
    assert not missing, f"{document.relative_to(ROOT)} links to missing files: {missing}"


def test_the_readme_links_the_manual_and_shows_the_screenshot():
    links = {(README.parent / t).resolve() for t in relative_links(README)}
    assert (MANUAL / "screenshot.png").resolve() in links
    for page in ("reference.md", "architecture.md", "testing.md", "performance.md"):
        assert (MANUAL / page).resolve() in links, f"README.md does not link {page}"


def test_the_readme_is_short():
    lines = README.read_text("utf-8").count("\n")
    assert lines < 150, f"README.md has {lines} lines: move reference material to docs/manual/"


def test_the_inventory_names_every_test_file():
    inventory = (MANUAL / "testing.md").read_text("utf-8")
    files = sorted(p.name for p in (ROOT / "tests").glob("test_*.py"))
    assert len(files) > 1
    unnamed = [name for name in files if f"tests/{name}" not in inventory]
    assert not unnamed, f"docs/manual/testing.md does not name: {unnamed}"


def test_the_link_reader_finds_links_and_skips_the_rest(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('See [a](a.md#part), ![b](img/b.png "B"), [c](https://example.org/), '
                    "[d](#here), [e](mailto:x@example.org) and <https://example.org/>.\n"
                    "```md\n[f](inside-code.md)\n```\n", "utf-8")
    assert relative_links(page) == ["a.md", "img/b.png"]
