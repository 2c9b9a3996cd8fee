"""Study progress in SQLite: a table of card states and a review log that keeps every review.

One database per film file, in the user data directory (``$HERSTUDY_HOME``
overrides it), named from the film's id and a short hash of the file's path.

Durability: every review is one ``BEGIN IMMEDIATE`` … ``COMMIT`` that reads the
card's current state, computes the next one and appends to the log, so a killed
process loses at most the answer being given, and two processes reviewing at
once serialise on the write lock instead of overwriting each other (WAL mode,
``busy_timeout``).

The log is append-only, and triggers make SQLite refuse to update or delete a
row of it. Undo appends a row to ``undos`` naming the review it takes back and
restores the card's state from the snapshot that review row kept; queries read
``live_reviews``, the log without undone reviews. The ``cards`` table is a
cache of the latest state per card, derived from the log.

This module knows nothing about fsrs: the next state comes from a ``Reviewer``
function passed in (``herstudy.progress.schedule``).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from herstudy.errors import HerstudyError
from herstudy.progress.cards import Card

ENV_HOME = "HERSTUDY_HOME"
BUSY_TIMEOUT_MS = 10_000
LEECH_LAPSES = 8
"""Again ratings after which a card is a leech."""

UTC = datetime.timezone.utc

# fsrs card states (fsrs.State), kept as plain ints so this module needs no fsrs.
LEARNING, REVIEW, RELEARNING = 1, 2, 3
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


@dataclass(frozen=True)
class CardState:
    """A card's scheduling state: the fields of ``fsrs.Card`` plus herstudy's counters."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime.datetime
    last_review: datetime.datetime | None
    reps: int = 0
    lapses: int = 0
    """Again ratings so far."""


Reviewer = Callable[[CardState | None, int, datetime.datetime], CardState]
"""(state before or None for a new card, rating 1–4, now) → the state after."""


@dataclass(frozen=True)
class Recorded:
    review: int
    """The review's row id in the log (what undo names)."""
    card: str
    state: CardState


# --- schema -------------------------------------------------------------------------------

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: card states, the append-only review log, undo records.
    (
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE cards (
            card TEXT PRIMARY KEY,
            topic TEXT NOT NULL,
            state INTEGER NOT NULL,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due REAL NOT NULL,
            last_review REAL,
            reps INTEGER NOT NULL,
            lapses INTEGER NOT NULL,
            introduced_day TEXT NOT NULL,
            log INTEGER NOT NULL
        )""",
        "CREATE INDEX cards_due ON cards (due)",
        "CREATE INDEX cards_introduced ON cards (introduced_day)",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            card TEXT NOT NULL,
            topic TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            at REAL NOT NULL,
            day TEXT NOT NULL,
            source TEXT NOT NULL,
            duration_ms INTEGER,
            state INTEGER NOT NULL,
            stability REAL,
            difficulty REAL,
            due REAL NOT NULL,
            prev_state INTEGER,
            prev_step INTEGER,
            prev_stability REAL,
            prev_difficulty REAL,
            prev_due REAL,
            prev_last_review REAL,
            prev_reps INTEGER,
            prev_lapses INTEGER,
            prev_introduced_day TEXT,
            prev_log INTEGER
        )""",
        "CREATE INDEX reviews_at ON reviews (at)",
        "CREATE INDEX reviews_day ON reviews (day)",
        "CREATE INDEX reviews_card ON reviews (card)",
        """CREATE TABLE undos (
            review INTEGER PRIMARY KEY REFERENCES reviews (id),
            at REAL NOT NULL
        )""",
        """CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
           BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END""",
        """CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
           BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END""",
        """CREATE TRIGGER undos_no_update BEFORE UPDATE ON undos
           BEGIN SELECT RAISE(ABORT, 'undo records are append-only'); END""",
        """CREATE TRIGGER undos_no_delete BEFORE DELETE ON undos
           BEGIN SELECT RAISE(ABORT, 'undo records are append-only'); END""",
        """CREATE VIEW live_reviews AS
           SELECT * FROM reviews WHERE id NOT IN (SELECT review FROM undos)""",
    ),
)
"""Schema changes in order; ``PRAGMA user_version`` counts those applied. Append only."""

_TABLES = ("meta", "cards", "reviews", "undos")

