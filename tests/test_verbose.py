"""`timeline build -v` shows MkDocs' progress, not a list of every generated page."""

from __future__ import annotations

import subprocess
import sys

from conftest import REGISTRIES, ROOT, copy_skeleton, event_text, write_files


def test_verbose_build_does_not_list_the_generated_pages(tmp_path):
    project = copy_skeleton(tmp_path / "project")
    # 48 months of events: 48 month pages and 4 year pages, none of them in the nav.
    events = {f"{year}/{year}-{month:02d}-01-talks.md":
              event_text(date=f"{year}-{month:02d}-01", title=f"Talks {year}-{month:02d}")
              for year in range(2021, 2025) for month in range(1, 13)}
    write_files(project / "events", {**REGISTRIES, **events})
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "-v", "--no-bundle",
         "--project", str(project)],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "INFO: Documentation built in" in output  # -v still shows MkDocs' progress
    assert 'not included in the "nav"' not in output, output
    assert not [line for line in output.splitlines() if "generated/" in line and
                line.lstrip().startswith("- ")], output
    assert len(output.splitlines()) < 40, output
