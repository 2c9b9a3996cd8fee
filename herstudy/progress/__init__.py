"""Study progress: cards from the film, FSRS scheduling, a SQLite review log, stats.

Importing this package is cheap: sqlite3 and fsrs are imported only by the
modules that need them (``store``, ``schedule``), and those only by the
progress commands (review, stats, progress reset, quiz).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from herstudy.progress.clock import Clock, now_utc

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

    Answers about no card of the film (a genre, the order of an arc) are not recorded.
    """

    def __init__(self, store: Store, schedule: Schedule, clock: Clock = now_utc) -> None:
        self.store = store
        self.schedule = schedule
        self.clock = clock
        self.recorded = 0

    @property
    def warnings(self) -> list[str]:
        return self.store.warnings

    def __call__(self, question: QuizQuestion, correct: bool) -> None:
        from herstudy.progress.store import AGAIN, GOOD

        card = self.store.card_by_id.get(question.card) if question.card is not None else None
        if card is None:
            return
        self.store.record(
            card, GOOD if correct else AGAIN, self.clock(), self.schedule.review, source="quiz"
        )
        self.recorded += 1

    def close(self) -> None:
        self.store.close()


def quiz_recorder(
    film: Film, data_path: Path, *, save: bool = True, clock: Clock = now_utc
) -> QuizRecorder:
    """Open the film's progress store and return the quiz's ``on_answer`` callback.

    Check ``.warnings`` after opening (a corrupt file moved aside) and ``close()`` it.
    """
    from herstudy.progress.schedule import Schedule
    from herstudy.progress.store import open_store

    return QuizRecorder(open_store(film, data_path, clock(), save=save), Schedule(), clock)
