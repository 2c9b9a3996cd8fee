"""``herstudy review``: the session logic with a scripted screen, then a real terminal."""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest
from conftest import SECOND
from progress_helpers import T0, Clock, Screen, film_and_store, grades
from pty_helpers import Terminal, grade, spawn
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.model import Film
from herstudy.progress import QuizRecorder
from herstudy.progress.cards import Card, make_cards
from herstudy.progress.review import Session, choices, report, run
from herstudy.progress.schedule import Schedule
from herstudy.progress.store import GOOD, Store, db_path


@dataclass(frozen=True)
class Answered:
    """What the quiz tells its recorder: the card an answer counts towards."""

    card: str | None


def session(
    film: Film, store: Store, clock: Clock, *, new: int = 10, cap: int | None = None
) -> Session:
    return Session(store, Schedule(fuzz=False), new_limit=new, cap=cap, clock=clock)


@pytest.fixture
def setup(isolated: Path) -> tuple[Film, Store, Clock]:
    film, store = film_and_store(SECOND, isolated)
    return film, store, Clock()


def test_new_cards_in_order_up_to_the_daily_limit(setup: tuple[Film, Store, Clock]) -> None:
    film, store, clock = setup
    cards = make_cards(film)
    screen = Screen(grades(*[4] * 5))
    summary = run(session(film, store, clock, new=3), screen)
    assert screen.fronts == [c.id for c in cards[:3]]
    assert summary.answered == 3
    assert summary.ratings == {"Easy": 3}
    # The limit is per day: a new session the same day brings no new card...
    screen = Screen(grades(4))
    summary = run(session(film, store, clock, new=3), screen)
    assert screen.fronts == [] and summary.nothing_due
    assert "No new cards left for today" in report(summary, clock())
    # ...and the next day brings three more.
    clock.advance(days=1)
    screen = Screen(grades(4, 4, 4))
    run(session(film, store, clock, new=3), screen)
    assert screen.fronts == [c.id for c in cards[3:6]]


def test_due_cards_first_most_overdue_first(setup: tuple[Film, Store, Clock]) -> None:
    film, store, clock = setup
    cards = make_cards(film)
    schedule = Schedule(fuzz=False)
    # Three cards learnt on different days, so due on different days, all due by day 40.
    for i, card in enumerate(cards[:3]):
        store.record(card, 4, T0 + datetime.timedelta(days=2 - i), schedule.review)
    clock.advance(days=40)
    screen = Screen(grades(3, 3, 3, 3))
    run(session(film, store, clock, new=1), screen)
    assert screen.fronts[:4] == [cards[2].id, cards[1].id, cards[0].id, cards[3].id]


def test_cards_come_back_on_schedule_over_several_days(setup: tuple[Film, Store, Clock]) -> None:
    """Each day, exactly the cards fsrs made due are shown, and no others."""
    film, store, clock = setup
    cards = make_cards(film)
    ids = {c.id for c in cards}
    seen_on: dict[int, list[str]] = {}
    for day in range(30):
        clock.now = T0 + datetime.timedelta(days=day)
        due_before = {
            card
            for card, due in store.conn.execute("SELECT card, due FROM cards")
            if due <= clock.now.timestamp()
        }
        screen = Screen(grades(*[3] * 200))
        run(session(film, store, clock, new=2), screen)
        seen_on[day] = screen.fronts
        shown = set(screen.fronts)
        assert due_before <= shown <= ids
        # Nothing is left due once the session is over (learning steps are learnt ahead).
        assert store.next_due(clock.now) is None
    assert seen_on[0][:2] == [cards[0].id, cards[1].id]
    # Good, Good graduates a new card for a few days; it is not shown again the next day.
    assert cards[0].id not in seen_on[1]
    came_back = [d for d in range(1, 30) if cards[0].id in seen_on[d]]
    assert came_back, "a learnt card comes back"
    gaps = [b - a for a, b in zip([0, *came_back][:-1], came_back, strict=True)]
    assert all(g > 1 for g in gaps), "never on the day after it was learnt"
    assert gaps[-1] >= gaps[0], "and the intervals grow"


