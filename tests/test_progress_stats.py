"""``herstudy stats`` (Markdown and JSON through the CLI), quiz answers as reviews, and imports."""

from __future__ import annotations

import datetime
import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import PYTHON, ROOT, SECOND, subprocess_env
from progress_helpers import UTC, film_and_store
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.progress import quiz_recorder
from herstudy.progress.cards import make_cards
from herstudy.progress.schedule import Schedule
from herstudy.progress.store import AGAIN, EASY, GOOD, LEECH_LAPSES

NOW = datetime.datetime(2030, 3, 20, 12, 0, tzinfo=UTC)  # a Wednesday


def _cards(topic: str | None = None) -> int:
    from herstudy.load import load_film

    return sum(topic in (None, c.topic) for c in make_cards(load_film(SECOND)))


CARDS = _cards()
"""The second film's cards: every test below reviews four of them."""
QUOTE_CARDS = _cards("quotes")


def at(day: int, minute: int = 0) -> datetime.datetime:
    """Noon on 2030-03-<day>, plus minutes."""
    return datetime.datetime(2030, 3, day, 12, minute, tzinfo=UTC)


@pytest.fixture
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC and now is NOW, for the CLI too."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr("herstudy.progress.clock.now_utc", lambda: NOW)
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def history(isolated: Path, utc_clock: None) -> None:
    """Study on 9–12 March (a 4-day run) and 18–20 March (current run of 3)."""
    film, store = film_and_store(SECOND, isolated, NOW)
    cards = make_cards(film)
    a, b, c, d = cards[:4]
    review = Schedule(fuzz=False).review
    with store:
        store.record(b, EASY, at(9), review)  # new → review state, due in 8 days
        store.record(c, EASY, at(10), review)
        for i in range(LEECH_LAPSES):  # d fails 8 times: a leech
            store.record(d, AGAIN, at(11, i), review)
        store.record(a, GOOD, at(12), review)
        store.record(b, GOOD, at(18), review)  # a review of a learnt card, passed
        store.record(c, AGAIN, at(19), review)  # a review of a learnt card, failed
        store.record(a, GOOD, at(20), review)
        undone = store.record(a, EASY, at(20, 5), review)
        assert store.undo(undone.review, at(20, 6))


def stats(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, ["stats", "--data", str(SECOND), *args])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_stats_json(runner: CliRunner, history: None) -> None:
    data = json.loads(stats(runner, "--format", "json"))
    assert list(data) == [
        "film",
        "date",
        "cards",
        "due",
        "reviews",
        "streak",
        "retention",
        "mastery",
        "leeches",
    ]
    assert data["film"] == "lighthouse-keepers-daughter"
    assert data["date"] == "2030-03-20"
    assert data["cards"] == CARDS
    assert list(data["due"]) == ["now", "today", "week", "new", "next"]
    assert data["due"]["new"] == CARDS - 4
    assert data["due"]["now"] >= 2  # the leech and c, in (re)learning steps
    assert data["due"]["now"] <= data["due"]["today"] <= data["due"]["week"] <= 4
    assert data["reviews"]["total"] == 1 + 1 + LEECH_LAPSES + 1 + 1 + 1 + 1  # not the undone
    assert data["reviews"]["today"] == 1
    days = data["reviews"]["days"]
    assert days[0] == {"date": "2029-12-31", "count": 0}  # the Monday 11 weeks before
    assert days[-1] == {"date": "2030-03-20", "count": 1}
    assert {d["date"]: d["count"] for d in days if d["count"]} == {
        "2030-03-09": 1,
        "2030-03-10": 1,
        "2030-03-11": LEECH_LAPSES,
        "2030-03-12": 1,
        "2030-03-18": 1,
        "2030-03-19": 1,
        "2030-03-20": 1,
    }
    assert data["streak"] == {"current": 3, "longest": 4}
    assert data["retention"] == {"days": 30, "reviews": 2, "passed": 1, "rate": 0.5}
    topics = {m["id"]: m for m in data["mastery"]["topics"]}
    assert topics["facts"]["cards"] == 2 and topics["facts"]["studied"] == 2
    assert 0 < topics["facts"]["mastery"] < 1
    assert topics["quotes"] == {
        "id": "quotes",
        "title": "Quotes",
        "cards": QUOTE_CARDS,
        "studied": 0,
        "mastery": 0,
    }
    assert [m["id"] for m in data["mastery"]["themes"]] == [
        "duty",
        "isolation",
        "signals",
        "obsolescence",
    ]
    leech = make_cards(__import__("herstudy.load").load.load_film(SECOND))[3]
    assert data["leeches"] == [{"card": leech.id, "front": leech.front, "lapses": LEECH_LAPSES}]


