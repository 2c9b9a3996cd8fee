"""The questionary asker, fed keys through prompt_toolkit's pipe input.

Each prompt runs in its own thread inside ``create_app_session(input=pipe,
output=DummyOutput())`` and is joined with a timeout: a prompt that never gets
its Enter would otherwise wait for ever. Keys sent ahead of a prompt wait for it
(prompt_toolkit keeps them as typeahead), so one string can answer several.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from herstudy.interactive.ask import TerminalAsker
from herstudy.quiz.loop import run
from herstudy.quiz.question import FALSE, TRUE, Question

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
CTRL_C = "\x03"
TIMEOUT = 10


def with_keys(keys: str, action: Callable[[], Any]) -> Any:
    """Run ``action`` with ``keys`` typed into its prompts; fail, not hang, if it never returns."""
    result: dict[str, Any] = {}

    def target() -> None:
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            with create_app_session(input=pipe, output=DummyOutput()):
                try:
                    result["value"] = action()
                except BaseException as e:  # handed over to the test thread
                    result["error"] = e

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(TIMEOUT)
    assert not thread.is_alive(), f"the prompt was still waiting after {TIMEOUT}s"
    if "error" in result:
        raise result["error"]
    return result["value"]


def question(kind: str, **fields: Any) -> Question:
    base: dict[str, Any] = {
        "kind": kind,
        "topic": "themes",
        "section": "themes",
        "entry": "duty",
        "key": "themes:duty:test",
        "prompt": "Which of these is a theme?",
        "answer": "Duty",
        "explanation": "Because.",
        "options": ("Isolation", "Signals", "Duty", "Obsolescence"),
    }
    base.update(fields)
    return Question(**base)


CHOICE = question("choice")
TYPED = question("typed", options=(), prompt="Who directed it? (a name)", answer="Maren")
TRUE_FALSE = question("truefalse", options=(TRUE, FALSE), answer=FALSE)
ORDER = question(
    "order",
    options=("C", "A", "D", "B"),
    sequence=("A", "B", "C", "D"),
    answer="A → B → C → D",
)


@pytest.fixture
def out() -> io.StringIO:
    return io.StringIO()


def ask(q: Question, keys: str, out: io.StringIO) -> Any:
    return with_keys(keys, lambda: TerminalAsker(out).ask(q, 1, 1))


def test_pick_by_number(out: io.StringIO) -> None:
    assert ask(CHOICE, "3" + ENTER, out) == "Duty"
    assert ask(CHOICE, "4" + ENTER, out) == "Obsolescence"


def test_pick_with_the_arrow_keys(out: io.StringIO) -> None:
    assert ask(CHOICE, DOWN + DOWN + ENTER, out) == "Duty"
    assert ask(CHOICE, UP + ENTER, out) == "Obsolescence"
    assert ask(CHOICE, ENTER, out) == "Isolation"


def test_the_question_is_shown_before_the_prompt(out: io.StringIO) -> None:
    ask(question("choice", passage="What we owe the work."), ENTER, out)
    text = out.getvalue()
    assert "Question 1 of 1" in text and "Which of these is a theme?" in text
    assert "What we owe the work." in text


def test_true_or_false(out: io.StringIO) -> None:
    assert ask(TRUE_FALSE, "2" + ENTER, out) == FALSE
    assert ask(TRUE_FALSE, ENTER, out) == TRUE


def test_typed_answer(out: io.StringIO) -> None:
    assert ask(TYPED, "Marén Oyelaran" + ENTER, out) == "Marén Oyelaran"
    assert ask(TYPED, ENTER, out) == ""


def test_order_picks_first_then_next_keeping_the_numbers_shown(out: io.StringIO) -> None:
    # Shown: 1 C, 2 A, 3 D, 4 B. Film order A B C D is 2, 4, 1, 3; D comes last by itself.
    assert ask(ORDER, "2" + ENTER + "4" + ENTER + "1" + ENTER, out) == ("A", "B", "C", "D")
    assert "4th: D" in out.getvalue()


def test_order_with_the_arrow_keys(out: io.StringIO) -> None:
    # Enter on each first item left: C, then A, then D, leaving B.
    assert ask(ORDER, ENTER * 3, out) == ("C", "A", "D", "B")
    assert ask(ORDER, DOWN + ENTER + DOWN + DOWN + ENTER + ENTER, out) == ("A", "B", "C", "D")


@pytest.mark.parametrize("q", [CHOICE, TYPED, TRUE_FALSE, ORDER], ids=lambda q: q.kind)
def test_ctrl_c_stops_any_prompt(q: Question, out: io.StringIO) -> None:
    with pytest.raises(KeyboardInterrupt):
        ask(q, CTRL_C, out)


def test_a_whole_quiz_through_the_prompts(out: io.StringIO) -> None:
    quiz = [CHOICE, TYPED, ORDER, TRUE_FALSE]
    keys = "3" + ENTER + "maren" + ENTER + ("2" + ENTER + "4" + ENTER + "1" + ENTER) + "1" + ENTER
    heard: list[bool] = []
    outcome = with_keys(keys, lambda: run(quiz, TerminalAsker(out), lambda q, ok: heard.append(ok)))
    assert heard == [True, True, True, False]
    assert outcome.right == 3 and not outcome.interrupted
    text = out.getvalue()
    assert text.count("✓ Right") == 3 and text.count("✗ Not quite") == 1
    assert "Question 4 of 4" in text and "Because." in text


def test_ctrl_c_halfway_keeps_the_answers(out: io.StringIO) -> None:
    quiz = [CHOICE, TYPED, ORDER]
    keys = "1" + ENTER + "maren" + ENTER + CTRL_C
    outcome = with_keys(keys, lambda: run(quiz, TerminalAsker(out)))
    assert outcome.interrupted and [a.correct for a in outcome.answers] == [False, True]
