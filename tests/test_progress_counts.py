"""The review header's counts, kept by the session, equal a fresh count at every step."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PYTHON, ROOT, SECOND, subprocess_env
from progress_helpers import Clock, film_and_store

from herstudy.load import load_film
from herstudy.progress import QuizRecorder, review
from herstudy.progress.cards import make_cards
from herstudy.progress.review import Session, _left
from herstudy.progress.schedule import Schedule
from herstudy.progress.store import AGAIN, EASY, GOOD, HARD, Store, open_store

WORKER = Path(__file__).resolve().parent / "progress_worker.py"
SCHEDULE = Schedule(fuzz=False)


def fresh(store: Store, film_path: Path, clock: Clock, cards: tuple[str, ...] | None) -> str:
    """The header a session opened now, on its own connection, would show."""
    film = load_film(film_path)
    other = open_store(film, film_path, clock(), home=store.path.parent)
    try:
        among = None if cards is None else [other.card_by_id[c] for c in cards]
        s = Session(other, SCHEDULE, cards=among, new_limit=1000, clock=clock)
        return _left(s, s.now())
    finally:
        other.close()


def agree(s: Session, film_path: Path, clock: Clock) -> None:
    now = s.now()
    due, counted = s.counts.due(now), s.store.due_count(now, among=s.among)
    assert due == counted or due >= review.DUE_SHOWN <= counted, "a floor only past DUE_SHOWN"
    assert _left(s, now) == fresh(s.store, film_path, clock, s.among)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shown", [999, 2], ids=["exact", "floor"])
@pytest.mark.parametrize("theme", [False, True], ids=["film", "theme"])
@pytest.mark.parametrize("small", [False, True], ids=["", "small-lists"])
def test_kept_counts_follow_grades_undos_time_and_other_writers(
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
    shown: int,
    theme: bool,
    small: bool,
) -> None:
    """``shown``: the header's most; at 2, the due count is mostly a floor, as past 999.
    ``small``: the queue of due cards and the look ahead hold two cards, so they run out,
    and the look ahead is cut short and given up, at almost every step."""
    monkeypatch.setattr(review, "DUE_SHOWN", shown)
    if small:
        monkeypatch.setattr(review, "QUEUE", 2)
        monkeypatch.setattr(review, "UPCOMING", 2)
    rng = random.Random(seed)
    clock = Clock()
    film, store = film_and_store(SECOND, isolated)
    cards = make_cards(film)
    # Some history, so that cards fall due at different moments.
    for i, card in enumerate(cards[::2]):
        store.record(
            card, (GOOD, HARD, AGAIN, EASY)[i % 4], clock.advance(hours=5), SCHEDULE.review
        )
    clock.advance(days=3)
    # A theme's cards, as ``study`` reviews them: the theme with the most.
    biggest = max(film.themes, key=lambda t: sum(t.id in c.themes for c in cards))
    among = [c for c in cards if biggest.id in c.themes] if theme else None
    s = Session(store, SCHEDULE, cards=among, new_limit=1000, clock=clock)
    other = open_store(film, SECOND, clock(), home=isolated)
    with store, other:
        agree(s, SECOND, clock)
        for _ in range(40):
            roll = rng.random()
            card = s.next_card()
            # The session's queue of due cards shows what the file says is most overdue.
            due = s.store.next_due(s.now(), s.among)
            if card is not None and s._shown_again is None and due is not None:
                assert card.id == due.card
            if roll < 0.45 and card is not None:
                s.grade(card, rng.choice((AGAIN, HARD, GOOD, EASY)))
            elif roll < 0.5 and card is not None:  # the clock goes back while a card is shown
                clock.advance(minutes=-90)
                s.grade(card, rng.choice((AGAIN, HARD, GOOD, EASY)))
                clock.advance(minutes=rng.choice((60, 91, 120)))
            elif roll < 0.65:
                s.undo()
            elif roll < 0.75:
                clock.advance(minutes=rng.choice((-30, 1, 10, 60 * 24, 60 * 24 * 9)))
            elif roll < 0.85:  # another connection to the file: another herstudy
                other.record(rng.choice(cards), GOOD, clock(), SCHEDULE.review)
            elif roll < 0.95:  # the same store, but not through the session: a quiz
                QuizRecorder(store, SCHEDULE, clock)(
                    _Answer(rng.choice(cards).id), rng.random() < 0.5
                )
            else:
                clock.advance(seconds=1)
            agree(s, SECOND, clock)


class _Answer:
    def __init__(self, card: str) -> None:
        self.card = card


def test_a_card_another_process_begins_is_counted(isolated: Path) -> None:
    clock = Clock()
    film, store = film_and_store(SECOND, isolated)
    with store:
        s = Session(store, SCHEDULE, new_limit=1000, clock=clock)
        agree(s, SECOND, clock)
        s.grade(s.next_card() or make_cards(film)[0], GOOD)
        before = s.counts.due(s.now())
        # It reviews the first cards at the real time, years before this session's clock:
        # due now, to this session.
        subprocess.run(
            [PYTHON, str(WORKER), str(SECOND), str(isolated), "3"],
            cwd=ROOT,
            env=subprocess_env(),
            check=True,
            capture_output=True,
        )
        assert s.counts.due(s.now()) > before
        agree(s, SECOND, clock)


def test_cards_the_film_no_longer_has_are_not_counted(isolated: Path, tmp_path: Path) -> None:
    """Reviews of a prompt since removed from the film stay in the file, uncounted."""
    path = tmp_path / "film.toml"
    shutil.copyfile(SECOND, path)
    clock = Clock()
    film, store = film_and_store(path, isolated)
    with store:
        for card in make_cards(film):
            store.record(card, AGAIN, clock(), SCHEDULE.review)
    clock.advance(days=1)
    text = path.read_text(encoding="utf-8")
    head, first, *rest = text.split("\n[[prompts]]\n")
    path.write_text("\n[[prompts]]\n".join([head, *rest]), encoding="utf-8")
    shorter, store = film_and_store(path, isolated, clock())
    dropped = {c.id for c in make_cards(film)} - {c.id for c in make_cards(shorter)}
    assert dropped, "the first prompt made a card"
    with store:
        s = Session(store, SCHEDULE, new_limit=1000, clock=clock)
        assert s.counts.due(s.now()) == len(make_cards(shorter))
        agree(s, path, clock)
        while (card := s.next_card()) is not None and s.answered < 5:
            assert card.id not in dropped
            s.grade(card, GOOD)
            agree(s, path, clock)
        count = store.conn.execute(
            "SELECT count(*) FROM cards WHERE due <= ?", (clock().timestamp(),)
        )
        assert count.fetchone()[0] == s.counts.due(s.now()) + len(dropped)
