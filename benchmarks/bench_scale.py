"""How the read commands and ``validate`` scale with the size of the film file.

Run by hand, not by pytest (timings depend on the machine):

    python benchmarks/bench_scale.py [--rounds 3] [--only themes,validate]

Two families of films are written to a temporary directory by
``make_big_film.py``, each at 1x, 2x and 10x:

- ``whole``: the bundled film repeated with every section (characters, themes,
  symbols, arcs and beats, quotes, questions, prompts) and all its text;
  1x is 4 copies (68 themes, about 0.5 MB).
- ``themes``: themes repeated (with their text cut short) and the other sections
  kept at one copy, each beat, quote and character linked from every copy of
  its themes; 1x is 2,000 themes, so 10x is 20,000 themes (about 4.6 MB).

Both 10x films stay under the loader's 5 MB limit on a film file.

Each command runs as a whole process (``python -m herstudy ...``, stdout to a
file), the sizes interleaved round by round so a busy moment hits them alike.
For each it prints the median wall time per size, the 10x/1x ratio, and the
same ratio net of start-up (the median of ``herstudy info`` on the smallest
film, ``tests/data/minimal.toml``). Linear work gives a net ratio of about 10;
where the 1x run is within a few tens of milliseconds of start-up the net ratio
is noisy, so the check uses the whole-process ratio. What growth remains per
entry at 10x is CPython's cyclic garbage collector: with it off, the time per
theme of loading and building a view is flat from 2,000 to 40,000 themes.

Exit status 1 if any command's 10x/1x ratio exceeds 12 (``--limit``), or if the
20,000-theme film takes 2 s or more (``--target``) for ``themes`` or
``validate``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_startup import run_once  # noqa: E402
from make_big_film import write_film  # noqa: E402

IGNORED_ENV = ("HERSTUDY_DATA", "PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE")
SCALES = (1, 2, 10)


class Family(NamedTuple):
    """``make_film``'s arguments at 1x; the scale multiplies the themes."""

    themes: int
    others: int | None
    short: bool


FAMILIES = {
    "whole": Family(themes=68, others=None, short=False),
    "themes": Family(themes=2000, others=1, short=True),
}
COMMANDS: dict[str, list[str]] = {
    "validate": ["validate"],
    "themes": ["themes", "-f", "markdown"],
    "themes json": ["themes", "-f", "json"],
    "themes rich": ["themes", "-f", "rich"],
    "theme NAME": ["themes", "loneliness-connection", "-f", "markdown"],
    "tracker": ["themes", "--tracker", "-f", "markdown"],
    "symbols": ["symbols", "-f", "markdown"],
    "characters": ["characters", "-f", "markdown"],
    "character NAME": ["characters", "theodore", "-f", "markdown"],
    "arc": ["arc", "theodore", "-f", "markdown"],
    "quotes": ["quotes", "-f", "markdown"],
    "quotes --theme": ["quotes", "--theme", "letting-go", "-f", "markdown"],
    "questions": ["questions", "-f", "markdown"],
    "info": ["info", "-f", "markdown"],
    "search": ["search", "love", "-f", "markdown"],
    "quiz --print": ["quiz", "--print", "-n", "10", "--seed", "1", "-f", "markdown"],
}
TARGET_COMMANDS = ("themes", "validate")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--only", default="", help="commands to time, comma-separated")
    parser.add_argument("--family", default="", help="whole or themes (default both)")
    parser.add_argument("--limit", type=float, default=12.0, help="largest 10x/1x ratio (12)")
    parser.add_argument("--target", type=float, default=2.0, help="seconds at 20k themes (2)")
    args = parser.parse_args()
    commands = {
        name: argv
        for name, argv in COMMANDS.items()
        if not args.only or name in args.only.split(",")
    }
    families = {n: f for n, f in FAMILIES.items() if not args.family or n == args.family}
    if not commands or not families:
        parser.error("nothing to time")

    py = [sys.executable, "-m", "herstudy"]
    env = {k: v for k, v in os.environ.items() if k not in IGNORED_ENV}
    env["COLUMNS"] = "100"  # --format rich to a file: a fixed width, as on a terminal
    failed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        out = Path(tmp) / "out.txt"
        films: dict[tuple[str, int], Path] = {}
        for family, spec in families.items():
            for scale in SCALES:
                path = Path(tmp) / f"{family}-{scale}x.toml"
                themes = spec.themes * scale
                write_film(path, themes, others=spec.others, short=spec.short)
                films[family, scale] = path
                size = path.stat().st_size / 1e6
                print(f"{family} {scale}x: {themes:,} themes, {size:.2f} MB", file=sys.stderr)

        tiny = [*py, "info", "-f", "markdown", "--data", str(ROOT / "tests/data/minimal.toml")]
        run_once(tiny, out, env)  # compile the bytecode once
        startup = statistics.median(run_once(tiny, out, env) for _ in range(max(5, args.rounds)))
        print(f"\nstart-up (herstudy info, minimal film): {startup * 1000:.0f} ms, median")
        for family in families:
            print(f"\n{family} films: median seconds of {args.rounds} runs\n")
            head = f"{'command':<16}" + "".join(f"{f'{s}x':>9}" for s in SCALES)
            print(head + f"{'10x/1x':>9}{'net':>8}")
            for name, argv in commands.items():
                times: dict[int, list[float]] = {s: [] for s in SCALES}
                for _ in range(args.rounds):
                    for scale in SCALES:
                        path = films[family, scale]
                        full = [*py, *argv, "--data", str(path)]
                        times[scale].append(run_once(full, out, env))
                med = {s: statistics.median(t) for s, t in times.items()}
                ratio = med[10] / med[1]
                net = (med[10] - startup) / max(med[1] - startup, 1e-3)
                row = f"{name:<16}" + "".join(f"{med[s]:>9.3f}" for s in SCALES)
                print(f"{row}{ratio:>8.1f}x{net:>7.1f}x", flush=True)
                if ratio > args.limit:
                    failed.append(f"{family} {name}: 10x/1x = {ratio:.1f} > {args.limit:g}")
                if family == "themes" and name in TARGET_COMMANDS and med[10] >= args.target:
                    failed.append(f"{name} on 20,000 themes: {med[10]:.2f} s >= {args.target:g} s")
    if failed:
        print("\nFAILED:\n  " + "\n  ".join(failed))
        return 1
    print(f"\nOK: every 10x/1x ratio at most {args.limit:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
