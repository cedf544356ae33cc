"""`timeline new`: a file name from a title in any script, and nothing overwritten."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from generator.cli import main
from generator.scaffold import MAX_SLUG, ScaffoldError, new_event, slugify
from generator.validate import ID


@pytest.mark.parametrize(("title", "slug"), [
    ("Переговоры в Стамбуле", "peregovory-v-stambule"),  # Russian
    # Ukrainian, with ї and є; its one-letter word for "in" is a look-alike of "y".
    ("Зустріч у Києві: їжа та єдність", "zustrich-u-kiievi-izha-ta-iednist"),  # noqa: RUF001
    ("Συνάντηση στην Αθήνα", "sunantese-sten-athena"),  # Greek
    ("北京会谈", "bei-jing-hui-tan"),  # Chinese, as pinyin
    ("Talks in Türkiye", "talks-in-turkiye"),
    ("Erdoğan hosts talks in İstanbul", "erdogan-hosts-talks-in-istanbul"),
    ("Minsk II: the 13 points", "minsk-ii-the-13-points"),
    ("🕊️ 2025 talks", "2025-talks"),
])
def test_a_title_in_any_script_gives_an_ascii_file_name(tmp_path, title, slug):
    path = new_event(tmp_path / "events", title, "2025-05-16", "talks")
    assert path == tmp_path / "events" / "2025" / f"2025-05-16-{slug}.md"
    # The title itself is kept as written.
    assert f'title: "{title}"' in path.read_text("utf-8")


def test_the_command_line_names_the_file_from_a_cyrillic_title(tmp_path, capsys):
    assert main(["new", "--project", str(tmp_path), "--title", "Переговоры в Стамбуле",
                 "--date", "2022-03-29"]) == 0
    assert (tmp_path / "events" / "2022" / "2022-03-29-peregovory-v-stambule.md").is_file()
    assert "2022-03-29-peregovory-v-stambule.md" in capsys.readouterr().out


@pytest.mark.parametrize("title", ["🕊️🤝", "— … —", "???"])
def test_a_title_with_nothing_to_spell_asks_for_a_slug(tmp_path, capsys, title):
    assert main(["new", "--project", str(tmp_path), "--title", title,
                 "--date", "2025-05-16"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "error: --title: cannot make a file name from this title; pass --slug, such as "
        "--slug geneva-talks"]
    assert not (tmp_path / "events").exists() or not any((tmp_path / "events").rglob("*.md"))
    # With a slug it works.
    path = new_event(tmp_path / "events", title, "2025-05-16", "talks", slug="peace-talks")
    assert path.name == "2025-05-16-peace-talks.md"


def test_a_long_title_is_cut_at_a_word_boundary(tmp_path):
    title = ("Second round of direct negotiations between the delegations in Istanbul on "
             "prisoners and the ceasefire")
    whole = "-".join(title.lower().split())
    path = new_event(tmp_path / "events", title, "2025-06-02", "talks")
    slug = path.stem.removeprefix("2025-06-02-")
    assert 0 < len(slug) <= MAX_SLUG
    assert whole.startswith(slug + "-")  # whole words only
    assert ID.fullmatch(slug)


def test_an_existing_file_is_not_overwritten(tmp_path, capsys):
    existing = tmp_path / "events" / "2022" / "2022-03-29-peregovory-v-stambule.md"
    existing.parent.mkdir(parents=True)
    existing.write_text("my notes\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="exists already; choose another --slug"):
        new_event(tmp_path / "events", "Переговоры в Стамбуле", "2022-03-29", "talks")
    assert main(["new", "--project", str(tmp_path), "--title", "Переговоры в Стамбуле",
                 "--date", "2022-03-29"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "exists already" in err and len(err.splitlines()) == 1
    assert existing.read_text("utf-8") == "my notes\n"


@given(st.text())
def test_any_title_gives_a_valid_slug_or_none(title):
    slug = slugify(title)
    assert slug == "" or (ID.fullmatch(slug) and len(slug) <= MAX_SLUG)
