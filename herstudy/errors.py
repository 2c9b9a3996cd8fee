"""The one project exception.

The core raises ``HerstudyError``; only the CLI turns it into a message on
stderr and an exit code (see ``herstudy.cli.HerstudyGroup``).
"""

from __future__ import annotations

from collections.abc import Sequence

FAILURE = 1
USAGE = 2
INTERRUPTED = 130


class HerstudyError(Exception):
    """Something the user can fix: a bad file, an unknown name, an unwritable path."""

    def __init__(
        self,
        message: str,
        *,
        code: int = FAILURE,
        problems: Sequence[str] = (),
        hint: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.problems = tuple(problems)
        self.hint = hint

    def lines(self) -> list[str]:
        """What to print, one line each: every problem, or the message."""
        out = list(self.problems) or [self.message]
        if self.hint:
            out.append(self.hint)
        return out


def usage_error(message: str, hint: str = "") -> HerstudyError:
    return HerstudyError(message, code=USAGE, hint=hint)
