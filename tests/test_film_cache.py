"""The cache of checked films (``herstudy.cache``), on real files: a large film comes back
from it while its file is unchanged, and a stale, altered or unreadable entry is never used."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest
from conftest import DATA, FILMS, PYTHON, ROOT, subprocess_env
from test_hostile import hostile_film
from typer.testing import CliRunner

from herstudy import cache, load
from herstudy.cli import app
from herstudy.errors import HerstudyError
from herstudy.load import load_film
from herstudy.model import Film
from herstudy.progress.cards import make_cards


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """A copy of the bundled film: large enough to be cached."""
    path = tmp_path / "films" / "film.toml"
    path.parent.mkdir()
    shutil.copyfile(DATA, path)
    assert path.stat().st_size >= cache.CACHE_FROM
    return path


def fresh(path: Path) -> Film:
    """The film as the loader builds it from the file, without the cache."""
    data = load._read(path)
    return load.validate(load._parse(path, load._decode(path, data)), str(path))


def unparsed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """From now on, parsing a film file is recorded: what loads without it came from the cache."""
    parsed: list[Path] = []
    real = load._parse

    def recording(path: Path, text: str) -> object:
        parsed.append(path)
        return real(path, text)

    monkeypatch.setattr(load, "_parse", recording)
    return parsed


def entry(path: Path) -> Path:
    return cache.entry_path(path)


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.name)
def test_a_cached_film_is_the_film_the_loader_builds(path: Path, tmp_path: Path) -> None:
    film = fresh(path)
    again = msgspec.msgpack.decode(msgspec.msgpack.encode(film), type=Film)
    assert again == film
    assert make_cards(again) == make_cards(film)
    hostile = fresh(hostile_film(path, tmp_path / "hostile.json"))
    assert msgspec.msgpack.decode(msgspec.msgpack.encode(hostile), type=Film) == hostile


def test_a_large_film_is_read_from_the_cache_while_its_file_is_unchanged(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = fresh(big)
    parsed = unparsed(monkeypatch)
    assert load_film(big) == expected
    assert parsed == [big]
    assert entry(big).is_file()
    assert entry(big).parent == Path(os.environ[cache.ENV_CACHE]) / "films"
    assert load_film(big) == expected
    assert load_film(big) == expected
    assert parsed == [big], "read back from the cache"


def test_a_small_film_is_never_cached(tmp_path: Path) -> None:
    small = tmp_path / "lighthouse.toml"
    shutil.copyfile(ROOT / "tests" / "data" / "lighthouse.toml", small)
    assert small.stat().st_size < cache.CACHE_FROM
    load_film(small)
    assert not entry(small).exists()


def test_a_changed_film_is_loaded_from_its_file(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_film(big)
    text = big.read_text(encoding="utf-8")
    assert text.count('title = "Her"') == 1
    big.write_text(text.replace('title = "Her"', 'title = "Her, again"'), encoding="utf-8")
    parsed = unparsed(monkeypatch)
    assert load_film(big).film.title == "Her, again"
    assert load_film(big).film.title == "Her, again"
    assert parsed == [big], "parsed once after the change, then cached again"


def test_the_same_bytes_under_another_suffix_are_another_entry(big: Path) -> None:
    data = big.read_bytes()
    assert cache.key(big, data) != cache.key(big.with_suffix(".json"), data)
    as_json = big.with_suffix(".json")
    as_json.write_bytes(data)
    with pytest.raises(HerstudyError, match="invalid JSON"):
        load_film(as_json)  # TOML is no JSON, whatever a cache holds for the same bytes


def test_a_change_of_herstudy_is_a_miss(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_film(big)
    cache._code.cache_clear()
    monkeypatch.setattr(cache, "_code", lambda: b"another herstudy")
    parsed = unparsed(monkeypatch)
    assert load_film(big) == fresh(big)
    assert len(parsed) == 2  # the load, and fresh()


def test_the_key_follows_the_loaders_source(big: Path) -> None:
    here = ROOT / "herstudy"
    h = hashlib.sha256(f"{sys.version}\nmsgspec {msgspec.__version__}\n".encode())
    for name in ("cache.py", "load.py", "check.py", "model.py", "text.py"):
        h.update((here / name).read_bytes())
    assert cache._code() == h.digest()


def tamper(path: Path, change: Callable[[bytes], bytes]) -> None:
    target = entry(path)
    target.write_bytes(change(target.read_bytes()))


def altered_title(blob: bytes) -> bytes:
    """The film's title changed inside the payload, its length kept: only the digest tells."""
    title = b"\xa5title\xa3Her"  # msgpack: the key "title", the value "Her"
    i = blob.index(title, len(cache.MAGIC) + 64)
    return blob[:i] + b"\xa5title\xa3Hex" + blob[i + len(title) :]


