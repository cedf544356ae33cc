"""Write a deterministic synthetic corpus of N events in our format, for scale tests.

Realistic in shape: 5 parties, 8 topics, 2-3 parties and topics and 1-3 positions an
event, a source each, narratives of about 150 words, dates spread over ten years, and
one event in five following up an earlier one (`follows`), so that a change to one event
changes what another shows: the cache must notice. With `record=True` (the default) events
also carry claims that dispute earlier claims, commitments, and fulfilments of earlier
commitments, drawn from a random stream of their own: the same events with and without.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

PARTIES = ["alpha", "bravo", "charlie", "delta", "echo"]
TOPICS = ["ceasefire", "territory", "prisoners", "sanctions", "energy", "trade", "borders",
          "monitoring"]
TYPES = ["talks", "statement", "agreement", "exchange", "military", "proposal"]
WORDS = [
    "delegation", "negotiators", "agreed", "proposal", "ceasefire", "monitoring", "exchange",
    "prisoners", "border", "corridor", "guarantees", "statement", "minister", "envoy",
    "summit", "capital", "framework", "withdrawal", "sanctions", "energy", "grain", "port",
    "inspection", "memorandum", "round",
]
PLACES = ["Geneva", "Vienna", "Istanbul", "Doha", "Oslo", "Riyadh", "Minsk", "Helsinki"]
PEOPLE = ["Anna Kovacs", "Ben Osei", "Chen Wei", "Dara Nolan", "Eli Mensah", "Farah Aziz"]


def registries() -> dict[str, str]:
    """The parties and topics files of the corpus."""
    parties = "".join(f"{p}: {{name: {p.capitalize()} Republic, kind: state}}\n" for p in PARTIES)
    topics = "".join(f"{t}: {{title: {t.capitalize()}, description: Synthetic topic {t}., "
                     f"order: {n}}}\n" for n, t in enumerate(TOPICS))
    return {"parties.yml": parties, "topics.yml": topics}


def narrative(rng: random.Random, place: str, person: str) -> str:
    """About 150 words in four paragraphs, naming a person and a place."""
    words = [rng.choice(WORDS) for _ in range(140)]
    words[10:10] = [person]
    words[60:60] = ["in", place]
    text = " ".join(words)
    return "\n\n".join(text[i:i + 260].strip().capitalize() + "." for i in range(0, len(text), 260))


def event_id(n: int, day: date) -> str:
    """The id (file name without .md) of the corpus's event number n."""
    return f"{day.isoformat()}-event-{n:05d}"


def record_lines(n: int, day: date, rng: random.Random, parties: list[str], topics: list[str],
                 claims: list[str], commitments: list[str]) -> str:
    """Claims, commitments and fulfilments for event n, naming earlier ones; the lists of
    claims and commitments made so far (EVENT-ID#ITEM-ID) grow with this event's."""
    lines = ""
    if rng.random() < 0.3:
        disputes = f"\n    disputes: {rng.choice(claims[-200:])}" if claims and rng.random() < 0.5 \
            else ""
        lines += (f"claims:\n  - id: c{n}\n    party: {rng.choice(parties)}\n"
                  f"    topic: {rng.choice(topics)}\n    text: Claim {n} about the facts.\n"
                  f"    source: s1{disputes}\n")
        claims.append(f"{event_id(n, day)}#c{n}")
    if rng.random() < 0.2:
        lines += (f"commitments:\n  - id: k{n}\n    parties: [{', '.join(parties[:2])}]\n"
                  f"    topic: {rng.choice(topics)}\n    text: Commitment {n}.\n"
                  f"    source: s1\n    due: {day.year + 1}\n")
        commitments.append(f"{event_id(n, day)}#k{n}")
    elif commitments and rng.random() < 0.25:
        status = rng.choice(["in-progress", "kept", "partly-kept", "broken"])
        lines += (f"fulfils:\n  - commitment: {rng.choice(commitments[-200:])}\n"
                  f"    status: {status}\n    text: Progress {n}.\n    source: s1\n")
    return lines


def event_file(n: int, rng: random.Random, day: date, follows: str = "",
               record: tuple[random.Random, list[str], list[str]] | None = None
               ) -> tuple[str, str]:
    """One event: its relative path and its text; `follows` an earlier event's id; with
    `record` (a random stream, claims and commitments so far), claims and commitments."""
    parties = rng.sample(PARTIES, rng.randint(2, 3))
    topics = rng.sample(TOPICS, rng.randint(2, 3))
    place, person = rng.choice(PLACES), rng.choice(PEOPLE)
    pairs = rng.sample([(p, t) for p in parties for t in topics], rng.randint(1, 3))
    positions = "".join(
        f"  - party: {party}\n    topic: {topic}\n"
        f"    stance: Stance {rng.randint(1, 4)} of this party on the matter.\n    source: s1\n"
        for party, topic in pairs)
    slug = f"event-{n:05d}"
    text = (f"---\ndate: {day.isoformat()}\ntitle: Round {n} of talks in {place}\n"
            f"type: {rng.choice(TYPES)}\nlocation: {place}\nparties: [{', '.join(parties)}]\n"
            f"topics: [{', '.join(topics)}]\nsources:\n  - id: s1\n    outlet: Wire {n % 7}\n"
            f"    published: {day.isoformat()}\npositions:\n{positions}"
            + (f"follows: [{follows}]\n" if follows else "")
            + (record_lines(n, day, record[0], parties, topics, record[1], record[2])
               if record else "") + "---\n"
            f"{narrative(rng, place, person)}\n")
    return f"{day.year}/{day.isoformat()}-{slug}.md", text


def corpus(count: int, seed: int = 1, record: bool = True) -> dict[str, str]:
    """Every file of a corpus of `count` events, keyed by path relative to the events folder.
    Events are visited in date order for the record, so that it names only earlier ones."""
    rng = random.Random(seed)
    claims: list[str] = []
    commitments: list[str] = []
    stream = random.Random(seed + 1000)
    start, span = date(2015, 1, 1), 3652
    files = registries()
    days = [start + timedelta(days=rng.randrange(span)) for _ in range(count)]
    texts = {}
    for n, day in enumerate(days):
        earlier = [m for m in range(max(0, n - 50), n) if days[m] <= day]
        follows = event_id(m := rng.choice(earlier), days[m]) \
            if earlier and rng.random() < 0.2 else ""
        texts[n] = (day, follows)
    # The base events draw from `rng` in creation order, whatever `record` says; the record
    # draws from its own stream in date order.
    for n in sorted(texts, key=lambda n: (texts[n][0], n)):
        day, follows = texts[n]
        base_rng = random.Random(seed * 1_000_003 + n)
        path, text = event_file(n, base_rng, day, follows,
                                (stream, claims, commitments) if record else None)
        files[path] = text
    return files


def write_corpus(folder: Path, count: int, seed: int = 1, record: bool = True) -> Path:
    """Write the corpus into `folder`."""
    for relative, text in corpus(count, seed, record).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    options = parser.parse_args()
    write_corpus(options.folder, options.count)
    print(f"wrote {options.count} events to {options.folder}")
