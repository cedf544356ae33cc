"""`timeline check --lint`: the record's own rules, each at its line, and the shipped
record passing them."""

from __future__ import annotations

from conftest import REGISTRIES, ROOT, write_files
from generator.cli import main

OUTLETS = ("wire-one: {name: Wire One, kind: wire}\n"
           "loud-site: {name: Loud Site, kind: partisan}\n")
EVENT = """---
date: 2025-06-02
title: Talks
type: talks
sources:
  - id: wire
    outlet: wire-one
    url: https://example.org/wire
  - id: loud
    outlet: loud-site
    url: https://example.org/loud
  - id: paper
    outlet: A newspaper in words
  - id: archived
    outlet: wire-one
    title: An article kept on paper
    published: 2025-06-02
positions:
  - party: ukraine
    topic: ceasefire
    stance: A stance only the partisan site reports.
    source: loud
  - party: russia
    topic: ceasefire
    stance: A stance the wire reports.
    source: wire
---
Narrative.
"""


def run(tmp_path, monkeypatch, capsys, files) -> tuple[int, str, str]:
    write_files(tmp_path / "events", files)
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--lint"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_each_rule_is_reported_at_its_line(tmp_path, monkeypatch, capsys):
    code, _, err = run(tmp_path, monkeypatch, capsys, {
        **REGISTRIES, "outlets.yml": OUTLETS, "2025/2025-06-02-talks.md": EVENT})
    path = "events/2025/2025-06-02-talks.md"
    assert code == 1
    assert err.splitlines() == [
        f"{path}:14: sources[3].url: warning: no address: readers can identify it by its title "
        "and date but cannot open it",
        f"{path}:19: positions[0].source: warning: rests on a partisan outlet while this event "
        "also cites wire, archived: cite the better source if it says the same",
        f"{path}:12: sources[2].outlet: 'A newspaper in words' is not registered in outlets.yml: "
        "register it with its kind and cite it by id",
        f"{path}:12: sources[2].url: every source needs an address readers can open",
        "2 problem(s) found in the record's own rules."]


def test_a_record_that_keeps_the_rules_passes_with_its_warnings(tmp_path, monkeypatch, capsys):
    event = EVENT.replace("  - id: paper\n    outlet: A newspaper in words\n", "")
    code, out, err = run(tmp_path, monkeypatch, capsys, {
        **REGISTRIES, "outlets.yml": OUTLETS, "2025/2025-06-02-talks.md": event})
    assert code == 0 and "lint: 2 warning(s), no errors." in out
    assert len(err.splitlines()) == 2


def test_without_the_flag_check_keeps_to_the_format(tmp_path, monkeypatch, capsys):
    write_files(tmp_path / "events", {**REGISTRIES, "outlets.yml": OUTLETS,
                                      "2025/2025-06-02-talks.md": EVENT})
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0


def test_the_shipped_record_passes_its_lint(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    code = main(["check", "--lint"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "no errors" in out.out
