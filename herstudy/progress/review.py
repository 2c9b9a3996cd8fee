"""``herstudy review``: due cards most overdue first, then new cards, graded 1–4.

Two layers. ``Session`` and ``run`` are the pure part: what comes next, what a
grade records, what undo takes back; they get the clock and a ``Screen`` (which
shows cards and reads one key) from outside, so tests drive them with a fake
screen and simulated days. The real screen is ``herstudy.interactive.review``'s
``TerminalScreen``; nothing here draws or reads a key.

Every grade is committed by the store before the next card is shown.
"""

from __future__ import annotations

import bisect
import datetime
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from herstudy.progress.cards import Card
from herstudy.progress.clock import Clock, local_day, now_utc, utc
from herstudy.progress.schedule import RATING_NAMES, RATINGS, Schedule, format_interval
from herstudy.progress.store import REVIEW, Among, CardState, Due, Recorded, Store

LEARN_AHEAD = datetime.timedelta(minutes=20)
"""With nothing else left, cards in learning steps due this soon are shown early (as Anki)."""

DUE_SHOWN = 999
"""The header counts due cards up to this many; more shows as ``999+``."""
REVEAL_KEYS = ("space", "enter", "u", "q")
GRADE_KEYS = ("1", "2", "3", "4", "u", "q")

QUEUE = 16
"""The most overdue cards ``next_card`` reads at a time."""
HORIZON = datetime.timedelta(hours=1)
"""How far past the learn-ahead the header's counts look for cards about to fall due."""
UPCOMING = 2000
"""The most cards fetched in one look ahead."""
SATURATED = datetime.timedelta(minutes=1)
"""How long the counts go without a look ahead after one that found too many cards."""
_NEVER = datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)


def _when(entry: tuple[datetime.datetime, str]) -> datetime.datetime:
    return entry[0]


