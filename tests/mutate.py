"""Seeded random edits of a film file, for the fuzz test and ``benchmarks/fuzz_films.py``."""

from __future__ import annotations

import random

_TOKENS = [
    '"',
    "'",
    '"""',
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    ",",
    "#",
    "\\",
    "\n",
    "\r\n",
    "\t",
    "\x00",
    "\x1b[2J",
    "\x9b",
    "\ufeff",
    "é",
    "😀",
    "-",
    ".",
    "true",
    "1e999",
    "-0",
    "2013-13-45",
    "nan",
    "inf",
    '""',
    "[]",
    "{}",
    "<b>",
    "{{",
    "}}",
    "|",
    "[bold]",
]


def mutate(text: str, rng: random.Random) -> str:
    """``text`` after one to three random edits: delete, duplicate, swap, insert, retype."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        if not lines:
            lines = [""]
        i = rng.randrange(len(lines))
        edit = rng.randrange(8)
        line = lines[i]
        if edit == 0:  # delete a line
            del lines[i]
        elif edit == 1:  # duplicate a line (duplicate keys, ids, tables)
            lines.insert(i, line)
        elif edit == 2:  # swap two lines
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == 3 and line:  # delete a span of characters
            a = rng.randrange(len(line))
            lines[i] = line[:a] + line[a + rng.randint(1, 8) :]
        elif edit == 4:  # insert a token
            a = rng.randint(0, len(line))
            lines[i] = line[:a] + rng.choice(_TOKENS) + line[a:]
        elif edit == 5 and "=" in line:  # give a key another type of value
            key = line.split("=", 1)[0]
            value = rng.choice(["1", "true", "[]", "{}", '"x"', '["a", 1]', "2013-12-18", '""'])
            lines[i] = f"{key}= {value}"
        elif edit == 6:  # truncate the file here
            lines = lines[:i]
        else:  # an id or a reference changed
            lines[i] = line.replace('"', '"x-', 1) if rng.random() < 0.5 else line.upper()
    return "\n".join(lines)
