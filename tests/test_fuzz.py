"""Property tests: whatever text or YAML an event file holds, the only outcomes are a valid
event or clean `path:line: field: message` problems, never another exception."""

from __future__ import annotations

import re

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from generator.errors import InputError
from generator.load import EventFile, RawInput, compose_mapping, decode, split_front_matter
from generator.model import Dataset
from generator.validate import validate
from generator.validate.events import EVENT_KEYS, POSITION_KEYS, SOURCE_KEYS

PATH = "events/2025/2025-06-02-fuzz.md"
PROBLEM = re.compile(r"[^\n]+\.(?:md|yml):(\d+): [^\n:]+: [^\n]+")
REGISTRIES = {
    "parties": "ukraine: {name: Ukraine, kind: state}\nrussia: {name: Russia, kind: state}\n",
    "topics": "ceasefire: {title: Ceasefire}\n",
}


def registry_documents():
    return {name: compose_mapping(text, f"events/{name}.yml", 0)[0]
            for name, text in REGISTRIES.items()}


def outcome(raw: bytes) -> Dataset | list[str]:
    """Load one event file from bytes the way load_input does, then validate it."""
    problems = []
    text, found = decode(raw, PATH)
    problems += found
    events = ()
    if text is not None:
        front, body, found = split_front_matter(text, PATH)
        problems += found
        if front is not None:
            document, found = compose_mapping(front, PATH, offset=1)
            problems += found
            if document is not None:
                events = (EventFile(document, "2025-06-02-fuzz", body),)
    try:
        return validate(RawInput(events, registry_documents(), tuple(problems)))
    except InputError as error:
        return [str(p) for p in error.problems]


def assert_clean(raw: bytes) -> None:
    result = outcome(raw)
    if isinstance(result, Dataset):
        assert len(result.events) == 1
        return
    assert result, "an InputError with no problems"
    lines = raw.count(b"\n") + 1
    for line in result:
        match = PROBLEM.fullmatch(line)
        assert match, line
        assert 1 <= int(match[1]) <= lines, line


FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes(raw):
    assert_clean(raw)


@FUZZ
@given(st.text(max_size=400))
def test_any_text_as_front_matter(text):
    assert_clean(f"---\n{text}\n---\nBody\n".encode("utf-8", "surrogatepass"))


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.sampled_from(
                        ["2025-06-02", "2025-06", "2025-02-30", "No", "1.10", "ukraine",
                         "rusia", "ceasefire", "talks", "https://example.org", "javascript:x",
                         "s1", "2025-06-02/2025-06-01", "2025~"]))
keys = st.sampled_from(EVENT_KEYS + SOURCE_KEYS + POSITION_KEYS + ("extra", "<<"))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)), max_leaves=20)


@FUZZ
@given(st.dictionaries(keys, values, max_size=12))
def test_any_yaml_mapping(mapping):
    text = yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)
    assert_clean(f"---\n{text}---\nBody\n".encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.fixed_dictionaries({
    "date": st.sampled_from(["2025-06-02", "2025-06-02?", "2025-06-02/2025-06-03"]),
    "title": st.text(min_size=1, max_size=40),
    "type": st.just("talks"),
    "sources": st.just([{"id": "s1", "outlet": "Wire"}]),
    "positions": st.lists(st.fixed_dictionaries({
        "party": st.sampled_from(["ukraine", "russia"]), "topic": st.just("ceasefire"),
        "stance": st.text(min_size=1, max_size=40), "source": st.just("s1")}), max_size=2),
}))
def test_near_valid_events(mapping):
    text = yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)
    assert_clean(f"---\n{text}---\nBody\n".encode("utf-8", "surrogatepass"))
