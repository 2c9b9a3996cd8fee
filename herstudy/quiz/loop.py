"""The quiz loop and everything it shows, as ``doc.View``: pure, no terminal.

``run`` asks each question through an ``Asker`` (questionary at a terminal, a list
of canned answers in tests), checks the answer, shows the right answer with its
explanation, and reports it to ``on_answer``. Ctrl-C ends the quiz early; what was
answered still counts. The views here are rendered like any other command's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from herstudy.doc import (
    Block,
    Bullets,
    Entry,
    Fields,
    Heading,
    Line,
    Paragraph,
    Quote,
    Styled,
    Table,
    View,
)
from herstudy.model import TOPICS
from herstudy.quiz.question import CHOICE_KINDS, TYPED_KINDS, Question, Response

KIND_LABELS = {
    "choice": "multiple choice",
    "typed": "typed answer",
    "cloze": "fill the gap",
    "who-said": "who said it",
    "evidence": "which moment shows it",
    "order": "put in order",
    "truefalse": "true or false",
}

OnAnswer = Callable[[Question, bool], None]
"""Told of every answer, right or wrong (step 4 records a review with it)."""


class Asker(Protocol):
    """Puts a question to the student and shows them things."""

    def ask(self, question: Question, number: int, total: int) -> Response:
        """The student's answer. Raises KeyboardInterrupt (or EOFError) to stop the quiz."""
        ...

    def show(self, view: View) -> None: ...


@dataclass(frozen=True)
class Answer:
    question: Question
    response: Response
    correct: bool


@dataclass(frozen=True)
class Outcome:
    answers: tuple[Answer, ...]
    planned: int
    """How many questions the quiz had."""
    interrupted: bool = False

    @property
    def right(self) -> int:
        return sum(a.correct for a in self.answers)

    @property
    def missed(self) -> tuple[Answer, ...]:
        return tuple(a for a in self.answers if not a.correct)


def run(questions: Sequence[Question], asker: Asker, on_answer: OnAnswer | None = None) -> Outcome:
    """Ask every question in turn; stop early, keeping the answers so far, on Ctrl-C."""
    answers: list[Answer] = []
    try:
        for number, question in enumerate(questions, 1):
            response = asker.ask(question, number, len(questions))
            answer = Answer(question, response, question.is_correct(response))
            answers.append(answer)
            if on_answer is not None:
                on_answer(question, answer.correct)
            asker.show(feedback(answer))
    except (KeyboardInterrupt, EOFError):
        return Outcome(tuple(answers), len(questions), interrupted=True)
    return Outcome(tuple(answers), len(questions))


# --- what a student sees while answering ----------------------------------------------------


def question_view(question: Question, number: int, total: int) -> View:
    blocks: list[Block] = [Paragraph((question.prompt,), "lead")]
    if question.passage:
        blocks.append(Quote(question.passage))
    if question.kind == "order":
        blocks.append(Bullets(tuple((o,) for o in question.options), numbered=True))
        blocks.append(
            Paragraph(("Pick them in film order: their number, then Enter, each time.",), "muted")
        )
    return View(
        f"Question {number} of {total}",
        tuple(blocks),
        subtitle=f"{question.topic} · {KIND_LABELS[question.kind]}",
    )


def shown_response(question: Question, response: Response) -> str:
    if isinstance(response, tuple):
        return " → ".join(response) or "(no answer)"
    return response.strip() or "(no answer)"


def _answer_line(question: Question) -> Line:
    return (Styled(question.answer, "strong"),)


def feedback(answer: Answer) -> View:
    """After each answer, right or wrong: the right answer and why."""
    q = answer.question
    rows: list[tuple[str, Line]] = []
    if not answer.correct:
        rows.append(("You said", (shown_response(q, answer.response),)))
    rows.append(("Answer", _answer_line(q)))
    blocks: list[Block] = [Fields(tuple(rows))]
    if q.explanation:
        blocks.append(Paragraph((q.explanation,), "muted"))
    return View("✓ Right" if answer.correct else "✗ Not quite", tuple(blocks))


# --- the end of a quiz ----------------------------------------------------------------------


def _percent(right: int, asked: int) -> str:
    return f"{round(100 * right / asked)}%" if asked else "-"


