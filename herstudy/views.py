"""What each read command shows, built once from the Film as plain data.

A view is a ``doc.View``: blocks for people (rendered as Rich, Markdown or plain
text) and ``data`` for ``--format json``. The JSON keys are the data file's own
keys (see docs/json.md); nothing here knows about terminals or formats.

Text that names another entry is a ``doc.Ref``, and a block that shows an entry in
full says which (``about``), so that the vault's notes (``export.vault``) are these
same views with links. A view built ``full`` adds what a page of notes has room for
and a read command leaves out: mostly cross-references, such as the questions on a
theme or the quotes of a beat.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import msgspec

from herstudy.doc import (
    Block,
    Bullets,
    Entry,
    Fields,
    Heading,
    Line,
    Paragraph,
    Quote,
    Ref,
    Step,
    Styled,
    Table,
    Timeline,
    View,
)
from herstudy.lookup import find
from herstudy.model import Beat, Character, Film, Question, Section, Symbol, Theme
from herstudy.model import Quote as QuoteEntry
from herstudy.text import first_sentence, visible

if TYPE_CHECKING:  # the essay module is imported by the two views that need it
    from herstudy.essay import Claim, Outline
    from herstudy.essay import Evidence as Piece

# --- lookups by what the student types ---------------------------------------------------


def find_theme(film: Film, query: str) -> Theme:
    return find("theme", query, film.themes, lambda t: (t.id, t.title), lambda t: t.id)


def find_symbol(film: Film, query: str) -> Symbol:
    return find("symbol", query, film.symbols, lambda s: (s.id, s.name, *s.aliases), lambda s: s.id)


def find_character(film: Film, query: str) -> Character:
    return find(
        "character",
        query,
        film.characters,
        lambda c: (c.id, c.name, *c.aliases),
        lambda c: c.id,
    )


# --- small helpers ------------------------------------------------------------------------


def _data(value: Any) -> Any:
    return msgspec.to_builtins(value)


def _linked_data(film: Film, section: Section, entry: Symbol | Beat | QuoteEntry) -> Any:
    """An entry's JSON with its links resolved: ``themes`` as written (a beat's main theme
    first), then every theme that lists the entry on its own side (docs/json.md)."""
    data = _data(entry)
    data["themes"] = list(dict.fromkeys((*entry.themes, *film.themes_about(section, entry.id))))
    return data


def tone(film: Film, theme: Theme) -> int:
    """A theme's colour slot: its place in the file, so it stays put between commands."""
    return film.theme_position[theme.id]


def _joined(parts: Iterable[Styled]) -> Line:
    out: list[str | Styled] = []
    for part in parts:
        if out:
            out.append(", ")
        out.append(part)
    return tuple(out)


def theme_tags(film: Film, ids: Iterable[str]) -> Line:
    return _joined(
        Ref(theme.title, "theme", tone(film, theme), "themes", theme.id)
        for theme in film.themes_of(tuple(ids))
    )


def _name(film: Film, character_id: str | None) -> str:
    if character_id is None:
        return ""
    character = film.character_by_id.get(character_id)
    return character.name if character else character_id


def _who(film: Film, character_id: str) -> Ref:
    return Ref(_name(film, character_id), "plain", kind="characters", id=character_id)


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def _quote_ref(quote: QuoteEntry) -> Ref:
    return Ref(f"“{_short(quote.text)}”", "plain", kind="quotes", id=quote.id)


def _beat_ref(film: Film, beat: Beat, with_name: bool = True) -> Ref:
    who = f"{_name(film, film.arc_of_beat[beat.id].character)}, " if with_name else ""
    return Ref(f"{who}{beat.order}. {beat.title}", "plain", kind="beats", id=beat.id)


def arc_title(film: Film, character_id: str) -> str:
    """An arc's name where it is listed: ``Amy's arc``."""
    return f"{_name(film, character_id)}'s arc"


def _money(amount: int | None) -> str:
    return f"${amount:,}" if amount is not None else ""


def _with_themes(film: Film, ids: tuple[str, ...], rows: list[tuple[str, Line]]) -> Fields:
    if ids:
        rows.append(("Themes", theme_tags(film, ids)))
    return Fields(tuple(rows))


def _title(film: Film) -> str:
    year = film.film.year
    return f"{film.film.title} ({year})" if year else film.film.title


# --- info ---------------------------------------------------------------------------------