def altered_and_redigested(blob: bytes) -> bytes:
    """A payload that is no film, with a digest that matches it."""
    payload = msgspec.msgpack.encode({"film": {"title": "no id, no sources"}})
    head = blob[: len(cache.MAGIC) + 32]
    return head + hashlib.sha256(payload).digest() + payload


@pytest.mark.parametrize(
    "change",
    [
        altered_title,
        altered_and_redigested,
        lambda blob: blob[: len(blob) // 2],
        lambda blob: b"",
        lambda blob: os.urandom(len(blob)),
        lambda blob: b"not a cache" + blob,
        lambda blob: blob[: len(cache.MAGIC)] + bytes(32) + blob[len(cache.MAGIC) + 32 :],
    ],
    ids=["title", "redigested", "truncated", "empty", "random", "prefixed", "other-key"],
)
def test_an_altered_entry_is_never_used_and_is_rebuilt(
    big: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[bytes], bytes]
) -> None:
    expected = load_film(big)
    good = entry(big).read_bytes()
    tamper(big, change)
    assert cache.get(big, cache.key(big, big.read_bytes()) or b"") is None
    parsed = unparsed(monkeypatch)
    assert load_film(big) == expected
    assert parsed == [big], "loaded from the file"
    assert entry(big).read_bytes() == good, "and the entry written afresh"


def test_an_entry_that_is_a_directory_is_a_miss(big: Path) -> None:
    expected = fresh(big)
    entry(big).mkdir(parents=True)
    assert load_film(big) == expected
    assert load_film(big) == expected
    assert entry(big).is_dir()


def test_a_cache_dir_that_is_a_file_changes_nothing(
    big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file")
    monkeypatch.setenv(cache.ENV_CACHE, str(blocked))
    assert load_film(big) == fresh(big)
    assert blocked.read_text() == "a file"


def test_an_invalid_film_is_reported_every_time_and_never_cached(big: Path) -> None:
    text = big.read_text(encoding="utf-8")
    big.write_text(text.replace('title = "Her"', "title = 7", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(HerstudyError) as raised:
            load_film(big)
        assert any("film.title: expected text" in p for p in raised.value.problems)
    assert not entry(big).exists()


def test_commands_read_a_cached_film(big: Path, runner: CliRunner) -> None:
    first = runner.invoke(app, ["themes", "--data", str(big), "-f", "json"])
    assert entry(big).is_file()
    again = runner.invoke(app, ["themes", "--data", str(big), "-f", "json"])
    assert first.exit_code == again.exit_code == 0
    assert again.stdout == first.stdout


UNREADABLE = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from herstudy import cache
    from herstudy.load import load_film
    film, directory = Path(sys.argv[1]), Path(os.environ[cache.ENV_CACHE])
    first = load_film(film)
    assert cache.entry_path(film).is_file()
    directory.chmod(0o000)
    try:
        assert not os.access(directory, os.R_OK), "permissions are not enforced here"
        assert load_film(film) == first
        assert load_film(film) == first
    finally:
        directory.chmod(0o755)
    print("ok")
    """
)


def test_an_unreadable_cache_dir_changes_nothing(big: Path, tmp_path: Path) -> None:
    """Run where permissions hold: as root, without its power to override them."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("no setpriv to drop root's power over permissions")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    env = subprocess_env(**{cache.ENV_CACHE: str(tmp_path / "cache")})
    run = subprocess.run(
        [*prefix, PYTHON, "-c", UNREADABLE, str(big)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    if "permissions are not enforced" in run.stderr:
        pytest.skip("cannot drop root's power over permissions here")
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr
