"""The whole film as JSON: the data file's keys and nesting, loadable again with --data.

Every key is written, defaults included, so a script reading the file never has
to know the defaults; a date is a ``"YYYY-MM-DD"`` string. See docs/json.md.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from herstudy.export import Confirm, check_target, write_bytes
from herstudy.model import Film


def film_json(film: Film) -> bytes:
    """The film as indented UTF-8 JSON, ending in a newline."""
    return msgspec.json.format(msgspec.json.encode(film), indent=2) + b"\n"


def export_json(film: Film, path: Path, *, force: bool, confirm: Confirm | None) -> None:
    """Write the film's JSON to ``path`` under the overwrite policy."""
    check_target(path, force, confirm)
    write_bytes(path, film_json(film))
