"""Study cards made from the film: one front/back pair per fact worth remembering.

Pure: no sqlite3, no fsrs, no rich. A card's id is ``f"{topic}:{entry}:{kind}"``,
built from the entry's id and the card's kind and never from its text, so
rewording a sentence in the data file keeps the card's review history.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from herstudy.model import Film

TOPICS = ("facts", "themes", "symbols", "characters", "arc", "quotes", "questions")
"""Card topics, in the order ``make_cards`` emits them."""

TOPIC_TITLES = {
    "facts": "Facts",
    "themes": "Themes",
    "symbols": "Symbols",
    "characters": "Characters",
    "arc": "Arcs",
    "quotes": "Quotes",
    "questions": "Questions",
}
"""How a topic is named to people: in stats, on a card, as an Anki sub-deck."""

QUIZ_KIND = {
    "themes": "summary",
    "symbols": "meaning",
    "characters": "role",
    "arc": "happens",
    "quotes": "speaker",
    "questions": "discuss",
}
"""Which card of an entry a quiz answer about that entry counts towards."""

_FACT_ALIASES = {
    "release_date": "release-date",
    "released": "release-date",
    "year": "release-date",
    "runtime_minutes": "runtime",
    "genre": "genres",
    "stars": "cast",
}


@dataclass(frozen=True)
class Card:
    id: str
    """``f"{topic}:{entry}:{kind}"``, e.g. ``themes:loneliness:summary``."""
    topic: str
    """``facts``, ``themes``, ``symbols``, ``characters``, ``arc``, ``quotes`` or ``questions``."""
    entry: str
    """The entry's id (for facts, the film's id)."""
    kind: str
    """The card's kind within the entry, e.g. ``summary``, ``which-symbol``, ``speaker``."""
    front: str
    back: str
    themes: tuple[str, ...]
    """Ids of the themes the card belongs to."""


def _card(
    topic: str, entry: str, kind: str, front: str, back: str, themes: tuple[str, ...]
) -> Card:
    return Card(
        id=f"{topic}:{entry}:{kind}",
        topic=topic,
        entry=entry,
        kind=kind,
        front=front,
        back=back,
        themes=themes,
    )


