"""``herstudy study [THEME]``: read a theme, answer questions on exactly it, review its cards.

The pure parts first (which questions count as on the theme, which theme is
least mastered, the ending), then whole sessions in a real pseudo-terminal.
The session's questions are random (no seed), so the terminal tests answer
whatever is asked, reading its kind from the screen, and check afterwards in
the progress file what was asked: every quiz answer is a review of the card
of the entry the question was about, and those must all be the theme's cards.
"""

from __future__ import annotations

import datetime
import random
import re
import sqlite3
from pathlib import Path

import pexpect
import pty_helpers
import pytest
from conftest import DATA, FILMS, SECOND
from progress_helpers import T0, film_and_store
from pty_helpers import WIDE, Terminal, grade, transcript
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.interactive.study import (
    QUESTIONS,
    Learned,
    ending,
    least_mastered,
    on_theme,
    theme_cards,
)
from herstudy.load import load_film
from herstudy.progress.cards import make_cards
from herstudy.progress.schedule import Schedule
from herstudy.progress.store import GOOD, db_path
from herstudy.quiz.generate import all_questions, generate
from herstudy.quiz.loop import KIND_LABELS
from herstudy.render import Format, render_text

# --- which questions are on the theme -----------------------------------------------------


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.stem)
def test_on_theme_keeps_exactly_the_questions_on_the_theme_with_a_card(path: Path) -> None:
    film = load_film(path)
    pool = all_questions(film, random.Random(0))
    for theme in film.themes:
        about = on_theme(film, theme)
        kept = [q for q in pool if about(q)]
        assert kept and len(kept) < len(pool), theme.id
        for q in pool:
            assert about(q) == (theme.id in q.themes and q.card is not None), (theme.id, q.key)
        # The film's own facts (director, year…) belong to no theme.
        assert not any(q.card and q.card.startswith("facts:") for q in kept)


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.stem)
def test_a_study_quiz_asks_only_about_its_theme_whatever_the_seed(path: Path) -> None:
    """What ``study`` asks: ``generate(film, QUESTIONS, where=on_theme(...))``, over many seeds."""
    film = load_film(path)
    for theme in film.themes:
        cards = {c.id for c in theme_cards(film, theme)}
        for seed in range(15):
            picked = generate(film, QUESTIONS, seed=seed, where=on_theme(film, theme))
            assert picked, (theme.id, seed)
            assert len({q.key for q in picked}) == len(picked)
            for q in picked:
                # ...and its answer is recorded against one of the theme's own cards,
                # so a study session's quiz moves that theme's mastery.
                assert q.card in cards, (theme.id, q.key)
            if path == DATA:
                # Every theme of Her gives a full session.
                assert len(picked) == QUESTIONS, (theme.id, seed)


def test_theme_cards_are_the_cards_of_the_theme() -> None:
    film = load_film(SECOND)
    for theme in film.themes:
        cards = theme_cards(film, theme)
        assert cards and all(theme.id in c.themes for c in cards)
    assert sum(len(theme_cards(film, t)) for t in film.themes) > len(
        [c for c in make_cards(film) if c.themes]
    ), "cards shared by two themes count for both"


# --- which theme, without one named --------------------------------------------------------


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.stem)
def test_nothing_studied_yet_starts_with_the_first_theme(path: Path, isolated: Path) -> None:
    film, store = film_and_store(path, isolated)
    with store:
        assert least_mastered(film, store, T0) == film.themes[0]


def test_a_theme_just_reviewed_is_not_the_least_mastered(isolated: Path) -> None:
    film, store = film_and_store(SECOND, isolated)
    duty = film.theme_by_id["duty"]
    schedule = Schedule(fuzz=False)
    with store:
        for card in theme_cards(film, duty):
            store.record(card, GOOD, T0, schedule.review)
        chosen = least_mastered(film, store, T0)
    assert chosen != duty


@pytest.mark.parametrize("theme_id", ["duty", "isolation", "signals", "obsolescence"])
def test_the_one_theme_left_unstudied_is_chosen(theme_id: str, isolated: Path) -> None:
    """Every card outside the theme reviewed Good: that theme is chosen, wherever it is."""
    film, store = film_and_store(SECOND, isolated)
    schedule = Schedule(fuzz=False)
    with store:
        for card in make_cards(film):
            if theme_id not in card.themes:
                store.record(card, GOOD, T0, schedule.review)
        assert least_mastered(film, store, T0).id == theme_id


