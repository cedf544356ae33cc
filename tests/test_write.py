"""The writer: bytes of the allowed kinds, inside its folder, only when they change."""

from __future__ import annotations

import pytest

from generator.write import SUFFIXES, WriteError, write_pages


def test_bytes_are_compared_as_bytes_so_crlf_files_are_not_rewritten(tmp_path):
    calendar = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    outputs = {"calendar.ics": calendar, "data/events.csv": "a,b\r\n1,2\r\n",
               "timeline/index.md": "# Timeline\n"}
    first = write_pages(tmp_path, outputs)
    assert sorted(first.written) == sorted(outputs)
    assert (tmp_path / "calendar.ics").read_bytes() == calendar  # CRLF kept
    assert (tmp_path / "data/events.csv").read_bytes() == b"a,b\r\n1,2\r\n"
    second = write_pages(tmp_path, outputs)
    assert second.written == [] and second.unchanged == 3


@pytest.mark.parametrize("path", ["page.html", "run.py", "../outside.md", "/etc/x.md",
                                  ".hidden/page.md", "a/.timeline-cache/x.json", "x.md.exe"])
def test_paths_outside_the_allow_list_or_the_folder_are_refused(tmp_path, path):
    with pytest.raises(WriteError):
        write_pages(tmp_path / "out", {path: "x"})
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("x*"))


def test_every_allowed_kind_is_written(tmp_path):
    report = write_pages(tmp_path, {f"kind/file{suffix}": b"x" for suffix in SUFFIXES})
    assert len(report.written) == len(SUFFIXES) == 7


def test_a_file_someone_else_put_there_is_never_overwritten(tmp_path):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "all.xml").write_bytes(b"mine")
    with pytest.raises(WriteError, match="did not create it"):
        write_pages(tmp_path, {"feeds/all.xml": b"<feed/>"})
    assert (tmp_path / "feeds" / "all.xml").read_bytes() == b"mine"
    (tmp_path / "link.md").symlink_to(tmp_path / "nowhere.md")
    with pytest.raises(WriteError, match="not a file"):
        write_pages(tmp_path, {"link.md": "x"})