def _long_date(d: datetime.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _theme_index(film: Film) -> dict[tuple[str, str], tuple[str, ...]]:
    """(section, entry id) → the ids of the themes linked to it, in theme order."""
    index: dict[tuple[str, str], dict[str, None]] = {}
    for theme in film.themes:
        links = film.links(theme)
        for section, entries in (
            ("symbols", links.symbols),
            ("arc", links.beats),
            ("quotes", links.quotes),
            ("characters", links.characters),
        ):
            for e in entries:
                index.setdefault((section, e.id), {})[theme.id] = None
    for q in film.questions:
        for tid in q.themes:
            if tid in film.theme_by_id:
                index.setdefault(("questions", q.id), {})[tid] = None
    return {key: tuple(ids) for key, ids in index.items()}


def _facts(film: Film) -> Iterator[Card]:
    info = film.film
    fid, title = info.id, info.title
    if info.director:
        yield _card("facts", fid, "director", f"Who directed {title}?", info.director, ())
    if info.release_date:
        yield _card(
            "facts",
            fid,
            "release-date",
            f"When was {title} released?",
            _long_date(info.release_date),
            (),
        )
    if info.runtime_minutes:
        yield _card(
            "facts",
            fid,
            "runtime",
            f"How long is {title}?",
            f"{info.runtime_minutes} minutes",
            (),
        )
    if info.country:
        yield _card("facts", fid, "country", f"Which country is {title} from?", info.country, ())
    if info.cast:
        yield _card("facts", fid, "cast", f"Who stars in {title}?", ", ".join(info.cast), ())
    if info.genres:
        yield _card(
            "facts", fid, "genres", f"What kind of film is {title}?", ", ".join(info.genres), ()
        )
    if info.tagline:
        yield _card("facts", fid, "tagline", f"What is the tagline of {title}?", info.tagline, ())


def make_cards(film: Film) -> tuple[Card, ...]:
    """Every card for the film, in a stable order: by topic, then in data order."""
    tix = _theme_index(film)
    cards: list[Card] = list(_facts(film))

    for t in film.themes:
        themes: tuple[str, ...] = (t.id,)
        cards.append(
            _card(
                "themes", t.id, "summary", f"Theme: {t.title}. What is it about?", t.summary, themes
            )
        )
        cards.append(
            _card(
                "themes", t.id, "which-theme", f"Which theme is this? {t.summary}", t.title, themes
            )
        )

    for s in film.symbols:
        themes = tix.get(("symbols", s.id), ())
        label = "motif" if s.kind == "motif" else "symbol"
        cards.append(
            _card(
                "symbols",
                s.id,
                "meaning",
                f"What does the {label} “{s.name}” stand for?",
                s.meaning,
                themes,
            )
        )
        cards.append(
            _card(
                "symbols",
                s.id,
                "which-symbol",
                f"Which {label} stands for this? {s.meaning}",
                s.name,
                themes,
            )
        )

    for c in film.characters:
        themes = tix.get(("characters", c.id), ())
        cards.append(_card("characters", c.id, "role", f"Who is {c.name}?", c.role, themes))
        cards.append(
            _card(
                "characters",
                c.id,
                "which-character",
                f"Which character is this? {c.role}",
                c.name,
                themes,
            )
        )
        if c.represents:
            cards.append(
                _card(
                    "characters",
                    c.id,
                    "represents",
                    f"What does {c.name} represent?",
                    c.represents,
                    themes,
                )
            )

    for arc in film.arcs:
        who = film.character_by_id.get(arc.character)
        name = who.name if who else arc.character
        for b in arc.beats:
            themes = tix.get(("arc", b.id), ())
            cards.append(
                _card(
                    "arc",
                    b.id,
                    "happens",
                    f"{name}'s arc, “{b.title}”: what happens?",
                    b.happens,
                    themes,
                )
            )
            cards.append(
                _card(
                    "arc",
                    b.id,
                    "meaning",
                    f"{name}'s arc, “{b.title}”: what does it mean?",
                    b.meaning,
                    themes,
                )
            )

    for q in film.quotes:
        themes = tix.get(("quotes", q.id), ())
        speaker = film.character_by_id.get(q.speaker)
        speaker_name = speaker.name if speaker else q.speaker
        to = ""
        if q.addressee:
            addressee = film.character_by_id.get(q.addressee)
            to = f" to {addressee.name if addressee else q.addressee}"
        line = f"“{q.text}”" + (" (wording approximate)" if q.approximate else "")
        cards.append(
            _card(
                "quotes",
                q.id,
                "line",
                f"{speaker_name}{to}, {q.context}. What is the line?",
                line,
                themes,
            )
        )
        cards.append(
            _card(
                "quotes",
                q.id,
                "speaker",
                f"Who says this, and when? “{q.text}”",
                f"{speaker_name}{to}, {q.context}",
                themes,
            )
        )
        cards.append(
            _card(
                "quotes",
                q.id,
                "meaning",
                f"What does this line mean? “{q.text}”",
                q.meaning,
                themes,
            )
        )

    for qu in film.questions:
        themes = tix.get(("questions", qu.id), ())
        if qu.discussion:
            back = qu.discussion
        else:
            titles = [film.theme_by_id[t].title for t in themes]
            back = "Open question; think it through" + (
                f" with: {', '.join(titles)}." if titles else "."
            )
        cards.append(_card("questions", qu.id, "discuss", qu.question, back, themes))

    return tuple(cards)


def card_for_quiz(film: Film, topic: str, entry: str) -> str | None:
    """The id of the card a quiz answer about ``entry`` counts towards, or None.

    For ``facts``, ``entry`` may name a key fact (``director``, ``year``,
    ``runtime``…); the film's own id names no single fact and gives None.
    Otherwise the entry is looked up in the topic's own section first, then in
    any section (a hand-written quiz item, or a ``facts`` question about a
    character, names an entry of another section).
    """
    if topic == "facts":
        kind = _FACT_ALIASES.get(entry, entry)
        wanted = f"facts:{film.film.id}:{kind}"
        if any(c.id == wanted for c in _facts(film)):
            return wanted
    sections: dict[str, set[str]] = {
        "themes": set(film.theme_by_id),
        "symbols": set(film.symbol_by_id),
        "characters": set(film.character_by_id),
        "arc": set(film.beat_by_id),
        "quotes": set(film.quote_by_id),
        "questions": {q.id for q in film.questions},
    }
    order = ([topic] if topic in sections else []) + [s for s in sections if s != topic]
    for section in order:
        if entry in sections[section]:
            return f"{section}:{entry}:{QUIZ_KIND[section]}"
    return None
