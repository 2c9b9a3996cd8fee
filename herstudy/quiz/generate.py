"""A quiz from the film: the pool of every question it can give, and a fair draw from it.

Questions come from the film's written ``[[prompts]]`` and from the kinds that are
sound by construction: facts with one right value (``quiz.facts``), people and
lines (``quiz.people``), the order of single moments and which moment shows an idea
(``quiz.arcs``). Each generator makes the questions it can make fairly and none
that it cannot. The same seed gives the same questions, with their options in the
same order.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable

from herstudy.model import TOPICS, Film
from herstudy.quiz.arcs import evidence, order
from herstudy.quiz.check import normalise
from herstudy.quiz.facts import facts
from herstudy.quiz.people import characters, quotes
from herstudy.quiz.prompts import prompts
from herstudy.quiz.question import KINDS, TYPED_KINDS, Question
from herstudy.quiz.wording import content_words

GENERATORS = (facts, characters, quotes, order, evidence, prompts)


def all_questions(film: Film, rng: random.Random) -> list[Question]:
    """Every question the film can give, options drawn and shuffled with ``rng``."""
    made = (q for generator in GENERATORS for q in generator(film, rng))
    return [q for q in made if q is not None]


def _uses(q: Question, strict: bool) -> set[str]:
    """What a question uses up in a quiz: the thing it asks, the passage it shows, its group
    (the other deletions of its cloze); and, while ``strict``, its entry, since a second
    question on one entry could give the first away. The film's generated key facts
    (director, year) are separate things; prompts about the film are not."""
    used = {q.key}
    if q.passage:
        used.add(f"passage:{q.passage}")
    if q.group:
        used.add(f"group:{q.group}")
    if strict and (q.section != "film" or q.group):
        used.add(f"{q.section}:{q.entry}")
    return used


def _shown(q: Question) -> set[str]:
    """The words a student reads in a question, its options and its explanation."""
    return content_words(" ".join((q.prompt, q.passage, q.explanation, *q.options)))


def reveals(shown: Question, asked: Question, names: frozenset[str] = frozenset()) -> bool:
    """Whether reading ``shown`` tells the answer to ``asked``.

    A typed answer is revealed when all its words are shown; a chosen one when most of
    a phrase is. A character's name (``names``) or a True/False answer is revealed by
    nothing: a name seen elsewhere does not say who a line or a role belongs to.
    """
    if asked.kind not in (*TYPED_KINDS, "choice", "evidence") or normalise(asked.answer) in names:
        return False
    words = content_words(asked.answer)
    seen = _shown(shown) & words
    if asked.kind in TYPED_KINDS:
        return bool(words) and seen == words
    return len(words) >= 2 and len(seen) >= max(2, 0.6 * len(words))


def generate(
    film: Film,
    n: int,
    topics: Iterable[str] = (),
    kinds: Iterable[str] = (),
    seed: int | None = None,
    where: Callable[[Question], bool] | None = None,
) -> list[Question]:
    """Up to ``n`` questions, never the same thing twice and none giving another away.

    ``topics`` and ``kinds`` narrow the pool (empty: all), and so does ``where``
    (``herstudy study`` keeps the questions on one theme). Details (``detail``: a
    runtime, a minor credit) come only in a quiz narrowed by topic or kind. One question
    of each kind comes first, so a short quiz is mixed; the rest are drawn from the whole pool, so
    a kind is asked about as often as it has questions. Entries are asked once each
    while there are enough of them, then again on other points. Fewer than ``n``
    come back when the film cannot give more; the caller says so.
    """
    rng = random.Random(seed)
    names = frozenset(
        normalise(n) for c in film.characters for n in (c.name, *c.name.split(), *c.aliases)
    )
    # Details (a runtime, a minor credit) are asked only in a quiz narrowed by topic or kind.
    topics, kinds = list(topics), list(kinds)
    details = bool(topics or kinds)
    wanted_topics = set(topics) or set(TOPICS)
    wanted_kinds = set(kinds) or set(KINDS)
    pool = [
        q
        for q in all_questions(film, rng)
        if q.topic in wanted_topics
        and q.kind in wanted_kinds
        and (details or not q.detail)
        and (where is None or where(q))
    ]
    rng.shuffle(pool)
    # The rarest kinds first: they have the fewest questions that can still fit.
    count = Counter(q.kind for q in pool)
    kinds_in_pool = sorted(count, key=lambda k: (count[k], rng.random()))
    chosen: list[Question] = []
    used: set[str] = set()

    def fits(q: Question, strict: bool) -> bool:
        if q in chosen or _uses(q, strict) & used:
            return False
        return not any(reveals(c, q, names) or reveals(q, c, names) for c in chosen)

    def take(q: Question) -> None:
        used.update(_uses(q, strict=True))
        chosen.append(q)

    for kind in kinds_in_pool:
        of_kind = [q for q in pool if q.kind == kind]
        first = next((q for q in of_kind if fits(q, True)), None) or next(
            (q for q in of_kind if fits(q, False)), None
        )
        if first is not None and len(chosen) < n:
            take(first)
    for strict in (True, False):
        for q in pool:
            if len(chosen) == n:
                break
            if fits(q, strict):
                take(q)
    rng.shuffle(chosen)
    return chosen
