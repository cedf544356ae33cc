"""Input/expected-error pairs: each folder in tests/cases/ is one broken (or fine) input."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main

CASES = Path(__file__).parent / "cases"
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def run_check(case: Path, workdir: Path, monkeypatch, capsys) -> tuple[int, str, str]:
    """Copy a case (its symbolic links as links, and any files beside its events folder
    that they point at) with the shared registries, and run `check` from inside it."""
    shutil.copytree(case, workdir, symlinks=True, dirs_exist_ok=True)
    for registry in (CASES / "_registries").iterdir():
        if not os.path.lexists(workdir / "events" / registry.name):
            shutil.copy(registry, workdir / "events" / registry.name)
    monkeypatch.chdir(workdir)
    code = main(["check"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_case_has_its_expected_output():
    missing = [n for n in NAMES if not (CASES / n / "expected.txt").is_file()]
    assert not missing, f"cases without expected.txt: {missing}"
    assert len(NAMES) >= 20


@pytest.mark.parametrize("name", NAMES)
def test_case(name, tmp_path, monkeypatch, capsys, update_golden):
    code, out, err = run_check(CASES / name, tmp_path, monkeypatch, capsys)
    expected_file = CASES / name / "expected.txt"
    actual = err if code else ""
    if update_golden:
        expected_file.write_text(actual, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    assert "Traceback" not in out + err
    assert "SECRET" not in out + err  # nothing from files outside events/ is read or shown
    assert not CONTROL.search((out + err).replace("\n", ""))  # no message line can be forged
    assert code == (1 if expected else 0)
    assert actual == expected
    if expected:  # every line but the count is path:line: field: message
        for line in expected.splitlines()[:-1]:
            path, number, field, message = line.split(":", 3)
            assert path.startswith("events") and int(number) >= 1 and field and message
