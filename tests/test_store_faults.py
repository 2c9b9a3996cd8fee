"""The progress store under faults, on real files: damage moves a file aside (with a warning),
every other fault (full disk, read-only, unreadable, a ``-wal`` directory) is one line and
moves nothing, and ``progress reset`` works whatever state the file is in."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pexpect  # type: ignore[import-untyped]
import pytest
from conftest import PYTHON, ROOT, SECOND, subprocess_env
from progress_helpers import T0, Screen, film_and_store, grades
from pty_helpers import spawn_shell
from typer.testing import CliRunner, Result

import herstudy.progress.store as store_module
from herstudy.cli import app
from herstudy.errors import HerstudyError
from herstudy.load import load_film
from herstudy.progress import QuizRecorder
from herstudy.progress.cards import make_cards
from herstudy.progress.schedule import Schedule
from herstudy.progress.store import GOOD, Store, db_path, open_store

FILM = "lighthouse-keepers-daughter"
REVIEWS = 300
"""Enough reviews that the file has pages in the middle to damage."""
LAST_MONTH = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=30)
"""Reviews then leave cards due now, for a review session on the real clock."""


def populate(home: Path, count: int = REVIEWS, start: datetime.datetime = T0) -> Path:
    """A progress file with ``count`` reviews, its WAL checkpointed into it and gone."""
    film, store = film_and_store(SECOND, home)
    cards = make_cards(film)
    review = Schedule(fuzz=False).review
    with store:
        for i in range(count):
            store.record(cards[i % len(cards)], GOOD, start + datetime.timedelta(minutes=i), review)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = db_path(FILM, SECOND, home)
    assert not Path(str(path) + "-wal").exists()
    return path


def damage_page(path: Path, page: int | None = None) -> int:
    """Write garbage over one page in the middle of the file (or over ``page``)."""
    size = 4096
    pages = path.stat().st_size // size
    page = page or pages // 2
    assert 1 < page <= pages
    with path.open("r+b") as f:
        f.seek((page - 1) * size)
        f.write(b"\xde\xad\xbe\xef" * (size // 4))
    return page


def leaves(path: Path, table: str) -> list[int]:
    """The pages holding ``table``'s rows: its b-tree walked from the root page down."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = path.read_bytes()

    def walk(page: int) -> list[int]:
        start = (page - 1) * size
        header = start + (100 if page == 1 else 0)
        if data[header] == 0x0D:  # a table leaf
            return [page]
        assert data[header] == 0x05, "a table interior page"
        cells = int.from_bytes(data[header + 3 : header + 5], "big")
        pointers = [header + 12 + 2 * i for i in range(cells)]
        offsets = [int.from_bytes(data[p : p + 2], "big") for p in pointers]
        children = [int.from_bytes(data[start + o : start + o + 4], "big") for o in offsets]
        children.append(int.from_bytes(data[header + 8 : header + 12], "big"))
        return [leaf for child in children for leaf in walk(child)]

    return walk(root)


def damage_rows(path: Path) -> None:
    """Garbage over every page of the cards' and the reviews' rows; opening reads none of them."""
    for page in leaves(path, "cards") + leaves(path, "reviews"):
        damage_page(path, page)


def not_a_database(path: Path) -> None:
    path.write_bytes(os.urandom(9000))


def truncated(path: Path) -> None:
    with path.open("r+b") as f:
        f.truncate(5000)


def wal_directory(path: Path) -> None:
    Path(str(path) + "-wal").mkdir()


def reviews_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
    finally:
        conn.close()


def stats(runner: CliRunner) -> Result:
    return runner.invoke(app, ["stats", "--data", str(SECOND), "-f", "json"])


def total(result: Result) -> int:
    assert result.exit_code == 0, result.stderr
    return int(json.loads(result.stdout)["reviews"]["total"])


