"""Rough edges a student meets in the first week (issue 13), each pinned by a test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA, MINIMAL_TEXT, ROOT, SECOND, write
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.load import load_film

# --- 0. the README's first commands work on a PEP 668 system Python ---------------------------


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)\n```", text, re.S)
    assert block is not None
    return block.group(1).splitlines()


def test_the_readme_commands_install_into_a_virtual_environment() -> None:
    """A Debian, Ubuntu or Homebrew Python refuses ``pip install`` outside a venv (PEP 668)."""
    install, test = _readme_commands()
    for command in (install, test):
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install ")
        # every program runs from the venv, none from whatever PATH finds
        steps = [step.split()[0] for step in command.split(" && ")]
        assert steps == ["python3", ".venv/bin/pip", steps[2]]
        assert steps[2].startswith(".venv/bin/")
    assert install.endswith(".venv/bin/herstudy themes")
    assert test.endswith(".venv/bin/pytest") and "'.[test]'" in test


# --- 9. small things ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["JSON", "Plain", "markdown"])
def test_format_takes_any_case(runner: CliRunner, value: str) -> None:
    result = runner.invoke(app, ["info", "--format", value])
    assert result.exit_code == 0, result.stderr


def test_a_wrong_format_names_the_choices_plainly(runner: CliRunner) -> None:
    result = runner.invoke(app, ["themes", "--format", "xml"])
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith(
        "Invalid value for '--format' / '-f': 'xml' is not one of rich, markdown, json, plain."
    )
    assert "Value error" not in result.stderr


def test_help_shows_the_format_choices(runner: CliRunner) -> None:
    result = runner.invoke(app, ["themes", "--help"])
    assert "--format [rich|markdown|json|plain]" in result.stdout


# --- 3. names of more than one word ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "title"),
    [
        (["themes", "letting", "go"], "# True Love Means Letting Go"),
        (["symbols", "color", "red"], "# The color red"),
        (["characters", "theodore", "twombly"], "# Theodore Twombly"),
        (["arc", "Theodore", "Twombly"], "# Theodore Twombly"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_a_name_of_several_words_needs_no_quotes(
    runner: CliRunner, args: list[str], title: str
) -> None:
    result = runner.invoke(app, [*args, "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(title)


def test_arc_without_a_name_lists_who_has_one(runner: CliRunner) -> None:
    result = runner.invoke(app, ["arc"])
    assert result.exit_code == 2
    assert result.stderr == (
        "herstudy: Name whose arc to show.\n"
        "herstudy: Arcs: theodore (Theodore Twombly), samantha (Samantha), amy (Amy),"
        " catherine (Catherine).\n"
    )


# --- 4. tab completion -------------------------------------------------------------------------


def _bash(runner: CliRunner, line: str, **env: str) -> list[str]:
    """What bash completes for ``line`` (the word after its last space)."""
    words = line.split(" ")
    result = runner.invoke(
        app,
        [],
        prog_name="herstudy",
        env={
            "_HERSTUDY_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
            **env,
        },
    )
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def _zsh(runner: CliRunner, line: str) -> str:
    result = runner.invoke(
        app,
        [],
        prog_name="herstudy",
        env={"_HERSTUDY_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line},
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("herstudy arc ", ["theodore", "samantha", "amy", "catherine"]),
        ("herstudy arc sa", ["samantha"]),
        ("herstudy characters p", ["paul"]),
        ("herstudy themes lo", ["loneliness-connection", "love-teaches-love"]),
        ("herstudy study lett", ["letting-go"]),
        ("herstudy symbols col", ["color-red"]),
        ("herstudy quotes --speaker sam", ["samantha"]),
        ("herstudy quotes --speaker ", ["theodore", "samantha"]),  # who has a line to show
        ("herstudy quotes --speaker a", []),
        ("herstudy quotes --theme own", ["own-voice"]),
        ("herstudy themes --tracker --arc t", ["theodore"]),
        ("herstudy quiz --topic s", ["symbols"]),
        ("herstudy quiz --kind t", ["typed", "truefalse"]),
    ],
)
def test_bash_completes_names_from_the_film(
    runner: CliRunner, line: str, expected: list[str]
) -> None:
    assert _bash(runner, line) == expected


def test_completion_reads_the_film_that_data_names(runner: CliRunner) -> None:
    lighthouse = str(SECOND)
    assert _bash(runner, f"herstudy arc --data {lighthouse} ") == ["ines", "ambrose"]
    assert _bash(runner, f"herstudy --data {lighthouse} arc ") == ["ines", "ambrose"]
    assert _bash(runner, "herstudy symbols ", HERSTUDY_DATA=lighthouse) == [
        "lamp",
        "foghorn",
        "tide-ledger",
    ]


def test_completion_of_a_film_that_does_not_load_is_silent(runner: CliRunner) -> None:
    assert _bash(runner, "herstudy themes --data /no/such/film.toml ") == []


def test_zsh_shows_each_name_with_its_title(runner: CliRunner) -> None:
    assert _zsh(runner, "herstudy arc th") == (
        '_arguments \'*: :(("theodore":"Theodore Twombly"))\'\n'
    )


# --- 9. no lone italic label in piped Markdown (MD036) ------------------------------------------

_EMPHASIS_ONLY = re.compile(r"^(\*{1,2}|_{1,2})[^*_\n]*[^*_\n.,;:!?](\1)$")
"""A paragraph that is one emphasised span not ending in punctuation: markdownlint's MD036."""


@pytest.mark.parametrize(
    "args",
    [
        ["info"],
        ["themes"],
        ["themes", "loneliness"],
        ["themes", "--tracker"],
        ["symbols"],
        ["symbols", "red"],
        ["arc", "theo"],
        ["characters"],
        ["characters", "samantha"],
        ["quotes"],
        ["questions"],
        ["stats"],
        ["quiz", "--print", "--seed", "1"],
    ],
    ids=" ".join,
)
def test_piped_markdown_has_no_emphasis_for_a_heading(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    labels = [p for p in result.stdout.split("\n\n") if _EMPHASIS_ONLY.match(p.strip())]
    assert labels == []


# --- 3. lists say what to type ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        ("themes", "key theme · loneliness-connection"),
        ("symbols", "symbol · color-red"),
        ("characters", "theodore"),
    ],
)
def test_each_list_entry_shows_the_id_to_type(runner: CliRunner, command: str, shown: str) -> None:
    result = runner.invoke(app, [command, "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    assert f"\n\n{shown}\n\n" in result.stdout
    # and what is shown there finds the entry
    entry = shown.split(" · ")[-1]
    assert runner.invoke(app, [command, entry, "--format", "plain"]).exit_code == 0


def test_a_list_hint_gives_an_id_as_the_example() -> None:
    from herstudy.views.symbols import symbols

    film = load_film(None)
    assert symbols(film).hint == (
        "In depth: herstudy symbols NAME (the id after each, such as color-red)"
    )


# --- "according to note 000": the notes the text cites are named in info -----------------------


def test_info_names_the_notes_the_text_cites(runner: CliRunner) -> None:
    result = runner.invoke(app, ["info", "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    cited = {n for n in ("note 000", "note 001") if n in DATA.read_text(encoding="utf-8")}
    for name in cited:
        assert f"- **{name}**: " in result.stdout


def test_a_source_named_twice_is_a_problem(runner: CliRunner, tmp_path: Path) -> None:
    twice = '\n[[sources]]\nfile = "a.txt"\nname = "note A"\nabout = "One."\n' * 2
    path = write(tmp_path, MINIMAL_TEXT + twice)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "sources[1].file: duplicate file 'a.txt' (first used by sources[0])" in result.stderr
