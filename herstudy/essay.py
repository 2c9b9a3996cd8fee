"""From an essay prompt to an argued outline: claims, the evidence for each, both sides.

An essay prompt is one of the film's ``[[questions]]``. Its outline is plain data
built from the film alone: a claim per theme of the question (more, from its
evidence, until there are three), each with the evidence the question names that
bears on it; the question's sides as the counter-argument; the core meaning as the
conclusion. Where the question names no evidence for a claim, the claim's theme
lends its own links, and the outline says so. The links themselves are derived in
the model (``Film.evidence``, ``Film.themes_about``, ``Film.links``); this module
only arranges them. ``views.essay`` shows an outline, ``interactive.essay`` builds
a draft from one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from herstudy.errors import HerstudyError, usage_error
from herstudy.lookup import find
from herstudy.model import Beat, Film, Id, Meaning, Question, Symbol, Theme
from herstudy.model import Evidence as Named
from herstudy.model import Quote as QuoteEntry

KINDS = ("essay", "discussion", "philosophical")
"""The order prompts are listed in: essay prompts first."""
MIN_CLAIMS = 3
"""Body sections an outline aims for."""

EvidenceSection = Literal["beats", "quotes", "symbols"]
Link = Literal["named", "theme"]
"""How a piece of evidence is linked: named by the prompt (or its side), or one of the
claim's theme's own links, lent where the prompt names nothing for the claim."""


@dataclass(frozen=True)
class Evidence:
    section: EvidenceSection
    entry: Beat | QuoteEntry | Symbol
    link: Link

    @property
    def key(self) -> tuple[EvidenceSection, str]:
        return (self.section, self.entry.id)


@dataclass(frozen=True)
class Claim:
    """A body section (a theme) or a side of the question."""

    title: str
    claim: str
    theme: Theme | None
    evidence: tuple[Evidence, ...]
    """What the outline shows, in film order for beats, then quotes, then symbols."""
    more: tuple[Evidence, ...] = ()
    """Other links of the claim's theme, used nowhere else: offered, not shown."""
    note: str = ""


@dataclass(frozen=True)
class Outline:
    question: Question
    thesis: str
    """A working thesis: the summary of the prompt's main theme ("" without claims)."""
    claims: tuple[Claim, ...]
    sides: tuple[Claim, ...]
    """The counter-argument: each side of a question that weighs answers, with its evidence."""
    meaning: Meaning | None
    meaning_themes: tuple[Theme, ...]
    """The claims' themes the core meaning draws on."""
    notes: tuple[str, ...]
    """What the outline could not do from the film file, said plainly."""

    def evidence(self) -> tuple[Evidence, ...]:
        """Every piece of evidence the outline shows, once each."""
        seen: dict[tuple[EvidenceSection, str], Evidence] = {}
        for c in (*self.claims, *self.sides):
            for e in c.evidence:
                seen.setdefault(e.key, e)
        return tuple(seen.values())


def prompts(film: Film) -> tuple[Question, ...]:
    """The film's questions as essay prompts: essay, then discussion, then philosophical."""
    return tuple(q for kind in KINDS for q in film.questions if q.kind == kind)


def find_prompt(film: Film, query: str) -> Question:
    """The prompt ``query`` names (its id or a prefix); unknown: a usage error with the list."""
    listed = prompts(film)
    try:
        # Each word of an id is a name too, so "letters" finds essay-letters and a
        # misspelt "conect" is near enough to "connect" to be suggested.
        return find("prompt", query, listed, lambda q: (q.id, *q.id.split("-")), lambda q: q.id)
    except HerstudyError as e:
        if not listed:
            raise usage_error("This film has no essay prompts (no [[questions]]).") from None
        if "Known:" in e.message and len(listed) <= 12:
            raise  # the message lists them all already
        ids = ", ".join(q.id for q in listed)
        raise usage_error(e.message, hint=f"Prompts: {ids}.") from None


