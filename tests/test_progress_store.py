"""The progress store on a real SQLite file: scheduling, undo, leeches, damage and durability."""

from __future__ import annotations

import datetime
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
from conftest import ROOT, SECOND, subprocess_env
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State
from hypothesis import given, settings
from hypothesis import strategies as st
from progress_helpers import T0, UTC, film_and_store

from herstudy.errors import HerstudyError
from herstudy.progress.cards import make_cards
from herstudy.progress.schedule import Schedule, _to_fsrs, format_interval
from herstudy.progress.store import (
    AGAIN,
    EASY,
    GOOD,
    HARD,
    LEECH_LAPSES,
    MIGRATIONS,
    WAL_PAGES,
    CardState,
    db_path,
    home_dir,
    open_store,
    reset_progress,
)

WORKER = Path(__file__).resolve().parent / "progress_worker.py"


@pytest.fixture
def schedule() -> Schedule:
    return Schedule(fuzz=False)


def test_home_is_herstudy_home_and_one_file_per_film(isolated: Path, tmp_path: Path) -> None:
    assert home_dir() == isolated
    a = db_path("her", tmp_path / "a" / "film.toml")
    b = db_path("her", tmp_path / "b" / "film.toml")
    assert a.parent == isolated
    assert a.name.startswith("her-") and a.name.endswith(".sqlite3")
    assert len(a.name) == len("her-12345678.sqlite3")
    assert a != b


def test_new_file_is_versioned_and_in_wal_mode(isolated: Path) -> None:
    film, store = film_and_store(SECOND, isolated)
    with store:
        assert store.path.exists()
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == WAL_PAGES
        assert store.warnings == []


def test_cards_come_back_on_the_fsrs_schedule_over_days(isolated: Path, schedule: Schedule) -> None:
    """Replay the same ratings on fsrs itself: every due date must match."""
    film, store = film_and_store(SECOND, isolated)
    card = make_cards(film)[0]
    reference = Scheduler(enable_fuzzing=False)
    ref = FsrsCard(card_id=1, due=T0)
    now = T0
    for rating in (GOOD, GOOD, GOOD, HARD, AGAIN, GOOD, EASY, GOOD):
        state = store.state(card.id)
        assert state is None or store.next_due(now) == (card.id, state)
        done = store.record(card, rating, now, schedule.review)
        ref, _ = reference.review_card(ref, Rating(rating), now)
        assert done.state.due == ref.due
        assert done.state.stability == pytest.approx(ref.stability)
        # Not due a second before, due at the moment fsrs says.
        assert store.next_due(ref.due - datetime.timedelta(seconds=1)) is None
        assert store.next_due(ref.due) == (card.id, done.state)
        now = ref.due
    assert store.state(card.id) is not None
    assert store.state(card.id).reps == 8  # type: ignore[union-attr]
    assert store.state(card.id).lapses == 1  # type: ignore[union-attr]
    assert (now - T0).days > 20, "Good reviews should have spread the card over weeks"
    store.close()


def test_preview_matches_what_a_grade_gives(isolated: Path, schedule: Schedule) -> None:
    film, store = film_and_store(SECOND, isolated)
    cards = make_cards(film)
    previews = schedule.preview(None, T0)
    assert [format_interval(previews[r]) for r in (1, 2, 3, 4)] == ["1m", "6m", "10m", "8d"]
    for rating, card in zip((AGAIN, HARD, GOOD, EASY), cards[:4], strict=True):
        done = store.record(card, rating, T0, schedule.review)
        assert done.state.due - T0 == previews[rating]
    store.close()


_STATES = st.builds(
    CardState,
    state=st.sampled_from([State.Learning, State.Review, State.Review, State.Relearning]).map(int),
    step=st.one_of(st.none(), st.integers(0, 3)),
    stability=st.floats(0.001, 36500),
    difficulty=st.floats(1, 10),
    due=st.just(T0),
    last_review=st.one_of(
        st.none(), st.floats(-2, 3650).map(lambda d: T0 - datetime.timedelta(days=d))
    ),
)
"""Card states as the store keeps them; last reviews mostly before ``T0``, some after."""


