"""Is a person at a terminal? The one check behind every interactive command."""

from __future__ import annotations

import sys

from herstudy.errors import usage_error


def interactive() -> bool:
    """stdin to read answers from and stdout to show questions on are both a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def require_terminal(message: str, hint: str = "") -> None:
    """A usage error (exit 2) when nobody is there to answer, instead of a hanging prompt."""
    if not interactive():
        raise usage_error(message, hint=hint)