_CARD_COLUMNS = "state, step, stability, difficulty, due, last_review, reps, lapses"


class _NewerSchema(Exception):
    pass


# --- where --------------------------------------------------------------------------------


def home_dir() -> Path:
    """Where progress lives: ``$HERSTUDY_HOME``, else the platform's user data directory."""
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("herstudy"))


def db_path(film_id: str, film_path: Path, home: Path | None = None) -> Path:
    """The film's progress file: ``<film id>-<hash of the film file's path>.sqlite3``."""
    digest = hashlib.sha256(str(film_path.resolve()).encode()).hexdigest()[:8]
    return (home or home_dir()) / f"{film_id}-{digest}.sqlite3"


# --- time ---------------------------------------------------------------------------------


def utc(now: datetime.datetime) -> datetime.datetime:
    """``now`` as an aware UTC datetime (fsrs insists on ``timezone.utc``)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


def local_day(now: datetime.datetime) -> datetime.date:
    """The student's calendar day at ``now`` (the machine's local time zone)."""
    return now.astimezone().date()


def day_start(day: datetime.date) -> datetime.datetime:
    """Local midnight starting ``day``, in UTC."""
    return datetime.datetime.combine(day, datetime.time()).astimezone().astimezone(UTC)


def _ts(moment: datetime.datetime) -> float:
    return moment.timestamp()


def _dt(ts: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(ts, UTC)


def _stamp(now: datetime.datetime) -> str:
    return now.astimezone().strftime("%Y%m%d-%H%M%S")


# --- the store ----------------------------------------------------------------------------


class Store:
    """One film's progress database. Use ``open_store``."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, saving: bool) -> None:
        self.conn = conn
        self.path = path
        self.saving = saving
        """False for --no-save (an in-memory copy) and for a store with no file yet."""
        self.warnings: list[str] = []
        """Things the user must be told (a file moved aside); the CLI prints them."""
        self._film_cards = False

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # the film's cards, as temp tables the queries join against

    def use_cards(self, cards: Sequence[Card]) -> None:
        """Tell the store which cards the film has now; cards of removed entries are ignored."""
        c = self.conn
        c.execute("DROP TABLE IF EXISTS temp.film_cards")
        c.execute("DROP TABLE IF EXISTS temp.film_card_themes")
        c.execute(
            "CREATE TEMP TABLE film_cards (card TEXT PRIMARY KEY, topic TEXT NOT NULL, "
            "pos INTEGER NOT NULL)"
        )
        c.execute("CREATE TEMP TABLE film_card_themes (card TEXT NOT NULL, theme TEXT NOT NULL)")
        c.execute("BEGIN")
        try:
            c.executemany(
                "INSERT OR IGNORE INTO film_cards VALUES (?, ?, ?)",
                ((card.id, card.topic, i) for i, card in enumerate(cards)),
            )
            c.executemany(
                "INSERT INTO film_card_themes VALUES (?, ?)",
                ((card.id, t) for card in cards for t in card.themes),
            )
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        self._film_cards = True

    def _need_cards(self) -> None:
        if not self._film_cards:
            raise RuntimeError("call use_cards() first")

    # reading

    def state(self, card: str) -> CardState | None:
        row = self.conn.execute(
            f"SELECT {_CARD_COLUMNS} FROM cards WHERE card = ?", (card,)
        ).fetchone()
        return _state(row) if row else None

    def known(self) -> set[str]:
        """Ids of every card reviewed at least once."""
        return {r[0] for r in self.conn.execute("SELECT card FROM cards")}

    def introduced_on(self, day: datetime.date) -> int:
        """New cards first reviewed on ``day`` (what the daily new-card limit counts)."""
        row = self.conn.execute(
            "SELECT count(*) FROM cards WHERE introduced_day = ?", (day.isoformat(),)
        ).fetchone()
        return int(row[0])

    def next_due(self, now: datetime.datetime, skip: Iterable[str] = ()) -> str | None:
        """The film's most overdue card at ``now``, if any is due."""
        return self._first_due(
            "SELECT c.card FROM cards c JOIN film_cards f ON f.card = c.card "
            "WHERE c.due <= ? ORDER BY c.due",
            (_ts(utc(now)),),
            set(skip),
        )

    def next_learning(self, until: datetime.datetime, skip: Iterable[str] = ()) -> str | None:
        """A card in (re)learning steps due by ``until``: Anki's learn-ahead."""
        return self._first_due(
            "SELECT c.card FROM cards c JOIN film_cards f ON f.card = c.card "
            f"WHERE c.due <= ? AND c.state != {REVIEW} ORDER BY c.due",
            (_ts(utc(until)),),
            set(skip),
        )

    def _first_due(self, sql: str, args: tuple[float], skip: set[str]) -> str | None:
        self._need_cards()
        for (card,) in self.conn.execute(sql + f" LIMIT {len(skip) + 1}", args):
            if card not in skip:
                return str(card)
        return None

    def next_due_time(self) -> datetime.datetime | None:
        """When the film's next reviewed card falls due (None: no card reviewed yet)."""
        self._need_cards()
        row = self.conn.execute(
            "SELECT c.due FROM cards c JOIN film_cards f ON f.card = c.card ORDER BY c.due LIMIT 1"
        ).fetchone()
        return _dt(row[0]) if row else None

    def states_of_film(self) -> list[tuple[str, CardState]]:
        """Every studied card of the film with its state: one row per card."""
        self._need_cards()
        return [
            (str(row[0]), _state(row[1:]))
            for row in self.conn.execute(
                f"SELECT c.card, {_CARD_COLUMNS} FROM cards c JOIN film_cards f ON f.card = c.card"
            )
        ]

    def due_count(self, now: datetime.datetime, most: int | None = None) -> int:
        """The film's cards due at ``now``; counting stops at ``most``, if given."""
        self._need_cards()
        limit = "" if most is None else f" LIMIT {int(most)}"
        row = self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM cards c JOIN film_cards f ON f.card = c.card "
            f"WHERE c.due <= ?{limit})",
            (_ts(utc(now)),),
        ).fetchone()
        return int(row[0])

    def unstudied_count(self) -> int:
        """The film's cards never reviewed."""
        self._need_cards()
        row = self.conn.execute(
            "SELECT count(*) FROM film_cards f WHERE f.card NOT IN (SELECT card FROM cards)"
        ).fetchone()
        return int(row[0])

    def review_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM live_reviews").fetchone()[0])

    # writing

    def record(
        self,
        card: Card,
        rating: int,
        now: datetime.datetime,
        reviewer: Reviewer,
        *,
        source: str = "review",
        duration_ms: int | None = None,
    ) -> Recorded:
        """Grade ``card`` at ``now``: append to the log and store the new state, in one commit.

        The state is read inside the write transaction, so a review made by
        another process in the meantime is built on, never overwritten.
        """
        if rating not in (AGAIN, HARD, GOOD, EASY):
            raise ValueError(f"rating must be 1-4, not {rating!r}")
        now = utc(now)
        day = local_day(now).isoformat()
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            row = c.execute(
                f"SELECT {_CARD_COLUMNS}, introduced_day, log FROM cards WHERE card = ?",
                (card.id,),
            ).fetchone()
            before = _state(row) if row else None
            after = reviewer(before, rating, now)
            after = replace(
                after,
                reps=(before.reps if before else 0) + 1,
                lapses=(before.lapses if before else 0) + (rating == AGAIN),
            )
            introduced = row[8] if row else day
            prev = (
                (
                    before.state,
                    before.step,
                    before.stability,
                    before.difficulty,
                    _ts(before.due),
                    _ts(before.last_review) if before.last_review else None,
                    before.reps,
                    before.lapses,
                    row[8],
                    row[9],
                )
                if before and row
                else (None,) * 10
            )
            cur = c.execute(
                "INSERT INTO reviews (card, topic, rating, at, day, source, duration_ms, "
                "state, stability, difficulty, due, prev_state, prev_step, prev_stability, "
                "prev_difficulty, prev_due, prev_last_review, prev_reps, prev_lapses, "
                "prev_introduced_day, prev_log) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    card.id,
                    card.topic,
                    rating,
                    _ts(now),
                    day,
                    source,
                    duration_ms,
                    after.state,
                    after.stability,
                    after.difficulty,
                    _ts(after.due),
                    *prev,
                ),
            )
            review_id = int(cur.lastrowid or 0)
            c.execute(
                f"INSERT OR REPLACE INTO cards (card, topic, {_CARD_COLUMNS}, introduced_day, log) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card.id, card.topic, *_row(after), introduced, review_id),
            )
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return Recorded(review_id, card.id, after)

    def undo(self, review: int, now: datetime.datetime) -> str | None:
        """Take back a review: append an undo record, restore the card's state before it.

        Returns the card's id, or None when the review cannot be undone: it is
        unknown, already undone, or the card has been reviewed again since.
        """
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            row = c.execute(
                "SELECT card, prev_state, prev_step, prev_stability, prev_difficulty, prev_due, "
                "prev_last_review, prev_reps, prev_lapses, prev_introduced_day, prev_log "
                "FROM reviews WHERE id = ? AND id NOT IN (SELECT review FROM undos)",
                (review,),
            ).fetchone()
            current = (
                c.execute("SELECT log FROM cards WHERE card = ?", (row[0],)).fetchone()
                if row
                else None
            )
            if row is None or current is None or current[0] != review:
                c.execute("ROLLBACK")
                return None
            card = str(row[0])
            c.execute("INSERT INTO undos (review, at) VALUES (?, ?)", (review, _ts(utc(now))))
            if row[1] is None:
                c.execute("DELETE FROM cards WHERE card = ?", (card,))
            else:
                c.execute(
                    f"UPDATE cards SET ({_CARD_COLUMNS}, introduced_day, log) = "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE card = ?",
                    (*row[1:], card),
                )
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return card

    # whole file

    def backup(self, now: datetime.datetime, label: str = "backup") -> Path:
        """A consistent copy of the database beside it, named with the time; returns its path."""
        dest = _aside_name(self.path, label, now)
        try:
            target = sqlite3.connect(dest)
            try:
                self.conn.backup(target)
            finally:
                target.close()
        except sqlite3.Error as e:
            raise HerstudyError(f"{dest}: cannot write a backup: {e}") from None
        return dest

    def reset(self, now: datetime.datetime) -> Path:
        """Back the database up, then start it afresh. Returns the backup's path."""
        dest = self.backup(now)
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            for kind, name in c.execute(
                "SELECT type, name FROM sqlite_master "
                "WHERE type IN ('view', 'table') AND name NOT LIKE 'sqlite_%'"
            ).fetchall():
                c.execute(f'DROP {"VIEW" if kind == "view" else "TABLE"} IF EXISTS "{name}"')
            _apply(c, 0)
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return dest


