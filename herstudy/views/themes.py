"""``herstudy themes``: the list of themes, one theme with everything linked to it, and
the theme tracker of an arc."""

from __future__ import annotations

from typing import Any

from herstudy.doc import Block, Bullets, Entry, Heading, Line, Paragraph, Ref, Styled, Table, View
from herstudy.model import Beat, Character, Film, Theme
from herstudy.text import first_sentence
from herstudy.views.common import (
    film_title,
    linked_data,
    name_example,
    name_of,
    plain_data,
    quote_blocks,
    short,
    to_type,
    tone,
)


def _theme_data(film: Film, theme: Theme) -> dict[str, Any]:
    links = film.links(theme)
    data: dict[str, Any] = plain_data(theme)
    data["symbols"] = [s.id for s in links.symbols]
    data["beats"] = [b.id for b in links.beats]
    data["quotes"] = [q.id for q in links.quotes]
    data["characters"] = [c.id for c in links.characters]
    data["key"] = theme.id in film.key_themes
    return data


def themes(film: Film) -> View:
    blocks: list[Block] = []
    for theme in film.themes:
        note = to_type("key theme" if theme.id in film.key_themes else "", theme.id)
        blocks.append(
            Entry(theme.title, (Paragraph((theme.summary,)),), tone(film, theme), note=note)
        )
    return View(
        f"Themes of {film_title(film)}",
        tuple(blocks),
        data={"themes": [_theme_data(film, t) for t in film.themes]},
        hint=f"One theme in depth: herstudy themes {name_example(film.themes)}."
        " Across an arc: herstudy themes --tracker",
    )


def _beat_line(film: Film, beat: Beat) -> Line:
    arc = film.arc_of_beat[beat.id]
    who = name_of(film, arc.character)
    return (
        Ref(f"{who} {beat.order}.", "strong", kind="beats", id=beat.id),
        f" {beat.title}: {beat.meaning}",
    )


def _questions_on(film: Film, theme: Theme) -> tuple[Block, ...]:
    asked = tuple(
        (Ref(short(q.question, 80), "plain", kind="questions", id=q.id),)
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
            blocks.extend(quote_blocks(film, q, with_themes=False, full=full))
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
        "symbols": [linked_data(film, "symbols", s) for s in links.symbols],
        "beats": [linked_data(film, "beats", b) for b in links.beats],
        "quotes": [linked_data(film, "quotes", q) for q in links.quotes],
        "characters": [plain_data(c) for c in links.characters],
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
