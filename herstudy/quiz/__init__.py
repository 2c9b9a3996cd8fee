"""``herstudy quiz``: questions made from the film data, asked at a terminal or printed.

``generate`` makes the questions, ``loop`` asks them through an ``Asker`` and
builds what is shown; all of it pure. Asking a person at a terminal is
``herstudy.interactive.quiz``'s work.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from herstudy.errors import usage_error
from herstudy.model import TOPICS, Film
from herstudy.quiz.generate import generate
from herstudy.quiz.question import KINDS, Question


@dataclass(frozen=True)
class Quiz:
    title: str
    questions: tuple[Question, ...]
    seed: int
    wanted: int
    """How many questions were asked for; ``questions`` holds fewer if the film has no more."""


def make(
    film: Film,
    n: int = 10,
    topics: Iterable[str] = (),
    kinds: Iterable[str] = (),
    seed: int | None = None,
) -> Quiz:
    """A quiz of up to ``n`` questions; a seed is drawn if none is given, so it can be retaken."""
    if n < 1:
        raise usage_error(f"A quiz needs at least one question, not {n}.")
    chosen_topics = _known("topic", topics, TOPICS)
    chosen_kinds = _known("kind", kinds, KINDS)
    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
    questions = generate(film, n, chosen_topics, chosen_kinds, seed)
    if not questions:
        narrowed = [
            f"topic {', '.join(chosen_topics)}" if chosen_topics else "",
            f"kind {', '.join(chosen_kinds)}" if chosen_kinds else "",
        ]
        which = " of " + " and ".join(w for w in narrowed if w) if any(narrowed) else ""
        raise usage_error(
            f"{film.film.title} gives no questions{which}.",
            hint="Try another --topic or --kind, or none.",
        )
    return Quiz(film.film.title, tuple(questions), seed, n)


def _known(what: str, names: Iterable[str], known: tuple[str, ...]) -> list[str]:
    names = list(dict.fromkeys(n.strip().lower() for part in names for n in part.split(",")))
    for name in names:
        if name not in known:
            raise usage_error(f"No quiz {what} '{name}'. Choose from: {', '.join(known)}.")
    return names
