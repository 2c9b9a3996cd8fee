"""The read commands — info, themes, symbols, arc, characters, quotes, questions,
search — in every format, on the bundled film and on a second invented one.

CliRunner (typer 0.29) keeps the streams apart: ``result.stdout`` and
``result.stderr`` are separate, ``result.output`` is both interleaved. Its
stdout is not a terminal, so no colour codes appear even with ``--format rich``.
Real-process tests cover what CliRunner cannot: pipes, encodings and imports.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import DATA, PYTHON, ROOT, SECOND, subprocess_env
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.load import load_film

FORMATS = ["rich", "markdown", "json", "plain"]
BOX_DRAWING = set("│─┃━╭╮╰╯┌┐└┘├┤┬┴┼═║")
HEAVY_MODULES = {"questionary", "prompt_toolkit", "fsrs", "sqlite3", "_sqlite3", "genanki"}


def read_commands(path: Path) -> list[tuple[str, list[str]]]:
    """Every read command, with names taken from the film so it runs on any film file."""
    film = load_film(path)
    arc_owner = film.arcs[-1].character
    word = film.themes[0].title.split()[0]
    return [
        ("info", ["info"]),
        ("themes", ["themes"]),
        ("themes THEME", ["themes", film.themes[0].id]),
        ("themes --tracker", ["themes", "--tracker"]),
        ("themes --tracker --arc", ["themes", "--tracker", "--arc", arc_owner]),
        ("symbols", ["symbols"]),
        ("symbols SYMBOL", ["symbols", film.symbols[-1].id]),
        ("arc", ["arc", film.arcs[0].character]),
        ("characters", ["characters"]),
        ("characters NAME", ["characters", film.characters[1].id]),
        ("quotes", ["quotes"]),
        ("quotes --theme", ["quotes", "--theme", film.quotes[0].themes[0]]),
        ("quotes --speaker", ["quotes", "--speaker", film.quotes[-1].speaker]),
        ("questions", ["questions"]),
        ("essay", ["essay"]),
        ("essay PROMPT", ["essay", film.questions[-1].id]),
        ("search", ["search", word]),
    ]


JSON_KEYS = {
    "info": {"film", "sources"},
    "themes": {"themes"},
    "themes THEME": {"theme", "symbols", "beats", "quotes", "characters"},
    "themes --tracker": {"arc", "themes", "beats"},
    "themes --tracker --arc": {"arc", "themes", "beats"},
    "symbols": {"symbols"},
    "symbols SYMBOL": {"symbol"},
    "arc": {"arc"},
    "characters": {"characters"},
    "characters NAME": {"character"},
    "quotes": {"quotes"},
    "quotes --theme": {"quotes"},
    "quotes --speaker": {"quotes"},
    "questions": {"questions", "meaning"},
    "essay": {"questions"},
    "essay PROMPT": {"question", "thesis", "claims", "counter", "conclusion", "notes"},
    "search": {"query", "hits"},
}

CASES = [
    pytest.param(path, args, fmt, label, id=f"{path.stem}-{label}-{fmt}")
    for path in (DATA, SECOND)
    for label, args in read_commands(path)
    for fmt in FORMATS
]

HER_COMMANDS = read_commands(DATA)


def test_every_read_command_is_covered() -> None:
    commands = {" ".join(path) for path, _ in ALL_COMMANDS}
    read = {
        "info", "themes", "symbols", "arc", "characters", "quotes", "questions", "essay", "search",
    }  # fmt: skip
    assert read <= commands
    assert {args[0] for _, args in HER_COMMANDS} == read
    assert set(JSON_KEYS) == {label for label, _ in HER_COMMANDS}


# --- every command, every format, two films -------------------------------------------------


@pytest.mark.parametrize(("path", "args", "fmt", "label"), CASES)
def test_read_command(runner: CliRunner, path: Path, args: list[str], fmt: str, label: str) -> None:
    result = runner.invoke(app, [*args, "--data", str(path), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = result.stdout
    assert out.strip()
    assert out.endswith("\n")
    assert "\x1b" not in out
    if fmt == "json":
        data = json.loads(out)
        assert set(data) == JSON_KEYS[label]
    elif fmt == "markdown":
        assert out.startswith("# ")
        assert not BOX_DRAWING & set(out)
    elif fmt == "plain":
        title, underline = out.splitlines()[:2]
        assert underline == "=" * min(len(title), 72)
        assert not BOX_DRAWING & set(out)
        assert "**" not in out
    else:
        assert not out.startswith("# ")


@pytest.mark.parametrize("path", [DATA, SECOND], ids=["her", "lighthouse"])
def test_json_carries_the_film_text(runner: CliRunner, path: Path) -> None:
    film = load_film(path)
    result = runner.invoke(app, ["themes", "--data", str(path), "-f", "json"])
    themes = json.loads(result.stdout)["themes"]
    assert [t["id"] for t in themes] == [t.id for t in film.themes]
    assert [t["explanation"] for t in themes] == [t.explanation for t in film.themes]
    assert [t["key"] for t in themes] == [t.id in film.film.themes for t in film.themes]


def test_format_is_case_insensitive(runner: CliRunner) -> None:
    result = runner.invoke(app, ["info", "-f", "JSON"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["film"]["title"] == "Her"


def test_an_unknown_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["info", "--format", "html"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "html" in result.stderr


def test_piped_default_is_markdown(runner: CliRunner) -> None:
    assert (
        runner.invoke(app, ["themes"]).stdout
        == runner.invoke(app, ["themes", "-f", "markdown"]).stdout
    )


# --- CliRunner's streams ------------------------------------------------------------------


def test_cli_runner_keeps_stdout_and_stderr_apart(runner: CliRunner) -> None:
    ok = runner.invoke(app, ["info", "-f", "plain"])
    assert ok.stdout.startswith("Her (2013)\n")
    assert ok.stderr == ""
    assert ok.output == ok.stdout
    failed = runner.invoke(app, ["characters", "thedore"])
    assert failed.stdout == ""
    assert failed.stderr != ""
    assert failed.output == failed.stderr


# --- names ----------------------------------------------------------------------------------


def test_unknown_name_suggests_the_nearest(runner: CliRunner) -> None:
    result = runner.invoke(app, ["characters", "thedore"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "herstudy: No character 'thedore'. Did you mean: theodore?\n"


def test_unknown_arc_owner_suggests_the_nearest(runner: CliRunner) -> None:
    result = runner.invoke(app, ["arc", "thedore"])
    assert result.exit_code == 2
    assert result.stderr == "herstudy: No character 'thedore'. Did you mean: theodore?\n"


def test_unknown_name_with_nothing_near_lists_the_known(runner: CliRunner) -> None:
    result = runner.invoke(app, ["characters", "xyzzy"])
    assert result.exit_code == 2
    assert result.stderr == (
        "herstudy: No character 'xyzzy'."
        " Known: theodore, samantha, amy, catherine, paul, isabella.\n"
    )


def test_ambiguous_prefix_lists_the_candidates(runner: CliRunner) -> None:
    result = runner.invoke(app, ["themes", "lo"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("herstudy: 'lo' could be more than one theme: ")
    assert "loneliness-connection" in result.stderr
    assert "love-teaches-love" in result.stderr


def test_ambiguous_prefix_on_the_second_film(runner: CliRunner) -> None:
    result = runner.invoke(app, ["characters", "calloway", "--data", str(SECOND)])
    assert result.exit_code == 2
    assert (
        result.stderr == "herstudy: 'calloway' could be more than one character: ines, ambrose.\n"
    )


@pytest.mark.parametrize(
    ("args", "title"),
    [
        (["arc", "theo"], "# Theodore Twombly: arc"),
        (["arc", "Theodore Twombly"], "# Theodore Twombly: arc"),
        (["symbols", "red"], "# The color red"),
        (["symbols", "COLOR-RED"], "# The color red"),
        (["characters", "the os"], "# Samantha"),
        (["themes", "loneliness"], "# Loneliness and the Need for Connection"),
        (["quotes", "--speaker", "sam"], "# Quotes from Her (2013)"),
    ],
    ids=" ".join,
)
def test_names_resolve(runner: CliRunner, args: list[str], title: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == title


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["themes", "loneliness", "--tracker"], "--tracker shows all themes; leave out THEME."),
        (["themes", "--arc", "amy"], "--arc goes with --tracker."),
        (["arc", "theo", "--notes", "notes.md"], "--notes goes with --walk."),
        (["search", "--", "---"], "Search for at least one word or number."),
        (["themes", "--tracker", "--arc", "paul"], "Paul has no arc in this film."),
    ],
    ids=" ".join,
)
def test_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"herstudy: {message}")


def test_search_with_no_hits_says_so(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "zzzqqq", "-f", "plain"])
    assert result.exit_code == 0
    assert "Nothing matches 'zzzqqq'." in result.stdout


# --- --walk needs a terminal -----------------------------------------------------------------


def test_walk_without_a_terminal_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["arc", "theodore", "--walk"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "herstudy: --walk needs a terminal; without one, use: herstudy arc theodore\n"
    )


def test_walk_in_a_pipe_is_a_usage_error() -> None:
    result = herstudy("arc", "theo", "--walk", stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "--walk needs a terminal" in result.stderr
    assert "Traceback" not in result.stderr


# --- help ---------------------------------------------------------------------------------


def _walk(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every command under ``command``; a Typer group (not a click.Group) has ``commands``."""
    out = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        out += _walk(sub, (*path, name))
    return out


