"""What one run keeps for the next, so that a one-event change costs one event's work.

An event file whose size and modification time are what they were last time is not
read or validated again; an event equal to last time's is not rendered again; a page
that shows no changed event is not rendered again. The cache is thrown away whole when
the registries, the generator's code or Python change, so it can make a run faster but
never different: the tests compare incremental runs with full ones, byte for byte.

It is stored in shards, one per folder of events (`events/2025/` and so on), so that a
change rewrites one shard rather than everything.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Mapping

from generator import __version__
from generator.model import Event
from generator.render import Fragments, Known

CACHE_DIR = ".timeline-cache"
HEAD = "head.pickle"
FORMAT = b"timeline-cache-2\n"
# A file changed this close to the run's start may change again within the same clock
# tick without its time moving (git's "racily clean" case): read it again next time.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class FileStamp:
    """Size and modification time of a file."""

    mtime_ns: int
    size: int

    @classmethod
    def of(cls, status: os.stat_result) -> "FileStamp":
        """The stamp of a file from its stat."""
        return cls(status.st_mtime_ns, status.st_size)


@dataclass(frozen=True)
class Entry:
    """One event file as the last run left it. `stamp` is None when the file had changed
    too recently to be trusted: it is read again, but the pages it was on are known."""

    stamp: FileStamp | None
    event: Event
    fragments: Fragments


@dataclass(frozen=True)
class Cache:
    """Every event file's entry, and the stamp of every page as it was written."""

    key: str = ""
    files: Mapping[str, Entry] = field(default_factory=dict)
    pages: Mapping[str, FileStamp] = field(default_factory=dict)

    def known(self) -> Known:
        """Last run's events and fragments by event id: what its pages showed."""
        return {e.event.id: (e.event, e.fragments) for e in self.files.values()}


def cache_key(code: bytes, registries: bytes) -> str:
    """Everything that, when changed, makes every cached event or fragment suspect."""
    digest = hashlib.sha256(FORMAT)
    for part in (sys.version.encode(), __version__.encode(), code, registries):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def shard_of(relative: str) -> str:
    """The file name of the shard that holds an event file's entry: one per folder."""
    folder = relative.split("/", 1)[0]
    return "shard-" + hashlib.sha256(folder.encode()).hexdigest()[:16] + ".pickle"


def _load(raw: bytes | None) -> object:
    """Unpickle one of our files; None for anything that is not one."""
    if not raw or not raw.startswith(FORMAT):
        return None
    try:
        return pickle.loads(raw[len(FORMAT):])
    except Exception:  # a truncated or foreign file: rebuild instead of failing
        return None


def decode_head(raw: bytes | None, key: str) -> dict | None:
    """The head (key, page stamps, shard names) if it was written under `key`."""
    head = _load(raw)
    return head if isinstance(head, dict) and head.get("key") == key else None


def decode(head: dict | None, shards: Mapping[str, bytes | None], key: str) -> Cache:
    """The cache from its head and shard files; empty if any part is missing or foreign.

    The files live in the generator's own git-ignored output folder, which is as
    trusted as the code that runs; anything unreadable in it is simply ignored.
    """
    if head is None:
        return Cache(key)
    files: dict[str, Entry] = {}
    for name in head["shards"]:
        shard = _load(shards.get(name))
        if not isinstance(shard, dict):
            return Cache(key)
        files.update(shard)
    return Cache(key, files, head["pages"])


def reusable(cache: Cache, relative: str, stamp: FileStamp) -> Event | None:
    """Last run's event for a file, when the file is provably unchanged since."""
    entry = cache.files.get(relative)
    return entry.event if entry is not None and entry.stamp == stamp else None


def next_cache(key: str, stamps: Mapping[str, tuple[FileStamp, str]], events: tuple[Event, ...],
               rendered: Known, started_ns: int, pages: Mapping[str, FileStamp],
               previous: Cache) -> Cache:
    """The cache for the next run: an entry for every valid event (`stamps` maps each
    file to its stamp and its shown path), reusing last run's entry when nothing moved."""
    by_path = {event.path: event for event in events}
    files = {}
    for relative, (stamp, shown) in stamps.items():
        event = by_path.get(shown)
        if event is None:
            continue
        trusted = stamp if stamp.mtime_ns <= started_ns - RACY_NS else None
        old = previous.files.get(relative)
        fragments = rendered[event.id][1]
        if old is not None and old.stamp == trusted and old.event is event and \
                old.fragments is fragments:
            files[relative] = old
        else:
            files[relative] = Entry(trusted, event, fragments)
    return Cache(key, files, dict(pages))


def same(cache: Cache, previous: Cache) -> bool:
    """True when nothing would be written: the same entries (by identity) and pages."""
    return (cache.key == previous.key and cache.pages == previous.pages and
            cache.files.keys() == previous.files.keys() and
            all(entry is previous.files[r] for r, entry in cache.files.items()))


def encode(cache: Cache, previous: Cache) -> tuple[dict[str, bytes], set[str]]:
    """The files to write (the head, and only the shards whose entries differ from the
    previous cache's), and the names of every file the new cache is made of."""
    def by_shard(files: Mapping[str, Entry]) -> dict[str, dict[str, Entry]]:
        shards: dict[str, dict[str, Entry]] = defaultdict(dict)
        for relative, entry in files.items():
            shards[shard_of(relative)][relative] = entry
        return shards

    now, before = by_shard(cache.files), by_shard(previous.files)
    out: dict[str, bytes] = {}
    for name, entries in now.items():
        old = before.get(name, {})
        if entries.keys() != old.keys() or any(entries[r] is not old[r] for r in entries):
            out[name] = FORMAT + pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
    head = {"key": cache.key, "pages": dict(cache.pages), "shards": sorted(now)}
    out[HEAD] = FORMAT + pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL)
    return out, set(now) | {HEAD}
