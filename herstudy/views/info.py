"""``herstudy info``: the key facts of the film; in the vault, its index note."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from herstudy.doc import Block, Bullets, Fields, Heading, Line, Paragraph, Quote, Ref, Styled, View
from herstudy.model import Film
from herstudy.views.common import arc_title, character_ref, film_title, plain_data, theme_tags


def _money(amount: int | None) -> str:
    return f"${amount:,}" if amount is not None else ""


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
        film_title(film),
        tuple(blocks),
        data={"film": plain_data(f), "sources": [plain_data(s) for s in film.sources]},
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
        ((character_ref(film, c.id), f": {c.role}") for c in film.characters),
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
