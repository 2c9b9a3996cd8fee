"""Every test runs with its own user directories and the bundled film, whatever the machine has."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "film.toml"
SECOND = Path(__file__).resolve().parent / "data" / "lighthouse.toml"
MINIMAL = Path(__file__).resolve().parent / "data" / "minimal.toml"
FILMS = [DATA, SECOND]

MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")

_CACHE = tempfile.TemporaryDirectory(prefix="herstudy-test-cache-")
os.environ["HERSTUDY_CACHE"] = _CACHE.name
"""What loads a film while tests are collected (before ``isolated``) caches it here, not in
the user's cache directory; each test then gets a cache of its own."""


def edited(*changes: tuple[str, str]) -> str:
    """minimal.toml with each (old, new) replaced once; fails if ``old`` is not there."""
    text = MINIMAL_TEXT
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} should occur once in minimal.toml"
        text = text.replace(old, new)
    return text


def write(tmp_path: Path, text: str, name: str = "film.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "herstudy-home"
    monkeypatch.setenv("HERSTUDY_HOME", str(home))
    monkeypatch.setenv("HERSTUDY_CACHE", str(tmp_path / "herstudy-cache"))
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
