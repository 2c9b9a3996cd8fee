"""herstudy export anki: the review cards as an .apkg (genanki) or Anki's text import file.

The package is opened as Anki would: a zip holding an SQLite collection,
``collection.anki2``, whose ``col`` row carries the decks and note types as JSON.
"""

from __future__ import annotations

import html
import json
import sqlite3
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import pytest
import tomli
from conftest import DATA, FILMS, SECOND
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.export import anki
from herstudy.load import load_film
from herstudy.progress.cards import Card, make_cards

genanki = pytest.importorskip("genanki")


@dataclass
class Package:
    notes: dict[str, dict[str, Any]]
    """By GUID: fields, tags, deck name, model id, and how many cards the note makes."""
    decks: dict[int, str]
    models: dict[int, str]


def read_apkg(path: Path, tmp_path: Path) -> Package:
    with zipfile.ZipFile(path) as z:
        assert "collection.anki2" in z.namelist()
        assert json.loads(z.read("media")) == {}
        z.extract("collection.anki2", tmp_path / path.stem)
    db = sqlite3.connect(tmp_path / path.stem / "collection.anki2")
    try:
        decks_json, models_json = db.execute("SELECT decks, models FROM col").fetchone()
        decks = {int(k): v["name"] for k, v in json.loads(decks_json).items()}
        models = {int(k): v["name"] for k, v in json.loads(models_json).items()}
        notes: dict[str, dict[str, Any]] = {}
        rows = db.execute(
            "SELECT n.guid, n.flds, n.tags, n.mid, c.did FROM notes n JOIN cards c ON c.nid = n.id"
        )
        for guid, flds, tags, mid, did in rows:
            if guid in notes:  # a cloze note: one card per deletion
                notes[guid]["cards"] += 1
                continue
            notes[guid] = {
                "fields": flds.split("\x1f"),
                "tags": set(tags.split()),
                "deck": decks[did],
                "model": models[mid],
                "cards": 1,
            }
    finally:
        db.close()
    return Package(notes, decks, models)


