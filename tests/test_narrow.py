"""A student at a 40-column terminal reads every screen whole: lines wrap, nothing is cut.

The interactive screens run in a real pseudo-terminal, read back through pyte (a
terminal emulator), so what is checked is what the student would see.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pyte  # type: ignore[import-untyped]
import pytest
from conftest import SECOND
from pty_helpers import Terminal, spawn, transcript
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.load import load_film
from herstudy.quiz import make
from herstudy.render.rich import month_labels

COLUMNS = 40


def _screen(child: Terminal, wait: str) -> str:
    """What the terminal shows once ``wait`` has appeared (everything fed so far)."""
    screen = pyte.Screen(COLUMNS, 60)
    stream = pyte.Stream(screen)
    child.expect(wait)
    stream.feed(transcript(child, raw=True))
    return "\n".join(line.rstrip() for line in screen.display)


def _spawn(home: Path, *args: str) -> Terminal:
    return spawn(*args, "--data", str(SECOND), home=home, size=(60, COLUMNS))


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_review_grade_line_wraps_between_grades(isolated: Path) -> None:
    child = _spawn(isolated, "review")
    try:
        child.expect("show the answer")
        child.send(" ")
        child.expect("4 Easy")
        shown = _screen(child, "q quit")
    finally:
        child.terminate(force=True)
    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= COLUMNS
    for grade in ("1 Again", "2 Hard", "3 Good", "4 Easy", "u undo", "q quit"):
        assert any(grade in line for line in lines), shown  # each whole, on one line


def test_quiz_options_wrap_instead_of_being_cut(isolated: Path) -> None:
    questions = make(load_film(SECOND), 10, kinds=["choice"], seed=5).questions
    longest = max(questions, key=lambda q: max(len(o) for o in q.options))
    number = questions.index(longest) + 1
    assert max(len(o) for o in longest.options) > COLUMNS - 6  # a case that needs wrapping
    child = _spawn(isolated, "quiz", "-n", "10", "--kind", "choice", "--seed", "5", "--no-save")
    try:
        for _ in range(number - 1):
            child.expect("Your answer")
            child.send("1\r")
        child.expect(f"Question {number} of 10")
        shown = _screen(child, re.escape(f"{len(longest.options)}) "))
    finally:
        child.terminate(force=True)
    listing = _words(shown.split("Your answer")[-1])
    for option in longest.options:
        assert _words(option) in listing, shown


def test_stats_tables_become_lists_when_narrow(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(COLUMNS))
    result = runner.invoke(app, ["stats", "--data", str(SECOND), "--format", "rich"])
    assert result.exit_code == 0, result.stderr
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= COLUMNS
    text = _words(result.stdout)
    for theme in load_film(SECOND).themes:
        assert f"{_words(theme.title)} Studied 0/" in text


def test_every_month_of_the_heatmap_is_named() -> None:
    """12 weeks to Sunday 22 November 2026 begin on Monday 31 August: Sep, Oct and Nov."""
    last = datetime.date(2026, 11, 16)
    mondays = [last - datetime.timedelta(weeks=11 - k) for k in range(12)]
    assert month_labels(mondays) == [(0, "Sep"), (4, "Oct"), (8, "Nov")]
    # August's last week at the left edge gives way to September, one week on.
    last = datetime.date(2026, 11, 9)
    mondays = [last - datetime.timedelta(weeks=11 - k) for k in range(12)]
    assert mondays[0] == datetime.date(2026, 8, 24)
    assert month_labels(mondays) == [(1, "Sep"), (5, "Oct"), (9, "Nov")]
