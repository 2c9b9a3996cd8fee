"""A quiz question, and the one helper every generator builds its questions with."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from herstudy.model import Section, Topic
from herstudy.quiz.check import matches, normalise
from herstudy.quiz.wording import fair_options, gives_away

Kind = Literal["choice", "typed", "cloze", "who-said", "evidence", "order", "truefalse"]
KINDS: tuple[Kind, ...] = get_args(Kind)
CHOICE_KINDS: tuple[Kind, ...] = ("choice", "who-said", "evidence")
"""Kinds answered by picking one of the options."""
TYPED_KINDS: tuple[Kind, ...] = ("typed", "cloze")
"""Kinds answered by typing."""

Response = str | tuple[str, ...]
"""What a student answers: an option or typed text; for ``order``, the items in their order."""

TRUE, FALSE = "True", "False"
MOST_WRONG = 3
LEAST_WRONG = 2


@dataclass(frozen=True)
class Question:
    """One question, with everything needed to ask it, check it, explain it and record it."""

    kind: Kind
    topic: Topic
    section: Section
    entry: str
    """The entry it is about: ``(section, entry)`` names it."""
    key: str
    """What it asks (``prompt:red-why``); a quiz asks each thing once."""
    prompt: str
    answer: str
    """The right answer as shown; for ``order``, the items in film order joined by arrows."""
    explanation: str = ""
    passage: str = ""
    """Text the question is about (a line, an idea), shown set apart from the prompt."""
    options: tuple[str, ...] = ()
    """In the order shown. ``order``: the items, shuffled. ``typed`` and ``cloze``: none."""
    sequence: tuple[str, ...] = ()
    """``order`` only: the items in film order."""
    accept: tuple[str, ...] = ()
    """``typed`` and ``cloze``: other forms of the answer that count as right."""
    themes: tuple[str, ...] = ()
    """Ids of the themes it bears on (``study THEME`` asks only these)."""
    card: str | None = None
    """The id of the review card an answer counts towards, if there is one."""
    group: str = ""
    """Questions of one group (the deletions of one cloze) give each other away."""
    detail: bool = False
    """A detail (a figure, a credit): left out of a mixed quiz, asked when one is narrowed
    to its topic."""

    def is_correct(self, response: Response) -> bool:
        if self.kind == "order":
            return tuple(response) == self.sequence
        if not isinstance(response, str):
            return False
        if self.kind in TYPED_KINDS:
            return matches(response, (self.answer, *self.accept))
        return response == self.answer


@dataclass(frozen=True)
class About:
    """What a question is about and where its answer is recorded."""

    topic: Topic
    section: Section
    entry: str
    aspect: str
    """What about the entry it asks (``director``, ``speaker``); with the entry, its key."""
    themes: tuple[str, ...] = ()
    card: str | None = None
    group: str = ""
    detail: bool = False

    @property
    def key(self) -> str:
        return f"{self.section}:{self.entry}:{self.aspect}"


def build(
    about: About,
    kind: Kind,
    prompt: str,
    answer: str,
    *,
    rng: random.Random | None = None,
    wrong: Iterable[str] = (),
    ranked: bool = False,
    explanation: str = "",
    passage: str = "",
    accept: Iterable[str] = (),
    sequence: Sequence[str] = (),
) -> Question | None:
    """A question of any kind, or None where it cannot be asked fairly.

    Choice kinds take two or three of ``wrong`` (shuffled unless ``ranked``: best
    first), none standing out by length; a choice whose right answer echoes the
    question more than its wrong options do is not asked. ``order`` shows
    ``sequence`` shuffled.
    """
    if not normalise(answer):
        return None
    options: tuple[str, ...] = ()
    if kind in CHOICE_KINDS:
        pool = list(wrong)
        if rng is not None and not ranked:
            rng.shuffle(pool)
        picked = fair_options(answer, pool, MOST_WRONG)
        if len(picked) < LEAST_WRONG or gives_away(answer, picked, f"{prompt} {passage}"):
            return None
        shown = [answer, *picked]
        if rng is not None:
            rng.shuffle(shown)
        options = tuple(shown)
    elif kind == "truefalse":
        options = (TRUE, FALSE)
    elif kind == "order":
        shown = list(sequence)
        while rng is not None and len(set(shown)) > 1 and tuple(shown) == tuple(sequence):
            rng.shuffle(shown)
        options = tuple(shown)
    return Question(
        kind=kind,
        topic=about.topic,
        section=about.section,
        entry=about.entry,
        key=about.key,
        prompt=prompt,
        answer=answer,
        explanation=explanation,
        passage=passage,
        options=options,
        sequence=tuple(sequence),
        accept=tuple(a for a in dict.fromkeys(accept) if normalise(a) != normalise(answer)),
        themes=about.themes,
        card=about.card,
        group=about.group,
        detail=about.detail,
    )