ALL_COMMANDS = _walk(typer.main.get_command(app))


def _label(path: tuple[str, ...]) -> str:
    return " ".join(("herstudy", *path))


@pytest.mark.parametrize(
    ("path", "command"), ALL_COMMANDS, ids=[_label(p) for p, _ in ALL_COMMANDS]
)
def test_every_command_has_help(path: tuple[str, ...], command: Any) -> None:
    assert (command.help or "").strip(), f"{_label(path)} has no help"
    for param in command.params:
        if not getattr(param, "hidden", False):
            assert getattr(param, "help", None), f"{_label(path)}: {param.name} has no help"


def test_the_walk_finds_groups_and_commands() -> None:
    paths = {p for p, _ in ALL_COMMANDS}
    assert {(), ("themes",), ("validate",), ("search",)} <= paths
    assert len(paths) > 9


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize(
    "path", [p for p, _ in ALL_COMMANDS], ids=[_label(p) for p, _ in ALL_COMMANDS]
)
def test_help_flags_work(runner: CliRunner, path: tuple[str, ...], flag: str) -> None:
    result = runner.invoke(app, [*path, flag])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(" ".join(("Usage: herstudy", *path)))
    assert result.stderr == ""


def test_top_level_help_lists_the_read_commands(runner: CliRunner) -> None:
    result = runner.invoke(app, ["-h"])
    for name in (
        "validate",
        "info",
        "themes",
        "symbols",
        "arc",
        "characters",
        "quotes",
        "questions",
        "search",
    ):
        assert re.search(rf"^\s+{name}\s+\S", result.stdout, re.M), name


