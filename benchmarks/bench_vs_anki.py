"""herstudy against Anki at Anki's own job: a review step, the first card, stats.

Run by hand, not by pytest (timings belong to the machine). Anki's official
Python package goes in an environment of its own: it is a benchmark dependency,
never one of herstudy's, and nothing here is imported by the tests.

    python3 -m venv /tmp/anki-venv && /tmp/anki-venv/bin/pip install anki==26.9.3
    .venv/bin/python benchmarks/bench_vs_anki.py --anki-python /tmp/anki-venv/bin/python

Both sides get the same deck, made from one seeded plan: N cards, nine in ten
studied (FSRS review state, a third of them due), the rest new, 10 new cards a
day, FSRS with desired retention 0.9, WAL and ``synchronous=FULL`` (Anki's
defaults, herstudy's own), every answer committed before the next card. Each
side runs in a worker process of its own (herstudy in this interpreter, Anki in
``--anki-python``), driven over a pipe and timed inside the worker; the two take
turns step by step, the order swapped every step, so a busy moment of the
machine hits both alike. Figures:

- one review step, at each of ``--sizes`` cards: grade, commit, next card
  (herstudy: ``Session.grade`` and ``next_card``; Anki: ``build_answer``,
  ``answer_card``, ``get_queued_cards``, which gives its counts too), then the
  four buttons' intervals and the header's counts (herstudy: ``Session.preview``
  and the review header; Anki: ``describe_next_states``). Median of ``--steps``
  steps each, and the median of the paired ratios with a 95% interval.
- first card: from nothing open to the first card with its intervals and counts
  (herstudy: load the film file, make its cards, open the store, build the
  session; Anki: open the collection), ``--rounds`` times each, alternating.
  Twice: as on any day but the first (herstudy's cache holds the checked film,
  and the progress file is as herstudy last closed it, so it is not checked
  again), and with herstudy's cache emptied first (the film validated, the
  progress file checked with ``PRAGMA quick_check``), as after the film changed.
- stats, whole process: ``python -m herstudy stats -f json`` against a process
  that imports anki, opens the collection and computes its statistics screen
  (``graphs``, a year, the deck), on ``--stats-cards`` cards and
  ``--stats-reviews`` logged reviews; wall time and peak RSS of each child;
  herstudy's also with its cache emptied before each run.

herstudy's cache (``HERSTUDY_CACHE``) is a directory of the benchmark's own,
beside each side's files.

The generated film is compact JSON: ``--sizes`` cards as clozes of four
deletions (one note, four cards, as a list is written), each about one of
N/100 themes, so 100,000 cards fit in 2.6 MB, under the loader's 5 MB cap.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
DAY = 86400.0
NEW_PER_DAY = 10
RETENTION = 0.9
DELETIONS = 4
"""Cards per cloze prompt."""
CARDS_PER_THEME = 100
RATINGS = (3, 3, 3, 1, 3, 4, 2, 3)
"""The grades given, in turn: mostly Good, some Again, Hard and Easy."""


# --- the plan both sides are seeded from -----------------------------------------------------


def plan(cards: int, reviews: int, seed: int = 7) -> dict[str, Any]:
    """Card states and a review log, in days and plain numbers, for both sides to write.

    ``states[i]`` is the i-th card's (days until due, interval, stability, difficulty,
    reps, lapses); the last tenth of the cards are new. ``log`` rows are (card index,
    days ago, rating, previous state or None).
    """
    rng = random.Random(seed)
    studied = cards - cards // 10
    states = []
    for _ in range(studied):
        stability = rng.uniform(1, 60)
        interval = max(1, round(stability))
        states.append(
            (
                rng.randint(-(interval // 2), interval),
                interval,
                stability,
                rng.uniform(2, 8),
                rng.randint(1, 20),
                rng.choices((0, 1, 2, 3, 9), weights=(70, 15, 8, 5, 2))[0],  # 2% leeches
            )
        )
    log = [
        (
            i % max(1, studied),
            rng.uniform(0, 365),
            rng.choice((1, 3, 3, 3, 4)),
            rng.choice((None, 2, 2, 2, 3)),
        )
        for i in range(reviews)
    ]
    return {"cards": cards, "states": states, "log": log}


def film_json(cards: int) -> str:
    """A film of ``cards`` cards: clozes of ``DELETIONS`` deletions, each about a theme."""
    src = ["general"]
    themes = max(1, cards // CARDS_PER_THEME)
    gaps = " ".join(f"{{{{w{j}}}}}" for j in range(DELETIONS))
    film = {
        "film": {"id": f"bench-{cards}", "title": f"Bench {cards}", "sources": src},
        "themes": [
            {
                "id": f"t{i}",
                "title": f"Theme {i}",
                "summary": "S.",
                "explanation": "E.",
                "sources": src,
            }
            for i in range(themes)
        ],
        "prompts": [
            {
                "id": f"p{i}",
                "cloze": f"Item {i}: {gaps}",
                "about": [f"t{i * DELETIONS // CARDS_PER_THEME % themes}"],
                "sources": src,
            }
            for i in range(cards // DELETIONS)
        ],
    }
    return json.dumps(film, separators=(",", ":"))


# --- the herstudy worker ---------------------------------------------------------------------


class HerstudySide:
    """herstudy's review session, as ``herstudy review`` runs it, minus the terminal."""

    def __init__(self, film: str, home: str) -> None:
        sys.path.insert(0, str(ROOT))
        os.environ["HERSTUDY_HOME"] = home
        os.environ["HERSTUDY_CACHE"] = home + "-cache"
        self.film = Path(film)
        self.home = Path(home)
        self.cache = Path(home + "-cache")
        self.session: Any = None
        self.card: Any = None

    def seed(self, spec: dict[str, Any]) -> dict[str, Any]:
        from herstudy.load import load_film
        from herstudy.progress.clock import local_day, now_utc
        from herstudy.progress.store import REVIEW, open_store

        film = load_film(self.film)
        now = now_utc().timestamp()
        store = open_store(film, self.film, now_utc(), home=self.home)
        cards = store.cards
        assert len(cards) == spec["cards"], (len(cards), spec["cards"])
        rows = []
        for i, (days, interval, stability, difficulty, reps, lapses) in enumerate(spec["states"]):
            due = now + days * DAY - 3600  # due now exactly when Anki's due day is today or before
            rows.append(
                (
                    cards[i].id,
                    cards[i].topic,
                    REVIEW,
                    None,
                    stability,
                    difficulty,
                    due,
                    due - interval * DAY,
                    reps,
                    lapses,
                    "2020-01-01",
                    i + 1,
                )
            )
        log = []
        for card, ago, rating, prev in spec["log"]:
            at = now - ago * DAY
            day = local_day(_utc(at)).isoformat()
            log.append(
                (
                    cards[card].id,
                    cards[card].topic,
                    rating,
                    at,
                    day,
                    "review",
                    4000,
                    REVIEW,
                    10.0,
                    5.0,
                    at + 10 * DAY,
                    prev,
                )
            )
        c = store.conn
        c.execute("BEGIN")
        c.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        c.executemany(
            "INSERT INTO reviews (card, topic, rating, at, day, source, duration_ms, state, "
            "stability, difficulty, due, prev_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            log,
        )
        c.execute("COMMIT")
        pragmas = {p: c.execute(f"PRAGMA {p}").fetchone()[0] for p in _PRAGMAS}
        store.close()
        return pragmas

    def open(self, cold: bool = False) -> dict[str, Any]:
        """Nothing open → the first card, its intervals and the header's counts; ``cold``:
        with the cache emptied first, as on the first run or after the film changed."""
        from herstudy.load import load_film
        from herstudy.progress.clock import now_utc
        from herstudy.progress.review import Session, _left
        from herstudy.progress.schedule import Schedule
        from herstudy.progress.store import open_store

        if cold:
            shutil.rmtree(self.cache, ignore_errors=True)
        start = time.perf_counter()
        film = load_film(self.film)
        loaded = time.perf_counter()
        store = open_store(film, self.film, now_utc(), home=self.home)
        session = Session(store, Schedule(retention=RETENTION), new_limit=NEW_PER_DAY)
        card = session.next_card()
        session.preview(card)
        left = _left(session, session.now())
        end = time.perf_counter()
        self.session, self.card = session, card
        return {"total": end - start, "load": loaded - start, "counts": left}

    def step(self, rating: int) -> dict[str, Any]:
        from herstudy.progress.review import _left

        s = self.session
        start = time.perf_counter()
        s.grade(self.card, rating, duration_ms=4000)
        self.card = s.next_card()
        graded = time.perf_counter()
        s.preview(self.card)
        left = _left(s, s.now())
        end = time.perf_counter()
        return {"bare": graded - start, "full": end - start, "counts": left}

    def close(self) -> dict[str, Any]:
        if self.session is not None:
            self.session.store.close()
            self.session = None
        return {}