def _state(row: Any) -> CardState:
    state, step, stability, difficulty, due, last_review, reps, lapses = row[:8]
    return CardState(
        state=int(state),
        step=None if step is None else int(step),
        stability=None if stability is None else float(stability),
        difficulty=None if difficulty is None else float(difficulty),
        due=_dt(float(due)),
        last_review=None if last_review is None else _dt(float(last_review)),
        reps=int(reps),
        lapses=int(lapses),
    )


def _row(s: CardState) -> tuple[object, ...]:
    return (
        s.state,
        s.step,
        s.stability,
        s.difficulty,
        _ts(s.due),
        _ts(s.last_review) if s.last_review else None,
        s.reps,
        s.lapses,
    )


# --- opening ------------------------------------------------------------------------------


def _connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(target, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Changing the journal mode does not wait on the busy handler: when two first opens
    # race, one gets "database is locked" at once. WAL persists in the file, so retry
    # until it is set (by either of us) or the busy timeout runs out.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            break
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    # FULL: a commit survives a power cut too, not only a killed process.
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _apply(conn: sqlite3.Connection, version: int) -> None:
    for number, statements in enumerate(MIGRATIONS[version:], version + 1):
        for sql in statements:
            conn.execute(sql)
        conn.execute(f"PRAGMA user_version = {number}")


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to date, under the write lock (two first opens race)."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATIONS):
        raise _NewerSchema(version)
    if version < len(MIGRATIONS):
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            _apply(conn, version)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    _check_tables(conn)


def _check_tables(conn: sqlite3.Connection) -> None:
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in _TABLES if t not in names]
    if missing:
        raise sqlite3.DatabaseError(f"not a herstudy progress file (no {', '.join(missing)} table)")


