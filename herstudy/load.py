"""Data file → ``Film``: find the file, read and parse it, and have it checked.

``check.validate`` turns the parsed data into a ``Film`` or raises ``HerstudyError``
with every problem found; a large film checked before comes back from ``cache``.
Nothing here prints or exits.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from herstudy import cache
from herstudy.errors import HerstudyError
from herstudy.model import Film

ENV_DATA = "HERSTUDY_DATA"
MAX_BYTES = 5_000_000
"""The largest film file read (5 MB; the bundled film is about 0.1 MB)."""


def bundled_path() -> Path:
    """The film shipped with herstudy.

    A wheel carries it as ``herstudy/data/film.toml``; an editable install or a
    source checkout reads ``data/film.toml`` at the top of the project.
    """
    # A plain path, not importlib.resources: that costs 2 ms (it imports zipfile) on every
    # command, and the film must be a real file here anyway.
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "film.toml"
    if packaged.is_file():
        return packaged
    return here.parent / "data" / "film.toml"


def data_path(explicit: Path | None = None) -> Path:
    """Which film file to read: ``--data``, then ``$HERSTUDY_DATA``, then the bundled film."""
    if explicit is not None:
        return explicit
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env).expanduser()
    return bundled_path()


def load_film(path: Path | None = None) -> Film:
    """Read, validate and return the film at ``path`` (see ``data_path``).

    A large file validated before comes back from ``herstudy.cache`` while unchanged.
    """
    path = data_path(path)
    data = _read(path)
    film_key = cache.key(path, data) if len(data) >= cache.CACHE_FROM else None
    if film_key is not None:
        film = cache.get(path, film_key)
        if film is not None:
            return film
    from herstudy.text import may_hide_controls  # not needed when the cache has the film

    text = _decode(path, data)
    film = validate(_parse(path, text), str(path), clean=may_hide_controls(text))
    if film_key is not None:
        cache.put(path, film_key, film)
    return film


def validate(raw: Any, name: str, *, clean: bool = True) -> Film:
    """Turn parsed data into a Film, or raise with every problem found (``check.validate``)."""
    from herstudy.check import validate as check

    return check(raw, name, clean=clean)


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise HerstudyError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise HerstudyError(f"{path}: is a directory, not a film file") from None
    except PermissionError:
        raise HerstudyError(f"{path}: permission denied") from None
    except OSError as e:
        raise HerstudyError(f"{path}: cannot read: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise HerstudyError(
            f"{path}: too large for a film file (more than {MAX_BYTES // 1_000_000} MB)"
        )
    if not data.strip():
        raise HerstudyError(f"{path}: the file is empty")
    return data


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # a byte-order mark, as some Windows editors write, is fine
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise HerstudyError(
            f"{path}: line {line}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start});"
            " save the file as UTF-8"
        ) from None


def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".json":
        import json

        try:
            return json.loads(text)
        except json.JSONDecodeError as e:
            raise HerstudyError(
                f"{path}: line {e.lineno}, column {e.colno}: invalid JSON: {e.msg}"
            ) from None
        except RecursionError:
            raise HerstudyError(f"{path}: invalid JSON: nested too deeply") from None
    import tomli

    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as e:
        msg = getattr(e, "msg", str(e))
        raise HerstudyError(
            f"{path}: line {e.lineno}, column {e.colno}: invalid TOML: {msg}"
        ) from None
    except RecursionError:  # tomli's own limit on nested inline arrays and tables
        raise HerstudyError(f"{path}: invalid TOML: nested too deeply") from None
