"""``herstudy essay``: the essay prompts, and one prompt's outline (``herstudy.essay``
arranges it; this shows it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from herstudy.doc import Block, Entry, Fields, Heading, Line, Paragraph, Ref, Styled, View
from herstudy.essay import KINDS, Claim, Outline, prompts
from herstudy.essay import Evidence as Piece
from herstudy.model import Beat, Film, Question
from herstudy.model import Quote as QuoteEntry
from herstudy.text import first_sentence
from herstudy.views.common import (
    QUESTION_HEADINGS,
    arc_title,
    character_ref,
    film_title,
    plain_data,
    theme_tags,
    tone,
)


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
    listed = prompts(film)
    blocks: list[Block] = []
    for kind in KINDS:
        chosen = [q for q in listed if q.kind == kind]
        if chosen:
            blocks.append(Heading(QUESTION_HEADINGS[kind], 2))
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
        f"Essay prompts on {film_title(film)}",
        tuple(blocks),
        data={"questions": [plain_data(q) for q in listed]},
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
        cite: list[str | Styled] = [character_ref(film, entry.speaker)]
        if entry.addressee:
            cite += [", to ", character_ref(film, entry.addressee)]
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
        "question": plain_data(q),
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
