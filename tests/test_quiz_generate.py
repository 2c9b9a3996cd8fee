"""Quiz questions made from the data: every one the films can give is checked, over many seeds.

A question is sound when it has exactly one right option (or a valid order), no
two options alike, its answer among its options, and nothing empty. The fairness
lint (no option echoing the question, none standing out by length, no blank, no
passage twice) is in test_learning_lint.py.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from conftest import DATA, MINIMAL, SECOND
from hypothesis import given
from hypothesis import strategies as st

from herstudy.errors import HerstudyError
from herstudy.load import load_film, validate
from herstudy.model import TOPICS, Film
from herstudy.quiz import make
from herstudy.quiz.arcs import ORDER_SIZE
from herstudy.quiz.check import matches, normalise, typo_distance
from herstudy.quiz.generate import all_questions, generate
from herstudy.quiz.question import CHOICE_KINDS, FALSE, KINDS, TRUE, TYPED_KINDS, Question

SEEDS = range(50)

needs_bundled = pytest.mark.skipif(not DATA.exists(), reason="data/film.toml is not written yet")
FILMS = [
    pytest.param(DATA, id="bundled", marks=needs_bundled),
    pytest.param(SECOND, id="lighthouse"),
    pytest.param(MINIMAL, id="minimal"),
]


def check_question(film: Film, q: Question) -> None:
    where = f"{q.key} ({q.kind}): {q.prompt}"
    assert q.kind in KINDS and q.topic in TOPICS, where
    assert q.prompt.strip() and q.answer.strip(), where
    assert q.passage == "" or q.passage.strip(), where
    assert film.resolve(f"{q.section}:{q.entry}") == (q.section, q.entry), where
    assert set(q.themes) <= set(film.theme_by_id), where
    assert all(o.strip() for o in q.options), where
    normalised = [normalise(o) for o in q.options]
    assert len(set(normalised)) == len(normalised), f"duplicate options: {where}"
    if q.kind in CHOICE_KINDS:
        assert 3 <= len(q.options) <= 4, where
        assert q.options.count(q.answer) == 1, where
        assert q.is_correct(q.answer)
        assert not any(q.is_correct(o) for o in q.options if o != q.answer), where
    elif q.kind == "truefalse":
        assert q.options == (TRUE, FALSE) and q.answer in (TRUE, FALSE), where
        assert q.is_correct(q.answer) and not q.is_correct(FALSE if q.answer == TRUE else TRUE)
    elif q.kind in TYPED_KINDS:
        assert not q.options, where
        assert q.is_correct(q.answer) and q.is_correct(q.answer.upper() + "!"), where
        assert all(q.is_correct(a) for a in q.accept), where
        assert not q.is_correct(""), where
        assert len(q.answer.split()) <= 4, where
    elif q.kind == "order":
        assert len(q.options) == ORDER_SIZE and sorted(q.options) == sorted(q.sequence), where
        assert q.options != q.sequence, f"shown already in order: {where}"
        arc = film.arc_of_beat[q.entry]
        beats = [next(b for b in arc.beats if b.title == t) for t in q.sequence]
        assert [b.order for b in beats] == sorted(b.order for b in beats), where
        assert not any(b.recurring for b in beats), f"a recurring beat has no place: {where}"
        assert q.is_correct(q.sequence) and not q.is_correct(q.options)
    if q.kind == "who-said":
        speaker = film.character_by_id[film.quote_by_id[q.entry].speaker].name
        assert q.answer == speaker and q.options.count(speaker) == 1, where
    if q.kind == "evidence":
        # One option is a moment whose main theme is the idea; the others touch nothing near it.
        arc_beats = {b.title: b for a in film.arcs for b in a.beats}
        right = [o for o in q.options if arc_beats[o].themes[:1] == (q.entry,)]
        assert right == [q.answer], where
        for option in q.options:
            if option != q.answer:
                assert q.entry not in film.themes_about("beats", arc_beats[option].id), where
    if q.card is not None:
        assert q.card in _card_ids(film), where


_CARD_IDS: list[tuple[Film, set[str]]] = []


def _card_ids(film: Film) -> set[str]:
    """The film's card ids, made once per film object (the film is kept, so no id is reused)."""
    from herstudy.progress.cards import make_cards

    for known, ids in _CARD_IDS:
        if known is film:
            return ids
    _CARD_IDS.append((film, {c.id for c in make_cards(film)}))
    return _CARD_IDS[-1][1]


