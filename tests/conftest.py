"""Shared fixtures: the project's folders, tiny projects in temporary folders, golden updates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_EVENTS = ROOT / "tests" / "fixtures" / "events"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output instead of comparing")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Mark a failed test, so fixtures can keep evidence (browser screenshots)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        item.failed = True


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def write_files(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Create files from a mapping of relative path to content."""
    for relative, content in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def copy_skeleton(project: Path) -> Path:
    """Give a project folder the real mkdocs.yml and hand-written docs, without generated pages."""
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("generated"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


@pytest.fixture
def tiny_project(tmp_path: Path):
    """A project folder with the real mkdocs.yml and hand-written docs, and given events."""

    def make(events: Path | dict[str, str | bytes] = FIXTURE_EVENTS) -> Path:
        project = copy_skeleton(tmp_path / "project")
        if isinstance(events, Path):
            shutil.copytree(events, project / "events")
        else:
            write_files(project / "events", events)
        return project

    return make


REGISTRIES = {
    "parties.yml": "ukraine: {name: Ukraine, kind: state}\nrussia: {name: Russia, kind: state}\n",
    "topics.yml": "ceasefire: {title: Ceasefire}\nprisoners: {title: Prisoners}\n",
}


def event_text(**fields: str) -> str:
    """A valid event file, with any front-matter line replaced or added by keyword."""
    lines = {"date": "2025-06-02", "title": "Talks", "type": "talks",
             "sources": "\n  - id: s1\n    outlet: Wire"}
    lines.update(fields)
    body = "\n".join(f"{key}: {value}" if not value.startswith("\n") else f"{key}:{value}"
                     for key, value in lines.items() if value is not None)
    return f"---\n{body}\n---\nNarrative.\n"


@pytest.fixture(scope="session")
def shipped_project(tmp_path_factory) -> Path:
    """The real project (events, docs, mkdocs.yml) built once, website and bundle."""
    from generator.cli import main

    project = copy_skeleton(tmp_path_factory.mktemp("shipped"))
    shutil.copytree(ROOT / "events", project / "events")
    shutil.copy(ROOT / "timeline.yml", project / "timeline.yml")  # its publisher and licence
    assert main(["build", "--project", str(project)]) == 0
    return project


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    from browser_support import ARGS, CHROMIUM

    assert CHROMIUM.exists(), "install Debian's chromium (apt-get install chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def served_site(shipped_project: Path):
    """The built website on loopback."""
    from browser_support import serve_folder

    server, url = serve_folder(shipped_project / "site")
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def unzipped_bundle(shipped_project: Path, tmp_path_factory) -> Path:
    """The offline bundle, unzipped as a reader would, somewhere else on disk."""
    import zipfile

    target = tmp_path_factory.mktemp("usb-stick")
    with zipfile.ZipFile(shipped_project / "dist" / "timeline-offline.zip") as bundle:
        bundle.extractall(target)
    return target / "timeline"


ARTIFACTS = ROOT / "test-artifacts"


def browser_page(browser, request, **context_options):
    """A page whose requests off this machine are aborted and recorded in `page.outside`;
    on failure a screenshot is kept in test-artifacts/."""
    from browser_support import block_the_outside

    context = browser.new_context(**context_options)
    page = context.new_page()
    page.outside = []
    block_the_outside(context, page.outside)
    page.broken = []  # local files or loopback URLs that failed to load
    # ERR_ABORTED: a load cut short because the test moved on to the next page.
    page.on("requestfailed", lambda r: None if r.url in page.outside or
            "ERR_ABORTED" in (r.failure or "") else page.broken.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: page.broken.append(f"{r.url}: {r.status}")
            if r.status >= 400 else None)
    yield page
    if getattr(request.node, "failed", False):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def page(browser, request):
    yield from browser_page(browser, request)


def context_for(dataset):
    """What rendering an event needs, for a dataset, in English."""
    from generator.i18n import catalogue
    from generator.index import build_index
    from generator.pages.fragments import Context, Links

    return Context(dataset.registry, catalogue("en"), Links(dataset.registry),
                   build_index(dataset))