def on_theme(film: Film, theme: Theme) -> Question | None:
    """An essay prompt on a theme, essay prompts first; None if none is."""
    for q in prompts(film):
        if theme.id in film.themes_about("questions", q.id):
            return q
    return None


def _named(evidence: Named) -> list[Evidence]:
    return [
        *(Evidence("beats", b, "named") for b in evidence.beats),
        *(Evidence("quotes", q, "named") for q in evidence.quotes),
        *(Evidence("symbols", s, "named") for s in evidence.symbols),
    ]


def _linked(film: Film, theme: Theme) -> list[Evidence]:
    links = film.links(theme)
    return [
        *(Evidence("beats", b, "theme") for b in links.beats),
        *(Evidence("quotes", q, "theme") for q in links.quotes),
        *(Evidence("symbols", s, "theme") for s in links.symbols),
    ]


def _bears(film: Film, e: Evidence) -> tuple[Id, ...]:
    return film.themes_about(e.section, e.entry.id)


FROM_EVIDENCE = "Not one of the prompt's themes: evidence the prompt names bears on it."
SHARED = "Not one of the prompt's themes: it shares evidence with them."
LENT = "The prompt names no evidence for this claim: these are its theme's own links."
IN_SIDES = "Its evidence is set out side by side in the counter-argument below."
NOTHING = "Nothing in the film file bears on this claim yet: find evidence of your own."
NO_SIDE_EVIDENCE = "The film file names no evidence for this side: find your own."


def _main_theme(e: Evidence) -> Id | None:
    """The theme an entry lists first: a beat's main theme."""
    own: tuple[Id, ...] = e.entry.themes
    return own[0] if own else None


def _claim_themes(
    film: Film, question: Question, named: list[Evidence]
) -> tuple[list[Id], dict[Id, str]]:
    """The prompt's themes, then those its evidence needs, then related ones up to three."""
    position = film.theme_position
    chosen = [t for t in dict.fromkeys(question.themes) if t in film.theme_by_id]
    notes: dict[Id, str] = {}

    def best(counts: Counter[Id], among: list[Evidence]) -> Id:
        main = Counter(_main_theme(e) for e in among)
        return min(counts, key=lambda t: (-counts[t], -main[t], position[t]))

    def bearing(among: list[Evidence]) -> Counter[Id]:
        return Counter(t for e in among for t in _bears(film, e) if t not in chosen)

    # Every piece of evidence the prompt names falls under a claim...
    while counts := bearing(left := [e for e in named if not set(_bears(film, e)) & {*chosen}]):
        chosen.append(best(counts, left))
        notes[chosen[-1]] = FROM_EVIDENCE
    # ...then up to three: the themes that evidence bears on most...
    while len(chosen) < MIN_CLAIMS and (counts := bearing(named)):
        chosen.append(best(counts, named))
        notes[chosen[-1]] = FROM_EVIDENCE
    # ...and the themes sharing most entries with those chosen.
    if chosen and len(chosen) < MIN_CLAIMS:
        near = {e.key for t in chosen for e in _linked(film, film.theme_by_id[t])}
        shared = Counter(
            {
                t.id: n
                for t in film.themes
                if t.id not in chosen and (n := sum(e.key in near for e in _linked(film, t)))
            }
        )
        while len(chosen) < MIN_CLAIMS and shared:
            chosen.append(best(shared, []))
            del shared[chosen[-1]]
            notes[chosen[-1]] = SHARED
    return chosen, notes


def _allocate(film: Film, chosen: list[Id], named: list[Evidence]) -> dict[Id, list[Evidence]]:
    """Each piece of named evidence under one claim it bears on: the one with least so far
    (its own main theme breaking a tie); then a claim left empty takes one from a claim
    with two or more."""
    assigned: dict[Id, list[Evidence]] = {t: [] for t in chosen}
    for e in named:
        fits = [t for t in chosen if t in _bears(film, e)]
        if fits:
            main = _main_theme(e)
            target = min(fits, key=lambda t: (len(assigned[t]), t != main, chosen.index(t)))
            assigned[target].append(e)
    for tid in chosen:
        if assigned[tid]:
            continue
        for other in chosen:
            movable = [e for e in assigned[other] if tid in _bears(film, e)]
            if len(assigned[other]) >= 2 and movable:
                assigned[other].remove(movable[-1])
                assigned[tid].append(movable[-1])
                break
    return assigned


