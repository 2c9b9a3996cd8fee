"""Exports where something is wrong on disk: targets that are not files, runs cut short.

An export replaces a regular file or writes a new one, nothing else: a FIFO,
socket or device where the file should go is refused with one line (exit 1),
with or without --force, and is left as it was. A vault export cut short is
finished by running it again, without --force.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import tomli
from conftest import SECOND
from typer.testing import CliRunner

import herstudy.export.vault as vault_module
from herstudy.cli import app
from herstudy.errors import FAILURE, HerstudyError
from herstudy.export import check_target, regular_or_missing, write_atomic, write_bytes
from herstudy.export.json import export_json
from herstudy.export.vault import MANIFEST, build_vault, export_vault
from herstudy.load import load_film

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")

COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "json": lambda p: ["export", "json", str(p)],
    "tsv": lambda p: ["export", "anki", "--tsv", str(p)],
    "apkg": lambda p: ["export", "anki", str(p)],
}


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Opening a FIFO to read it would wait for ever: fail the test instead."""

    def timeout(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("the export hung (did it open a FIFO?)")

    old = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def make_socket(path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # A socket's path is limited to about 100 bytes: bind a short relative name.
    monkeypatch.chdir(path.parent)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(path.name)
    sock.close()  # the socket file stays
    return path


def make_device(path: Path) -> Path:
    """A character device like /dev/null, made in tmp_path (root only), harmless to lose."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError) as e:
        pytest.skip(f"cannot make a device node here: {e}")
    return path


SPECIAL: dict[str, Callable[[Path, pytest.MonkeyPatch], Path]] = {
    "fifo": lambda p, mp: make_fifo(p),
    "socket": make_socket,
    "device": lambda p, mp: make_device(p),
}

IS_KIND = {"fifo": stat.S_ISFIFO, "socket": stat.S_ISSOCK, "device": stat.S_ISCHR}


def one_line_error(result: Any, path: Path) -> None:
    assert result.exit_code == FAILURE, result.output
    assert result.stderr == f"herstudy: {path}: not a regular file; give a file name\n"
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- a file target that is not a regular file ---------------------------------------------


@pytest.mark.parametrize("force", [False, True], ids=["", "force"])
@pytest.mark.parametrize("kind", COMMANDS)
@pytest.mark.parametrize("special", SPECIAL)
def test_a_special_file_is_refused_and_left_alone(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    special: str,
    kind: str,
    force: bool,
) -> None:
    if kind == "apkg":
        pytest.importorskip("genanki")
    target = SPECIAL[special](tmp_path / ("out.apkg" if kind == "apkg" else "out"), monkeypatch)
    before = os.stat(target)

    args = [*COMMANDS[kind](target), "--data", str(SECOND), *(["--force"] if force else [])]
    result = runner.invoke(app, args)

    one_line_error(result, target)
    after = os.stat(target)
    assert IS_KIND[special](after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temporary file


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_a_system_device_is_refused_even_with_force(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, device: str
) -> None:
    """As root a wrong answer here would replace the device: writing is made impossible
    first, so that a failing check cannot do harm, and the device is checked after."""
    if not os.path.exists(device) or not stat.S_ISCHR(os.stat(device).st_mode):
        pytest.skip(f"no {device} here")

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the export tried to write beside a device")

    monkeypatch.setattr("herstudy.export.tempfile.mkstemp", never)
    monkeypatch.setattr("herstudy.export.os.replace", never)
    before = os.stat(device)
    for args in (["export", "anki", "--tsv", device], ["export", "json", device]):
        result = runner.invoke(app, [*args, "--data", str(SECOND), "--force"])
        one_line_error(result, Path(device))
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_dash_is_standard_output_not_a_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "json", "-", "--data", str(SECOND), "--force"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["film"]["id"] == "lighthouse-keepers-daughter"
    for _ in range(2):  # a second time too: no file named '-' is in the way
        result = runner.invoke(app, ["export", "anki", "--tsv", "-", "--data", str(SECOND)])
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("#separator:tab\n")
        assert result.stderr == ""
    assert not (tmp_path / "-").exists()


def test_the_library_refuses_special_files(tmp_path: Path) -> None:
    fifo = make_fifo(tmp_path / "fifo")
    for force in (False, True):
        with pytest.raises(HerstudyError) as e:
            check_target(fifo, force, lambda q: True)
        assert e.value.code == FAILURE
        assert e.value.lines() == [f"{fifo}: not a regular file; give a file name"]
    with pytest.raises(HerstudyError):
        write_bytes(fifo, b"data")
    with pytest.raises(HerstudyError):
        export_json(load_film(SECOND), fifo, force=True, confirm=None)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert regular_or_missing(tmp_path / "missing") is False
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert regular_or_missing(tmp_path / "file") is True


def test_a_fifo_that_appears_while_writing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    with pytest.raises(HerstudyError) as e, write_atomic(target) as tmp:
        tmp.write_bytes(b"{}\n")
        os.mkfifo(target)
    assert e.value.message == f"{target}: not a regular file; give a file name"
    assert stat.S_ISFIFO(os.stat(target).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_directory_target_of_a_vault_must_be_a_directory(
    runner: CliRunner, tmp_path: Path
) -> None:
    fifo = make_fifo(tmp_path / "vault")
    result = runner.invoke(app, ["export", "markdown", str(fifo), "--force"])
    assert result.exit_code == FAILURE
    assert result.stderr == f"herstudy: {fifo}: not a directory\n"


# --- symbolic links -------------------------------------------------------------------------


def test_a_link_to_a_file_is_written_through(runner: CliRunner, tmp_path: Path) -> None:
    real = tmp_path / "real" / "film.json"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)

    refused = runner.invoke(app, ["export", "json", str(link), "--data", str(SECOND)])
    assert refused.exit_code == 2  # an existing file: --force or a yes, as ever
    result = runner.invoke(app, ["export", "json", str(link), "--data", str(SECOND), "--force"])
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["film"]["id"] == (
        "lighthouse-keepers-daughter"
    )
    assert sorted(p.name for p in real.parent.iterdir()) == ["film.json"]


def test_a_link_to_a_fifo_or_to_nothing_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    fifo = make_fifo(tmp_path / "fifo")
    to_fifo = tmp_path / "to-fifo"
    to_fifo.symlink_to(fifo)
    result = runner.invoke(app, ["export", "json", str(to_fifo), "--force"])
    one_line_error(result, to_fifo)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)

    broken = tmp_path / "broken"
    broken.symlink_to(tmp_path / "nowhere" / "film.json")
    result = runner.invoke(app, ["export", "json", str(broken), "--force"])
    assert result.exit_code == FAILURE
    assert result.stderr == f"herstudy: {broken}: a broken symbolic link; give a file name\n"
    assert broken.is_symlink() and not (tmp_path / "nowhere").exists()


# --- special files inside a vault -----------------------------------------------------------


def test_a_fifo_where_a_note_goes_is_refused_not_opened(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "vault"
    assert (
        runner.invoke(app, ["export", "markdown", str(out), "--data", str(SECOND)]).exit_code == 0
    )
    note = out / "Quotes.md"
    note.unlink()
    os.mkfifo(note)
    for force in ([], ["--force"]):
        args = ["export", "markdown", str(out), "--data", str(SECOND), *force]
        result = runner.invoke(app, args)
        assert result.exit_code == FAILURE
        assert result.stderr == (
            f"herstudy: {note}: not a regular file; move it away or export to another folder\n"
        )
        assert stat.S_ISFIFO(os.stat(note).st_mode)


def test_a_fifo_for_a_manifest_is_not_opened(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "vault"
    out.mkdir()
    os.mkfifo(out / MANIFEST)
    result = runner.invoke(app, ["export", "markdown", str(out), "--data", str(SECOND), "--force"])
    assert result.exit_code == FAILURE
    assert result.stderr.count("\n") == 1
    assert "not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.stat(out / MANIFEST).st_mode)


# --- an export cut short -------------------------------------------------------------------


class Killed(BaseException):
    """Stands for the process being killed: nothing after it runs, no except catches it."""


def cut_short(monkeypatch: pytest.MonkeyPatch, after: int) -> list[str]:
    """Make the vault's writer die after ``after`` files (the manifest counts as one)."""
    real = vault_module.write_bytes
    written: list[str] = []

    def write(path: Path, data: bytes) -> None:
        if len(written) == after:
            raise Killed
        real(path, data)
        written.append(path.name)

    monkeypatch.setattr(vault_module, "write_bytes", write)
    return written


def vault_on_disk(directory: Path) -> dict[str, str]:
    return {
        p.relative_to(directory).as_posix(): p.read_text(encoding="utf-8")
        for p in directory.rglob("*.md")
    }


def assert_complete(directory: Path, film_path: Path) -> None:
    expected = build_vault(load_film(film_path))
    assert vault_on_disk(directory) == expected
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(expected)
    assert all(isinstance(d, str) for d in manifest["files"].values())


NOTES = len(build_vault(load_film(SECOND)))


@pytest.mark.parametrize("after", [0, 1, 2, NOTES // 2, NOTES, NOTES + 1])
def test_a_first_export_cut_short_is_finished_by_running_it_again(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    out = tmp_path / "vault"
    with monkeypatch.context() as mp:
        written = cut_short(mp, after)
        with pytest.raises(Killed):
            export_vault(load_film(SECOND), out, force=False, confirm=None)
    assert len(written) == after
    if after > 1:
        assert vault_on_disk(out)  # half a vault: notes, but not all of them

    result = runner.invoke(app, ["export", "markdown", str(out), "--data", str(SECOND)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("\n") == 1 and "overwrote" not in result.stderr
    assert_complete(out, SECOND)


def changed_film(tmp_path: Path) -> Path:
    raw = tomli.loads(SECOND.read_text(encoding="utf-8"))
    raw["quotes"][0]["meaning"] = "A new meaning."
    raw["themes"][0]["summary"] = "A new summary."
    raw["characters"][0]["role"] = "A new role."
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(raw, default=str), encoding="utf-8")
    return path


@pytest.mark.parametrize("after", [1, 3, 6])
def test_an_update_cut_short_is_finished_either_way(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    """Half old and half new text: both are herstudy's, so neither film needs --force."""
    out = tmp_path / "vault"
    export_vault(load_film(SECOND), out, force=False, confirm=None)
    changed = changed_film(tmp_path)
    with monkeypatch.context() as mp:
        cut_short(mp, after)
        with pytest.raises(Killed):
            export_vault(load_film(changed), out, force=False, confirm=None)

    for film in (SECOND, changed):
        result = runner.invoke(app, ["export", "markdown", str(out), "--data", str(film)])
        assert result.exit_code == 0, result.stderr
        assert_complete(out, film)


def test_an_edit_made_after_an_export_was_cut_short_still_asks(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "vault"
    export_vault(load_film(SECOND), out, force=False, confirm=None)
    changed = changed_film(tmp_path)
    with monkeypatch.context() as mp:
        cut_short(mp, 1)  # the manifest only: no note has its new text yet
        with pytest.raises(Killed):
            export_vault(load_film(changed), out, force=False, confirm=None)
    note = out / "Quotes.md"
    note.write_text(note.read_text(encoding="utf-8") + "My own thoughts.\n", encoding="utf-8")

    result = runner.invoke(app, ["export", "markdown", str(out), "--data", str(changed)])
    assert result.exit_code == 2
    assert "(Quotes.md)" in result.stderr
    assert "My own thoughts." in note.read_text(encoding="utf-8")


def test_a_note_that_cannot_be_read_counts_as_edited(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not as missing: that would replace it without asking."""
    out = tmp_path / "vault"
    export_vault(load_film(SECOND), out, force=False, confirm=None)
    note = out / "Quotes.md"
    real_open = os.open

    def locked(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path) == note:
            raise PermissionError(13, "Permission denied", str(path))
        return int(real_open(path, flags, *args, **kwargs))

    monkeypatch.setattr("herstudy.export.vault.os.open", locked)
    result = runner.invoke(
        app, ["export", "markdown", str(out), "--data", str(changed_film(tmp_path))]
    )
    assert result.exit_code == 2
    assert "(Quotes.md)" in result.stderr


@pytest.mark.parametrize("linked", ["Quotes.md", "Themes"])
def test_a_symbolic_link_inside_the_vault_is_refused_even_with_force(
    runner: CliRunner, tmp_path: Path, linked: str
) -> None:
    out = tmp_path / "vault"
    assert (
        runner.invoke(app, ["export", "markdown", str(out), "--data", str(SECOND)]).exit_code == 0
    )
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / linked
    (out / linked).rename(target)
    (out / linked).symlink_to(target)
    before = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    result = runner.invoke(app, ["export", "markdown", str(out), "--data", str(SECOND), "--force"])
    assert result.exit_code == 1
    assert "symbolic link" in result.stderr
    assert {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before