def test_stats_markdown(runner: CliRunner, history: None) -> None:
    out = stats(runner)
    assert out.startswith("# Study progress: The Lighthouse Keeper's Daughter\n\n2030-03-20\n")
    assert f"- **New:** {CARDS - 4} of {CARDS} cards not studied yet\n" in out
    assert "| Week of | Mon | Tue | Wed | Thu | Fri | Sat | Sun | Total |\n" in out
    assert "| 2030-03-09 |" not in out  # weeks start on Mondays
    assert "| 2030-03-04 |   |   |   |   |   | 1 | 1 | 2 |\n" in out
    assert "| 2030-03-11 | 8 | 1 |   |   |   |   |   | 9 |\n" in out
    assert "| 2030-03-18 | 1 | 1 | 1 |   |   |   |   | 3 |\n" in out
    assert "- **Current streak:** 3 days\n- **Longest streak:** 4 days\n" in out
    assert "- **Retention, 30 days:** 50% (1 of 2 reviews of learned cards passed)\n" in out
    assert f"| Quotes | 0/{QUOTE_CARDS} | 0% | ░░░░░░░░░░ |\n" in out
    assert "## Leeches\n\n- `characters:ines:actor`" in out
    assert "(failed 8 times)" in out


def test_stats_with_no_progress_yet_creates_no_file(
    runner: CliRunner, isolated: Path, utc_clock: None
) -> None:
    data = json.loads(stats(runner, "-f", "json"))
    assert data["due"] == {"now": 0, "today": 0, "week": 0, "new": CARDS, "next": None}
    assert data["streak"] == {"current": 0, "longest": 0}
    assert data["retention"]["rate"] is None
    assert data["leeches"] == []
    assert not isolated.exists() or not list(isolated.iterdir())
    assert "Next due:** nothing studied yet" in stats(runner)


def test_stats_rich_draws_a_heatmap(runner: CliRunner, history: None) -> None:
    out = stats(runner, "--format", "rich")
    assert "Mon " in out and "less · ░ ▒ ▓ █ more" in out
    assert "█" in out  # the busiest day


def test_a_corrupt_file_is_reported_on_stderr(
    runner: CliRunner, isolated: Path, utc_clock: None
) -> None:
    film, store = film_and_store(SECOND, isolated, NOW)
    path = store.path
    store.close()
    path.write_bytes(b"\0garbage" * 100)
    result = runner.invoke(app, ["stats", "--data", str(SECOND), "-f", "json"])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"herstudy: warning: {path}: could not be read")
    assert "moved it aside to" in result.stderr
    assert json.loads(result.stdout)["reviews"]["total"] == 0


# --- progress reset ---------------------------------------------------------------------------


def test_progress_reset_keeps_a_backup(runner: CliRunner, history: None, isolated: Path) -> None:
    result = runner.invoke(app, ["progress", "reset", "--yes", "--data", str(SECOND)])
    assert result.exit_code == 0, result.stderr
    assert "Progress reset. The old progress is kept in " in result.stderr
    backup = Path(result.stderr.split("kept in ", 1)[1].strip())
    assert backup.exists() and backup.parent == isolated
    assert json.loads(stats(runner, "-f", "json"))["reviews"]["total"] == 0


def test_progress_reset_without_a_terminal_needs_yes(runner: CliRunner, history: None) -> None:
    result = runner.invoke(app, ["progress", "reset", "--data", str(SECOND)])
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert json.loads(stats(runner, "-f", "json"))["reviews"]["total"] > 0


