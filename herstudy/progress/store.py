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

Faults: only a file that is really damaged is ever moved aside, and always with
a warning naming where it went. SQLite says "malformed" or "not a database" and
``PRAGMA quick_check`` confirms it, at open and again whenever a query stumbles on
damage. The check at open is skipped for a file that is as herstudy last closed it,
sound (``_checked``): the same size, modification and change times and inode, with no
``-wal`` beside it. Everything else (a full disk, an I/O error, a read-only or unreadable
file, a locked database, a ``-wal`` that is a directory) leaves the file where it
is and becomes a one-line ``HerstudyError`` naming the file and the reason. A file
that cannot be written is found at open, before the first card, and a full disk
mid-review says how many of the session's grades were saved.

This module knows nothing about fsrs: the next state comes from a ``Reviewer``
function passed in (``herstudy.progress.schedule``).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Concatenate, NamedTuple, ParamSpec, TypeVar

import msgspec

from herstudy.errors import HerstudyError
from herstudy.progress.cards import Card, make_cards
from herstudy.progress.clock import UTC, local_day, utc

if TYPE_CHECKING:
    from herstudy.model import Film

ENV_HOME = "HERSTUDY_HOME"
WAL_PAGES = 256
"""Checkpoint the write-ahead log at this many pages (SQLite's default is 1,000). A commit
that makes the log file longer syncs its new size too and took twice as long (0.5 ms
against 0.25 on the benchmark's disk) as one that overwrites it, and the log starts empty
at each open: at 256 pages it wraps after about 35 grades instead of 140, so a typical
session's grades are mostly the cheap kind, at the cost of more, smaller checkpoints."""
BUSY_TIMEOUT_MS = 10_000
LEECH_LAPSES = 8
"""Again ratings after which a card is a leech."""

# fsrs card states (fsrs.State), kept as plain ints so this module needs no fsrs.
LEARNING, REVIEW, RELEARNING = 1, 2, 3
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


class CardState(msgspec.Struct, frozen=True, gc=False):
    """A card's scheduling state: the fields of ``fsrs.Card`` plus herstudy's counters.

    A frozen msgspec struct, not a dataclass: a review step makes several (about a
    microsecond each as a frozen dataclass, a tenth of that as a struct)."""

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


class Due(NamedTuple):
    """A card due (or nearly), and its state: what the review shows next."""

    card: str
    state: CardState


class Recorded(msgspec.Struct, frozen=True, gc=False):
    review: int
    """The review's row id in the log (what undo names)."""
    card: str
    state: CardState
    before: CardState | None = None
    """The state it replaced (None: the card was new); undo restores it."""


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


def _ts(moment: datetime.datetime) -> float:
    return moment.timestamp()


