"""``herstudy arc``: a character's arc as a timeline of beats (also walked through,
beat by beat, by ``interactive.walk``)."""

from __future__ import annotations

from herstudy.doc import Block, Fields, Paragraph, Step, Styled, Timeline, View
from herstudy.model import Beat, Character, Film
from herstudy.views.common import fields_with_themes, joined, linked_data, plain_data, quote_ref


def reflect_question(beat: Beat) -> str:
    """The question that closes a beat in ``arc --walk``."""
    if beat.reflect:
        return beat.reflect
    return f"What does '{beat.title}' change for the character, and why does it matter here?"


def beat_blocks(film: Film, beat: Beat, full: bool = False) -> tuple[Block, ...]:
    """What happens and what it means; ``full``: and its quotes and a question to reflect on."""
    fields = fields_with_themes(film, film.themes_about("beats", beat.id), [])
    if full:
        said = tuple(quote_ref(q) for q in film.quotes if q.beat == beat.id)
        rows = (("Quotes", joined(said)),) if said else ()
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
            "arc": {
                **plain_data(found),
                "beats": [linked_data(film, "beats", b) for b in found.beats],
            }
        },
        subtitle=f"{len(found.beats)} beats",
    )
