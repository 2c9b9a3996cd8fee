"""Tab completion of the names a command takes, read from the film being studied.

Typer calls these with the command's context, as parsed so far, and the word
being completed. The film is the one ``--data`` names before the cursor (the
command's option or the one before the command), else ``$HERSTUDY_DATA``, else
the bundled film. Completion
must never print an error into the shell: a film that does not load completes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from herstudy.errors import HerstudyError

if TYPE_CHECKING:
    from herstudy.model import Film

Completion = tuple[str, str]
"""A value and the help a shell may show beside it (zsh and fish do)."""


def _data_option(ctx: Any) -> Path | None:
    """``--data`` as parsed so far: the command's own, else the one before the command."""
    while ctx is not None:
        value = getattr(ctx, "params", {}).get("data")
        if value:
            return Path(value).expanduser()
        ctx = getattr(ctx, "parent", None)
    return None


def _film(ctx: Any) -> Film | None:
    from herstudy.load import data_path, load_film

    try:
        return load_film(data_path(_data_option(ctx)))
    except (HerstudyError, OSError, ValueError):
        return None


def _matching(incomplete: str, items: Iterable[Completion]) -> list[Completion]:
    """The items whose value starts with what is typed, ignoring case."""
    typed = incomplete.lower()
    return [(value, help) for value, help in items if value.lower().startswith(typed)]


def _from_film(
    entries: Callable[[Film], Iterable[Completion]],
) -> Callable[[Any, str], list[Completion]]:
    def complete(ctx: Any, incomplete: str) -> list[Completion]:
        """``ctx`` is the command's context (typer passes it by this name)."""
        film = _film(ctx)
        return [] if film is None else _matching(incomplete, entries(film))

    return complete


themes = _from_film(lambda film: ((t.id, t.title) for t in film.themes))
symbols = _from_film(lambda film: ((s.id, s.name) for s in film.symbols))
characters = _from_film(lambda film: ((c.id, c.name) for c in film.characters))


def _speakers(film: Film) -> Iterable[Completion]:
    """The characters who say a quote: ``quotes --speaker`` finds nothing for the others."""
    speaking = {q.speaker for q in film.quotes}
    return ((c.id, c.name) for c in film.characters if c.id in speaking)


speakers = _from_film(_speakers)
arcs = _from_film(
    lambda film: ((a.character, film.character_by_id[a.character].name) for a in film.arcs)
)


def topics(incomplete: str) -> list[Completion]:
    from herstudy.model import TOPICS

    return _matching(incomplete, ((t, "") for t in TOPICS))


def kinds(incomplete: str) -> list[Completion]:
    from herstudy.quiz.question import KINDS

    return _matching(incomplete, ((k, "") for k in KINDS))


def _prompts(film: Film) -> Iterable[Completion]:
    from herstudy.essay import prompts

    return ((q.id, q.question) for q in prompts(film))


prompts = _from_film(_prompts)