def _aside_name(path: Path, label: str, now: datetime.datetime) -> Path:
    base = f"{path.stem}.{label}-{_stamp(now)}"
    dest = path.with_name(base + path.suffix)
    n = 2
    while dest.exists():
        dest = path.with_name(f"{base}-{n}{path.suffix}")
        n += 1
    return dest


def _move_aside(path: Path, now: datetime.datetime) -> Path:
    dest = _aside_name(path, "corrupt", now)
    path.rename(dest)
    for extra in ("-wal", "-shm", "-journal"):
        side = Path(str(path) + extra)
        if side.exists():
            side.rename(Path(str(dest) + extra))
    return dest


_FATAL = {"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_READONLY", "SQLITE_PERM", "SQLITE_FULL"}
"""Errors that say nothing about the file's content: report them, never move the file."""


def _fatal(e: sqlite3.Error) -> bool:
    name = getattr(e, "sqlite_errorname", "")
    return name in _FATAL or any(
        word in str(e) for word in ("locked", "readonly", "read-only", "disk is full")
    )


def _writable_dir(directory: Path) -> None:
    hint = "Set HERSTUDY_HOME to a writable directory, or study with --no-save."
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise HerstudyError(
            f"{directory}: cannot create the progress directory: {e.strerror or e}", hint=hint
        ) from None
    if not directory.is_dir() or not os.access(directory, os.W_OK | os.X_OK):
        raise HerstudyError(f"{directory}: the progress directory is not writable", hint=hint)


