"""Thousands of mutated film files through the loader and the read commands, by hand.

    .venv/bin/python benchmarks/fuzz_films.py            # 3000 mutations of data/film.toml
    .venv/bin/python benchmarks/fuzz_films.py -n 10000 --seed 7

Each mutation (tests/mutate.py) is loaded; a refused file must give a
HerstudyError, a valid one is run through one read command in one format
(chosen in turn) and must exit 0 with no control byte in its output. Prints
"N tried, M clean" and every failure's seed, so it can be replayed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from mutate import mutate  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from herstudy.cli import app  # noqa: E402
from herstudy.errors import HerstudyError  # noqa: E402
from herstudy.load import load_film  # noqa: E402

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
COMMANDS = [
    ["info"],
    ["themes"],
    ["symbols"],
    ["characters"],
    ["quotes"],
    ["questions"],
    ["themes", "--tracker"],
    ["search", "love"],
    ["quiz", "--print", "-n", "20"],
]
FORMATS = ["markdown", "plain", "json", "rich"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=3000, help="mutations to try")
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--film", type=Path, default=ROOT / "data" / "film.toml")
    args = parser.parse_args()
    text = args.film.read_text(encoding="utf-8")
    runner = CliRunner()
    failures: list[str] = []
    valid = 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HERSTUDY_HOME"] = str(Path(tmp) / "home")
        for seed in range(args.seed, args.seed + args.n):
            path = Path(tmp) / "film.toml"
            path.write_text(mutate(text, random.Random(seed)), encoding="utf-8")
            try:
                load_film(path)
            except HerstudyError:
                continue
            except Exception as e:  # noqa: BLE001 (that is what we are looking for)
                failures.append(f"seed {seed}: load: {type(e).__name__}: {e}")
                continue
            valid += 1
            command = COMMANDS[seed % len(COMMANDS)]
            fmt = FORMATS[(seed // len(COMMANDS)) % len(FORMATS)]
            result = runner.invoke(app, [*command, "--data", str(path), "--format", fmt])
            where = f"seed {seed}: {' '.join(command)} --format {fmt}"
            if (
                result.exit_code != 0
                or result.exception
                and not isinstance(result.exception, SystemExit)
            ):
                failures.append(f"{where}: exit {result.exit_code}: {result.exception!r}")
            elif CONTROL.search(result.stdout) or CONTROL.search(result.stderr):
                failures.append(f"{where}: a control byte in the output")
    elapsed = time.perf_counter() - start
    for failure in failures:
        print(failure)
    print(
        f"{args.n} tried, {args.n - len(failures)} clean "
        f"({valid} valid films run through a read command, {args.n - valid} refused) "
        f"in {elapsed:.1f} s"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
