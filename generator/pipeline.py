"""Run the stages in order: load, validate, index, render, write."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from generator.index import build_index
from generator.load import load_input
from generator.model import Dataset
from generator.render import render_site
from generator.validate import validate
from generator.write import WriteReport, write_pages

GENERATED = "generated"


@dataclass(frozen=True)
class Paths:
    """Where a project keeps its events, its docs and its configuration."""

    events: Path
    docs: Path
    config: Path

    @classmethod
    def from_project(cls, project: Path, events: Path | None = None) -> "Paths":
        """The standard layout of a project folder, with an optional other events folder."""
        project = project.resolve()  # the preview changes directory; keep paths valid
        return cls(events=(events.resolve() if events else project / "events"),
                   docs=project / "docs", config=project / "mkdocs.yml")

    @property
    def generated(self) -> Path:
        """The folder the generator owns inside docs/."""
        return self.docs / GENERATED


@contextmanager
def without_cyclic_gc():
    """Pause the cycle collector: every YAML node it would scan again and again is acyclic,
    and at 10,000 events the repeated full scans made loading three times slower."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check(events_dir: Path) -> Dataset:
    """Load and validate; raises InputError listing every problem."""
    with without_cyclic_gc():
        return validate(load_input(events_dir))


def generate_pages(dataset: Dataset) -> dict[str, str]:
    """Render every generated page, keyed by its path inside the generated folder."""
    with without_cyclic_gc():
        pages, _ = render_site(build_index(dataset))
    return pages


def generate(paths: Paths) -> tuple[Dataset, WriteReport]:
    """Validate the events and bring the generated pages up to date."""
    dataset = check(paths.events)
    return dataset, write_pages(paths.generated, generate_pages(dataset))


def build_epoch(dataset: Dataset) -> int:
    """The time MkDocs stamps into the sitemap: the end of the latest event, not the clock,
    so that the same events give the same site and a byte-identical bundle."""
    latest = max((e.date.end for e in dataset.events), default=date(1980, 1, 1))
    return int(datetime(latest.year, latest.month, latest.day, tzinfo=timezone.utc).timestamp())
