"""``--notes FILE``: reflections appended to a Markdown file, under a dated heading.

First ``NotesFile`` on its own (a fixed date), then ``arc --walk --notes`` in a
real pseudo-terminal, typed at like a student would.
"""

from __future__ import annotations

import datetime
import re
import types
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
from conftest import SECOND
from pty_helpers import WIDE, Terminal, plain, spawn
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.errors import HerstudyError
from herstudy.interactive import notes as notes_module
from herstudy.interactive.notes import NotesFile

DAY = "2030-03-04"


class _Day(datetime.date):
    @classmethod
    def today(cls) -> _Day:
        return cls(2030, 3, 4)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """The notes module sees a ``datetime`` whose today is 4 March 2030; nothing else changes."""
    monkeypatch.setattr(notes_module, "datetime", types.SimpleNamespace(date=_Day), raising=True)


# --- NotesFile ----------------------------------------------------------------------------


def test_nothing_is_written_before_the_first_reflection(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    notebook = NotesFile(path, "Ines Calloway's arc")
    notebook.add("1. The first watch", "When did you last…?", "")
    notebook.add("2. The night voice", "What does it change?", "   \t ")
    assert not path.exists()
    assert notebook.written == 0


def test_one_dated_heading_per_session_and_a_subheading_per_reflection(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    notebook = NotesFile(path, "Ines Calloway's arc")
    notebook.add("1. The first watch", "When did you last do a job?", "  Last summer.  ")
    notebook.add("2. The night voice", "What does it change?", "")  # skipped
    notebook.add("3. The inspector arrives", "And this?", "The future as paperwork.")
    assert notebook.written == 2
    assert path.read_text(encoding="utf-8") == (
        f"## {DAY}: Ines Calloway's arc\n"
        "\n### 1. The first watch\n\n*When did you last do a job?*\n\nLast summer.\n"
        "\n### 3. The inspector arrives\n\n*And this?*\n\nThe future as paperwork.\n"
    )


def test_a_second_session_appends_without_clobbering(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    mine = "# My notes on the film\n\nWritten by hand, kept as is.\n"
    path.write_text(mine, encoding="utf-8")
    NotesFile(path, "studying Duty and inheritance").add("Duty and inheritance", "Q?", "First.")
    NotesFile(path, "studying Isolation").add("Isolation", "Q?", "Second.")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(mine + "\n## ")
    assert re.findall(r"^## .*$", text, re.M) == [
        f"## {DAY}: studying Duty and inheritance",
        f"## {DAY}: studying Isolation",
    ]
    assert re.findall(r"^### .*$", text, re.M) == ["### Duty and inheritance", "### Isolation"]
    assert text.index("First.") < text.index("Second.")
    # A blank line before each session's heading: Markdown renders them as headings.
    assert "\n\n## " in text and not text.endswith("\n\n")


def test_an_empty_existing_file_gets_no_leading_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.touch()
    NotesFile(path, "h").add("a", "p", "text")
    assert path.read_text(encoding="utf-8").startswith(f"## {DAY}: h\n")


@pytest.mark.parametrize(
    "where",
    [
        pytest.param(lambda tmp: tmp, id="a-directory"),
        pytest.param(lambda tmp: tmp / "no-such-folder" / "notes.md", id="missing-folder"),
        pytest.param(lambda tmp: tmp / "file.txt" / "notes.md", id="under-a-file"),
        pytest.param(lambda tmp: tmp / ("x" * 300 + ".md"), id="name-too-long"),
    ],
)
def test_an_unwritable_path_is_a_herstudy_error(
    tmp_path: Path, where: Callable[[Path], Path]
) -> None:
    (tmp_path / "file.txt").write_text("not a folder\n", encoding="utf-8")
    path = where(tmp_path)
    # Found when the notes file is opened where possible, before anything is typed.
    with pytest.raises(HerstudyError, match="notes"):
        NotesFile(path, "h").add("a", "p", "text")


# --- the command line, without a terminal -------------------------------------------------


def test_notes_without_walk_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    result = runner.invoke(app, ["arc", "ines", "--notes", str(notes), "--data", str(SECOND)])
    assert result.exit_code == 2
    assert "--notes goes with --walk" in result.stderr
    assert not notes.exists()


def test_walk_with_notes_needs_a_terminal(runner: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    args = ["arc", "ines", "--walk", "--notes", str(notes), "--data", str(SECOND)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "--walk needs a terminal" in result.stderr
    assert not notes.exists()


# --- arc --walk --notes in a real terminal ------------------------------------------------


def walk(cwd: Path, home: Path) -> Terminal:
    args = ["arc", "ines", "--walk", "--notes", "NOTES.md", "--data", str(SECOND)]
    return spawn(*args, home=home, cwd=cwd, size=WIDE)


PROMPT = re.escape("(your thoughts, then Enter; q: stop) › ")


def today_range() -> set[str]:
    """The days the child may have seen (a test could straddle midnight)."""
    now = datetime.datetime.now()
    return {(now + datetime.timedelta(minutes=m)).date().isoformat() for m in (0, 2)}


def test_walk_writes_the_reflections_typed_at_two_beats(tmp_path: Path, isolated: Path) -> None:
    days = today_range()
    child = walk(tmp_path, isolated)
    try:
        child.expect("1. The first watch")
        child.expect("Ines Calloway · beat 1 of 6")
        child.expect(PROMPT)
        child.send("The lighthouse was mine before anyone said so.\r")
        child.expect("2. The night voice")
        child.expect(PROMPT)
        child.send("   \r")  # nothing to say here: skipped, not an empty section
        child.expect("3. The inspector arrives")
        child.expect(PROMPT)
        child.send("Paperwork can end a way of life.\r")
        child.expect("4. The storm broadcast")
        child.expect(PROMPT)
        child.send("q\r")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    out = plain(child.before)
    assert child.exitstatus == 0, out
    assert "Traceback" not in out
    assert "Reflections saved to NOTES.md" in out
    text = (tmp_path / "NOTES.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\S+): (.*)$", text, re.M)
    assert len(headings) == 1
    assert headings[0][0] in days and headings[0][1] == "Ines Calloway's arc"
    assert re.findall(r"^### .*$", text, re.M) == [
        "### 1. The first watch",
        "### 3. The inspector arrives",
    ]
    # Each reflection under its beat, after the beat's question (the file's own, or the default).
    first, third = text.split("### 3. The inspector arrives")
    assert "*When did you last do a job nobody had officially given you?*" in first
    assert "The lighthouse was mine before anyone said so." in first
    assert "*What does 'The inspector arrives' change for the character," in third
    assert "Paperwork can end a way of life." in third
    assert "night voice" not in text and "\nq\n" not in text


def test_walk_stopped_at_once_writes_no_file(tmp_path: Path, isolated: Path) -> None:
    child = walk(tmp_path, isolated)
    try:
        child.expect(PROMPT)
        child.send("\r")
        child.expect("2. The night voice")
        child.expect(PROMPT)
        child.send("q\r")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    out = plain(child.before)
    assert child.exitstatus == 0, out
    assert not (tmp_path / "NOTES.md").exists()
    assert "saved to" not in out  # nothing was saved, so nothing is said to be


def test_walk_appends_to_existing_notes_and_keeps_them_on_ctrl_c(
    tmp_path: Path, isolated: Path
) -> None:
    notes = tmp_path / "NOTES.md"
    notes.write_text("# Film studies\n\nMy own line.\n", encoding="utf-8")
    child = walk(tmp_path, isolated)
    try:
        child.expect(PROMPT)
        child.send("Already the keeper.\r")
        child.expect("2. The night voice")
        child.expect(PROMPT)
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close()
    out = plain(child.before)
    assert child.exitstatus == 130, out
    assert "Traceback" not in out
    assert "Reflections saved to NOTES.md" in out  # as q says it, not a silent exit
    text = notes.read_text(encoding="utf-8")
    assert text.startswith("# Film studies\n\nMy own line.\n\n## ")
    assert "### 1. The first watch" in text and "Already the keeper." in text
