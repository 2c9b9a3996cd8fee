"""Rough edges a student meets in the first week (issue 13), each pinned by a test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from herstudy.cli import app

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