class Counts:
    """The header's counts of a session's cards, kept instead of recounted at every step.

    Counted once; then the session's own grades and undos move the card they change,
    and as the clock moves on the cards falling due in between are taken from a list
    of those due within the next ``HORIZON`` (fetched once, and again when the clock
    nears its end). A write the session did not make (another process, seen in the
    file's ``data_version``, or another caller of the same store, as a quiz) or a
    clock gone back means counting afresh. Only the cards the store's film has now
    are counted.

    Due cards are counted up to ``2 * DUE_SHOWN``: past that the count is a floor (the
    header shows ``999+``), and counted afresh if it ever falls below ``DUE_SHOWN``.
    """

    def __init__(
        self,
        store: Store,
        among: Among,
        cards: int,
        *,
        new_limit: int,
        learn_ahead: datetime.timedelta = LEARN_AHEAD,
    ) -> None:
        self.store = store
        self.among = among
        self.cards = cards
        self.new_limit = new_limit
        self.learn_ahead = learn_ahead
        self.at: datetime.datetime | None = None
        """The moment ``due`` is for; None: to be counted afresh."""
        self._due = 0
        self._exact = True
        """False: ``_due`` is a floor, the count having stopped at its limit."""
        self._soon: list[tuple[datetime.datetime, str]] = []
        """(due, card) of the cards falling due after ``at`` and before ``_horizon``."""
        self._learning: list[tuple[datetime.datetime, str]] = []
        """Those of ``_soon`` in (re)learning steps."""
        self._horizon = _NEVER
        self._saturated = _NEVER
        """Until then, do not look ahead: the last look found more cards due soon than it takes."""
        self._unstudied: int | None = None
        self._introduced: tuple[datetime.date, int] | None = None
        """(day, new cards begun on it by a review)."""
        self._seen = store.version()
        """The store's version when counted: a change is a write these counts did not follow
        (``moved`` follows the session's own)."""

    def _check(self) -> None:
        seen = self.store.version()
        if seen != self._seen:
            self.at, self._unstudied, self._introduced, self._seen = None, None, None, seen

    def due(self, now: datetime.datetime) -> int:
        """The session's cards due at ``now`` (at least, past ``DUE_SHOWN``)."""
        self._check()
        return self._due_at(now)

    def header(self, now: datetime.datetime) -> tuple[int, int, int]:
        """(due, new, learning) at ``now``: the cards due (at least, past ``DUE_SHOWN``),
        the new cards the session may still show today, and the cards in (re)learning
        steps falling due within the learn-ahead (up to ``DUE_SHOWN``)."""
        self._check()
        due = self._due_at(now)
        new = min(self._new_left(now), self._unstudied_now())
        until = now + self.learn_ahead
        if until < self._horizon:
            soon = bisect.bisect_right(self._learning, until, key=_when)
        else:  # more cards due soon than one look ahead takes: ask the file
            soon = self.store.learning_count(now, until, DUE_SHOWN, self.among)
        return due, new, min(soon, DUE_SHOWN)

    def _due_at(self, now: datetime.datetime) -> int:
        if self.at is None or now < self.at or (not self._exact and self._due < DUE_SHOWN):
            self._exact = True
            self._due = self._count(now)
            self._look_ahead(now)
        elif now > self.at:
            if now + self.learn_ahead < self._horizon:
                fallen = bisect.bisect_right(self._soon, now, key=_when)
                self._due += fallen
                del self._soon[:fallen]
                del self._learning[: bisect.bisect_right(self._learning, now, key=_when)]
            else:
                self._due += self._count(now, after=self.at)
                self._look_ahead(now)
        self.at = now
        return self._due

    def _count(self, now: datetime.datetime, after: datetime.datetime | None = None) -> int:
        most = 2 * DUE_SHOWN
        n = self.store.due_count(now, most, self.among, after=after)
        self._exact = self._exact and n < most
        return n

    def _look_ahead(self, now: datetime.datetime) -> None:
        """Fetch the cards falling due after ``now`` and before the new horizon.

        With more than ``UPCOMING`` of them, the horizon is the last one's due (others due
        then left out); if that is within the learn-ahead, the list is no use and is not
        fetched again for a minute: the counts are queries meanwhile, as without it."""
        self._soon, self._learning, self._horizon = [], [], now
        if now < self._saturated:
            return
        rows = self.store.upcoming(now, now + self.learn_ahead + HORIZON, UPCOMING, self.among)
        horizon = now + self.learn_ahead + HORIZON
        if len(rows) == UPCOMING:
            horizon = rows[-1][0]
            rows = [r for r in rows if r[0] < horizon]
            if horizon <= now + self.learn_ahead:
                self._saturated = now + SATURATED
                return
        self._horizon = horizon
        self._soon = [(due, card) for due, card, _ in rows]
        self._learning = [(due, card) for due, card, learning in rows if learning]

    def _unstudied_now(self) -> int:
        if self._unstudied is None:
            self._unstudied = self.cards - self.store.studied_count(self.among)
        return self._unstudied

    def new_left(self, now: datetime.datetime) -> int:
        """New cards that may still be introduced today."""
        self._check()
        return self._new_left(now)

    def _new_left(self, now: datetime.datetime) -> int:
        day = local_day(now)
        if self._introduced is None or self._introduced[0] != day:
            self._introduced = (day, self.store.introduced_on(day))
        return max(0, self.new_limit - self._introduced[1])

    def moved(
        self,
        card: str,
        before: CardState | None,
        after: CardState | None,
        day: datetime.date | None = None,
    ) -> None:
        """The session's own write took ``card`` from ``before`` to ``after`` (None: new);
        ``day``: the local day of a review."""
        if self.at is not None:
            self._place(card, before, -1)
            self._place(card, after, 1)
        if self._unstudied is not None:
            self._unstudied += (after is None) - (before is None)
        if self._introduced is not None and (before is None) != (after is None):
            if before is None and day == self._introduced[0]:  # a review began a new card
                self._introduced = (day, self._introduced[1] + 1)
            else:
                self._introduced = None
        self._seen = (self._seen[0], self._seen[1] + 1)

    def _place(self, card: str, state: CardState | None, sign: int) -> None:
        if state is None or self.at is None:
            return
        if state.due <= self.at:
            self._due += sign
            return
        if state.due >= self._horizon:
            return
        entry = (state.due, card)
        for kept in (self._soon, self._learning) if state.state != REVIEW else (self._soon,):
            if sign > 0:
                bisect.insort(kept, entry)
                continue
            i = bisect.bisect_left(kept, entry)
            if i == len(kept) or kept[i] != entry:
                self.at = None  # not as these counts have it: count afresh
                return
            del kept[i]


