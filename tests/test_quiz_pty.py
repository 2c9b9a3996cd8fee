"""``herstudy quiz`` in a real pseudo-terminal, driven with pexpect like a student would.

The test knows the right answers: the same seed makes the same quiz in this
process. The terminal is pty_helpers' own; test_progress_stats drives it too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pexpect
import pty_helpers
import pytest
from conftest import SECOND
from pty_helpers import Terminal, plain

from herstudy.load import load_film
from herstudy.quiz import make
from herstudy.quiz.loop import KIND_LABELS
from herstudy.quiz.question import TYPED_KINDS, Question

COUNT = 6
SEED = 1


def spawn(home: Path, *extra: str) -> Terminal:
    args = ["quiz", "-n", str(COUNT), "--seed", str(SEED), "--data", str(SECOND), *extra]
    return pty_helpers.spawn(*args, home=home)


def quiz_questions() -> list[Question]:
    return list(make(load_film(SECOND), COUNT, seed=SEED).questions)


def keys_for(q: Question, right: bool) -> list[tuple[str, str]]:
    """(prompt to wait for, keys to send) to answer ``q`` rightly or wrongly."""
    if q.kind in TYPED_KINDS:
        return [("Your answer", (q.answer if right else "zzz") + "\r")]
    if q.kind == "order":
        order = q.sequence if right else q.options
        numbers = [str(q.options.index(item) + 1) for item in order]
        return [(p, n + "\r") for p, n in zip(("1st", "2nd", "3rd"), numbers, strict=False)]
    pick = q.answer if right else next(o for o in q.options if o != q.answer)
    return [("Your answer", str(q.options.index(pick) + 1) + "\r")]


def answer(child: Terminal, number: int, q: Question, right: bool) -> None:
    child.expect(f"Question {number} of {COUNT}")
    child.expect(re.escape(KIND_LABELS[q.kind]))
    for prompt, keys in keys_for(q, right):
        child.expect(prompt)
        child.send(keys)
    child.expect("✓ Right" if right else "✗ Not quite")
    if q.explanation:
        child.expect(re.escape(q.explanation[:40]))


@pytest.fixture
def questions() -> list[Question]:
    found = quiz_questions()
    assert len(found) == COUNT and len({q.kind for q in found}) >= 5
    return found


def test_a_whole_quiz_answered_at_the_keyboard(isolated: Path, questions: list[Question]) -> None:
    child = spawn(isolated)
    try:
        rights = [i % 3 != 1 for i in range(COUNT)]  # questions 2 and 5 answered wrongly
        for number, (q, right) in enumerate(zip(questions, rights, strict=True), 1):
            answer(child, number, q, right)
        child.expect("Quiz results")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    summary = plain(child.before)
    assert f"{sum(rights)} of {COUNT} right" in summary
    assert "Topic" in summary and "Missed" in summary
    for number, (q, right) in enumerate(zip(questions, rights, strict=True), 1):
        assert (f"{number}. {q.prompt[:30]}" in summary) is not right
    assert child.exitstatus == 0, summary
    assert "Traceback" not in summary


def test_ctrl_c_halfway_prints_what_was_answered(isolated: Path, questions: list[Question]) -> None:
    child = spawn(isolated)
    try:
        answer(child, 1, questions[0], right=True)
        answer(child, 2, questions[1], right=False)
        answer(child, 3, questions[2], right=True)
        child.expect("Question 4 of 6")
        child.expect("Your answer|1st")
        child.sendintr()
        child.expect("Quiz results")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    summary = plain(child.before)
    assert "2 of 3 right" in summary
    assert "Stopped after 3 of 6 questions." in summary
    assert f"2. {questions[1].prompt[:30]}" in summary
    assert summary.count("Stopped after 3 of 6") == 1  # said once, in the summary
    assert "quiz stopped" not in summary
    assert "Traceback" not in summary and "KeyboardInterrupt" not in summary
    assert child.exitstatus == 130


def test_a_quiz_with_no_save_leaves_the_schedule_alone(
    isolated: Path, questions: list[Question]
) -> None:
    child = spawn(isolated, "--no-save")
    try:
        for number, q in enumerate(questions, 1):
            answer(child, number, q, right=True)
        child.expect("Quiz results")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, plain(child.before)
    assert not isolated.exists() or not list(isolated.iterdir())  # no progress file at all
