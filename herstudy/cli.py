"""The command line: options, help text and calls into the library — nothing else.

Every command reads like a sentence: load the film, build the view, render it.
Errors from the library arrive as ``HerstudyError`` and become a message on
stderr and an exit code in one place, ``HerstudyGroup.invoke``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, MutableMapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperArgument, TyperGroup

from herstudy import __version__, complete
from herstudy.errors import INTERRUPTED, HerstudyError, usage_error
from herstudy.render import Format

if TYPE_CHECKING:
    from herstudy.doc import View
    from herstudy.export import Confirm
    from herstudy.model import Character, Film, Theme
    from herstudy.progress import QuizRecorder
    from herstudy.progress.store import Store


def _print_error(lines: list[str]) -> None:
    from herstudy.text import visible

    for line in lines:
        line = visible(line)  # a message may quote a file name or a value: never obey it
        print(
            line if line.startswith(("herstudy:", "  ")) else f"herstudy: {line}", file=sys.stderr
        )


def _quiet_broken_pipe() -> NoReturn:
    """The reader went away (``herstudy themes | head``): stop without a traceback."""
    from herstudy.process import silence_stdout

    silence_stdout()
    raise typer.Exit(0)


class _WordsArgument(TyperArgument):
    """An argument of one or more words: its help row names it by its metavar alone
    (PROMPT), without typer's Python type (``<list[str]>``), which means nothing to a reader."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


_F = TypeVar("_F", bound=Callable[..., Any])

_commands: dict[str, typer.Typer] = {}
"""Each command of ``app`` as a Typer of its own, in the order of ``herstudy --help``."""
_groups: dict[str, typer.Typer] = {}
"""The groups of commands (``export``, ``progress``), listed after the commands."""


def _command(name: str | None = None) -> Callable[[_F], _F]:
    """Like ``app.command()``, but typer builds the command only when it is looked up."""

    def register(function: _F) -> _F:
        one = typer.Typer(add_completion=False, rich_markup_mode=None)
        one.command(name)(function)
        _commands[name or typer.main.get_command_name(function.__name__)] = one
        return function

    return register


def _made(command: Any) -> Any:
    for param in command.params:
        if isinstance(param, TyperArgument) and param.nargs != 1:
            param.__class__ = _WordsArgument  # typer builds them; this only changes help
    return command


class _LazyCommands(MutableMapping[str, Any]):
    """A group's commands by name, each built by typer the first time it is looked up.

    Typer turns every parameter of every command into a click parameter when it builds
    the app: about 10 ms for all of herstudy's, which a command that runs would pay for
    the others. Here ``herstudy themes`` builds the group and ``themes``; the names are
    all known, in order, for help, completion and "did you mean", without building any.
    """

    def __init__(self, built: MutableMapping[str, Any], make: dict[str, Callable[[], Any]]):
        self._built = dict(built)
        self._make = make
        self._names = dict.fromkeys([*built, *make])

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = _made(self._make[name]())
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command
        self._names[name] = None

    def __delitem__(self, name: str) -> None:
        del self._names[name]
        self._built.pop(name, None)
        self._make.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class HerstudyGroup(TyperGroup):
    """Turns the project exception, Ctrl-C and a closed pipe into exit codes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        make: dict[str, Callable[[], Any]] = {
            name: partial(typer.main.get_command, one) for name, one in _commands.items()
        }
        make |= {name: partial(typer.main.get_group, group) for name, group in _groups.items()}
        self.commands = _LazyCommands(self.commands, make)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names alone: building each is what the help needs

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:  # --help and --version print while the context is made
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:
            _quiet_broken_pipe()

    def invoke(self, ctx: Any) -> Any:  # typer does not export the click Context it expects
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


NoSaveOption = Annotated[bool, typer.Option("--no-save", help="Study without recording anything.")]


def _name_argument(help: str, metavar: str, completes: Callable[..., Any]) -> Any:
    """A name typed in one or more words, completed from the film's ids on Tab."""
    return typer.Argument(help=help, metavar=metavar, show_default=False, autocompletion=completes)


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
    from herstudy.interactive import interactive

    if not interactive():
        print(ctx.get_help())
        raise typer.Exit(0)
    from herstudy.interactive.menu import run_menu

    film = _film(data)
    group = typer.main.get_command(app)

    def run(argv: list[str]) -> int:
        try:
            code = group.main(args=argv, prog_name="herstudy", standalone_mode=False)
        except typer.Abort:
            return INTERRUPTED
        except Exception as e:  # click's own usage errors: show them and stay in the menu
            show = getattr(e, "show", None)
            if show is None:
                raise
            show()
            return int(getattr(e, "exit_code", 2))
        return code if isinstance(code, int) else 0

    run_menu(film, data, run, lambda: _status(film, data))