def test_a_theme_studied_long_ago_is_less_mastered_than_one_studied_today(isolated: Path) -> None:
    """Mastery is the chance of recall now, so forgetting counts, not just having studied."""
    film, store = film_and_store(SECOND, isolated)
    schedule = Schedule(fuzz=False)
    later = T0 + datetime.timedelta(days=120)
    with store:
        for card in make_cards(film):
            store.record(card, GOOD, T0, schedule.review)
        for card in make_cards(film):
            if "obsolescence" not in card.themes:
                store.record(card, GOOD, later, schedule.review)
        assert least_mastered(film, store, later).id == "obsolescence"


# --- the ending ---------------------------------------------------------------------------


def test_the_ending_says_what_was_learned_and_what_comes_next() -> None:
    film = load_film(SECOND)
    theme = film.theme_by_id["signals"]
    learned = Learned(
        theme,
        asked=4,
        right=3,
        reviewed=2,
        before=0.0,
        after=0.42,
        next_due=T0 + datetime.timedelta(minutes=10),
    )
    text = render_text(ending(learned, T0), Format.plain)
    assert text.startswith("What you studied")
    assert theme.summary in text
    for row in ("Signals across distance", "3 of 4 right", "0% → 42%", "Next card due"):
        assert row in text, row
    assert re.search(r"Cards reviewed:?\s+2", text)
    assert "in 10m" in text
    assert "herstudy themes signals" in text and "herstudy review" in text
    overdue = Learned(theme, next_due=T0 - datetime.timedelta(days=1))
    assert re.search(r"Next card due:?\s+now", render_text(ending(overdue, T0), Format.plain))
    assert "Next card due" not in render_text(ending(Learned(theme), T0), Format.plain)


# --- the command line, without a terminal -------------------------------------------------


def test_study_without_a_terminal_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["study", "signals", "--data", str(SECOND)])
    assert result.exit_code == 2
    assert "study is a guided session at a terminal" in result.stderr
    assert "herstudy quiz --print" in result.stderr
    assert result.stdout == ""


def test_study_without_a_terminal_creates_no_progress_file(
    runner: CliRunner, isolated: Path
) -> None:
    result = runner.invoke(app, ["study", "signals", "--data", str(SECOND)])
    assert result.exit_code == 2
    assert not db_path("lighthouse-keepers-daughter", SECOND, isolated).exists()


def test_study_an_unknown_theme(runner: CliRunner) -> None:
    result = runner.invoke(app, ["study", "weather", "--data", str(SECOND)])
    assert result.exit_code == 2
    assert "No theme 'weather'" in result.stderr
    assert "duty, isolation, signals, obsolescence" in result.stderr


# --- a whole session in a real terminal ---------------------------------------------------


def spawn(cwd: Path, home: Path, *args: str) -> Terminal:
    return pty_helpers.spawn("study", *args, "--data", str(SECOND), home=home, cwd=cwd, size=WIDE)


KINDS = "|".join(re.escape(label) for label in KIND_LABELS.values())


def answer_any(child: Terminal, number: int, total: int) -> bool:
    """Answer question ``number`` with the first option (or a guess); whether it was right."""
    child.expect(f"Question {number} of {total}")
    child.expect(f"· ({KINDS})")
    kind = child.match.group(1)
    if kind == KIND_LABELS["order"]:
        for ordinal in ("1st", "2nd", "3rd"):
            child.expect(ordinal)
            child.send("\r")
    elif kind == KIND_LABELS["typed"]:
        child.expect("Your answer")
        child.send("no idea\r")
    else:
        child.expect("Your answer")
        child.send("\r")
    verdict: int = child.expect(["✓ Right", "✗ Not quite"])
    return verdict == 0


def reviews(home: Path) -> list[tuple[str, int, str]]:
    db = sqlite3.connect(db_path("lighthouse-keepers-daughter", SECOND, home))
    try:
        rows = db.execute("SELECT card, rating, source FROM live_reviews ORDER BY id").fetchall()
    finally:
        db.close()
    return [(str(c), int(r), str(s)) for c, r, s in rows]


