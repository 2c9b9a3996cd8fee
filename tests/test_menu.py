"""``herstudy`` on its own: the welcome and the menu.

The menu's choices are checked in this process first, keys fed to
prompt_toolkit through a pipe and the command it would run recorded. Then the
real thing in a pseudo-terminal: choose, see the command's output, come back,
leave with Quit, q or Ctrl-C. Without a terminal there is no menu, only help.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pexpect
import pty_helpers
import pytest
from conftest import DATA, PYTHON, SECOND, subprocess_env
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from pty_helpers import WIDE, Terminal, grade, transcript
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.interactive import menu
from herstudy.load import load_film
from herstudy.progress.cards import make_cards

TIMEOUT = 20
DOWN, UP = "\x1b[B", "\x1b[A"
CTRL_C = "\x03"

# Shortcut keys of the main menu, in order: 1-9, 0, then letters; Quit is q.
KEY_FACTS, THEMES, SYMBOLS, ARC, CHARACTERS = "1", "2", "3", "4", "5"
QUIZ, REVIEW, STUDY, STATS, EXPORT = "8", "9", "0", "a", "b"


# --- the menu in this process ---------------------------------------------------------------


@contextmanager
def keyboard(keys: str) -> Iterator[None]:
    """Prompts read ``keys``; once they run out, EOFError (a test that hangs is no test)."""
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        pipe.close()
        yield


CARDS = len(make_cards(load_film(SECOND)))


def drive(keys: str, data: Path | None = SECOND, code: int = 0) -> list[list[str]]:
    """Run the menu on ``keys``; the argument lists of the commands it ran."""
    ran: list[list[str]] = []

    def run(argv: list[str]) -> int:
        ran.append(argv)
        return code

    with keyboard(keys):
        menu.run_menu(load_film(data), data, run, lambda: "3 cards due now · streak 2 days")
    return ran


def test_the_welcome_names_the_film_and_the_status() -> None:
    text = menu.welcome(load_film(SECOND), f"{CARDS} flashcards to learn; no reviews yet.")
    assert text.splitlines() == [
        "herstudy: The Lighthouse Keeper's Daughter (2031)",
        "The light doesn’t choose who it saves.",
        f"{CARDS} flashcards to learn; no reviews yet.",
    ]
    assert menu.welcome(load_film(DATA), "").splitlines()[0] == "herstudy: Her (2013)"


def test_each_choice_runs_its_command_and_comes_back(capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data", str(SECOND)]
    keys = (
        KEY_FACTS
        + "\r"
        + THEMES
        + "\r"
        + DOWN
        + DOWN
        + "\r"  # All themes, Duty, Isolation
        + THEMES
        + "\r\r"  # All themes
        + SYMBOLS
        + "\r"
        + DOWN
        + "\r"  # the first symbol
        + ARC
        + "\r"
        + DOWN
        + "\r"  # Ambrose's arc, the second
        + CHARACTERS
        + "\r\r"  # Everyone
        + "6\r7\r"
        + QUIZ
        + "\r"
        + REVIEW
        + "\r"
        + STUDY
        + "\r\r"  # the theme I know least
        + STUDY
        + "\r"
        + DOWN
        + DOWN
        + DOWN
        + "\r"  # Signals
        + STATS
        + "\r"
        + "q"
    )
    assert drive(keys) == [
        ["info", *data],
        ["themes", "isolation", *data],
        ["themes", *data],
        ["symbols", "lamp", *data],
        ["arc", "ambrose", *data],
        ["characters", *data],
        ["quotes", *data],
        ["questions", *data],
        ["quiz", *data],
        ["review", *data],
        ["study", *data],
        ["study", "signals", *data],
        ["stats", *data],
    ]
    out = capsys.readouterr().out
    assert out.startswith("herstudy: The Lighthouse Keeper's Daughter (2031)\n")
    assert "3 cards due now · streak 2 days" in out


def test_back_runs_nothing_and_shows_the_menu_again() -> None:
    back = UP + "\r"  # Back is the last entry of every list
    keys = THEMES + "\r" + back + ARC + "\r" + back + EXPORT + "\r" + back + KEY_FACTS + "\rq"
    assert drive(keys, data=None) == [["info"]]


def test_quit_by_arrows_and_by_q() -> None:
    assert drive(UP + "\r") == []  # up from the first entry wraps round to Quit
    assert drive("q") == []
    assert drive(KEY_FACTS + "\r" + "q") == [["info", "--data", str(SECOND)]]


def test_ctrl_c_leaves_the_menu_and_goes_back_from_a_list_in_it() -> None:
    assert drive(CTRL_C) == []
    # In a sub-menu, as inside a command: back to the main menu, which q then leaves.
    assert drive(THEMES + "\r" + CTRL_C + "q") == []
    ran = drive(THEMES + "\r" + CTRL_C + KEY_FACTS + "\r" + "q")
    assert ran == [["info", "--data", str(SECOND)]]


def test_a_failing_command_comes_back_to_the_menu() -> None:
    """The menu carries on whatever the command's exit status (its message was printed)."""
    assert drive(REVIEW + "\r" + QUIZ + "\rq", code=130) == [
        ["review", "--data", str(SECOND)],
        ["quiz", "--data", str(SECOND)],
    ]


