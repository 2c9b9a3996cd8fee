"""The quiz's asker at a terminal: Rich shows each question, questionary takes the answer.

Imported only once the quiz command knows it has a terminal, so no read command
pays for prompt_toolkit. Every prompt takes a number key or the arrow keys, then
Enter; Ctrl-C raises KeyboardInterrupt (``unsafe_ask``), which ends the quiz.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from typing import TextIO

import questionary

from herstudy.doc import View
from herstudy.quiz.loop import question_view
from herstudy.quiz.question import TYPED_KINDS, Question, Response
from herstudy.quiz.wording import ordinal

_PICK = "(number or ↑↓, then Enter)"


class TerminalAsker:
    """Shows each question with Rich and takes the answer with a questionary prompt."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def show(self, view: View) -> None:
        from herstudy.render import Format, emit

        emit(view, Format.rich, self.stream)
        print(file=self.stream)

    def ask(self, question: Question, number: int, total: int) -> Response:
        self.show(question_view(question, number, total))
        if question.kind == "order":
            return self._order(question.options)
        if question.kind in TYPED_KINDS:
            answer = questionary.text("Your answer", instruction="(then Enter)").unsafe_ask()
            return _given(answer)
        return self.pick("Your answer", question.options)

    def pick(self, message: str, options: tuple[str, ...], numbers: tuple[int, ...] = ()) -> str:
        """One of ``options``; ``numbers``, if given, are their shortcut keys (1 to 9)."""
        keys = numbers or tuple(range(1, len(options) + 1))
        # Narrow enough for the choice list and for questionary's echo of the answer
        # after "? {message} ", which shows the same lines.
        width = shutil.get_terminal_size().columns - max(_CHOICE_INDENT, len(message) + 3)
        choices = [
            questionary.Choice(
                title=wrapped(o, width), value=o, shortcut_key=str(k) if k <= 9 else True
            )
            for o, k in zip(options, keys, strict=True)
        ]
        answer = questionary.select(
            message, choices=choices, use_shortcuts=True, instruction=_PICK
        ).unsafe_ask()
        return _given(answer)

    def _order(self, items: tuple[str, ...]) -> tuple[str, ...]:
        """Pick the first, then the next of those left: each keeps the number it was shown with."""
        left = list(items)
        chosen: list[str] = []
        while len(left) > 1:
            numbers = tuple(items.index(item) + 1 for item in left)
            pick = self.pick(ordinal(len(chosen) + 1), tuple(left), numbers)
            chosen.append(pick)
            left.remove(pick)
        chosen.append(left[0])
        print(f"  {ordinal(len(chosen))}: {left[0]}", file=self.stream)
        return tuple(chosen)


_CHOICE_INDENT = len(" » 1) ")
"""What questionary puts before a choice's title: the pointer and the shortcut."""


def wrapped(option: str, width: int, indent: int = _CHOICE_INDENT) -> str:
    """An option in lines that fit the terminal, continued under its first word (``indent``
    columns in: where the choice list starts its text), so a long option is read whole
    instead of cut off at the edge."""
    lines = textwrap.wrap(option, max(width, 20), break_on_hyphens=False) or [option]
    return ("\n" + " " * indent).join(lines)


def _given(answer: object) -> str:
    if answer is None:  # questionary's way of saying the prompt was abandoned
        raise KeyboardInterrupt
    return str(answer)
