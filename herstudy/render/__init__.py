"""Turn a ``doc.View`` into one output format and write it to stdout.

One function decides the default format (Rich on a terminal, Markdown in a
pipe); ``--format`` overrides it. Each format lives in its own module and is
imported only when chosen.
"""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # herstudy.doc costs --version, --help and completion ~9 ms, for nothing
    from herstudy.doc import View


class Format(str, enum.Enum):
    rich = "rich"
    markdown = "markdown"
    json = "json"
    plain = "plain"


def default_format(stream: TextIO | None = None) -> Format:
    stream = stream or sys.stdout
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return Format.rich if tty else Format.markdown


def unicode_ok(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "ascii").lower().replace("-", "")
    return encoding.startswith("utf")


_ASCII = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "—": "--",
        "–": "-",
        "…": "...",
        "⭐": "*",
        "●": "*",
        "·": "-",
        "→": "->",
        "é": "e",
        " ": " ",
    }
)


def to_ascii(text: str) -> str:
    """Readable ASCII for a stream that cannot take more (``PYTHONIOENCODING=ascii``)."""
    return text.translate(_ASCII).encode("ascii", "replace").decode("ascii")


def render_text(view: View, fmt: Format, width: int | None = None) -> str:
    """The view as a string in a text format (all but Rich, which draws to a console)."""
    if fmt is Format.json:
        from herstudy.render.json import render_json

        return render_json(view)
    from herstudy.render.text import render_markdown, render_plain

    return render_markdown(view) if fmt is Format.markdown else render_plain(view)


def emit(view: View, fmt: Format | None = None, stream: TextIO | None = None) -> None:
    """Write the view to stdout in ``fmt`` (default: by what stdout is)."""
    out = stream or sys.stdout
    fmt = fmt or default_format(out)
    if fmt is Format.rich:
        from herstudy.render.rich import render_rich

        render_rich(view, out)
    elif fmt is Format.json and not unicode_ok(out):
        from herstudy.render.json import render_json

        out.write(render_json(view, ascii=True))  # \u escapes keep the text exact
    else:
        text = render_text(view, fmt)
        if fmt is not Format.json and _after_text(out):
            text = "\n" + text  # a blank line, so that `herstudy … >> notes.md` twice stays apart
        out.write(text if unicode_ok(out) else to_ascii(text))
    out.flush()
    if view.hint and fmt is Format.rich and default_format(out) is Format.rich:
        hint = view.hint if unicode_ok(sys.stderr) else to_ascii(view.hint)
        print(wrap(hint, sys.stderr), file=sys.stderr)


def _after_text(stream: TextIO) -> bool:
    """Does ``stream`` write into a regular file that holds something already (``>>``, or
    a second command into one ``>``)? A pipe, a terminal or an empty file: no."""
    import os
    import stat

    try:
        stream.flush()
        info = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):  # no file descriptor (a test's StringIO)
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size > 0


def columns(stream: TextIO) -> int:
    """How wide the terminal ``stream`` goes to is: $COLUMNS (as Rich and prompt_toolkit
    read it), else the terminal's own width, else 80."""
    import os
    import shutil

    if (given := os.environ.get("COLUMNS", "")).isdigit() and int(given) > 0:
        return int(given)
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return shutil.get_terminal_size().columns


def wrap(text: str, stream: TextIO) -> str:
    """``text`` in lines as wide as the terminal, broken between words (never inside one,
    nor at the hyphen of an option such as --build)."""
    import textwrap

    width = max(columns(stream), 20)
    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)