def info(film: Film, full: bool = False) -> View:
    """The key facts; ``full``: and a line for everything in the film, a set of notes' index."""
    f = film.film
    rows: list[tuple[str, Line]] = []
    if f.release_date:
        rows.append(("Released", (f.release_date.strftime("%-d %B %Y"),)))
    if f.country:
        rows.append(("Country", (f.country,)))
    if f.runtime_minutes:
        h, m = divmod(f.runtime_minutes, 60)
        rows.append(("Runtime", (f"{f.runtime_minutes} min ({h} h {m:02d} min)",)))
    if f.rating:
        r = f.rating
        rows.append(("Rating", (f"⭐ {r.score:g}/{r.scale} ({r.votes:,} votes)",)))
    if f.director:
        rows.append(("Director", (f.director,)))
    if film.cast:
        plays = {c.actor: c.name for c in film.characters if c.actor}
        cast = [f"{a} ({plays[a]})" if a in plays else a for a in film.cast]
        rows.append(("Cast", (", ".join(cast),)))
    if f.genres:
        rows.append(("Genres", (", ".join(f.genres),)))
    if f.budget_usd is not None:
        rows.append(("Budget", (_money(f.budget_usd),)))
    if f.box_office_usd is not None:
        rows.append(("Box office", (_money(f.box_office_usd),)))
    blocks: list[Block] = []
    if f.tagline:
        blocks.append(Quote(f.tagline))
    if f.logline:
        blocks.append(Paragraph((f.logline,), "lead"))
    if f.description:
        blocks.append(Paragraph((f.description,)))
    blocks.append(Fields(tuple(rows)))
    if f.themes:
        blocks.append(
            Bullets(
                tuple(theme_tags(film, (t,)) for t in f.themes),
                title="Major themes",
            )
        )
    if film.sources:
        blocks.append(
            Bullets(
                tuple((Styled(s.name, "strong"), f": {s.about}") for s in film.sources),
                title="Sources (as the text cites them)",
            )
        )
    if full:
        blocks.extend(_contents(film))
    first_arc = film.arcs[0].character if film.arcs else "CHARACTER"
    return View(
        _title(film),
        tuple(blocks),
        data={"film": _data(f), "sources": [_data(s) for s in film.sources]},
        hint=f"Next: herstudy themes, herstudy arc {first_arc}, herstudy quiz",
    )


def _contents(film: Film) -> Iterator[Block]:
    def listed(heading: str, items: Iterable[Line]) -> Iterator[Block]:
        lines = tuple(items)
        if lines:
            yield Heading(heading, 2)
            yield Bullets(lines)

    yield from listed(
        "Themes",
        ((Ref(t.title, "strong", kind="themes", id=t.id), f": {t.summary}") for t in film.themes),
    )
    yield from listed(
        "Symbols and motifs",
        ((Ref(s.name, "strong", kind="symbols", id=s.id), f" ({s.kind})") for s in film.symbols),
    )
    yield from listed(
        "Characters",
        ((_who(film, c.id), f": {c.role}") for c in film.characters),
    )
    yield from listed(
        "Arcs",
        (
            (
                Ref(arc_title(film, a.character), "strong", kind="arcs", id=a.character),
                f": {a.summary}" if a.summary else f" ({len(a.beats)} beats)",
            )
            for a in film.arcs
        ),
    )
    meaning = ", and the core meaning" if film.meaning else ""
    yield from listed(
        "Quotes and questions",
        (
            (Ref("Quotes", "strong", kind="quotes"), f": {len(film.quotes)} key lines"),
            (
                Ref("Questions", "strong", kind="questions"),
                f": {len(film.questions)} questions{meaning}",
            ),
        ),
    )


# --- themes -------------------------------------------------------------------------------


def _theme_data(film: Film, theme: Theme) -> dict[str, Any]:
    links = film.links(theme)
    data: dict[str, Any] = _data(theme)
    data["symbols"] = [s.id for s in links.symbols]
    data["beats"] = [b.id for b in links.beats]
    data["quotes"] = [q.id for q in links.quotes]
    data["characters"] = [c.id for c in links.characters]
    data["key"] = theme.id in film.key_themes
    return data


def _to_type(note: str, entry_id: str) -> str:
    """A list entry's note, ending in the id to type for it in depth (NAME in the hint)."""
    return f"{note} · {entry_id}" if note else entry_id


def _example(entries: tuple[Theme, ...] | tuple[Symbol, ...] | tuple[Character, ...]) -> str:
    """NAME in a list's hint, with the first entry's id as the example of one."""
    return f"NAME (the id after each, such as {entries[0].id})" if entries else "NAME"


