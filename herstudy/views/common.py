"""The helpers that several groups of views share: JSON data, theme tags and colour
slots, references to characters, beats and quotes, a quote with its fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from herstudy.doc import Block, Fields, Line, Quote, Ref, Styled
from herstudy.model import Beat, Character, Film, Section, Symbol, Theme
from herstudy.model import Quote as QuoteEntry


def plain_data(value: Any) -> Any:
    return msgspec.to_builtins(value)


def linked_data(film: Film, section: Section, entry: Symbol | Beat | QuoteEntry) -> Any:
    """An entry's JSON with its links resolved: ``themes`` as written (a beat's main theme
    first), then every theme that lists the entry on its own side (docs/json.md)."""
    data = plain_data(entry)
    data["themes"] = list(dict.fromkeys((*entry.themes, *film.themes_about(section, entry.id))))
    return data


def tone(film: Film, theme: Theme) -> int:
    """A theme's colour slot: its place in the file, so it stays put between commands."""
    return film.theme_position[theme.id]


def joined(parts: Iterable[Styled]) -> Line:
    out: list[str | Styled] = []
    for part in parts:
        if out:
            out.append(", ")
        out.append(part)
    return tuple(out)


def theme_tags(film: Film, ids: Iterable[str]) -> Line:
    return joined(
        Ref(theme.title, "theme", tone(film, theme), "themes", theme.id)
        for theme in film.themes_of(tuple(ids))
    )


def name_of(film: Film, character_id: str | None) -> str:
    if character_id is None:
        return ""
    character = film.character_by_id.get(character_id)
    return character.name if character else character_id


def character_ref(film: Film, character_id: str) -> Ref:
    return Ref(name_of(film, character_id), "plain", kind="characters", id=character_id)


def short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def quote_ref(quote: QuoteEntry) -> Ref:
    return Ref(f"“{short(quote.text)}”", "plain", kind="quotes", id=quote.id)


def beat_ref(film: Film, beat: Beat, with_name: bool = True) -> Ref:
    who = f"{name_of(film, film.arc_of_beat[beat.id].character)}, " if with_name else ""
    return Ref(f"{who}{beat.order}. {beat.title}", "plain", kind="beats", id=beat.id)


def arc_title(film: Film, character_id: str) -> str:
    """An arc's name where it is listed: ``Amy's arc``."""
    return f"{name_of(film, character_id)}'s arc"


def fields_with_themes(film: Film, ids: tuple[str, ...], rows: list[tuple[str, Line]]) -> Fields:
    if ids:
        rows.append(("Themes", theme_tags(film, ids)))
    return Fields(tuple(rows))


def film_title(film: Film) -> str:
    year = film.film.year
    return f"{film.film.title} ({year})" if year else film.film.title


def to_type(note: str, entry_id: str) -> str:
    """A list entry's note, ending in the id to type for it in depth (NAME in the hint)."""
    return f"{note} · {entry_id}" if note else entry_id


def name_example(entries: tuple[Theme, ...] | tuple[Symbol, ...] | tuple[Character, ...]) -> str:
    """NAME in a list's hint, with the first entry's id as the example of one."""
    return f"NAME (the id after each, such as {entries[0].id})" if entries else "NAME"


def quote_blocks(
    film: Film, quote: QuoteEntry, with_themes: bool = True, full: bool = False
) -> tuple[Block, ...]:
    cite: list[str | Styled] = [character_ref(film, quote.speaker)]
    if quote.addressee:
        cite += [", to ", character_ref(film, quote.addressee)]
    if quote.approximate:
        cite.append(Styled(" (approximate wording)", "em"))
    rows: list[tuple[str, Line]] = [("Context", (quote.context,)), ("Meaning", (quote.meaning,))]
    moment = film.beat_by_id.get(quote.beat) if full and quote.beat else None
    if moment is not None:
        rows.append(("Moment", (beat_ref(film, moment),)))
    blocks: list[Block] = [Quote(quote.text, tuple(cite), about=("quotes", quote.id))]
    blocks.append(
        fields_with_themes(film, film.themes_about("quotes", quote.id) if with_themes else (), rows)
    )
    return tuple(blocks)


QUESTION_HEADINGS = {
    "philosophical": "Philosophical questions",
    "discussion": "Discussion prompts",
    "essay": "Essay prompts",
}
