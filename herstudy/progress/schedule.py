"""FSRS glue: herstudy's ``CardState`` in and out of the ``fsrs`` package's Scheduler.

No scheduling arithmetic lives here; fsrs decides every interval. Imported only
by the progress commands (fsrs is not loaded by the read commands).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from herstudy.progress.clock import UTC, utc
from herstudy.progress.store import AGAIN, EASY, GOOD, HARD, CardState, readable

RATINGS = (AGAIN, HARD, GOOD, EASY)
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}


class Schedule:
    """An fsrs Scheduler with herstudy's settings: desired retention and fuzzing."""

    def __init__(self, retention: float = 0.9, fuzz: bool = True) -> None:
        if not 0 < retention < 1:
            raise ValueError(f"desired retention must be between 0 and 1, not {retention}")
        self.retention = retention
        self.fuzz = fuzz
        self._scheduler = Scheduler(desired_retention=retention, enable_fuzzing=fuzz)
        # Previews show the unfuzzed interval, as Anki's buttons do.
        self._exact = (
            Scheduler(desired_retention=retention, enable_fuzzing=False)
            if fuzz
            else self._scheduler
        )

    def review(self, before: CardState | None, rating: int, now: datetime.datetime) -> CardState:
        """The card's state after a review rated ``rating`` (1 Again … 4 Easy) at ``now``.

        Matches ``herstudy.progress.store.Reviewer``; reps and lapses are the store's.
        """
        now = utc(now)
        card, _log = self._scheduler.review_card(_to_fsrs(before, now), Rating(rating), now)
        return _from_fsrs(card, before)

    def preview(
        self, before: CardState | None, now: datetime.datetime
    ) -> dict[int, datetime.timedelta]:
        """For each rating, how long until the card would be due again."""
        now = utc(now)
        card = _to_fsrs(before, now)
        if card.state == State.Review and card.last_review and (now - card.last_review).days >= 1:
            return self._review_intervals(card, now)
        return {r: self._exact.review_card(card, Rating(r), now)[0].due - now for r in RATINGS}

    def _review_intervals(
        self, card: FsrsCard, now: datetime.datetime
    ) -> dict[int, datetime.timedelta]:
        """``review_card``'s interval for each rating of a card in review, a day or more after
        its last review (most cards shown): the same fsrs formulas, called once per rating
        without copying the card and logging a review four times (26 -> 8 µs a card)."""
        exact = self._exact
        assert card.stability is not None and card.difficulty is not None
        recall = exact.get_card_retrievability(card, now)
        intervals = {}
        for r in RATINGS:
            stability = exact._next_stability(
                difficulty=card.difficulty,
                stability=card.stability,
                retrievability=recall,
                rating=Rating(r),
            )
            if r == AGAIN and exact.relearning_steps:
                intervals[r] = exact.relearning_steps[0]
            else:
                intervals[r] = datetime.timedelta(days=exact._next_interval(stability=stability))
        return intervals

    def recall(
        self, memories: Iterable[tuple[str, float | None, float | None]], now: datetime.datetime
    ) -> dict[str, float]:
        """fsrs's probability of recalling each card at ``now``, from (card, stability, last
        review as a timestamp); 0 for a card with neither. fsrs's own formula and constants
        (``get_card_retrievability``), without building an fsrs Card for each card, which
        cost stats most of its time. A bad value raises ``BadValue``."""
        decay = -self._scheduler.parameters[20]
        factor = 0.9 ** (1 / decay) - 1
        now = utc(now)

        def one(stability: float | None, last: float | None) -> float:
            if stability is None or last is None:
                return 0.0
            days = max(0, (now - datetime.datetime.fromtimestamp(last, UTC)).days)
            return float((1 + factor * days / stability) ** decay)

        return readable(lambda: {card: one(s, last) for card, s, last in memories})


def _to_fsrs(state: CardState | None, now: datetime.datetime) -> FsrsCard:
    # An explicit card_id and due: fsrs's defaults read the clock (and sleep a millisecond).
    if state is None:
        return FsrsCard(card_id=0, due=utc(now))
    return FsrsCard(
        card_id=0,
        state=State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def _from_fsrs(card: FsrsCard, before: CardState | None) -> CardState:
    return CardState(
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=before.reps if before else 0,
        lapses=before.lapses if before else 0,
    )


def format_interval(delta: datetime.timedelta) -> str:
    """An interval as Anki writes it on a button: ``<1m``, ``10m``, ``5h``, ``3d``, ``2y``."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30.5:
        return f"{round(days)}d"
    if days < 365:
        return _one_decimal(days / 30.4) + "mo"
    return _one_decimal(days / 365) + "y"


def _one_decimal(x: float) -> str:
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text
