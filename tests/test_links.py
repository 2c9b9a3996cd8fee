"""A theme link may be written on either side (docs/film-format.md, "Theme links"):
every read command, the vault and the quiz see it the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL_TEXT, write
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.export.vault import build_vault
from herstudy.load import load_film

# Each link moved from the entry's side to the theme's.
THEME_SIDE = (
    MINIMAL_TEXT.replace(
        'characters = ["mira"]\nsources = ["general"]\n\n[[symbols]]',
        'characters = ["mira"]\nsymbols = ["paper-boat"]\nbeats = ["release"]\n'
        'quotes = ["go-on"]\nsources = ["general"]\n\n[[symbols]]',
    )
    .replace(
        'appearances = ["The final shot, drifting under the bridge"]\nthemes = ["letting-go"]\n',
        'appearances = ["The final shot, drifting under the bridge"]\n',
    )
    .replace(
        'meaning = "Grief turns into a farewell."\nthemes = ["letting-go"]\n',
        'meaning = "Grief turns into a farewell."\n',
    )
    .replace('beat = "release"\nthemes = ["letting-go"]\n', 'beat = "release"\n')
)


@pytest.fixture
def film(tmp_path: Path) -> Path:
    assert THEME_SIDE.count("letting-go") == MINIMAL_TEXT.count("letting-go") - 3
    return write(tmp_path, THEME_SIDE)


@pytest.mark.parametrize(
    "args",
    [["symbols", "paper-boat"], ["symbols"], ["arc", "mira"], ["quotes"], ["themes", "letting-go"]],
    ids=lambda a: " ".join(a),
)
def test_a_link_written_on_the_theme_side_shows_on_both(
    runner: CliRunner, film: Path, args: list[str]
) -> None:
    result = runner.invoke(app, [*args, "--data", str(film), "--format", "plain"])
    assert result.exit_code == 0, result.stderr
    assert "Letting go" in result.stdout


def test_the_vault_and_the_model_see_it(film: Path) -> None:
    loaded = load_film(film)
    for section, entry in (("symbols", "paper-boat"), ("beats", "release"), ("quotes", "go-on")):
        assert loaded.themes_about(section, entry) == ("letting-go",)  # type: ignore[arg-type]
    note = build_vault(loaded)["Symbols/The paper boat (symbol).md"]
    assert "[[Themes/Letting go" in note
