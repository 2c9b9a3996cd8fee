"""The quiz at a terminal: ask a made quiz with the questionary asker, then show the score."""

from __future__ import annotations

from herstudy import interactive
from herstudy.quiz import Quiz
from herstudy.quiz.loop import OnAnswer


def play(quiz: Quiz, on_answer: OnAnswer | None = None) -> None:
    """Ask the quiz at the terminal, then print the summary. Ctrl-C stops it (exit 130)."""
    interactive.require_terminal(
        "herstudy quiz asks its questions at a terminal, and there is none here.",
        hint="To print the quiz with an answer key instead: herstudy quiz --print",
    )
    from herstudy.interactive.ask import TerminalAsker
    from herstudy.quiz.loop import run, summary
    from herstudy.render import emit

    outcome = run(quiz.questions, TerminalAsker(), on_answer)
    emit(summary(outcome, quiz.title, quiz.seed))
    if outcome.interrupted:  # the summary said where it stopped; exit 130
        raise KeyboardInterrupt