def test_cap_stops_the_session(setup: tuple[Film, Store, Clock]) -> None:
    film, store, clock = setup
    screen = Screen(grades(3, 3, 3, 3))
    summary = run(session(film, store, clock, cap=2), screen)
    assert summary.answered == 2 and len(screen.fronts) == 2


def test_grade_line_shows_each_interval(setup: tuple[Film, Store, Clock]) -> None:
    film, store, clock = setup
    screen = Screen(grades(3))
    run(session(film, store, clock, cap=1), screen)
    assert "1 Again · 1m   2 Hard · 6m   3 Good · 10m   4 Easy · 8d" in screen.prompts[1]
    assert screen.said == ["Good · next in 10m"]
    assert choices(
        {
            1: datetime.timedelta(days=400),
            2: datetime.timedelta(days=45),
            3: datetime.timedelta(hours=5),
            4: datetime.timedelta(seconds=5),
        }
    ) == ("1 Again · 1.1y   2 Hard · 1.5mo   3 Good · 5h   4 Easy · <1m    u undo · q quit")


def test_undo_shows_the_card_again_and_keeps_the_log(setup: tuple[Film, Store, Clock]) -> None:
    film, store, clock = setup
    cards = make_cards(film)
    # Grade two; undo at the third card's front; grade the second again as Easy.
    screen = Screen([*grades(3, 1), "u", *grades(4)])
    summary = run(session(film, store, clock), screen)
    assert screen.fronts == [cards[0].id, cards[1].id, cards[2].id, cards[1].id, cards[2].id]
    assert "Undone." in screen.said
    assert summary.answered == 2
    assert summary.ratings == {"Good": 1, "Easy": 1}
    assert store.state(cards[1].id).lapses == 0  # type: ignore[union-attr]
    assert store.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 3
    assert store.review_count() == 2


@pytest.mark.parametrize("undos", [1, 2, 3])
@pytest.mark.parametrize("where", ["front", "back"])
def test_undos_in_a_row_lose_no_card(
    setup: tuple[Film, Store, Clock], undos: int, where: str
) -> None:
    """Space 3 ×3, then u ×``undos``, then grade on: every card is graded exactly once.

    Each undo after the first comes while an undone card is on screen; that card
    must come back too (it once stayed 'known' and was skipped for the session).
    """
    film, store, clock = setup
    cards = [c.id for c in make_cards(film)][:5]
    undo = ["u"] if where == "front" else ["space", "u"]
    screen = Screen([*grades(3, 3, 3), *undo * undos, *grades(*[3] * (undos + 2))])
    summary = run(session(film, store, clock, new=5), screen)
    graded = [card for (card,) in store.conn.execute("SELECT card FROM reviews ORDER BY id")]
    assert sorted(set(graded)) == sorted(cards)
    assert summary.answered == 5 and store.review_count() == 5
    assert screen.said.count("Undone.") == undos
    # The last undone card comes first, then the one it displaced from the screen.
    assert screen.fronts[3 + undos] == cards[3 - undos]


class HeaderScreen(Screen):
    def __init__(self, keys: list[str]) -> None:
        super().__init__(keys)
        self.headers: list[str] = []

    def front(self, card: Card, number: int, left: str) -> None:
        super().front(card, number, left)
        self.headers.append(left)


def test_a_quiz_neither_uses_up_new_cards_nor_hides_what_review_shows(
    setup: tuple[Film, Store, Clock],
) -> None:
    """Answers in a quiz schedule their cards, but the day's new cards stay for review;
    the header counts the quiz's learning cards that review shows early."""
    film, store, clock = setup
    cards = make_cards(film)
    recorder = QuizRecorder(store, Schedule(fuzz=False), clock)
    for card in cards[:3]:
        recorder(Answered(card.id), True)  # Good: learning, due in 10 minutes
    assert store.introduced_on(clock().date()) == 0
    screen = HeaderScreen(grades(*[3] * 5))
    run(session(film, store, clock, new=2), screen)
    assert screen.fronts[:2] == [cards[3].id, cards[4].id]  # the day's new cards
    assert set(screen.fronts[2:5]) == {c.id for c in cards[:3]}  # then learn-ahead
    assert screen.headers[0] == "0 due · 2 new · 3 learning"
    assert screen.headers[2] == "0 due · 0 new · 5 learning"  # the two new ones too


