"""The one orchestrator: gather everything (load, validate, index), then write the pages,
then build the website and the bundle with MkDocs. The only module that calls the cache,
the writer and the MkDocs runner; the command line and the preview call it."""

from __future__ import annotations

import fcntl
import gc
import os
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from generator import cache, formats, load, mkdocs_site as site, outputs, urls
from generator.cache import CACHE_DIR, Cache, encode, next_cache, same
from generator.config import Settings, read_settings
from generator.errors import InputError, TimelineError
from generator.i18n import catalogue, localised
from generator.index import Index, build_index
from generator.load import load_input, page_stamps
from generator.model import Dataset, Event
from generator.pages import Site, declare
from generator.pages.fragments import (
    Context,
    Fragments,
    Known,
    Links,
    affected_by,
    all_fragments,
    changed_events,
)
from generator.urls import GENERATED
from generator.validate import validate
from generator.write import WriteReport, stamps_of, write_cache, write_pages


@dataclass(frozen=True)
class Paths:
    """Where a project keeps its events, its docs and its configuration."""

    events: Path
    docs: Path
    config: Path

    @classmethod
    def from_project(cls, project: Path, events: Path | None = None) -> Paths:
        """The standard layout of a project folder, with an optional other events folder."""
        project = project.resolve()  # the preview changes directory; keep paths valid
        return cls(events=(events.resolve() if events else project / "events"),
                   docs=project / "docs", config=project / "mkdocs.yml")

    @property
    def generated(self) -> Path:
        """The folder the generator owns inside docs/."""
        return self.docs / GENERATED


LOCK = ".timeline-lock"


class Busy(TimelineError):
    """Another build or preview of the same project holds the lock."""