def _dt(ts: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(ts, UTC)


def _stamp(now: datetime.datetime) -> str:
    return now.astimezone().strftime("%Y%m%d-%H%M%S")


# --- a file checked before ------------------------------------------------------------------


def _state_of(path: Path) -> str | None:
    """What says the file is unchanged: its device, inode, size and modification and change
    times (a change time cannot be set back); None with a ``-wal`` beside it, whose
    commits may not be in the file yet."""
    try:
        if _side(path, "-wal").exists():
            return None
        st = path.stat()
    except OSError:
        return None
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def _checked_path(path: Path) -> Path:
    """Where the state of the file when herstudy last closed it sound is kept: in the cache
    (losing it only means checking the file again)."""
    from herstudy.cache import cache_dir

    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    return cache_dir() / "checked" / digest


def _checked(path: Path) -> bool:
    """Whether the file is as herstudy last closed it, after checking it and meeting no
    fault: then ``PRAGMA quick_check`` at open (which reads every page: 40-60 ms with
    100,000 reviews) would find what it found then, and is skipped."""
    state = _state_of(path)
    if state is None:
        return False
    try:
        return _checked_path(path).read_bytes() == state.encode()
    except (OSError, ValueError):
        return False


def _remember_checked(path: Path) -> None:
    """The file was checked at open (or unchanged since a check) and met no fault since:
    remember its state now, if no other connection keeps a ``-wal`` beside it."""
    from herstudy.cache import keep

    state = _state_of(path)
    if state is not None:
        keep(_checked_path(path), state.encode())


def _forget_checked(path: Path) -> None:
    """The store met a fault: the next open checks the file, whatever its state."""
    with contextlib.suppress(OSError):
        _checked_path(path).unlink()


# --- faults -------------------------------------------------------------------------------

# SQLite's primary result codes (the low byte of an extended code such as SQLITE_IOERR_SHMSIZE).
_PERM, _BUSY, _LOCKED, _NOMEM, _READONLY, _IOERR, _CORRUPT = 3, 5, 6, 7, 8, 10, 11
_FULL, _CANTOPEN, _PROTOCOL, _NOLFS, _AUTH, _NOTADB = 13, 14, 15, 22, 23, 26

_DAMAGE = {_CORRUPT, _NOTADB}
"""What may mean a damaged file: confirmed by ``PRAGMA quick_check`` before anything is moved."""
_FAULTS = {_PERM, _BUSY, _LOCKED, _NOMEM, _READONLY, _IOERR, _FULL, _CANTOPEN, _PROTOCOL}
_FAULTS |= {_NOLFS, _AUTH}
"""Faults of the disk, the permissions or another process: reported, never a reason to move."""

_MESSAGES = (
    ("database disk image is malformed", _CORRUPT),
    ("file is not a database", _NOTADB),
    ("disk I/O error", _IOERR),
    ("database or disk is full", _FULL),
    ("readonly database", _READONLY),
    ("access permission denied", _PERM),
    ("unable to open database file", _CANTOPEN),
    ("database is locked", _BUSY),
    ("database table is locked", _LOCKED),
    ("out of memory", _NOMEM),
    ("locking protocol", _PROTOCOL),
)
"""SQLite's message for each code: Python 3.10 has no ``sqlite_errorcode``."""

UNWRITABLE_HINT = "Study with --no-save, or set HERSTUDY_HOME to a writable directory."
DAMAGED_HINT = "herstudy progress reset keeps a copy of it and starts afresh."
FULL_DISK = 1 << 20
"""Less free space than this where the file is, and an I/O error is put down to a full disk."""


_R = TypeVar("_R")


class BadValue(sqlite3.DatabaseError):
    """A row holds a value herstudy cannot read (text where a time goes): damage that
    ``PRAGMA quick_check`` cannot see. Reported like damage; the file is not moved."""


def readable(decode: Callable[[], _R]) -> _R:
    """``decode()``, a value read from the file; a bad one raises ``BadValue``."""
    try:
        return decode()
    except (ValueError, TypeError, OverflowError) as e:
        raise BadValue(f"a value herstudy cannot read: {e}") from None


class _Damaged(Exception):
    """The file is not a sound herstudy progress file: the one reason to move it aside."""


def _code(e: BaseException) -> int | None:
    """SQLite's primary result code for ``e``: from Python where it gives it, else the text."""
    code = getattr(e, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    if not isinstance(e, sqlite3.Error):
        return None
    text = str(e)
    return next((c for words, c in _MESSAGES if words in text), None)


_SIDES = ("-wal", "-shm", "-journal")


def _side(path: Path, suffix: str) -> Path:
    """The file SQLite keeps beside ``path``: ``-wal``, ``-shm``, ``-journal``."""
    return Path(str(path) + suffix)


def _obstacle(path: Path) -> tuple[str, str]:
    """What the file system says stops SQLite using ``path``: (kind, why), or ``("", "")``.

    Kinds: ``misplaced`` (a directory where a file goes), ``unreadable``, ``read-only``.
    Root passes every permission check, so this can miss what SQLite will then report.
    """
    for p in (path, _side(path, "-wal"), _side(path, "-shm")):
        if not (p.exists() or p.is_symlink()):
            continue
        name = "the file" if p == path else p.name
        if not p.is_file():
            return "misplaced", f"{name} is {'a directory' if p.is_dir() else 'not a file'}"
        if not os.access(p, os.R_OK):
            return "unreadable", f"{name} cannot be read (permission denied)"
        if not os.access(p, os.W_OK):
            if _read_only_fs(path.parent):
                return "read-only", "the file system is read-only"
            return "read-only", f"{name} is read-only"
    if path.parent.is_dir() and not os.access(path.parent, os.W_OK | os.X_OK):
        if _read_only_fs(path.parent):
            return "read-only", "the file system is read-only"
        return "read-only", f"the directory {path.parent} is not writable"
    return "", ""


def _disk_full(directory: Path) -> bool:
    try:
        return shutil.disk_usage(directory).free < FULL_DISK
    except OSError:
        return False


def _read_only_fs(directory: Path) -> bool:
    try:
        return bool(os.statvfs(directory).f_flag & getattr(os, "ST_RDONLY", 0))
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


def _reason(e: BaseException, path: Path) -> str:
    """Why SQLite failed on ``path``, in words, from its code and a look at the file system."""
    code = _code(e)
    if code in (_FULL, _IOERR) and _disk_full(path.parent):
        return "disk is full"
    if code in (_READONLY, _PERM, _CANTOPEN, _IOERR):
        why = _obstacle(path)[1]
        if why:
            return why
        if code in (_READONLY, _PERM) and _read_only_fs(path.parent):
            return "the file system is read-only"
    if code == _READONLY:
        return "it is read-only"
    if code in (_BUSY, _LOCKED):
        return "another program is using it (database is locked)"
    if isinstance(e, OSError):
        return e.strerror or str(e)
    return str(e)


def _damage(conn: sqlite3.Connection) -> str:
    """What ``PRAGMA quick_check`` finds wrong with the database, in one line ('' if nothing).

    Errors that are not damage (a full disk, a lock) are raised.
    """
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as e:
        if _code(e) in _DAMAGE:
            return str(e)
        raise
    found = [
        line.strip()
        for (row,) in rows
        if row != "ok"
        for line in str(row).splitlines()
        if line.strip() and not line.startswith("***")
    ]
    if not found:
        return ""
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return f"the integrity check found {found[0]}{more}"


def _check_file(path: Path) -> str | None:
    """Confirm damage with ``PRAGMA quick_check`` on a fresh connection; None if it finds none."""
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            return _damage(conn) or None
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _confirmed(e: BaseException, path: Path) -> str | None:
    """Why ``path`` is damaged, if ``e`` says so and it is so; None for any other fault."""
    if isinstance(e, _Damaged):
        return str(e)
    code = _code(e)
    if code == _NOTADB:
        return str(e)
    if code == _CORRUPT:
        return _check_file(path)
    return None


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection, *, keep: bool = True) -> Iterator[None]:
    """The one way herstudy writes: ``BEGIN IMMEDIATE``, the block, ``COMMIT``.

    An error in the block or the commit rolls back and goes on unchanged (callers turn
    it into a ``HerstudyError``); ``keep=False`` rolls back even a block that ends well.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        if keep:
            conn.execute("COMMIT")
    finally:
        with contextlib.suppress(sqlite3.Error):  # keep the error that brought us here
            if conn.in_transaction:
                conn.execute("ROLLBACK")


_P = ParamSpec("_P")


def _reads(method: Callable[Concatenate[Store, _P], _R]) -> Callable[Concatenate[Store, _P], _R]:
    """A query that turns a fault of the file into a ``HerstudyError`` (other errors pass)."""

    @functools.wraps(method)
    def guarded(self: Store, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as e:
            fault = self.fault(e)
            if fault is None:
                raise
            raise fault from None

    return guarded


# --- the store ----------------------------------------------------------------------------

Among = Collection[str] | None
"""The cards a query is about: the film's (None), or only these of them (a theme's)."""


def _of_film(among: Among) -> tuple[str, tuple[str, ...]]:
    """The ``FROM`` of a query about the film's studied cards (``c``), and its argument."""
    if among is None:
        return "cards c JOIN film_cards f ON f.card = c.card", ()
    return "cards c JOIN json_each(?) f ON f.value = c.card", (json.dumps(list(among)),)


