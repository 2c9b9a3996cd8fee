"""From an essay prompt to an argued outline: a thesis, claims with their evidence, both sides.

An essay prompt is one of the film's ``[[questions]]``. Its outline is plain data
built from the film alone: the working thesis the question gives (or, without one,
a starting point built from its themes, said as such); a claim per theme of the
question (more, from its evidence, until there are three), each with the evidence
the question names that bears on it most; the question's sides as the
counter-argument, without what a body section already shows; the question's own
conclusion and the core meaning. A moment two arcs share is one piece of evidence.
Where the question names no evidence for a claim, the claim's theme lends its own
links, and the outline says so. The links themselves are derived in the model
(``Film.evidence``, ``Film.themes_about``, ``Film.links``, ``Film.moment``); this
module only arranges them. ``views.essays.essay`` shows an outline,
``interactive.essay`` builds a draft from one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
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
claim's theme's own links, lent where nothing the prompt names fits the claim best."""
Scene = tuple[EvidenceSection, str]
"""What a piece of evidence shows, once per outline: a moment (by its first beat), a
quote or a symbol."""


@dataclass(frozen=True)
class Evidence:
    section: EvidenceSection
    entry: Beat | QuoteEntry | Symbol
    link: Link
    also: tuple[Beat, ...] = ()
    """For a beat: the same moment in other arcs, shown with it rather than again."""

    @property
    def key(self) -> tuple[EvidenceSection, str]:
        return (self.section, self.entry.id)

    @property
    def entries(self) -> tuple[Beat | QuoteEntry | Symbol, ...]:
        return (self.entry, *self.also)


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
    """The working thesis: the question's own, the side taken as a stance, or a starting
    point built from the claims' themes ("" without claims)."""
    thesis_given: bool
    """True when the film file (or the stance) gives the thesis, False when it is built."""
    claims: tuple[Claim, ...]
    sides: tuple[Claim, ...]
    """The counter-argument: each side of a question that weighs answers (but the one taken
    as a stance), with the evidence no body section shows already."""
    conclusion: str
    """How an answer ties back to the core meaning, as the question gives it ("" if not)."""
    meaning: Meaning | None
    meaning_themes: tuple[Theme, ...]
    """The claims' themes the core meaning draws on."""
    notes: tuple[str, ...]
    """What the outline could not do from the film file, said plainly."""
    stance: int | None = None
    """The side argued (its index in the question's sides), or None."""

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


# --- what the outline says where the film file leaves something out ------------------------

FITS = (
    "Not one of the prompt's own themes: added because evidence the prompt points to fits"
    " here best."
)
SHARED = (
    "Not one of the prompt's own themes: added to make three sections, as it runs through"
    " the same moments as theirs."
)
LENT = (
    "Nothing the prompt points to fits here best, so these are other moments, lines or"
    " symbols that show this theme."
)
LENT_SHARED = "The prompt points to none of this evidence."
IN_SIDES = "Its evidence is under the answers in the counter-argument below."
NOTHING = "herstudy has no evidence for this section yet: find your own."
NO_SIDE_EVIDENCE = "No evidence is given for this answer: find your own."
NO_THESIS = (
    "No working thesis is given for this prompt, so the one below is only a starting point"
    " built from its themes: write your own answer in one sentence."
)
NONE_NAMED = (
    "The prompt points to no evidence, so each section shows moments, lines and symbols"
    " of its theme."
)
NO_PROMPT_THEME = "The prompt names no theme: its sections are the themes its evidence shows."
NO_CLAIM = (
    "The prompt names no theme and points to nothing that shows one, so there is no section"
    " to suggest: choose your own (herstudy themes lists them)."
)

# --- evidence as pieces -----------------------------------------------------------------------

UNRELATED = 1 << 20
"""The rank of a theme a piece does not bear on at all."""


def _pieces(film: Film, named: Iterable[Named], link: Link) -> list[Evidence]:
    """The entries of ``named`` as pieces, each scene once: beats in film order, the beats
    of one moment as one piece (its first beat, the others ``also``), then quotes, symbols."""
    groups = list(named)
    beats = sorted({b.id: b for g in groups for b in g.beats}.values(), key=film.beat_position)
    pieces: list[Evidence] = []
    placed: set[str] = set()
    for beat in beats:
        if beat.id in placed:
            continue
        same = [b for b in film.moment(beat) if b.id != beat.id and b in beats]
        placed |= {beat.id, *(b.id for b in same)}
        pieces.append(Evidence("beats", beat, link, tuple(same)))
    quotes = {q.id: q for g in groups for q in g.quotes}.values()
    symbols = {s.id: s for g in groups for s in g.symbols}.values()
    pieces += [Evidence("quotes", q, link) for q in quotes]
    pieces += [Evidence("symbols", s, link) for s in symbols]
    return pieces


