"""Questions from the film's written prompts: multiple choice, typed, or a cloze's gap."""

from __future__ import annotations

import random
from collections.abc import Iterator

from herstudy.model import Film, Prompt
from herstudy.progress.cards import prompt_card
from herstudy.quiz.question import About, Question, build

TYPED_WORDS = 3
"""Longer answers cannot be typed and checked; without wrong options they are cards only."""


def prompts(film: Film, rng: random.Random) -> Iterator[Question | None]:
    for prompt in film.prompts:
        yield from _asked(film, rng, prompt)


def _asked(film: Film, rng: random.Random, prompt: Prompt) -> Iterator[Question | None]:
    about = film.prompt_about(prompt)
    section, entry = about[0] if about else ("film", film.film.id)
    topic = film.prompt_topic(prompt)
    themes = film.prompt_themes(prompt)
    for item in prompt.items():
        where = About(
            topic,
            section,
            entry,
            f"prompt-{prompt.id}-{item.number}",
            themes,
            None if prompt.detail else prompt_card(prompt, item),
            group=f"prompt:{prompt.id}",
            detail=prompt.detail,
        )
        short = len(item.answer.split()) <= TYPED_WORDS
        if prompt.cloze:
            if short:
                yield build(
                    where,
                    "cloze",
                    "Fill the gap.",
                    item.answer,
                    passage=item.front,
                    accept=item.accept,
                    explanation=prompt.explain,
                )
            continue
        choice = build(
            where,
            "choice",
            item.front,
            item.answer,
            rng=rng,
            wrong=prompt.wrong,
            explanation=prompt.explain,
        )
        if choice is not None:
            yield choice
        elif short:
            yield build(
                where,
                "typed",
                item.front,
                item.answer,
                accept=item.accept,
                explanation=prompt.explain,
            )
