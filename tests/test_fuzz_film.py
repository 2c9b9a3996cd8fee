"""Mutated film files: every one is either a valid film or one clean error, never a crash.

A few hundred seeded mutations of the bundled film run here; thousands, with
every read command on the valid ones, run by hand: ``python benchmarks/fuzz_films.py``.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import DATA
from mutate import mutate

from herstudy.errors import HerstudyError
from herstudy.load import load_film

CASES = 300
TEXT = DATA.read_text(encoding="utf-8")


@pytest.mark.parametrize("chunk", range(6))
def test_a_mutated_film_is_valid_or_one_clean_error(tmp_path: Path, chunk: int) -> None:
    per = CASES // 6
    outcomes = {"valid": 0, "refused": 0}
    for seed in range(chunk * per, (chunk + 1) * per):
        path = tmp_path / f"film-{seed}.toml"
        path.write_text(mutate(TEXT, random.Random(seed)), encoding="utf-8")
        try:
            load_film(path)
        except HerstudyError as e:
            assert e.lines(), f"seed {seed}: an error with nothing to say"
            outcomes["refused"] += 1
        else:
            outcomes["valid"] += 1
    assert outcomes["refused"] > 0
