"""The export commands as a person meets them: help with -h, and shell completion."""

from __future__ import annotations

import subprocess

import pytest
from conftest import PYTHON, subprocess_env
from typer.testing import CliRunner

from herstudy.cli import app


@pytest.mark.parametrize(
    "args",
    [["export"], ["export", "anki"], ["export", "markdown"], ["export", "json"]],
    ids=" ".join,
)
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_with_h_and_help(runner: CliRunner, args: list[str], flag: str) -> None:
    result = runner.invoke(app, [*args, flag])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Usage: herstudy {' '.join(args)} [OPTIONS]")
    assert "-h, --help" in result.stdout


def test_export_alone_lists_its_commands(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 2  # a usage error: a command is missing
    for command in ("anki", "markdown", "json"):
        assert command in result.output


def complete(words: str) -> list[str]:
    """What bash completion offers for the command line ``words`` (cursor at the end)."""
    env = subprocess_env(
        _HERSTUDY_COMPLETE="complete_bash",
        COMP_WORDS=words,
        COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    )
    result = subprocess.run(
        [PYTHON, "-m", "herstudy"], env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_completion_knows_the_export_commands_and_options() -> None:
    assert "export" in complete("herstudy exp")
    assert complete("herstudy export ") == ["anki", "markdown", "json"]
    assert {"--tsv", "--force", "--data"} <= set(complete("herstudy export anki --"))


def test_show_completion_prints_a_script() -> None:
    env = subprocess_env(_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    result = subprocess.run(
        [PYTHON, "-m", "herstudy", "--show-completion", "bash"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "_HERSTUDY_COMPLETE=complete_bash" in result.stdout
    assert "complete -o default -F _herstudy_completion herstudy" in result.stdout
