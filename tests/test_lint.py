"""Lint and types: ruff over the code, the tests and the benchmarks; mypy over the generator.
Their settings are in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.parametrize("command", [["ruff", "check", "generator", "tests", "benchmarks"],
                                     ["mypy", "generator"]], ids=["ruff", "mypy"])
def test_clean(command):
    result = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, (f"{' '.join(command)} exited {result.returncode}:\n"
                                    f"{result.stdout}{result.stderr}")