def themes(film: Film) -> View:
    blocks: list[Block] = []
    for theme in film.themes:
        note = _to_type("key theme" if theme.id in film.key_themes else "", theme.id)
        blocks.append(
            Entry(theme.title, (Paragraph((theme.summary,)),), tone(film, theme), note=note)
        )
    return View(
        f"Themes of {_title(film)}",
        tuple(blocks),
        data={"themes": [_theme_data(film, t) for t in film.themes]},
        hint=f"One theme in depth: herstudy themes {_example(film.themes)}."
        " Across an arc: herstudy themes --tracker",
    )


def _beat_line(film: Film, beat: Beat) -> Line:
    arc = film.arc_of_beat[beat.id]
    who = _name(film, arc.character)
    return (
        Ref(f"{who} {beat.order}.", "strong", kind="beats", id=beat.id),
        f" {beat.title}: {beat.meaning}",
    )


def _quote_blocks(
    film: Film, quote: QuoteEntry, with_themes: bool = True, full: bool = False
) -> tuple[Block, ...]:
    cite: list[str | Styled] = [_who(film, quote.speaker)]
    if quote.addressee:
        cite += [", to ", _who(film, quote.addressee)]
    if quote.approximate:
        cite.append(Styled(" (approximate wording)", "em"))
    rows: list[tuple[str, Line]] = [("Context", (quote.context,)), ("Meaning", (quote.meaning,))]
    moment = film.beat_by_id.get(quote.beat) if full and quote.beat else None
    if moment is not None:
        rows.append(("Moment", (_beat_ref(film, moment),)))
    blocks: list[Block] = [Quote(quote.text, tuple(cite), about=("quotes", quote.id))]
    blocks.append(
        _with_themes(film, film.themes_about("quotes", quote.id) if with_themes else (), rows)
    )
    return tuple(blocks)


def _questions_on(film: Film, theme: Theme) -> tuple[Block, ...]:
    asked = tuple(
        (Ref(_short(q.question, 80), "plain", kind="questions", id=q.id),)
        for q in film.questions
        if theme.id in film.themes_about("questions", q.id)
    )
    return (Heading("Questions", 2, tone(film, theme)), Bullets(asked)) if asked else ()


def theme(film: Film, theme: Theme, full: bool = False) -> View:
    """One theme with everything linked to it; ``full``: and the questions on it."""
    links = film.links(theme)
    t = tone(film, theme)
    blocks: list[Block] = [Paragraph((theme.summary,), "lead"), Paragraph((theme.explanation,))]
    if links.symbols:
        blocks.append(Heading("Symbols and motifs", 2, t))
        blocks.append(
            Bullets(
                tuple(
                    (
                        Ref(s.name, "strong", kind="symbols", id=s.id),
                        f": {first_sentence(s.meaning)}",
                    )
                    for s in links.symbols
                )
            )
        )
    if links.beats:
        blocks.append(Heading("Moments in the arcs", 2, t))
        blocks.append(Bullets(tuple(_beat_line(film, b) for b in links.beats)))
    if links.quotes:
        blocks.append(Heading("Quotes", 2, t))
        for q in links.quotes:
            blocks.extend(_quote_blocks(film, q, with_themes=False, full=full))
    if links.characters:
        blocks.append(Heading("Characters", 2, t))
        blocks.append(
            Bullets(
                tuple(
                    (Ref(c.name, "strong", kind="characters", id=c.id), f": {c.role}")
                    for c in links.characters
                )
            )
        )
    if full:
        blocks.extend(_questions_on(film, theme))
    data = {
        "theme": _theme_data(film, theme),
        "symbols": [_linked_data(film, "symbols", s) for s in links.symbols],
        "beats": [_linked_data(film, "beats", b) for b in links.beats],
        "quotes": [_linked_data(film, "quotes", q) for q in links.quotes],
        "characters": [_data(c) for c in links.characters],
    }
    return View(
        theme.title,
        tuple(blocks),
        data=data,
        subtitle="key theme" if theme.id in film.key_themes else "theme",
    )


