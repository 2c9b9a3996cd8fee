"""The command line: options, help text and calls into the library — nothing else.

Every command reads like a sentence: load the film, build the view, render it.
Errors from the library arrive as ``HerstudyError`` and become a message on
stderr and an exit code in one place, ``HerstudyGroup.invoke``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from herstudy import __version__
from herstudy.errors import INTERRUPTED, HerstudyError, usage_error
from herstudy.render import Format

if TYPE_CHECKING:
    from herstudy.doc import View
    from herstudy.model import Character, Film


def _print_error(lines: list[str]) -> None:
    for line in lines:
        print(line if line.startswith(("herstudy:", "  ")) else f"herstudy: {line}", file=sys.stderr)


def _quiet_broken_pipe() -> NoReturn:
    """The reader went away (``herstudy themes | head``): stop without a traceback."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    raise typer.Exit(0)


class HerstudyGroup(TyperGroup):
    """Turns the project exception, Ctrl-C and a closed pipe into exit codes."""

    def invoke(self, ctx: typer.Context) -> Any:
        for stream in (sys.stdout, sys.stderr):
            # A terminal that cannot show a curly quote gets a '?', not a crash.
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")
        try:
            return super().invoke(ctx)
        except HerstudyError as e:
            _print_error(e.lines())
            raise typer.Exit(e.code) from None
        except (KeyboardInterrupt, typer.Abort):
            print(file=sys.stderr)
            raise typer.Exit(INTERRUPTED) from None
        except BrokenPipeError:
            _quiet_broken_pipe()


app = typer.Typer(
    cls=HerstudyGroup,
    name="herstudy",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Film file to read instead of the bundled one (also $HERSTUDY_DATA).",
        metavar="FILE",
        show_default=False,
    ),
]


def _version(value: bool) -> None:
    if value:
        print(f"herstudy {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    data: DataOption = None,
) -> None:
    """A study companion for a film: the bundled one, or any film file (--data).

    Read its themes, symbols, arcs and quotes; quiz yourself; review flashcards
    that remember your progress; export to Anki, Obsidian or JSON. On a terminal
    output is formatted; piped, it is Markdown: herstudy themes >> notes.md

    Run on its own at a terminal, herstudy opens a menu.
    """
    if data is not None:
        # `herstudy --data FILE CMD` means the same as `herstudy CMD --data FILE`.
        import os

        from herstudy.load import ENV_DATA

        os.environ[ENV_DATA] = str(data)
    if ctx.invoked_subcommand is not None:
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(ctx.get_help())
        raise typer.Exit(0)
    from herstudy.menu import run_menu

    film = _film(data)
    group = typer.main.get_command(app)

    def run(argv: list[str]) -> int:
        code = group.main(args=argv, prog_name="herstudy", standalone_mode=False)
        return code if isinstance(code, int) else 0

    run_menu(film, data, run, lambda: _status(film, data))


def _status(film: Film, data: Path | None) -> str:
    """The welcome's second line: what is due and the streak, if progress exists."""
    return ""


@app.command()
def validate(
    file: Annotated[
        Path | None,
        typer.Argument(help="Film file to check (default: --data, $HERSTUDY_DATA or the bundled film).", show_default=False),
    ] = None,
    data: DataOption = None,
) -> None:
    """Check a film file and print what it holds; list every problem if it is not valid."""
    from herstudy.load import data_path, load_film

    path = data_path(file or data)
    film = load_film(path)
    counts = ", ".join(f"{n} {name}" for name, n in film.counts().items())
    print(f"{path}: valid: {film.film.title}: {counts}")


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: rich on a terminal, markdown when piped.",
        case_sensitive=False,
        show_default=False,
    ),
]


def _film(data: Path | None) -> Film:
    from herstudy.load import load_film

    return load_film(data)


def _show(view: View, fmt: Format | None) -> None:
    from herstudy.render import emit

    emit(view, fmt)


@app.command()
def info(data: DataOption = None, format: FormatOption = None) -> None:
    """The key facts: release, runtime, rating, director, cast, genres, money, key themes."""
    from herstudy import views

    _show(views.info(_film(data)), format)