def open_store(
    film_id: str,
    film_path: Path,
    now: datetime.datetime,
    *,
    save: bool = True,
    create: bool = True,
    home: Path | None = None,
) -> Store:
    """Open the film's progress database, creating and migrating it as needed.

    ``save=False`` (``--no-save``) studies on an in-memory copy and writes nothing.
    ``create=False`` (stats) gives an empty in-memory store if there is no file yet.
    A file that cannot be read as a progress database is moved aside, a fresh
    one started, and a warning left in ``Store.warnings``.
    """
    path = db_path(film_id, film_path, home)
    if not save or (not create and not path.exists()):
        return _memory_copy(path)
    _writable_dir(path.parent)
    warnings: list[str] = []
    for attempt in (1, 2):
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect(str(path))
            _migrate(conn)
            _meta(conn, film_id, film_path)
            break
        except _NewerSchema:
            if conn is not None:
                conn.close()
            raise HerstudyError(
                f"{path}: this progress file was written by a newer herstudy",
                hint="Upgrade herstudy to keep using it.",
            ) from None
        except sqlite3.Error as e:
            if conn is not None:
                conn.close()
            if _fatal(e) or attempt == 2:
                raise HerstudyError(f"{path}: cannot open the progress file: {e}") from None
            try:
                dest = _move_aside(path, now)
            except OSError as oe:
                raise HerstudyError(
                    f"{path}: cannot read the progress file ({e}) nor move it aside: "
                    f"{oe.strerror or oe}"
                ) from None
            warnings.append(
                f"{path}: could not be read as a progress file ({e}); "
                f"moved it aside to {dest} and started afresh"
            )
    assert conn is not None  # the loop either breaks with it open or raises
    store = Store(conn, path, saving=True)
    store.warnings.extend(warnings)
    return store


def _meta(conn: sqlite3.Connection, film_id: str, film_path: Path) -> None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'film'").fetchone()
    if row is None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('film', ?)", (film_id,))
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('path', ?)", (str(film_path.resolve()),))
        conn.execute("COMMIT")


def _memory_copy(path: Path) -> Store:
    """An in-memory store holding a copy of the file's progress, if it can be read."""
    mem = sqlite3.connect(":memory:", isolation_level=None)
    warning = ""
    if path.exists():
        try:
            src = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            try:
                src.backup(mem)
            finally:
                src.close()
            _migrate(mem)
        except (sqlite3.Error, _NewerSchema) as e:
            mem.close()
            mem = sqlite3.connect(":memory:", isolation_level=None)
            reason = "written by a newer herstudy" if isinstance(e, _NewerSchema) else str(e)
            warning = f"{path}: could not be read ({reason}); studying without its progress"
    if int(mem.execute("PRAGMA user_version").fetchone()[0]) == 0:
        _migrate(mem)
    store = Store(mem, path, saving=False)
    if warning:
        store.warnings.append(warning)
    return store
