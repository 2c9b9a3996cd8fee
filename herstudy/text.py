"""Plain-text helpers shared by the views, the cards and the quiz."""

from __future__ import annotations

import re


def sentences(text: str) -> list[str]:
    """The sentences of a text: split after . ! ? where a capital or a quote follows."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'“‘])", text.strip()) if s]


def first_sentence(text: str) -> str:
    """The text up to its first full stop, question or exclamation mark."""
    m = re.match(r"(.+?[.!?])(\s|$)", text.strip())
    return m.group(1) if m else text.strip()


# --- control characters -------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""C0 controls but tab and newline, DEL and the C1 range (what a terminal would obey);
the bidirectional overrides and isolates (which reorder what a reader sees, as in
"Trojan Source"); and lone surrogates (which no output encoding can write)."""


def _shown(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    if code < 0x20:
        return "^" + chr(code + 0x40)  # ESC → ^[, BEL → ^G: caret notation, as git and cat -v
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """``text`` with every control character but tab and newline shown, never obeyed.

    ``"\\x1b[2J"`` becomes ``"^[[2J"``; a C1 control such as U+009B becomes
    ``"<U+009B>"``, and so do a bidirectional override and a lone surrogate
    (``"<U+202E>"``, ``"<U+D800>"``). A carriage return before a newline (a Windows line end) is
    dropped. Text without control characters comes back as it is.
    """
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(_shown, text.replace("\r\n", "\n"))


_ESCAPE = re.compile(r'\\[^nt"\\/]')
"""A backslash escape in a TOML or JSON string that may stand for a control character
(``\\b``, ``\\f``, ``\\r``, ``\\u001b``, ``\\e``, ``\\x1b``…); ``\\n``, ``\\t``, ``\\"``,
``\\\\`` and ``\\/`` cannot. Finds more than it must (``\\\\u`` is a backslash, then a u)."""


def may_hide_controls(source: str) -> bool:
    """Whether data parsed from the TOML or JSON text ``source`` may hold a string or key
    that ``visible`` would change: the text has a control character, or an escape that
    may stand for one. False means ``cleaned`` would give the data back as it is."""
    return _CONTROL.search(source) is not None or _ESCAPE.search(source) is not None


def cleaned(value: object) -> object:
    """Parsed data (dicts, lists, strings, numbers) with every string and key ``visible``."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {visible(k) if isinstance(k, str) else k: cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [cleaned(v) for v in value]
    return value


def echo(value: str, width: int = 80) -> str:
    """A value quoted back in a message: visible, on one line, at most ``width`` characters."""
    text = visible(value).replace("\n", "\\n").replace("\t", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


_JSON_RAW = re.compile(r"[\x7f-\x9f]")


def json_controls(text: str) -> str:
    """JSON text with DEL and the C1 controls as ``\\uXXXX`` too (JSON escapes only C0)."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
