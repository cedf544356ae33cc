"""Build the website and the offline bundle with MkDocs, swapping each in only on success."""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import zipfile
from contextlib import chdir, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.config import Settings
from generator.errors import TimelineError

# Fixed so that the same site gives a byte-identical zip.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
# The templates over Material's (mkdocs.yml's theme.custom_dir reads TIMELINE_THEME).
THEME = Path(__file__).parent / "theme"
# Every website we build carries this file, so that a later build replaces only a folder
# it made; a zip of ours carries BUNDLE_COMMENT. Temporary folders start with the prefix.
MARKER = ".timeline-build"
MARKER_TEXT = "Built by timeline: the next build replaces this folder, keeping hidden entries.\n"
BUNDLE_COMMENT = b"offline bundle built by timeline"
TEMPORARY_PREFIX = ".timeline-"
BUNDLE_NAME = "timeline"  # the zip's name and the one folder a reader unzips


class BuildAborted(TimelineError):
    """MkDocs refused the configuration or stopped on a warning (the site is strict)."""


class OutputError(TimelineError):
    """An output folder that a build may not use: the sources, or someone else's files."""


@contextmanager
def environment(**values: str):
    """Set environment variables that mkdocs.yml reads with !ENV, for one build."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_mkdocs(config_file: Path, site_dir: Path, offline: bool, epoch: int,
               settings: Settings = Settings(), footer: str = "") -> None:
    """Build once with MkDocs into `site_dir`; offline builds use file-friendly links."""
    config_file, site_dir = config_file.resolve(), site_dir.resolve()
    # Extensions such as pymdownx.snippets resolve paths from the working directory.
    try:
        # The bundle never names the published host: its pages must not reach for it.
        site_url = "" if offline else settings.site_url
        with chdir(config_file.parent), \
                environment(TIMELINE_OFFLINE="true" if offline else "false",
                            TIMELINE_SITE_URL=site_url,
                            TIMELINE_LANGUAGE=settings.language,
                            TIMELINE_THEME=str(THEME), TIMELINE_FOOTER=footer,
                            SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", str(epoch))):
            config = load_config(str(config_file), site_dir=str(site_dir))
            mkdocs_build(config)
    except MkDocsException as error:
        reason = str(error) or type(error).__name__
        raise BuildAborted(f"the MkDocs build failed: {reason}") from None
    prune_unused_assets(site_dir, search_languages(config))


def search_languages(config) -> list[str] | None:
    """The languages Material's search was built for, or None when it cannot tell."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    languages = getattr(getattr(plugin, "config", None), "lang", None)
    return list(languages) if isinstance(languages, (list, tuple)) else None


def lunr_files_needed(languages: list[str]) -> set[str]:
    """The files below assets/javascripts/lunr/ that Material's search worker imports for
    these languages (mirrors its loader: a stemmer per non-English language, segmenters
    for Japanese, Hindi and Thai, the multi-language glue for more than one)."""
    needed = {f"min/lunr.{lang}.min.js" for lang in languages if lang != "en"}
    needed |= {"tinyseg.js" for lang in languages if lang == "ja"}
    needed |= {"wordcut.js" for lang in languages if lang in ("hi", "th")}
    if len(languages) > 1:
        needed.add("min/lunr.multi.min.js")
    if needed:
        needed.add("min/lunr.stemmer.support.min.js")
    return needed


def prune_unused_assets(site_dir: Path, languages: list[str] | None) -> list[Path]:
    """Remove theme files that no page loads: source maps (read only by developer tools)
    and search-language packs for languages the site does not use. About 2 MB a copy,
    a fifth of a site of 1,000 events, and the same again in every offline bundle."""
    removed = sorted((site_dir / "assets").glob("**/*.map"))
    lunr = site_dir / "assets" / "javascripts" / "lunr"
    if languages is not None and lunr.is_dir():
        needed = lunr_files_needed(languages)
        removed += sorted(p for p in lunr.rglob("*.js")
                          if p.relative_to(lunr).as_posix() not in needed)
    for path in removed:
        path.unlink()
    for folder in [*sorted((p for p in lunr.rglob("*") if p.is_dir()), reverse=True), lunr]:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return removed


def swap_in(built: Path, final: Path) -> None:
    """Replace the previous output (a build of ours, checked by guard_site_dir) with a
    finished build in one short step. Hidden entries a user keeps there, such as the
    `.git` of a deployment checkout, move into the new build, as with `mkdocs build`."""
    old = parked(final)
    if final.exists():
        final.rename(old)
    built.rename(final)
    finish_swap(old, final)


def parked(final: Path) -> Path:
    """Where the previous build waits while the new one moves in."""
    return final.with_name(f"{TEMPORARY_PREFIX}old-{final.name}")


def finish_swap(old: Path, final: Path) -> None:
    """Move the user's hidden entries from the previous build into the new one, then
    remove the previous build (ours: it carries our marker)."""
    if not old.is_dir():
        return
    for entry in sorted(old.iterdir()):
        if entry.name.startswith(".") and entry.name != MARKER and \
                not os.path.lexists(final / entry.name):
            entry.rename(final / entry.name)
    if (old / MARKER).is_file():
        shutil.rmtree(old)


def recover(final: Path) -> None:
    """Finish what a build killed while swapping left behind: put the previous website
    back if the new one never moved in, finish the swap if it did, and remove unfinished
    builds of ours (temporary folders that carry our marker) beside the output."""
    old = parked(final)
    if old.is_dir() and (old / MARKER).is_file():
        if not os.path.lexists(final):
            old.rename(final)
        else:
            finish_swap(old, final)
    remove_leftovers(final.parent)


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete temporary folders a killed build of ours left in `folder`, and nothing else."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for entry in sorted(folder.glob(TEMPORARY_PREFIX + "tmp-*")):
        if entry.is_dir() and not entry.is_symlink() and (entry / MARKER).is_file():
            shutil.rmtree(entry)
            removed.append(entry)
    return removed


