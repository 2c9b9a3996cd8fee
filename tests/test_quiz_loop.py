"""The quiz loop with canned answers: scoring, feedback, the summary, Ctrl-C, the printed quiz."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
from conftest import SECOND

from herstudy.doc import View
from herstudy.load import load_film
from herstudy.quiz.generate import generate
from herstudy.quiz.loop import feedback, printable, question_view, run, summary
from herstudy.quiz.question import FALSE, TRUE, Question, Response
from herstudy.render import Format, render_text

LAMP = Question(
    kind="choice",
    topic="symbols",
    section="symbols",
    entry="lamp",
    key="symbols:lamp:meaning",
    prompt="What is the meaning of the lamp?",
    answer="Care renewed every night",
    options=("The mainland", "Care renewed every night", "A warning"),
    explanation="It works only while someone tends it.",
)
WORD = Question(
    kind="typed",
    topic="quotes",
    section="quotes",
    entry="light-keeps-us",
    key="quotes:light-keeps-us:words",
    prompt="Fill in the missing word of Ambrose's line. (a word)",
    passage="We don't keep the light. The light ___ us.",
    answer="keeps",
    explanation="Ambrose, climbing the stairs in the dark.",
)
ORDER = Question(
    kind="order",
    topic="arc",
    section="beats",
    entry="first-watch",
    key="arcs:ines:order",
    prompt="Put these moments of Ines's arc in the order of the film.",
    answer="The first watch → The night voice → The ledger entry → The ferry out",
    options=("The ledger entry", "The first watch", "The ferry out", "The night voice"),
    sequence=("The first watch", "The night voice", "The ledger entry", "The ferry out"),
    explanation="In film order: beats 1, 2, 5 and 6.",
)
CONFESSION = Question(
    kind="truefalse",
    topic="arc",
    section="beats",
    entry="confession",
    key="beats:confession:quiz-confession",
    prompt="True or false: Ambrose first admits his blindness to Ines.",
    answer=FALSE,
    options=(TRUE, FALSE),
    explanation="He tells Odile, the inspector, before he tells his daughter.",
)
QUIZ = [LAMP, WORD, ORDER, CONFESSION]


class Canned:
    """An asker that answers from a list; an exception class in the list is raised instead."""

    def __init__(self, answers: Sequence[Response | type[BaseException]]) -> None:
        self.answers = list(answers)
        self.asked: list[tuple[str, int, int]] = []
        self.shown: list[View] = []

    def ask(self, question: Question, number: int, total: int) -> Response:
        self.asked.append((question.key, number, total))
        answer = self.answers.pop(0)
        if isinstance(answer, type):
            raise answer()
        return answer

    def show(self, view: View) -> None:
        self.shown.append(view)


def md(view: View) -> str:
    return render_text(view, Format.markdown)


def test_all_right() -> None:
    asker = Canned(["Care renewed every night", "KEEPS", ORDER.sequence, FALSE])
    outcome = run(QUIZ, asker)
    assert outcome.right == 4 and not outcome.missed and not outcome.interrupted
    assert asker.asked == [(q.key, i, 4) for i, q in enumerate(QUIZ, 1)]
    assert [v.title for v in asker.shown] == ["✓ Right"] * 4
    text = md(summary(outcome, "The Lighthouse Keeper's Daughter"))
    assert "**4 of 4** right (100%)." in text and "Nothing missed." in text


def test_every_answer_is_explained_right_or_wrong() -> None:
    asker = Canned(["The mainland", "keps", ("The first watch",) * 4, TRUE])
    outcome = run(QUIZ, asker)
    assert outcome.right == 1  # "keps" for "keeps" is a small typo
    for question, view in zip(QUIZ, asker.shown, strict=True):
        text = md(view)
        assert question.answer in text and question.explanation in text
    assert md(asker.shown[0]).startswith("# ✗ Not quite\n\n- **You said:** The mainland\n")
    assert md(asker.shown[1]).startswith("# ✓ Right\n\n- **Answer:** **keeps**\n")


def test_summary_breaks_the_score_down_by_topic_and_lists_what_was_missed() -> None:
    outcome = run(QUIZ, Canned(["Care renewed every night", "kept", ORDER.sequence, TRUE]))
    view = summary(outcome, "The Lighthouse Keeper's Daughter", seed=7)
    assert md(view) == (
        "# Quiz results: The Lighthouse Keeper's Daughter\n"
        "\n"
        "2/4 · seed 7\n"
        "\n"
        "**2 of 4** right (50%).\n"
        "\n"
        "| Topic | Right | Asked | Score |\n"
        "|---|---|---|---|\n"
        "| symbols | 1 | 1 | 100% |\n"
        "| arc | 1 | 2 | 50% |\n"
        "| quotes | 0 | 1 | 0% |\n"
        "\n"
        "## Missed\n"
        "\n"
        "### 2. Fill in the missing word of Ambrose's line. (a word)\n"
        "\n"
        "> “We don't keep the light. The light \\_\\_\\_ us.”\n"
        "\n"
        "- **You said:** kept\n"
        "- **Answer:** **keeps**\n"
        "\n"
        "Ambrose, climbing the stairs in the dark.\n"
        "\n"
        "### 4. True or false: Ambrose first admits his blindness to Ines.\n"
        "\n"
        "- **You said:** True\n"
        "- **Answer:** **False**\n"
        "\n"
        "He tells Odile, the inspector, before he tells his daughter.\n"
    )
    data = json.loads(render_text(view, Format.json))
    assert data["right"] == 2 and data["answered"] == 4 and data["seed"] == 7
    assert data["topics"]["arc"] == {"right": 1, "asked": 2}
    assert [a["correct"] for a in data["answers"]] == [True, False, True, False]
    assert data["answers"][2]["response"] == list(ORDER.sequence)


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_stopping_keeps_what_was_answered(stop: type[BaseException]) -> None:
    asker = Canned(["The mainland", "keeps", stop])
    outcome = run(QUIZ, asker)
    assert outcome.interrupted and outcome.planned == 4 and len(outcome.answers) == 2
    assert len(asker.shown) == 2
    text = md(summary(outcome, "T"))
    assert "**1 of 2** right (50%)." in text
    assert "Stopped after 2 of 4 questions." in text
    assert "### 1. What is the meaning of the lamp?" in text
    assert "Put these moments" not in text


def test_stopping_at_the_first_question() -> None:
    outcome = run(QUIZ, Canned([KeyboardInterrupt]))
    assert outcome.interrupted and not outcome.answers
    text = md(summary(outcome, "T"))
    assert "Stopped before the first answer." in text
    assert "0 of 0" not in text and "(-)" not in text


def test_on_answer_hears_of_every_answer() -> None:
    heard: list[tuple[str, bool]] = []
    run(
        QUIZ,
        Canned(["A warning", "keeps", ORDER.sequence, KeyboardInterrupt]),
        on_answer=lambda q, correct: heard.append((f"{q.topic}/{q.entry}", correct)),
    )
    assert heard == [
        ("symbols/lamp", False),
        ("quotes/light-keeps-us", True),
        ("arc/first-watch", True),
    ]


def test_the_question_as_shown() -> None:
    text = md(question_view(ORDER, 3, 10))
    assert text.startswith("# Question 3 of 10\n\narc · put in order\n")
    assert "1. The ledger entry\n2. The first watch\n3. The ferry out\n4. The night voice" in text
    assert "> “We don't" in md(question_view(WORD, 2, 10))


def test_feedback_for_an_order_shows_both_orders() -> None:
    outcome = run([ORDER], Canned([tuple(reversed(ORDER.sequence))]))
    text = md(feedback(outcome.answers[0]))
    assert "The ferry out → The ledger entry → The night voice → The first watch" in text
    assert ORDER.answer in text


def test_printable_quiz_has_questions_options_and_an_answer_key() -> None:
    text = md(printable(QUIZ, "The Lighthouse Keeper's Daughter", seed=3))
    head, key = text.split("## Answer key\n")
    assert head.startswith("# Quiz: The Lighthouse Keeper's Daughter\n\n4 questions · seed 3\n")
    assert "### 1. What is the meaning of the lamp?\n\n1. The mainland\n2. Care renewed" in head
    assert "### 3. Put these moments" in head and "Write their numbers in the order" in head
    for question in QUIZ:
        assert question.explanation not in head
        assert question.explanation in key
    assert "1. **2. Care renewed every night** — It works only" in key
    assert "2. **keeps** — Ambrose" in key
    assert "3. **2, 4, 1, 3** (The first watch → The night voice" in key
    assert "4. **False** — He tells Odile" in key


def test_printable_quiz_of_a_real_film_as_json() -> None:
    questions = generate(load_film(SECOND), 6, seed=1)
    data = json.loads(render_text(printable(questions, "L", 1), Format.json))
    assert data["seed"] == 1 and len(data["questions"]) == 6
    for item in data["questions"]:
        assert {"kind", "topic", "section", "entry", "prompt", "answer", "explanation"} <= set(item)