def _lent(film: Film, theme: Theme) -> list[Evidence]:
    """A theme's own links as pieces."""
    links = film.links(theme)
    return _pieces(film, [Named(links.beats, links.quotes, links.symbols)], "theme")


def _scene(film: Film, e: Evidence) -> Scene:
    if isinstance(e.entry, Beat):
        return ("beats", film.moment(e.entry)[0].id)
    return e.key


def _bears(film: Film, e: Evidence) -> set[Id]:
    return {t for entry in e.entries for t in film.themes_about(e.section, entry.id)}


def _rank(film: Film, e: Evidence, theme: Id) -> int:
    """How closely a piece bears on ``theme``: the theme's place among the piece's own themes
    (a beat's main theme first), after them if only the theme lists the piece; a moment
    takes the closest of its beats."""
    best = UNRELATED
    for entry in e.entries:
        own: tuple[Id, ...] = entry.themes
        if theme in own:
            best = min(best, own.index(theme))
        elif theme in film.themes_about(e.section, entry.id):
            best = min(best, len(own))
    return best


def _closest(film: Film, e: Evidence, chosen: list[Id]) -> int:
    return min((_rank(film, e, t) for t in chosen), default=UNRELATED)


# --- claims and where each piece goes ------------------------------------------------------


def _claim_themes(
    film: Film, question: Question, named: list[Evidence]
) -> tuple[list[Id], dict[Id, str]]:
    """The prompt's themes; then those its evidence needs (a piece that bears on none of
    them, or fits another better); then related ones up to three."""
    position = film.theme_position
    chosen = [t for t in dict.fromkeys(question.themes) if t in film.theme_by_id]
    notes: dict[Id, str] = {}
    bears = {e.key: _bears(film, e) for e in named}

    def add(counts: Counter[Id], among: list[Evidence], note: str) -> None:
        # The theme most pieces bear on; then the one they bear on most closely.
        closeness = {t: sum(_rank(film, e, t) for e in among if t in bears[e.key]) for t in counts}
        chosen.append(min(counts, key=lambda t: (-counts[t], closeness[t], position[t])))
        notes[chosen[-1]] = note

    # Every piece of evidence the prompt names falls under a claim...
    while left := [e for e in named if bears[e.key] and not bears[e.key] & {*chosen}]:
        add(Counter(t for e in left for t in bears[e.key]), left, FITS)
    # ...then, up to three, the themes some of it fits better than the claims so far...
    while len(chosen) < MIN_CLAIMS:
        better = {
            e.key: [
                t for t in bears[e.key] - {*chosen} if _rank(film, e, t) < _closest(film, e, chosen)
            ]
            for e in named
        }
        if not (counts := Counter(t for found in better.values() for t in found)):
            break
        add(counts, [e for e in named if better[e.key]], FITS)
    # ...and the themes sharing most entries with those chosen.
    if chosen and len(chosen) < MIN_CLAIMS:
        near = {e.key for t in chosen for e in _lent(film, film.theme_by_id[t])}
        shared = Counter(
            {
                t.id: n
                for t in film.themes
                if t.id not in chosen and (n := sum(e.key in near for e in _lent(film, t)))
            }
        )
        while len(chosen) < MIN_CLAIMS and shared:
            chosen.append(min(shared, key=lambda t: (-shared[t], position[t])))
            del shared[chosen[-1]]
            notes[chosen[-1]] = SHARED
    return chosen, notes


def _allocate(
    film: Film, chosen: list[Id], own: set[Id], named: list[Evidence]
) -> dict[Id, list[Evidence]]:
    """Each piece under the claim it bears on most (the earliest of its own themes among
    them); then a claim of the prompt's own left with nothing takes, from a claim with three
    or more, a piece whose first or second theme it is."""
    assigned: dict[Id, list[Evidence]] = {t: [] for t in chosen}
    for e in named:
        fits = [t for t in chosen if _rank(film, e, t) < UNRELATED]
        if fits:
            assigned[min(fits, key=lambda t: (_rank(film, e, t), chosen.index(t)))].append(e)
    for tid in chosen:
        if assigned[tid] or tid not in own:
            continue
        offers = [
            (_rank(film, e, tid), -i, other, e)
            for other in chosen
            if len(assigned[other]) >= MIN_CLAIMS
            for i, e in enumerate(assigned[other])
            if _rank(film, e, tid) <= 1
        ]
        if offers:
            _, _, other, e = min(offers, key=lambda o: o[:2])
            assigned[other].remove(e)
            assigned[tid].append(e)
    return assigned


def _label(e: Evidence) -> str:
    """A piece, named in a sentence: a moment's title, a quote's words, a symbol's name."""
    entry = e.entry
    if isinstance(entry, Beat):
        return f"“{entry.title}”"
    if isinstance(entry, QuoteEntry):
        words = " ".join(entry.text.split())
        return f"the line “{words if len(words) <= 40 else words[:39].rsplit(' ', 1)[0] + '…'}”"
    return entry.name[:1].lower() + entry.name[1:] if entry.name[:4] == "The " else entry.name