def export(runner: CliRunner, film: Path, *args: str) -> None:
    result = runner.invoke(app, ["export", "anki", *args, "--data", str(film)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.stem)
def test_package_holds_every_card_in_its_topic_deck(
    runner: CliRunner, tmp_path: Path, path: Path
) -> None:
    film = load_film(path)
    cards = make_cards(film)
    out = tmp_path / "cards.apkg"
    export(runner, path, str(out))
    pkg = read_apkg(out, tmp_path)

    title = film.film.title
    topics = dict.fromkeys(c.topic for c in cards)
    assert set(pkg.decks.values()) == {
        "Default",
        title,
        *(f"{title}::{anki.TOPIC_DECKS[t]}" for t in topics),
    }
    assert len(pkg.notes) == len(anki.notes(cards))
    assert sum(n["cards"] for n in pkg.notes.values()) == len(cards)
    assert sorted(pkg.models.values()) == [f"herstudy cloze: {title}", f"herstudy: {title}"]
    for card in cards:
        note = pkg.notes[genanki.guid_for(film.film.id, card.note_id)]
        if card.cloze:
            assert note["model"] == f"herstudy cloze: {title}"
            assert note["fields"] == [anki.field(card.cloze), anki.field(card.extra)]
            assert "{{c" in note["fields"][0]
        else:
            assert note["model"] == f"herstudy: {title}" and note["cards"] == 1
            assert note["fields"] == [
                anki.field(card.front),
                anki.field(card.back),
                anki.field(card.extra),
            ]
        assert note["deck"] == f"{title}::{anki.TOPIC_DECKS[card.topic]}"
        assert note["tags"] == {
            f"film::{film.film.id}",
            f"topic::{card.topic}",
            *(f"theme::{t}" for t in card.themes),
        }


def test_tags_name_topics_and_themes(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "her.apkg"
    export(runner, DATA, str(out))
    notes = read_apkg(out, tmp_path).notes.values()
    loneliness = [n for n in notes if "theme::loneliness-connection" in n["tags"]]
    assert loneliness
    assert {n["deck"] for n in notes if "topic::symbols" in n["tags"]} == {"Her::Symbols"}
    assert all(" " not in tag for n in notes for tag in n["tags"])


def test_ids_are_the_same_in_every_export(runner: CliRunner, tmp_path: Path) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    export(runner, DATA, str(first))
    export(runner, DATA, str(second))
    a, b = read_apkg(first, tmp_path), read_apkg(second, tmp_path)
    assert a.notes.keys() == b.notes.keys()
    assert a.decks == b.decks
    assert a.models == b.models


def test_a_reworded_sentence_keeps_the_note_and_updates_its_text(
    runner: CliRunner, tmp_path: Path
) -> None:
    raw = tomli.loads(DATA.read_text(encoding="utf-8"))
    prompt = next(p for p in raw["prompts"] if "ask" in p)
    old_answer = prompt["answer"]
    prompt["answer"] = "A reworded answer, for this test."
    copy = tmp_path / "film.json"
    copy.write_text(json.dumps(raw, default=str), encoding="utf-8")

    before, after = tmp_path / "before.apkg", tmp_path / "after.apkg"
    export(runner, DATA, str(before))
    export(runner, copy, str(after))
    a, b = read_apkg(before, tmp_path), read_apkg(after, tmp_path)

    assert a.notes.keys() == b.notes.keys()
    fid = raw["film"]["id"]
    guid = genanki.guid_for(fid, prompt.get("card") or f"prompt:{prompt['id']}")
    assert a.notes[guid]["fields"][1] == html.escape(old_answer)
    assert b.notes[guid]["fields"][1] == "A reworded answer, for this test."
    # Only that note changes; every other note is identical.
    assert {g for g in a.notes if a.notes[g] != b.notes[g]} == {guid}


def test_model_and_deck_ids_are_fixed_and_in_range() -> None:
    ids = {anki.stable_id("deck", "her", t) for t in anki.TOPIC_DECKS}
    ids |= {anki.stable_id("deck", "her"), anki.stable_id("model", "her")}
    ids |= {anki.stable_id("cloze", "her")}
    assert len(ids) == len(anki.TOPIC_DECKS) + 3
    assert all((1 << 30) <= i < (1 << 31) for i in ids)
    assert anki.stable_id("deck", "her") == anki.stable_id("deck", "her")
    assert anki.stable_id("deck", "her") != anki.stable_id("deck", "lighthouse")


LIGHTHOUSE = load_film(SECOND)


@given(st.text(min_size=1, max_size=30), st.text(min_size=1, max_size=60))
def test_text_file_guids_are_genankis(film_id: str, card_id: str) -> None:
    film = msgspec.structs.replace(
        LIGHTHOUSE, film=msgspec.structs.replace(LIGHTHOUSE.film, id=film_id)
    )
    card = Card(card_id, "themes", "x", "summary", "front", "back", ())
    assert anki.note_guid(film, card) == genanki.guid_for(film_id, card_id)


def test_fields_are_escaped_html() -> None:
    assert anki.field('<b>"Tom" & Jerry</b>\nnext') == (
        "&lt;b&gt;&quot;Tom&quot; &amp; Jerry&lt;/b&gt;<br>next"
    )
    assert anki.field("a\r\nb") == "a<br>b"


# --- the text file -------------------------------------------------------------------------


def parse_tsv(text: str) -> tuple[dict[str, str], list[list[str]]]:
    headers: dict[str, str] = {}
    rows: list[list[str]] = []
    lines = text.split("\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        if line.startswith("#") and not rows:
            key, _, value = line[1:].partition(":")
            headers[key] = value
        else:
            assert not line.startswith("#"), "Anki would skip a row starting with '#'"
            rows.append(line.split("\t"))
    return headers, rows


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.stem)
def test_text_file_has_anki_headers_and_a_row_per_note(
    runner: CliRunner, tmp_path: Path, path: Path
) -> None:
    out = tmp_path / "cards.txt"
    export(runner, path, "--tsv", str(out))
    headers, rows = parse_tsv(out.read_text(encoding="utf-8"))
    assert headers == {
        "separator": "tab",
        "html": "true",
        "guid column": "1",
        "notetype column": "2",
        "deck column": "3",
        "tags column": "4",
    }
    film = load_film(path)
    notes = anki.notes(make_cards(film))
    assert len(rows) == len(notes)
    for group, row in zip(notes, rows, strict=True):
        card = group[0]
        assert len(row) == 6
        guid, notetype, deck, tags, first, second = row
        assert guid == genanki.guid_for(film.film.id, card.note_id)
        assert deck == f"{film.film.title}::{anki.TOPIC_DECKS[card.topic]}"
        assert tags.split() == anki.tags(film, card)
        if card.cloze:
            assert notetype == "Cloze"
            assert (first, second) == (anki.field(card.cloze), anki.field(card.extra))
            assert first.count("{{c") == len(group)
        else:
            assert notetype == "Basic" and len(group) == 1
            assert first == anki.field(card.front)
            assert second.startswith(anki.field(card.back))
            extra = f'<small class="explanation">{anki.field(card.extra)}</small>'
            assert (extra in second) == bool(card.extra)


def test_text_file_keeps_tabs_and_comment_marks_out_of_rows() -> None:
    film = load_film(SECOND)
    card = Card("themes:x:summary", "themes", "x", "summary", "#1\tfront", 'say "hi"\nthen go', ())
    _, rows = parse_tsv(anki.anki_text(film, (card,)))
    assert rows == [
        [
            anki.note_guid(film, card),
            "Basic",
            f"{film.film.title}::Themes",
            f"film::{film.film.id} topic::themes",
            "&#35;1&#9;front",
            "say &quot;hi&quot;<br>then go",
        ]
    ]


def test_apkg_and_text_file_together(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", "anki", str(tmp_path / "a.apkg"), "--tsv", str(tmp_path / "a.txt")]
    )
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "a.apkg").is_file() and (tmp_path / "a.txt").is_file()
    assert "Wrote" in result.stderr


# --- without genanki, and usage ------------------------------------------------------------


def test_without_genanki_the_error_says_how_to_get_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "genanki", None)  # import genanki → ImportError
    out = tmp_path / "her.apkg"
    result = runner.invoke(app, ["export", "anki", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"herstudy: Anki packages need genanki: {sys.executable} -m pip install genanki"
        " (or use --tsv for Anki's text import)\n"
    )
    assert not out.exists()
    result = runner.invoke(app, ["export", "anki", "--tsv", str(tmp_path / "her.txt")])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("marker", "hint"),
    [
        ("pipx_metadata.json", "pipx inject herstudy genanki"),
        ("uv-receipt.toml", "uv tool install '.[anki]' in herstudy's folder"),
        (None, "/env/bin/python -m pip install genanki"),
    ],
    ids=["pipx", "uv tool", "pip"],
)
def test_the_genanki_hint_fits_how_herstudy_was_installed(
    tmp_path: Path, marker: str | None, hint: str
) -> None:
    if marker:
        (tmp_path / marker).write_text("")
    assert anki.genanki_hint(tmp_path, "/env/bin/python") == hint


def test_anki_needs_somewhere_to_write(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "anki"])
    assert result.exit_code == 2
    assert "--tsv" in result.stderr


def test_a_package_name_ends_in_apkg(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "anki", str(tmp_path / "cards.txt")])
    assert result.exit_code == 2
    assert ".apkg" in result.stderr
    assert "--tsv" in result.stderr
    assert not (tmp_path / "cards.txt").exists()


def test_no_scratch_files_are_left_behind(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    export(runner, DATA, str(out / "her.apkg"))
    assert sorted(p.name for p in out.iterdir()) == ["her.apkg"]
