"""A lint over the learning material: every question of many quizzes, and every card.

What it catches is what a reader marks as a giveaway or as awkward: a right option
that echoes the question more than the wrong ones do, an option that stands out by
its length, a masked blank, the same passage asked twice, a verb that disagrees
with a plural name, approximate dialogue not flagged as such, a major theme offered
as a wrong answer, an answer printed on its own card.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA, SECOND

from herstudy.load import load_film
from herstudy.model import GAP, MAX_ANSWER_WORDS, Film
from herstudy.progress.cards import make_cards
from herstudy.quiz.check import normalise
from herstudy.quiz.generate import generate
from herstudy.quiz.question import CHOICE_KINDS, TYPED_KINDS, Question
from herstudy.quiz.wording import BLANK, content_words, gives_away, is_plural, outlier

SEEDS = range(50)
SIZE = 40
FILMS = [pytest.param(DATA, id="bundled"), pytest.param(SECOND, id="lighthouse")]


def _asked(q: Question) -> str:
    return f"{q.prompt} {q.passage}"


def _quizzes(path: Path) -> tuple[Film, list[list[Question]]]:
    film = load_film(path)
    return film, [generate(film, SIZE, seed=seed) for seed in SEEDS]


def _approximate_runs(film: Film) -> list[str]:
    """Runs of four words from each line whose wording is only approximate."""
    runs = []
    for quote in film.quotes:
        if quote.approximate:
            words = normalise(quote.text).split()
            runs += [" ".join(words[i : i + 4]) for i in range(len(words) - 3)]
    return runs


@pytest.mark.parametrize("path", FILMS)
def test_every_question_of_fifty_quizzes_is_fair(path: Path) -> None:
    film, quizzes = _quizzes(path)
    major = {normalise(t.title) for t in film.themes_of(film.film.themes)}
    plural_names = [
        n for e in (*film.symbols, *film.characters) for n in (e.name,) if is_plural(n)
    ] + [t.title for t in film.themes if is_plural(t.title)]
    rough = _approximate_runs(film)
    problems: set[str] = set()
    for quiz in quizzes:
        passages = [q.passage for q in quiz if q.passage]
        if len(passages) != len(set(passages)):
            problems.add(f"a passage asked twice: {passages}")
        for q in quiz:
            where = f"{q.kind} {q.key}: {q.prompt}"
            shown = " ".join((q.prompt, q.passage, q.answer, *q.options))
            if BLANK in shown:
                problems.add(f"a masked blank: {where}")
            if q.kind == "cloze":
                if q.passage.count(GAP) != 1:
                    problems.add(f"a cloze shows one gap: {where}")
            elif GAP in shown:
                problems.add(f"a gap outside a cloze: {where}")
            if q.kind in CHOICE_KINDS:
                wrong = [o for o in q.options if o != q.answer]
                if gives_away(q.answer, wrong, _asked(q)):
                    problems.add(f"the right option echoes the question: {where}")
                for o in q.options:
                    if outlier(o, [x for x in q.options if x is not o]):
                        problems.add(f"an option stands out by length ({o!r}): {where}")
                if any(normalise(o) in major for o in wrong):
                    problems.add(f"a major theme offered as a wrong answer: {where}")
            if q.kind in TYPED_KINDS:
                answer = content_words(q.answer)
                if answer and answer <= content_words(_asked(q).replace(GAP, " ")):
                    problems.add(f"the answer is in the question: {where}")
            for name in plural_names:
                if re.search(rf"\b(does|is|has|was) {re.escape(name)}\b", q.prompt, re.I):
                    problems.add(f"a plural name with a singular verb: {where}")
            text = normalise(_asked(q))
            if any(run in text for run in rough) and not re.search(
                r"approximat|roughly|something like", _asked(q), re.I
            ):
                problems.add(f"approximate wording not flagged in the prompt: {where}")
    assert not problems, "\n".join(sorted(problems))


@pytest.mark.parametrize("path", FILMS)
def test_quizzes_of_forty_are_full_and_mixed(path: Path) -> None:
    film, quizzes = _quizzes(path)
    for quiz in quizzes:
        keys = [q.key for q in quiz]
        assert len(keys) == len(set(keys))
        if path == DATA:
            assert len(quiz) == SIZE
            assert len({q.kind for q in quiz}) >= 6


@pytest.mark.parametrize("path", FILMS)
def test_every_card_has_a_short_answer_that_is_not_on_its_front(path: Path) -> None:
    film = load_film(path)
    rough = _approximate_runs(film)
    for card in make_cards(film):
        assert len(card.back.split()) <= MAX_ANSWER_WORDS, card.id
        assert normalise(card.back) not in normalise(card.front), card.id
        assert not re.match(r"(theme|symbol|motif)\s*:", card.front, re.I), f"a label: {card.id}"
        assert "which theme is this" not in card.front.lower(), card.id
        front = normalise(card.front)
        if any(run in front for run in rough):
            assert re.search(r"approximat|roughly|something like", card.front, re.I), card.id


def test_the_bundled_prompts_are_atomic() -> None:
    """Written prompts: short answers, short explanations, three wrong options for long answers."""
    film = load_film(DATA)
    for prompt in film.prompts:
        for item in prompt.items():
            assert len(item.answer.split()) <= 20, prompt.id
            if prompt.cloze:
                assert len(item.answer.split()) <= 4, f"a cloze hides a phrase: {prompt.id}"
        assert len(prompt.explain.split()) <= 40, prompt.id
        if prompt.ask and len(prompt.answer.split()) > 3:
            assert len(prompt.wrong) == 3, f"{prompt.id}: a long answer needs wrong options"
