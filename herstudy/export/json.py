"""The whole film as JSON: the data file's keys and nesting, loadable again with --data.

Every key is written, defaults included, so a script reading the file never has
to know the defaults; a date is a ``"YYYY-MM-DD"`` string. See docs/json.md.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from herstudy.export import Confirm, check_target, write_bytes
from herstudy.model import Film
from herstudy.text import json_controls


def film_json(film: Film) -> bytes:
    """The film as indented UTF-8 JSON, ending in a newline."""
    text = msgspec.json.format(msgspec.json.encode(film), indent=2).decode("utf-8")
    return (json_controls(text) + "\n").encode("utf-8")


def export_json(film: Film, path: Path, *, force: bool, confirm: Confirm | None) -> None:
    """Write the film's JSON to ``path`` under the overwrite policy."""
    check_target(path, force, confirm)
    write_bytes(path, film_json(film))