@given(
    before=st.one_of(st.none(), _STATES),
    later=st.floats(0, 400).map(lambda d: datetime.timedelta(days=d)),
    retention=st.floats(0.7, 0.99),
)
@settings(max_examples=400)
def test_preview_is_what_fsrs_review_card_gives(
    before: CardState | None, later: datetime.timedelta, retention: float
) -> None:
    """Each button's interval, however it is computed, is fsrs's own for that rating."""
    if before is not None and before.state != State.Review and before.step is None:
        before = msgspec.structs.replace(before, step=0)
    now = T0 + later
    reference = Scheduler(desired_retention=retention, enable_fuzzing=False)
    card = _to_fsrs(before, now)
    expected = {r: reference.review_card(card, Rating(r), now)[0].due - now for r in range(1, 5)}
    assert Schedule(retention).preview(before, now) == expected


@given(
    before=_STATES.filter(lambda s: s.state == State.Review and s.last_review is not None),
    later=st.floats(1, 400).map(lambda d: datetime.timedelta(days=d)),
    rating=st.sampled_from([AGAIN, HARD, GOOD, EASY]),
    retention=st.floats(0.7, 0.99),
    fuzz=st.booleans(),
    seed=st.integers(0, 2**32),
)
@settings(max_examples=400)
def test_a_grade_is_what_fsrs_review_card_gives(
    before: CardState,
    later: datetime.timedelta,
    rating: int,
    retention: float,
    fuzz: bool,
    seed: int,
) -> None:
    """A card in review graded a day or more after its last review takes a path of its own
    (fsrs's formulas, not ``review_card``): the state, fuzz included, is fsrs's."""
    assert before.last_review is not None
    now = before.last_review + later
    reference = Scheduler(desired_retention=retention, enable_fuzzing=fuzz)
    random.seed(seed)  # fsrs fuzzes with the random module's generator
    card, _log = reference.review_card(_to_fsrs(before, now), Rating(rating), now)
    random.seed(seed)
    after = Schedule(retention, fuzz).review(before, rating, now)
    assert after == CardState(
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=now,
        reps=before.reps,
        lapses=before.lapses,
    )


@given(
    memories=st.lists(
        st.tuples(
            st.one_of(st.none(), st.floats(0.001, 36500)),
            st.one_of(st.none(), st.floats(-400, 400).map(lambda d: T0.timestamp() + d * 86400)),
        ),
        max_size=20,
    ),
    retention=st.floats(0.7, 0.99),
)
def test_recall_is_fsrs_own_retrievability(
    memories: list[tuple[float | None, float | None]], retention: float
) -> None:
    """Stats' recall, computed from stored rows, is what fsrs gives for the same card."""
    schedule = Schedule(retention)
    reference = Scheduler(desired_retention=retention)
    rows = [(f"c{i}", stability, last) for i, (stability, last) in enumerate(memories)]
    recall = schedule.recall(rows, T0)
    for card, stability, last in rows:
        fsrs_card = FsrsCard(
            card_id=1,
            state=State.Review,
            stability=stability,
            difficulty=5.0,
            due=T0,
            last_review=None if last is None else datetime.datetime.fromtimestamp(last, UTC),
        )
        assert recall[card] == reference.get_card_retrievability(fsrs_card, T0)


def test_a_store_opened_for_a_film_asks_about_its_cards(isolated: Path, schedule: Schedule) -> None:
    """Nothing to call first: the film's cards are bound at open, a theme's on request."""
    film, store = film_and_store(SECOND, isolated)
    with store:
        assert store.cards == make_cards(film)
        first, second = store.cards[:2]
        store.record(first, AGAIN, T0, schedule.review)
        later = T0 + datetime.timedelta(minutes=5)
        assert store.due_count(later) == 1
        assert store.next_due(later) == (first.id, store.state(first.id))
        assert store.due_count(later, among=[second.id]) == 0
        assert store.next_due(later, among=[second.id]) is None
        assert store.next_due_time(among=[first.id]) == store.next_due_time()


