"""``herstudy characters``: who each character is, or one in depth."""

from __future__ import annotations

from herstudy.doc import Block, Bullets, Entry, Fields, Heading, Line, Paragraph, Ref, View
from herstudy.model import Character, Film
from herstudy.views.common import (
    arc_title,
    beat_ref,
    fields_with_themes,
    film_title,
    name_example,
    plain_data,
    quote_blocks,
    to_type,
)


def _character_rows(film: Film, c: Character) -> list[tuple[str, Line]]:
    rows: list[tuple[str, Line]] = [("Who", (c.role,))]
    if c.actor:
        rows.append(("Played by", (c.actor,)))
    if c.represents:
        rows.append(("Stands for", (c.represents,)))
    return rows


def characters(film: Film) -> View:
    blocks: list[Block] = [
        Entry(c.name, (Fields(tuple(_character_rows(film, c))),), note=to_type("", c.id))
        for c in film.characters
    ]
    return View(
        f"Characters of {film_title(film)}",
        tuple(blocks),
        data={"characters": [plain_data(c) for c in film.characters]},
        hint=f"In depth: herstudy characters {name_example(film.characters)}",
    )


def character(film: Film, c: Character, full: bool = False) -> View:
    """Who a character is, their arc and their lines; ``full``: and the lines said to them."""
    blocks: list[Block] = [Fields(tuple(_character_rows(film, c)))]
    if c.description:
        blocks.append(Paragraph((c.description,)))
    linked = film.themes_about("characters", c.id)
    if linked:
        blocks.append(fields_with_themes(film, linked, []))
    found = film.arc_by_character.get(c.id)
    if found:
        blocks.append(Heading("Arc", 2))
        if full:
            blocks.append(Paragraph((Ref(arc_title(film, c.id), "strong", kind="arcs", id=c.id),)))
        blocks.append(
            Bullets(
                tuple((beat_ref(film, b, with_name=False),) for b in found.beats),
                numbered=False,
            )
        )
    said = [q for q in film.quotes if q.speaker == c.id]
    if said:
        blocks.append(Heading("Lines", 2))
        for q in said:
            blocks.extend(quote_blocks(film, q, full=full))
    heard = [q for q in film.quotes if q.addressee == c.id] if full else []
    if heard:
        blocks.append(Heading("Said to them", 2))
        for q in heard:
            blocks.extend(quote_blocks(film, q, full=full))
    return View(
        c.name,
        tuple(blocks),
        data={"character": plain_data(c)},
        subtitle=c.role,
        hint=f"The whole arc: herstudy arc {c.id}" if found else "",
    )