@pytest.mark.parametrize("path", FILMS)
def test_every_question_is_sound_over_many_seeds(path: Path) -> None:
    film = load_film(path)
    kinds: Counter[str] = Counter()
    for seed in SEEDS:
        questions = all_questions(film, random.Random(seed))
        assert questions, "every film gives some questions"
        for q in questions:
            check_question(film, q)
            kinds[q.kind] += 1
    if path == DATA:
        assert set(kinds) == set(KINDS), kinds


@pytest.mark.parametrize("path", FILMS)
def test_generated_quizzes_are_sound_and_mixed(path: Path) -> None:
    film = load_film(path)
    for seed in SEEDS:
        questions = generate(film, 10, seed=seed)
        for q in questions:
            check_question(film, q)
        keys = [q.key for q in questions]
        assert len(set(keys)) == len(keys), "a quiz asks each thing once"
        entries = [(q.section, q.entry) for q in questions if q.section != "film"]
        assert len(set(entries)) == len(entries), "one question an entry: none gives another away"
        if path != MINIMAL:
            assert len(questions) == 10
            assert len({q.kind for q in questions}) >= 4, Counter(q.kind for q in questions)


@pytest.mark.parametrize("path", FILMS)
def test_the_same_seed_gives_the_same_quiz(path: Path) -> None:
    film = load_film(path)
    assert generate(film, 10, seed=7) == generate(film, 10, seed=7)
    assert any(generate(film, 10, seed=s) != generate(film, 10, seed=7) for s in range(3))


def test_topics_and_kinds_narrow_the_quiz() -> None:
    film = load_film(SECOND)
    pool = all_questions(film, random.Random(1))
    for topic in {q.topic for q in pool}:
        assert {q.topic for q in generate(film, 50, topics=[topic], seed=1)} == {topic}
    for kind in {q.kind for q in pool}:
        assert {q.kind for q in generate(film, 50, kinds=[kind], seed=1)} == {kind}
    both = generate(film, 50, topics=["quotes"], kinds=["who-said", "cloze"], seed=1)
    assert {(q.topic, q.kind) for q in both} == {("quotes", "who-said"), ("quotes", "cloze")}


def test_written_prompts_join_the_pool() -> None:
    film = load_film(SECOND)
    pool = all_questions(film, random.Random(0))
    lamp = next(q for q in pool if q.card == "symbols:lamp:meaning")
    assert lamp.kind == "choice" and lamp.topic == "symbols" and lamp.entry == "lamp"
    assert lamp.options.count("Care that must be renewed every night") == 1
    assert len(lamp.options) == 4 and "duty" in lamp.themes
    first = next(q for q in pool if q.card == "prompt:confession-first")
    assert first.kind == "typed" and first.is_correct("the inspector")
    tide = next(q for q in pool if q.card == "prompt:ledger-kept:1")
    assert tide.kind == "cloze" and tide.passage.count("[…]") == 1 and tide.is_correct("tide")


def test_a_long_answer_without_wrong_options_is_a_card_but_not_a_question() -> None:
    import tomli

    raw = tomli.loads(SECOND.read_text(encoding="utf-8"))
    raw["prompts"].append(
        {
            "id": "why-stay",
            "ask": "Why does Ines stay on the island at first?",
            "answer": "Because her father cannot keep the light alone",
            "about": ["ines"],
            "sources": ["general"],
        }
    )
    film = validate(raw, "test")
    assert not [q for q in all_questions(film, random.Random(0)) if q.card == "prompt:why-stay"]
    assert "prompt:why-stay" in _card_ids(film)


def test_a_film_without_written_prompts_still_gets_the_sound_kinds() -> None:
    import tomli

    raw = tomli.loads(SECOND.read_text(encoding="utf-8"))
    del raw["prompts"]
    film = validate(raw, "test")
    kinds = {q.kind for q in all_questions(film, random.Random(0))}
    assert kinds >= {"choice", "typed", "who-said", "order", "evidence", "truefalse"}, kinds
    assert len(generate(film, 10, seed=3)) == 10


def test_a_small_film_makes_only_what_it_can() -> None:
    film = load_film(MINIMAL)
    pool = all_questions(film, random.Random(0))
    kinds = {q.kind for q in pool}
    # One speaker, one character: no who-said; a one-beat arc: no order; no evidence.
    assert not kinds & {"who-said", "order", "evidence"}
    assert {q.key for q in pool} >= {"film:the-paper-boat:year"}
    assert "prompt:boat-follow" in {q.card for q in pool}


def _with_quotes(speakers: list[str]) -> Film:
    """The lighthouse film with its quotes all given to ``speakers`` in turn."""
    import tomli

    raw = tomli.loads(SECOND.read_text(encoding="utf-8"))
    for i, quote in enumerate(raw["quotes"]):
        quote["speaker"] = speakers[i % len(speakers)]
        quote.pop("addressee", None)
    return validate(raw, "test")