def temporary_folder(parent: Path) -> Path:
    """A new temporary folder of ours beside the output, marked as ours at once."""
    scratch = Path(tempfile.mkdtemp(prefix=TEMPORARY_PREFIX + "tmp-", dir=parent))
    (scratch / MARKER).write_text(MARKER_TEXT, "utf-8")
    return scratch


def zip_folder(folder: Path, archive: Path, top: str) -> None:
    """Zip a folder under one top-level directory, in a stable order with fixed timestamps."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        bundle.comment = BUNDLE_COMMENT
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix: unzip applies the mode below
            info.external_attr = (stat.S_IFREG | 0o644) << 16  # a regular file, rw-r--r--
            bundle.writestr(info, path.read_bytes())


def build_website(config_file: Path, site_dir: Path, epoch: int,
                  settings: Settings = Settings(), footer: str = "") -> Path:
    """Build the website for a web server into `site_dir` (checked by guard_site_dir)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(site_dir)
    scratch = temporary_folder(site_dir.parent)
    try:
        built = scratch / "site"
        run_mkdocs(config_file, built, offline=False, epoch=epoch, settings=settings,
                   footer=footer)
        (built / MARKER).write_text(MARKER_TEXT, "utf-8")
        swap_in(built, site_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return site_dir


def relative_error_page(page: Path, site_url: str) -> None:
    """Make the bundle's 404 page work from disk. MkDocs gives error pages addresses from
    the server's root (`/assets/...`, or the site_url's path), since a server shows them at
    any depth; in the bundle the page is only ever opened as the file at its top, so every
    such address becomes relative to that folder."""
    if not page.is_file():
        return
    root = re.escape(urlsplit(site_url).path or "/") if site_url else "/"
    text = page.read_text("utf-8")
    text = re.sub(rf'(\b(?:href|src)="){root}(?!/)', r"\1", text)
    text = re.sub(rf'("(?:base|search)": "){root}(?!/)', r"\1", text)
    text = text.replace('"base": ""', '"base": "."')
    page.write_text(text, "utf-8")


def bundle_path(dist_dir: Path) -> Path:
    """Where the offline bundle goes: `dist/timeline-offline.zip`."""
    return dist_dir / f"{BUNDLE_NAME}-offline.zip"


def build_bundle(config_file: Path, dist_dir: Path, epoch: int,
                 settings: Settings = Settings(), footer: str = "") -> Path:
    """Build the offline variant and zip it, under one top folder, at `bundle_path`."""
    name = BUNDLE_NAME
    dist_dir.mkdir(parents=True, exist_ok=True)
    remove_leftovers(dist_dir)
    archive = bundle_path(dist_dir)
    scratch = temporary_folder(dist_dir)
    try:
        built = scratch / name
        run_mkdocs(config_file, built, offline=True, epoch=epoch, settings=settings,
                   footer=footer)
        relative_error_page(built / "404.html", settings.site_url)
        partial = scratch / archive.name
        zip_folder(built, partial, name)
        os.replace(partial, archive)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return archive


def is_ours(folder: Path) -> bool:
    """A folder a build of ours made, or one with nothing in it but hidden entries (a fresh
    deployment checkout), which a build may fill."""
    if (folder / MARKER).is_file():
        return True
    return all(entry.name.startswith(".") and entry.name != MARKER for entry in folder.iterdir())


def guard_outputs(sources: dict[str, Path], site_dir: Path,
                  dist_dir: Path | None) -> None:
    """Refuse output folders that would overwrite or delete what the build reads, what
    another output holds, or a folder this tool did not make, before anything is built."""
    outputs = {"--site-dir": site_dir.resolve()}
    if dist_dir is not None:
        outputs["--dist-dir"] = dist_dir.resolve()
    for flag, folder in outputs.items():
        for name, source in sources.items():
            source = source.resolve()
            if folder == source or source.is_relative_to(folder):
                raise OutputError(f"{flag} {folder} would replace {name} ({source}): "
                                  "choose a folder outside it")
            if name != "the project folder" and folder.is_relative_to(source):
                raise OutputError(f"{flag} {folder} lies inside {name} ({source}): "
                                  "choose a folder outside it")
        if os.path.lexists(folder) and not folder.is_dir():
            raise OutputError(f"{flag} {folder} exists and is not a folder")
    if "--dist-dir" in outputs and (outputs["--dist-dir"].is_relative_to(outputs["--site-dir"]) or
                                    outputs["--site-dir"].is_relative_to(outputs["--dist-dir"])):
        raise OutputError("--site-dir and --dist-dir must be separate folders, neither inside "
                          "the other")
    site = outputs["--site-dir"]
    if site.is_dir() and not is_ours(site):
        raise OutputError(f"{site} holds files that timeline did not build, and a build "
                          "replaces that folder: empty it, remove it, or choose another "
                          "--site-dir")
    if "--dist-dir" in outputs:
        archive = bundle_path(outputs["--dist-dir"])
        if os.path.lexists(archive) and not is_our_bundle(archive):
            raise OutputError(f"{archive} was not made by timeline, and a build would replace "
                              "it: move it, or choose another --dist-dir")


def is_our_bundle(archive: Path) -> bool:
    """A regular file that is a zip carrying our comment."""
    if archive.is_symlink() or not archive.is_file():
        return False
    try:
        with zipfile.ZipFile(archive) as bundle:
            return bundle.comment == BUNDLE_COMMENT
    except (zipfile.BadZipFile, OSError):
        return False
