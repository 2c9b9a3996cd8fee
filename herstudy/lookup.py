"""Find an entry by what a student types: its id, its name, an alias or a unique prefix."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from herstudy.errors import usage_error
from herstudy.text import echo

T = TypeVar("T")

_WORD = re.compile(r"[a-z0-9]+")


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def find(
    kind: str,
    query: str,
    entries: Sequence[T],
    names: Callable[[T], Sequence[str]],
    ident: Callable[[T], str],
) -> T:
    """The one entry ``query`` names, or a usage error naming the closest matches.

    Tried in turn, first level with exactly one match wins: an exact id, name or
    alias; a prefix of one; a prefix of any word in one (``red`` finds "The color
    red"). Case, punctuation and hyphens do not matter.
    """
    q = _norm(query)
    if not q:
        raise usage_error(f"No {kind} named '{echo(query)}'.")
    keyed = [(e, [_norm(n) for n in names(e)]) for e in entries]
    levels: list[Callable[[str], bool]] = [
        lambda key: key == q,
        lambda key: key.startswith(q),
        lambda key: any(w.startswith(q) for w in _word_suffixes(key)),
    ]
    for matches_key in levels:
        found = [e for e, keys in keyed if any(matches_key(k) for k in keys)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            options = ", ".join(ident(e) for e in found)
            raise usage_error(f"'{echo(query)}' could be more than one {kind}: {options}.")
    candidates = {k: ident(e) for e, keys in keyed for k in keys}
    close = difflib.get_close_matches(q, list(candidates), n=3, cutoff=0.6)
    # Only the near-best: 'thedore' should suggest theodore, not also catherine.
    best = max((_similarity(q, c) for c in close), default=0.0)
    close = [c for c in close if _similarity(q, c) >= best - 0.1]
    suggestions = list(dict.fromkeys(candidates[c] for c in close))
    hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
    known = ", ".join(ident(e) for e in entries[:12])
    if not suggestions and known:
        hint = f" Known: {known}{', ...' if len(entries) > 12 else '.'}"
    raise usage_error(f"No {kind} '{echo(query)}'.{hint}")


def _word_suffixes(key: str) -> list[str]:
    """'the color red' -> ['color red', 'red']: the key from each later word on."""
    words = key.split(" ")
    return [" ".join(words[i:]) for i in range(1, len(words))]


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()