def test_who_said_offers_the_other_characters() -> None:
    two = _with_quotes(["ines", "tomas"])
    said = [q for q in all_questions(two, random.Random(0)) if q.kind == "who-said"]
    assert len(said) == len(two.quotes)
    for q in said:
        check_question(two, q)


def test_recurring_beats_are_never_ordered() -> None:
    import tomli

    raw = tomli.loads(SECOND.read_text(encoding="utf-8"))
    ines = next(a for a in raw["arcs"] if a["character"] == "ines")
    ines["beats"][0]["recurring"] = True
    ines["beats"][1]["recurring"] = True
    film = validate(raw, "test")
    recurring = {b.title for b in film.beats if b.recurring}
    for seed in range(20):
        for q in all_questions(film, random.Random(seed)):
            if q.kind == "order" or (q.kind == "truefalse" and "comes before" in q.prompt):
                assert not any(t in q.prompt or t in q.options for t in recurring), q.prompt


def test_order_needs_four_single_moments() -> None:
    film = load_film(SECOND)
    orders = [q for q in all_questions(film, random.Random(0)) if q.kind == "order"]
    assert [q.key for q in orders] == [f"beats:{orders[0].entry}:order-ines"]


def test_make_checks_its_options() -> None:
    film = load_film(SECOND)
    with pytest.raises(HerstudyError) as bad_topic:
        make(film, 5, topics=["plot"])
    assert bad_topic.value.code == 2 and "facts" in bad_topic.value.message
    with pytest.raises(HerstudyError) as bad_kind:
        make(film, 5, kinds=["essay"])
    assert bad_kind.value.code == 2 and "who-said" in bad_kind.value.message
    with pytest.raises(HerstudyError):
        make(film, 0)
    assert make(film, 5, topics=["Quotes,symbols"], seed=2).questions
    quiz = make(film, 500, seed=2)
    assert quiz.wanted == 500 and 10 < len(quiz.questions) < 500
    assert make(film, 3).seed >= 0


# --- typed answers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "answer", "right"),
    [
        ("spike jonze", "Spike Jonze", True),
        ("Spike Jonez", "Spike Jonze", True),  # a swap of two letters
        ("  SPIKE   JONZE!! ", "Spike Jonze", True),
        ("Spike Jones", "Spike Jonze", True),
        ("Spick Joins", "Spike Jonze", False),
        ("Inés", "Ines", True),
        ("lamp", "The lamp", True),
        ("how", "how", True),
        ("hwo", "how", False),  # three letters leave no room for a typo
        ("now", "how", False),
        ("keep", "keeps", True),
        ("2013", "2013", True),
        ("in 2013", "2013", False),
        ("2,013", "2013", False),
        ("2012", "2013", False),
        ("20013", "2013", False),
        ("126 minutes", "126 minutes", True),
        ("126", "126 minutes", True),
        ("", "Ines", False),
        ("?!", "Ines", False),
    ],
)
def test_typed_answers_are_checked_forgivingly(typed: str, answer: str, right: bool) -> None:
    assert matches(typed, [answer]) is right


def test_typo_distance() -> None:
    assert typo_distance("kitten", "sitting") == 3
    assert typo_distance("jonze", "jonez") == 1
    assert typo_distance("", "abc") == 3


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)


@given(st.lists(words, min_size=1, max_size=4), st.sampled_from(["", ".", "!", "?", ","]))
def test_case_spacing_and_punctuation_never_count(parts: list[str], mark: str) -> None:
    answer = " ".join(parts)
    typed = "  " + " ".join(p.upper() for p in parts) + mark
    assert matches(typed, [answer])


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_numbers_must_match_exactly(number: int, delta: int) -> None:
    assert matches(str(number), [str(number)])
    assert not matches(str(number + delta), [str(number)])


@pytest.mark.parametrize(
    ("typed", "answer", "right"),
    [
        ("futuristic and retro", "Retro and futuristic", True),
        ("technology, sterility", "Technology and sterility", True),
        ("lamented", "laments", True),
        ("video gaming", "video games", True),
        ("work", "his work", True),
        ("permanent", "impermanent", False),  # the opposite, not a typo
        ("connected", "disconnected", False),
        ("find love again", "find love", True),  # a word that adds nothing
        ("the color blue", "Blue", True),
        ("not blue", "Blue", False),
        ("a body", "bodies", True),
        ("love", "how to love", False),
        ("never wasted", "not wasted", True),
        ("regretted", "regrets", True),
    ],
)
def test_typed_answers_forgive_order_and_form_but_not_opposites(
    typed: str, answer: str, right: bool
) -> None:
    assert matches(typed, [answer]) is right
