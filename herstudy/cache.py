"""herstudy's cache: checked films, so a large film file is parsed and validated once per
version, and the progress files found sound when herstudy last closed them.

``load.load_film`` validates a film file on every command: about 0.3 s for a film of
100,000 cards, which a review or ``stats`` would pay before its first card. For a file
of at least ``CACHE_FROM`` bytes it keeps the validated ``Film`` as msgpack in the user
cache directory (``$HERSTUDY_CACHE`` overrides it), one entry per film file, and reads
that back instead (a tenth of the time) while the file is unchanged.

An entry is used only if everything it was made from is the same: the film file's
bytes and suffix, herstudy's code that turns them into a ``Film`` (the source of
``load``, ``check``, ``model``, ``text`` and this module), and the versions of Python,
msgspec and tomli; and only if its payload still has the SHA-256 it was written with and
decodes as a ``Film``. Anything else (a changed film, a different herstudy, a
truncated, altered or unreadable entry, a cache directory that is not one) is a miss:
the film is loaded from its file as if there were no cache, and the entry written
afresh if it can be. Writing is atomic and best-effort (``keep``): a cache that cannot
be written changes nothing.

Only films the loader accepted are kept, so an invalid file is reported in full on
every run, and a cached film is the same value the loader would build.

``progress.store`` keeps its own small records under ``checked/`` (see ``_checked``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import sys
from pathlib import Path

import msgspec

from herstudy.model import Film

ENV_CACHE = "HERSTUDY_CACHE"
CACHE_FROM = 100_000
"""Smaller files are never cached: they load in a few milliseconds, about what looking
the cache up costs (the bundled film, 130 kB of TOML, loads in 9 ms, 4 ms from the cache)."""
MAGIC = b"herstudy film cache 1\n"
_DIGEST = 32
"""Bytes of a SHA-256 digest: an entry is MAGIC, the key, the payload's digest, the payload."""


def cache_dir() -> Path:
    """herstudy's cache: ``$HERSTUDY_CACHE``, else the platform's user cache directory."""
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("herstudy"))


def entry_path(path: Path) -> Path:
    """The cache entry of the film file at ``path``: one per file, named by its path."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    return cache_dir() / "films" / f"{digest}.film"


@functools.cache
def _code() -> bytes:
    """What the loader's result depends on besides the file: herstudy's code, msgspec's
    and Python's versions (Python's ``json`` reads a JSON film)."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256(f"{sys.version}\nmsgspec {msgspec.__version__}\n".encode())
    for name in ("cache.py", "load.py", "check.py", "model.py", "text.py"):
        h.update((here / name).read_bytes())
    return h.digest()


def key(path: Path, data: bytes) -> bytes | None:
    """The key of a film file's entry: its bytes, its suffix (TOML or JSON), ``_code`` and,
    for TOML, tomli's version (``_tomli``). None when herstudy's own source cannot be read
    (then nothing is cached)."""
    try:
        h = hashlib.sha256(_code())
    except OSError:
        return None
    suffix = path.suffix.lower()
    h.update(suffix.encode() + b"\n")
    if suffix != ".json":
        h.update(_tomli())
    h.update(data)
    return h.digest()


@functools.cache
def _tomli() -> bytes:
    """Which tomli parses a TOML film: its ``__init__.py``, which sets its ``__version__``,
    read without importing tomli (a millisecond that a film found in the cache would pay
    for nothing); where that file cannot be read, tomli's version, imported."""
    spec = importlib.util.find_spec("tomli")
    if spec is not None and spec.origin is not None:
        with contextlib.suppress(OSError):
            return b"tomli\n" + (Path(spec.origin).parent / "__init__.py").read_bytes()
    import tomli

    return f"tomli {tomli.__version__}\n".encode()


def get(path: Path, film_key: bytes) -> Film | None:
    """The cached film for this file and key, or None if there is no sound entry for it."""
    try:
        with entry_path(path).open("rb") as f:
            blob = f.read()
    except (OSError, ValueError):
        return None
    head = len(MAGIC)
    if blob[:head] != MAGIC or blob[head : head + _DIGEST] != film_key:
        return None
    payload = memoryview(blob)[head + 2 * _DIGEST :]
    if hashlib.sha256(payload).digest() != blob[head + _DIGEST : head + 2 * _DIGEST]:
        return None
    try:
        return msgspec.msgpack.decode(payload, type=Film)
    except (msgspec.DecodeError, ValueError, TypeError, RecursionError):
        return None


def put(path: Path, film_key: bytes, film: Film) -> None:
    """Keep ``film`` as the entry for this file and key, if the cache can be written."""
    payload = msgspec.msgpack.encode(film)
    keep(entry_path(path), MAGIC + film_key + hashlib.sha256(payload).digest() + payload)


def keep(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` in the cache atomically, or leave it as it was: a cache
    that cannot be written changes nothing."""
    tmp = None
    try:
        import tempfile

        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
