"""Speed of the progress commands, at 1,000, 10,000 and 100,000.

Run by hand, not by pytest (timings depend on the machine and its disk):

    python benchmarks/bench_progress.py [--sizes 1000,10000,100000] [--steps 200]

Three figures, each against a growing size, with their targets:

- grade → next card: the median of ``--steps`` steps of the review loop without
  the terminal (record the grade and commit it, pick the next card, work out its
  four intervals and the header counts), on a film of N cards, all of them
  studied and a log of N reviews. Target: 10 ms at 10,000 cards.
- stats: ``herstudy stats`` without process start-up and film loading (queries,
  mastery, the view rendered as Markdown) over N logged reviews, on a film of
  10,000 cards. Target: 0.5 s at 100,000 reviews. The whole command as a process
  (``python -m herstudy stats -f json``, start-up and film load included) is
  shown beside it.
- first card: from a loaded film of N cards to the first card ready to show
  (cards made, store opened, queue built, its intervals worked out), half the
  cards studied. Target: 1 s at 10,000 cards. Loading the film file is shown
  beside it.

Everything runs in a temporary HERSTUDY_HOME; generated films are JSON files.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_vs_anki import film_json  # noqa: E402

from herstudy.load import load_film  # noqa: E402
from herstudy.progress.cards import Card, make_cards  # noqa: E402
from herstudy.progress.clock import local_day  # noqa: E402
from herstudy.progress.review import Session, _left  # noqa: E402
from herstudy.progress.schedule import Schedule  # noqa: E402
from herstudy.progress.store import Store, open_store  # noqa: E402
from herstudy.render import Format, render_text  # noqa: E402

UTC = datetime.timezone.utc
NOW = datetime.datetime.now(UTC).replace(microsecond=0)


def film_file(directory: Path, cards: int) -> Path:
    """A generated film of ``cards`` cards, as compact JSON (``bench_vs_anki.film_json``:
    clozes of four deletions, so 100,000 cards fit under the loader's 5 MB)."""
    path = directory / f"bench-{cards}.json"
    path.write_text(film_json(cards))
    return path


def seed(store: Store, cards: tuple[Card, ...], studied: int, reviews: int) -> None:
    """Bulk-write ``studied`` card states and ``reviews`` log rows spread over a year."""
    rng = random.Random(7)
    now = NOW.timestamp()
    day = 86400.0
    c = store.conn
    c.execute("BEGIN")
    rows = []
    for i, card in enumerate(cards[:studied]):
        stability = rng.uniform(1, 60)
        due = now + rng.uniform(-20, 40) * day
        rows.append(
            (
                card.id,
                card.topic,
                2,
                None,
                stability,
                rng.uniform(2, 8),
                due,
                due - stability * day,
                rng.randint(1, 20),
                rng.choice((0, 0, 0, 1, 9)),
                "2020-01-01",
                i + 1,
            )
        )
    c.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    log = []
    for i in range(reviews):
        card = cards[i % max(1, studied)]
        at = now - rng.uniform(0, 365) * day
        moment = datetime.datetime.fromtimestamp(at, UTC)
        log.append(
            (
                card.id,
                card.topic,
                rng.choice((1, 3, 3, 3, 4)),
                at,
                local_day(moment).isoformat(),
                "review",
                4000,
                2,
                10.0,
                5.0,
                at + 10 * day,
                rng.choice((None, 2, 2, 2, 3)),
            )
        )
    c.executemany(
        "INSERT INTO reviews (card, topic, rating, at, day, source, duration_ms, state, "
        "stability, difficulty, due, prev_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        log,
    )
    c.execute("COMMIT")


def grade_step(work: Path, size: int, steps: int) -> float:
    path = film_file(work, size)
    film = load_film(path)
    cards = make_cards(film)
    store = open_store(film, path, NOW)
    seed(store, cards, len(cards), size)
    session = Session(store, Schedule(), new_limit=10, clock=lambda: NOW)
    card = session.next_card()
    times = []
    for i in range(steps):
        assert card is not None
        start = time.perf_counter()
        session.grade(card, (3, 3, 4, 2)[i % 4])
        card = session.next_card()
        if card is not None:
            session.preview(card)
            _left(session, NOW)
        times.append(time.perf_counter() - start)
    store.close()
    return statistics.median(times)


def stats_time(work: Path, reviews: int, film_cards: int = 10_000) -> tuple[float, float]:
    from herstudy.progress import stats

    path = film_file(work, film_cards)
    film = load_film(path)
    cards = make_cards(film)
    home = work / f"stats-{reviews}"
    store = open_store(film, path, NOW, home=home)
    seed(store, cards, min(len(cards), reviews), reviews)
    store.close()
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        store = open_store(film, path, NOW, home=home, create=False)
        render_text(stats.build(film, store, NOW), Format.markdown)
        store.close()
        runs.append(time.perf_counter() - start)
    env = {**os.environ, "HERSTUDY_HOME": str(home)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "herstudy", "stats", "--data", str(path), "-f", "json"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    whole = time.perf_counter() - start
    return statistics.median(runs), whole


def first_card(work: Path, size: int) -> tuple[float, float]:
    path = film_file(work, size)
    start = time.perf_counter()
    film = load_film(path)
    loading = time.perf_counter() - start
    home = work / f"first-{size}"
    cards = make_cards(film)
    store = open_store(film, path, NOW, home=home)
    seed(store, cards, len(cards) // 2, len(cards))
    store.close()
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        store = open_store(film, path, NOW, home=home)
        session = Session(store, Schedule(), clock=lambda: NOW)
        card = session.next_card()
        assert card is not None
        session.preview(card)
        _left(session, NOW)
        runs.append(time.perf_counter() - start)
        store.close()
    return statistics.median(runs), loading


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["HERSTUDY_HOME"] = str(work / "home")
        print(
            f"{'size':>8}  {'grade→next':>11}  {'stats':>8}  {'stats cmd':>9}  "
            f"{'first card':>10}  {'film load':>9}"
        )
        for size in sizes:
            step = grade_step(work, size, args.steps)
            st, whole = stats_time(work, size)
            first, loading = first_card(work, size)
            print(
                f"{size:>8,}  {step * 1000:>8.2f} ms  {st:>6.3f} s  {whole:>7.3f} s  "
                f"{first:>8.3f} s  {loading:>7.3f} s",
                flush=True,
            )
        print(
            "\ntargets: grade→next ≤ 10 ms; stats ≤ 0.5 s at 100,000 reviews; "
            "first card ≤ 1 s at 10,000 cards"
        )
        print("size is: cards (grade→next, first card), logged reviews (stats, on 10,000 cards)")


if __name__ == "__main__":
    main()