def _in_order(evidence: list[Evidence], named: list[Evidence]) -> tuple[Evidence, ...]:
    """Named evidence in the order ``named`` gives: beats in film order, quotes, symbols."""
    return tuple(sorted(evidence, key=named.index))


def outline(film: Film, question: Question) -> Outline:
    """The outline of an essay on ``question``, from the film's data alone."""
    named = _named(film.evidence(question))
    side_named = [_named(film.evidence(question, i)) for i in range(len(question.sides))]
    in_sides = [e for side in side_named for e in side]
    chosen, origin = _claim_themes(film, question, named)
    assigned = _allocate(film, chosen, named)
    placed = {e.key for shown in assigned.values() for e in shown}
    further = [e for e in named if e.key not in placed]

    used = {e.key for e in (*named, *in_sides)}
    claims: list[Claim] = []
    for tid in chosen:
        theme = film.theme_by_id[tid]
        shown = list(_in_order(assigned[tid], named))
        says = [origin.get(tid, "")]
        if not shown:
            shown = [e for e in _linked(film, theme) if e.key not in used]
            used |= {e.key for e in shown}
            if shown:
                says.append(LENT)
            elif any(tid in _bears(film, e) for e in in_sides):
                says.append(IN_SIDES)
            else:
                says.append(NOTHING)
        claims.append(
            Claim(
                theme.title, theme.summary, theme, tuple(shown), note=" ".join(n for n in says if n)
            )
        )
    offered: set[tuple[EvidenceSection, str]] = set()
    for i, c in enumerate(claims):
        if c.theme is None:
            continue
        more = [e for e in _linked(film, c.theme) if e.key not in used and e.key not in offered]
        offered |= {e.key for e in more}
        claims[i] = Claim(c.title, c.claim, c.theme, c.evidence, tuple(more), c.note)
    if further:
        claims.append(
            Claim(
                "Further evidence",
                "Evidence the prompt names that bears on none of the themes above.",
                None,
                tuple(further),
            )
        )

    sides = tuple(
        Claim(
            f"Side {i + 1}",
            side.claim,
            None,
            tuple(side_named[i]),
            note="" if side_named[i] else NO_SIDE_EVIDENCE,
        )
        for i, side in enumerate(question.sides)
    )

    notes: list[str] = []
    themed = [c for c in claims if c.theme is not None]
    if not named and not in_sides:
        notes.append(
            "The film file names no evidence for this prompt: each claim's evidence is"
            " its theme's own links."
        )
    if not question.themes and themed:
        notes.append(
            "The prompt is linked to no theme: its claims are the themes its evidence bears on."
        )
    if not themed:
        notes.append(
            "The prompt is linked to no theme, and nothing it names bears on one, so there is"
            " no claim to suggest: choose your own (herstudy themes lists them)."
        )
    elif len(themed) < MIN_CLAIMS:
        count = f"{len(themed)} claim{'s' if len(themed) != 1 else ''}"
        notes.append(
            f"The film file gives {count} for this prompt; an essay wants at least"
            f" {MIN_CLAIMS}: add one of your own."
        )
    meaning = film.meaning
    drawn = set(meaning.themes) if meaning else set()
    return Outline(
        question=question,
        thesis=themed[0].claim if themed else "",
        claims=tuple(claims),
        sides=sides,
        meaning=meaning,
        meaning_themes=tuple(c.theme for c in themed if c.theme and c.theme.id in drawn),
        notes=tuple(notes),
    )