def tracker(film: Film, character: Character) -> View:
    arc = film.arc_by_character.get(character.id)
    if arc is None:
        from herstudy.errors import usage_error

        with_arcs = ", ".join(a.character for a in film.arcs)
        raise usage_error(f"{character.name} has no arc in this film. Arcs: {with_arcs}.")
    # A beat's themes, linked from either side; the themes any beat of the arc touches.
    linked = {b.id: set(film.themes_about("beats", b.id)) for b in arc.beats}
    touched = set().union(*linked.values())
    used = [t for t in film.themes if t.id in touched]
    headers = ("Beat", *(str(i + 1) for i in range(len(used))))
    rows = []
    for beat in arc.beats:
        marks: list[Line] = [
            ((Styled("●", "theme", tone(film, t)),) if t.id in linked[beat.id] else ("",))
            for t in used
        ]
        rows.append(((f"{beat.order}. {beat.title}",), *marks))
    legend = Bullets(
        tuple((f"{i + 1} ", Styled(t.title, "theme", tone(film, t))) for i, t in enumerate(used)),
        title="Themes",
    )
    data = {
        "arc": character.id,
        "themes": [t.id for t in used],
        "beats": [
            {
                "id": b.id,
                "order": b.order,
                "title": b.title,
                "themes": [t.id for t in used if t.id in linked[b.id]],
            }
            for b in arc.beats
        ],
    }
    return View(
        f"Theme tracker: {character.name}",
        (
            Table(headers, tuple(rows), header_tones=(None, *(tone(film, t) for t in used))),
            legend,
        ),
        data=data,
    )


# --- symbols ------------------------------------------------------------------------------


def _symbol_blocks(film: Film, symbol: Symbol) -> tuple[Block, ...]:
    return (
        Paragraph((symbol.meaning,)),
        Bullets(tuple((a,) for a in symbol.appearances), title="Where it appears"),
        _with_themes(film, film.themes_about("symbols", symbol.id), []),
    )


def symbols(film: Film) -> View:
    blocks: list[Block] = []
    for symbol in film.symbols:
        blocks.append(
            Entry(
                symbol.name,
                (
                    Paragraph((first_sentence(symbol.meaning),)),
                    _with_themes(film, film.themes_about("symbols", symbol.id), []),
                ),
                note=_to_type(symbol.kind, symbol.id),
            )
        )
    return View(
        f"Symbols and motifs of {_title(film)}",
        tuple(blocks),
        data={"symbols": [_linked_data(film, "symbols", s) for s in film.symbols]},
        hint=f"In depth: herstudy symbols {_example(film.symbols)}",
    )


def symbol(film: Film, symbol: Symbol) -> View:
    return View(
        symbol.name,
        _symbol_blocks(film, symbol),
        data={"symbol": _linked_data(film, "symbols", symbol)},
        subtitle=symbol.kind,
    )


# --- arcs ---------------------------------------------------------------------------------


def reflect_question(beat: Beat) -> str:
    """The question that closes a beat in ``arc --walk``."""
    if beat.reflect:
        return beat.reflect
    return f"What does '{beat.title}' change for the character, and why does it matter here?"


def beat_blocks(film: Film, beat: Beat, full: bool = False) -> tuple[Block, ...]:
    """What happens and what it means; ``full``: and its quotes and a question to reflect on."""
    fields = _with_themes(film, film.themes_about("beats", beat.id), [])
    if full:
        said = tuple(_quote_ref(q) for q in film.quotes if q.beat == beat.id)
        rows = (("Quotes", _joined(said)),) if said else ()
        fields = Fields((*fields.rows, *rows, ("Reflect", (reflect_question(beat),))))
    return (
        Paragraph((beat.happens,)),
        Paragraph((Styled("Meaning: ", "strong"), beat.meaning)),
        fields,
    )


def arc(film: Film, character: Character, full: bool = False) -> View:
    """A character's arc as a timeline of beats; ``full``: with each beat's quotes and question."""
    found = film.arc_by_character.get(character.id)
    if found is None:
        from herstudy.errors import usage_error

        with_arcs = ", ".join(a.character for a in film.arcs)
        raise usage_error(f"{character.name} has no arc in this film. Arcs: {with_arcs}.")
    steps = tuple(
        Step(str(b.order), b.title, beat_blocks(film, b, full), about=("beats", b.id))
        for b in found.beats
    )
    blocks: list[Block] = []
    if found.summary:
        blocks.append(Paragraph((found.summary,), "lead"))
    blocks.append(Timeline(steps))
    return View(
        f"{character.name}: arc",
        tuple(blocks),
        data={
            "arc": {**_data(found), "beats": [_linked_data(film, "beats", b) for b in found.beats]}
        },
        subtitle=f"{len(found.beats)} beats",
    )


# --- characters ---------------------------------------------------------------------------


