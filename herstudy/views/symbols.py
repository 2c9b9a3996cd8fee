"""``herstudy symbols``: the symbols and motifs, or one in depth."""

from __future__ import annotations

from herstudy.doc import Block, Bullets, Entry, Paragraph, View
from herstudy.model import Film, Symbol
from herstudy.text import first_sentence
from herstudy.views.common import fields_with_themes, film_title, linked_data, name_example, to_type


def _symbol_blocks(film: Film, symbol: Symbol) -> tuple[Block, ...]:
    return (
        Paragraph((symbol.meaning,)),
        Bullets(tuple((a,) for a in symbol.appearances), title="Where it appears"),
        fields_with_themes(film, film.themes_about("symbols", symbol.id), []),
    )


def symbols(film: Film) -> View:
    blocks: list[Block] = []
    for symbol in film.symbols:
        blocks.append(
            Entry(
                symbol.name,
                (
                    Paragraph((first_sentence(symbol.meaning),)),
                    fields_with_themes(film, film.themes_about("symbols", symbol.id), []),
                ),
                note=to_type(symbol.kind, symbol.id),
            )
        )
    return View(
        f"Symbols and motifs of {film_title(film)}",
        tuple(blocks),
        data={"symbols": [linked_data(film, "symbols", s) for s in film.symbols]},
        hint=f"In depth: herstudy symbols {name_example(film.symbols)}",
    )


def symbol(film: Film, symbol: Symbol) -> View:
    return View(
        symbol.name,
        _symbol_blocks(film, symbol),
        data={"symbol": linked_data(film, "symbols", symbol)},
        subtitle=symbol.kind,
    )