def test_the_log_is_append_only(isolated: Path, schedule: Schedule) -> None:
    film, store = film_and_store(SECOND, isolated)
    store.record(make_cards(film)[0], GOOD, T0, schedule.review)
    for sql in ("UPDATE reviews SET rating = 4", "DELETE FROM reviews"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.conn.execute(sql)
    store.close()


def test_undo_restores_the_state_and_appends_a_record(isolated: Path, schedule: Schedule) -> None:
    film, store = film_and_store(SECOND, isolated)
    card = make_cards(film)[0]
    first = store.record(card, GOOD, T0, schedule.review)
    later = T0 + datetime.timedelta(minutes=10)
    second = store.record(card, GOOD, later, schedule.review)
    assert second.state.state == 2  # graduated to review

    assert store.undo(second.review, later) == card.id
    assert store.state(card.id) == first.state
    assert store.undo(second.review, later) is None, "undone twice"
    assert store.undo(first.review, later) == card.id
    assert store.state(card.id) is None, "back to new"
    assert store.introduced_on(T0.date()) == 0

    # Every review is still in the log; the undos sit beside them.
    assert store.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 2
    assert store.conn.execute("SELECT count(*) FROM undos").fetchone()[0] == 2
    assert store.review_count() == 0
    store.close()


def test_undo_refuses_when_the_card_was_reviewed_since(isolated: Path, schedule: Schedule) -> None:
    film, store = film_and_store(SECOND, isolated)
    card = make_cards(film)[0]
    first = store.record(card, GOOD, T0, schedule.review)
    second = store.record(card, GOOD, T0 + datetime.timedelta(minutes=10), schedule.review)
    assert store.undo(first.review, T0) is None
    assert store.state(card.id) == second.state
    store.close()


def test_a_card_failed_eight_times_is_a_leech(isolated: Path, schedule: Schedule) -> None:
    film, store = film_and_store(SECOND, isolated)
    card = make_cards(film)[0]
    now = T0
    for _ in range(LEECH_LAPSES - 1):
        store.record(card, AGAIN, now, schedule.review)
        now += datetime.timedelta(minutes=1)
    assert store.state(card.id).lapses == LEECH_LAPSES - 1  # type: ignore[union-attr]
    last = store.record(card, AGAIN, now, schedule.review)
    assert last.state.lapses == LEECH_LAPSES
    store.undo(last.review, now)
    assert store.state(card.id).lapses == LEECH_LAPSES - 1  # type: ignore[union-attr]
    store.close()


def test_daily_new_cards_count_the_day_they_were_begun(isolated: Path, schedule: Schedule) -> None:
    film, store = film_and_store(SECOND, isolated)
    cards = make_cards(film)
    for card in cards[:3]:
        store.record(card, GOOD, T0, schedule.review)
    store.record(cards[0], GOOD, T0 + datetime.timedelta(days=1), schedule.review)
    assert store.introduced_on(T0.astimezone().date()) == 3
    assert store.introduced_on((T0 + datetime.timedelta(days=1)).astimezone().date()) == 0
    store.close()


def test_a_corrupt_file_is_moved_aside_with_a_warning(isolated: Path, schedule: Schedule) -> None:
    film, store = film_and_store(SECOND, isolated)
    path = store.path
    store.close()
    path.write_bytes(b"this is not a database" * 200)
    Path(str(path) + "-wal").write_bytes(b"junk")

    film, store = film_and_store(SECOND, isolated)
    with store:
        assert len(store.warnings) == 1
        warning = store.warnings[0]
        aside = [p for p in isolated.iterdir() if ".corrupt-" in p.name and p.suffix == ".sqlite3"]
        assert len(aside) == 1
        assert str(aside[0]) in warning and "moved it aside" in warning
        assert aside[0].read_bytes().startswith(b"this is not a database")
        assert Path(str(aside[0]) + "-wal").exists()
        store.record(make_cards(film)[0], GOOD, T0, schedule.review)
        assert store.review_count() == 1


def test_a_foreign_sqlite_file_is_moved_aside(isolated: Path) -> None:
    path = db_path("lighthouse-keepers-daughter", SECOND)
    isolated.mkdir(parents=True)
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE cards (x)")
    other.commit()
    other.close()
    film, store = film_and_store(SECOND, isolated)
    with store:
        assert store.warnings and "moved it aside" in store.warnings[0]


def test_a_newer_schema_is_an_error_not_a_move(isolated: Path) -> None:
    film, store = film_and_store(SECOND, isolated)
    store.conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    store.close()
    with pytest.raises(HerstudyError, match="newer herstudy"):
        film_and_store(SECOND, isolated)
    assert not [p for p in isolated.iterdir() if ".corrupt-" in p.name]


def test_a_progress_directory_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(HerstudyError) as raised:
        film_and_store(SECOND, blocker / "herstudy")
    assert "cannot create the progress directory" in raised.value.message
    assert "HERSTUDY_HOME" in raised.value.hint and "--no-save" in raised.value.hint


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_directory_is_a_clear_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(HerstudyError) as raised:
            film_and_store(SECOND, locked / "herstudy")
        assert "cannot create the progress directory" in raised.value.message
        assert "--no-save" in raised.value.hint
        with pytest.raises(HerstudyError, match="not writable"):
            film_and_store(SECOND, locked)
    finally:
        locked.chmod(0o700)


def test_no_save_studies_on_a_copy(isolated: Path, schedule: Schedule) -> None:
    film, store = film_and_store(SECOND, isolated)
    cards = make_cards(film)
    store.record(cards[0], GOOD, T0, schedule.review)
    store.close()
    copy = open_store(film, SECOND, T0, save=False)
    with copy:
        assert not copy.saving
        assert copy.review_count() == 1
        copy.record(cards[1], GOOD, T0, schedule.review)
        assert copy.review_count() == 2
    film, store = film_and_store(SECOND, isolated)
    with store:
        assert store.review_count() == 1


def test_no_save_on_a_damaged_file_says_so(isolated: Path) -> None:
    film, store = film_and_store(SECOND, isolated)
    store.close()
    store.path.write_bytes(b"garbage" * 100)
    copy = open_store(film, SECOND, T0, save=False)
    with copy:
        assert copy.review_count() == 0
        assert copy.warnings and "studying without its progress" in copy.warnings[0]
    assert store.path.read_bytes().startswith(b"garbage"), "--no-save moves nothing"


def test_no_save_needs_no_directory(tmp_path: Path, schedule: Schedule) -> None:
    film, _ = film_and_store(SECOND, tmp_path / "ok")
    store = open_store(film, SECOND, T0, save=False, home=Path("/proc/no/such/dir"))
    with store:
        store.record(make_cards(film)[0], GOOD, T0, schedule.review)
        assert store.review_count() == 1


def test_reset_keeps_a_backup(isolated: Path, schedule: Schedule) -> None:
    film, store = film_and_store(SECOND, isolated)
    with store:
        store.record(make_cards(film)[0], GOOD, T0, schedule.review)
    backup = reset_progress(film, SECOND, T0)
    film, store = film_and_store(SECOND, isolated)
    with store:
        assert store.review_count() == 0
        assert store.known() == set()
    assert backup.exists() and ".backup-" in backup.name
    old = sqlite3.connect(backup)
    assert old.execute("SELECT count(*) FROM reviews").fetchone()[0] == 1
    old.close()


def _worker(home: Path, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(SECOND), str(home), str(count)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=subprocess_env(PYTHONPATH=str(ROOT)),
    )


def test_sigkill_mid_review_loses_no_committed_review(isolated: Path) -> None:
    proc = _worker(isolated, 1_000_000)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    committed = [int(proc.stdout.readline()) for _ in range(150)]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    film, store = film_and_store(SECOND, isolated)
    with store:
        assert store.warnings == []
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {r[0] for r in store.conn.execute("SELECT id FROM reviews")}
        assert set(committed) <= ids
        # At most the review in flight is beyond what was printed.
        assert len(ids) - len(committed) <= 1
        # The card states agree with the log: nothing half-written.
        for card, reps in store.conn.execute("SELECT card, reps FROM cards"):
            logged = store.conn.execute(
                "SELECT count(*) FROM live_reviews WHERE card = ?", (card,)
            ).fetchone()[0]
            assert reps == logged


def test_two_processes_reviewing_at_once_lose_nothing(isolated: Path) -> None:
    procs = [_worker(isolated, 200) for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    printed = [int(line) for out in outputs for line in out.split()[1:]]
    assert len(printed) == len(set(printed)) == 400

    film, store = film_and_store(SECOND, isolated)
    with store:
        assert store.review_count() == 400
        # Same 20 cards in both: each card's state was built on every review of it.
        total = store.conn.execute("SELECT sum(reps) FROM cards").fetchone()[0]
        assert total == 400
        for card, reps in store.conn.execute("SELECT card, reps FROM cards"):
            assert reps == 20, card
