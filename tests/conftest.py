"""Every test runs with its own user directories and the bundled film, whatever the machine has."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "film.toml"
SECOND = Path(__file__).resolve().parent / "data" / "lighthouse.toml"
MINIMAL = Path(__file__).resolve().parent / "data" / "minimal.toml"
FILMS = [DATA, SECOND]


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "herstudy-home"
    monkeypatch.setenv("HERSTUDY_HOME", str(home))
    # setenv first so that monkeypatch restores the variable even if a command sets it.
    monkeypatch.setenv("HERSTUDY_DATA", "")
    monkeypatch.delenv("HERSTUDY_DATA")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    return home


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment for running ``python -m herstudy`` in a child process."""
    env = {k: v for k, v in os.environ.items() if k != "HERSTUDY_DATA"}
    env.update(extra)
    return env


PYTHON = sys.executable
