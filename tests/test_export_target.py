"""The one overwrite policy of every export, and what an unwritable path looks like.

Writing over something asks on a terminal, refuses in a pipe (exit 2, naming
--force) and goes ahead with --force. CliRunner's stdin is not a terminal, so it
plays the pipe; pexpect plays the terminal.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import SECOND
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.errors import FAILURE, USAGE, HerstudyError
from herstudy.export import check_target, write_atomic, write_bytes

COMMANDS = {
    "json": lambda p: ["export", "json", str(p / "film.json")],
    "apkg": lambda p: ["export", "anki", str(p / "film.apkg")],
    "tsv": lambda p: ["export", "anki", "--tsv", str(p / "film.txt")],
}


@pytest.mark.parametrize("kind", COMMANDS)
def test_in_a_pipe_an_existing_file_is_not_overwritten(
    runner: CliRunner, tmp_path: Path, kind: str
) -> None:
    if kind == "apkg":
        pytest.importorskip("genanki")
    args = COMMANDS[kind](tmp_path)
    target = Path(args[-1])
    target.write_text("precious\n", encoding="utf-8")

    result = runner.invoke(app, [*args, "--data", str(SECOND)])
    assert result.exit_code == USAGE
    assert result.stderr == (
        f"herstudy: {target} already exists; not writing over it without --force.\n"
        "herstudy: Use --force to overwrite it, or choose another name.\n"
    )
    assert target.read_text(encoding="utf-8") == "precious\n"

    forced = runner.invoke(app, [*args, "--data", str(SECOND), "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert target.read_bytes() != b"precious\n"


def test_a_new_file_needs_no_force(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "json", str(tmp_path / "new.json")])
    assert result.exit_code == 0, result.stderr


def test_checks_every_target_before_writing_any(runner: CliRunner, tmp_path: Path) -> None:
    pytest.importorskip("genanki")
    (tmp_path / "b.txt").write_text("precious\n", encoding="utf-8")
    result = runner.invoke(
        app, ["export", "anki", str(tmp_path / "a.apkg"), "--tsv", str(tmp_path / "b.txt")]
    )
    assert result.exit_code == USAGE
    assert not (tmp_path / "a.apkg").exists()


# --- the helper ----------------------------------------------------------------------------


def test_check_target_asks_and_respects_the_answer(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    asked: list[str] = []

    def yes(question: str) -> bool:
        asked.append(question)
        return True

    check_target(target, False, yes)
    assert asked == []  # nothing to overwrite, nothing to ask

    target.write_text("x", encoding="utf-8")
    check_target(target, False, yes)
    assert asked == [f"{target} already exists. Overwrite it?"]

    with pytest.raises(HerstudyError) as no:
        check_target(target, False, lambda q: False)
    assert no.value.code == FAILURE
    assert no.value.message == f"{target}: left as it was"

    check_target(target, True, None)  # --force: no question, no refusal
    with pytest.raises(HerstudyError) as pipe:
        check_target(target, False, None)
    assert pipe.value.code == USAGE
    assert "--force" in " ".join(pipe.value.lines())


def test_check_target_for_a_directory(tmp_path: Path) -> None:
    check_target(tmp_path, False, None, kind="dir")
    with pytest.raises(HerstudyError) as e:
        check_target(tmp_path, False, None, kind="dir", problem="is not empty")
    assert e.value.code == USAGE
    assert e.value.message == f"{tmp_path} is not empty; not writing into it without --force."


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), write_atomic(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.json"
    write_bytes(target, b"{}\n")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


# --- unwritable paths ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", COMMANDS)
def test_a_missing_directory_is_a_one_line_error(
    runner: CliRunner, tmp_path: Path, kind: str
) -> None:
    if kind == "apkg":
        pytest.importorskip("genanki")
    args = COMMANDS[kind](tmp_path / "missing")
    result = runner.invoke(app, args)
    assert result.exit_code == FAILURE
    assert result.stderr == (
        f"herstudy: {args[-1]}: cannot write: {tmp_path / 'missing'}: no such directory\n"
    )


def test_a_file_in_the_way_of_the_directory(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    target = tmp_path / "afile" / "film.json"
    result = runner.invoke(app, ["export", "json", str(target)])
    assert result.exit_code == FAILURE
    assert result.stderr == (
        f"herstudy: {target}: cannot write: {tmp_path / 'afile'}: is not a directory\n"
    )


def test_a_directory_where_the_file_should_be(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "json", str(tmp_path)])
    assert result.exit_code == FAILURE
    assert result.stderr == f"herstudy: {tmp_path}: is a directory; give a file name\n"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_permission_denied_is_a_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        for args in (["export", "json"], ["export", "anki", "--tsv"]):
            result = runner.invoke(app, [*args, str(locked / "out")])
            assert result.exit_code == FAILURE
            assert result.stderr.startswith(f"herstudy: {locked / 'out'}: cannot write: ")
            assert result.stderr.count("\n") == 1
        result = runner.invoke(app, ["export", "markdown", str(locked / "vault")])
        assert result.exit_code == FAILURE
        assert result.stderr.count("\n") == 1
    finally:
        locked.chmod(0o700)


def test_permission_denied_as_any_user(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as above where the tests run as root: the OS says no, as it would."""

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr("herstudy.export.tempfile.mkstemp", denied)
    result = runner.invoke(app, ["export", "json", str(tmp_path / "out.json")])
    assert result.exit_code == FAILURE
    assert result.stderr == f"herstudy: {tmp_path / 'out.json'}: cannot write: Permission denied\n"

    monkeypatch.setattr(Path, "mkdir", denied)
    result = runner.invoke(app, ["export", "markdown", str(tmp_path / "vault")])
    assert result.exit_code == FAILURE
    assert result.stderr == f"herstudy: {tmp_path}: cannot write: Permission denied\n"


# --- on a terminal -------------------------------------------------------------------------


@pytest.mark.parametrize(("answer", "code"), [("n", FAILURE), ("y", 0)])
def test_on_a_terminal_it_asks(tmp_path: Path, answer: str, code: int) -> None:
    pexpect = pytest.importorskip("pexpect")
    from pty_helpers import spawn

    target = tmp_path / "film.json"
    target.write_text("precious\n", encoding="utf-8")
    child = spawn("export", "json", str(target), "--data", str(SECOND))
    child.expect_exact(f"{target} already exists. Overwrite it? [y/N]: ")
    child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code
    overwritten = target.read_text(encoding="utf-8") != "precious\n"
    assert overwritten == (answer == "y")