def _status(film: Film, data: Path | None) -> str:
    """The welcome's last line: what is due and the streak, from the progress file if any."""
    from herstudy.progress.clock import now_utc
    from herstudy.progress.stats import status_line

    try:
        with _progress(film, data, create=False) as store:
            return status_line(film, store, now_utc())
    except HerstudyError as e:
        return f"(progress unavailable: {e.message})"


@_command()
def validate(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Film file to check (default: --data, $HERSTUDY_DATA or the bundled film).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Check a film file and print what it holds; list every problem if it is not valid."""
    from herstudy.load import data_path, load_film

    path = data_path(file or data)
    film = load_film(path)
    counts = ", ".join(f"{n} {name}" for name, n in film.counts().items())
    print(f"{path}: valid: {film.film.title}: {counts}")


def _format(value: str | Format) -> Format:
    """``--format``'s value, in any case; a wrong one names the choices (and no "Value error")."""
    try:
        return Format(value.lower() if isinstance(value, str) else value)
    except ValueError:
        choices = ", ".join(f.value for f in Format)
        raise typer.BadParameter(f"{value!r} is not one of {choices}.") from None


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: rich on a terminal, markdown when piped.",
        parser=_format,
        metavar="[rich|markdown|json|plain]",
        show_default=False,
    ),
]


def _film(data: Path | None) -> Film:
    from herstudy.load import load_film

    return load_film(data)


def _words(words: list[str]) -> str:
    """A name typed as several words (herstudy themes letting go) is one name."""
    return " ".join(words)


def _find_theme(film: Film, name: str) -> Theme:
    """The theme ``name`` names; the lookup is imported only by a command given a name."""
    from herstudy.views.find import find_theme

    return find_theme(film, name)


def _find_character(film: Film, name: str) -> Character:
    """The character ``name`` names (see ``_find_theme``)."""
    from herstudy.views.find import find_character

    return find_character(film, name)


def _show(view: View, fmt: Format | None) -> None:
    from herstudy.render import emit

    emit(view, fmt)


@_command()
def info(data: DataOption = None, format: FormatOption = None) -> None:
    """The key facts: release, runtime, rating, director, cast, genres, money, major themes."""
    from herstudy.views import info as views

    _show(views.info(_film(data)), format)


@_command()
def themes(
    theme: Annotated[
        list[str] | None,
        _name_argument(
            "A theme's id, title or the start of either; omit to list all.",
            "THEME",
            complete.themes,
        ),
    ] = None,
    tracker: Annotated[
        bool, typer.Option("--tracker", help="Show which themes each beat of an arc touches.")
    ] = False,
    arc: Annotated[
        str | None,
        typer.Option(
            "--arc",
            help="Character whose arc the tracker follows (default: the first arc).",
            metavar="CHARACTER",
            show_default=False,
            autocompletion=complete.arcs,
        ),
    ] = None,
    data: DataOption = None,
    format: FormatOption = None,
) -> None:
    """The themes, each in a line; or one theme with everything linked to it.

    With --tracker: a theme tracker, the beats of an arc down the side and the
    themes across, with a mark where a beat develops a theme.
    """
    from herstudy.views import themes as views

    film = _film(data)
    if tracker:
        if theme:
            raise usage_error("--tracker shows all themes; leave out THEME.")
        who = _find_character(film, arc) if arc else _first_arc_character(film)
        _show(views.tracker(film, who), format)
    elif arc:
        raise usage_error("--arc goes with --tracker.")
    elif theme:
        _show(views.theme(film, _find_theme(film, _words(theme))), format)
    else:
        _show(views.themes(film), format)


def _first_arc_character(film: Film) -> Character:
    if not film.arcs:
        raise usage_error("This film has no arcs.")
    return film.character_by_id[film.arcs[0].character]


