"""What one run keeps for the next, so that a one-event change costs one event's work.

An event file whose size and modification time are what they were last time is not
read or validated again; an event equal to last time's is not rendered again. The
cache is thrown away whole when the registries, the generator's code or Python change,
so it can make a run faster but never different: the tests compare an incremental run
with a full one, byte for byte.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from dataclasses import dataclass, field
from typing import Mapping

from generator.model import Event
from generator.render import Fragments

CACHE_FILE = ".timeline-cache.pickle"
FORMAT = b"timeline-cache-1"
# A file changed this close to the run's start may change again within the same clock
# tick without its time moving (git's "racily clean" case): read it again next time.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class FileStamp:
    """Size and modification time of an event file when it was read."""

    mtime_ns: int
    size: int


@dataclass(frozen=True)
class Cache:
    """Validated events by file, and rendered fragments by event id, under one key."""

    key: str = ""
    files: Mapping[str, tuple[FileStamp, Event]] = field(default_factory=dict)
    rendered: Mapping[str, tuple[Event, Fragments]] = field(default_factory=dict)


def cache_key(code: bytes, registries: bytes) -> str:
    """Everything that, when changed, makes every cached event or fragment suspect."""
    digest = hashlib.sha256(FORMAT)
    for part in (sys.version.encode(), code, registries):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def decode(raw: bytes | None, key: str) -> Cache:
    """The cache in `raw` if it was written under `key`; otherwise an empty one.

    The file lives in the generator's own git-ignored output folder, which is as
    trusted as the code that runs; anything unreadable in it is simply ignored.
    """
    if not raw or not raw.startswith(FORMAT + b"\n"):
        return Cache(key)
    try:
        cache = pickle.loads(raw[len(FORMAT) + 1:])
    except Exception:  # a truncated or foreign file: rebuild instead of failing
        return Cache(key)
    return cache if isinstance(cache, Cache) and cache.key == key else Cache(key)


def encode(cache: Cache) -> bytes:
    """The bytes to store."""
    return FORMAT + b"\n" + pickle.dumps(cache, protocol=pickle.HIGHEST_PROTOCOL)


def reusable(cache: Cache, relative: str, stamp: FileStamp) -> Event | None:
    """Last run's event for a file, when the file is provably unchanged since."""
    entry = cache.files.get(relative)
    return entry[1] if entry is not None and entry[0] == stamp else None


def next_cache(key: str, stamps: Mapping[str, tuple[FileStamp, str]], events: tuple[Event, ...],
               rendered: Mapping[str, tuple[Event, Fragments]], started_ns: int) -> Cache:
    """The cache for the next run: every valid event whose file had been still for a while
    when this run started (`stamps` maps each file to its stamp and its shown path)."""
    by_path = {event.path: event for event in events}
    files = {relative: (stamp, by_path[shown])
             for relative, (stamp, shown) in stamps.items()
             if shown in by_path and stamp.mtime_ns <= started_ns - RACY_NS}
    return Cache(key, files, rendered)