@app.command()
def themes(
    theme: Annotated[
        str | None,
        typer.Argument(help="A theme's id, title or the start of either; omit to list all.", show_default=False),
    ] = None,
    tracker: Annotated[
        bool, typer.Option("--tracker", help="Show which themes each beat of an arc touches.")
    ] = False,
    arc: Annotated[
        str | None,
        typer.Option("--arc", help="Character whose arc the tracker follows (default: the first arc).", metavar="CHARACTER", show_default=False),
    ] = None,
    data: DataOption = None,
    format: FormatOption = None,
) -> None:
    """The themes, each in a line; or one theme with everything linked to it.

    With --tracker: a theme tracker, the beats of an arc down the side and the
    themes across, with a mark where a beat develops a theme.
    """
    from herstudy import views

    film = _film(data)
    if tracker:
        if theme:
            raise usage_error("--tracker shows all themes; leave out THEME.")
        who = views.find_character(film, arc) if arc else _first_arc_character(film)
        _show(views.tracker(film, who), format)
    elif arc:
        raise usage_error("--arc goes with --tracker.")
    elif theme:
        _show(views.theme(film, views.find_theme(film, theme)), format)
    else:
        _show(views.themes(film), format)


def _first_arc_character(film: Film) -> Character:
    if not film.arcs:
        raise usage_error("This film has no arcs.")
    return film.character_by_id[film.arcs[0].character]


@app.command()
def symbols(
    symbol: Annotated[
        str | None,
        typer.Argument(help="A symbol's id, name or a word of it (red); omit to list all.", show_default=False),
    ] = None,
    data: DataOption = None,
    format: FormatOption = None,
) -> None:
    """Symbols and motifs: what each means, where it appears, the themes it serves."""
    from herstudy import views

    film = _film(data)
    if symbol:
        _show(views.symbol(film, views.find_symbol(film, symbol)), format)
    else:
        _show(views.symbols(film), format)


@app.command()
def arc(
    character: Annotated[str, typer.Argument(help="Whose arc: id, name or the start of either (theo).")],
    walk: Annotated[
        bool,
        typer.Option("--walk", help="Step through the beats one at a time on a terminal (Enter: next, q: stop)."),
    ] = False,
    notes: Annotated[
        Path | None,
        typer.Option("--notes", help="With --walk: append your reflections to this Markdown file.", metavar="FILE", show_default=False),
    ] = None,
    data: DataOption = None,
    format: FormatOption = None,
) -> None:
    """A character's arc, beat by beat in film order, as a timeline."""
    from herstudy import views

    film = _film(data)
    who = views.find_character(film, character)
    view = views.arc(film, who)
    if not walk:
        if notes:
            raise usage_error("--notes goes with --walk.")
        _show(view, format)
        return
    from herstudy.walk import walk_arc

    walk_arc(film, who, notes)


@app.command()
def characters(
    name: Annotated[
        str | None,
        typer.Argument(help="A character's id, name or the start of either; omit to list all.", show_default=False),
    ] = None,
    data: DataOption = None,
    format: FormatOption = None,
) -> None:
    """Who each character is and what they stand for; or one character in depth."""
    from herstudy import views

    film = _film(data)
    if name:
        _show(views.character(film, views.find_character(film, name)), format)
    else:
        _show(views.characters(film), format)


@app.command()
def quotes(
    theme: Annotated[
        str | None, typer.Option("--theme", "-t", help="Only quotes on this theme.", show_default=False)
    ] = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", "-s", help="Only lines this character says.", show_default=False)
    ] = None,
    data: DataOption = None,
    format: FormatOption = None,
) -> None:
    """Key lines with speaker, context and meaning; rough wordings are marked approximate."""
    from herstudy import views

    film = _film(data)
    chosen_theme = views.find_theme(film, theme) if theme else None
    chosen_speaker = views.find_character(film, speaker) if speaker else None
    _show(views.quotes(film, chosen_theme, chosen_speaker), format)


@app.command()
def questions(data: DataOption = None, format: FormatOption = None) -> None:
    """The philosophical questions, the core meaning, and discussion and essay prompts."""
    from herstudy import views

    _show(views.questions(_film(data)), format)


@app.command()
def search(
    text: Annotated[list[str], typer.Argument(help="Words to find (all of them, in any field).")],
    data: DataOption = None,
    format: FormatOption = None,
) -> None:
    """Search everything: each hit names its section and id, matches highlighted."""
    from herstudy import views

    _show(views.search(_film(data), " ".join(text)), format)
