"""herstudy as a process: closed and full standard streams, closed pipes and signals.

These run the real console entry (``python -m herstudy``) in a child process:
what is tested is what the shell sees — the exit code, one line on stderr, no
traceback, and a terminal left as it was found.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pexpect
import pytest
from conftest import PYTHON, ROOT, SECOND, subprocess_env
from pty_helpers import grade, spawn_shell


def _run(home: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "herstudy", *args],
        cwd=str(ROOT),
        env=subprocess_env(HERSTUDY_HOME=str(home)),
        capture_output=kwargs.pop("capture_output", True),  # type: ignore[arg-type]
        text=True,
        timeout=60,
        **kwargs,  # type: ignore[arg-type]
    )


def _shell(home: Path, script: str) -> subprocess.CompletedProcess[str]:
    """``script`` in bash, with ``H`` standing for herstudy."""
    return subprocess.run(
        ["bash", "-c", f'H() {{ {PYTHON} -m herstudy "$@"; }}\n{script}'],
        cwd=str(ROOT),
        env=subprocess_env(HERSTUDY_HOME=str(home)),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("args", [["themes"], ["themes", "--format", "json"], ["--version"]])
def test_a_closed_stdout_is_a_write_error(isolated: Path, args: list[str]) -> None:
    result = _shell(isolated, f'H {" ".join(args)} >&-; echo "code=$?" >&2')
    assert "herstudy: write error: Bad file descriptor" in result.stderr
    assert "code=1" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("fmt", ["markdown", "rich", "json", "plain"])
def test_a_full_stdout_is_a_write_error(isolated: Path, fmt: str) -> None:
    result = _shell(isolated, f'H themes --format {fmt} >/dev/full; echo "code=$?" >&2')
    assert result.stderr.splitlines() == [
        "herstudy: write error: No space left on device",
        "code=1",
    ]


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["themes", "--help"], ["themes"]])
def test_a_reader_that_leaves_early_is_no_error(isolated: Path, args: list[str]) -> None:
    # `true` exits without reading: the write fails with EPIPE once the pipe is closed.
    script = f'H {" ".join(args)} | (exec 0<&-; sleep 0.1); echo "code=${{PIPESTATUS[0]}}" >&2'
    result = _shell(isolated, script)
    assert "code=0" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Exception ignored" not in result.stderr


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["review"], 2),
        (["quiz"], 2),
        (["study", "letting-go", "--data", str(SECOND)], 2),
        (["export", "json", "out.json", "--data", str(SECOND)], 0),
    ],
    ids=["review", "quiz", "study", "export"],
)
def test_a_closed_stdin_counts_as_no_terminal(
    isolated: Path, tmp_path: Path, args: list[str], code: int
) -> None:
    args = [str(tmp_path / a) if a == "out.json" else a for a in args]
    result = _shell(isolated, f'H {" ".join(args)} <&- >/dev/null; echo "code=$?" >&2')
    assert f"code={code}" in result.stderr
    assert "Traceback" not in result.stderr


def test_files_opened_with_stdout_closed_do_not_take_its_place(
    isolated: Path, tmp_path: Path
) -> None:
    out = tmp_path / "film.json"
    result = _shell(isolated, f"H export json {out} --data {SECOND} >&-")
    assert result.returncode == 0, result.stderr
    json.loads(out.read_text(encoding="utf-8"))  # nothing else was written into it


# --- signals ---------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find the child")
@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_signal_mid_review_restores_the_terminal_and_keeps_grades(
    isolated: Path, name: str, code: int
) -> None:
    script = (
        f"{PYTHON} -m herstudy review --data {SECOND}; echo EXIT=$?; "
        "stty -a | tr ' ' '\\n' | grep -x -e '-\\?echo' -e '-\\?icanon' | tr '\\n' ' '; echo"
    )
    child = spawn_shell(script, shell="bash", home=isolated)
    try:
        grade(child, "3")
        child.expect("show the answer")
        deadline = time.monotonic() + 5
        while not (kids := _children(child.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(kids[0], getattr(signal, name))
        child.expect(r"EXIT=(\d+)")
        assert child.match.group(1) == str(code)
        child.expect(pexpect.EOF)
        modes = (child.before or "").split()
    finally:
        child.close(force=True)
    assert modes == ["icanon", "echo"]
    stats = _run(isolated, "stats", "--data", str(SECOND), "--format", "json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["reviews"]["total"] == 1
