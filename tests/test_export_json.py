"""herstudy export json: the whole film as JSON, which loads back into the same Film."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest
from conftest import FILMS, MINIMAL
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.export.json import film_json
from herstudy.load import load_film
from herstudy.model import Film


@pytest.mark.parametrize("path", [*FILMS, MINIMAL], ids=lambda p: p.stem)
def test_round_trip_gives_the_same_film(runner: CliRunner, tmp_path: Path, path: Path) -> None:
    out = tmp_path / "film.json"
    result = runner.invoke(app, ["export", "json", str(out), "--data", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert load_film(out) == load_film(path)

    valid = runner.invoke(app, ["validate", str(out)])
    assert valid.exit_code == 0, valid.stderr
    assert valid.stdout.startswith(f"{out}: valid: ")


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.stem)
def test_stdout_is_the_same_json(runner: CliRunner, path: Path) -> None:
    film = load_film(path)
    for args in (["export", "json"], ["export", "json", "-"]):
        result = runner.invoke(app, [*args, "--data", str(path)])
        assert result.exit_code == 0, result.stderr
        assert result.stdout_bytes == film_json(film)
        assert msgspec.json.decode(result.stdout_bytes, type=Film) == film


def test_the_json_has_the_film_file_keys_and_every_default(tmp_path: Path) -> None:
    film = load_film(MINIMAL)
    data = json.loads(film_json(film))
    assert list(data) == [f.encode_name for f in msgspec.structs.fields(Film)]
    assert data["film"]["release_date"] == "2029-05-04"
    assert data["film"]["tagline"] == ""
    assert data["quotes"][0]["addressee"] is None
    assert data["quotes"][0]["approximate"] is False
    assert film_json(film).endswith(b"}\n")


def test_data_reads_the_exported_json(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "film.json"
    assert runner.invoke(app, ["export", "json", str(out)]).exit_code == 0
    direct = runner.invoke(app, ["themes", "--format", "json"])
    via_json = runner.invoke(app, ["--data", str(out), "themes", "--format", "json"])
    assert via_json.exit_code == 0, via_json.stderr
    assert via_json.stdout == direct.stdout
