"""The process around the app: standard streams, signals, and the last word on exit codes.

``main`` is the ``herstudy`` console script. It runs the Typer app and makes
the process behave like a good Unix tool whatever the app was doing:

- a closed standard stream (``>&-``, ``<&-``) is reopened on ``/dev/null`` so
  no file herstudy opens can take its place; closed stdin counts as no
  terminal, and writing to a closed stdout is a write error;
- a reader that goes away (``herstudy themes | head``) ends herstudy quietly,
  exit 0; any other failure to write stdout (a full disk, ``>/dev/full``) is
  ``herstudy: write error: …`` and exit 1, as GNU tools do;
- SIGTERM and SIGHUP unwind like Ctrl-C does, so the terminal is restored and
  committed grades stay, then exit 143 and 129 (128 + the signal's number).
"""

from __future__ import annotations

import errno
import io
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any, TextIO

from herstudy.errors import FAILURE


class Stopped(SystemExit):
    """Raised from a SIGTERM or SIGHUP handler: unwinds every ``finally`` on its way out."""


class _ClosedStdout(io.TextIOBase):
    """Standard output that was closed when herstudy started: every write fails."""

    def write(self, s: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


def _reopen_closed_fds() -> None:
    """A closed fd 0, 1 or 2 would be taken by the next file opened (a progress
    database, an export): hold each on /dev/null instead."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                opened = os.open(os.devnull, os.O_RDWR)
            except OSError:
                return
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)


def _guard_streams() -> None:
    stdout_closed = sys.stdout is None
    _reopen_closed_fds()
    if sys.stdin is None:
        sys.stdin = io.StringIO()  # no terminal: interactive commands say so and exit 2
    if stdout_closed:
        sys.stdout = _ClosedStdout()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the process)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise Stopped(128 + signum)


def _on_signals() -> None:
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, _stop)


def silence_stdout() -> None:
    """Point fd 1 at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the process)
    except OSError:
        pass


def _write_error(e: OSError, stream: TextIO) -> int:
    if e.errno == errno.EPIPE:
        silence_stdout()
        return 0
    silence_stdout()
    reason = e.strerror or str(e)
    try:
        print(f"herstudy: write error: {reason}", file=stream)
    except (OSError, ValueError):
        pass
    return FAILURE


def _code(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    return FAILURE


def _terminal_keeper() -> Callable[[], None]:
    """What puts stdin's terminal back in the modes it has now.

    A prompt cut short by a signal at the wrong moment (between prompt_toolkit
    setting raw mode and its cleanup being in place) could leave the shell without
    echo; putting back the modes seen at start makes that impossible.
    """
    try:
        import termios

        fd = sys.stdin.fileno()
        if not os.isatty(fd):
            return lambda: None
        modes = termios.tcgetattr(fd)
    except Exception:  # no termios (Windows), no fd, not a terminal
        return lambda: None

    def restore() -> None:
        try:
            termios.tcsetattr(fd, termios.TCSADRAIN, modes)
        except Exception:  # the terminal is gone (a hangup)
            pass

    return restore


def main(argv: list[str] | None = None) -> None:
    """Run herstudy as a process; exits with its code."""
    _guard_streams()
    _on_signals()
    restore_terminal = _terminal_keeper()
    code = run(argv)
    if code >= 128:  # stopped by Ctrl-C or a signal, perhaps in the middle of a prompt
        restore_terminal()
    raise SystemExit(code)


def run(argv: list[str] | None = None) -> int:
    """The app's exit code for ``argv`` (default: the command line), its output flushed."""
    from herstudy.cli import app

    code = 0
    try:
        try:
            app(args=argv, prog_name="herstudy")
        except SystemExit as e:  # the app's own exit, or Stopped by a signal
            code = _code(e.code)
        sys.stdout.flush()
    except OSError as e:  # writing stdout failed: closed, full, or the reader left
        if code >= 128:  # a hangup closes the terminal too: the signal is the news
            silence_stdout()
        else:
            code = _write_error(e, sys.stderr)
    return code
