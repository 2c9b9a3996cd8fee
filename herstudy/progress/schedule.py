"""FSRS glue: herstudy's ``CardState`` in and out of the ``fsrs`` package's Scheduler.

fsrs decides every interval: its formulas do every sum. For the commonest card, one in
review shown a day or more after its last review, the previews and the grade call those
formulas (``_next_stability``, ``_next_interval``, ``_next_difficulty``,
``_get_fuzzed_interval``, private to fsrs) directly, following ``review_card``'s branch
for that case, rather than ``review_card`` itself, which copies the card and logs a
review each time; hypothesis tests hold both to ``review_card``'s results, and the
dependency is pinned to the fsrs minor version they were checked against. Imported only
by the progress commands (fsrs is not loaded by the read commands).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from herstudy.progress.clock import UTC, utc
from herstudy.progress.store import (
    AGAIN,
    EASY,
    GOOD,
    HARD,
    RELEARNING,
    REVIEW,
    CardState,
    readable,
)

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
        # fsrs's forgetting curve: R = (1 + factor * days / stability) ** decay.
        self._decay = -self._scheduler.parameters[20]
        self._factor = 0.9 ** (1 / self._decay) - 1

    def review(self, before: CardState | None, rating: int, now: datetime.datetime) -> CardState:
        """The card's state after a review rated ``rating`` (1 Again … 4 Easy) at ``now``.

        Matches ``herstudy.progress.store.Reviewer``; reps and lapses are the store's.
        """
        now = utc(now)
        memory = _memory(before, now)
        if before is not None and memory is not None:
            return self._review_in_review(before, memory, _RATING[rating], now)
        card, _log = self._scheduler.review_card(_to_fsrs(before, now), _RATING[rating], now)
        return _from_fsrs(card, before)

    def _review_in_review(
        self, before: CardState, memory: _Memory, rating: Rating, now: datetime.datetime
    ) -> CardState:
        """``review_card``'s branch for a card in review a day or more after its last review
        (most grades): fsrs's own formulas and fuzz, without copying an fsrs Card and
        logging the review (a hypothesis test checks it against ``review_card``)."""
        fsrs = self._scheduler
        stability, difficulty, days = memory
        after = fsrs._next_stability(
            difficulty=difficulty,
            stability=stability,
            retrievability=self._recall(stability, days),
            rating=rating,
        )
        step: int | None
        if rating == Rating.Again and fsrs.relearning_steps:
            state, step, interval = RELEARNING, 0, fsrs.relearning_steps[0]
        else:
            # The step stays: None, unless a stored review kept one (fsrs keeps it too).
            state, step = REVIEW, before.step
            interval = datetime.timedelta(days=fsrs._next_interval(stability=after))
            if fsrs.enable_fuzzing:
                interval = fsrs._get_fuzzed_interval(interval=interval)
        return CardState(
            state=state,
            step=step,
            stability=after,
            difficulty=fsrs._next_difficulty(difficulty=difficulty, rating=rating),
            due=now + interval,
            last_review=now,
            reps=before.reps,
            lapses=before.lapses,
        )

    def preview(
        self, before: CardState | None, now: datetime.datetime
    ) -> dict[int, datetime.timedelta]:
        """For each rating, how long until the card would be due again."""
        now = utc(now)
        memory = _memory(before, now)
        if memory is not None:
            return self._review_intervals(memory)
        card = _to_fsrs(before, now)
        return {r: self._exact.review_card(card, _RATING[r], now)[0].due - now for r in RATINGS}

    def _review_intervals(self, memory: _Memory) -> dict[int, datetime.timedelta]:
        """``review_card``'s interval for each rating of a card in review, a day or more after
        its last review (most cards shown): the same fsrs formulas, called once per rating
        without building an fsrs Card, copying it and logging a review four times."""
        exact = self._exact
        stability, difficulty, days = memory
        recall = self._recall(stability, days)
        intervals = {}
        for r in RATINGS:
            if r == AGAIN and exact.relearning_steps:
                intervals[r] = exact.relearning_steps[0]
                continue
            after = exact._next_stability(
                difficulty=difficulty, stability=stability, retrievability=recall, rating=_RATING[r]
            )
            intervals[r] = datetime.timedelta(days=exact._next_interval(stability=after))
        return intervals

    def _recall(self, stability: float, days: int) -> float:
        """fsrs's probability of recall ``days`` whole days after the last review (fsrs's
        ``get_card_retrievability``, from the numbers instead of an fsrs Card)."""
        return float((1 + self._factor * max(0, days) / stability) ** self._decay)

    def recall(
        self, memories: Iterable[tuple[str, float | None, float | None]], now: datetime.datetime
    ) -> dict[str, float]:
        """fsrs's probability of recalling each card at ``now``, from (card, stability, last
        review as a timestamp); 0 for a card with neither. Without building an fsrs Card for
        each card, which cost stats most of its time. A bad value raises ``BadValue``."""
        now = utc(now)

        def one(stability: float | None, last: float | None) -> float:
            if stability is None or last is None:
                return 0.0
            return self._recall(stability, (now - datetime.datetime.fromtimestamp(last, UTC)).days)

        return readable(lambda: {card: one(s, last) for card, s, last in memories})


_RATING = {r: Rating(r) for r in RATINGS}

_Memory = tuple[float, float, int]
"""(stability, difficulty, whole days since the last review)."""


def _memory(state: CardState | None, now: datetime.datetime) -> _Memory | None:
    """The memory of a card in review a day or more after its last review, the case
    ``Schedule`` computes from fsrs's formulas directly; None for any other card."""
    if (
        state is None
        or state.state != REVIEW
        or state.stability is None
        or state.difficulty is None
        or state.last_review is None
    ):
        return None
    days = (now - state.last_review).days
    return (state.stability, state.difficulty, days) if days >= 1 else None


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
