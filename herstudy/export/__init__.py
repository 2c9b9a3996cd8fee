"""Hand the film to other tools: an Anki package or text file, a Markdown vault, JSON.

This package holds what the three exports share: the one overwrite policy
(``check_target``) and writing a file so that a failure never leaves half of it
behind (``write_atomic``). Like the rest of the library it never prints, never
prompts by itself and never exits: the CLI passes in how to ask (``confirm``) and
turns ``HerstudyError`` into a message.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

from herstudy.errors import HerstudyError, usage_error

Confirm = Callable[[str], bool]
"""Asks the person at the terminal a yes/no question; None where nobody can answer."""


def check_target(
    path: Path,
    force: bool,
    confirm: Confirm | None,
    *,
    kind: Literal["file", "dir"] = "file",
    problem: str | None = None,
) -> None:
    """The overwrite policy of every export: may ``path`` be written? Raise if not.

    The parent directory must exist. Writing over something (an existing file,
    or whatever ``problem`` names, e.g. a directory that is not ours) needs
    ``force``, or a yes from ``confirm`` on a terminal; with nobody to ask
    (``confirm`` is None: stdin is not a terminal) it is a usage error.
    """
    parent = path.parent
    if not parent.is_dir():
        what = "is not a directory" if parent.exists() else "no such directory"
        raise HerstudyError(f"{path}: cannot write: {parent}: {what}")
    if kind == "file" and path.is_dir():
        raise HerstudyError(f"{path}: is a directory; give a file name")
    if kind == "dir" and path.exists() and not path.is_dir():
        raise HerstudyError(f"{path}: is a file, not a directory")
    if problem is None and kind == "file" and path.exists():
        problem = "already exists"
    if problem is None or force:
        return
    if confirm is None:
        if kind == "dir":
            raise usage_error(
                f"{path} {problem}; not writing into it without --force.",
                hint="Use --force to write into it anyway, or name a new or empty folder.",
            )
        raise usage_error(
            f"{path} {problem}; not writing over it without --force.",
            hint="Use --force to overwrite it, or choose another name.",
        )
    question = "Write into it anyway?" if kind == "dir" else "Overwrite it?"
    if not confirm(f"{path} {problem}. {question}"):
        raise HerstudyError(f"{path}: left as it was")


@contextlib.contextmanager
def write_atomic(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; it replaces ``path`` on success.

    A failed or interrupted export leaves the old file as it was and no
    half-written one. An ``OSError`` becomes a one-line ``HerstudyError``.
    """
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise HerstudyError(f"{path}: cannot write: {e.strerror or e}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _set_mode(tmp, path)
        os.replace(tmp, path)
    except OSError as e:
        raise HerstudyError(f"{path}: cannot write: {e.strerror or e}") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see ``write_atomic``)."""
    with write_atomic(path) as tmp:
        tmp.write_bytes(data)


def _set_mode(tmp: Path, path: Path) -> None:
    """The mode a plain ``open(path, "w")`` would give, not mkstemp's private 0600."""
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)
