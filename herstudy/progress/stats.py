"""``herstudy stats``: what is due, how much was studied, how well it is known.

``compute`` asks the store with SQL aggregates (the review log may hold 100k
rows; Python only ever sees one row per day or per card) and returns plain
data; ``view`` turns that into a ``doc.View``. The JSON keys of ``view().data``
are a contract, pinned by tests/test_progress_stats.py.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from herstudy.doc import Bullets, Fields, Heading, Heatmap, Line, Paragraph, Styled, Table, View
from herstudy.model import TOPICS, Film
from herstudy.progress.cards import TOPIC_TITLES
from herstudy.progress.clock import day_start, local_day, utc
from herstudy.progress.schedule import Schedule
from herstudy.progress.store import AGAIN, LEECH_LAPSES, REVIEW, Store, readable

HEATMAP_WEEKS = 12
RETENTION_DAYS = 30


@dataclass(frozen=True)
class Mastery:
    id: str
    title: str
    cards: int
    studied: int
    mastery: float
    """Mean fsrs retrievability of the cards now, new cards counting as 0."""


@dataclass(frozen=True)
class Leech:
    card: str
    front: str
    lapses: int


@dataclass(frozen=True)
class Stats:
    film: str
    title: str
    today: datetime.date
    cards: int
    new: int
    due_now: int
    due_today: int
    due_week: int
    next_due: datetime.datetime | None
    reviews: int
    reviews_today: int
    heatmap_start: datetime.date
    heatmap: tuple[int, ...]
    streak: int
    longest_streak: int
    retention_passed: int
    retention_reviews: int
    themes: tuple[Mastery, ...]
    topics: tuple[Mastery, ...]
    leeches: tuple[Leech, ...]

    @property
    def retention(self) -> float | None:
        if not self.retention_reviews:
            return None
        return self.retention_passed / self.retention_reviews


def compute(store: Store, film: Film, schedule: Schedule, now: datetime.datetime) -> Stats:
    """Everything ``herstudy stats`` shows about the film's cards (the store's), at ``now``."""
    now = utc(now)
    today = local_day(now)
    c = store.conn
    cards = store.cards

    end_of_today = day_start(today + datetime.timedelta(days=1)).timestamp()
    week = (now + datetime.timedelta(days=7)).timestamp()
    known, due_now, due_today, due_week, first_due = c.execute(
        "SELECT count(*), total(c.due <= ?), total(c.due < ?), total(c.due <= ?), min(c.due) "
        "FROM cards c JOIN film_cards f ON f.card = c.card",
        (now.timestamp(), end_of_today, week),
    ).fetchone()

    # One pass over the log (its day index): totals, the heatmap and the streaks.
    per_day = dict(c.execute("SELECT day, count(*) FROM live_reviews GROUP BY day").fetchall())
    reviews = sum(per_day.values())
    reviews_today = per_day.get(today.isoformat(), 0)

    start = today - datetime.timedelta(days=today.weekday() + 7 * (HEATMAP_WEEKS - 1))
    span = (today - start).days + 1
    heatmap = tuple(
        int(per_day.get((start + datetime.timedelta(days=i)).isoformat(), 0)) for i in range(span)
    )

    days = sorted(readable(lambda: [datetime.date.fromisoformat(d) for d in per_day]))
    streak, longest = _streaks(days, today)

    since = (now - datetime.timedelta(days=RETENTION_DAYS)).timestamp()
    ret_reviews, ret_passed = c.execute(
        f"SELECT count(*), total(rating != {AGAIN}) FROM live_reviews "
        f"WHERE at >= ? AND prev_state = {REVIEW}",
        (since,),
    ).fetchone()

    themes, topics = _mastery(store, film, schedule, now)

    rows = c.execute(
        "SELECT c.card, c.lapses FROM cards c JOIN film_cards f ON f.card = c.card "
        "WHERE c.lapses >= ? ORDER BY c.lapses DESC, f.pos",
        (LEECH_LAPSES,),
    ).fetchall()
    leeches = readable(
        lambda: tuple(Leech(card, store.card_by_id[card].front, int(n)) for card, n in rows)
    )

    return Stats(
        film=film.film.id,
        title=film.film.title,
        today=today,
        cards=len(cards),
        new=len(cards) - int(known),
        due_now=int(due_now),
        due_today=int(due_today),
        due_week=int(due_week),
        next_due=(
            readable(partial(datetime.datetime.fromtimestamp, first_due, datetime.timezone.utc))
            if first_due is not None
            else None
        ),
        reviews=int(reviews),
        reviews_today=int(reviews_today),
        heatmap_start=start,
        heatmap=heatmap,
        streak=streak,
        longest_streak=longest,
        retention_passed=int(ret_passed),
        retention_reviews=int(ret_reviews),
        themes=themes,
        topics=topics,
        leeches=leeches,
    )


def _streaks(days: list[datetime.date], today: datetime.date) -> tuple[int, int]:
    """(current, longest) runs of consecutive study days; today not yet studied keeps the run."""
    longest = run = 0
    previous: datetime.date | None = None
    for day in days:
        run = run + 1 if previous and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    current = 0
    if previous and (today - previous).days <= 1:
        current = run
    return current, longest


def _mastery(
    store: Store, film: Film, schedule: Schedule, now: datetime.datetime
) -> tuple[tuple[Mastery, ...], tuple[Mastery, ...]]:
    # One row per studied card of the film (never per review).
    recall = schedule.recall(store.memories(), now)
    by_theme: dict[str, list[float]] = defaultdict(list)
    by_topic: dict[str, list[float]] = defaultdict(list)
    studied_theme: dict[str, int] = defaultdict(int)
    studied_topic: dict[str, int] = defaultdict(int)
    for card in store.cards:
        r = recall.get(card.id)
        by_topic[card.topic].append(r or 0.0)
        for t in card.themes:
            by_theme[t].append(r or 0.0)
        if r is not None:
            studied_topic[card.topic] += 1
            for t in card.themes:
                studied_theme[t] += 1

    def row(key: str, title: str, values: list[float], studied: int) -> Mastery:
        return Mastery(key, title, len(values), studied, sum(values) / len(values) if values else 0)

    themes = tuple(
        row(t.id, t.title, by_theme[t.id], studied_theme[t.id])
        for t in film.themes
        if by_theme[t.id]
    )
    topics = tuple(
        row(topic, TOPIC_TITLES[topic], by_topic[topic], studied_topic[topic])
        for topic in TOPICS
        if by_topic[topic]
    )
    return themes, topics


# --- the view -----------------------------------------------------------------------------


def _percent(x: float) -> str:
    return f"{round(100 * x)}%"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _when(moment: datetime.datetime | None, now: datetime.datetime) -> str:
    if moment is None:
        return "nothing studied yet"
    if moment <= now:
        return "now"
    from herstudy.progress.schedule import format_interval

    local = moment.astimezone()
    return f"in {format_interval(moment - now)} ({local:%Y-%m-%d %H:%M})"


def _bar(x: float, width: int = 10) -> str:
    filled = round(x * width)
    return "█" * filled + "░" * (width - filled)


def view(stats: Stats, film: Film, now: datetime.datetime) -> View:
    now = utc(now)
    tones = {t.id: i for i, t in enumerate(film.themes)}
    retention = stats.retention
    blocks = (
        Heading("Due"),
        Fields(
            (
                ("Due now", (str(stats.due_now),)),
                ("Due today", (str(stats.due_today),)),
                ("Due this week", (str(stats.due_week),)),
                ("New", (f"{stats.new} of {stats.cards} cards not studied yet",)),
                ("Next due", (_when(stats.next_due, now),)),
            )
        ),
        Heading(f"Reviews, last {HEATMAP_WEEKS} weeks"),
        Heatmap(stats.heatmap_start, stats.heatmap),
        Fields(
            (
                ("Reviews", (f"{stats.reviews} in all, {stats.reviews_today} today",)),
                ("Current streak", (_days(stats.streak),)),
                ("Longest streak", (_days(stats.longest_streak),)),
                (
                    f"Retention, {RETENTION_DAYS} days",
                    (
                        f"{_percent(retention)} ({stats.retention_passed} of "
                        f"{stats.retention_reviews} reviews of learned cards passed)"
                        if retention is not None
                        else "no reviews of learned cards yet",
                    ),
                ),
            )
        ),
        Heading("Mastery by theme"),
        _mastery_table("Theme", stats.themes, tones),
        Heading("Mastery by topic"),
        _mastery_table("Topic", stats.topics, {}),
        Heading("Leeches"),
        Bullets(
            tuple(
                (Styled(leech.card, "id"), f"  {leech.front} (failed {leech.lapses} times)")
                for leech in stats.leeches
            )
        )
        if stats.leeches
        else Paragraph((f"None: no card failed {LEECH_LAPSES} times.",), "muted"),
    )
    return View(
        f"Study progress: {stats.title}",
        blocks,
        data=data(stats),
        subtitle=f"{stats.today.isoformat()}",
        hint="Review what is due: herstudy review" if stats.due_now or stats.new else "",
    )


def _mastery_table(what: str, rows: tuple[Mastery, ...], tones: dict[str, int]) -> Table:
    def name(m: Mastery) -> Line:
        if m.id in tones:
            return (Styled(m.title, "theme", tones[m.id]),)
        return (m.title,)

    return Table(
        (what, "Studied", "Mastery", ""),
        tuple(
            (name(m), (f"{m.studied}/{m.cards}",), (_percent(m.mastery),), (_bar(m.mastery),))
            for m in rows
        ),
    )


def _mastery_data(m: Mastery) -> dict[str, object]:
    return {
        "id": m.id,
        "title": m.title,
        "cards": m.cards,
        "studied": m.studied,
        "mastery": round(m.mastery, 4),
    }


def data(stats: Stats) -> dict[str, object]:
    """The ``--format json`` document; its keys are a contract."""
    return {
        "film": stats.film,
        "date": stats.today.isoformat(),
        "cards": stats.cards,
        "due": {
            "now": stats.due_now,
            "today": stats.due_today,
            "week": stats.due_week,
            "new": stats.new,
            "next": stats.next_due.isoformat() if stats.next_due else None,
        },
        "reviews": {
            "total": stats.reviews,
            "today": stats.reviews_today,
            "days": [
                {"date": (stats.heatmap_start + datetime.timedelta(days=i)).isoformat(), "count": n}
                for i, n in enumerate(stats.heatmap)
            ],
        },
        "streak": {"current": stats.streak, "longest": stats.longest_streak},
        "retention": {
            "days": RETENTION_DAYS,
            "reviews": stats.retention_reviews,
            "passed": stats.retention_passed,
            "rate": None if stats.retention is None else round(stats.retention, 4),
        },
        "mastery": {
            "themes": [_mastery_data(m) for m in stats.themes],
            "topics": [_mastery_data(m) for m in stats.topics],
        },
        "leeches": [
            {"card": leech.card, "front": leech.front, "lapses": leech.lapses}
            for leech in stats.leeches
        ],
    }


def status_line(film: Film, store: Store, now: datetime.datetime) -> str:
    """One line for the welcome: what is due now and the streak."""
    s = compute(store, film, Schedule(), now)
    if not s.reviews:
        return f"{s.cards} flashcards to learn; no reviews yet."
    due = f"{s.due_now} card{'s' if s.due_now != 1 else ''} due now"
    streak = f"streak {_days(s.streak)}" if s.streak else "no streak yet"
    return f"{due} · {s.new} new · {streak}"


def build(film: Film, store: Store, now: datetime.datetime) -> View:
    """The ``herstudy stats`` view for the film at ``now``."""
    return view(compute(store, film, Schedule(), now), film, now)