# --- the Anki worker -------------------------------------------------------------------------


class AnkiSide:
    """Anki's own review loop, as its desktop reviewer drives the Rust backend."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.col: Any = None
        self.queued: Any = None

    def seed(self, spec: dict[str, Any]) -> dict[str, Any]:
        from anki.collection import AddNoteRequest, Collection

        col = Collection(self.path)
        col.set_config("fsrs", True)
        did = col.decks.id("Bench")
        col.decks.select(did)
        conf = col.decks.config_dict_for_deck_id(did)
        conf["new"]["perDay"] = NEW_PER_DAY
        conf["rev"]["perDay"] = 9999
        conf["desiredRetention"] = RETENTION
        col.decks.update_config(conf)
        basic = col.models.by_name("Basic")
        requests = []
        for i in range(spec["cards"]):
            note = col.new_note(basic)
            note["Front"] = f"Item {i // DELETIONS}: gap {i % DELETIONS + 1}"
            note["Back"] = f"w{i % DELETIONS}"
            requests.append(AddNoteRequest(note=note, deck_id=did))
        col.add_notes(requests)
        ids = col.db.list("SELECT id FROM cards ORDER BY due, id")
        today = col.sched.today
        now = time.time()
        rows = []
        for i, (days, interval, stability, difficulty, reps, lapses) in enumerate(spec["states"]):
            last = now + days * DAY - 3600 - interval * DAY
            data = json.dumps(
                {
                    "s": round(stability, 4),
                    "d": round(difficulty, 3),
                    "dr": RETENTION,
                    "decay": 0.1542,
                    "lrt": int(last),
                },
                separators=(",", ":"),
            )
            rows.append((today + days, interval, reps, lapses, data, ids[i]))
        col.db.executemany(
            "UPDATE cards SET type = 2, queue = 2, due = ?, ivl = ?, factor = 2500, reps = ?, "
            "lapses = ?, data = ? WHERE id = ?",
            rows,
        )
        log, taken = [], set()
        for card, ago, rating, prev in spec["log"]:
            at = int((now - ago * DAY) * 1000)  # a revlog id is its time in ms, and unique
            while at in taken:
                at += 1
            taken.add(at)
            log.append((at, ids[card], rating, 0 if prev is None else 1 if prev == 2 else 2))
        col.db.executemany(
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
            "VALUES (?, ?, -1, ?, 10, 5, 500, 4000, ?)",
            log,
        )
        pragmas = {p: col.db.scalar(f"PRAGMA {p}") for p in _PRAGMAS}
        col.close()
        return pragmas

    def _card(self) -> Any:
        from anki.cards import Card

        card = Card(self.col)
        card._load_from_backend_card(self.queued.card)
        card.start_timer()
        return card

    def open(self, cold: bool = False) -> dict[str, Any]:
        """``cold`` changes nothing: Anki keeps no cache of its own beside the collection."""
        from anki.collection import Collection

        start = time.perf_counter()
        self.col = Collection(self.path)
        queue = self.col.sched.get_queued_cards(fetch_limit=1)
        self.queued = queue.cards[0]
        self.card = self._card()
        self.col.sched.describe_next_states(self.queued.states)
        end = time.perf_counter()
        counts = (queue.new_count, queue.learning_count, queue.review_count)
        return {"total": end - start, "load": 0.0, "counts": counts}

    def step(self, rating: int) -> dict[str, Any]:
        sched = self.col.sched
        start = time.perf_counter()
        sched.answer_card(
            sched.build_answer(card=self.card, states=self.queued.states, rating=rating - 1)
        )
        queue = sched.get_queued_cards(fetch_limit=1)
        self.queued = queue.cards[0]
        self.card = self._card()
        graded = time.perf_counter()
        sched.describe_next_states(self.queued.states)
        counts = (queue.new_count, queue.learning_count, queue.review_count)
        end = time.perf_counter()
        return {"bare": graded - start, "full": end - start, "counts": counts}

    def close(self) -> dict[str, Any]:
        if self.col is not None:
            self.col.close()
            self.col = None
        return {}


_PRAGMAS = ("journal_mode", "synchronous")


def _utc(ts: float) -> Any:
    import datetime

    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)


def serve(side: HerstudySide | AnkiSide) -> None:
    """Answer one JSON request per line on stdin: ``[method, argument or null]``."""
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing else may reach the pipe
    for line in sys.stdin:
        method, arg = json.loads(line)
        result = getattr(side, method)(*([] if arg is None else [arg]))
        out.write(json.dumps(result) + "\n")
        out.flush()


def anki_stats(path: str) -> None:
    """The whole Anki stats process: import, open, the statistics screen's numbers, close."""
    from anki.collection import Collection

    col = Collection(path)
    graphs = col._backend.graphs(search="deck:current", days=365)
    sys.stdout.write(f"{len(graphs.SerializeToString())} bytes of statistics\n")
    col.close()


