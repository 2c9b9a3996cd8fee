"""Everything that talks to a person at a terminal: prompts, key presses, screens.

The menu, the arc walk, the notes file, the guided study session, the quiz's
asker and driver and the review screen live here. The rest of the program is
pure: ``quiz/`` and ``progress/`` decide what to ask and what an answer does, and
never import rich, questionary or prompt_toolkit (a test enforces it).

This module holds the one check behind every interactive command; it imports
nothing heavy, so asking it costs nothing.
"""

from __future__ import annotations

import sys
from typing import TextIO

from herstudy.errors import usage_error


def interactive(*, screen: bool = True) -> bool:
    """Is a person at a terminal? stdin to read answers from is a terminal and, unless
    ``screen`` is False (a yes/no asked on stderr, the review's key presses), so is stdout.
    """
    return sys.stdin.isatty() and (not screen or sys.stdout.isatty())


def require_terminal(message: str, hint: str = "", *, screen: bool = True) -> None:
    """A usage error (exit 2) when nobody is there to answer, instead of a hanging prompt."""
    if not interactive(screen=screen):
        raise usage_error(message, hint=hint)


def require_screen(message: str, hint: str = "") -> TextIO:
    """The terminal to draw questions on when stdout may carry the result instead (a draft
    going to a pipe or a file): stdout if it is a terminal, else stderr if that is. A usage
    error when stdin is not a terminal or neither is."""
    require_terminal(message, hint, screen=False)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream.isatty():
                return stream
        except (AttributeError, ValueError):  # closed, or replaced by an object without one
            continue
    raise usage_error(message, hint=hint)
