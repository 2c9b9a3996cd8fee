"""herstudy in a real pseudo-terminal, driven with pexpect: every terminal test starts here.

Every child sees the same terminal: an xterm of a known size, told twice (the
terminal's own size, and COLUMNS and LINES, so that Rich and prompt_toolkit
agree on it), that asks no cursor-position requests (PROMPT_TOOLKIT_NO_CPR:
pexpect does not answer them). All the child shows is kept, for ``transcript``.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import Any

import pexpect  # type: ignore[import-untyped]
from conftest import PYTHON, ROOT, subprocess_env

TIMEOUT = 20
SIZE = (40, 100)  # rows, columns
WIDE = (50, 120)  # room for the menu and a study session's panels

_CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def plain(text: str) -> str:
    """``text`` without colours and cursor moves (CSI sequences) and carriage returns."""
    return _CSI.sub("", text).replace("\r", "")


def terminal_env(home: Path | None = None, size: tuple[int, int] = SIZE) -> dict[str, str]:
    """The child's environment; ``home`` for HERSTUDY_HOME, else the test's own (conftest)."""
    rows, columns = size
    extra = {
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm",
        "COLUMNS": str(columns),
        "LINES": str(rows),
    }
    if home is not None:
        extra["HERSTUDY_HOME"] = str(home)
    return subprocess_env(**extra)


class Terminal(pexpect.spawn):  # type: ignore[misc]
    """A pexpect child without pexpect's fixed waits.

    No pause before each key: every key here answers a prompt already on the
    screen. And once the child has closed the terminal, ``close`` waits for it
    to exit instead of sleeping a fixed 0.1 s and then signalling it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.delaybeforesend = None
        self.logfile_read = io.StringIO()

    def close(self, force: bool = True) -> None:
        if self.flag_eof and not self.closed:
            deadline = time.monotonic() + 5
            while self.isalive() and time.monotonic() < deadline:
                time.sleep(0.002)
            if self.terminated:
                self.ptyproc.delayafterclose = 0
        super().close(force)


def _start(
    program: str, args: list[str], home: Path | None, cwd: Path, size: tuple[int, int]
) -> Terminal:
    return Terminal(
        program,
        args,
        cwd=str(cwd),
        env=terminal_env(home, size),
        dimensions=size,
        encoding="utf-8",
        timeout=TIMEOUT,
    )


def spawn(
    *args: str, home: Path | None = None, cwd: Path = ROOT, size: tuple[int, int] = SIZE
) -> Terminal:
    """``python -m herstudy ARGS`` in a pseudo-terminal of ``size`` (rows, columns)."""
    return _start(PYTHON, ["-m", "herstudy", *args], home, cwd, size)


def spawn_shell(
    script: str,
    *,
    shell: str = "sh",
    home: Path | None = None,
    cwd: Path = ROOT,
    size: tuple[int, int] = SIZE,
) -> Terminal:
    """``shell -c SCRIPT`` in a pseudo-terminal: herstudy, then what the shell sees after it."""
    return _start(shell, ["-c", script], home, cwd, size)


def transcript(child: Terminal, *, raw: bool = False) -> str:
    """Everything the child has shown so far: as plain text, or ``raw`` with every byte."""
    seen: str = child.logfile_read.getvalue()
    return seen if raw else plain(seen)


def grade(child: Terminal, rating: str = "3", reveal: str = " ") -> None:
    """At a review card's front: show the answer (``reveal``), then press ``rating``."""
    child.expect("show the answer")
    child.send(reveal)
    child.expect("Good · ")
    child.send(rating)