def test_no_arguments_in_a_pipe_prints_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")


# --- real processes: pipes ------------------------------------------------------------------


def herstudy(*args: str, stdin: int | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "herstudy", *args],
        capture_output=True,
        stdin=stdin,
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=ROOT,
        env=subprocess_env(**env),
        timeout=60,
    )


@pytest.mark.parametrize(("label", "args"), HER_COMMANDS, ids=[label for label, _ in HER_COMMANDS])
def test_piped_output_is_clean_markdown(label: str, args: list[str]) -> None:
    result = herstudy(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip()
    assert "\x1b" not in result.stdout
    assert not BOX_DRAWING & set(result.stdout), label
    assert result.stdout.startswith("# ")


def test_closed_pipe_with_head_ends_quietly(tmp_path: Path) -> None:
    err = tmp_path / "stderr.txt"
    # Wide Rich output overflows the pipe buffer (64 KiB) long before the end.
    command = f"'{PYTHON}' -m herstudy search the --format rich 2>'{err}' | head -n 1"
    result = subprocess.run(
        ["bash", "-c", command + "; echo status=${PIPESTATUS[0]}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(COLUMNS="3000"),
        timeout=60,
    )
    first, status = result.stdout.splitlines()
    assert first.startswith("Search: the")
    assert status == "status=0"
    assert err.read_text() == ""


@pytest.mark.parametrize(("label", "args"), [("themes", ["themes"]), ("search", ["search", "the"])])
@pytest.mark.parametrize("fmt", FORMATS)
def test_reader_gone_before_the_first_write(label: str, args: list[str], fmt: str) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [PYTHON, "-m", "herstudy", *args, "--format", fmt],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=subprocess_env(),
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 0


# --- real processes: encodings ------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "env",
    [
        {"LANG": "C", "LC_ALL": "C"},
        {"PYTHONIOENCODING": "ascii"},
        {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii"},
    ],
    ids=["LANG=C", "PYTHONIOENCODING=ascii", "both"],
)
def test_info_without_unicode(env: dict[str, str], fmt: str) -> None:
    result = subprocess.run(
        [PYTHON, "-m", "herstudy", "info", "--format", fmt],
        capture_output=True,
        cwd=ROOT,
        env=subprocess_env(**env),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert b"Traceback" not in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["film"]["rating"]["score"] == 7.8
    else:
        assert b"7.8/10" in result.stdout
    if env.get("PYTHONIOENCODING") == "ascii":
        assert result.stdout.isascii()


def test_json_on_an_ascii_stream_is_escaped_not_lost() -> None:
    def info_json(**env: str) -> object:
        result = subprocess.run(
            [PYTHON, "-m", "herstudy", "info", "-f", "json", "--data", str(SECOND)],
            capture_output=True,
            cwd=ROOT,
            env=subprocess_env(**env),
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    data = info_json(PYTHONIOENCODING="ascii")
    assert data == info_json(PYTHONIOENCODING="utf-8")
    assert "Dominik Árvai" in data["film"]["cast"]  # type: ignore[index]


# --- real processes: what gets imported -----------------------------------------------------


def imported_modules(args: list[str]) -> set[str]:
    result = subprocess.run(
        [PYTHON, "-X", "importtime", "-m", "herstudy", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.add(name)
    assert "herstudy.cli" in names
    return names


@pytest.mark.parametrize(
    ("label", "args"),
    [*HER_COMMANDS, ("validate", ["validate"])],
    ids=[*(label for label, _ in HER_COMMANDS), "validate"],
)
def test_read_commands_import_no_quiz_or_progress_machinery(label: str, args: list[str]) -> None:
    names = imported_modules(args)
    top_level = {name.split(".")[0] for name in names}
    assert not top_level & HEAVY_MODULES
    # Only the views it shows: herstudy's modules are compiled on every run of a checkout.
    views = {
        name.removeprefix("herstudy.views.") for name in names if name.startswith("herstudy.views.")
    }
    assert views == VIEWS_IMPORTED[label]


VIEWS_IMPORTED = {
    "info": {"common", "info"},
    "themes": {"common", "themes"},
    "themes THEME": {"common", "themes", "find"},
    "themes --tracker": {"common", "themes"},
    "themes --tracker --arc": {"common", "themes", "find"},
    "symbols": {"common", "symbols"},
    "symbols SYMBOL": {"common", "symbols", "find"},
    "arc": {"common", "arcs", "find"},
    "characters": {"common", "characters"},
    "characters NAME": {"common", "characters", "find"},
    "quotes": {"common", "quotes"},
    "quotes --theme": {"common", "quotes", "find"},
    "quotes --speaker": {"common", "quotes", "find"},
    "questions": {"common", "questions"},
    "essay": {"common", "essays"},
    "essay PROMPT": {"common", "essays"},
    "search": {"search"},
    "validate": set(),
}
"""The modules of ``herstudy.views`` each read command imports."""


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["themes", "--help"]])
def test_version_and_help_import_no_views(args: list[str]) -> None:
    loaded = {n for n in imported_modules(args) if n.startswith(("herstudy.views", "herstudy.doc"))}
    assert loaded == set()


def test_piped_read_commands_do_not_import_rich() -> None:
    names = imported_modules(["themes"])
    assert "herstudy.render.text" in names
    assert not {n for n in names if n == "rich" or n.startswith(("rich.", "herstudy.render.rich"))}


# --- rich at the terminal's width -----------------------------------------------------------


def test_no_color_with_rich_is_fine(runner: CliRunner) -> None:
    result = runner.invoke(app, ["themes", "--format", "rich"], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "Loneliness and the Need for Connection" in result.stdout


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text)


@pytest.mark.parametrize("path", [DATA, SECOND], ids=["her", "lighthouse"])
def test_rich_at_40_columns_keeps_every_title(runner: CliRunner, path: Path) -> None:
    film = load_film(path)
    themes = runner.invoke(
        app, ["themes", "-f", "rich", "--data", str(path)], env={"COLUMNS": "40"}
    )
    assert themes.exit_code == 0, themes.output
    assert max(len(line) for line in themes.stdout.splitlines()) <= 40
    for theme in film.themes:
        for word in _words(theme.title):
            assert word in themes.stdout, (theme.title, word)
    for arc in film.arcs:
        result = runner.invoke(
            app, ["arc", arc.character, "-f", "rich", "--data", str(path)], env={"COLUMNS": "40"}
        )
        assert result.exit_code == 0, result.output
        assert max(len(line) for line in result.stdout.splitlines()) <= 40
        for beat in arc.beats:
            for word in _words(beat.title):
                assert word in result.stdout, (beat.title, word)


@pytest.mark.parametrize("path", [DATA, SECOND], ids=["her", "lighthouse"])
def test_tracker_at_40_columns_keeps_every_beat(runner: CliRunner, path: Path) -> None:
    film = load_film(path)
    result = runner.invoke(
        app, ["themes", "--tracker", "-f", "rich", "--data", str(path)], env={"COLUMNS": "40"}
    )
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 40
    for beat in film.arcs[0].beats:
        for word in _words(beat.title):
            assert word in result.stdout, (beat.title, word)