def one_error(result: Result, path: Path, *words: str) -> str:
    """Exit 1, no traceback, one line naming the file and the reason (and perhaps a hint)."""
    assert result.exit_code == 1, (result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, (sqlite3.Error, AssertionError))
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 2, lines
    assert lines[0].startswith(f"herstudy: {path}: "), lines
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def untouched(home: Path, path: Path, before: bytes) -> None:
    """The file is where it was, as it was, and nothing was moved aside."""
    assert path.read_bytes() == before
    assert not [p for p in home.iterdir() if ".corrupt-" in p.name or ".backup-" in p.name]


@pytest.fixture
def home(isolated: Path) -> Path:
    return isolated


# --- error codes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("database disk image is malformed", 11),
        ("file is not a database", 26),
        ("disk I/O error", 10),
        ("database or disk is full", 13),
        ("attempt to write a readonly database", 8),
        ("unable to open database file", 14),
        ("database is locked", 5),
        ("no such table: reviews", None),
    ],
)
def test_codes_come_from_the_message_where_python_gives_none(message: str, code: int) -> None:
    """Python 3.10 has no ``sqlite_errorcode``: an exception made in Python has none either."""
    e = sqlite3.OperationalError(message)
    assert getattr(e, "sqlite_errorcode", None) is None
    assert store_module._code(e) == code


def test_codes_come_from_sqlite_where_python_gives_them(tmp_path: Path) -> None:
    if sys.version_info < (3, 11):
        pytest.skip("sqlite_errorcode is Python 3.11+")
    path = tmp_path / "x.sqlite3"
    not_a_database(path)
    with pytest.raises(sqlite3.DatabaseError) as raised:
        sqlite3.connect(path).execute("SELECT 1 FROM sqlite_master")
    assert raised.value.sqlite_errorname == "SQLITE_NOTADB"
    assert store_module._code(raised.value) == 26


# --- damage: confirmed by quick_check, moved aside with a warning -------------------------


def test_a_damaged_data_page_is_found_at_open_and_moved_aside(home: Path) -> None:
    path = populate(home)
    damage_page(path)
    damaged = path.read_bytes()
    film, store = film_and_store(SECOND, home)
    with store:
        assert store.review_count() == 0
        (warning,) = store.warnings
    aside = [p for p in home.iterdir() if ".corrupt-" in p.name and p.suffix == ".sqlite3"]
    assert len(aside) == 1
    assert f"moved it aside to {aside[0]}" in warning
    assert ("integrity check" in warning or "malformed" in warning) and "\n" not in warning
    assert aside[0].read_bytes() == damaged


@pytest.mark.parametrize("damage", [damage_page, not_a_database, truncated])
def test_stats_on_a_damaged_file_warns_and_names_the_backup(
    runner: CliRunner, home: Path, damage: Any
) -> None:
    path = populate(home)
    damage(path)
    damaged = path.read_bytes()
    result = stats(runner)
    assert total(result) == 0
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"herstudy: warning: {path}: could not be read as a progress file")
    backup = Path(line.split("moved it aside to ", 1)[1])
    assert backup.read_bytes() == damaged
    assert not path.exists(), "a read command starts no new file"


