"""Cards made from the film: ids from entry ids, never from text; the quiz's link to them."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from conftest import FILMS, MINIMAL, PYTHON, ROOT, SECOND, subprocess_env
from hypothesis import given, settings
from hypothesis import strategies as st

from herstudy.load import load_film
from herstudy.model import CLOZE, GAP, MAX_ANSWER_WORDS, TOPICS, Film, Prompt
from herstudy.progress.cards import make_cards

AVAILABLE = [f for f in (*FILMS, MINIMAL) if f.exists()]


@pytest.mark.parametrize("path", AVAILABLE, ids=lambda p: p.name)
def test_cards_have_unique_ids_short_answers_and_known_themes(path: Path) -> None:
    film = load_film(path)
    cards = make_cards(film)
    ids = [c.id for c in cards]
    assert len(ids) == len(set(ids))
    for card in cards:
        assert card.topic in TOPICS
        assert card.front.strip() and card.back.strip()
        assert len(card.back.split()) <= MAX_ANSWER_WORDS, card.id
        assert set(card.themes) <= set(film.theme_by_id)
        if card.kind != "prompt":
            assert card.id == f"{card.topic}:{card.entry}:{card.kind}"
    # Every written prompt is a card: one per question, one per cloze deletion.
    flashcards = [p for p in film.prompts if not p.detail]
    assert sum(c.kind == "prompt" for c in cards) == sum(len(p.items()) for p in flashcards)
    assert make_cards(film) == cards, "stable"


def test_the_kinds_of_card() -> None:
    film = load_film(SECOND)
    by_id = {c.id: c for c in make_cards(film)}
    fid = film.film.id
    assert by_id[f"facts:{fid}:director"].back == "Maren Oyelaran-Voss"
    assert by_id[f"facts:{fid}:release-date"].back == "2031"
    assert by_id[f"facts:{fid}:release-date"].extra == "On 17 October 2031."
    assert f"facts:{fid}:runtime" not in by_id  # asked in the quiz, not rehearsed
    assert by_id["characters:ines:role"].back == film.character_by_id["ines"].role
    quote = film.quotes[0]
    speaker = film.character_by_id[quote.speaker].name
    said = by_id[f"quotes:{quote.id}:speaker"]
    assert said.back.startswith(speaker) and quote.text in said.front
    # A written prompt that continues an older card keeps that card's id.
    lamp = by_id["symbols:lamp:meaning"]
    assert lamp.kind == "prompt" and lamp.back == "Care that must be renewed every night"
    assert lamp.extra.startswith("The lamp works only")
    # Linked from either side: the lamp lists no theme, the duty theme lists the lamp.
    assert "duty" in lamp.themes
    # A cloze: one card per deletion, one Anki note for all of them.
    tide, ship = by_id["prompt:ledger-kept:1"], by_id["prompt:ledger-kept:2"]
    assert tide.front == "The family ledger records every […] and every ship."
    assert (tide.back, ship.back) == ("tide", "ship")
    assert tide.note_id == ship.note_id == "prompt:ledger-kept"
    assert tide.cloze == "The family ledger records every {{c1::tide}} and every {{c2::ship}}."


def test_an_answer_never_stands_on_its_own_front() -> None:
    for path in AVAILABLE:
        for card in make_cards(load_film(path)):
            assert card.back.casefold() not in card.front.casefold(), card.id


def test_who_plays_is_not_asked_when_the_name_gives_it_away() -> None:
    film = load_film(FILMS[0]) if FILMS[0].exists() else None
    if film is None:
        pytest.skip("no bundled film")
    ids = {c.id for c in make_cards(film)}
    assert "characters:theodore:actor" in ids
    assert "characters:amy:actor" not in ids  # Amy is played by Amy Adams


def _reworded(film: Film, text: str) -> Film:
    raw = msgspec.to_builtins(film)
    for prompt in raw["prompts"]:
        for key in ("ask", "answer", "explain"):
            if prompt.get(key):
                prompt[key] = text
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


def test_every_quiz_question_with_a_card_names_a_real_one() -> None:
    import random

    from herstudy.quiz.generate import all_questions

    for path in AVAILABLE:
        film = load_film(path)
        ids = {c.id for c in make_cards(film)}
        pool = all_questions(film, random.Random(0))
        assert {q.card for q in pool if q.card} <= ids
        # Every written prompt's card can be earned in a quiz, except answers too long to type.
        asked = {q.card for q in pool}
        for card in make_cards(film):
            if card.kind == "prompt" and len(card.back.split()) <= 3:
                assert card.id in asked, card.id


def test_cards_import_nothing_heavy() -> None:
    code = (
        "import sys; import herstudy.progress.cards, herstudy.progress; "
        "print(sorted(m for m in ('sqlite3', 'fsrs', 'rich') if m in sys.modules))"
    )
    out = subprocess.run(
        [PYTHON, "-c", code], capture_output=True, text=True, cwd=ROOT, env=subprocess_env()
    )
    assert out.stdout.strip() == "[]", out.stderr


# --- a cloze's items, against the regex substitution they were once made with --------------


def _items_by_substitution(prompt: Prompt) -> list[tuple[int, str, str, tuple[str, ...]]]:
    """``Prompt.items()`` as first written: one ``CLOZE.sub`` per deletion."""
    parts = [m.group(1).split("|") for m in CLOZE.finditer(prompt.cloze)]
    items = []
    for n, (answer, *variants) in enumerate(parts, 1):
        count = iter(range(1, len(parts) + 1))

        def show(m: re.Match[str], hide: int = n, count: Iterator[int] = count) -> str:
            return GAP if next(count) == hide else m.group(1).split("|")[0]

        items.append((n, CLOZE.sub(show, prompt.cloze), answer.strip(), tuple(variants)))
    return items


def _anki_by_substitution(prompt: Prompt) -> str:
    count = iter(range(1, 1000))
    return CLOZE.sub(lambda m: f"{{{{c{next(count)}::{m.group(1).split('|')[0]}}}}}", prompt.cloze)


_CLOZE_TEXT = (
    st.lists(
        st.one_of(
            st.text(alphabet="ab {}|}\n", max_size=6), st.sampled_from(["{{", "}}", "|", " "])
        ),
        max_size=14,
    )
    .map("".join)
    .filter(bool)
)


@given(_CLOZE_TEXT)
@settings(max_examples=400, deadline=None)
def test_a_clozes_items_are_made_as_by_substitution(text: str) -> None:
    prompt = Prompt(id="p", cloze=text, about=("x",), sources=("general",))
    got = [(i.number, i.front, i.answer, i.accept) for i in prompt.items()]
    assert got == _items_by_substitution(prompt)
    assert prompt.answers() == tuple(i.answer for i in prompt.items())
    assert prompt.anki_cloze() == _anki_by_substitution(prompt)
