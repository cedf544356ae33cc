"""The generator's import rules, read from its source: input stages know nothing of output,
and only the orchestrator reaches the cache, the writer and MkDocs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
INPUT = {"load", "dates", "model", "validate", "errors", "narrative", "config"}
OUTPUT_SIDE = {"pages", "html", "i18n", "urls", "outputs", "cache", "write", "mkdocs_site",
               "build", "preview", "cli", "index", "formats"}
ONLY_THE_ORCHESTRATOR = {"cache", "write", "mkdocs_site"}
PAGES_MAY_USE = {"model", "index", "urls", "outputs", "i18n", "html", "config", "errors",
                 "dates", "pages", "formats"}
# The other formats stand beside the pages: they read the same, and never a page module.
FORMATS_MAY_USE = (PAGES_MAY_USE - {"pages"}) | {"schemas"}  # schemas: files, no code


def module_name(path: Path) -> str:
    """'validate', 'pages' for any file of a sub-package; the module's name otherwise."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imports() -> dict[str, set[str]]:
    """For every file of the package (by path), the generator modules it imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "generator":
                    found |= {alias.name for alias in node.names}
                elif node.module.startswith("generator."):
                    found.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                found |= {a.name.split(".")[1] for a in node.names
                          if a.name.startswith("generator.")}
        graph[path.relative_to(PACKAGE).as_posix()] = found - {"__version__"}
    return graph


def report(graph: dict[str, set[str]]) -> str:
    return "\n".join(f"  {path}: {', '.join(sorted(names)) or '-'}"
                     for path, names in graph.items())


def test_input_modules_import_nothing_from_the_output_side():
    graph = imports()
    bad = {path: names & OUTPUT_SIDE for path, names in graph.items()
           if module_name(PACKAGE / path) in INPUT and names & OUTPUT_SIDE}
    assert not bad, f"input modules importing output modules:\n{report(bad)}"


def test_only_the_orchestrator_imports_the_cache_the_writer_and_mkdocs():
    graph = imports()
    bad = {path: names & ONLY_THE_ORCHESTRATOR for path, names in graph.items()
           if path != "build.py" and module_name(PACKAGE / path) not in ONLY_THE_ORCHESTRATOR
           and names & ONLY_THE_ORCHESTRATOR}
    assert not bad, f"modules other than build.py importing cache, write or MkDocs:\n" \
                    f"{report(bad)}"
    assert {"cache", "write", "mkdocs_site"} <= graph["build.py"]  # the rule has a subject


def test_pages_import_only_the_model_index_addresses_words_and_html():
    graph = imports()
    bad = {path: names - PAGES_MAY_USE for path, names in graph.items()
           if path.startswith("pages/") and names - PAGES_MAY_USE}
    assert not bad, f"pages importing more than they may:\n{report(bad)}"


def test_formats_import_only_the_model_the_index_and_the_building_blocks():
    graph = imports()
    bad = {path: names - FORMATS_MAY_USE for path, names in graph.items()
           if path.startswith("formats/") and names - FORMATS_MAY_USE}
    assert graph.keys() & {"formats/feeds.py", "formats/data.py"}
    assert not bad, f"formats importing more than they may:\n{report(bad)}"


def test_importing_the_loader_loads_no_renderer_sanitiser_or_template_engine():
    code = ("import sys, generator.load; print(sorted(m for m in sys.modules if m.split('.')[0]"
            " in ('cmarkgfm', 'nh3', 'jinja2', 'markupsafe', 'mkdocs', 'markdown', 'babel')"
            " or m.startswith('generator.')))")
    loaded = ast.literal_eval(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                             text=True, check=True).stdout)
    assert loaded == ["generator.dates", "generator.errors", "generator.load", "generator.model"]