class Store:
    """One film's progress database, bound to the film's cards. Use ``open_store``."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path, cards: Sequence[Card], *, saving: bool
    ) -> None:
        self.conn = conn
        self.path = path
        self.saving = saving
        """False for --no-save (an in-memory copy) and for a store with no file yet."""
        self._sound = saving
        """A file checked at open that has met no fault since: its state is remembered at
        close, so the next open need not check it again (``_checked``)."""
        self._closed = False
        self.cards = tuple(cards)
        """The film's cards, in order; the queries below see only these."""
        self.card_by_id = {c.id: c for c in self.cards}
        self.warnings: list[str] = []
        """Things the user must be told (a file moved aside); the CLI prints them."""
        self._saved = 0
        """Grades this store has committed, less those it undid (what a failed save reports)."""
        self.writes = 0
        """Reviews and undos this store has committed: what a count kept by its caller
        follows (``data_version`` tells of other connections' writes)."""
        try:
            self._bind_cards()
        except BaseException:
            conn.close()
            raise

    def close(self) -> None:
        self.conn.close()
        if self.saving and not self._closed:
            (_remember_checked if self._sound else _forget_checked)(self.path)
        self._closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Callers may query ``conn`` directly (stats): a fault there ends as one line too.
        fault = self.fault(exc) if isinstance(exc, sqlite3.DatabaseError) else None
        self.close()
        if fault is not None:
            raise fault from None

    # faults

    def fault(
        self, e: sqlite3.Error, doing: str = "cannot read the progress file", then: str = ""
    ) -> HerstudyError | None:
        """The ``HerstudyError`` for a fault of the file, or None if ``e`` is no such fault.

        Damage is reported only once ``PRAGMA quick_check`` confirms it; the file is
        left where it is (``progress reset`` moves it). ``then`` ends the message.
        """
        self._sound = False
        code = _code(e)
        if isinstance(e, BadValue) or code in _DAMAGE:
            damage: str | None = str(e)  # a bad value: quick_check cannot see it, the read did
            if not isinstance(e, BadValue):
                try:
                    damage = _check_file(self.path) if self.saving else _damage(self.conn) or None
                except sqlite3.Error:
                    damage = None
            if damage is not None:
                return HerstudyError(
                    f"{self.path}: the progress file is damaged ({damage}){then}",
                    hint=DAMAGED_HINT if self.saving else "",
                )
            return HerstudyError(f"{self.path}: {doing}: {e}{then}")
        if code not in _FAULTS:
            return None
        if not self.saving:
            return HerstudyError(f"{self.path}: {doing}: {e}{then}")
        reason = _reason(e, self.path)
        hint = UNWRITABLE_HINT if code in (_READONLY, _PERM, _CANTOPEN) else ""
        return HerstudyError(f"{self.path}: {doing}: {reason}{then}", hint=hint)

    def _unsaved(self, e: sqlite3.Error, doing: str, unit: str) -> HerstudyError | None:
        """The fault for a grade, an answer or an undo that could not be saved."""
        n = self._saved
        if n == 0:
            then = "; progress saved before this session is kept"
        elif n == 1:
            then = f"; the {unit} before it in this session is saved"
        else:
            then = f"; the {n} {unit}s before it in this session are saved"
        return self.fault(e, doing, then)

    # the film's cards, as a temp table the queries join against

    @_reads
    def _bind_cards(self) -> None:
        """``temp.film_cards``: the film's cards now (reviews of removed ones are ignored).

        One statement, so it needs no transaction, and it takes no lock on the file.
        """
        self.conn.execute(
            "CREATE TEMP TABLE film_cards (card TEXT PRIMARY KEY, pos INTEGER) WITHOUT ROWID"
        )
        self.conn.execute(
            "INSERT OR IGNORE INTO film_cards SELECT value, key FROM json_each(?)",
            (json.dumps([c.id for c in self.cards]),),
        )

    # reading

    @_reads
    def state(self, card: str) -> CardState | None:
        row = self.conn.execute(
            f"SELECT {_CARD_COLUMNS} FROM cards WHERE card = ?", (card,)
        ).fetchone()
        return _state(row) if row else None

    @_reads
    def known(self) -> set[str]:
        """Ids of every card reviewed at least once."""
        return {r[0] for r in self.conn.execute("SELECT card FROM cards")}

    @_reads
    def introduced_on(self, day: datetime.date) -> int:
        """New cards begun on ``day`` by a review (what the daily new-card limit counts).

        A card first answered in a quiz is scheduled from then on, but does not use
        up the day's new cards: the limit is on what ``review`` brings in unasked.
        """
        row = self.conn.execute(
            "SELECT count(*) FROM cards c WHERE c.introduced_day = ? AND (SELECT r.source "
            "FROM live_reviews r WHERE r.card = c.card ORDER BY r.id LIMIT 1) != 'quiz'",
            (day.isoformat(),),
        ).fetchone()
        return int(row[0])

    def due_cards(self, now: datetime.datetime, most: int, among: Among = None) -> list[Due]:
        """The film's most overdue cards at ``now``, most overdue first, at most ``most``."""
        return self._due_by(now, most, among)

    def next_due(self, now: datetime.datetime, among: Among = None) -> Due | None:
        """The film's most overdue card at ``now``, with its state, if any is due."""
        due = self._due_by(now, 1, among)
        return due[0] if due else None

    def next_learning(self, until: datetime.datetime, among: Among = None) -> Due | None:
        """A card in (re)learning steps due by ``until``, with its state: Anki's learn-ahead."""
        due = self._due_by(until, 1, among, learning=True)
        return due[0] if due else None

    @_reads
    def _due_by(
        self, until: datetime.datetime, most: int, among: Among, *, learning: bool = False
    ) -> list[Due]:
        """The film's cards due by ``until`` (only those in (re)learning steps, if
        ``learning``), soonest due first, at most ``most``, with their states."""
        cards, args = _of_film(among)
        only = f" AND c.state != {REVIEW}" if learning else ""
        rows = self.conn.execute(
            f"SELECT {_CARD_COLUMNS}, c.card FROM {cards} WHERE c.due <= ?{only} "
            f"ORDER BY c.due LIMIT {int(most)}",
            (*args, _ts(utc(until))),
        ).fetchall()
        return [Due(str(row[8]), _state(row)) for row in rows]

    @_reads
    def next_due_time(self, among: Among = None) -> datetime.datetime | None:
        """When the film's next reviewed card falls due (None: no card reviewed yet)."""
        cards, args = _of_film(among)
        row = self.conn.execute(
            f"SELECT c.due FROM {cards} ORDER BY c.due LIMIT 1", args
        ).fetchone()
        return _dt(row[0]) if row else None

    @_reads
    def due_count(
        self,
        now: datetime.datetime,
        most: int | None = None,
        among: Among = None,
        *,
        after: datetime.datetime | None = None,
    ) -> int:
        """The film's cards due at ``now`` (and not yet at ``after``, if given); counting
        stops at ``most``, if given."""
        cards, args = _of_film(among)
        limit = "" if most is None else f" LIMIT {int(most)}"
        since = "" if after is None else " AND c.due > ?"
        row = self.conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {cards} WHERE c.due <= ?{since}{limit})",
            (*args, _ts(utc(now)), *(() if after is None else (_ts(utc(after)),))),
        ).fetchone()
        return int(row[0])

    @_reads
    def studied_count(self, among: Among = None) -> int:
        """The film's cards reviewed at least once."""
        cards, args = _of_film(among)
        return int(self.conn.execute(f"SELECT count(*) FROM {cards}", args).fetchone()[0])

    @_reads
    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the file (SQLite's
        ``PRAGMA data_version``; this store's own commits leave it as it is)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def version(self) -> tuple[int, int]:
        """Changes with every write committed to the file: (``data_version``, this store's
        own writes). What a caller keeping something read from the file compares."""
        return (self.data_version(), self.writes)

    @_reads
    def learning_count(
        self, now: datetime.datetime, until: datetime.datetime, most: int, among: Among = None
    ) -> int:
        """Cards in (re)learning steps due after ``now`` but by ``until`` (up to ``most``):
        those ``next_learning`` will show early."""
        cards, args = _of_film(among)
        row = self.conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {cards} WHERE c.due > ? AND c.due <= ? "
            f"AND c.state != {REVIEW} LIMIT {int(most)})",
            (*args, _ts(utc(now)), _ts(utc(until))),
        ).fetchone()
        return int(row[0])

    @_reads
    def upcoming(
        self, after: datetime.datetime, before: datetime.datetime, most: int, among: Among = None
    ) -> list[tuple[datetime.datetime, str, bool]]:
        """The film's cards falling due after ``after`` and before ``before``, soonest first
        (then by id), at most ``most``: (due, card, in (re)learning steps)."""
        cards, args = _of_film(among)
        rows = self.conn.execute(
            f"SELECT c.due, c.card, c.state != {REVIEW} FROM {cards} "
            f"WHERE c.due > ? AND c.due < ? ORDER BY c.due, c.card LIMIT {int(most)}",
            (*args, _ts(utc(after)), _ts(utc(before))),
        ).fetchall()
        return readable(
            lambda: [(_dt(float(d)), str(c), bool(learning)) for d, c, learning in rows]
        )

    @_reads
    def memories(self) -> list[tuple[str, float | None, float | None]]:
        """Every studied card of the film with what its recall depends on: (card, stability,
        last review as a timestamp), one row per card."""
        cards, args = _of_film(None)
        return self.conn.execute(
            f"SELECT c.card, c.stability, c.last_review FROM {cards}", args
        ).fetchall()

    @_reads
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
        try:
            recorded = self._record(card, rating, utc(now), reviewer, source, duration_ms)
        except sqlite3.DatabaseError as e:
            unit = "answer" if source == "quiz" else "grade"
            fault = self._unsaved(e, f"cannot save this {unit}", unit)
            if fault is None:
                raise
            raise fault from None
        self._saved += 1
        self.writes += 1
        return recorded

    def _record(
        self,
        card: Card,
        rating: int,
        now: datetime.datetime,
        reviewer: Reviewer,
        source: str,
        duration_ms: int | None,
    ) -> Recorded:
        day = local_day(now).isoformat()
        c = self.conn
        with _transaction(c):
            row = c.execute(
                f"SELECT {_CARD_COLUMNS}, introduced_day, log FROM cards WHERE card = ?",
                (card.id,),
            ).fetchone()
            before = _state(row) if row else None
            after = reviewer(before, rating, now)
            after = msgspec.structs.replace(
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
            if row is None:
                c.execute(
                    f"INSERT INTO cards (card, topic, {_CARD_COLUMNS}, introduced_day, log) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (card.id, card.topic, *_row(after), introduced, review_id),
                )
            else:  # in place: its row and the indexes of unchanged columns stay as they are
                c.execute(
                    f"UPDATE cards SET (topic, {_CARD_COLUMNS}, log) = "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE card = ?",
                    (card.topic, *_row(after), review_id, card.id),
                )
        return Recorded(review_id, card.id, after, before)

    def undo(self, review: int, now: datetime.datetime) -> str | None:
        """Take back a review: append an undo record, restore the card's state before it.

        Returns the card's id, or None when the review cannot be undone: it is
        unknown, already undone, or the card has been reviewed again since.
        """
        try:
            card = self._undo(review, utc(now))
        except sqlite3.DatabaseError as e:
            fault = self._unsaved(e, "cannot save the undo", "grade")
            if fault is None:
                raise
            raise fault from None
        if card is not None:
            self._saved = max(0, self._saved - 1)
            self.writes += 1
        return card

    def _undo(self, review: int, now: datetime.datetime) -> str | None:
        c = self.conn
        with _transaction(c):
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
                return None  # nothing written: the commit ends an empty transaction
            card = str(row[0])
            c.execute("INSERT INTO undos (review, at) VALUES (?, ?)", (review, _ts(now)))
            if row[1] is None:
                c.execute("DELETE FROM cards WHERE card = ?", (card,))
            else:
                c.execute(
                    f"UPDATE cards SET ({_CARD_COLUMNS}, introduced_day, log) = "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE card = ?",
                    (*row[1:], card),
                )
        return card


def _state(row: Any) -> CardState:
    return readable(lambda: _decode_state(row))


def _decode_state(row: Any) -> CardState:
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
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_PAGES}")
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
        with _transaction(conn):
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise _Damaged("not a herstudy progress file: it has tables of its own")
            _apply(conn, version)
    _check_tables(conn)


