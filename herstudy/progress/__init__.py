"""Study progress: cards from the film, FSRS scheduling, a SQLite review log, stats.

Importing this package is cheap: sqlite3 and fsrs are imported only by the
modules that need them (``store``, ``schedule``), and those only by the
progress commands (review, stats, progress reset, quiz).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from herstudy.model import Film
    from herstudy.progress.schedule import Schedule
    from herstudy.progress.store import Store


class QuizQuestion(Protocol):
    """What the quiz loop's ``on_answer`` passes: the card the answer counts towards."""

    @property
    def card(self) -> str | None: ...


class QuizRecorder:
    """``on_answer(question, correct)`` for the quiz: right → a Good review, wrong → Again.

    Answers about no card (a genre, the order of an arc) are not recorded.
    """

    def __init__(
        self,
        film: Film,
        store: Store,
        schedule: Schedule,
        clock: Callable[[], datetime.datetime],
    ) -> None:
        from herstudy.progress.cards import make_cards

        self.film = film
        self.store = store
        self.schedule = schedule
        self.clock = clock
        self.cards = {c.id: c for c in make_cards(film)}
        self.recorded = 0

    @property
    def warnings(self) -> list[str]:
        return self.store.warnings

    def __call__(self, question: QuizQuestion, correct: bool) -> None:
        from herstudy.progress.store import AGAIN, GOOD

        card = self.cards.get(question.card) if question.card else None
        if card is None:
            return
        self.store.record(
            card, GOOD if correct else AGAIN, self.clock(), self.schedule.review, source="quiz"
        )
        self.recorded += 1

    def close(self) -> None:
        self.store.close()


def quiz_recorder(
    film: Film,
    data_path: Path,
    *,
    save: bool = True,
    clock: Callable[[], datetime.datetime] | None = None,
) -> QuizRecorder:
    """Open the film's progress store and return the quiz's ``on_answer`` callback.

    Check ``.warnings`` after opening (a corrupt file moved aside) and ``close()`` it.
    """
    from herstudy.progress.schedule import Schedule
    from herstudy.progress.store import open_store

    now = clock or (lambda: datetime.datetime.now(datetime.timezone.utc))
    store = open_store(film.film.id, data_path, now(), save=save)
    return QuizRecorder(film, store, Schedule(), now)
