"""``herstudy questions``: the questions on the film and its core meaning."""

from __future__ import annotations

from herstudy.doc import Block, Entry, Heading, Paragraph, View
from herstudy.model import Film, Question
from herstudy.views.common import QUESTION_HEADINGS, fields_with_themes, film_title, plain_data


def _question_entry(film: Film, q: Question) -> Block:
    body: list[Block] = []
    if q.discussion:
        body.append(Paragraph((q.discussion,)))
    linked = film.themes_about("questions", q.id)
    if linked:
        body.append(fields_with_themes(film, linked, []))
    return Entry(q.question, tuple(body), level=3, about=("questions", q.id))


def questions(film: Film) -> View:
    blocks: list[Block] = []
    for kind, heading in QUESTION_HEADINGS.items():
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
                blocks.append(fields_with_themes(film, m.themes, []))
    return View(
        f"Questions on {film_title(film)}",
        tuple(blocks),
        data={
            "questions": [plain_data(q) for q in film.questions],
            "meaning": plain_data(film.meaning) if film.meaning else None,
        },
    )
