"""Cards made from the film: ids from entry ids, never from text; the quiz's link to them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import msgspec
import pytest
from conftest import FILMS, MINIMAL, PYTHON, ROOT, SECOND, subprocess_env
from hypothesis import given, settings
from hypothesis import strategies as st

from herstudy.load import load_film
from herstudy.model import Film
from herstudy.progress.cards import TOPICS, card_for_quiz, make_cards

AVAILABLE = [f for f in (*FILMS, MINIMAL) if f.exists()]


@pytest.mark.parametrize("path", AVAILABLE, ids=lambda p: p.name)
def test_every_entry_has_cards_with_unique_well_formed_ids(path: Path) -> None:
    film = load_film(path)
    cards = make_cards(film)
    ids = [c.id for c in cards]
    assert len(ids) == len(set(ids))
    for card in cards:
        assert card.id == f"{card.topic}:{card.entry}:{card.kind}"
        assert card.topic in TOPICS
        assert card.front.strip() and card.back.strip()
        assert set(card.themes) <= set(film.theme_by_id)
    entries = {(c.topic, c.entry) for c in cards}
    assert {("themes", t.id) for t in film.themes} <= entries
    assert {("symbols", s.id) for s in film.symbols} <= entries
    assert {("characters", c.id) for c in film.characters} <= entries
    assert {("arc", b.id) for b in film.beats} <= entries
    assert {("quotes", q.id) for q in film.quotes} <= entries
    assert {("questions", q.id) for q in film.questions} <= entries
    assert [c.topic for c in cards] == sorted((c.topic for c in cards), key=TOPICS.index)
    assert make_cards(film) == cards, "stable"


def test_the_kinds_of_card() -> None:
    film = load_film(SECOND)
    by_id = {c.id: c for c in make_cards(film)}
    fid = film.film.id
    assert by_id[f"facts:{fid}:director"].back == "Maren Oyelaran-Voss"
    assert by_id[f"facts:{fid}:release-date"].back == "17 October 2031"
    assert by_id[f"facts:{fid}:runtime"].back == "104 minutes"
    lamp = film.symbol_by_id["lamp"]
    assert by_id["symbols:lamp:meaning"].back == lamp.meaning
    reverse = by_id["symbols:lamp:which-symbol"]
    assert lamp.meaning in reverse.front and reverse.back == lamp.name
    assert by_id["themes:duty:summary"].themes == ("duty",)
    assert by_id["themes:duty:which-theme"].back == "Duty and inheritance"
    quote = film.quotes[0]
    speaker = film.character_by_id[quote.speaker].name
    assert by_id[f"quotes:{quote.id}:speaker"].back.startswith(speaker)
    assert quote.text in by_id[f"quotes:{quote.id}:line"].back
    # Linked from either side: the lamp lists no theme, the duty theme lists the lamp.
    assert "duty" in by_id["symbols:lamp:meaning"].themes


def _reworded(film: Film, text: str) -> Film:
    raw = msgspec.to_builtins(film)
    for section in ("themes", "symbols", "characters", "quotes", "questions"):
        for entry in raw[section]:
            for key in ("summary", "meaning", "role", "text", "question", "title", "name"):
                if key in entry:
                    entry[key] = text
    for arc in raw["arcs"]:
        for beat in arc["beats"]:
            beat["happens"] = beat["meaning"] = beat["title"] = text
    raw["film"]["director"] = text
    return msgspec.convert(raw, Film)


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1).filter(str.strip))
def test_rewording_the_data_keeps_every_card_id(text: str) -> None:
    film = load_film(SECOND)
    before = [c.id for c in make_cards(film)]
    after = [c.id for c in make_cards(_reworded(film, text))]
    assert after == before


def test_quiz_answers_count_towards_a_card() -> None:
    film = load_film(SECOND)
    ids = {c.id for c in make_cards(film)}
    fid = film.film.id
    cases = {
        ("symbols", "lamp"): "symbols:lamp:meaning",
        ("arc", "confession"): "arc:confession:happens",
        ("themes", "duty"): "themes:duty:summary",
        ("quotes", film.quotes[0].id): f"quotes:{film.quotes[0].id}:speaker",
        ("facts", "director"): f"facts:{fid}:director",
        ("facts", "year"): f"facts:{fid}:release-date",
        ("facts", "ines"): "characters:ines:role",  # a facts question about a character
        ("themes", "lamp"): "symbols:lamp:meaning",  # a hand-written item naming another section
    }
    for (topic, entry), card in cases.items():
        assert card_for_quiz(film, topic, entry) == card
        assert card in ids
    assert card_for_quiz(film, "facts", fid) is None
    assert card_for_quiz(film, "themes", "no-such-entry") is None


def test_cards_import_nothing_heavy() -> None:
    code = (
        "import sys; import herstudy.progress.cards, herstudy.progress; "
        "print(sorted(m for m in ('sqlite3', 'fsrs', 'rich') if m in sys.modules))"
    )
    out = subprocess.run(
        [PYTHON, "-c", code], capture_output=True, text=True, cwd=ROOT, env=subprocess_env()
    )
    assert out.stdout.strip() == "[]", out.stderr
