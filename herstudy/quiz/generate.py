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
from collections.abc import Callable, Iterable

from herstudy.model import TOPICS, Film, Topic
from herstudy.quiz.arcs import evidence, order
from herstudy.quiz.facts import facts
from herstudy.quiz.people import characters, quotes
from herstudy.quiz.prompts import prompts
from herstudy.quiz.question import FALSE, KINDS, TRUE, Kind, Question, Response

__all__ = [
    "FALSE",
    "KINDS",
    "TOPICS",
    "TRUE",
    "Kind",
    "Question",
    "Response",
    "Topic",
    "all_questions",
    "generate",
]

GENERATORS = (facts, characters, quotes, order, evidence, prompts)


def all_questions(film: Film, rng: random.Random) -> list[Question]:
    """Every question the film can give, options drawn and shuffled with ``rng``."""
    made = (q for generator in GENERATORS for q in generator(film, rng))
    return [q for q in made if q is not None]


def _uses(q: Question, strict: bool) -> set[str]:
    """What a question uses up in a quiz: the thing it asks and the passage it shows; and,
    while ``strict``, its entry, since a second question on one entry could give the first
    away. The film's own facts are separate things."""
    used = {q.key}
    if q.passage:
        used.add(f"passage:{q.passage}")
    if strict and q.section != "film":
        used.add(f"{q.section}:{q.entry}")
    return used


def generate(
    film: Film,
    n: int,
    topics: Iterable[str] = (),
    kinds: Iterable[str] = (),
    seed: int | None = None,
    where: Callable[[Question], bool] | None = None,
) -> list[Question]:
    """Up to ``n`` questions of as many kinds as possible, never the same thing twice.

    ``topics`` and ``kinds`` narrow the pool (empty: all), and so does ``where``
    (``herstudy study`` keeps the questions on one theme). Entries are asked once
    each while there are enough of them, then again on other points. Fewer than
    ``n`` come back when the film cannot give more; the caller says so.
    """
    rng = random.Random(seed)
    wanted_topics = set(topics) or set(TOPICS)
    wanted_kinds = set(kinds) or set(KINDS)
    pool = [
        q
        for q in all_questions(film, rng)
        if q.topic in wanted_topics and q.kind in wanted_kinds and (where is None or where(q))
    ]
    by_kind: dict[str, list[Question]] = {}
    for q in pool:
        by_kind.setdefault(q.kind, []).append(q)
    queues = list(by_kind.values())
    for queue in queues:
        rng.shuffle(queue)
    rng.shuffle(queues)
    chosen: list[Question] = []
    used: set[str] = set()
    for strict in (True, False):
        waiting = [list(queue) for queue in queues]
        # Take the kinds in turn, so ten questions bring every kind there is.
        while len(chosen) < n and any(waiting):
            for queue in waiting:
                while queue and len(chosen) < n:
                    q = queue.pop()
                    if q not in chosen and not _uses(q, strict) & used:
                        used |= _uses(q, strict=True)
                        chosen.append(q)
                        break
    rng.shuffle(chosen)
    return chosen
