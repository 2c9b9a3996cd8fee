"""``herstudy arc CHARACTER --walk``: one beat at a time, each closed by a question."""

from __future__ import annotations

import sys
from pathlib import Path

from herstudy import views
from herstudy.doc import Paragraph, Styled, View
from herstudy.interactive import require_terminal
from herstudy.interactive.notes import NotesFile
from herstudy.model import Character, Film


def walk_arc(film: Film, character: Character, notes: Path | None = None) -> None:
    require_terminal("--walk needs a terminal; without one, use: herstudy arc " + character.id)
    from herstudy.render import Format, emit

    arc = film.arc_by_character.get(character.id)
    if arc is None:
        views.arc(film, character)  # raises the usual "has no arc" error
        return
    notebook = NotesFile(notes, f"{character.name}'s arc") if notes else None
    total = len(arc.beats)
    interrupted = False
    for beat in arc.beats:
        question = views.reflect_question(beat)
        emit(
            View(
                f"{beat.order}. {beat.title}",
                (
                    *views.beat_blocks(film, beat),
                    Paragraph((Styled("Reflect: ", "strong"), question)),
                ),
                subtitle=f"{character.name} · beat {arc.beats.index(beat) + 1} of {total}",
            ),
            Format.rich,
        )
        hint = "your thoughts, then Enter" if notebook else "Enter: next"
        try:
            answer = input(f"\n({hint}; q: stop) › ")
        except EOFError:  # Ctrl-D: stop, as q does
            break
        except KeyboardInterrupt:  # Ctrl-C: stop too, say so, then exit 130
            interrupted = True
            break
        if answer.strip().lower() in ("q", "quit"):
            break
        if notebook:
            notebook.add(f"{beat.order}. {beat.title}", question, answer)
        print()
    if interrupted:
        print(file=sys.stderr)
    if notebook and notebook.written:
        print(f"Reflections saved to {notes}", file=sys.stderr)
    elif interrupted:
        print(f"Stopped at beat {arc.beats.index(beat) + 1} of {total}.", file=sys.stderr)
    if interrupted:
        raise KeyboardInterrupt
