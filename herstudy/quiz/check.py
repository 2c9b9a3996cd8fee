"""Checking a typed answer: forgiving case, accents, punctuation, articles and a small typo."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: 'Inés!' -> 'ines'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("’", "").replace("'", "")
    return " ".join(re.findall(r"[^\W_]+", bare))


def _without_article(text: str) -> str:
    """Without a leading article or possessive: 'his work' and 'work' are one answer."""
    bare = re.sub(r"^(the|a|an|his|her|their|its|your|our|my) ", "", text)
    return bare or text


def typo_distance(a: str, b: str) -> int:
    """Edits from one string to another; swapping two neighbours counts as one."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            best = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, rows[-2][j - 2] + 1)
            row.append(best)
        rows.append(row)
    return rows[-1][-1]


def _allowed_typos(answer: str) -> int:
    letters = len(answer.replace(" ", ""))
    return 0 if letters <= 3 else 1 if letters <= 7 else 2


def matches(typed: str, answers: Sequence[str]) -> bool:
    """Whether ``typed`` is one of ``answers``, forgiving case, punctuation and a small typo.

    Numbers must match exactly: '2013' is right, '2012' and '20013' are not.
    """
    got = _without_article(normalise(typed))
    if not got:
        return False
    for answer in answers:
        want = _without_article(normalise(answer))
        if not want:
            continue
        digits = re.findall(r"\d+", want)
        if digits:
            words = re.sub(r"\d+", "", got).split()
            if re.findall(r"\d+", got) == digits and (
                not words or words == re.sub(r"\d+", "", want).split()
            ):
                return True
        elif _negates(got, want):
            continue
        elif typo_distance(got, want) <= _allowed_typos(want) or _same_words(got, want):
            return True
    return False


_NEGATIONS = ("un", "in", "im", "il", "ir", "dis", "non", "a")


def _negates(got: str, want: str) -> bool:
    """'permanent' for 'impermanent' is the opposite, not a typo."""
    short, long = sorted((got, want), key=len)
    return long != short and long.endswith(short) and long[: -len(short)] in _NEGATIONS


def stem(word: str) -> str:
    """A rough stem, enough to tell that 'letters' and 'letter', 'bodies' and 'body',
    'changing' and 'change' are one word."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix in ("ing", "ed") and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]  # 'regretted' → 'regret'
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


_SAME = {"never": "not"}
"""Words that say the same thing in an answer: 'never wasted' is 'not wasted'."""


def _words(text: str) -> list[str]:
    return sorted(stem(_SAME.get(w, w)) for w in text.split() if w != "and")


_NOT = frozenset({"not", "no", "never", "without", "nor", "neither", "none", "nothing"})


def _same_words(got: str, want: str) -> bool:
    """The same words in another order or form ('futuristic and retro' for 'retro and
    futuristic', 'lamented' for 'laments'), give or take two words that add nothing
    ('find love again' for 'find love', 'the color blue' for 'blue'), never a 'not'."""
    if not got or re.search(r"\d", want):
        return False
    mine, theirs = _words(got), _words(want)
    extra = list(mine)
    for w in theirs:
        if w not in extra:
            return False
        extra.remove(w)
    return len(extra) <= 2 and len(theirs) >= len(extra) and not _NOT & set(extra)