# --- the driver ------------------------------------------------------------------------------


class Worker:
    def __init__(self, argv: list[str]) -> None:
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
        )

    def __call__(self, method: str, arg: object = None) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps([method, arg]) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"worker {self.proc.args!r} died")
        result: dict[str, Any] = json.loads(line)
        return result

    def stop(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def median_interval(values: list[float]) -> tuple[float, float, float]:
    """The median and a distribution-free 95% interval for it (order statistics)."""
    xs = sorted(values)
    n = len(xs)
    half = 0.98 * math.sqrt(n)
    lo = max(0, math.floor(n / 2 - half))
    hi = min(n - 1, math.ceil(n / 2 + half))
    return statistics.median(xs), xs[lo], xs[hi]


def alternate(n: int) -> Iterator[tuple[int, bool]]:
    """Step numbers, and whether herstudy goes first this time."""
    for i in range(n):
        yield i, i % 2 == 0


def paired(
    her: Worker, anki: Worker, n: int, call: Callable[[Worker, int], dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    hs: list[dict[str, Any]] = []
    ak: list[dict[str, Any]] = []
    for i, her_first in alternate(n):
        if her_first:
            hs.append(call(her, i))
            ak.append(call(anki, i))
        else:
            ak.append(call(anki, i))
            hs.append(call(her, i))
    return hs, ak


LAUNCH = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""
"""Runs a command and reports its wall time, peak RSS (KiB) and exit code. A child takes
over the peak RSS of the process it was forked from until it execs a program: forked
from this small launcher rather than from the driver, the peak is the command's own."""


def whole_process(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    out = subprocess.run(
        [sys.executable, "-c", LAUNCH, *argv],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    wall, peak, code = float(out[0]), int(out[1]), int(out[2])
    if code:
        raise SystemExit(f"{argv} exited {code}")
    return wall, peak / 1024


def ms(x: float) -> str:
    return f"{x * 1000:.2f} ms" if x < 0.1 else f"{x * 1000:.0f} ms"


def ratio_cell(hs: list[float], ak: list[float]) -> str:
    med, lo, hi = median_interval([h / a for h, a in zip(hs, ak, strict=True)])
    return f"**{med:.2f}** ({lo:.2f}–{hi:.2f})"


def versions(anki_python: str) -> str:
    anki = subprocess.run(
        [anki_python, "-c", "import anki.buildinfo as b; print(b.version)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    from importlib.metadata import version

    cpus = os.cpu_count()
    return (
        f"{platform.system()} {platform.machine()}, {cpus} CPUs, Python "
        f"{platform.python_version()}, SQLite {_sqlite_version()}; herstudy "
        f"{version('herstudy')}, fsrs {version('fsrs')}; anki {anki}"
    )


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--anki-python",
        default=os.environ.get("ANKI_PYTHON", "/tmp/anki-venv/bin/python"),
        help="a Python with anki installed",
    )
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="cards, comma-separated ('' for none)"
    )
    parser.add_argument("--steps", type=int, default=300, help="review steps at each size")
    parser.add_argument("--rounds", type=int, default=5, help="first cards and stats runs")
    parser.add_argument("--stats-cards", type=int, default=10_000)
    parser.add_argument("--stats-reviews", type=int, default=100_000)
    parser.add_argument("--no-stats", action="store_true", help="skip the whole-process stats")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]

    print(versions(args.anki_python), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-vs-anki-") as tmp:
        work = Path(tmp)
        step_rows, first_rows, cold_rows = [], [], []
        for size in sizes:
            her, anki = _pair(work, size, size, args.anki_python, report=size == sizes[0])
            colds = paired(her, anki, args.rounds, lambda w, i: _first(w, cold=True))
            firsts = paired(her, anki, args.rounds, lambda w, i: _first(w))
            her("open"), anki("open")
            steps = paired(her, anki, args.steps, lambda w, i: w("step", RATINGS[i % 8]))
            for w in (her, anki):
                w("close")
                w.stop()
            step_rows.append((size, steps))
            first_rows.append((size, firsts))
            cold_rows.append((size, colds))
            print(_step_line(size, steps, firsts), flush=True)
        stats_row = None
        if not args.no_stats:
            stats_row = _stats(work, args)
        print()
        print(_table(step_rows, first_rows, cold_rows, stats_row, args))


def _first(w: Worker, cold: bool = False) -> dict[str, Any]:
    result = w("open", cold)
    w("close")
    return result


def _pair(
    work: Path, cards: int, reviews: int, anki_python: str, report: bool = False
) -> tuple[Worker, Worker]:
    """Seed both sides with the same plan; return their workers, ready."""
    directory = work / f"{cards}-{reviews}"
    directory.mkdir()
    film = directory / "film.json"
    film.write_text(film_json(cards))
    spec = plan(cards, reviews)
    her = Worker(
        [sys.executable, str(HERE), "--worker", "herstudy", str(film), str(directory / "home")]
    )
    anki = Worker([anki_python, str(HERE), "--worker", "anki", str(directory / "col.anki2")])
    her_pragmas, anki_pragmas = her("seed", spec), anki("seed", spec)
    if report:
        print(f"herstudy {her_pragmas}, Anki {anki_pragmas}", flush=True)
    return her, anki


def _step_line(
    size: int,
    steps: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    firsts: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> str:
    hs, ak = steps
    fh, fa = firsts
    return (
        f"{size:>7,} cards: step {ms(statistics.median(h['full'] for h in hs))} vs "
        f"{ms(statistics.median(a['full'] for a in ak))}; first card "
        f"{ms(statistics.median(h['total'] for h in fh))} vs "
        f"{ms(statistics.median(a['total'] for a in fa))}; "
        f"last counts {hs[-1]['counts']!r} vs {ak[-1]['counts']!r}"
    )


def _stats(work: Path, args: argparse.Namespace) -> tuple[list[tuple[float, float]], ...]:
    """(herstudy, Anki, herstudy with its cache emptied before each run): (seconds, MiB)."""
    her, anki = _pair(work, args.stats_cards, args.stats_reviews, args.anki_python)
    for w in (her, anki):
        w.stop()
    directory = work / f"{args.stats_cards}-{args.stats_reviews}"
    cache = directory / "home-cache"
    env = {**os.environ, "HERSTUDY_HOME": str(directory / "home"), "HERSTUDY_CACHE": str(cache)}
    her_argv = [
        sys.executable,
        "-m",
        "herstudy",
        "stats",
        "--data",
        str(directory / "film.json"),
        "-f",
        "json",
    ]
    anki_argv = [args.anki_python, str(HERE), "--anki-stats", str(directory / "col.anki2")]
    for argv in (her_argv, anki_argv):  # warm the page cache and the bytecode
        whole_process(argv, env)
    hs, ak, cold = [], [], []
    for _i, her_first in alternate(args.rounds):
        order = (her_argv, anki_argv) if her_first else (anki_argv, her_argv)
        for argv in order:
            (hs if argv is her_argv else ak).append(whole_process(argv, env))
    for _i in range(args.rounds):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(whole_process(her_argv, env))
    return hs, ak, cold


def _table(
    step_rows: list[tuple[int, tuple[list[dict[str, Any]], list[dict[str, Any]]]]],
    first_rows: list[tuple[int, tuple[list[dict[str, Any]], list[dict[str, Any]]]]],
    cold_rows: list[tuple[int, tuple[list[dict[str, Any]], list[dict[str, Any]]]]],
    stats_row: tuple[list[tuple[float, float]], ...] | None,
    args: argparse.Namespace,
) -> str:
    lines = [
        "| work | cards | herstudy | Anki | herstudy / Anki (95% interval) |",
        "|---|---|---|---|---|",
    ]
    for key, what in (
        ("bare", "grade + commit + next card"),
        ("full", "the same, with the four intervals and the counts"),
    ):
        for size, (hs, ak) in step_rows:
            h = [x[key] for x in hs]
            a = [x[key] for x in ak]
            lines.append(
                f"| {what} | {size:,} | {ms(statistics.median(h))} | "
                f"{ms(statistics.median(a))} | {ratio_cell(h, a)} |"
            )
    for what, rows in (("first card", first_rows), ("first card, nothing cached", cold_rows)):
        for size, (hs, ak) in rows:
            h = [x["total"] for x in hs]
            a = [x["total"] for x in ak]
            load = statistics.median(x["load"] for x in hs)
            lines.append(
                f"| {what} (herstudy: loading the film {ms(load)} of it) | {size:,} | "
                f"{ms(statistics.median(h))} | {ms(statistics.median(a))} | {ratio_cell(h, a)} |"
            )
    if stats_row is not None:
        hs, ak, cold = stats_row
        h = [t for t, _ in hs]
        a = [t for t, _ in ak]
        what = f"stats, whole process, {args.stats_reviews:,} reviews"
        lines.append(
            f"| {what} | {args.stats_cards:,} | {ms(statistics.median(h))} | "
            f"{ms(statistics.median(a))} | {ratio_cell(h, a)} |"
        )
        c = [t for t, _ in cold]
        lines.append(
            f"| the same, herstudy's cache emptied first | {args.stats_cards:,} | "
            f"{ms(statistics.median(c))} | {ms(statistics.median(a))} | {ratio_cell(c, a)} |"
        )
        hm = statistics.median(m for _, m in hs)
        am = statistics.median(m for _, m in ak)
        lines.append(
            f"| peak memory of that process | {args.stats_cards:,} | {hm:.1f} MiB | "
            f"{am:.1f} MiB | **{hm / am:.2f}** |"
        )
    lines.append("")
    lines.append(
        f"Medians of {args.steps} steps, {args.rounds} first cards and {args.rounds} stats "
        "runs; the ratio is the median of the paired ratios, with a 95% interval for it."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        kind, *rest = sys.argv[2:]
        serve(HerstudySide(*rest) if kind == "herstudy" else AnkiSide(*rest))
    elif len(sys.argv) > 1 and sys.argv[1] == "--anki-stats":
        anki_stats(sys.argv[2])
    else:
        main()