class Session:
    """What to show next and what a grade does; the clock is injected."""

    def __init__(
        self,
        store: Store,
        schedule: Schedule,
        *,
        cards: Sequence[Card] | None = None,
        new_limit: int = 10,
        cap: int | None = None,
        clock: Clock = now_utc,
        learn_ahead: datetime.timedelta = LEARN_AHEAD,
    ) -> None:
        self.store = store
        self.cards = store.cards if cards is None else tuple(cards)
        """The film's cards, or only these of them (a theme's), in the order new ones come."""
        self.by_id = store.card_by_id if cards is None else {c.id: c for c in self.cards}
        self.among = None if cards is None else tuple(self.by_id)
        """The ids the store's queries are kept to; None: all the film's cards."""
        self.schedule = schedule
        self.new_limit = new_limit
        self.cap = cap
        self.clock = clock
        self.learn_ahead = learn_ahead
        self.answered = 0
        self.ratings: Counter[int] = Counter()
        self._history: list[tuple[Recorded, Card, int]] = []
        self._again: list[Card] = []
        """Cards taken back by undo, shown before anything else (last undone first)."""
        self._shown_again: Card | None = None
        """The card on screen, if it came from ``_again``: an undo now must not lose it."""
        self.counts = Counts(
            store, self.among, len(self.by_id), new_limit=new_limit, learn_ahead=learn_ahead
        )
        """The header's counts, kept by this session's grades and undos."""
        self._queue: list[Due] = []
        """The most overdue cards when last read (at ``_queue_at``), the most overdue last.
        A card falling due since is due later than these, so the queue stays the head of
        the line as long as nothing has written since but this session's grades, each
        taking its card out and making it due after ``_queue_at`` (a grade that does not,
        after the clock went back, drops the queue)."""
        self._queue_seen: tuple[int, int] | None = None
        """The store's version the queue is good for."""
        self._queue_at = _NEVER
        self._shown: tuple[str, CardState | None, tuple[int, int]] | None = None
        """The card ``next_card`` last found, its state (None: new) and the store's version
        then: what ``preview`` need not read again."""
        self._known: set[str] | None = None
        """Cards reviewed before (read when the first new card is wanted; most sessions
        begin with cards due) and in this session."""
        self._pos = 0

    def now(self) -> datetime.datetime:
        return utc(self.clock())

    def next_card(self) -> Card | None:
        """The next card: one just undone, the most overdue, a new one, or a learning one."""
        if self.cap is not None and self.answered >= self.cap:
            return None
        self._shown_again, self._shown = None, None
        if self._again:
            self._shown_again = self._again.pop()
            return self._shown_again
        now, seen = self.now(), self.store.version()
        due = self._next_due(now, seen)
        if due is None:
            new = self._next_new(now)
            if new is not None:
                return new
            due = self.store.next_learning(now + self.learn_ahead, self.among)
            if due is None:
                return None
        self._shown = (due.card, due.state, seen)
        return self.by_id[due.card]

    def _next_due(self, now: datetime.datetime, seen: tuple[int, int]) -> Due | None:
        """The most overdue card, from the queue read at most ``QUEUE`` at a time."""
        if not self._queue or seen != self._queue_seen or now < self._queue_at:
            self._queue = self.store.due_cards(now, QUEUE, self.among)[::-1]
            self._queue_seen, self._queue_at = seen, now
        return self._queue[-1] if self._queue else None

    def new_left(self, now: datetime.datetime | None = None) -> int:
        """New cards that may still be introduced today."""
        return self.counts.new_left(now or self.now())

    def _next_new(self, now: datetime.datetime) -> Card | None:
        if not self.new_left(now):
            return None
        if self._known is None:
            self._known = self.store.known()
        while self._pos < len(self.cards):
            card = self.cards[self._pos]
            # Another process may have introduced it since we started: ask the store.
            if card.id not in self._known and self.store.state(card.id) is None:
                self._shown = (card.id, None, self.store.version())
                return card
            self._pos += 1
        return None

    def preview(self, card: Card) -> dict[int, datetime.timedelta]:
        """For each rating, the interval it would give the card now."""
        shown = self._shown
        if shown is not None and shown[0] == card.id and shown[2] == self.store.version():
            state = shown[1]  # nothing written since next_card read it
        else:
            state = self.store.state(card.id)
        return self.schedule.preview(state, self.now())

    def grade(self, card: Card, rating: int, duration_ms: int | None = None) -> Recorded:
        self._shown_again = None
        now = self.now()
        recorded = self.store.record(
            card, rating, now, self.schedule.review, duration_ms=duration_ms
        )
        self.counts.moved(card.id, recorded.before, recorded.state, local_day(now))
        if self._queue_seen is not None and recorded.state.due > self._queue_at:
            # The queue follows this write: the card leaves it, due after all of it.
            self._queue = [due for due in self._queue if due.card != card.id]
            self._queue_seen = (self._queue_seen[0], self._queue_seen[1] + 1)
        if self._known is not None:
            self._known.add(card.id)
        self._history.append((recorded, card, rating))
        self.answered += 1
        self.ratings[rating] += 1
        return recorded

    def can_undo(self) -> bool:
        return bool(self._history)

    def undo(self) -> Card | None:
        """Take back this session's last grade; its card is shown next. None if refused.

        A card on screen that an earlier undo brought back goes back in the queue,
        behind this one: the store no longer counts it due or new, so nothing else
        would show it again (two undos in a row must not lose a card).
        """
        if not self._history:
            return None
        recorded, card, rating = self._history.pop()
        if self.store.undo(recorded.review, self.now()) is None:
            return None
        self.counts.moved(card.id, recorded.state, recorded.before)
        self.answered -= 1
        self.ratings[rating] -= 1
        if self._shown_again is not None:
            self._again.append(self._shown_again)
            self._shown_again = None
        self._again.append(card)
        return card

    def next_due_time(self) -> datetime.datetime | None:
        return self.store.next_due_time(self.among)


