"""``herstudy arc CHARACTER --walk``: one beat at a time, each closed by a question."""

from __future__ import annotations

import sys
from pathlib import Path

from herstudy.doc import Paragraph, Styled, View
from herstudy.interactive import require_terminal
from herstudy.interactive.notes import NotesFile
from herstudy.model import Character, Film
from herstudy.views import arcs


def walk_arc(film: Film, character: Character, notes: Path | None = None) -> None:
    require_terminal("--walk needs a terminal; without one, use: herstudy arc " + character.id)
    from herstudy.render import Format, emit

    arc = film.arc_by_character.get(character.id)
    if arc is None:
        arcs.arc(film, character)  # raises the usual "has no arc" error
        return
    notebook = NotesFile(notes, f"{character.name}'s arc") if notes else None
    total = len(arc.beats)
    reached = 0
    try:
        for reached, beat in enumerate(arc.beats, 1):
            question = arcs.reflect_question(beat)
            emit(
                View(
                    f"{beat.order}. {beat.title}",
                    (
                        *arcs.beat_blocks(film, beat),
                        Paragraph((Styled("Reflect: ", "strong"), question)),
                    ),
                    subtitle=f"{character.name} · beat {reached} of {total}",
                ),
                Format.rich,
            )
            hint = "your thoughts, then Enter" if notebook else "Enter: next"
            try:
                answer = input(f"\n({hint}; q: stop) › ")
            except EOFError:  # Ctrl-D: stop, as q does
                break
            if answer.strip().lower() in ("q", "quit"):
                break
            if notebook:
                notebook.add(f"{beat.order}. {beat.title}", question, answer)
            print()
    except KeyboardInterrupt:  # Ctrl-C, whenever it comes: say what q says, then exit 130
        print(file=sys.stderr)
        _said(notebook, notes, f"Stopped at beat {reached} of {total}.")
        raise
    _said(notebook, notes)


def _said(notebook: NotesFile | None, notes: Path | None, otherwise: str = "") -> None:
    if notebook and notebook.written:
        print(f"Reflections saved to {notes}", file=sys.stderr)
    elif otherwise:
        print(otherwise, file=sys.stderr)
