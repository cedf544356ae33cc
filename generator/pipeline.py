"""Run the stages in order: load, validate, index, render, write."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from generator.cache import CACHE_FILE, encode, next_cache
from generator.index import build_index
from generator.load import load_input
from generator.model import Dataset
from generator.render import render_site
from generator.validate import validate
from generator.write import WriteReport, write_cache, write_pages

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
        # What survives (the dataset, the pages) is acyclic too and lives to the end of
        # the run: keep the collector's later full scans, during the MkDocs build, off it.
        gc.freeze()
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


def generate(paths: Paths, use_cache: bool = True) -> tuple[Dataset, WriteReport]:
    """Validate the events and bring the generated pages up to date.

    The cache in the generated folder lets an unchanged event skip reading, validation
    and rendering; the pages come out the same with or without it.
    """
    cache_file = paths.generated / CACHE_FILE
    with without_cyclic_gc():
        raw = load_input(paths.events, cache_file if use_cache else None)
        dataset = validate(raw)
        pages, rendered = render_site(build_index(dataset), raw.previous.rendered)
        report = write_pages(paths.generated, pages)
        if use_cache:
            write_cache(paths.generated, CACHE_FILE, encode(next_cache(
                raw.previous.key, raw.stamps, dataset.events, rendered, raw.started_ns)))
    return dataset, report


def build_epoch(dataset: Dataset) -> int:
    """The time MkDocs stamps into the sitemap: the end of the latest event, not the clock,
    so that the same events give the same site and a byte-identical bundle."""
    latest = max((e.date.end for e in dataset.events), default=date(1980, 1, 1))
    return int(datetime(latest.year, latest.month, latest.day, tzinfo=timezone.utc).timestamp())