@contextmanager
def exclusive(paths: Paths):
    """Hold the project's build lock (in its generated folder) for the block, or raise Busy
    at once. The operating system releases it when the process ends, killed or not, so a
    crashed build never leaves the project locked."""
    if not paths.docs.is_dir():
        raise TimelineError(f"{paths.docs} is not a folder: a project needs docs/ beside "
                            "mkdocs.yml")
    paths.generated.mkdir(exist_ok=True)
    descriptor = os.open(paths.generated / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(f"another build of this project is running (it holds "
                       f"{paths.generated / LOCK}); wait for it to finish") from None
        yield
    finally:
        os.close(descriptor)


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


def check(events_dir: Path, settings_dir: Path | None = None) -> Dataset:
    """Load and validate the events (and the settings in `settings_dir`, if given); raises
    InputError listing every problem of both."""
    problems = []
    if settings_dir is not None:
        try:
            read_settings(settings_dir)
        except InputError as error:
            problems = error.problems
    with without_cyclic_gc():
        try:
            dataset = validate(load_input(events_dir))
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return dataset


def outputs_of(dataset: Dataset, settings: Settings = Settings()) -> list[outputs.Output]:
    """Every output of a dataset, rendered from nothing (no cache): for tests and tools."""
    return declared_outputs(dataset, build_index(dataset), settings)[1]


def declared_outputs(dataset: Dataset, index: Index, settings: Settings,
                     known: Known | None = None, affected: frozenset[str] = frozenset()
                     ) -> tuple[dict[str, tuple[Event, Fragments]], list[outputs.Output]]:
    """Every event's fragments (reusing those `known` from the last run but for the
    `affected` ones) and every output declared over them."""
    words = catalogue(settings.language)
    registry = localised(dataset.registry, words)
    if registry is not dataset.registry:  # built-in types, titled in the site's language
        dataset = replace(dataset, registry=registry)
        index = replace(index, dataset=dataset)
    context = Context(registry, words, Links(registry), index)
    rendered = all_fragments(context, dataset.events, known, affected)
    declared = declare(Site(index, rendered, words, settings)) + \
        formats.declare(index, words, settings)
    return rendered, sorted(declared, key=lambda output: output.path)


def code_fingerprint() -> bytes:
    """The generator's own files, sub-packages, templates and words included: a changed
    renderer or message must not reuse old fragments."""
    package = Path(__file__).parent
    files = sorted(p for p in package.rglob("*") if p.is_file() and
                   "__pycache__" not in p.parts and p.suffix != ".pyc")
    return b"".join(p.relative_to(package).as_posix().encode() + b"\0" + p.read_bytes()
                    for p in files)


def read_previous(paths: Paths, settings: Settings, use_cache: bool,
                  memory: Cache | None = None) -> tuple[Cache, tuple[dict, list] | None]:
    """Last run's cache, valid for these registries, settings and code, and the registries
    read on the way (None when there is no events folder to read them from). `memory`, the
    cache a long-running process (the preview) kept, stands for the one on disk when its
    key still holds."""
    if not paths.events.is_dir():
        return Cache(), None
    found: list = []
    registries, registry_bytes = load.read_registries(paths.events, found)
    if not use_cache:
        return Cache(), (registries, found)
    key = cache.cache_key(code_fingerprint(), registry_bytes + b"\0" + settings.key())
    if memory is not None and memory.key == key:
        return memory, (registries, found)
    return cache.read(paths.generated / CACHE_DIR, key), (registries, found)


@dataclass
class Generation:
    """One run of the generator: the record, what it wrote, the cache for the next run, and
    the outputs it left for later (the preview writes the edited event's page first)."""

    dataset: Dataset
    report: WriteReport
    cache: Cache
    names: list[str]
    later: dict[str, outputs.Output]


def regenerate(paths: Paths, settings: Settings, previous: Cache,
               registries: tuple[dict, list] | None, use_cache: bool,
               now: Callable[[outputs.Output, frozenset[str]], bool] = lambda o, homes: True,
               pending: frozenset[str] = frozenset()) -> Generation:
    """Validate the events and write the outputs that changed since `previous`, those for
    which `now` says so (given the output and the pages that hold the changed events'
    sections, before and after); the others that changed (and the `pending` ones, left by
    an earlier run) are returned for later. The pages come out the same as without a
    cache."""
    reuse = (lambda relative, stamp: cache.reusable(previous, relative, stamp)) \
        if use_cache else None
    raw = load_input(paths.events, reuse, registries)
    dataset = validate(raw)
    # The YAML node trees are for validation only: let them go before rendering.
    stamps, started_ns = raw.stamps, raw.started_ns
    del raw
    index = build_index(dataset)
    before = previous.known()
    changed = changed_events(before, {event.id: event for event in dataset.events})
    # Events that show a changed one (they follow it, or it follows them) are rendered
    # again and their pages too, though they did not change themselves.
    affected = affected_by(changed, before, dataset.events)
    rendered, declared = declared_outputs(dataset, index, settings, before, affected)
    names = [output.path for output in declared]
    on_disk = page_stamps(paths.generated, names) if use_cache else {}
    keys = outputs.changed_keys(changed + [rendered[i][0] for i in affected if i in rendered],
                                outputs.months_of(e for e, _ in before.values()),
                                outputs.months_of(dataset.events))
    dirty = outputs.to_render(declared, keys, lambda name: on_disk.get(name) is not None
                              and on_disk[name] == previous.pages.get(name)) | pending
    homes = frozenset(urls.path(urls.home_of(event)) for event in changed)
    later = {o.path: o for o in declared if o.path in dirty and not now(o, homes)}
    pages = {o.path: o.render for o in declared if o.path in dirty and o.path not in later}
    report = write_pages(paths.generated, pages, frozenset(names) - frozenset(pages))
    next_run = next_cache(previous.key, stamps, dataset.events, rendered, started_ns,
                          stamps_of(paths.generated, [n for n in names if n not in later]),
                          previous) if use_cache else Cache()
    return Generation(dataset, report, next_run, names, later)


def generate(paths: Paths, use_cache: bool = True) -> tuple[Dataset, WriteReport]:
    """Validate the events and bring the generated pages up to date.

    With the cache of the last run (in the generated folder), an unchanged event file is
    not read again, an unchanged event not rendered again, and only the pages that show
    a changed event are rendered; the pages come out the same as without it.
    """
    settings = read_settings(paths.config.parent)
    with without_cyclic_gc():
        previous, registries = read_previous(paths, settings, use_cache)
        run = regenerate(paths, settings, previous, registries, use_cache)
        if use_cache and not same(run.cache, previous):
            write_cache(paths.generated, CACHE_DIR, *encode(run.cache, previous))
    return run.dataset, run.report


class Preview:
    """The generator of the live preview: one process for the whole session, so the record,
    every event's rendered fragments and the pages' stamps stay in memory between edits
    (nothing is read back from the cache on disk, and an unchanged event file is not read
    again). After an edit `update` writes at once the page that holds the edited event's
    section (its month's, or its year's for an event dated to a year; the old one too when
    its date moved): MkDocs' server then has one page to build before the browser reloads.
    The rest that shows the event (its year, parties, topics, type and tags, the
    summaries, the months' records, the feeds, the data files, the search index) waits for
    `finish`, which the watcher calls once the edits pause, and which also saves the cache
    for the next build. A full build gives the same bytes."""

    def __init__(self, paths: Paths) -> None:
        self.paths = paths
        self.memory: Cache | None = None  # the cache as of the last run, in memory
        self.saved = Cache()  # the cache as last written to disk
        self.later: dict[str, outputs.Output] = {}
        self.names: list[str] = []
        self.dataset: Dataset | None = None

    def update(self) -> WriteReport:
        """Bring the pages up to date after an edit (raises Busy, InputError)."""
        settings = read_settings(self.paths.config.parent)
        with exclusive(self.paths), without_cyclic_gc():
            previous, registries = read_previous(self.paths, settings, True, self.memory)
            if self.memory is None:
                self.saved = previous
            run = regenerate(self.paths, settings, previous, registries, True,
                             now=lambda output, homes: output.path in homes,
                             pending=frozenset(self.later))
        self.memory, self.later, self.names, self.dataset = \
            run.cache, run.later, run.names, run.dataset
        os.environ["TIMELINE_FOOTER"] = footer_text(run.dataset, settings)
        return run.report

    def finish(self) -> WriteReport:
        """Write what `update` left for later, and save the cache (raises Busy)."""
        report = WriteReport()
        if self.memory is None:
            return report
        with exclusive(self.paths), without_cyclic_gc():
            if self.later:
                files = {name: output.render for name, output in self.later.items()}
                report = write_pages(self.paths.generated, files,
                                     frozenset(self.names) - frozenset(files))
                self.memory = replace(self.memory,
                                      pages=stamps_of(self.paths.generated, self.names))
                self.later = {}
            if not same(self.memory, self.saved):
                write_cache(self.paths.generated, CACHE_DIR, *encode(self.memory, self.saved))
                self.saved = self.memory
        return report


# The span the fixed build time is kept in: zip stores 1980 to 2107, and MkDocs gzips the
# sitemap, whose header holds an unsigned 32-bit time (to February 2106).
EPOCH_RANGE = (int(datetime(1980, 1, 1, tzinfo=UTC).timestamp()), 2**32 - 1)


def build_epoch(dataset: Dataset) -> int:
    """The time MkDocs stamps into the sitemap: the end of the latest event, not the clock,
    so that the same events give the same site and a byte-identical bundle. A record that
    ends before 1980 or after 2105 is stamped with the nearest time the formats can hold."""
    latest = max((e.date.end for e in dataset.events), default=date(1980, 1, 1))
    seconds = (latest - date(1970, 1, 1)).days * 86400
    return min(max(seconds, EPOCH_RANGE[0]), EPOCH_RANGE[1])


THEME = site.THEME  # for the preview, which runs MkDocs' own server


def footer_text(dataset: Dataset, settings: Settings) -> str:
    """Every page's footer line: the last day the record reaches, and who publishes it."""
    words = catalogue(settings.language)
    latest = max((e.date.end for e in dataset.events), default=None)
    parts = [words("footer_as_of", date=words.spoken_day(latest))] if latest else []
    if settings.publisher:
        parts.append(words("footer_published_by", publisher=settings.publisher))
    return " · ".join(parts)


@dataclass(frozen=True)
class Built:
    """What a build made."""

    pages: WriteReport
    site_dir: Path
    archive: Path | None
    settings: Settings


def build(paths: Paths, project: Path, site_dir: Path | None = None,
          dist_dir: Path | None = None, bundle: bool = True) -> Built:
    """Validate, generate the pages, then build the website and (unless told not to) the
    offline bundle, after checking that no output folder would touch the sources."""
    site_dir = site_dir or project / "site"
    dist_dir = (dist_dir or project / "dist") if bundle else None
    sources = {"the project folder": project, "docs/": paths.docs, "events/": paths.events,
               "mkdocs.yml": paths.config}
    site.guard_outputs(sources, site_dir, dist_dir)
    settings = read_settings(paths.config.parent)
    with exclusive(paths):
        dataset, report = generate(paths)
        epoch, footer = build_epoch(dataset), footer_text(dataset, settings)
        site.build_website(paths.config, site_dir, epoch, settings, footer)
        archive = site.build_bundle(paths.config, dist_dir, epoch, settings, footer) \
            if dist_dir is not None else None
    return Built(report, site_dir, archive, settings)