@dataclass
class Summary:
    answered: int = 0
    ratings: dict[str, int] = field(default_factory=dict)
    next_due: datetime.datetime | None = None
    nothing_due: bool = False
    new_left: int = 0
    interrupted: bool = False
    """Ctrl-C ended the session (the grades before it are saved)."""


class Screen(Protocol):
    def front(self, card: Card, number: int, left: str) -> None: ...
    def back(self, card: Card) -> None: ...
    def key(self, prompt: str, keys: Collection[str]) -> str:
        """One key press, named as in ``keys`` (``space``, ``enter``, ``1``…, ``u``, ``q``)."""
        ...

    def say(self, text: str, quiet: bool = False) -> None: ...


def choices(previews: dict[int, datetime.timedelta]) -> str:
    """The grade line, Anki-style: ``1 Again · 1m   2 Hard · 6m   3 Good · 10m   4 Easy · 8d``."""
    grades = "   ".join(f"{r} {RATING_NAMES[r]} · {format_interval(previews[r])}" for r in RATINGS)
    return f"{grades}    u undo · q quit"


def run(session: Session, screen: Screen) -> Summary:
    """The review loop: front, Space/Enter, back, grade 1–4; ``u`` undoes, ``q`` stops.

    Ctrl-C stops it as ``q`` does, with ``interrupted`` set in the summary.
    """
    interrupted = False
    try:
        nothing_due = _loop(session, screen)
    except KeyboardInterrupt:  # pressed at a card, so there was one
        interrupted, nothing_due = True, False
    names = {RATING_NAMES[r]: n for r, n in sorted(session.ratings.items()) if n}
    return Summary(
        answered=session.answered,
        ratings=names,
        next_due=session.next_due_time(),
        nothing_due=nothing_due,
        new_left=session.new_left(),
        interrupted=interrupted,
    )


def _loop(session: Session, screen: Screen) -> bool:
    """Show cards until none is left or ``q``; True if there was none to show at all."""
    first = True
    while True:
        card = session.next_card()
        if card is None:
            break
        first = False
        now = session.now()
        screen.front(card, session.answered + 1, _left(session, now))
        key = screen.key("Space or Enter: show the answer    u undo · q quit", REVEAL_KEYS)
        if key == "q":
            break
        if key == "u":
            _undo(session, screen)
            continue
        previews = session.preview(card)
        screen.back(card)
        key = screen.key(choices(previews), GRADE_KEYS)
        if key == "q":
            break
        if key == "u":
            _undo(session, screen)
            continue
        ms = int((session.now() - now).total_seconds() * 1000)
        rating = int(key)
        session.grade(card, rating, duration_ms=max(ms, 0))
        screen.say(f"{RATING_NAMES[rating]} · next in {format_interval(previews[rating])}", True)
    return first


def _left(session: Session, now: datetime.datetime) -> str:
    """The header's counts: every card this session may still show is in one of them."""
    due, new, soon = session.counts.header(now)
    due = min(due, DUE_SHOWN)
    return f"{due}{'+' if due >= DUE_SHOWN else ''} due · {new} new" + (
        f" · {soon}{'+' if soon >= DUE_SHOWN else ''} learning" if soon else ""
    )


def _undo(session: Session, screen: Screen) -> None:
    if not session.can_undo():
        screen.say("Nothing to undo in this session.")
    elif session.undo() is None:
        screen.say("Cannot undo: that card has been reviewed again since (another herstudy?).")
    else:
        screen.say("Undone.")


def report(summary: Summary, now: datetime.datetime) -> str:
    """What to say when the session ends."""
    when = (
        f"in {format_interval(summary.next_due - now)} "
        f"({summary.next_due.astimezone():%Y-%m-%d %H:%M})"
        if summary.next_due and summary.next_due > now
        else "now"
        if summary.next_due
        else ""
    )
    lines = []
    if summary.nothing_due:
        lines.append("Nothing to review now.")
        if not summary.new_left:
            lines.append("No new cards left for today (--new raises the daily limit).")
    else:
        graded = ", ".join(f"{n} {name}" for name, n in summary.ratings.items())
        lines.append(
            f"Reviewed {summary.answered} card{'s' if summary.answered != 1 else ''}"
            + (f": {graded}." if graded else ".")
        )
    if when:
        lines.append(f"Next card due {when}.")
    return "\n".join(lines)
