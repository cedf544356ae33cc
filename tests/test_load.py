"""Reading files: front matter, encodings, line endings and the real line of every key."""

from __future__ import annotations

from pathlib import Path

from conftest import write_files
from generator.load import load_input, read_event_file, split_front_matter


def test_split_front_matter_keeps_the_body():
    front, body, problems = split_front_matter("---\ntitle: x\n---\nBody\n\nMore\n", "f.md")
    assert (front, body, problems) == ("title: x", "Body\n\nMore\n", [])


def test_keys_know_their_line_in_the_file(tmp_path: Path):
    path = tmp_path / "2025-06-02-x.md"
    path.write_text("---\n# a comment\ndate: 2025-06-02\n\ntitle: x\n---\n", encoding="utf-8")
    event_file, problems = read_event_file(path)
    assert problems == []
    lines = {key.value: event_file.document.line(key) for key, _ in event_file.document.root.value}
    assert lines == {"date": 3, "title": 5}


def test_bom_and_crlf_read_like_plain_text(tmp_path: Path):
    path = tmp_path / "2025-06-02-x.md"
    path.write_bytes("\ufeff---\r\ndate: 2025-06-02\r\ntitle: Café\r\n---\r\nBody\r\n".encode())
    event_file, problems = read_event_file(path)
    assert problems == []
    assert event_file.body == "Body\n"
    title = event_file.document.root.value[1][1]
    assert (title.value, event_file.document.line(title)) == ("Café", 3)


def test_yaml_scalars_keep_the_text_as_written(tmp_path: Path):
    path = tmp_path / "2025-06-02-x.md"
    path.write_text("---\ntitle: No\nlocation: 1.10\nother: 2025-06-02\n---\n", encoding="utf-8")
    event_file, _ = read_event_file(path)
    assert [v.value for _, v in event_file.document.root.value] == ["No", "1.10", "2025-06-02"]


def test_load_input_reads_registries_and_events_but_not_top_level_markdown(tmp_path: Path):
    write_files(tmp_path, {
        "parties.yml": "a: {name: A, kind: state}\n",
        "README.md": "not an event",
        "2025/2025-06-02-x.md": "---\ntitle: x\n---\n",
        ".drafts/2025-06-03-y.md": "---\ntitle: y\n---\n",
    })
    raw = load_input(tmp_path)
    assert [f.stem for f in raw.events] == ["2025-06-02-x"]
    assert raw.registries["parties"] is not None and raw.registries["topics"] is None
    assert raw.problems == ()