@_command()
def symbols(
    symbol: Annotated[
        list[str] | None,
        _name_argument(
            "A symbol's id, name or a word of it (red); omit to list all.",
            "SYMBOL",
            complete.symbols,
        ),
    ] = None,
    data: DataOption = None,
    format: FormatOption = None,
) -> None:
    """Symbols and motifs: what each means, where it appears, the themes it serves."""
    from herstudy.views import symbols as views

    film = _film(data)
    if symbol:
        from herstudy.views.find import find_symbol

        _show(views.symbol(film, find_symbol(film, _words(symbol))), format)
    else:
        _show(views.symbols(film), format)


@_command()
def arc(
    character: Annotated[
        list[str] | None,
        _name_argument(
            "Whose arc: id, name or the start of either (theo).", "CHARACTER", complete.arcs
        ),
    ] = None,
    walk: Annotated[
        bool,
        typer.Option(
            "--walk",
            help="Step through the beats one at a time on a terminal (Enter: next, q: stop).",
        ),
    ] = False,
    notes: Annotated[
        Path | None,
        typer.Option(
            "--notes",
            help="With --walk: append your reflections to this Markdown file.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    format: FormatOption = None,
) -> None:
    """A character's arc, beat by beat in film order, as a timeline."""
    from herstudy.views import arcs as views

    film = _film(data)
    if not character:
        choices = ", ".join(
            f"{a.character} ({film.character_by_id[a.character].name})" for a in film.arcs
        )
        raise usage_error(
            "Name whose arc to show.",
            hint=f"Arcs: {choices}." if choices else "This film has no arcs.",
        )
    who = _find_character(film, _words(character))
    view = views.arc(film, who)
    if not walk:
        if notes:
            raise usage_error("--notes goes with --walk.")
        _show(view, format)
        return
    from herstudy.interactive.walk import walk_arc

    walk_arc(film, who, notes)


@_command()
def characters(
    name: Annotated[
        list[str] | None,
        _name_argument(
            "A character's id, name or the start of either; omit to list all.",
            "NAME",
            complete.characters,
        ),
    ] = None,
    data: DataOption = None,
    format: FormatOption = None,
) -> None:
    """Who each character is and what they stand for; or one character in depth."""
    from herstudy.views import characters as views

    film = _film(data)
    if name:
        _show(views.character(film, _find_character(film, _words(name))), format)
    else:
        _show(views.characters(film), format)


@_command()
def quotes(
    theme: Annotated[
        str | None,
        typer.Option(
            "--theme",
            "-t",
            help="Only quotes on this theme.",
            show_default=False,
            autocompletion=complete.themes,
        ),
    ] = None,
    speaker: Annotated[
        str | None,
        typer.Option(
            "--speaker",
            "-s",
            help="Only lines this character says.",
            show_default=False,
            autocompletion=complete.speakers,
        ),
    ] = None,
    data: DataOption = None,
    format: FormatOption = None,
) -> None:
    """Key lines with speaker, context and meaning; rough wordings are marked approximate."""
    from herstudy.views import quotes as views

    film = _film(data)
    chosen_theme = _find_theme(film, theme) if theme else None
    chosen_speaker = _find_character(film, speaker) if speaker else None
    _show(views.quotes(film, chosen_theme, chosen_speaker), format)


@_command()
def questions(data: DataOption = None, format: FormatOption = None) -> None:
    """The philosophical questions, the core meaning, and discussion and essay prompts."""
    from herstudy.views import questions as views

    _show(views.questions(_film(data)), format)


PromptArgument = Annotated[
    list[str] | None,
    _name_argument(
        "The prompt's id, a word of it or its start; omit to list the prompts.",
        "PROMPT",
        complete.prompts,
    ),
]
BuildOption = Annotated[
    bool,
    typer.Option(
        "--build",
        help="On a terminal: take a stance, keep the evidence you want, order the sections"
        " and write a topic sentence for each; the draft goes to --notes.",
    ),
]
DraftOption = Annotated[
    Path | None,
    typer.Option(
        "--notes",
        help="With --build: append the draft to this Markdown file (default: print it).",
        metavar="FILE",
        show_default=False,
    ),
]


@_command()
def essay(
    prompt: PromptArgument = None,
    build: BuildOption = False,
    notes: DraftOption = None,
    data: DataOption = None,
    format: FormatOption = None,
) -> None:
    """Essay prompts; or one as an outline: thesis, claims with their evidence, both sides.

    The outline takes the prompt's themes as claims, sets the evidence the film
    file links under each (beats in film order, quotes, symbols, each named so
    you can find it again), weighs the sides where the prompt has them, and
    ends on the core meaning: herstudy essay ID >> essay.md
    """
    from herstudy import essay as outlines
    from herstudy.views import essays as views

    film = _film(data)
    if not prompt:
        if build or notes:
            raise usage_error("Name the prompt to build on: herstudy essay ID --build.")
        _show(views.essays(film), format)
        return
    outline = outlines.outline(film, outlines.find_prompt(film, _words(prompt)))
    if not build:
        if notes:
            raise usage_error("--notes goes with --build.")
        _show(views.essay(film, outline), format)
        return
    if format is not None:
        raise usage_error("--format goes with the outline; --build writes Markdown.")
    from herstudy.interactive.essay import build as build_draft

    build_draft(film, outline, notes)


@_command()
def search(
    text: Annotated[
        list[str],
        typer.Argument(help="Words to find (all of them, in any field).", metavar="WORDS"),
    ],
    data: DataOption = None,
    format: FormatOption = None,
) -> None:
    """Search everything: each hit names its section and id, matches highlighted."""
    from herstudy.views import search as views

    _show(views.search(_film(data), " ".join(text)), format)


@_command()
def quiz(
    count: Annotated[
        int, typer.Option("-n", "--count", help="How many questions.", metavar="N", min=1)
    ] = 10,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic",
            "-t",
            help="Only this topic: facts, themes, symbols, characters, arc, quotes or questions."
            " Repeat for more.",
            metavar="TOPIC",
            show_default=False,
            autocompletion=complete.topics,
        ),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            help="Only this kind: choice, typed, cloze, who-said, evidence, order or truefalse."
            " Repeat for more.",
            metavar="KIND",
            show_default=False,
            autocompletion=complete.kinds,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            help="Same seed, same questions in the same order (default: a new quiz each time).",
            show_default=False,
        ),
    ] = None,
    print_: Annotated[
        bool,
        typer.Option(
            "--print", help="Print the quiz and an answer key instead of asking; needs no terminal."
        ),
    ] = False,
    no_save: Annotated[
        bool,
        typer.Option("--no-save", help="Leave your flashcard schedule as it is: record nothing."),
    ] = False,
    data: DataOption = None,
    format: FormatOption = None,
) -> None:
    """Test yourself: questions made from the film, each answer explained, then your score.

    Multiple choice, who said it, symbol to theme, put in order, true or false and
    typed answers (case, punctuation and a small typo do not count against you).
    Pick options by number or with the arrow keys, then Enter; Ctrl-C stops and
    shows the score so far. With --print: the quiz as Markdown, answer key last.
    Each answer counts as a review of its flashcard (right: Good, wrong: Again),
    without using up the day's new cards; --no-save records nothing.
    """
    from herstudy import quiz as quizzes
    from herstudy.interactive.quiz import play

    if format is not None and not print_:
        raise usage_error("--format goes with --print.")
    film = _film(data)
    made = quizzes.make(film, count, topic or (), kind or (), seed)
    if len(made.questions) < count:
        print(
            f"herstudy: {film.film.title} gives only {len(made.questions)} such questions;"
            f" asking {len(made.questions)}.",
            file=sys.stderr,
        )
    if print_:
        from herstudy.quiz.loop import printable

        _show(printable(made.questions, made.title, made.seed), format)
        return
    recorder = None if no_save else _quiz_progress(film, data)
    try:
        play(made, on_answer=recorder)
    finally:
        if recorder is not None:
            recorder.close()


