"""The wheel carries the film, and an installed herstudy finds it from anywhere."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, PYTHON, ROOT, subprocess_env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [PYTHON, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("herstudy-*.whl")
    return built


def test_the_wheel_carries_the_film(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "herstudy/data/film.toml" in names
        assert zf.read("herstudy/data/film.toml") == DATA.read_bytes()
        assert "herstudy/cli.py" in names
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "herstudy = herstudy.process:main" in zf.read(entry_points).decode()
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


def test_an_installed_herstudy_loads_its_bundled_film(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            PYTHON,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-compile",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert (site / "herstudy" / "data" / "film.toml").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import herstudy, herstudy.load as load;"
        "print(herstudy.__file__);"
        "print(load.bundled_path());"
        "print(load.load_film().film.title)"
    )
    result = subprocess.run(
        [PYTHON, "-c", code],
        cwd=elsewhere,
        env=subprocess_env(PYTHONPATH=str(site)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    module, film_path, title = result.stdout.splitlines()
    # The installed copy, not the source tree, and its own film file.
    assert Path(module).is_relative_to(site)
    assert Path(film_path) == site / "herstudy" / "data" / "film.toml"
    assert title == "Her"


def test_installed_command_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            PYTHON,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-compile",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = subprocess.run(
        [PYTHON, "-m", "herstudy", "validate"],
        cwd=tmp_path,
        env=subprocess_env(PYTHONPATH=str(site)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{site / 'herstudy' / 'data' / 'film.toml'}: valid: Her: ")
