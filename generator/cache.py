"""What one run keeps for the next, so that a one-event change costs one event's work.

An event file whose stamp (size, modification and change times, inode) is what it was
last time is not read or validated again; the fragments of such an event are not
rendered again; a page that shows no changed event is not rendered again. The cache is
thrown away whole when the registries, the generator's code or Python change, so it can
make a run faster but never different: the tests compare incremental runs with full
ones, byte for byte.

It is stored in shards, one per folder of events (`events/2025/` and so on), so that a
change rewrites one shard rather than everything.

The cache lives under docs/generated/, where a pull request can put any file, so it is
data, never code: JSON, each file the line `FORMAT` then one JSON value (ASCII), every
part of which is checked before use. Anything unexpected (truncated, foreign, another
key, a wrong type, a missing or extra field, an impossible number or date) means "no
cache": the run reads and renders everything, as the first run did.

    head.json            {"key": KEY, "pages": {PAGE: STAMP}, "shards": [SHARD NAME]}
    shard-<16 hex>.json  {"key": KEY, "files": {EVENT FILE: [STAMP | null, EVENT, FRAGMENTS]}}

    STAMP      [mtime_ns, size, ctime_ns, inode]
    EVENT      [id, path, date, title, type, narrative, location,
                [party], [mediator], [topic], [tag], [SOURCE], [POSITION]]
    SOURCE     [id, outlet, title, published date | null, url]
    POSITION   [party, topic, stance, source, speaker]
    FRAGMENTS  [section, link, spoken, [said]]

Dates are stored as written (`EventDate.text`) and parsed again. A stamp's change time
and inode cannot be known by whoever writes a cache file elsewhere, so no stamp of a
foreign cache matches a file here: each event is read again and its fragments, raw
HTML, are rendered again rather than trusted (see `pages.fragments.all_fragments`), and each
page is rendered again.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from generator import __version__, codec
from generator.load import FileStamp, read_bytes
from generator.model import Event
from generator.pages.fragments import Fragments, Known

CACHE_DIR = ".timeline-cache"
HEAD = "head.json"
FORMAT = b"timeline-cache-5\n"
SHARD = re.compile(r"shard-[0-9a-f]{16}\.json")
# A file changed this close to the run's start may change again within the same clock
# tick without its time moving (git's "racily clean" case): read it again next time.
RACY_NS = 2_000_000_000


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
        """Last run's events and fragments by event id: what its pages showed. Fragments
        are reused only for the very event objects `reusable` handed out."""
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
    digest = hashlib.sha256(folder.encode("utf-8", "surrogatepass")).hexdigest()
    return "shard-" + digest[:16] + ".json"


# --- reading: every value checked, anything else is no cache ------------------------------

class _Invalid(Exception):
    """Part of a cache file that is not what this version writes."""


_LOW, _HIGH = -(1 << 63), 1 << 64  # beyond what any stat field holds
_STR = frozenset((str,))


def _no_constant(name: str) -> object:
    """NaN and Infinity are not JSON, and not ours."""
    raise _Invalid


_JSON = json.JSONDecoder(parse_constant=_no_constant)


def _load(raw: object, key: str) -> dict:
    """The JSON object of one of our files, if it was written under `key`."""
    if type(raw) is not bytes or not raw.startswith(FORMAT):
        raise _Invalid
    text = raw.decode("utf-8")  # whole: slicing first would copy megabytes once more
    value, end = _JSON.raw_decode(text, len(FORMAT))
    if end != len(text) or type(value) is not dict or value.get("key") != key:
        raise _Invalid  # anything after the value is not ours either
    return value


def _stamp(value: object) -> FileStamp:
    if type(value) is not list or len(value) != 4:
        raise _Invalid
    mtime, size, ctime, inode = value
    if not (type(mtime) is int and type(size) is int and type(ctime) is int and
            type(inode) is int and _LOW <= mtime < _HIGH and 0 <= size < _HIGH and
            _LOW <= ctime < _HIGH and 0 <= inode < _HIGH):
        raise _Invalid  # bool is not int here, nor is a float
    return FileStamp(mtime, size, ctime, inode)


def _strs(value: object) -> tuple[str, ...]:
    """A list of strings, as a tuple."""
    if type(value) is not list or not _STR.issuperset(map(type, value)):
        raise _Invalid
    return tuple(value)


def _event(value: object) -> Event:
    try:
        event = _decode_event(value)
    except codec.Invalid:
        raise _Invalid from None
    cited = {s.id for s in event.sources}
    records = event.positions + event.claims + event.commitments + event.fulfils
    if any(record.source not in cited for record in records):
        raise _Invalid  # rendering looks every cited source up
    return event


_decode_event = codec.decoder(Event)
_event_json = codec.encoder(Event)


def _fragments(value: object, event: Event) -> Fragments:
    if type(value) is not list or len(value) != 4:
        raise _Invalid
    section, link, spoken, said = value
    said = _strs(said)
    if not (type(section) is str and type(link) is str and type(spoken) is str and
            len(said) == len(event.positions)):  # one attributed stance a position
        raise _Invalid
    # Trusted as HTML only because the entry's file stamp must match (see all_fragments).
    return Fragments(Markup(section), Markup(link), Markup(spoken), tuple(map(Markup, said)))


def _entry(value: object) -> Entry:
    if type(value) is not list or len(value) != 3:
        raise _Invalid
    stamp, event, fragments = value
    event = _event(event)
    return Entry(None if stamp is None else _stamp(stamp), event, _fragments(fragments, event))


def _head(head: object, key: str) -> dict:
    """The head with its page stamps as FileStamps, if every part of it is ours."""
    if type(head) is not dict or head.keys() != {"key", "pages", "shards"} or \
            head["key"] != key:
        raise _Invalid
    pages, shards = head["pages"], head["shards"]
    if type(pages) is not dict or type(shards) is not list:
        raise _Invalid
    for name in shards:
        if type(name) is not str or not SHARD.fullmatch(name):
            raise _Invalid
    if len(set(shards)) != len(shards):
        raise _Invalid
    stamps = {}
    for name, stamp in pages.items():
        if type(name) is not str:
            raise _Invalid
        stamps[name] = stamp if type(stamp) is FileStamp else _stamp(stamp)
    return {"key": key, "pages": stamps, "shards": list(shards)}


def decode_head(raw: bytes | None, key: str) -> dict | None:
    """The head (key, page stamps, shard names) if it is one of ours, written under `key`;
    None for anything else."""
    try:
        return _head(_load(raw, key), key)
    except Exception:  # noqa: BLE001 - _Invalid, bad JSON or UTF-8, too deep: no cache
        return None


def decode(head: dict | None, shards: Mapping[str, bytes | None], key: str) -> Cache:
    """The cache from its head and shard files; empty if any part is missing, foreign,
    written under another key or not exactly the shape this version writes."""
    if head is None:
        return Cache(key)
    try:
        head = _head(head, key)
        files: dict[str, Entry] = {}
        for name in head["shards"]:
            shard = _load(shards.get(name), key)
            entries = shard.get("files")
            if len(shard) != 2 or type(entries) is not dict:
                raise _Invalid
            folders: set[str] = set()  # each file in its folder's shard
            for relative, entry in entries.items():
                folder = relative.split("/", 1)[0]
                if folder not in folders:
                    if shard_of(folder) != name:
                        raise _Invalid
                    folders.add(folder)
                files[relative] = _entry(entry)
        return Cache(key, files, head["pages"])
    except Exception:  # noqa: BLE001 - _Invalid, bad JSON or UTF-8, too deep: no cache
        return Cache(key)


CACHE_LIMIT = 1 << 31  # the cache of a very large record is large too


def read(cache_dir: Path, key: str) -> Cache:
    """Last run's cache if it was made with the same key, else an empty one."""
    head = decode_head(read_bytes(cache_dir / HEAD, CACHE_LIMIT)[0]
                       if (cache_dir / HEAD).is_file() else None, key)
    if head is None:
        return Cache(key)
    shards = {name: read_bytes(cache_dir / name, CACHE_LIMIT)[0] for name in head["shards"]}
    return decode(head, shards, key)


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


# --- writing -------------------------------------------------------------------------------

def _stamp_json(stamp: FileStamp | None) -> list[int] | None:
    return None if stamp is None else [stamp.mtime_ns, stamp.size, stamp.ctime_ns, stamp.inode]


def _dump(value: dict) -> bytes:
    """One of our files: the format line, then compact JSON."""
    text = json.dumps(value, separators=(",", ":"), allow_nan=False)  # ASCII: \u escapes
    return FORMAT + text.encode("ascii")


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
            files = {relative: [_stamp_json(e.stamp), _event_json(e.event),
                                [e.fragments.section, e.fragments.link, e.fragments.spoken,
                                 e.fragments.said]]
                     for relative, e in entries.items()}
            out[name] = _dump({"key": cache.key, "files": files})
    head = {"key": cache.key, "shards": sorted(now),
            "pages": {name: _stamp_json(stamp) for name, stamp in cache.pages.items()}}
    out[HEAD] = _dump(head)
    return out, set(now) | {HEAD}
