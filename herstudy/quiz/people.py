"""Questions on the people: which character a role describes, who plays them, who says a line."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator

from herstudy.model import GAP, Character, Film
from herstudy.progress.cards import character_card, plays_is_fair, speaker_card, speaker_line
from herstudy.quiz.check import normalise, stem
from herstudy.quiz.question import About, Question, build
from herstudy.quiz.wording import sentence
from herstudy.text import first_sentence


def _name_words(c: Character) -> list[set[str]]:
    """The words of each name a text could call the character by (a word of the name, an alias)."""
    return [set(normalise(n).split()) for n in (*c.name.split(), *c.aliases) if len(n) > 2]


def _words(text: str) -> set[str]:
    return set(normalise(re.sub(r"['’]s\b", "", text)).split())


def _named_in(names: list[set[str]], words: set[str]) -> bool:
    """Whether a text (its ``_words``) names a character (its ``_name_words``)."""
    return any(name <= words for name in names)


def characters(film: Film, rng: random.Random) -> Iterator[Question | None]:
    people = film.characters
    title = film.film.title
    names = [_name_words(c) for c in people]  # once, not once per pair of characters
    for i, c in enumerate(people):
        themes = film.themes_about("characters", c.id)
        who = first_sentence(c.description) if c.description else f"{c.name}."
        role = About("characters", "characters", c.id, "role", themes, character_card(c, "role"))
        words = _words(c.role)
        # A role that names its own character would give the answer away; masking the
        # name leaves a blank, so such a role is simply not asked.
        if not _named_in(names[i], words):
            yield build(
                role,
                "choice",
                f"Which character of {title} is this?",
                c.name,
                rng=rng,
                # Not those the role names ("Theodore's ex-wife" is not Theodore).
                wrong=[
                    o.name
                    for o, named in zip(people, names, strict=True)
                    if o is not c and not _named_in(named, words)
                ],
                passage=c.role,
                explanation=who,
            )
            if len(people) >= 3:
                first_name = [w for w in c.name.split() if len(w) > 2][:1]
                yield build(
                    role,
                    "typed",
                    f"Which character of {title} is this? (a name)",
                    c.name,
                    passage=c.role,
                    accept=[*first_name, *c.aliases],
                    explanation=who,
                )
        if plays_is_fair(film, c):
            # Typed, not chosen: offered names would tell a man's part from a woman's.
            yield build(
                About(
                    "characters", "characters", c.id, "actor", themes, character_card(c, "actor")
                ),
                "typed",
                f"Who plays {c.name} in {title}? (a name)",
                c.actor,
                accept=c.actor.split()[-1:],
                explanation=f"{c.actor} plays {c.name}.",
            )


_SMALL = frozenset(
    """about after again also because been before being could does from have here into
    just more must only other over should some something than that their them then there
    these they this those through very were what when where which while will with would
    your""".split()
)


def _blank_word(text: str) -> str | None:
    """The word to leave out of a line: its last word of four letters or more, not a small
    one, and not one the rest of the line repeats (it would show through the gap)."""
    found = re.findall(r"[^\W\d_][\w'’]*", text)
    count = Counter(stem(normalise(w)) for w in found)
    words = [w for w in found if len(w) >= 4 and count[stem(normalise(w))] == 1]
    words = [w for w in words if w.lower().replace("’", "'") not in _SMALL and "'" not in w]
    return words[-1] if words else None


def quotes(film: Film, rng: random.Random) -> Iterator[Question | None]:
    speakers = list(dict.fromkeys(q.speaker for q in film.quotes))
    speaking = set(speakers)
    for quote in film.quotes:
        speaker = film.character_by_id[quote.speaker]
        themes = film.themes_about("quotes", quote.id)
        ask, said = speaker_line(film, quote.id)
        context = f"{said}. {sentence(first_sentence(quote.context))}"
        if len(film.characters) >= 3:
            # Those with lines of their own first: they are the likelier guesses.
            talkers = [film.character_by_id[s].name for s in speakers if s != quote.speaker]
            rng.shuffle(talkers)
            rest = [c.name for c in film.characters if c.id not in speaking]
            rng.shuffle(rest)
            yield build(
                About("quotes", "quotes", quote.id, "speaker", themes, speaker_card(quote.id)),
                "who-said",
                ask,
                speaker.name,
                rng=rng,
                wrong=talkers + rest,
                ranked=True,
                passage=quote.text,
                explanation=context,
            )
        word = None if quote.approximate else _blank_word(quote.text)
        if word:
            gapped = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", GAP, quote.text, count=1)
            yield build(
                About("quotes", "quotes", quote.id, "words", themes),
                "cloze",
                f"Fill the gap in {speaker.name}'s line. (a word)",
                word,
                passage=gapped,
                explanation=f"“{quote.text}” {context}",
            )
