"""Hand the film to other tools: an Anki package or text file, a Markdown vault, JSON.

This package holds what the three exports share: the one overwrite policy
(``check_target``) and writing a file so that a failure never leaves half of it
behind (``write_atomic``). Like the rest of the library it never prints, never
prompts by itself and never exits: the CLI passes in how to ask (``confirm``) and
turns ``HerstudyError`` into a message.

An export writes regular files only. A device, FIFO or socket where a file
should go is refused, with or without --force: replacing ``/dev/full`` or a
named pipe with a regular file is never what was meant. A symbolic link is
followed: a link to a regular file is written through (the file it names is
replaced, the link stays), a link to anything else is refused like its target,
and a broken link is refused rather than creating a file wherever it points.
"""

from __future__ import annotations

import contextlib
import os
import stat
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

    A file target must be a regular file or nothing yet: a directory, device,
    FIFO, socket or broken symbolic link is an error whatever ``force`` says
    (see ``regular_or_missing``).
    """
    parent = path.parent
    if not parent.is_dir():
        what = "is not a directory" if parent.exists() else "no such directory"
        raise HerstudyError(f"{path}: cannot write: {parent}: {what}")
    if kind == "file":
        exists = regular_or_missing(path)
    else:
        mode = _mode(path)
        exists = mode is not None
        if mode is not None and not stat.S_ISDIR(mode):
            what = "is a file, not a directory" if stat.S_ISREG(mode) else "not a directory"
            raise HerstudyError(f"{path}: {what}")
    if problem is None and kind == "file" and exists:
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


def _mode(path: Path) -> int | None:
    """``path``'s file type and mode, following symbolic links; None if nothing is there.

    A link that leads nowhere (or round in a loop) is neither: a ``HerstudyError``.
    """
    try:
        return os.stat(path).st_mode
    except OSError:
        if os.path.islink(path):
            raise HerstudyError(f"{path}: a broken symbolic link; give a file name") from None
        # Nothing there, or something in the way that writing will name.
        return None


def regular_or_missing(path: Path) -> bool:
    """Does ``path`` hold a regular file (True) or nothing (False)? Anything else raises.

    Only these two may be replaced by an export: a directory, a device such as
    ``/dev/full``, a FIFO, a socket or a broken symbolic link is a one-line
    ``HerstudyError``. A link to a regular file counts as that file.
    """
    mode = _mode(path)
    if mode is None:
        return False
    if stat.S_ISDIR(mode):
        raise HerstudyError(f"{path}: is a directory; give a file name")
    if not stat.S_ISREG(mode):
        raise HerstudyError(f"{path}: not a regular file; give a file name")
    return True


@contextlib.contextmanager
def write_atomic(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; it replaces ``path`` on success.

    A failed or interrupted export leaves the old file as it was and no
    half-written one. An ``OSError`` becomes a one-line ``HerstudyError``.
    Only a regular file or nothing is replaced (``regular_or_missing``, checked
    before writing and again just before the replace); a symbolic link to a
    regular file is written through, so the link stays and its file changes.
    """
    regular_or_missing(path)
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as e:
        raise HerstudyError(f"{path}: cannot write: {e.strerror or e}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _set_mode(tmp, target)
        regular_or_missing(target)  # whatever appeared there meanwhile
        os.replace(tmp, target)
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