def summary(outcome: Outcome, title: str, seed: int | None = None) -> View:
    """The score, a breakdown by topic, and every question missed with its answer."""
    answered = len(outcome.answers)
    right = outcome.right
    blocks: list[Block] = []
    score: Line = (
        (Styled(f"{right} of {answered}", "strong"), f" right ({_percent(right, answered)}).")
        if answered
        else ("Stopped before the first answer." if outcome.interrupted else "No answers.",)
    )
    blocks.append(Paragraph(score))
    if outcome.interrupted and answered:
        blocks.append(
            Paragraph((f"Stopped after {answered} of {outcome.planned} questions.",), "muted")
        )
    by_topic: dict[str, list[int]] = {}
    for a in outcome.answers:
        tally = by_topic.setdefault(a.question.topic, [0, 0])
        tally[0] += a.correct
        tally[1] += 1
    topics = [t for t in TOPICS if t in by_topic]
    if topics:
        blocks.append(
            Table(
                ("Topic", "Right", "Asked", "Score"),
                tuple(
                    (
                        (t,),
                        (str(by_topic[t][0]),),
                        (str(by_topic[t][1]),),
                        (_percent(*by_topic[t]),),
                    )
                    for t in topics
                ),
            )
        )
    if outcome.missed:
        blocks.append(Heading("Missed", 2))
        for number, a in enumerate(outcome.answers, 1):
            if a.correct:
                continue
            body: list[Block] = []
            if a.question.passage:
                body.append(Quote(a.question.passage))
            body.append(
                Fields(
                    (
                        ("You said", (shown_response(a.question, a.response),)),
                        ("Answer", _answer_line(a.question)),
                    )
                )
            )
            if a.question.explanation:
                body.append(Paragraph((a.question.explanation,)))
            blocks.append(Entry(f"{number}. {a.question.prompt}", tuple(body), level=3))
    elif answered:
        blocks.append(Paragraph(("Nothing missed.",)))
    subtitle = f"{right}/{answered}" + (f" · seed {seed}" if seed is not None else "")
    data: dict[str, Any] = {
        "right": right,
        "answered": answered,
        "questions": outcome.planned,
        "interrupted": outcome.interrupted,
        "seed": seed,
        "topics": {t: {"right": by_topic[t][0], "asked": by_topic[t][1]} for t in topics},
        "answers": [
            {
                "key": a.question.key,
                "topic": a.question.topic,
                "section": a.question.section,
                "entry": a.question.entry,
                "correct": a.correct,
                "response": list(a.response) if isinstance(a.response, tuple) else a.response,
                "answer": a.question.answer,
            }
            for a in outcome.answers
        ],
    }
    return View(f"Quiz results: {title}", tuple(blocks), data=data, subtitle=subtitle)


# --- a quiz on paper ------------------------------------------------------------------------


def _key_line(question: Question) -> Line:
    """The answer as the key gives it; for an order, the item numbers too."""
    if question.kind == "order":
        numbers = ", ".join(str(question.options.index(item) + 1) for item in question.sequence)
        return (Styled(numbers, "strong"), f" ({question.answer})")
    if question.kind in CHOICE_KINDS:
        number = question.options.index(question.answer) + 1
        return (Styled(f"{number}. {question.answer}", "strong"),)
    line: list[str | Styled] = [Styled(question.answer, "strong")]
    if question.accept:
        line.append(f" (also accepted: {', '.join(question.accept)})")
    return tuple(line)


def printable(questions: Sequence[Question], title: str, seed: int | None = None) -> View:
    """The quiz for paper or notes: questions with their options, then an answer key."""
    blocks: list[Block] = [Heading("Questions", 2)]
    for number, q in enumerate(questions, 1):
        body: list[Block] = []
        if q.passage:
            body.append(Quote(q.passage))
        if q.kind not in (*TYPED_KINDS, "truefalse"):
            body.append(Bullets(tuple((o,) for o in q.options), numbered=True))
        if q.kind == "order":
            body.append(Paragraph(("Write their numbers in the order of the film.",), "muted"))
        blocks.append(Entry(f"{number}. {q.prompt}", tuple(body), level=3))
    blocks.append(Heading("Answer key", 2))
    blocks.append(
        Bullets(
            tuple(
                (*_key_line(q), *((" — ", q.explanation) if q.explanation else ()))
                for q in questions
            ),
            numbered=True,
        )
    )
    subtitle = f"{len(questions)} questions" + (f" · seed {seed}" if seed is not None else "")
    data = {"title": title, "seed": seed, "questions": [asdict(q) for q in questions]}
    return View(f"Quiz: {title}", tuple(blocks), data=data, subtitle=subtitle)