def test_export_asks_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # nothing here for the path prompt to complete
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    clear = "\x15"  # Ctrl-U: the default name goes
    keys = (
        EXPORT
        + "\r"
        + "3\r"
        + "\r"  # JSON, the default name
        + EXPORT
        + "\r"
        + "1\r"
        + clear
        + "deck.apkg\r"
        + EXPORT
        + "\r"
        + "2\r"
        + clear
        + "\r"  # no name: nothing runs
        + EXPORT
        + "\r"
        + "3\r"
        + clear
        + "-film.json\r"
        + EXPORT
        + "\r"
        + "3\r"
        + clear
        + "~/film.json\r"
        + "q"
    )
    assert drive(keys, data=None) == [
        ["export", "json", "film.json"],
        ["export", "anki", "deck.apkg"],
        # Not an option of the command: a file in this folder.
        ["export", "json", "./-film.json"],
        # A path prompt is not a shell, but ~ still means home.
        ["export", "json", str(tmp_path / "home" / "film.json")],
    ]


def test_j_and_k_are_shortcuts_in_a_long_list() -> None:
    """With 20 or more entries, j and k name entries, so they must not move the cursor."""
    choices = [menu._choice(f"entry {i}", i) for i in range(25)]
    with keyboard("j\r"):
        assert menu._select("Which?", choices) == 19
    with keyboard("k\r"):
        assert menu._select("Which?", choices) == 20
    with keyboard(DOWN + DOWN + "\r"):
        assert menu._select("Which?", choices) == 2


# --- without a terminal: the help -----------------------------------------------------------


