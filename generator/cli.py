"""The command line: `check`, `build`, `new`, `serve` and `import`, also installed as
`timeline`."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from generator import __version__, build, errors, scaffold
from generator.errors import InputError, TimelineError


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options every command shares: where the project and its events are."""
    parser.add_argument("--project", type=Path, default=Path("."),
                        help="folder holding mkdocs.yml, docs/ and events/ (default: .)")
    parser.add_argument("--events", type=Path, default=None,
                        help="folder of event files and registries (default: PROJECT/events)")


def make_parser() -> argparse.ArgumentParser:
    """Describe the commands and their options."""
    parser = argparse.ArgumentParser(
        prog="timeline", description="Turn dated event files into a searchable timeline site.")
    parser.add_argument("--version", action="version", version=f"timeline {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="validate the event files; exit 1 on any problem",
                                description="Validate every event file and registry and list "
                                            "every problem as path:line: field: message.")
    add_common(check)
    check.add_argument("--lint", action="store_true",
                       help="also check the record's own rules: every source has an address, "
                            "every outlet is registered, no position rests on a partisan "
                            "outlet when the event has a better one")
    build = commands.add_parser("build", help="validate, generate pages, build site and bundle",
                                description="Validate, generate the Markdown pages, then build "
                                            "the website (site/) and the offline bundle (dist/).")
    add_common(build)
    build.add_argument("--site-dir", type=Path, default=None, help="default: PROJECT/site")
    build.add_argument("--dist-dir", type=Path, default=None, help="default: PROJECT/dist")
    build.add_argument("--no-bundle", action="store_true", help="skip the offline bundle")
    build.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress")
    new = commands.add_parser("new", help="scaffold an event file from a title and a date",
                              description="Write events/YYYY/YYYY-MM-DD-slug.md with every "
                                          "field ready to fill in.")
    add_common(new)
    new.add_argument("--title", required=True, help="the event's title")
    new.add_argument("--date", required=True, help="2025-06-02, 2025-06, 2025, 2025-06~, …")
    new.add_argument("--type", default="talks", help="event type (default: talks)")
    new.add_argument("--slug", default=None, help="file-name slug (default: from the title)")
    serve = commands.add_parser("serve", help="live preview that follows edits to events",
                                description="Generate, then serve the site with live reload; "
                                            "edits to event files regenerate the pages.")
    add_common(serve)
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="default: 127.0.0.1:8000")
    imports = commands.add_parser("import", help="turn another tool's timeline into event files",
                                  description="Write an event file, ready to fill in, for each "
                                              "event of a file made with another tool.")
    formats = imports.add_subparsers(dest="format", required=True, metavar="FORMAT")
    timelinejs = formats.add_parser(
        "timelinejs", help="a TimelineJS JSON file, or its Google Sheet saved as CSV",
        description="Write events/YYYY/YYYY-MM-DD-slug.md for each slide of a TimelineJS "
                    "JSON file or each row of a TimelineJS Google Sheet saved as CSV. "
                    "Nothing is overwritten, and nothing is written if any slide has a "
                    "problem.")
    add_common(timelinejs)
    timelinejs.add_argument("file", type=Path, metavar="FILE",
                            help="the .json file, or the sheet saved as .csv")
    return parser


def run_check(args: argparse.Namespace, paths: build.Paths) -> int:
    """Validate and say how many events passed; with --lint, also the record's rules."""
    dataset = build.check(paths.events, paths.config.parent)
    print(f"{len(dataset.events)} events, {len(dataset.registry.parties)} parties, "
          f"{len(dataset.registry.topics)} topics: no problems.")
    if not args.lint:
        return 0
    from generator.lint import lint  # only this option reads the files a second time

    found = lint(dataset)
    for problem in found.warnings:
        print(problem, file=sys.stderr)
    if found.errors:
        errors.report(errors.InputError(list(found.errors)), " in the record's own rules")
        return 1
    print(f"lint: {len(found.warnings)} warning(s), no errors.")
    return 0


def run_build(args: argparse.Namespace, paths: build.Paths) -> int:
    """Generate the pages, then build the website and the offline bundle."""
    logging.getLogger("mkdocs").setLevel(logging.INFO if args.verbose else logging.WARNING)
    started = time.perf_counter()
    built = build.build(paths, args.project, args.site_dir, args.dist_dir, not args.no_bundle)
    report = built.pages
    print(f"generated: {len(report.written)} pages written, {report.unchanged} unchanged, "
          f"{len(report.removed)} removed")
    print(f"website: {built.site_dir}")
    if not built.settings.site_url:
        print("note: no site_url is set (timeline.yml, or TIMELINE_SITE_URL), so the site has "
              "no sitemap and its feeds and data files link relatively; set it to the "
              "published address before publishing")
    if not built.settings.corrections:
        print("note: no corrections address is set (timeline.yml), so the About page tells "
              "readers to contact the publisher but gives no address; set `corrections` to "
              "a mailto: or web address before publishing")
    if built.archive is not None:
        print(f"offline bundle: {built.archive}")
    print(f"built in {time.perf_counter() - started:.1f} s")
    return 0


def run_new(args: argparse.Namespace, paths: build.Paths) -> int:
    """Scaffold one event file."""
    path = scaffold.new_event(paths.events, args.title, args.date, args.type, args.slug)
    print(f"wrote {path}: fill in its sources, then run `timeline check`.")
    return 0


def run_serve(args: argparse.Namespace, paths: build.Paths) -> int:
    """Serve a live preview, regenerating pages whenever an event file changes."""
    from generator import preview  # imported here: only `serve` needs the watcher
    return preview.serve(paths, args.dev_addr)


def run_import(args: argparse.Namespace, paths: build.Paths) -> int:
    """Write event files from another tool's timeline."""
    from generator import timelinejs  # imported here: only `import` reads other formats

    written = timelinejs.import_file(args.file, paths.events)
    print(f"wrote {len(written)} event file(s) to {paths.events}:")
    for path in written:
        print(f"  {path}")
    print("fill in their sources, then run `timeline check`.")
    return 0


COMMANDS = {"check": run_check, "build": run_build, "new": run_new, "serve": run_serve,
            "import": run_import}
# How the count of problems ends, per command: what did not happen because of them.
OUTCOMES = {"check": "", "import": "; nothing was written"}


def main(argv: list[str] | None = None) -> int:
    """Run one command; every error is reported in words, never as a traceback."""
    args = make_parser().parse_args(argv)
    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING)
    paths = build.Paths.from_project(args.project, args.events)
    try:
        return COMMANDS[args.command](args, paths)
    except InputError as error:
        errors.report(error, OUTCOMES.get(args.command, "; nothing was built"))
    except (TimelineError, OSError) as error:  # OSError: a read-only, full or vanished folder
        errors.say(error)
    return 1