def test_undo_with_nothing_to_undo(setup: tuple[Film, Store, Clock]) -> None:
    film, store, clock = setup
    screen = Screen(["u"])
    run(session(film, store, clock), screen)
    assert screen.said == ["Nothing to undo in this session."]


def test_nothing_due_says_when_the_next_card_is(setup: tuple[Film, Store, Clock]) -> None:
    film, store, clock = setup
    store.record(make_cards(film)[0], 4, T0, Schedule(fuzz=False).review)
    screen = Screen()
    summary = run(session(film, store, clock, new=0), screen)
    assert summary.nothing_due and screen.fronts == []
    text = report(summary, clock())
    assert text.startswith("Nothing to review now.")
    assert "Next card due in 8d" in text


def test_another_process_beginning_a_card_is_noticed(setup: tuple[Film, Store, Clock]) -> None:
    film, store, clock = setup
    cards = make_cards(film)
    s = session(film, store, clock)
    other = film_and_store(SECOND, store.path.parent)[1]
    other.record(cards[0], GOOD, T0, Schedule(fuzz=False).review)
    other.close()
    first = s.next_card()
    assert first is not None and first.id == cards[1].id


def test_review_without_a_terminal_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["review", "--data", str(SECOND)])
    assert result.exit_code == 2
    assert "review needs a terminal" in result.stderr
    assert result.stdout == ""


def _spawn(home: Path, *args: str) -> Terminal:
    return spawn("review", "--data", str(SECOND), *args, home=home)


def _quit(child: Terminal, said: str) -> None:
    child.expect("show the answer")
    child.send("q")
    child.expect_exact(said)
    child.expect(pexpect.EOF)
    child.close()


def test_review_in_a_real_terminal_records_three_grades(isolated: Path) -> None:
    child = _spawn(isolated)
    for rating in ("3", "1", "4"):
        grade(child, rating)
    _quit(child, "Reviewed 3 cards: 1 Again, 1 Good, 1 Easy.")
    assert child.exitstatus == 0

    db = sqlite3.connect(db_path("lighthouse-keepers-daughter", SECOND, isolated))
    rows = db.execute("SELECT rating, source FROM reviews ORDER BY id").fetchall()
    db.close()
    assert rows == [(3, "review"), (1, "review"), (4, "review")]


def test_review_with_no_save_records_nothing(isolated: Path) -> None:
    child = _spawn(isolated, "--no-save")
    grade(child, reveal="\r")
    _quit(child, "Nothing was saved")
    assert child.exitstatus == 0
    assert not isolated.exists() or not list(isolated.iterdir())


def test_ctrl_c_keeps_the_grades_already_given(isolated: Path) -> None:
    child = _spawn(isolated)
    grade(child)
    grade(child, rating="\x03")  # Ctrl-C at the grade
    child.expect_exact("Reviewed 1 card: 1 Good.")  # the summary q gives, also on Ctrl-C
    child.expect("Next card due")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    film, store = film_and_store(SECOND, isolated)
    with store:
        assert store.review_count() == 1


@pytest.mark.parametrize("undos", [1, 2, 3])
def test_undos_in_a_row_in_a_real_terminal_lose_no_card(isolated: Path, undos: int) -> None:
    """Space 3 ×3, u ×undos, then grade on: the first 3 + 1 cards each graded once."""
    child = _spawn(isolated)
    for _ in range(3):
        grade(child)
    for _ in range(undos):
        child.expect("show the answer")
        child.send("u")
        child.expect("Undone.")
    for _ in range(undos + 1):
        grade(child)
    _quit(child, "Reviewed 4 cards: 4 Good.")
    assert child.exitstatus == 0
    film, store = film_and_store(SECOND, isolated)
    with store:
        live = [card for (card,) in store.conn.execute("SELECT card FROM live_reviews")]
        assert sorted(live) == sorted(c.id for c in store.cards[:4])
