"""``herstudy study [THEME]``: a guided session of about ten minutes on one theme.

Read the theme with its symbols, beats and quotes; answer a few questions on
exactly that theme; review the theme's due cards; see what was learned and what
comes next. Answers are recorded like any quiz or review.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from herstudy import interactive
from herstudy.doc import Bullets, Fields, Line, Paragraph, Styled, View
from herstudy.errors import INTERRUPTED, HerstudyError, usage_error
from herstudy.essay import on_theme as essay_on
from herstudy.interactive.notes import NotesFile
from herstudy.model import Film, Theme
from herstudy.model import Question as EssayPrompt
from herstudy.progress.cards import Card, make_cards
from herstudy.progress.store import Store
from herstudy.quiz.generate import generate
from herstudy.quiz.question import Question
from herstudy.views import themes

QUESTIONS = 4
CARDS = 10
NEW_CARDS = 5


def on_theme(film: Film, theme: Theme) -> Callable[[Question], bool]:
    """Whether a quiz question bears on the theme and, answered, moves its mastery (has a card)."""
    return lambda question: theme.id in question.themes and question.card is not None


def theme_cards(film: Film, theme: Theme) -> tuple[Card, ...]:
    return tuple(c for c in make_cards(film) if theme.id in c.themes)


def least_mastered(film: Film, store: Store, now: datetime.datetime) -> Theme:
    """The theme whose cards the student is least likely to recall now (file order breaks ties)."""
    from herstudy.progress.schedule import Schedule
    from herstudy.progress.stats import compute

    mastery = {m.id: m.mastery for m in compute(store, film, Schedule(), now).themes}
    if not film.themes:
        raise usage_error("This film has no themes to study.")
    return min(film.themes, key=lambda t: mastery.get(t.id, 0.0))


@dataclass
class Learned:
    theme: Theme
    asked: int = 0
    right: int = 0
    reviewed: int = 0
    before: float = 0.0
    after: float = 0.0
    next_due: datetime.datetime | None = None
    essay: EssayPrompt | None = None
    """An essay prompt on the theme, the session's last step; None if the film has none."""


def _mastery(film: Film, store: Store, theme: Theme, now: datetime.datetime) -> float:
    from herstudy.progress.schedule import Schedule
    from herstudy.progress.stats import compute

    for m in compute(store, film, Schedule(), now).themes:
        if m.id == theme.id:
            return m.mastery
    return 0.0


def ending(learned: Learned, now: datetime.datetime) -> View:
    """What the session taught and what comes next."""
    from herstudy.progress.schedule import format_interval

    t = learned.theme
    rows: list[tuple[str, Line]] = [
        ("Theme", (Styled(t.title, "strong"),)),
        ("Quiz", (f"{learned.right} of {learned.asked} right",)),
        ("Cards reviewed", (str(learned.reviewed),)),
        ("Mastery", (f"{learned.before:.0%} → {learned.after:.0%}",)),
    ]
    if learned.next_due is not None:
        wait = learned.next_due - now
        when = "now" if wait.total_seconds() <= 0 else f"in {format_interval(wait)}"
        rows.append(("Next card due", (when,)))
    essay: tuple[Line, ...] = ()
    if learned.essay is not None:
        rows.append(("Essay prompt", (learned.essay.question,)))
        essay = (("Write on it: herstudy essay ", Styled(learned.essay.id, "id")),)
    return View(
        "What you studied",
        (
            Paragraph((t.summary,), "lead"),
            Fields(tuple(rows)),
            Bullets(
                (
                    ("Read it again: herstudy themes ", Styled(t.id, "id")),
                    *essay,
                    ("Tomorrow: herstudy review",),
                    ("Your progress: herstudy stats",),
                ),
                title="Next",
            ),
        ),
    )


def require_terminal() -> None:
    interactive.require_terminal(
        "study is a guided session at a terminal, and there is none here.",
        hint="Without one: herstudy themes NAME, herstudy quiz --print",
    )


def study(
    film: Film,
    store: Store,
    theme: Theme | None,
    notes: Path | None = None,
    *,
    questions: int = QUESTIONS,
    cards: int = CARDS,
    clock: Callable[[], datetime.datetime] | None = None,
) -> None:
    """Run the guided session at the terminal. Ctrl-C ends it with what was done so far."""
    require_terminal()
    from herstudy.interactive.ask import TerminalAsker
    from herstudy.interactive.review import TerminalScreen
    from herstudy.progress import QuizRecorder
    from herstudy.progress.clock import now_utc
    from herstudy.progress.review import Session
    from herstudy.progress.review import run as review
    from herstudy.progress.schedule import Schedule
    from herstudy.quiz.loop import run as ask
    from herstudy.quiz.loop import summary
    from herstudy.render import Format, emit

    now = clock or now_utc
    chosen = theme or least_mastered(film, store, now())
    learned = Learned(chosen, before=_mastery(film, store, chosen, now()))
    learned.essay = essay_on(film, chosen)
    notebook = NotesFile(notes, f"studying {chosen.title}") if notes else None
    interrupted = False
    try:
        # 1. Read.
        emit(themes.theme(film, chosen), Format.rich)
        if notebook:
            prompt = f"In your own words, what does {film.film.title} say about this?"
            print(f"\n{prompt}")
            notebook.add(chosen.title, prompt, input("(your thoughts, then Enter) › "))
        # 2. Questions on exactly this theme.
        picked = generate(film, questions, where=on_theme(film, chosen))
        if picked:
            input(f"\nNext: {len(picked)} questions on this theme. Enter to start › ")
            recorder = QuizRecorder(store, Schedule(), now)
            outcome = ask(picked, TerminalAsker(), recorder)
            learned.asked, learned.right = len(outcome.answers), outcome.right
            emit(summary(outcome, chosen.title), Format.rich)
            if outcome.interrupted:
                raise KeyboardInterrupt
        # 3. The theme's due cards (and a few new ones).
        session = Session(
            store,
            Schedule(),
            cards=theme_cards(film, chosen),
            new_limit=NEW_CARDS,
            cap=cards,
            clock=now,
        )
        if session.next_card() is not None:
            input("\nNext: flashcards on this theme. Enter to start › ")
            ended = review(session, TerminalScreen())
            learned.reviewed = session.answered  # after Ctrl-C too: those grades count
            if ended.interrupted:
                raise KeyboardInterrupt
    except (KeyboardInterrupt, EOFError):
        interrupted = True
    finally:
        learned.after = _mastery(film, store, chosen, now())
        learned.next_due = store.next_due_time()
    print()
    emit(ending(learned, now()), Format.rich)
    if notebook and notebook.written:
        print(f"Notes saved to {notes}", file=sys.stderr)
    if interrupted:
        raise HerstudyError("study session stopped", code=INTERRUPTED)
