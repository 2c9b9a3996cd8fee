"""Startup time of ``herstudy themes`` against a minimal Typer + Rich app.

Run by hand, not by pytest (timings depend on the machine):

    python benchmarks/bench_startup.py [--rounds 30] [--no-bytecode | --cold]

Each round runs, in turn, ``python -c pass``, ``python benchmarks/minimal_typer_app.py``
and ``python -m herstudy themes``, each with stdout sent to a file, so a slow
moment of the machine hits all three alike. It prints the median and mean wall
time of each and the ratio herstudy / minimal app; the target is <= 1.10.

By default every module runs from cached bytecode, as after ``pip install``
(the cache goes to a temporary directory, not the source tree). ``--no-bytecode``
measures a checkout under ``PYTHONDONTWRITEBYTECODE=1`` instead, where herstudy's
own modules are compiled from source on every run (the installed libraries keep
their ``.pyc`` files). ``--cold`` finds no bytecode for anything, as on a machine
where nothing was ever compiled: ``PYTHONDONTWRITEBYTECODE=1`` and
``PYTHONPYCACHEPREFIX`` set to an empty directory, so herstudy, typer, pydantic,
rich and the non-frozen standard library are all compiled from source on every run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET = 1.10
IGNORED_ENV = (
    "HERSTUDY_DATA",
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONPROFILEIMPORTTIME",
    "PYTHONPYCACHEPREFIX",
)

COMMANDS: dict[str, list[str]] = {
    "bare python": [sys.executable, "-c", "pass"],
    "minimal app": [sys.executable, str(HERE / "minimal_typer_app.py")],
    "herstudy themes": [sys.executable, "-m", "herstudy", "themes"],
}


def run_once(argv: list[str], out: Path, env: dict[str, str]) -> float:
    """Wall time of one run, in seconds, with stdout written to ``out``."""
    with out.open("w") as f:
        start = time.perf_counter()
        subprocess.run(argv, stdout=f, stderr=subprocess.DEVNULL, env=env, cwd=ROOT, check=True)
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="runs of each command (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds first (default 3)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--no-bytecode", action="store_true", help="compile herstudy from source on every run"
    )
    mode.add_argument(
        "--cold", action="store_true", help="compile every module from source on every run"
    )
    args = parser.parse_args()

    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k not in IGNORED_ENV}
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        elif args.cold:
            # No .pyc is looked for next to the sources when a prefix is set, and the
            # prefix stays empty since nothing may be written: every import compiles.
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "empty-pycache")
        else:
            # Compiled bytecode, as an installed herstudy has, but kept out of the source tree.
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        out = Path(tmp) / "out.txt"
        for _ in range(args.warmup):
            for argv in COMMANDS.values():
                run_once(argv, out, env)
        for _ in range(args.rounds):
            for name, argv in COMMANDS.items():
                times[name].append(run_once(argv, out, env))

    if args.cold:
        cache = "cold: no bytecode for any module"
    elif args.no_bytecode:
        cache = "no bytecode cache for herstudy"
    else:
        cache = "bytecode cached"
    print(
        f"{sys.executable} ({sys.version.split()[0]}), {args.rounds} rounds,"
        f" stdout to a file, {cache}"
    )
    print(f"{'':18}{'median ms':>10}{'mean ms':>10}{'min ms':>10}")
    for name, t in times.items():
        print(
            f"{name:18}{statistics.median(t) * 1000:10.1f}"
            f"{statistics.fmean(t) * 1000:10.1f}{min(t) * 1000:10.1f}"
        )
    median_ratio = statistics.median(times["herstudy themes"]) / statistics.median(
        times["minimal app"]
    )
    mean_ratio = statistics.fmean(times["herstudy themes"]) / statistics.fmean(times["minimal app"])
    verdict = "ok" if median_ratio <= TARGET else "over target"
    print(
        f"ratio herstudy / minimal app: median {median_ratio:.2f}, mean {mean_ratio:.2f}"
        f" (target <= {TARGET:.2f}: {verdict})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