def test_damage_moved_aside_on_a_disk_too_full_for_a_new_file_says_both(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = populate(home, 20)
    not_a_database(path)

    def full(conn: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_module, "_probe_write", full)
    with pytest.raises(HerstudyError) as raised:
        film_and_store(SECOND, home)
    message = raised.value.message
    assert message.startswith(f"{path}: could not be read as a progress file (")
    (aside,) = [p for p in home.iterdir() if ".corrupt-" in p.name and p.suffix == ".sqlite3"]
    assert f"moved it aside to {aside}, but cannot start a new one: " in message
    assert message.endswith("database or disk is full")


@pytest.fixture
def unchecked_at_open(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """From a call on, the next quick_check finds nothing: as if it were not run at open
    (where it would also read every page into the connection's cache)."""

    def arm() -> None:
        real = store_module._damage
        calls: list[None] = []

        def first_finds_nothing(conn: sqlite3.Connection) -> str:
            calls.append(None)
            return "" if len(calls) == 1 else real(conn)

        monkeypatch.setattr(store_module, "_damage", first_finds_nothing)

    return arm


@pytest.fixture
def unseen_damage(home: Path, unchecked_at_open: Callable[[], None]) -> Path:
    """A progress file with damaged rows that the check at open will not see."""
    path = populate(home)
    damage_rows(path)
    unchecked_at_open()
    return path


def test_damage_found_by_a_query_is_one_error_not_a_traceback(
    home: Path, unseen_damage: Path
) -> None:
    """Damage the check at open did not see: a query meets it."""
    path = unseen_damage
    film, store = film_and_store(SECOND, home)
    with store, pytest.raises(HerstudyError) as raised:
        store.memories()
    assert raised.value.message.startswith(f"{path}: the progress file is damaged (")
    assert "progress reset" in raised.value.hint
    assert path.exists(), "a query reports damage; it moves nothing"


def test_damage_met_by_a_direct_query_ends_as_one_error_too(
    home: Path, unseen_damage: Path
) -> None:
    """``stats`` queries ``store.conn`` itself: leaving ``with store`` translates the error."""
    film, store = film_and_store(SECOND, home)
    with pytest.raises(HerstudyError, match="the progress file is damaged"), store:
        store.conn.execute("SELECT * FROM reviews").fetchall()


def test_stats_meeting_damage_mid_query_exits_1(runner: CliRunner, unseen_damage: Path) -> None:
    path = unseen_damage
    one_error(stats(runner), path, "the progress file is damaged")
    assert path.exists()


def test_an_error_that_is_no_fault_is_not_swallowed(home: Path) -> None:
    film, store = film_and_store(SECOND, home)
    with pytest.raises(sqlite3.OperationalError, match="no such table"), store:
        store.conn.execute("SELECT * FROM no_such_table")


# --- the check at open, skipped for a file as herstudy last closed it ----------------------


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[None]:
    """One item per ``PRAGMA quick_check`` run (at open, or confirming damage)."""
    calls: list[None] = []
    real = store_module._damage

    def counted(conn: sqlite3.Connection) -> str:
        calls.append(None)
        return real(conn)

    monkeypatch.setattr(store_module, "_damage", counted)
    return calls


def opened(home: Path) -> int:
    """Open and close the store; how many reviews it holds."""
    film, store = film_and_store(SECOND, home)
    with store:
        return store.review_count()


def test_a_file_as_herstudy_closed_it_is_not_checked_again(home: Path, checks: list[None]) -> None:
    populate(home, 20)  # checked at its first open, closed sound
    checks.clear()
    assert (opened(home), len(checks)) == (20, 0)
    assert (opened(home), len(checks)) == (20, 0)


def test_a_file_written_since_is_checked(home: Path, checks: list[None]) -> None:
    path = populate(home, 20)
    checks.clear()
    other = sqlite3.connect(path)
    other.execute("INSERT INTO meta VALUES ('note', 'another program was here')")
    other.commit()
    other.close()
    assert (opened(home), len(checks)) == (20, 1)
    assert (opened(home), len(checks)) == (20, 1), "and not again once closed sound"


def test_damage_that_keeps_the_size_and_the_modification_time_is_found_at_open(
    home: Path, checks: list[None]
) -> None:
    path = populate(home)
    checks.clear()
    before = path.stat()
    damage_page(path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    film, store = film_and_store(SECOND, home)
    with store:
        assert store.review_count() == 0
        (warning,) = store.warnings
    assert "moved it aside" in warning and checks, "found at open"


def test_a_store_that_met_a_fault_is_checked_at_the_next_open(
    home: Path, checks: list[None]
) -> None:
    """Damage the file's size and times do not show (a disk's own fault) is met by a query:
    the next open checks the file, and moves it aside."""
    path = populate(home)
    checks.clear()
    before = path.stat()
    damage_rows(path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    kept = store_module._checked_path(path)
    kept.write_bytes((store_module._state_of(path) or "").encode())  # as if unchanged
    film, store = film_and_store(SECOND, home)
    assert len(checks) == 0, "not checked at open"
    with pytest.raises(HerstudyError, match="the progress file is damaged"), store:
        store.memories()
    assert not kept.exists()
    film, store = film_and_store(SECOND, home)
    with store:
        assert store.review_count() == 0
        (warning,) = store.warnings
    assert "moved it aside" in warning


def test_a_file_with_a_wal_beside_it_is_checked(home: Path, checks: list[None]) -> None:
    """Another connection keeps a -wal beside the file, whose commits may not be in it yet:
    the file is checked, and nothing is remembered at close while the -wal stays."""
    path = populate(home, 20)
    checks.clear()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("SELECT count(*) FROM reviews").fetchone()
    try:
        film, store = film_and_store(SECOND, home)
        with store:
            store.record(store.cards[0], GOOD, T0, Schedule(fuzz=False).review)
        assert Path(str(path) + "-wal").exists()
        assert len(checks) == 1
        assert (opened(home), len(checks)) == (21, 2)
    finally:
        other.close()
    assert (opened(home), len(checks)) == (21, 3), "changed since herstudy closed it sound"
    assert (opened(home), len(checks)) == (21, 3)


@pytest.mark.parametrize("record", [b"", b"garbage", None])
def test_a_lost_or_altered_record_means_a_check(
    home: Path, checks: list[None], record: bytes | None
) -> None:
    path = populate(home, 20)
    checks.clear()
    kept = store_module._checked_path(path)
    assert kept.is_file()
    if record is None:
        kept.unlink()
        kept.mkdir()
    else:
        kept.write_bytes(record)
    assert (opened(home), len(checks)) == (20, 1)


# --- progress reset, whatever the state ---------------------------------------------------


@pytest.mark.parametrize("damage", [damage_page, not_a_database, truncated, wal_directory])
def test_progress_reset_works_on_a_broken_file(runner: CliRunner, home: Path, damage: Any) -> None:
    path = populate(home)
    damage(path)
    before = path.read_bytes()
    result = runner.invoke(app, ["progress", "reset", "--yes", "--data", str(SECOND)])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.output
    backup = Path(result.stderr.split("kept in ", 1)[1].strip())
    assert backup.read_bytes() == before
    if damage is wal_directory:
        assert Path(str(backup) + "-wal").is_dir()
    assert total(stats(runner)) == 0
    assert reviews_in(path) == 0


def test_progress_reset_of_a_sound_file_copies_it_with_the_backup_api(
    runner: CliRunner, home: Path
) -> None:
    path = populate(home, 20)
    result = runner.invoke(app, ["progress", "reset", "--yes", "--data", str(SECOND)])
    assert result.exit_code == 0, result.stderr
    backup = Path(result.stderr.split("kept in ", 1)[1].strip())
    assert reviews_in(backup) == 20
    assert reviews_in(path) == 0


# --- faults that are not damage: one line, exit 1, nothing moved ----------------------------


def test_a_wal_that_is_a_directory_is_an_error_not_a_move(runner: CliRunner, home: Path) -> None:
    path = populate(home, 20)
    wal_directory(path)
    before = path.read_bytes()
    one_error(stats(runner), path, "cannot open the progress file", "-wal is a directory")
    with pytest.raises(HerstudyError, match="-wal is a directory"):
        film_and_store(SECOND, home)
    untouched(home, path, before)
    Path(str(path) + "-wal").rmdir()
    assert total(stats(runner)) == 20


def test_no_save_studies_a_copy_even_beside_a_wal_directory(home: Path) -> None:
    path = populate(home, 20)
    wal_directory(path)
    with open_store(load_film(SECOND), SECOND, T0, save=False) as copy:
        assert copy.review_count() == 20
        assert copy.warnings == []


def test_a_locked_file_is_an_error_not_a_move(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = populate(home, 20)
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        before = path.read_bytes()
        with pytest.raises(HerstudyError, match="database is locked"):
            film_and_store(SECOND, home)
        untouched(home, path, before)
    finally:
        other.execute("ROLLBACK")
        other.close()
    film, store = film_and_store(SECOND, home)
    with store:
        assert store.review_count() == 20


# --- permissions (root ignores them: those tests skip, and re-run below without the power) --


@pytest.fixture
def permissions(tmp_path: Path) -> None:
    probe = tmp_path / "probe"
    probe.write_text("")
    probe.chmod(0o444)
    enforced = not os.access(probe, os.W_OK)
    probe.chmod(0o644)
    if not enforced:
        pytest.skip("root ignores file permissions (re-run without them below)")


@pytest.fixture
def restore_modes(home: Path) -> Iterator[None]:
    yield
    for p in [home, *home.iterdir()] if home.exists() else []:
        p.chmod(0o755 if p.is_dir() else 0o644)


def scripted_review(monkeypatch: pytest.MonkeyPatch, screen: Screen) -> None:
    """``herstudy review`` without a terminal: the scripted screen plays the keys."""
    monkeypatch.setattr("herstudy.interactive.review.require_terminal", lambda: None)
    monkeypatch.setattr("herstudy.interactive.review.TerminalScreen", lambda: screen)


def test_permission_read_only_file_is_reported_before_the_first_card(
    runner: CliRunner,
    home: Path,
    permissions: None,
    restore_modes: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = populate(home, 20)
    path.chmod(0o444)
    before = path.read_bytes()
    screen = Screen(grades(GOOD))
    scripted_review(monkeypatch, screen)
    result = runner.invoke(app, ["review", "--data", str(SECOND)])
    one_error(result, path, "cannot save progress", "read-only")
    assert "--no-save" in result.stderr and "HERSTUDY_HOME" in result.stderr
    assert screen.fronts == [], "reported before the first card"
    # stats reads it, and leaves no -wal or -shm (with the file's read-only mode) beside it
    assert total(stats(runner)) == 20
    assert sorted(p.name for p in home.iterdir()) == [path.name]
    one_error(
        runner.invoke(app, ["progress", "reset", "--yes", "--data", str(SECOND)]),
        path,
        "read-only",
    )
    untouched(home, path, before)
    path.chmod(0o644)
    assert total(stats(runner)) == 20


def test_permission_read_only_file_found_by_sqlite_itself(
    home: Path, permissions: None, restore_modes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the file system's permissions say nothing, writing at open finds SQLITE_READONLY."""
    path = populate(home, 20)
    path.chmod(0o444)
    monkeypatch.setattr(store_module, "_obstacle", lambda path: ("", ""))
    with pytest.raises(HerstudyError) as raised:
        film_and_store(SECOND, home)
    assert raised.value.message.startswith(f"{path}: cannot save progress: ")
    assert "--no-save" in raised.value.hint


def test_permission_read_only_shm_left_behind_is_named(
    home: Path, permissions: None, restore_modes: None
) -> None:
    path = populate(home, 20)
    shm = Path(str(path) + "-shm")
    shm.write_bytes(b"")
    shm.chmod(0o444)
    with pytest.raises(HerstudyError, match=r"\.sqlite3-shm is read-only"):
        film_and_store(SECOND, home)


def test_permission_read_only_directory(
    runner: CliRunner,
    home: Path,
    permissions: None,
    restore_modes: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = populate(home, 20)
    home.chmod(0o555)
    screen = Screen(grades(GOOD))
    scripted_review(monkeypatch, screen)
    result = runner.invoke(app, ["review", "--data", str(SECOND)])
    assert result.exit_code == 1 and "not writable" in result.stderr
    assert "--no-save" in result.stderr and "Traceback" not in result.output
    assert screen.fronts == []
    assert total(stats(runner)) == 20
    with open_store(load_film(SECOND), SECOND, T0, save=False) as copy:
        assert copy.review_count() == 20 and copy.warnings == []
    assert sorted(p.name for p in home.iterdir()) == [path.name]


def test_permission_unreadable_file_is_an_error_not_a_move(
    runner: CliRunner, home: Path, permissions: None, restore_modes: None
) -> None:
    path = populate(home, 20)
    path.chmod(0o000)
    one_error(stats(runner), path, "cannot be read (permission denied)")
    with pytest.raises(HerstudyError, match="permission denied"):
        film_and_store(SECOND, home)
    one_error(
        runner.invoke(app, ["progress", "reset", "--yes", "--data", str(SECOND)]),
        path,
        "permission denied",
    )
    assert [p.name for p in home.iterdir()] == [path.name]
    path.chmod(0o644)
    assert total(stats(runner)) == 20


def test_permission_tests_also_run_as_root_without_its_power(tmp_path: Path) -> None:
    """As root, run the tests above again with CAP_DAC_OVERRIDE dropped, so they do not skip."""
    if os.geteuid() != 0:
        pytest.skip("not root: the permission tests ran above")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("no setpriv to drop root's power over permissions")
    drop = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    probe = tmp_path / "probe"
    probe.write_text("")
    probe.chmod(0o444)
    check = subprocess.run(
        [*drop, PYTHON, "-c", f"import os, sys; sys.exit(os.access({str(probe)!r}, os.W_OK))"],
        capture_output=True,
    )
    if check.returncode != 0:
        pytest.skip("cannot drop root's power over permissions here")
    run = subprocess.run(
        [*drop, PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs"]
        + [f"--basetemp={tmp_path / 'inner'}", __file__, "-k", "test_permission_ and not as_root"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(),
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "5 passed" in run.stdout and "skipped" not in run.stdout, run.stdout


# --- a full disk --------------------------------------------------------------------------


def fill_up(store: Store) -> None:
    """From now on the database cannot grow: the next new page is SQLITE_FULL."""
    store.conn.execute("PRAGMA max_page_count = 1")  # clamps to the current size


def test_a_full_disk_mid_review_keeps_every_committed_grade(home: Path) -> None:
    populate(home, 20)
    film, store = film_and_store(SECOND, home)
    cards = make_cards(film)
    review = Schedule(fuzz=False).review
    fill_up(store)
    saved = 0
    with store, pytest.raises(HerstudyError) as raised:
        for i in range(10_000):
            store.record(cards[i % len(cards)], GOOD, T0 + datetime.timedelta(days=i), review)
            saved += 1
    message = raised.value.message
    assert message.startswith(f"{store.path}: cannot save this grade: database or disk is full")
    assert f"the {saved} grades before it in this session are saved" in message
    assert reviews_in(store.path) == 20 + saved


def test_a_full_disk_on_the_first_grade_says_nothing_was_lost(home: Path) -> None:
    populate(home, 20)
    film, store = film_and_store(SECOND, home)
    cards = make_cards(film)
    review = Schedule(fuzz=False).review
    fill_up(store)
    with store, pytest.raises(HerstudyError):
        for i in range(10_000):
            store.record(cards[i % len(cards)], GOOD, T0 + datetime.timedelta(days=i), review)
    # the next session's first grade needs the same new page
    film, store = film_and_store(SECOND, home)
    fill_up(store)
    with store, pytest.raises(HerstudyError) as raised:
        store.record(cards[i % len(cards)], GOOD, T0 + datetime.timedelta(days=i), review)
    assert raised.value.message.endswith("; progress saved before this session is kept")


def test_a_full_disk_mid_quiz_stops_the_recorder_with_one_error(home: Path) -> None:
    populate(home, 20)
    film, store = film_and_store(SECOND, home)
    recorder = QuizRecorder(store, Schedule(fuzz=False), lambda: T0)
    fill_up(store)

    class Asked:
        def __init__(self, card: str) -> None:
            self.card = card

    cards = [card.id for card in store.cards]
    with pytest.raises(HerstudyError) as raised:
        for i in range(10_000):
            recorder(Asked(cards[i % len(cards)]), True)
    recorder.close()
    assert "cannot save this answer" in raised.value.message
    assert f"the {recorder.recorded} answers before it" in raised.value.message
    assert reviews_in(store.path) == 20 + recorder.recorded


def test_a_full_disk_mid_review_at_the_cli(
    runner: CliRunner, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = populate(home, 20, LAST_MONTH)
    real = store_module.open_store

    def full_after_open(*args: Any, **kwargs: Any) -> Store:
        store = real(*args, **kwargs)
        fill_up(store)
        return store

    monkeypatch.setattr(store_module, "open_store", full_after_open)
    screen = Screen(grades(*[GOOD] * 500))
    scripted_review(monkeypatch, screen)
    result = runner.invoke(app, ["review", "--new", "1000", "--data", str(SECOND)])
    line = one_error(result, path, "cannot save this grade", "full")
    graded = len(screen.backs) - 1  # the last one shown is the one that failed
    assert graded > 0
    assert f"the {graded} grades before it in this session are saved" in line
    assert result.stdout == "", "no summary after a failed save"
    assert reviews_in(path) == 20 + graded


FULL_DISK_SCRIPT = textwrap.dedent(
    """
    import datetime, json, os, subprocess, sys
    from pathlib import Path
    sys.path.insert(0, "tests")
    from progress_helpers import T0, film_and_store
    from conftest import SECOND
    from herstudy.errors import HerstudyError
    from herstudy.progress.cards import make_cards
    from herstudy.progress.schedule import Schedule

    mount, home = Path(sys.argv[1]), Path(sys.argv[1]) / "home"
    os.environ["HERSTUDY_HOME"] = str(home)
    out = {}
    film, store = film_and_store(SECOND, home)
    cards, review = make_cards(film), Schedule(fuzz=False).review
    with store:
        for i in range(30):
            store.record(cards[i % len(cards)], 3, T0 + datetime.timedelta(minutes=i), review)
    path = store.path

    def herstudy(*args):
        run = subprocess.run([sys.executable, "-m", "herstudy", *args, "--data", str(SECOND)],
                             capture_output=True, text=True)
        return {"code": run.returncode, "out": run.stdout, "err": run.stderr}

    def free():
        return os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize

    def fill(leave=0):
        fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            while free() > leave:
                os.write(fd, bytes(4096))
        except OSError:
            pass
        finally:
            os.close(fd)

    fill()
    out["stats_full"] = herstudy("stats", "-f", "json")
    out["reset_full"] = herstudy("progress", "reset", "--yes")
    out["files_full"] = sorted(p.name for p in home.iterdir())
    os.remove(mount / "filler")
    out["stats_freed"] = herstudy("stats", "-f", "json")
    fill(leave=200_000)
    film, store = film_and_store(SECOND, home)
    saved = 0
    try:
        for i in range(100_000):
            store.record(cards[i % len(cards)], 3, T0 + datetime.timedelta(days=i), review)
            saved += 1
    except HerstudyError as e:
        out["mid_review"] = e.message
    store.close()
    out["saved"] = saved
    os.remove(mount / "filler")
    out["stats_after"] = herstudy("stats", "-f", "json")
    out["path"] = str(path)
    print(json.dumps(out))
    """
)


def test_a_real_full_disk_on_a_small_tmpfs(tmp_path: Path) -> None:
    """A tmpfs of 8 MB in a private mount namespace (``unshare``), where one can be had."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("no unshare to mount a small tmpfs")
    mount = tmp_path / "small-disk"
    mount.mkdir()
    script = tmp_path / "full_disk.py"
    script.write_text(FULL_DISK_SCRIPT)
    shell = 'mount -t tmpfs -o size=8m tmpfs "$1" && exec "$2" "$3" "$1"'
    run = subprocess.run(
        [unshare, "--user", "--map-root-user", "--mount", "sh", "-c", shell, "sh"]
        + [str(mount), PYTHON, str(script)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(PYTHONPATH=str(ROOT)),
        timeout=300,
    )
    if run.returncode != 0 and run.stderr.startswith(("mount:", "unshare:")):
        pytest.skip(f"cannot mount a tmpfs here: {run.stderr.strip()[:200]}")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.splitlines()[-1])
    path = out["path"]

    full = out["stats_full"]
    assert full["code"] == 1 and "Traceback" not in full["err"]
    assert full["err"] == f"herstudy: {path}: cannot open the progress file: disk is full\n"
    reset = out["reset_full"]
    assert reset["code"] == 1 and reset["err"].count("\n") == 1 and "disk is full" in reset["err"]
    assert Path(path).name in out["files_full"]
    assert not [n for n in out["files_full"] if ".corrupt-" in n or ".backup-" in n]

    assert json.loads(out["stats_freed"]["out"])["reviews"]["total"] == 30
    assert out["mid_review"].startswith(f"{path}: cannot save this grade: disk is full; ")
    saved = out["saved"]
    assert saved > 0 and f"the {saved} grades before it" in out["mid_review"]
    assert json.loads(out["stats_after"]["out"])["reviews"]["total"] == 30 + saved


# --- in a real terminal ---------------------------------------------------------------------

FULL_REVIEW = textwrap.dedent(
    """
    import herstudy.progress.store as s
    real = s.open_store
    def full_after_open(*args, **kwargs):
        store = real(*args, **kwargs)
        store.conn.execute("PRAGMA max_page_count = 1")
        return store
    s.open_store = full_after_open
    from herstudy.process import main
    main()
    """
)


def test_a_full_disk_mid_review_in_a_real_terminal_restores_it(home: Path, tmp_path: Path) -> None:
    populate(home, 20, LAST_MONTH)
    launcher = tmp_path / "full_review.py"
    launcher.write_text(FULL_REVIEW)
    command = (
        f'"{PYTHON}" "{launcher}" review --new 1000 --data "{SECOND}"; echo "exit=$?"; stty -a'
    )
    child = spawn_shell(command, home=home)
    for _ in range(500):
        which = child.expect(["show the answer", "exit=(\\d+)"])
        if which == 1:
            break
        child.send(" ")
        child.expect("Good · ")
        child.send("3")
    else:
        pytest.fail("the disk never filled")
    assert child.match.group(1) == "1"
    said = child.before
    assert "cannot save this grade: database or disk is full" in said
    assert "before it in this session are saved" in said
    assert "Traceback" not in said
    child.expect(pexpect.EOF)
    modes = child.before.split()
    assert "icanon" in modes and "echo" in modes, "the terminal is back in its usual mode"


# --- values quick_check cannot see -------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE cards SET due = 'abc'",
        "DROP TRIGGER reviews_no_update; UPDATE reviews SET day = 'not-a-day'",
        "UPDATE cards SET lapses = 'many'",
        "UPDATE cards SET stability = 'firm'",
    ],
    ids=["card due", "review day", "card lapses", "card stability"],
)
def test_a_value_herstudy_cannot_read_is_one_line(runner: CliRunner, home: Path, sql: str) -> None:
    film, store = film_and_store(SECOND, home)
    from herstudy.progress.cards import make_cards
    from herstudy.progress.schedule import Schedule

    store.record(make_cards(film)[0], 3, T0, Schedule(fuzz=False).review)
    path = store.path
    store.close()
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.close()
    before = path.read_bytes()
    line = one_error(stats(runner), path, "damaged", "cannot read")
    assert "progress reset" in stats(runner).stderr, line
    untouched(home, path, before)