def _character_rows(film: Film, c: Character) -> list[tuple[str, Line]]:
    rows: list[tuple[str, Line]] = [("Who", (c.role,))]
    if c.actor:
        rows.append(("Played by", (c.actor,)))
    if c.represents:
        rows.append(("Stands for", (c.represents,)))
    return rows


def characters(film: Film) -> View:
    blocks: list[Block] = [
        Entry(c.name, (Fields(tuple(_character_rows(film, c))),), note=_to_type("", c.id))
        for c in film.characters
    ]
    return View(
        f"Characters of {_title(film)}",
        tuple(blocks),
        data={"characters": [_data(c) for c in film.characters]},
        hint=f"In depth: herstudy characters {_example(film.characters)}",
    )


def character(film: Film, c: Character, full: bool = False) -> View:
    """Who a character is, their arc and their lines; ``full``: and the lines said to them."""
    blocks: list[Block] = [Fields(tuple(_character_rows(film, c)))]
    if c.description:
        blocks.append(Paragraph((c.description,)))
    linked = film.themes_about("characters", c.id)
    if linked:
        blocks.append(_with_themes(film, linked, []))
    found = film.arc_by_character.get(c.id)
    if found:
        blocks.append(Heading("Arc", 2))
        if full:
            blocks.append(Paragraph((Ref(arc_title(film, c.id), "strong", kind="arcs", id=c.id),)))
        blocks.append(
            Bullets(
                tuple((_beat_ref(film, b, with_name=False),) for b in found.beats),
                numbered=False,
            )
        )
    said = [q for q in film.quotes if q.speaker == c.id]
    if said:
        blocks.append(Heading("Lines", 2))
        for q in said:
            blocks.extend(_quote_blocks(film, q, full=full))
    heard = [q for q in film.quotes if q.addressee == c.id] if full else []
    if heard:
        blocks.append(Heading("Said to them", 2))
        for q in heard:
            blocks.extend(_quote_blocks(film, q, full=full))
    return View(
        c.name,
        tuple(blocks),
        data={"character": _data(c)},
        subtitle=c.role,
        hint=f"The whole arc: herstudy arc {c.id}" if found else "",
    )


# --- quotes -------------------------------------------------------------------------------


def quotes(
    film: Film,
    theme: Theme | None = None,
    speaker: Character | None = None,
    full: bool = False,
) -> View:
    """Key lines, on a theme or by a speaker if given; ``full``: with the moment of each."""
    on_theme = {q.id for q in film.links(theme).quotes} if theme is not None else None
    chosen = [
        q
        for q in film.quotes
        if (on_theme is None or q.id in on_theme) and (speaker is None or q.speaker == speaker.id)
    ]
    blocks: list[Block] = []
    for q in chosen:
        blocks.extend(_quote_blocks(film, q, full=full))
    if not chosen:
        blocks.append(Paragraph(("No quotes match.",), "muted"))
    title = f"Quotes from {_title(film)}"
    filters = [
        f"theme: {theme.title}" if theme else "",
        f"speaker: {speaker.name}" if speaker else "",
    ]
    return View(
        title,
        tuple(blocks),
        data={"quotes": [_linked_data(film, "quotes", q) for q in chosen]},
        subtitle="; ".join(f for f in filters if f),
    )


# --- questions ----------------------------------------------------------------------------


_QUESTION_HEADINGS = {
    "philosophical": "Philosophical questions",
    "discussion": "Discussion prompts",
    "essay": "Essay prompts",
}


def _question_entry(film: Film, q: Question) -> Block:
    body: list[Block] = []
    if q.discussion:
        body.append(Paragraph((q.discussion,)))
    linked = film.themes_about("questions", q.id)
    if linked:
        body.append(_with_themes(film, linked, []))
    return Entry(q.question, tuple(body), level=3, about=("questions", q.id))


def questions(film: Film) -> View:
    blocks: list[Block] = []
    for kind, heading in _QUESTION_HEADINGS.items():
        chosen = [q for q in film.questions if q.kind == kind]
        if chosen:
            blocks.append(Heading(heading, 2))
            blocks.extend(_question_entry(film, q) for q in chosen)
        if kind == "philosophical" and film.meaning is not None:
            m = film.meaning
            blocks.append(Heading("Core meaning", 2))
            blocks.append(Paragraph((m.summary,), "lead"))
            blocks.append(Paragraph((m.text,)))
            if m.themes:
                blocks.append(_with_themes(film, m.themes, []))
    return View(
        f"Questions on {_title(film)}",
        tuple(blocks),
        data={
            "questions": [_data(q) for q in film.questions],
            "meaning": _data(film.meaning) if film.meaning else None,
        },
    )