def test_progress_reset_with_nothing_saved(runner: CliRunner) -> None:
    result = runner.invoke(app, ["progress", "reset", "--data", str(SECOND)])
    assert result.exit_code == 0
    assert "nothing to reset" in result.stderr


def test_progress_reset_of_a_file_with_no_review_asks_nothing_and_copies_nothing(
    runner: CliRunner, isolated: Path
) -> None:
    """A file that exists but holds no review (a session quit at the first card, a reset)."""
    assert runner.invoke(app, ["progress", "reset", "--yes", "--data", str(SECOND)]).exit_code == 0
    film, store = film_and_store(SECOND, isolated)
    store.close()
    before = sorted(p.name for p in store.path.parent.iterdir())
    result = runner.invoke(app, ["progress", "reset", "--data", str(SECOND)])  # no --yes, no tty
    assert result.exit_code == 0, result.stderr
    assert "nothing to reset" in result.stderr
    assert sorted(p.name for p in store.path.parent.iterdir()) == before


# --- the quiz counts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    card: str | None


def test_quiz_answers_are_recorded_as_reviews(isolated: Path) -> None:
    from herstudy.load import load_film

    film = load_film(SECOND)
    on_answer = quiz_recorder(film, SECOND, clock=lambda: NOW)
    on_answer(Asked("symbols:lamp:meaning"), True)
    on_answer(Asked("prompt:confession-first"), False)
    on_answer(Asked(f"facts:{film.film.id}:director"), True)
    on_answer(Asked(None), True)  # a question with no card (the order of an arc)
    on_answer(Asked("arc:confession:happens"), True)  # a card the film no longer has
    assert on_answer.recorded == 3
    assert on_answer.warnings == []
    on_answer.close()
    _, store = film_and_store(SECOND, isolated)
    with store:
        rows = store.conn.execute("SELECT card, rating, source FROM reviews ORDER BY id").fetchall()
    assert rows == [
        ("symbols:lamp:meaning", GOOD, "quiz"),
        ("prompt:confession-first", AGAIN, "quiz"),
        (f"facts:{film.film.id}:director", GOOD, "quiz"),
    ]


# --- what the read commands load -------------------------------------------------------------


@pytest.mark.parametrize("command", [["themes"], ["info"], ["--help"]])
def test_read_commands_load_neither_sqlite_nor_fsrs(command: list[str]) -> None:
    code = (
        "import sys, runpy; sys.argv = ['herstudy', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('herstudy', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('LOADED', sorted(m for m in ('sqlite3', 'fsrs') if m in sys.modules), "
        "file=sys.stderr)"
    )
    out = subprocess.run(
        [PYTHON, "-c", code, *command, "--data", str(SECOND)]
        if command != ["--help"]
        else [PYTHON, "-c", code, *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(),
    )
    assert "LOADED []" in out.stderr, out.stderr


def test_a_quiz_at_the_terminal_records_its_answers(isolated: Path) -> None:
    """The whole link: ``herstudy quiz`` in a pseudo-terminal, then the review log."""
    pty = pytest.importorskip("test_quiz_pty")  # the quiz's own pexpect helpers
    import sqlite3

    import pexpect  # type: ignore[import-untyped]

    from herstudy.load import load_film
    from herstudy.progress.store import db_path

    film = load_film(SECOND)
    questions = pty.quiz_questions()
    rights = [i % 2 == 0 for i in range(len(questions))]
    child = pty.spawn(isolated)
    try:
        for number, (q, right) in enumerate(zip(questions, rights, strict=True), 1):
            pty.answer(child, number, q, right)
        child.expect("Quiz results")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0

    expected = []
    for q, right in zip(questions, rights, strict=True):
        if q.card is not None:
            expected.append((q.card, GOOD if right else AGAIN, "quiz"))
    assert expected, "the seeded quiz should touch some cards"
    db = sqlite3.connect(db_path(film.film.id, SECOND, isolated))
    rows = db.execute("SELECT card, rating, source FROM reviews ORDER BY id").fetchall()
    db.close()
    assert rows == expected
