"""The film as typed, immutable data.

Every object here is a frozen ``msgspec.Struct``: the loader builds them once from
TOML (or JSON) and nothing changes them afterwards. Field names are the keys of
the data file and of ``--format json``, so they are a contract: rename none
without a migration note in docs/film-format.md.

This module knows nothing about the terminal: no typer, rich or questionary.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Literal, get_args

import msgspec

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z"
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
    """The film's major themes as its sources name them, by theme id, in no rank."""

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
    recurring: bool = False
    """True for what runs through the film (flashbacks, a trait) rather than happening once;
    such beats are never asked in order."""
    same_moment: Id | None = None
    """A beat of another arc that shows the same moment (the two sides of one scene);
    linked either way, see ``Film.moment``."""


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


class Side(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One side of a question that weighs two (or more) answers, with the evidence for it."""

    claim: Text
    """The answer this side gives, as a claim."""
    beats: tuple[Id, ...] = ()
    quotes: tuple[Id, ...] = ()
    symbols: tuple[Id, ...] = ()


class Question(Entry, frozen=True, kw_only=True):
    id: Id
    kind: Literal["philosophical", "discussion", "essay"] = "philosophical"
    question: Text
    discussion: str = ""
    themes: tuple[Id, ...] = ()
    beats: tuple[Id, ...] = ()
    """Evidence: the beats an answer draws on (whichever side it takes)."""
    quotes: tuple[Id, ...] = ()
    symbols: tuple[Id, ...] = ()
    sides: tuple[Side, ...] = ()
    """For a question that weighs answers against each other: each side, with its evidence."""
    thesis: str = ""
    """A working thesis: an answer to the question, as a statement (one that weighs the
    sides, for a question with sides); "" for none."""
    conclusion: str = ""
    """How an answer to this question ties back to the core meaning; "" for none."""


class Source(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A note the film file is written from, as its entries' ``sources`` name it."""

    file: Text
    """The name entries give in ``sources``."""
    name: Text
    """How the text cites it: "note 000"."""
    about: Text
    """What the note is, in a line, so "according to note 000" means something to a reader."""


class Meaning(Entry, frozen=True, kw_only=True):
    """The film's core meaning."""

    summary: Text
    text: Text
    themes: tuple[Id, ...] = ()


Topic = Literal["facts", "themes", "symbols", "characters", "arc", "quotes", "questions"]
"""What a study prompt, a card or a quiz question is about, as grouped in stats and decks."""
TOPICS: tuple[Topic, ...] = get_args(Topic)
Section = Literal["film", "characters", "themes", "symbols", "beats", "quotes", "questions"]
"""The section of the data file an entry is in; ``(section, id)`` names one entry."""
SECTION_TOPIC: dict[Section, Topic] = {
    "film": "facts",
    "characters": "characters",
    "themes": "themes",
    "symbols": "symbols",
    "beats": "arc",
    "quotes": "quotes",
    "questions": "questions",
}

Ref = Annotated[str, msgspec.Meta(pattern=r"^(?:[a-z]+:)?[a-z0-9]+(?:-[a-z0-9]+)*\Z")]
"""An entry's id, or ``section:id`` where the same id names entries of two sections."""

CLOZE = re.compile(r"\{\{(.+?)\}\}")
"""A cloze deletion: ``{{answer}}`` or ``{{answer|variant|variant}}``."""
GAP = "[…]"
"""How a hidden cloze deletion is shown."""
MAX_ANSWER_WORDS = 25
"""An answer is read at a glance: a name, a phrase, one short sentence."""
MAX_EXPLAIN_WORDS = 45
MAX_THESIS_WORDS = 80
"""A working thesis or a conclusion is a sentence or two, not an essay."""


class PromptItem(msgspec.Struct, frozen=True, kw_only=True):
    """One thing a prompt asks: the whole question, or one deletion of a cloze."""

    number: int
    """0 for a question; 1, 2… for the deletions of a cloze, in text order."""
    front: str
    """What is asked: the question, or the cloze with this deletion shown as a gap."""
    answer: str
    accept: tuple[str, ...] = ()
    """Other forms of the answer that count as right when typed."""


class Prompt(Entry, frozen=True, kw_only=True):
    """A study prompt written for learning: a question with a short answer, or a cloze.

    Every prompt is a flashcard (``review``, Anki) unless it is a ``detail`` and,
    where it can be asked fairly, a quiz question: a multiple-choice one when it has
    ``wrong`` options, else typed.
    """

    id: Id
    ask: str = ""
    """The question. Exactly one of ``ask`` and ``cloze``."""
    answer: str = ""
    """The answer to ``ask``: a name, a phrase or one short sentence."""
    cloze: str = ""
    """Text with ``{{deletions}}``; each deletion is a card of its own."""
    wrong: tuple[Text, ...] = ()
    """Wrong options for a multiple-choice question about ``ask``."""
    accept: tuple[Text, ...] = ()
    """Other forms of ``answer`` that count as right when typed."""
    explain: str = ""
    """Why, or the context: shown after answering, set apart from the answer."""
    about: tuple[Ref, ...] = ()
    """The entries it is about, most specific first: stats, study and topics follow them."""
    topic: Topic | None = None
    """Its topic; by default that of the first entry in ``about``."""
    card: str = ""
    """The id of an older card whose review history this prompt continues."""
    detail: bool = False
    """True for a detail worth knowing for a test but not worth rehearsing (a figure, a
    minor credit): never a flashcard, and asked only in a quiz narrowed by topic or kind."""

    def items(self) -> tuple[PromptItem, ...]:
        """What the prompt asks, one item per card: the question, or each cloze deletion."""
        if not self.cloze:
            return (PromptItem(number=0, front=self.ask, answer=self.answer, accept=self.accept),)
        # One split, not a regex substitution per deletion: [text, deletion, text, …].
        pieces = CLOZE.split(self.cloze)
        shown = pieces[:]
        shown[1::2] = [p.split("|", 1)[0] for p in pieces[1::2]]
        items = []
        for i in range(1, len(pieces), 2):
            answer, *variants = pieces[i].split("|")
            shown[i] = GAP
            front = "".join(shown)
            shown[i] = answer
            items.append(
                PromptItem(
                    number=i // 2 + 1, front=front, answer=answer.strip(), accept=tuple(variants)
                )
            )
        return tuple(items)

    def answers(self) -> tuple[str, ...]:
        """The answer of each of ``items()``, without making their fronts (what the loader's
        checks need)."""
        if not self.cloze:
            return (self.answer,)
        return tuple(p.split("|", 1)[0].strip() for p in CLOZE.split(self.cloze)[1::2])

    def anki_cloze(self) -> str:
        """The cloze in Anki's syntax: ``{{c1::answer}}``."""
        pieces = CLOZE.split(self.cloze)
        for n, i in enumerate(range(1, len(pieces), 2), 1):
            pieces[i] = f"{{{{c{n}::{pieces[i].split('|', 1)[0]}}}}}"
        return "".join(pieces)


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
    prompts: tuple[Prompt, ...] = ()
    sources: tuple[Source, ...] = ()
    """The notes behind the entries' facts, named so the text can cite them."""

    # Indexes, built on first use. The data is immutable, so they never go stale.

    @cached_property
    def character_by_id(self) -> dict[Id, Character]:
        return {c.id: c for c in self.characters}

    @cached_property
    def theme_by_id(self) -> dict[Id, Theme]:
        return {t.id: t for t in self.themes}

    @cached_property
    def theme_position(self) -> dict[Id, int]:
        """Each theme's place in the file, from 0."""
        positions: dict[Id, int] = {}
        for i, t in enumerate(self.themes):
            positions.setdefault(t.id, i)
        return positions

    @cached_property
    def key_themes(self) -> frozenset[Id]:
        """The ids of the film's major themes (``film.themes``), for membership tests."""
        return frozenset(self.film.themes)

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
    def _beat_positions(self) -> dict[Id, tuple[int, int]]:
        """Each beat's place in the film: its arc's place in the file, then its order."""
        return {b.id: (i, b.order) for i, a in enumerate(self.arcs) for b in a.beats}

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
                        key=self.beat_position,
                    )
                ),
                quotes=tuple(self.quote_by_id[i] for i in d["quotes"] if i in self.quote_by_id),
                characters=tuple(
                    self.character_by_id[i] for i in d["characters"] if i in self.character_by_id
                ),
            )
            for tid, d in links.items()
        }

    @cached_property
    def cast(self) -> tuple[str, ...]:
        """Everyone in the cast: the film's list, then any character's actor it leaves out."""
        named = dict.fromkeys(self.film.cast)
        for c in self.characters:
            if c.actor:
                named.setdefault(c.actor, None)
        return tuple(named)

    @cached_property
    def _sections_of(self) -> dict[str, tuple[Section, ...]]:
        found: dict[str, list[Section]] = {self.film.id: ["film"]}
        groups: tuple[tuple[Section, Iterator[str]], ...] = (
            ("characters", (c.id for c in self.characters)),
            ("themes", (t.id for t in self.themes)),
            ("symbols", (s.id for s in self.symbols)),
            ("beats", (b.id for a in self.arcs for b in a.beats)),
            ("quotes", (q.id for q in self.quotes)),
            ("questions", (q.id for q in self.questions)),
        )
        for section, ids in groups:
            for i in ids:
                found.setdefault(i, []).append(section)
        return {i: tuple(dict.fromkeys(s)) for i, s in found.items()}

    def sections_of(self, ref: str) -> tuple[Section, ...]:
        """The sections an entry reference can mean: none, one, or several if ambiguous."""
        section, _, entry_id = ref.rpartition(":")
        found = self._sections_of.get(entry_id, ())
        return tuple(s for s in found if s == section) if section else found

    def resolve(self, ref: str) -> tuple[Section, str] | None:
        """``(section, id)`` of an entry reference (``color-red``, ``symbols:memory``)."""
        found = self.sections_of(ref)
        return (found[0], ref.rpartition(":")[2]) if len(found) == 1 else None

    @cached_property
    def _entry_themes(self) -> dict[tuple[Section, str], tuple[Id, ...]]:
        index: dict[tuple[Section, str], dict[Id, None]] = {}
        for theme in self.themes:
            index.setdefault(("themes", theme.id), {})[theme.id] = None
            links = self.links(theme)
            groups: tuple[tuple[Section, tuple[Symbol | Beat | Quote | Character, ...]], ...] = (
                ("symbols", links.symbols),
                ("beats", links.beats),
                ("quotes", links.quotes),
                ("characters", links.characters),
            )
            for section, entries in groups:
                for e in entries:
                    index.setdefault((section, e.id), {})[theme.id] = None
        for q in self.questions:
            for tid in q.themes:
                if tid in self.theme_by_id:
                    index.setdefault(("questions", q.id), {})[tid] = None
        return {key: tuple(ids) for key, ids in index.items()}

    def themes_about(self, section: Section, entry_id: str) -> tuple[Id, ...]:
        """The ids of the themes an entry bears on, linked from either side, in theme order.

        A theme bears on itself; the film's own facts bear on none.
        """
        return self._entry_themes.get((section, entry_id), ())

    @cached_property
    def _about(self) -> dict[tuple[str, ...], tuple[tuple[Section, str], ...]]:
        """``prompt_about`` of each ``about`` list asked so far (many prompts share one)."""
        return {}

    @cached_property
    def _about_themes(self) -> dict[tuple[str, ...], tuple[Id, ...]]:
        """``prompt_themes`` of each ``about`` list asked so far."""
        return {}

    def prompt_about(self, prompt: Prompt) -> tuple[tuple[Section, str], ...]:
        """The entries a prompt is about, resolved (the loader has checked they resolve)."""
        about = self._about.get(prompt.about)
        if about is None:
            found = (self.resolve(ref) for ref in prompt.about)
            about = self._about[prompt.about] = tuple(f for f in found if f is not None)
        return about

    def prompt_topic(self, prompt: Prompt) -> Topic:
        if prompt.topic is not None:
            return prompt.topic
        about = self.prompt_about(prompt)
        return SECTION_TOPIC[about[0][0]] if about else "facts"

    def prompt_themes(self, prompt: Prompt) -> tuple[Id, ...]:
        """The themes a prompt bears on: those of every entry it is about, in theme order."""
        themes = self._about_themes.get(prompt.about)
        if themes is None:
            wanted = {
                t for section, i in self.prompt_about(prompt) for t in self.themes_about(section, i)
            }
            themes = tuple(sorted(wanted, key=self.theme_position.__getitem__))
            self._about_themes[prompt.about] = themes
        return themes

    def beat_position(self, beat: Beat) -> tuple[int, int]:
        """A beat's place in the film: its arc's place in the file, then its order."""
        return self._beat_positions[beat.id]

    def evidence(self, question: Question, side: int | None = None) -> Evidence:
        """The entries a question (or one of its sides) names as evidence: beats in film
        order, then quotes and symbols in the order written (the loader has checked them)."""
        links: Question | Side = question if side is None else question.sides[side]
        beats = (self.beat_by_id[i] for i in dict.fromkeys(links.beats) if i in self.beat_by_id)
        return Evidence(
            beats=tuple(sorted(beats, key=self.beat_position)),
            quotes=tuple(
                self.quote_by_id[i] for i in dict.fromkeys(links.quotes) if i in self.quote_by_id
            ),
            symbols=tuple(
                self.symbol_by_id[i] for i in dict.fromkeys(links.symbols) if i in self.symbol_by_id
            ),
        )

    def links(self, theme: Theme) -> ThemeLinks:
        """Everything linked to a theme, from either side of the link."""
        return self._theme_links[theme.id]

    def themes_of(self, ids: tuple[Id, ...]) -> tuple[Theme, ...]:
        return tuple(self.theme_by_id[i] for i in ids if i in self.theme_by_id)

    @cached_property
    def beats(self) -> tuple[Beat, ...]:
        return tuple(b for a in self.arcs for b in a.beats)

    @cached_property
    def _moments(self) -> dict[Id, tuple[Beat, ...]]:
        """Each beat's moment: the beats ``same_moment`` links, either way and in chains."""
        parent = {b.id: b.id for b in self.beats}

        def root(i: Id) -> Id:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for b in self.beats:
            if b.same_moment in parent:
                parent[root(b.id)] = root(b.same_moment)
        groups: dict[Id, list[Beat]] = {}
        for b in self.beats:
            groups.setdefault(root(b.id), []).append(b)
        return {b.id: tuple(group) for group in groups.values() for b in group}

    def moment(self, beat: Beat) -> tuple[Beat, ...]:
        """The beats that show the same moment as ``beat`` (itself too), in film order."""
        return self._moments.get(beat.id, (beat,))

    def counts(self) -> dict[str, int]:
        return {
            "characters": len(self.characters),
            "themes": len(self.themes),
            "symbols": len(self.symbols),
            "beats": sum(len(a.beats) for a in self.arcs),
            "quotes": len(self.quotes),
            "questions": len(self.questions),
        }


class Evidence(msgspec.Struct, frozen=True):
    """What a question or one of its sides names as evidence, resolved."""

    beats: tuple[Beat, ...]
    quotes: tuple[Quote, ...]
    symbols: tuple[Symbol, ...]

    def __bool__(self) -> bool:
        return bool(self.beats or self.quotes or self.symbols)


class ThemeLinks(msgspec.Struct, frozen=True):
    symbols: tuple[Symbol, ...]
    beats: tuple[Beat, ...]
    quotes: tuple[Quote, ...]
    characters: tuple[Character, ...]
