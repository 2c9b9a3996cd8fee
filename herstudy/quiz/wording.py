"""How questions read, and whether their options are fair: pure text helpers.

The fairness checks here are used twice: by the generators, which drop a
question or an option that fails them, and by the tests, which lint every
question of many quizzes with the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from herstudy.quiz.check import normalise, stem

BLANK = "___"
"""A masked-out word. Never shown: a cloze's gap is ``model.GAP``."""


def sentence(text: str) -> str:
    """The text ending in a full stop (or its own ! ? …)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def join(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def is_plural(name: str) -> bool:
    """Whether a name reads as plural ('Handwritten letters', 'High-waisted trousers')."""
    last = normalise(name).split()[-1:] or [""]
    word = last[0]
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


# --- fairness -------------------------------------------------------------------------------

_STOP = frozenset(
    """a about above after again against all also an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    every few for from further had has have having he her here hers him his how i if in
    into is it its itself just me more most much must my no nor not now of off on once only
    or other our out over own same she should so some such than that the their them then
    there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your film films""".split()
)


def content_words(text: str) -> set[str]:
    """The words that carry meaning, lower-cased and roughly stemmed ('letters' → 'letter')."""
    return {
        stem(w) for w in normalise(text).split() if w.isdigit() or (w not in _STOP and len(w) > 2)
    }


def overlap(option: str, asked: str) -> int:
    """How many content words an option shares with what is asked."""
    return len(content_words(option) & content_words(asked))


def gives_away(answer: str, wrong: Iterable[str], asked: str) -> bool:
    """True if the right option echoes what is asked by two words or more than any wrong one."""
    best_wrong = max((overlap(w, asked) for w in wrong), default=0)
    return overlap(answer, asked) - best_wrong >= 2


def _length(text: str) -> int:
    return len(text.strip())


def outlier(option: str, others: Sequence[str]) -> bool:
    """Whether an option stands out by length: far longer or far shorter than every other."""
    if not others:
        return False
    mine = _length(option)
    longest = max(_length(o) for o in others)
    shortest = min(_length(o) for o in others)
    return mine > 1.6 * longest + 8 or 1.6 * mine + 8 < shortest


def fair_options(answer: str, wrong: Sequence[str], most: int) -> list[str]:
    """Up to ``most`` wrong options, in the order given, such that none stands out by length.

    Options that are the answer or each other, once case and punctuation are ignored,
    are dropped; so is any that would make one option a length outlier.
    """
    seen = {normalise(answer)}
    picked: list[str] = []
    for option in wrong:
        norm = normalise(option)
        if not norm or norm in seen:
            continue
        trial = [answer, *picked, option]
        if any(outlier(o, [x for x in trial if x is not o]) for o in trial) and len(trial) > 2:
            continue
        if len(trial) == 2 and outlier(option, [answer]):
            continue
        seen.add(norm)
        picked.append(option)
        if len(picked) == most:
            break
    return picked
