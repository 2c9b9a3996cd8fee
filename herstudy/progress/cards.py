"""Study cards made from the film: the written prompts, and the few kinds sound by construction.

Pure: no sqlite3, no fsrs, no rich. Cards come from two places:

- the film's ``[[prompts]]``, written for learning: a question with a short answer,
  or a cloze with one card per deletion (``prompt:<id>``, ``prompt:<id>:<n>``);
- facts with one right value, generated from the data: who directed the film,
  the year it came out, who each character is and who plays them, and who says
  each quote (``facts:her:director``, ``characters:amy:role``,
  ``quotes:<id>:speaker``). A prompt marked ``detail`` is no card.

A card's id is built from ids in the data file, never from its text, so
rewording a sentence keeps the card's review history; a prompt can take over an
older card's history with ``card = "<old id>"``. Cards that no longer exist keep
their reviews in the log and are simply not shown.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import msgspec

from herstudy.model import Character, Film, Prompt, PromptItem, Topic
from herstudy.text import first_sentence

TOPIC_TITLES: dict[str, str] = {
    "facts": "Facts",
    "themes": "Themes",
    "symbols": "Symbols",
    "characters": "Characters",
    "arc": "Arcs",
    "quotes": "Quotes",
    "questions": "Questions",
}
"""How a topic is named to people: in stats, on a card, as an Anki sub-deck."""


class Card(msgspec.Struct, frozen=True, gc=False):
    """One flashcard. A frozen struct: 100,000 of them are made on every review (a
    dataclass's ``__init__`` took four times as long). Untracked by the garbage collector
    (``gc=False``): it holds only strings and tuples of strings, so it can be in no cycle,
    and every collection after making them no longer walks them all (``stats`` at 100,000
    cards: 0.84 -> 0.78 s)."""

    id: str
    topic: Topic
    entry: str
    """The id of the entry it is about (for facts, the film's id)."""
    kind: str
    """``prompt`` for a written prompt; else what it asks (``director``, ``role``, ``speaker``)."""
    front: str
    back: str
    """The answer, short enough to read at a glance."""
    themes: tuple[str, ...]
    """Ids of the themes it belongs to."""
    extra: str = ""
    """A short explanation, shown after the answer and set apart from it."""
    note: str = ""
    """The Anki note it belongs to: the cards of one cloze share one note. Empty: its own."""
    cloze: str = ""
    """For a cloze card, the whole cloze in Anki's syntax (``{{c1::…}}``)."""

    @property
    def note_id(self) -> str:
        return self.note or self.id


# --- ids: the one place each card's id is made ------------------------------------------------


def fact_card(film: Film, fact: str) -> str:
    return f"facts:{film.film.id}:{fact}"


def character_card(character: Character, kind: str) -> str:
    return f"characters:{character.id}:{kind}"


def speaker_card(quote_id: str) -> str:
    return f"quotes:{quote_id}:speaker"


def prompt_card(prompt: Prompt, item: PromptItem) -> str:
    if prompt.card and not prompt.cloze:
        return prompt.card
    return f"prompt:{prompt.id}" + (f":{item.number}" if item.number else "")


# --- the cards --------------------------------------------------------------------------------


def _long_date(d: datetime.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _facts(film: Film) -> Iterator[Card]:
    info = film.film
    title = info.title

    def card(fact: str, front: str, back: str, extra: str = "") -> Card:
        return Card(fact_card(film, fact), "facts", info.id, fact, front, back, (), extra)

    if info.director:
        yield card("director", f"Who directed {title}?", info.director)
    if info.release_date:
        yield card(
            "release-date",
            f"In what year was {title} released?",
            str(info.release_date.year),
            f"On {_long_date(info.release_date)}.",
        )
    # The runtime and the country are asked in the quiz, not rehearsed for months.


def _characters(film: Film) -> Iterator[Card]:
    title = film.film.title
    for c in film.characters:
        themes = film.themes_about("characters", c.id)
        yield Card(
            character_card(c, "role"),
            "characters",
            c.id,
            "role",
            f"Who is {c.name} in {title}?",
            c.role,
            themes,
        )
        if plays_is_fair(film, c):
            yield Card(
                character_card(c, "actor"),
                "characters",
                c.id,
                "actor",
                f"Who plays {c.name} in {title}?",
                c.actor,
                themes,
            )


def plays_is_fair(film: Film, character: Character) -> bool:
    """Whether to ask who plays a character: only the film's named cast (who plays a
    one-scene part is trivia), and never when the name gives it away (Amy, Amy Adams)."""
    names = {w.casefold() for w in (*character.name.split(), *character.aliases)}
    actor = {w.casefold() for w in character.actor.split()}
    return character.actor in film.film.cast and not names & actor


def speaker_line(film: Film, quote_id: str) -> tuple[str, str]:
    """(prompt, answer) for who says a quote, the prompt flagging approximate wording."""
    q = film.quote_by_id[quote_id]
    rough = " (The wording is approximate.)" if q.approximate else ""
    speaker = film.character_by_id[q.speaker].name
    if q.addressee and q.addressee in film.character_by_id:
        speaker += f", to {film.character_by_id[q.addressee].name}"
    return f"Who says this line?{rough}", speaker


def _quotes(film: Film) -> Iterator[Card]:
    if len({q.speaker for q in film.quotes}) < 2 and len(film.characters) < 3:
        return
    for q in film.quotes:
        ask, answer = speaker_line(film, q.id)
        yield Card(
            speaker_card(q.id),
            "quotes",
            q.id,
            "speaker",
            f"{ask}\n“{q.text}”",
            answer,
            film.themes_about("quotes", q.id),
            first_sentence(q.context),
        )


def _prompts(film: Film) -> Iterator[Card]:
    for prompt in (p for p in film.prompts if not p.detail):
        about = film.prompt_about(prompt)
        entry = about[0][1] if about else film.film.id
        topic = film.prompt_topic(prompt)
        themes = film.prompt_themes(prompt)
        note, cloze = (f"prompt:{prompt.id}", prompt.anki_cloze()) if prompt.cloze else ("", "")
        for item in prompt.items():
            yield Card(
                prompt_card(prompt, item),
                topic,
                entry,
                "prompt",
                item.front,
                item.answer,
                themes,
                prompt.explain,
                note=note,
                cloze=cloze,
            )


def make_cards(film: Film) -> tuple[Card, ...]:
    """Every card for the film, in a stable order: the generated facts, then the prompts."""
    return (*_facts(film), *_characters(film), *_quotes(film), *_prompts(film))
