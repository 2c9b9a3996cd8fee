"""``herstudy`` on its own: a welcome and a menu that runs the same commands.

Each choice becomes the argument list of a real command (``["arc", "theodore"]``)
and runs through the same Typer app, so the menu can never drift from the
commands. Errors and Ctrl-C inside a command or a sub-menu bring the student
back here; q or Ctrl-C at the main menu leaves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from herstudy.model import Film

Run = Callable[[list[str]], int]

BACK = "← Back"
"""Title and value of the entry that goes back; ``_select`` answers None for it (questionary
would take a value of None to mean the title)."""
QUIT_KEY = "q"
"""Leaves the menu from the keyboard, as Ctrl-C does; shown as the shortcut of "Quit"."""
BACK_KEY = "q"
"""In every sub-menu: the shortcut of "← Back", and one of the keys that go back at once."""
BACK_KEYS = (BACK_KEY, "escape", "backspace", "left")


def _select(message: str, choices: Sequence[Any], *, main: bool = False) -> Any:
    """One choice's value (None for Back).

    At the main menu ``q`` leaves at once, as Ctrl-C does; in a sub-menu ``q``,
    Esc, Backspace and Left go back at once (questionary's own shortcut keys
    only move the cursor).
    """
    import questionary
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

    shortcuts = len(choices) <= 36
    question = questionary.select(
        message,
        choices=list(choices),
        use_shortcuts=shortcuts,
        # With shortcuts, j and k name the 20th and 21st choices: they must not move the cursor.
        use_jk_keys=not shortcuts,
        instruction="(arrows or number, Enter to choose"
        + (")" if main else f"; {BACK_KEY} or Esc: back)"),
    )
    bindings = question.application.key_bindings
    if isinstance(bindings, KeyBindings):

        def leave(event: KeyPressEvent) -> None:
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

        def back(event: KeyPressEvent) -> None:
            event.app.exit(result=BACK)

        for key in (QUIT_KEY,) if main else BACK_KEYS:
            bindings.add(key, eager=True)(leave if main else back)

    answer = question.unsafe_ask()
    return None if answer == BACK else answer


def _choice(title: str, value: Any, shortcut: str | None = None) -> Any:
    import questionary

    return questionary.Choice(title=title, value=value, shortcut_key=shortcut or True)


def _pick(message: str, entries: Sequence[tuple[str, str]], everything: str | None) -> str | None:
    """One entry id from (title, id) pairs; "" for everything; None to go back."""
    choices = [_choice(everything, "")] if everything else []
    choices += [_choice(title, entry_id) for title, entry_id in entries]
    choices.append(_choice(BACK, BACK, shortcut=BACK_KEY))
    picked: str | None = _select(message, choices)
    return picked


def _path(message: str, default: str) -> str | None:
    """A path typed at a prompt (the default offered); None for Esc, which goes back."""
    import questionary
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings

    question = questionary.path(f"{message} (Esc: back)", default=default)
    back = KeyBindings()

    @back.add("escape", eager=True)
    def _back(event: KeyPressEvent) -> None:
        event.app.exit(result=None)

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, back]) if app.key_bindings else back
    answer: str | None = question.unsafe_ask()
    if answer is None:
        return None
    path = os.path.expanduser(answer.strip())
    # A path is an argument of the command the menu runs: "-x.json" must not read as an option.
    return f".{os.sep}{path}" if path.startswith("-") else path


def welcome(film: Film, status: str) -> str:
    year = f" ({film.film.year})" if film.film.year else ""
    lines = [f"herstudy: {film.film.title}{year}"]
    if film.film.tagline:
        lines.append(film.film.tagline)
    if status:
        lines.append(status)
    return "\n".join(lines)


def run_menu(film: Film, data: Path | None, run: Run, status: Callable[[], str]) -> None:
    """Show the menu until the student quits (q, Ctrl-C or "Quit")."""
    extra = ["--data", str(data)] if data else []
    shown = status()
    print(welcome(film, shown))
    themes = [(t.title, t.id) for t in film.themes]
    symbols = [(s.name, s.id) for s in film.symbols]
    arcs = [(film.character_by_id[a.character].name, a.character) for a in film.arcs]
    people = [(c.name, c.id) for c in film.characters]
    items: list[tuple[str, Callable[[], list[str] | None]]] = [
        ("Key facts", lambda: ["info"]),
        ("Themes", lambda: _with("themes", _pick("Which theme?", themes, "All themes"))),
        (
            "Symbols and motifs",
            lambda: _with("symbols", _pick("Which symbol?", symbols, "All symbols and motifs")),
        ),
        ("A character's arc", lambda: _with("arc", _pick("Whose arc?", arcs, None))),
        ("Characters", lambda: _with("characters", _pick("Who?", people, "Everyone"))),
        ("Quotes", lambda: ["quotes"]),
        ("Questions and essay prompts", lambda: ["questions"]),
        ("Take a quiz", lambda: ["quiz"]),
        ("Review due flashcards", lambda: ["review"]),
        ("Study one theme (guided, about ten minutes)", lambda: _study(themes)),
        ("Progress and stats", lambda: ["stats"]),
        ("Export to Anki, Obsidian or JSON", _export),
        ("Write an essay: a prompt's outline, or a draft in your notes", lambda: _essay(film)),
        ("Quit", lambda: None),
    ]
    quit_ = len(items) - 1
    while True:
        choices = [_choice(title, i) for i, (title, _) in enumerate(items[:quit_])]
        choices.append(_choice(items[quit_][0], quit_, shortcut=QUIT_KEY))
        try:
            action = _select("What would you like to do?", choices, main=True)
        except KeyboardInterrupt:
            return
        if action == quit_:
            return
        try:
            argv = items[action][1]()
        except KeyboardInterrupt:  # in a sub-menu or prompt: back to this menu, as in a command
            print()
            continue
        if argv is None:
            continue
        print()
        run([*argv, *extra])
        print()
        now = status()
        if now != shown:  # after a quiz, a review or a study session
            print(now)
            shown = now


def _with(command: str, picked: str | None) -> list[str] | None:
    if picked is None:
        return None
    return [command, picked] if picked else [command]


def _study(themes: list[tuple[str, str]]) -> list[str] | None:
    picked = _pick("Which theme?", themes, "The one I know least")
    return _with("study", picked)


def _essay(film: Film) -> list[str] | None:
    from herstudy.essay import prompts

    width = 72
    listed = [
        (q.question if len(q.question) <= width else q.question[: width - 1] + "…", q.id)
        for q in prompts(film)
    ]
    picked = _pick("Which prompt?", listed, None)
    if picked is None:
        return None
    ways = [("Show its outline", "outline"), ("Build a draft in a notes file", "build")]
    chosen = _pick("Outline or draft?", ways, None)
    if chosen is None:
        return None
    if chosen == "outline":
        return ["essay", picked]
    target = _path("Notes file?", "essay.md")
    return ["essay", picked, "--build", "--notes", target] if target else None


def _export() -> list[str] | None:
    kinds = [
        ("Anki package (.apkg)", "anki"),
        ("Markdown vault for Obsidian (a folder)", "markdown"),
        ("JSON (the whole film)", "json"),
    ]
    kind = _pick("Export to?", kinds, None)
    if kind is None:
        return None
    default = {"anki": "herstudy.apkg", "markdown": "herstudy-vault", "json": "film.json"}[kind]
    target = _path("Where?", default)
    return ["export", kind, target] if target else None