def _check_tables(conn: sqlite3.Connection) -> None:
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in _TABLES if t not in names]
    if missing:
        raise _Damaged(f"not a herstudy progress file: no {', '.join(missing)} table")


def _aside_name(path: Path, label: str, now: datetime.datetime) -> Path:
    base = f"{path.stem}.{label}-{_stamp(now)}"
    dest = path.with_name(base + path.suffix)
    n = 2
    while dest.exists():
        dest = path.with_name(f"{base}-{n}{path.suffix}")
        n += 1
    return dest


def _move_aside(path: Path, now: datetime.datetime, label: str = "corrupt") -> Path:
    """Rename the file and whatever lies beside it (even a directory) out of the way."""
    dest = _aside_name(path, label, now)
    for extra in _SIDES:
        side = _side(path, extra)
        if side.exists() or side.is_symlink():
            side.rename(_side(dest, extra))
    if path.exists() or path.is_symlink():
        path.rename(dest)
    return dest


def _writable_dir(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise HerstudyError(
            f"{directory}: cannot create the progress directory: {e.strerror or e}",
            hint=UNWRITABLE_HINT,
        ) from None
    if not directory.is_dir() or not os.access(directory, os.W_OK | os.X_OK):
        raise HerstudyError(
            f"{directory}: the progress directory is not writable", hint=UNWRITABLE_HINT
        )


def _probe_write(conn: sqlite3.Connection) -> None:
    """Take the write lock and change a page, then roll back: SQLITE_READONLY surfaces now.

    ``BEGIN IMMEDIATE`` alone succeeds on a read-only file; only a write fails.
    """
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    with _transaction(conn, keep=False):
        conn.execute(f"PRAGMA user_version = {version}")


def _cannot_open(e: BaseException, path: Path) -> HerstudyError:
    code = _code(e)
    doing = "cannot save progress" if code == _READONLY else "cannot open the progress file"
    hint = UNWRITABLE_HINT if code in (_READONLY, _PERM, _CANTOPEN) else ""
    return HerstudyError(f"{path}: {doing}: {_reason(e, path)}", hint=hint)


def open_store(
    film: Film,
    film_path: Path,
    now: datetime.datetime,
    *,
    save: bool = True,
    create: bool = True,
    home: Path | None = None,
) -> Store:
    """Open the film's progress database, creating and migrating it as needed.

    The store is bound to the film's cards (``Store.cards``): every query is about them.

    ``save=False`` (``--no-save``) studies on an in-memory copy and writes nothing.
    ``create=False`` (stats) reads: with no file yet, or one it may not write, it
    gives an in-memory copy and creates nothing beside the file.

    A file that ``PRAGMA quick_check`` finds damaged, or that is not a herstudy
    progress file, is moved aside with a warning in ``Store.warnings`` (a saving
    store then starts a fresh one). Every other fault (disk full, I/O error,
    permissions, a lock, a ``-wal`` that is a directory) is a ``HerstudyError``
    and moves nothing. When saving, a file that cannot be written is an error
    here, before anything is studied.
    """
    film_id = film.film.id
    cards = make_cards(film)
    path = db_path(film_id, film_path, home)
    if not save or (not create and not path.exists()):
        return _memory_copy(path, cards)
    if create:
        _writable_dir(path.parent)
    kind, why = _obstacle(path)
    if kind == "read-only" and not create:
        return _memory_copy(path, cards, strict=True)
    if kind:
        doing = "cannot save progress" if kind == "read-only" else "cannot open the progress file"
        hint = "" if kind == "misplaced" else UNWRITABLE_HINT
        raise HerstudyError(f"{path}: {doing}: {why}", hint=hint)
    moved = ""
    for attempt in (1, 2):
        conn: sqlite3.Connection | None = None
        try:
            checked = attempt == 1 and _checked(path)  # before connecting makes a -wal
            conn = _connect(str(path))
            _migrate(conn)
            found = "" if checked else _damage(conn)
            if found:
                raise _Damaged(found)
            if create:
                _probe_write(conn)
            _meta(conn, film_id, film_path)
            break
        except _NewerSchema:
            if conn is not None:
                conn.close()
            raise HerstudyError(
                f"{path}: this progress file was written by a newer herstudy",
                hint="Upgrade herstudy to keep using it.",
            ) from None
        except (sqlite3.Error, _Damaged) as e:
            if conn is not None:
                conn.close()
            damage = _confirmed(e, path) if attempt == 1 else None
            if damage is None:
                fault = _cannot_open(e, path)
                if moved:
                    fault.message = f"{moved}, but cannot start a new one: {_reason(e, path)}"
                raise fault from None
            try:
                dest = _move_aside(path, now)
            except OSError as oe:
                raise HerstudyError(
                    f"{path}: the progress file is damaged ({damage}) and cannot be moved "
                    f"aside: {oe.strerror or oe}"
                ) from None
            moved = (
                f"{path}: could not be read as a progress file ({damage}); moved it aside to {dest}"
            )
            if not create:  # a read: leave it to the next review to start the new file
                store = _memory_copy(path, cards)
                store.warnings.append(moved)
                return store
    assert conn is not None  # the loop either breaks with it open or raises
    store = Store(conn, path, cards, saving=True)
    if moved:
        store.warnings.append(moved + " and started afresh")
    return store


def _meta(conn: sqlite3.Connection, film_id: str, film_path: Path) -> None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'film'").fetchone()
    if row is None:
        with _transaction(conn):
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('film', ?)", (film_id,))
            conn.execute(
                "INSERT OR IGNORE INTO meta VALUES ('path', ?)", (str(film_path.resolve()),)
            )


def _copy_into(path: Path, mem: sqlite3.Connection) -> None:
    """Copy the database at ``path`` into ``mem`` without writing anything beside it.

    A file SQLite could use in place is read through a read-only connection; one
    it could not (read-only, its directory read-only, a ``-wal`` that is a
    directory) is copied with its ``-wal`` to a temporary directory and read
    there, because even a read-only connection creates ``-wal`` and ``-shm``
    files, with the database's own permissions.
    """
    kind, _ = _obstacle(path)
    if not kind:
        src = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            src.backup(mem)
        finally:
            src.close()
        return
    with tempfile.TemporaryDirectory(prefix="herstudy-") as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        wal = _side(path, "-wal")
        if wal.is_file():
            shutil.copyfile(wal, _side(copy, "-wal"))
        src = sqlite3.connect(copy)
        try:
            src.backup(mem)
        finally:
            src.close()


def _memory_copy(path: Path, cards: Sequence[Card], *, strict: bool = False) -> Store:
    """An in-memory store holding a copy of the file's progress, if it can be read.

    A file that cannot be read leaves a warning and an empty store; with ``strict``
    (stats, which would otherwise show no progress as if there were none) only
    damage does, and any other fault is a ``HerstudyError``.
    """
    mem = sqlite3.connect(":memory:", isolation_level=None)
    warning = ""
    if path.exists() or path.is_symlink():
        try:
            _copy_into(path, mem)
            _migrate(mem)
            found = _damage(mem)
            if found:
                raise _Damaged(found)
        except (sqlite3.Error, OSError, _NewerSchema, _Damaged) as e:
            mem.close()
            mem = sqlite3.connect(":memory:", isolation_level=None)
            if isinstance(e, _NewerSchema):
                reason = "written by a newer herstudy"
            elif isinstance(e, _Damaged) or _code(e) in _DAMAGE:
                reason = str(e)
            elif strict:
                raise HerstudyError(
                    f"{path}: cannot read the progress file: {_reason(e, path)}"
                ) from None
            else:
                reason = _reason(e, path)
            warning = f"{path}: could not be read ({reason}); studying without its progress"
            if strict:
                warning = f"{path}: could not be read ({reason}); showing no progress"
    if int(mem.execute("PRAGMA user_version").fetchone()[0]) == 0:
        _migrate(mem)
    store = Store(mem, path, cards, saving=False)
    if warning:
        store.warnings.append(warning)
    return store


def _backup(conn: sqlite3.Connection, dest: Path) -> None:
    """Copy the database to ``dest`` with SQLite's backup API; a failed copy is removed."""
    try:
        target = sqlite3.connect(dest)
        try:
            conn.backup(target)
        finally:
            target.close()
    except BaseException:
        for p in (dest, *(_side(dest, s) for s in _SIDES)):
            with contextlib.suppress(OSError):
                p.unlink()
        raise


def _empty(conn: sqlite3.Connection) -> None:
    """Drop every table and view and create the schema afresh, in one transaction."""
    with _transaction(conn):
        for kind, name in conn.execute(
            "SELECT type, name FROM sqlite_master "
            "WHERE type IN ('view', 'table') AND name NOT LIKE 'sqlite_%'"
        ).fetchall():
            conn.execute(f'DROP {"VIEW" if kind == "view" else "TABLE"} IF EXISTS "{name}"')
        _apply(conn, 0)


def has_reviews(path: Path) -> bool:
    """Whether the progress file at ``path`` holds a review, looked at read-only and with no
    other effect; a file that cannot be read this way counts as holding some."""
    if _side(path, "-wal").exists():  # reviews may wait there; reading it writes -shm
        return True
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
        try:
            return conn.execute("SELECT 1 FROM live_reviews LIMIT 1").fetchone() is not None
        finally:
            conn.close()
    except (sqlite3.Error, OSError, ValueError):
        return True


def reset_progress(
    film: Film, film_path: Path, now: datetime.datetime, *, home: Path | None = None
) -> Path:
    """Start the film's progress afresh, whatever state its file is in; returns where it went.

    A sound file is copied with SQLite's backup API and emptied in place (so a
    review running meanwhile is not cut off). One that cannot be used as a
    progress file (damaged, not a database, truncated, a ``-wal`` that is a
    directory) is renamed aside whole, its ``-wal`` with it, and a new file
    started. A full disk, an I/O error, a lock or a file that cannot be read or
    written is an error, and nothing is moved.
    """
    path = db_path(film.film.id, film_path, home)
    _writable_dir(path.parent)
    kind, why = _obstacle(path)
    if kind in ("read-only", "unreadable"):
        raise HerstudyError(f"{path}: cannot reset the progress file: {why}")
    if not kind:
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect(str(path))
            found = _damage(conn)
            if not found:
                dest = _aside_name(path, "backup", now)
                _backup(conn, dest)  # raw sqlite3 errors: damage quick_check missed is moved aside
                _empty(conn)
                return dest
            why = found
        except sqlite3.Error as e:
            damage = _confirmed(e, path)
            if damage is None:
                raise HerstudyError(
                    f"{path}: cannot reset the progress file: {_reason(e, path)}"
                ) from None
            why = damage
        finally:
            if conn is not None:
                conn.close()
    try:
        dest = _move_aside(path, now, "backup")
    except OSError as e:
        raise HerstudyError(
            f"{path}: cannot move the progress file aside ({why}): {e.strerror or e}"
        ) from None
    try:
        open_store(film, film_path, now, home=home).close()
    except HerstudyError as e:
        e.message = f"{path}: moved the old progress file aside to {dest}; {e.message}"
        raise
    return dest