def test_a_session_on_one_theme(tmp_path: Path, isolated: Path) -> None:
    film = load_film(SECOND)
    signals = film.theme_by_id["signals"]
    ours = {c.id for c in theme_cards(film, signals)}
    child = spawn(tmp_path, isolated, "signals", "--notes", "NOTES.md")
    try:
        # 1. Read, and say something about it.
        child.expect("Signals across distance")
        child.expect(re.escape(signals.summary))
        child.expect("The foghorn")  # its symbol
        child.expect("The storm broadcast")  # a beat that develops it
        child.expect("You and I are looking at the same sea")  # its quote
        child.expect(r"\(your thoughts, then Enter\) › ")
        child.send("A bond made of signals is still a bond.\r")
        # 2. Questions on exactly this theme.
        child.expect(r"Next: (\d+) questions on this theme\. Enter to start › ")
        total = int(child.match.group(1))
        assert total == QUESTIONS
        child.send("\r")
        verdicts = [answer_any(child, n, total) for n in range(1, total + 1)]
        child.expect("Quiz results: Signals across distance")
        # 3. The theme's cards: grade two, then stop.
        child.expect(r"Next: flashcards on this theme\. Enter to start › ")
        child.send("\r")
        grade(child, "3")
        grade(child, "4")
        child.expect("show the answer")
        child.send("q")
        # 4. What was learned.
        child.expect("What you studied")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    end = transcript(child)
    assert child.exitstatus == 0, end
    assert "Traceback" not in end
    end = end.rsplit("What you studied", 1)[1]
    assert re.search(r"Theme\s+Signals across distance", end)
    assert re.search(rf"Quiz\s+{sum(verdicts)} of {total} right", end)
    assert re.search(r"Cards reviewed\s+2\b", end)
    assert re.search(r"Mastery\s+0% → [1-9]\d*%", end), end
    assert re.search(r"Next card due\s+in ", end)
    assert "Notes saved to NOTES.md" in end

    rows = reviews(isolated)
    quiz = [r for r in rows if r[2] == "quiz"]
    review = [r for r in rows if r[2] == "review"]
    assert len(rows) == total + 2
    # Every answer recorded, in order, right as Good and wrong as Again...
    assert [rating for _, rating, _ in quiz] == [3 if right else 1 for right in verdicts]
    # ...each about one of the theme's cards: only this theme's questions were asked.
    assert {card for card, _, _ in quiz} <= ours, quiz
    assert [rating for _, rating, _ in review] == [3, 4]
    assert {card for card, _, _ in review} <= ours, review

    notes = (tmp_path / "NOTES.md").read_text(encoding="utf-8")
    assert re.match(r"## \d{4}-\d\d-\d\d: studying Signals across distance\n", notes)
    assert "\n### Signals across distance\n" in notes
    prompt = "In your own words, what does The Lighthouse Keeper's Daughter say about this?"
    assert f"*{prompt}*" in notes
    assert "A bond made of signals is still a bond." in notes


def test_without_a_theme_the_least_mastered_and_ctrl_c_in_the_quiz(
    tmp_path: Path, isolated: Path
) -> None:
    """A fresh start: every theme at 0%, so the first. Ctrl-C: the ending, then exit 130."""
    child = spawn(tmp_path, isolated)
    try:
        child.expect("Duty and inheritance")
        child.expect(r"Next: (\d+) questions on this theme\. Enter to start › ")
        total = int(child.match.group(1))
        child.send("\r")
        right = answer_any(child, 1, total)
        child.expect(f"Question 2 of {total}")
        child.expect(r"Your answer|1st")
        child.sendintr()
        child.expect("What you studied")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    end = transcript(child)
    assert child.exitstatus == 130, end
    assert "Traceback" not in end and "KeyboardInterrupt" not in end
    assert f"Stopped after 1 of {total} questions." in end
    end = end.rsplit("What you studied", 1)[1]
    assert re.search(r"Theme\s+Duty and inheritance", end)
    assert re.search(rf"Quiz\s+{int(right)} of 1 right", end)
    assert re.search(r"Cards reviewed\s+0\b", end)
    assert "herstudy: study session stopped" in end
    assert "saved to" not in end  # no --notes
    film = load_film(SECOND)
    ours = {c.id for c in theme_cards(film, film.theme_by_id["duty"])}
    rows = reviews(isolated)
    assert [(r[1], r[2]) for r in rows] == [(3 if right else 1, "quiz")]
    assert rows[0][0] in ours


def test_ctrl_c_in_the_flashcards_counts_the_cards_graded(tmp_path: Path, isolated: Path) -> None:
    child = spawn(tmp_path, isolated, "obsolescence")
    try:
        child.expect(r"Next: (\d+) questions on this theme\. Enter to start › ")
        total = int(child.match.group(1))
        child.send("\r")
        for n in range(1, total + 1):
            answer_any(child, n, total)
        child.expect(r"Next: flashcards on this theme\. Enter to start › ")
        child.send("\r")
        grade(child, "4")
        child.expect("show the answer")
        child.sendintr()
        child.expect("What you studied")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    end = transcript(child)
    assert child.exitstatus == 130, end
    assert "Traceback" not in end
    end = end.rsplit("What you studied", 1)[1]
    assert re.search(r"Theme\s+Obsolescence", end)
    assert re.search(r"Cards reviewed\s+1\b", end), end
    assert [r[2] for r in reviews(isolated)] == ["quiz"] * total + ["review"]
