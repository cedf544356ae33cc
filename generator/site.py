"""Build the website and the offline bundle with MkDocs, swapping each in only on success."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from contextlib import chdir, contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

# Fixed so that the same site gives a byte-identical zip.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


class BuildAborted(Exception):
    """MkDocs refused the configuration or stopped on a warning (the site is strict)."""


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


def run_mkdocs(config_file: Path, site_dir: Path, offline: bool, epoch: int) -> None:
    """Build once with MkDocs into `site_dir`; offline builds use file-friendly links."""
    config_file, site_dir = config_file.resolve(), site_dir.resolve()
    # Extensions such as pymdownx.snippets resolve paths from the working directory.
    try:
        # The bundle never names the published host: its pages must not reach for it.
        site_url = "" if offline else os.environ.get("TIMELINE_SITE_URL", "")
        with chdir(config_file.parent), \
                environment(TIMELINE_OFFLINE="true" if offline else "false",
                            TIMELINE_SITE_URL=site_url,
                            SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", str(epoch))):
            config = load_config(str(config_file), site_dir=str(site_dir))
            mkdocs_build(config)
    except MkDocsException as error:
        raise BuildAborted(str(error) or type(error).__name__) from None
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
    for folder in sorted((p for p in lunr.rglob("*") if p.is_dir()), reverse=True) + [lunr]:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return removed


def swap_in(built: Path, final: Path) -> None:
    """Replace the previous output with a finished build in one short step."""
    if final.exists():
        old = final.with_name(f".{final.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        final.rename(old)
        built.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        built.rename(final)


def zip_folder(folder: Path, archive: Path, top: str) -> None:
    """Zip a folder under one top-level directory, in a stable order with fixed timestamps."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, path.read_bytes())


def build_website(config_file: Path, site_dir: Path, epoch: int) -> Path:
    """Build the website for a web server into `site_dir`."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".site-", dir=site_dir.parent) as scratch:
        built = Path(scratch) / "site"
        run_mkdocs(config_file, built, offline=False, epoch=epoch)
        swap_in(built, site_dir)
    return site_dir


def build_bundle(config_file: Path, dist_dir: Path, name: str, epoch: int) -> Path:
    """Build the offline variant and zip it as `dist/<name>-offline.zip`."""
    dist_dir.mkdir(parents=True, exist_ok=True)
    archive = dist_dir / f"{name}-offline.zip"
    with tempfile.TemporaryDirectory(prefix=".bundle-", dir=dist_dir) as scratch:
        built = Path(scratch) / name
        run_mkdocs(config_file, built, offline=True, epoch=epoch)
        partial = Path(scratch) / archive.name
        zip_folder(built, partial, name)
        os.replace(partial, archive)
    return archive
