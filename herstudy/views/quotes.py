"""``herstudy quotes``: key lines, on a theme or by a speaker."""

from __future__ import annotations

from herstudy.doc import Block, Paragraph, View
from herstudy.model import Character, Film, Theme
from herstudy.views.common import film_title, linked_data, quote_blocks


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
        blocks.extend(quote_blocks(film, q, full=full))
    if not chosen:
        blocks.append(Paragraph(("No quotes match.",), "muted"))
    title = f"Quotes from {film_title(film)}"
    filters = [
        f"theme: {theme.title}" if theme else "",
        f"speaker: {speaker.name}" if speaker else "",
    ]
    return View(
        title,
        tuple(blocks),
        data={"quotes": [linked_data(film, "quotes", q) for q in chosen]},
        subtitle="; ".join(f for f in filters if f),
    )