def test_no_terminal_prints_the_help(runner: CliRunner) -> None:
    for args in ([], ["--data", str(SECOND)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "Usage" in result.stdout
        assert "Run on its own at a terminal, herstudy opens a menu." in result.stdout


def test_piped_prints_the_help(isolated: Path) -> None:
    done = subprocess.run(
        [PYTHON, "-m", "herstudy", "--data", str(SECOND)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=subprocess_env(HERSTUDY_HOME=str(isolated)),
    )
    assert done.returncode == 0, done.stderr
    assert "Usage" in done.stdout and "opens a menu" in done.stdout
    assert done.stderr == ""
    assert not isolated.exists() or not any(isolated.iterdir())  # no menu, no progress file


# --- in a real terminal ---------------------------------------------------------------------


def spawn(cwd: Path, home: Path, *args: str) -> Terminal:
    return pty_helpers.spawn(*args, home=home, cwd=cwd, size=WIDE)


MENU = "What would you like to do?"


def at_menu(child: Terminal) -> None:
    """Wait for the whole menu, down to its last entry."""
    child.expect_exact(MENU)
    child.expect_exact("q) Quit")


def ended(child: Terminal) -> str:
    child.expect(pexpect.EOF)
    child.close()
    out = transcript(child)
    assert "Traceback" not in out and "KeyboardInterrupt" not in out, out
    return out


def test_menu_choose_come_back_and_quit(tmp_path: Path, isolated: Path) -> None:
    child = spawn(tmp_path, isolated, "--data", str(SECOND))
    try:
        child.expect_exact("herstudy: The Lighthouse Keeper's Daughter (2031)")
        child.expect_exact(f"{CARDS} flashcards to learn; no reviews yet.")
        at_menu(child)
        # Key facts, by its number.
        child.send(KEY_FACTS)
        child.send("\r")
        child.expect_exact("Maren Oyelaran-Voss")
        at_menu(child)
        # Themes, then Isolation with the arrow keys.
        child.send(THEMES)
        child.send("\r")
        child.expect_exact("Which theme?")
        child.expect_exact("← Back")
        child.send(DOWN + DOWN)
        child.send("\r")
        child.expect_exact("An island as a life sealed off by weather and choice.")
        at_menu(child)
        # Themes again, then Back (the last entry): nothing runs.
        child.send(THEMES)
        child.send("\r")
        child.expect_exact("← Back")
        child.send(UP)
        child.send("\r")
        at_menu(child)
        # Quit, with the arrows: up from the top is the bottom.
        child.send(UP)
        child.send("\r")
        out = ended(child)
    finally:
        child.close()
    assert child.exitstatus == 0, out
    assert out.count(f"? {MENU} Key facts") == 1
    assert out.count("? Which theme? Isolation") == 1
    assert out.count(f"? {MENU} Quit") == 1
    assert "herstudy:" not in out.replace("herstudy: The Lighthouse", ""), "no error on the way"


def test_menu_on_the_bundled_film_and_q(tmp_path: Path, isolated: Path) -> None:
    child = spawn(tmp_path, isolated)
    try:
        child.expect_exact("herstudy: Her (2013)")
        child.expect("flashcards to learn; no reviews yet")
        at_menu(child)
        child.send(CHARACTERS)
        child.send("\r")
        child.expect_exact("Who?")
        child.expect_exact("← Back")
        child.send("\r")  # Everyone
        child.expect_exact("Theodore Twombly")
        at_menu(child)
        child.send("q")  # at once: no Enter
        out = ended(child)
    finally:
        child.close()
    assert child.exitstatus == 0, out


def test_ctrl_c_at_the_menu_leaves_cleanly(tmp_path: Path, isolated: Path) -> None:
    """Leaving a menu with Ctrl-C is a normal way out, not an interrupted command: exit 0."""
    child = spawn(tmp_path, isolated, "--data", str(SECOND))
    try:
        at_menu(child)
        child.sendintr()
        out = ended(child)
    finally:
        child.close()
    assert child.exitstatus == 0, out
    assert not isolated.exists() or not any(isolated.iterdir())  # nothing studied, nothing saved


def test_commands_that_stop_or_fail_come_back_to_the_menu(tmp_path: Path, isolated: Path) -> None:
    child = spawn(tmp_path, isolated, "--data", str(SECOND))
    try:
        at_menu(child)
        # Review: stop at the first card.
        child.send(REVIEW)
        child.send("\r")
        child.expect_exact("show the answer")
        child.send("q")
        child.expect_exact("Reviewed 0 cards.")
        at_menu(child)
        # A quiz stopped with Ctrl-C: its score, its message, and back.
        child.send(QUIZ)
        child.send("\r")
        child.expect_exact("Question 1 of 10")
        child.expect(r"Your answer|1st")
        child.sendintr()
        child.expect_exact("Stopped before the first answer.")
        at_menu(child)
        # An export that cannot be written: the error, and back.
        child.send(EXPORT)
        child.send("\r")
        child.expect_exact("Export to?")
        child.send("3\r")
        child.expect_exact("Where?")
        child.send("\x15" + "no-such-folder/film.json\r")
        child.expect_exact("no such directory")
        at_menu(child)
        # A file whose name starts with '-' is still a file.
        child.send(EXPORT)
        child.send("\r")
        child.expect_exact("Export to?")
        child.send("3\r")
        child.expect_exact("Where?")
        child.send("\x15" + "-film.json\r")
        child.expect_exact("as JSON to -film.json")
        at_menu(child)
        child.send("q")
        out = ended(child)
    finally:
        child.close()
    assert child.exitstatus == 0, out
    assert (tmp_path / "-film.json").is_file()
    assert not (tmp_path / "no-such-folder").exists()


SUB_MENUS = {
    THEMES: "Which theme?",
    SYMBOLS: "Which symbol?",
    ARC: "Whose arc?",
    CHARACTERS: "Who?",
    STUDY: "Which theme?",
    EXPORT: "Export to?",
}
ESC, BACKSPACE, LEFT = "\x1b", "\x7f", "\x1b[D"


@pytest.mark.parametrize(
    "key", ["q", ESC, BACKSPACE, LEFT, "\x03"], ids=["q", "Esc", "Backspace", "Left", "Ctrl-C"]
)
def test_every_sub_menu_is_left_with_the_same_keys(
    tmp_path: Path, isolated: Path, key: str
) -> None:
    """q, Esc, Backspace, Left and Ctrl-C in any sub-menu: back to the main menu, nothing run."""
    child = spawn(tmp_path, isolated, "--data", str(SECOND))
    try:
        at_menu(child)
        for entry, question in SUB_MENUS.items():
            child.send(entry + "\r")
            child.expect_exact(question)
            child.expect_exact("q) ← Back")  # the same Back key in every list
            child.send(key)
            at_menu(child)
        child.send("q")
        out = ended(child)
    finally:
        child.close()
    assert child.exitstatus == 0, out
    assert "herstudy:" not in out.replace("herstudy: The Lighthouse", ""), out
    assert not (tmp_path / "herstudy-vault").exists()


def test_the_status_line_is_new_after_a_session(tmp_path: Path, isolated: Path) -> None:
    child = spawn(tmp_path, isolated, "--data", str(SECOND))
    try:
        child.expect_exact(f"{CARDS} flashcards to learn; no reviews yet.")
        at_menu(child)
        child.send(REVIEW + "\r")
        grade(child, "3")
        child.expect_exact("show the answer")
        child.send("q")
        child.expect_exact("Reviewed 1 card: 1 Good.")
        child.expect("reviewed today|streak|due")  # the status line again, with the grade in it
        at_menu(child)
        child.send("q")
        out = ended(child)
    finally:
        child.close()
    assert child.exitstatus == 0, out
    assert out.count("no reviews yet") == 1