# --- export -------------------------------------------------------------------------------

export_app = typer.Typer(
    name="export",
    help="Hand the film to other tools: Anki, a Markdown notes vault (Obsidian), JSON.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode=None,
)
_groups["export"] = export_app

ForceOption = Annotated[
    bool, typer.Option("--force", help="Write over existing files without asking.")
]


def _write_stdout(data: bytes) -> None:
    """An export's UTF-8 bytes on standard output, as they are (for '-' as the file)."""
    out = getattr(sys.stdout, "buffer", None)
    if out is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        sys.stdout.flush()
        out.write(data)
        out.flush()


def _confirm() -> Confirm | None:
    """How to ask before overwriting: on a terminal, a yes/no; in a pipe nobody can answer."""
    from herstudy.interactive import interactive

    if not interactive(screen=False):
        return None
    return lambda question: typer.confirm(question, default=False, err=True)


@export_app.command("anki")
def export_anki(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Anki package to write (.apkg).", metavar="FILE.apkg", show_default=False
        ),
    ] = None,
    tsv: Annotated[
        Path | None,
        typer.Option(
            "--tsv",
            help="Write Anki's text import file (File > Import) too or instead; needs no "
            "genanki. '-': standard output.",
            metavar="FILE.txt",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """The review cards as an Anki deck: a sub-deck per topic, tagged by topic and theme.

    Importing a newer export updates the cards already in Anki (same note ids),
    keeping their review history. The .apkg needs genanki (the anki extra;
    if it is missing, the error says how to add it to this install).
    """
    if file is None and tsv is None:
        raise usage_error("Name the package to write (FILE.apkg), or --tsv FILE.txt.")
    if file is not None and file.suffix.lower() != ".apkg":
        text_file = file.suffix.lower() in (".txt", ".tsv", ".csv")
        raise usage_error(
            f"{file}: an Anki package's name ends in .apkg.",
            hint=f"For Anki's text import: herstudy export anki --tsv {file}" if text_file else "",
        )
    from herstudy.export.anki import anki_text
    from herstudy.export.anki import export_anki as write_anki

    film = _film(data)
    to_stdout = tsv is not None and str(tsv) == "-"
    tsv = None if to_stdout else tsv
    count = write_anki(film, file, tsv, force=force, confirm=_confirm())
    for path in (file, tsv):
        if path is not None:
            print(f"Wrote {count} cards to {path}", file=sys.stderr)
    if to_stdout:
        _write_stdout(anki_text(film).encode("utf-8"))


@export_app.command("markdown")
def export_markdown(
    directory: Annotated[
        Path,
        typer.Argument(
            help="Folder for the notes: a new one, or one this command wrote before.",
            metavar="DIR",
        ),
    ],
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """Linked Markdown notes for Obsidian: a note per theme, symbol, character and arc.

    Run it again to update the folder: changed notes are rewritten, notes of
    entries no longer in the film are removed, and notes you have edited are
    not overwritten without asking (or --force).
    """
    from herstudy.export.vault import export_vault

    result = export_vault(_film(data), directory, force=force, confirm=_confirm())
    total = len(result.written) + len(result.unchanged) + len(result.kept)
    done = f"{directory}: {total} notes, " + (
        f"{len(result.written)} written" if result.written else "all up to date"
    )
    if result.removed:
        done += f", {len(result.removed)} removed"
    lines = [done]
    lines += [f"  kept {rel} as you edited it" for rel in result.kept]
    lines += [
        f"  overwrote {rel}, which was not as herstudy had left it" for rel in result.overwritten
    ]
    _print_error(lines)  # the note names come from the folder's manifest too: shown, never obeyed


@export_app.command("json")
def export_json(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="File to write; '-' or none: standard output.",
            metavar="FILE|-",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """The whole film as JSON, with the film file's keys; --data reads it back."""
    from herstudy.export import json as export

    film = _film(data)
    if file is None or str(file) == "-":
        _write_stdout(export.film_json(film))
        return
    export.export_json(film, file, force=force, confirm=_confirm())
    print(f"Wrote {film.film.title} as JSON to {file}", file=sys.stderr)


# --- study progress -----------------------------------------------------------------------


def _progress(film: Film, data: Path | None, *, save: bool = True, create: bool = True) -> Store:
    """The film's progress store; a warning (a damaged file moved aside) goes to stderr."""
    from herstudy.load import data_path
    from herstudy.progress.clock import now_utc
    from herstudy.progress.store import open_store

    store = open_store(film, data_path(data), now_utc(), save=save, create=create)
    _print_error([f"warning: {w}" for w in store.warnings])
    return store


def _quiz_progress(film: Film, data: Path | None) -> QuizRecorder | None:
    """The quiz's answers as reviews; without a terminal (no quiz) or a store, None."""
    from herstudy.interactive import interactive

    if not interactive():
        return None  # play() refuses to start; open nothing
    from herstudy.load import data_path
    from herstudy.progress import quiz_recorder

    try:
        recorder = quiz_recorder(film, data_path(data))
    except HerstudyError as e:
        _print_error([f"warning: answers will not count as reviews: {e.message}"])
        return None
    _print_error([f"warning: {w}" for w in recorder.warnings])
    return recorder


@_command()
def review(
    limit: Annotated[
        int | None,
        typer.Option("-n", help="Stop after N cards.", metavar="N", min=1, show_default=False),
    ] = None,
    new: Annotated[
        int,
        typer.Option("--new", help="New cards a day; those begun today count.", metavar="N", min=0),
    ] = 10,
    retention: Annotated[
        float,
        typer.Option(
            "--retention",
            help="Desired retention: the chance of recall FSRS plans each review for.",
            metavar="R",
            min=0.7,
            max=0.99,
        ),
    ] = 0.9,
    fuzz: Annotated[
        bool,
        typer.Option("--fuzz/--no-fuzz", help="Spread intervals a little, so cards part company."),
    ] = True,
    no_save: NoSaveOption = False,
    data: DataOption = None,
) -> None:
    """Flashcards from the film, spaced by FSRS: due cards first, most overdue first, then new.

    Space or Enter shows the answer; grade it 1 Again, 2 Hard, 3 Good or 4 Easy
    (each shows the interval it would give); u undoes the last grade; q stops.
    Every grade is saved before the next card shows.
    """
    from herstudy.interactive import review as session

    session.require_terminal()
    film = _film(data)
    with _progress(film, data, save=not no_save) as store:
        session.review_in_terminal(store, new_limit=new, cap=limit, retention=retention, fuzz=fuzz)


@_command()
def stats(data: DataOption = None, format: FormatOption = None) -> None:
    """Your progress: due cards, a calendar of reviews, streaks, retention, mastery, leeches."""
    from herstudy.progress import stats as progress
    from herstudy.progress.clock import now_utc

    film = _film(data)
    with _progress(film, data, create=False) as store:
        _show(progress.build(film, store, now_utc()), format)


@_command()
def study(
    theme: Annotated[
        list[str] | None,
        _name_argument(
            "The theme to study (default: the one you know least).", "THEME", complete.themes
        ),
    ] = None,
    notes: Annotated[
        Path | None,
        typer.Option(
            "--notes",
            help="Append your reflections to this Markdown file.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    no_save: NoSaveOption = False,
    data: DataOption = None,
) -> None:
    """A guided session of about ten minutes on one theme.

    Read the theme with its symbols, beats and quotes; answer a few questions on
    exactly that theme; review its due flashcards; then see what you learned and
    what is due next. Answers count like any quiz or review. Ctrl-C ends early.
    """
    from herstudy.interactive.study import require_terminal
    from herstudy.interactive.study import study as guided

    film = _film(data)
    chosen = _find_theme(film, _words(theme)) if theme else None
    require_terminal()  # before opening the progress file, so a pipe creates nothing
    with _progress(film, data, save=not no_save) as store:
        guided(film, store, chosen, notes)


progress_app = typer.Typer(
    name="progress",
    help="Your saved study progress (reviews and card schedules).",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode=None,
)
_groups["progress"] = progress_app


@progress_app.command("reset")
def progress_reset(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Reset without asking.")] = False,
    data: DataOption = None,
) -> None:
    """Forget the film's study progress and start afresh; a backup copy is kept."""
    from herstudy.load import data_path
    from herstudy.progress.clock import now_utc
    from herstudy.progress.store import db_path, has_reviews, reset_progress

    film = _film(data)
    path = db_path(film.film.id, data_path(data))
    if not path.exists() or not has_reviews(path):
        print(f"No progress saved for {film.film.title}; nothing to reset.", file=sys.stderr)
        return
    if not yes:
        from herstudy.interactive import require_terminal

        require_terminal(
            "progress reset asks first; with no terminal to ask on, add --yes.", screen=False
        )
        question = f"Forget all study progress for {film.film.title}? (a backup is kept)"
        if not typer.confirm(question, default=False, err=True):
            print("Nothing reset.", file=sys.stderr)
            raise typer.Exit(1)
    backup = reset_progress(film, data_path(data), now_utc())
    print(f"Progress reset. The old progress is kept in {backup}", file=sys.stderr)