def _thesis(question: Question, themed: list[Claim], stance: int | None) -> tuple[str, bool]:
    if stance is not None:
        return question.sides[stance].claim, True
    if question.thesis:
        return question.thesis, True
    if not themed:
        return "", False
    titles = [c.title for c in themed]
    joined = titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"
    return f"Your answer, argued through {joined}.", False


def outline(film: Film, question: Question, stance: int | None = None) -> Outline:
    """The outline of an essay on ``question``, from the film's data alone; with ``stance``
    (a side's index), argued for that side: its claim is the thesis, its evidence joins the
    body sections, and the other sides are the counter-argument."""
    side_named = [film.evidence(question, i) for i in range(len(question.sides))]
    taken = [side_named[stance]] if stance is not None else []
    named = _pieces(film, [film.evidence(question), *taken], "named")
    in_sides = [e for side in side_named for e in _pieces(film, [side], "named")]
    chosen, origin = _claim_themes(film, question, named)
    assigned = _allocate(film, chosen, set(question.themes), named)
    placed = {e.key for shown in assigned.values() for e in shown}
    further = [e for e in named if e.key not in placed]

    used = {_scene(film, e) for e in (*named, *in_sides)}
    claims: list[Claim] = []
    for tid in chosen:
        theme = film.theme_by_id[tid]
        shown = sorted(assigned[tid], key=named.index)
        says = [origin.get(tid, "")]
        if not shown:
            shown = [e for e in _lent(film, theme) if _scene(film, e) not in used]
            used |= {_scene(film, e) for e in shown}
            if shown:
                says.append(LENT if origin.get(tid) != SHARED else LENT_SHARED)
            elif any(tid in _bears(film, e) for e in in_sides):
                says.append(IN_SIDES)
            else:
                says.append(NOTHING)
        note = " ".join(n for n in says if n)
        claims.append(Claim(theme.title, theme.summary, theme, tuple(shown), note=note))
    offered: set[Scene] = set()
    for i, c in enumerate(claims):
        if c.theme is None:
            continue
        more = [
            e
            for e in _lent(film, c.theme)
            if _scene(film, e) not in used and _scene(film, e) not in offered
        ]
        offered |= {_scene(film, e) for e in more}
        claims[i] = Claim(c.title, c.claim, c.theme, c.evidence, tuple(more), c.note)
    if further:
        claims.append(
            Claim(
                "Further evidence",
                "Evidence the prompt points to that shows none of the themes above.",
                None,
                tuple(further),
            )
        )

    # The counter-argument shows what no body section shows, and points back to the rest.
    section_of = {_scene(film, e): (n, e) for n, c in enumerate(claims, 1) for e in c.evidence}
    sides: list[Claim] = []
    for i, side in enumerate(question.sides):
        if i == stance:
            continue
        pieces = _pieces(film, [side_named[i]], "named")
        fresh = [e for e in pieces if _scene(film, e) not in section_of]
        above = [e for e in pieces if _scene(film, e) in section_of]
        note = "" if pieces else NO_SIDE_EVIDENCE
        if above:
            back = [section_of[_scene(film, e)] for e in above]
            where = "; ".join(f"{_label(e)} (section {n})" for n, e in back)
            note = f"Also for this answer, shown above: {where}."
        section_of |= {_scene(film, e): (0, e) for e in fresh}  # a later side does not repeat it
        sides.append(Claim(f"Side {i + 1}", side.claim, None, tuple(fresh), note=note))

    notes: list[str] = []
    themed = [c for c in claims if c.theme is not None]
    thesis, given = _thesis(question, themed, stance)
    if not named and not in_sides:
        notes.append(NONE_NAMED)
    if not given and thesis:
        notes.append(NO_THESIS)
    if not question.themes and themed:
        notes.append(NO_PROMPT_THEME)
    if not themed:
        notes.append(NO_CLAIM)
    elif len(themed) < MIN_CLAIMS:
        count = f"{len(themed)} section{'s' if len(themed) != 1 else ''}"
        notes.append(
            f"Only {count} here; an essay wants at least {MIN_CLAIMS}: add one of your own."
        )
    meaning = film.meaning
    drawn = set(meaning.themes) if meaning else set()
    return Outline(
        question=question,
        thesis=thesis,
        thesis_given=given,
        claims=tuple(claims),
        sides=tuple(sides),
        conclusion=question.conclusion,
        meaning=meaning,
        meaning_themes=tuple(c.theme for c in themed if c.theme and c.theme.id in drawn),
        notes=tuple(notes),
        stance=stance,
    )