# --- essays -------------------------------------------------------------------------------


def _evidence_count(film: Film, q: Question) -> str:
    named = [film.evidence(q), *(film.evidence(q, i) for i in range(len(q.sides)))]
    counts = (
        (len({film.moment(b)[0].id for e in named for b in e.beats}), "moment"),
        (sum(len(e.quotes) for e in named), "quote"),
        (sum(len(e.symbols) for e in named), "symbol"),
    )
    said = ", ".join(f"{n} {what}{'s' if n != 1 else ''}" for n, what in counts if n)
    sides = f"; {len(q.sides)} sides" if q.sides else ""
    return (said or "none given (the outline shows each theme's own)") + sides


def essays(film: Film) -> View:
    """The essay prompts, each with its id: essay, then discussion, then philosophical."""
    from herstudy.essay import KINDS, prompts

    listed = prompts(film)
    blocks: list[Block] = []
    for kind in KINDS:
        chosen = [q for q in listed if q.kind == kind]
        if chosen:
            blocks.append(Heading(_QUESTION_HEADINGS[kind], 2))
        for q in chosen:
            rows: list[tuple[str, Line]] = []
            linked = film.themes_about("questions", q.id)
            if linked:
                rows.append(("Themes", theme_tags(film, linked)))
            rows.append(("Evidence", (_evidence_count(film, q),)))
            body = (Fields(tuple(rows)),)
            blocks.append(Entry(q.question, body, note=q.id, level=3, about=("questions", q.id)))
    if not listed:
        blocks.append(Paragraph(("This film has no essay prompts.",), "muted"))
    example = f" (such as {listed[0].id})" if listed else ""
    return View(
        f"Essay prompts on {_title(film)}",
        tuple(blocks),
        data={"questions": [_data(q) for q in listed]},
        hint=f"An outline: herstudy essay ID{example}."
        " A draft in your notes: herstudy essay ID --build --notes essay.md",
    )


def _why(film: Film, piece: Piece, claim: Claim) -> Line:
    """Why a piece of evidence is under this claim, in a sentence."""
    if claim.theme is None:
        return ("The prompt gives it for this answer.",)
    tags = theme_tags(film, (claim.theme.id,))
    if piece.link == "named":
        return ("The prompt points to it; it shows ", *tags, ".")
    return ("It shows ", *tags, "; the prompt does not point to it.")


def _moment_where(film: Film, beat: Beat) -> Line:
    """Where a moment is in the film: whose arc, and its number there."""
    arc = film.arc_of_beat[beat.id]
    return (
        Ref(
            f"{arc_title(film, arc.character)}, moment {beat.order}",
            "plain",
            kind="beats",
            id=beat.id,
        ),
    )


def _piece(film: Film, piece: Piece, claim: Claim, level: int) -> Entry:
    """One piece of evidence: what it is and where it comes from, what it means, and why it
    is under this claim."""
    entry = piece.entry
    why = ("Why here", _why(film, piece, claim))
    if isinstance(entry, Beat):
        rows: list[tuple[str, Line]] = [
            ("Where", _moment_where(film, entry)),
            ("Means", (entry.meaning,)),
        ]
        for other in piece.also:  # the same moment, as another arc tells it
            rows.append(
                (
                    f"Also in {arc_title(film, film.arc_of_beat[other.id].character)}",
                    (
                        Ref(
                            f"moment {other.order}, {other.title}",
                            "plain",
                            kind="beats",
                            id=other.id,
                        ),
                        ": ",
                        other.meaning,
                    ),
                )
            )
        return Entry(
            f"Moment: {entry.title}",
            (Paragraph((entry.happens,)), Fields((*rows, why))),
            note=", ".join(b.id for b in piece.entries),
            level=level,
            about=("beats", entry.id),
        )
    if isinstance(entry, QuoteEntry):
        cite: list[str | Styled] = [_who(film, entry.speaker)]
        if entry.addressee:
            cite += [", to ", _who(film, entry.addressee)]
        if entry.approximate:
            cite.append(Styled(" (approximate wording)", "em"))
        return Entry(
            f"Quote: “{entry.text}”",
            (
                Fields(
                    (
                        ("Said by", tuple(cite)),
                        ("Context", (entry.context,)),
                        ("Means", (entry.meaning,)),
                        why,
                    )
                ),
            ),
            note=entry.id,
            level=level,
            about=("quotes", entry.id),
        )
    return Entry(
        f"{entry.kind.capitalize()}: {entry.name}",
        (
            Paragraph((first_sentence(entry.meaning),)),
            Fields((("Where", ("; ".join(entry.appearances),)), why)),
        ),
        note=entry.id,
        level=level,
        about=("symbols", entry.id),
    )


