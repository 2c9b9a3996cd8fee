"""The film as typed, immutable data.

Every object here is a frozen ``msgspec.Struct``: the loader builds them once from
TOML (or JSON) and nothing changes them afterwards. Field names are the keys of
the data file and of ``--format json``, so they are a contract: rename none
without a migration note in docs/film-format.md.

This module knows nothing about the terminal: no typer, rich or questionary.
"""

from __future__ import annotations

import datetime
from functools import cached_property
from typing import Annotated, Literal

import msgspec

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Id = Annotated[str, msgspec.Meta(pattern=SLUG)]
"""A lowercase slug (``theodore``, ``color-red``) naming an entry within its section."""
Text = Annotated[str, msgspec.Meta(min_length=1)]
"""Text that must not be empty."""


class Entry(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of every entry: where its facts come from."""

    sources: Annotated[tuple[Text, ...], msgspec.Meta(min_length=1)]
    """Seed file names the facts come from, or ``general`` for well-established public facts."""


class Rating(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    score: float
    votes: int
    scale: int = 10


class FilmInfo(Entry, frozen=True, kw_only=True):
    """The key facts."""

    id: Id
    title: Text
    tagline: str = ""
    logline: str = ""
    description: str = ""
    release_date: datetime.date | None = None
    country: str = ""
    runtime_minutes: int | None = None
    rating: Rating | None = None
    director: str = ""
    cast: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    budget_usd: int | None = None
    box_office_usd: int | None = None
    themes: tuple[Id, ...] = ()
    """The film's headline themes, by theme id."""

    @property
    def year(self) -> int | None:
        return self.release_date.year if self.release_date else None


class Character(Entry, frozen=True, kw_only=True):
    id: Id
    name: Text
    role: Text
    """Who they are, in a line."""
    description: str = ""
    represents: str = ""
    """What the character stands for."""
    actor: str = ""
    aliases: tuple[str, ...] = ()


class Theme(Entry, frozen=True, kw_only=True):
    id: Id
    title: Text
    summary: Text
    """One line."""
    explanation: Text
    symbols: tuple[Id, ...] = ()
    beats: tuple[Id, ...] = ()
    quotes: tuple[Id, ...] = ()
    characters: tuple[Id, ...] = ()


class Symbol(Entry, frozen=True, kw_only=True):
    id: Id
    name: Text
    kind: Literal["symbol", "motif"] = "symbol"
    meaning: Text
    appearances: Annotated[tuple[Text, ...], msgspec.Meta(min_length=1)]
    """Where it appears, one place per item."""
    themes: tuple[Id, ...] = ()
    aliases: tuple[str, ...] = ()


class Beat(Entry, frozen=True, kw_only=True):
    id: Id
    order: int
    """Position in the film; strictly increasing within an arc."""
    title: Text
    happens: Text
    """What happens."""
    meaning: Text
    """What it means."""
    themes: tuple[Id, ...] = ()
    reflect: str = ""
    """A question to reflect on after the beat (arc --walk); one is made up if empty."""


class Arc(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    character: Id
    summary: str = ""
    beats: Annotated[tuple[Beat, ...], msgspec.Meta(min_length=1)]


class Quote(Entry, frozen=True, kw_only=True):
    id: Id
    text: Text
    speaker: Id
    addressee: Id | None = None
    context: Text
    meaning: Text
    themes: tuple[Id, ...] = ()
    beat: Id | None = None
    approximate: bool = False
    """True where the source gives the wording only roughly."""


class Question(Entry, frozen=True, kw_only=True):
    id: Id
    kind: Literal["philosophical", "discussion", "essay"] = "philosophical"
    question: Text
    discussion: str = ""
    themes: tuple[Id, ...] = ()


class Meaning(Entry, frozen=True, kw_only=True):
    """The film's core meaning."""

    summary: Text
    text: Text
    themes: tuple[Id, ...] = ()


class QuizItem(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A hand-written quiz question carried by the data file."""

    id: Id
    kind: Literal["choice", "truefalse", "typed"]
    topic: Literal["facts", "themes", "symbols", "arc", "quotes", "questions"]
    prompt: Text
    answer: Text
    """The right answer; for truefalse, ``true`` or ``false``."""
    options: tuple[str, ...] = ()
    """Wrong options for a choice question."""
    explanation: Text
    entry: Id | None = None
    """The entry the question tests, if any."""


class Film(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, dict=True):
    """A whole film file."""

    film: FilmInfo
    characters: tuple[Character, ...] = ()
    themes: tuple[Theme, ...] = ()
    symbols: tuple[Symbol, ...] = ()
    arcs: tuple[Arc, ...] = ()
    quotes: tuple[Quote, ...] = ()
    questions: tuple[Question, ...] = ()
    meaning: Meaning | None = None
    quiz: tuple[QuizItem, ...] = ()

    # Indexes, built on first use. The data is immutable, so they never go stale.

    @cached_property
    def character_by_id(self) -> dict[Id, Character]:
        return {c.id: c for c in self.characters}

    @cached_property
    def theme_by_id(self) -> dict[Id, Theme]:
        return {t.id: t for t in self.themes}

    @cached_property
    def symbol_by_id(self) -> dict[Id, Symbol]:
        return {s.id: s for s in self.symbols}

    @cached_property
    def quote_by_id(self) -> dict[Id, Quote]:
        return {q.id: q for q in self.quotes}

    @cached_property
    def arc_by_character(self) -> dict[Id, Arc]:
        return {a.character: a for a in self.arcs}

    @cached_property
    def beat_by_id(self) -> dict[Id, Beat]:
        return {b.id: b for a in self.arcs for b in a.beats}

    @cached_property
    def arc_of_beat(self) -> dict[Id, Arc]:
        return {b.id: a for a in self.arcs for b in a.beats}

    @cached_property
    def _theme_links(self) -> dict[Id, ThemeLinks]:
        """Links in both directions: a theme lists an entry, or the entry lists the theme."""
        links: dict[Id, dict[str, dict[Id, None]]] = {
            t.id: {
                "symbols": dict.fromkeys(t.symbols),
                "beats": dict.fromkeys(t.beats),
                "quotes": dict.fromkeys(t.quotes),
                "characters": dict.fromkeys(t.characters),
            }
            for t in self.themes
        }
        for s in self.symbols:
            for tid in s.themes:
                links.get(tid, {}).setdefault("symbols", {})[s.id] = None
        for a in self.arcs:
            for b in a.beats:
                for tid in b.themes:
                    links.get(tid, {}).setdefault("beats", {})[b.id] = None
        for q in self.quotes:
            for tid in q.themes:
                links.get(tid, {}).setdefault("quotes", {})[q.id] = None
        return {
            tid: ThemeLinks(
                symbols=tuple(self.symbol_by_id[i] for i in d["symbols"] if i in self.symbol_by_id),
                beats=tuple(
                    sorted(
                        (self.beat_by_id[i] for i in d["beats"] if i in self.beat_by_id),
                        key=self._beat_position,
                    )
                ),
                quotes=tuple(self.quote_by_id[i] for i in d["quotes"] if i in self.quote_by_id),
                characters=tuple(
                    self.character_by_id[i] for i in d["characters"] if i in self.character_by_id
                ),
            )
            for tid, d in links.items()
        }

    def _beat_position(self, beat: Beat) -> tuple[int, int]:
        arc = self.arc_of_beat[beat.id]
        return (self.arcs.index(arc), beat.order)

    def links(self, theme: Theme) -> ThemeLinks:
        """Everything linked to a theme, from either side of the link."""
        return self._theme_links[theme.id]

    def themes_of(self, ids: tuple[Id, ...]) -> tuple[Theme, ...]:
        return tuple(self.theme_by_id[i] for i in ids if i in self.theme_by_id)

    @property
    def beats(self) -> tuple[Beat, ...]:
        return tuple(b for a in self.arcs for b in a.beats)

    def counts(self) -> dict[str, int]:
        return {
            "characters": len(self.characters),
            "themes": len(self.themes),
            "symbols": len(self.symbols),
            "beats": sum(len(a.beats) for a in self.arcs),
            "quotes": len(self.quotes),
            "questions": len(self.questions),
        }


class ThemeLinks(msgspec.Struct, frozen=True):
    symbols: tuple[Symbol, ...]
    beats: tuple[Beat, ...]
    quotes: tuple[Quote, ...]
    characters: tuple[Character, ...]
