"""The review at a terminal: Rich panels for the cards, one key press per answer.

``herstudy.progress.review`` decides what comes next and what a grade records;
``TerminalScreen`` is the ``Screen`` it is given here, and ``review_in_terminal``
puts the two together for ``herstudy review``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from herstudy import interactive
from herstudy.progress.cards import TOPIC_TITLES, Card
from herstudy.progress.review import Session, report, run
from herstudy.progress.schedule import Schedule
from herstudy.progress.store import Store


def require_terminal() -> None:
    """Review reads one key at a time from stdin; its cards may go to a pipe."""
    interactive.require_terminal(
        "review needs a terminal: it reads one key at a time.",
        hint="To see what is due without one: herstudy stats",
        screen=False,
    )


_PT_KEYS = {
    "space": (" ",),
    "enter": ("enter", "c-j"),
    "q": ("q", "Q", "escape", "c-d"),
    "u": ("u", "U"),
}


class TerminalScreen:
    """Rich for the cards; a small prompt_toolkit application (the key line, wrapped
    between its parts on a narrow terminal) reads each key."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(highlight=False, emoji=False, markup=False)

    def front(self, card: Card, number: int, left: str) -> None:
        from rich import box
        from rich.panel import Panel
        from rich.text import Text

        # Only the topic: naming the entry (a beat, a symbol) could give the answer away.
        self.console.print()
        self.console.print(
            Panel(
                Text(card.front),
                title=Text(TOPIC_TITLES.get(card.topic, card.topic), "bold"),
                title_align="left",
                subtitle=Text(f"#{number} · {left}", "dim"),
                subtitle_align="right",
                box=box.ROUNDED,
                border_style="cyan",
                padding=(0, 1),
            )
        )

    def back(self, card: Card) -> None:
        from rich import box
        from rich.panel import Panel
        from rich.text import Text

        self.console.print(
            Panel(Text(card.back, "bold"), box=box.ROUNDED, border_style="green", padding=(0, 1))
        )
        if card.extra:
            self.console.print(Text(card.extra, "dim"), width=min(self.console.width, 88))

    def say(self, text: str, quiet: bool = False) -> None:
        from rich.text import Text

        self.console.print(Text(text, "dim" if quiet else "yellow"))

    def key(self, prompt: str, keys: Collection[str]) -> str:
        from prompt_toolkit.application import Application
        from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
        from prompt_toolkit.layout import Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl

        bindings = KeyBindings()

        def answer(name: str) -> Callable[[KeyPressEvent], None]:
            def handler(event: KeyPressEvent) -> None:
                event.app.exit(result=name)

            return handler

        for name in keys:
            for k in _PT_KEYS.get(name, (name,)):
                bindings.add(k, eager=True)(answer(name))

        @bindings.add("c-c")
        def _interrupt(event: KeyPressEvent) -> None:
            event.app.exit(exception=KeyboardInterrupt())

        @bindings.add("<any>")
        def _ignore(event: KeyPressEvent) -> None:
            pass

        text = "\n".join(fit(f"› {prompt}", self.console.width))
        app: Application[str] = Application(
            layout=Layout(Window(FormattedTextControl(text), wrap_lines=True)),
            key_bindings=bindings,
            full_screen=False,
            erase_when_done=True,
        )
        try:
            return app.run()
        except EOFError:
            return "q"


def fit(line: str, width: int) -> list[str]:
    """A key line in lines of ``width`` at most, broken only between its parts (which
    are set apart by three spaces or more), so no grade or key is cut in two."""
    parts = re.split(r" {3,}", line)
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += "   " + part
        else:
            lines.append(part if not lines else "  " + part)
    return lines


def review_in_terminal(
    store: Store,
    *,
    new_limit: int = 10,
    cap: int | None = None,
    retention: float = 0.9,
    fuzz: bool = True,
) -> None:
    """Run a review session at the terminal and say how it went, also after Ctrl-C
    (which then goes on up, for exit code 130)."""
    session = Session(store, Schedule(retention, fuzz), new_limit=new_limit, cap=cap)
    summary = run(session, TerminalScreen())
    text = report(summary, session.now())
    if not store.saving:
        text += "\nNothing was saved (--no-save)."
    print(text)
    if summary.interrupted:
        raise KeyboardInterrupt