def _claim_data(claim: Claim) -> dict[str, Any]:
    return {
        "title": claim.title,
        "claim": claim.claim,
        "theme": claim.theme.id if claim.theme else None,
        "note": claim.note,
        "evidence": [
            {
                "section": p.section,
                "id": p.entry.id,
                "link": p.link,
                "also": [b.id for b in p.also],
            }
            for p in claim.evidence
        ],
    }


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _conclusion(film: Film, outline: Outline) -> Iterator[Block]:
    """The conclusion: how this answer ties back to the core meaning, and which sections
    argue the themes it draws on."""
    meaning = outline.meaning
    if outline.conclusion:
        yield Paragraph((outline.conclusion,), "lead")
    if meaning is None:
        if not outline.conclusion:
            yield Paragraph(
                (
                    "The film file gives no core meaning: end by restating your thesis with"
                    " what the evidence showed.",
                ),
                "muted",
            )
        return
    if outline.conclusion:
        yield Paragraph((Styled("The core meaning: ", "strong"), meaning.summary))
    else:
        yield Paragraph((meaning.summary,), "lead")
    if not any(c.theme for c in outline.claims):
        yield Paragraph(("End by tying your answer back to it.",))
    elif outline.meaning_themes:
        drawn = {t.id for t in outline.meaning_themes}
        numbers = [
            str(n) for n, c in enumerate(outline.claims, 1) if c.theme and c.theme.id in drawn
        ]
        sections = f"section{'s' if len(numbers) > 1 else ''} {_and(numbers)}"
        tags = theme_tags(film, (t.id for t in outline.meaning_themes))
        yield Paragraph(
            ("It draws on ", *tags, f" ({sections}): end by tying your claims back to it.")
        )
    else:
        yield Paragraph(
            ("It names none of these sections' themes: end by saying how your answer leads to it.",)
        )


def essay(film: Film, outline: Outline) -> View:
    """An outline for an essay: a working thesis, a section per claim with its evidence, the
    counter-argument where the prompt weighs sides, and a conclusion on the core meaning."""
    q = outline.question
    blocks: list[Block] = []
    if q.discussion:
        blocks.append(Paragraph((Styled("Pointers: ", "strong"), q.discussion)))
    blocks.extend(Paragraph((note,), "muted") for note in outline.notes)
    themed = [c for c in outline.claims if c.theme is not None]
    if outline.thesis:
        blocks.append(Heading("Working thesis", 2))
        blocks.append(Paragraph((outline.thesis,), "lead"))
        if outline.thesis_given:
            tags = theme_tags(film, (c.theme.id for c in themed if c.theme))
            blocks.append(Paragraph(("Argued through: ", *tags, ".")))
        if outline.sides:
            n = len(outline.sides)
            blocks.append(
                Paragraph(
                    (
                        f"The prompt weighs {n} answers (see the counter-argument):"
                        + (
                            " this thesis weighs them; you may argue one of them instead."
                            if outline.thesis_given
                            else " take one as your stance, or argue how they meet."
                        ),
                    )
                )
            )
        if outline.thesis_given:
            blocks.append(
                Paragraph(("A starting point: rewrite it in your own words as you go.",), "muted")
            )
    for i, claim in enumerate(outline.claims, 1):
        t = tone(film, claim.theme) if claim.theme else None
        blocks.append(Heading(f"{i}. {claim.title}", 2, t))
        blocks.append(Paragraph((Styled("Claim: ", "strong"), claim.claim)))
        if claim.note:
            blocks.append(Paragraph((claim.note,), "muted"))
        blocks.extend(_piece(film, p, claim, 3) for p in claim.evidence)
    if outline.sides:
        blocks.append(Heading("Counter-argument", 2))
        blocks.append(
            Paragraph(
                (
                    "Each answer with its evidence: set out the one you do not take at its"
                    " strongest, then answer it.",
                )
            )
        )
        for side in outline.sides:
            blocks.append(Heading(side.title, 3))
            blocks.append(Paragraph((Styled("Claim: ", "strong"), side.claim)))
            if side.note:
                blocks.append(Paragraph((side.note,), "muted"))
            blocks.extend(_piece(film, p, side, 4) for p in side.evidence)
    blocks.append(Heading("Conclusion", 2))
    blocks.extend(_conclusion(film, outline))
    meaning = outline.meaning
    data = {
        "question": _data(q),
        "thesis": outline.thesis,
        "claims": [_claim_data(c) for c in outline.claims],
        "counter": [_claim_data(s) for s in outline.sides],
        "conclusion": (
            {
                "text": outline.conclusion,
                "summary": meaning.summary if meaning else "",
                "themes": [t.id for t in outline.meaning_themes],
            }
            if meaning or outline.conclusion
            else None
        ),
        "notes": list(outline.notes),
    }
    return View(
        q.question,
        tuple(blocks),
        data=data,
        subtitle=f"essay outline · {q.id}",
        hint=f"Build your draft from it: herstudy essay {q.id} --build --notes essay.md",
    )


