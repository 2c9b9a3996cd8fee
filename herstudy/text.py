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