# --- search -------------------------------------------------------------------------------


_NOT_SEARCHED = ("id", "sources", "themes", "beats", "symbols", "quotes", "characters")


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every (field path, text) inside an entry."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, msgspec.Struct):
        # The field names, in order; msgspec.structs.fields() would evaluate the
        # annotations again for every entry (a millisecond each).
        for name in type(value).__struct_fields__:
            if name in _NOT_SEARCHED:
                continue
            yield from _texts(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield f"{path}[{i}]", item


def _entries(film: Film) -> Iterator[tuple[str, str, str, msgspec.Struct]]:
    """(section, id, label, entry) for everything searchable."""
    yield "film", film.film.id, film.film.title, film.film
    for c in film.characters:
        yield "characters", c.id, c.name, c
    for t in film.themes:
        yield "themes", t.id, t.title, t
    for s in film.symbols:
        yield "symbols", s.id, s.name, s
    for a in film.arcs:
        for b in a.beats:
            yield f"arcs.{a.character}", b.id, b.title, b
    for quote in film.quotes:
        yield "quotes", quote.id, quote.text, quote
    for question in film.questions:
        yield "questions", question.id, question.question, question
    if film.meaning is not None:
        yield "meaning", "meaning", film.meaning.summary, film.meaning


def _snippet(
    text: str, spans: list[tuple[int, int]], width: int = 220
) -> tuple[str, list[tuple[int, int]]]:
    if len(text) <= width:
        return text, spans
    start = max(0, spans[0][0] - width // 3)
    end = min(len(text), start + width)
    start = max(0, end - width)
    cut = text[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    kept = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return prefix + cut + suffix, kept


def _highlight(text: str, spans: list[tuple[int, int]]) -> Line:
    parts: list[str | Styled] = []
    at = 0
    for a, b in sorted(spans):
        if a < at:
            continue
        if a > at:
            parts.append(text[at:a])
        parts.append(Styled(text[a:b], "mark"))
        at = b
    if at < len(text):
        parts.append(text[at:])
    return tuple(parts)


def search(film: Film, query: str) -> View:
    words = [w for w in re.findall(r"\w+", query.lower()) if w]
    phrase = query.strip().lower()
    if not words:
        from herstudy.errors import usage_error

        raise usage_error("Search for at least one word or number.")
    whole = re.compile(r"\b" + re.escape(phrase))
    each = [re.compile(r"\b" + re.escape(w)) for w in words]
    hits: list[dict[str, str]] = []
    blocks: list[Block] = []
    for section, entry_id, label, entry in _entries(film):
        for field, text in _texts(entry, ""):
            low = text.lower()
            spans = [(m.start(), m.end()) for m in whole.finditer(low)]
            if not spans and len(words) > 1:
                found = [list(w.finditer(low)) for w in each]
                if all(found):
                    spans = [(m.start(), m.end()) for ms in found for m in ms]
            if not spans:
                continue
            spans.sort()
            snippet, kept = _snippet(text, spans)
            hits.append({"section": section, "id": entry_id, "field": field, "text": text})
            blocks.append(
                Entry(
                    label if len(label) <= 60 else label[:57] + "...",
                    (Paragraph(_highlight(snippet, kept)),),
                    note=f"{section} · {entry_id} · {field}",
                    level=3,
                )
            )
    if not hits:
        blocks.append(Paragraph((f"Nothing matches '{visible(query)}'.",), "muted"))
    return View(
        f"Search: {visible(query)}",
        tuple(blocks),
        data={"query": query, "hits": hits},
        subtitle=f"{len(hits)} match{'es' if len(hits) != 1 else ''}",
    )
