"""A hostile film file: every text field carries terminal controls, HTML and Rich markup.

A teacher shares a film file with a class, so a film file is untrusted input.
Every command, in every format, must show the hostile text and obey none of
it: no control byte but tab and newline reaches stdout, stderr or a written
file, and no raw HTML tag reaches Markdown. The film is written as JSON (which
the loader reads too) so that NUL and every other control can be put in it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pexpect
import pytest
import tomli
from conftest import DATA, SECOND, edited, write
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pty_helpers import spawn, transcript
from test_read_commands import FORMATS, read_commands
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.load import load_film
from herstudy.text import cleaned, echo, may_hide_controls, visible

PAYLOAD = (
    "\x1b]0;pwned\x07"  # retitle the terminal
    "\x1b[2J"  # clear the screen
    "\x9b31m"  # C1 CSI: red
    "\x1b]8;;http://e.vil/\x1b\\link\x1b]8;;\x1b\\"  # OSC 8 hyperlink
    "<script>alert(1)</script><img\tsrc=x\tonerror=alert(1)>"
    "[bold red]markup[/bold red]"
    "\x00\r\x7f\x85\x08"
)
"""One word (no spaces), so answers and explanations stay within their word limits."""

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
RAW_HTML = re.compile(r"(?<!\\)<[A-Za-z/!?]")
REF = re.compile(r"(?:[a-z]+:)?[a-z0-9]+(?:-[a-z0-9]+)*")
LONG = "N" * 300


def _poison(value: Any) -> Any:
    """Every text of the film with the payload in it; ids, references and dates kept."""
    if isinstance(value, dict):
        return {k: _poison(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v) for v in value]
    if isinstance(value, str) and not REF.fullmatch(value):
        # After the text, so that a cloze's deletions and a title's first word survive.
        return f"{value} {PAYLOAD}"
    return value


def hostile_film(source: Path, dest: Path) -> Path:
    raw = _poison(tomli.loads(source.read_text(encoding="utf-8")))
    raw["themes"][0]["title"] = LONG + " " + PAYLOAD
    dest.write_text(json.dumps(raw, default=str), encoding="utf-8")
    return dest


@pytest.fixture(scope="module", params=[DATA, SECOND], ids=["her", "lighthouse"])
def film(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_film(request.param, tmp_path_factory.mktemp("hostile") / "film.json")


def clean(text: str, where: str, *, markdown: bool = False) -> None:
    found = CONTROL.search(text)
    assert found is None, f"{where}: control {found.group(0)!r} at {found.start()}"
    if markdown:
        html = RAW_HTML.search(text)
        assert html is None, f"{where}: raw HTML {text[html.start() : html.start() + 20]!r}"


def test_the_hostile_film_loads_and_shows_its_payload_visibly(film: Path) -> None:
    loaded = load_film(film)
    assert "^[]0;pwned^G^[[2J<U+009B>31m" in loaded.film.title
    assert CONTROL.search(json.dumps(loaded.film.title, ensure_ascii=False)) is None


# --- every read command, every format ---------------------------------------------------------


def _commands(path: Path) -> list[list[str]]:
    return [args for _, args in read_commands(path)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_read_command_shows_the_payload_inertly(
    runner: CliRunner, film: Path, fmt: str
) -> None:
    for args in _commands(film):
        result = runner.invoke(app, [*args, "--data", str(film), "--format", fmt])
        where = f"{' '.join(args)} --format {fmt}"
        assert result.exit_code == 0, f"{where}: {result.stderr}"
        clean(result.stdout, where, markdown=fmt == "markdown")
        clean(result.stderr, where)


def test_json_output_escapes_the_controls_it_carries(runner: CliRunner, film: Path) -> None:
    result = runner.invoke(app, ["info", "--data", str(film), "--format", "json"])
    assert result.exit_code == 0
    clean(result.stdout, "info json")
    assert "^[]0;pwned" in json.loads(result.stdout)["film"]["title"]


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["quiz", "--print", "-n", "12", "--seed", "3"],
        ["quiz", "--print", "-n", "12", "--seed", "3", "--format", "plain"],
        ["quiz", "--print", "-n", "12", "--seed", "3", "--format", "json"],
        ["stats"],
        ["stats", "--format", "json"],
        ["export", "json", "-"],
        ["export", "anki", "--tsv", "-"],
    ],
    ids=lambda a: " ".join(a),
)
def test_other_commands_show_the_payload_inertly(
    runner: CliRunner, film: Path, args: list[str]
) -> None:
    result = runner.invoke(app, [*args, "--data", str(film)])
    assert result.exit_code == 0, result.stderr
    clean(result.stdout, " ".join(args), markdown="--print" in args and "--format" not in args)
    clean(result.stderr, " ".join(args))


def test_the_vault_and_the_anki_package_carry_no_controls(
    runner: CliRunner, film: Path, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    result = runner.invoke(app, ["export", "markdown", str(vault), "--data", str(film)])
    assert result.exit_code == 0, result.stderr
    notes = sorted(vault.rglob("*.md"))
    assert notes
    for note in notes:
        clean(note.name, f"name of {note}")
        clean(note.read_text(encoding="utf-8"), str(note), markdown=True)


@pytest.mark.parametrize("command", ["themes", "symbols", "characters", "arc"])
def test_an_unknown_hostile_name_is_echoed_inertly_and_short(
    runner: CliRunner, command: str
) -> None:
    query = PAYLOAD + "x" * 200
    result = runner.invoke(app, [command, query])
    assert result.exit_code == 2
    clean(result.stderr, command)
    assert "x" * 80 not in result.stderr


def test_a_hostile_file_name_is_echoed_inertly(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["themes", "--data", str(tmp_path / "\x1b]0;pwned\x07.toml")])
    assert result.exit_code == 1
    clean(result.stderr, "missing file")
    assert "^[]0;pwned^G" in result.stderr


# --- validation messages -----------------------------------------------------------------------


def test_validation_problems_echo_values_inertly_and_short(
    runner: CliRunner, tmp_path: Path
) -> None:
    bad_id = "\x1b[2J" + "a" * 300
    path = write(tmp_path, edited(('id = "mira"', f"id = {json.dumps(bad_id)}")))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    clean(result.stderr, "validate")
    assert all(len(line) < 400 for line in result.stderr.splitlines())


def test_an_id_ending_in_a_newline_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, edited(('id = "mira"', 'id = "mira\\n"')))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "lowercase id" in result.stderr


def test_a_byte_order_mark_and_windows_line_ends_are_accepted(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "film.toml"
    text = edited()
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.stderr
    assert load_film(path) == load_film(write(tmp_path, text, "plain.toml"))


def test_a_file_over_the_size_limit_is_refused_at_once(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as f:
        f.write(b"# " + b"x" * 5_000_000 + b"\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "too large" in result.stderr


def test_many_problems_are_capped() -> None:
    from herstudy.check import MAX_PROBLEMS
    from herstudy.errors import HerstudyError
    from herstudy.load import validate

    raw = tomli.loads(edited())
    raw["themes"] = [
        {"id": f"t{i}", "title": "T", "summary": "S", "symbols": ["nope"]} for i in range(500)
    ]
    with pytest.raises(HerstudyError) as caught:
        validate(raw, "film.toml")
    assert len(caught.value.problems) == MAX_PROBLEMS + 1
    assert "fix these first" in caught.value.problems[-1]


# --- the helpers themselves --------------------------------------------------------------------


def test_visible_shows_every_control_and_keeps_the_rest() -> None:
    assert visible("a\tb\nc") == "a\tb\nc"
    assert visible("\x1b[2J") == "^[[2J"
    assert visible("\x07\x00\x7f") == "^G^@^?"
    assert visible("\x9b") == "<U+009B>"
    assert visible("line\r\nend") == "line\nend"
    assert visible("ünïcödé “quotes” — ok") == "ünïcödé “quotes” — ok"


def test_echo_caps_a_value_on_one_line() -> None:
    assert echo("x" * 100) == "x" * 79 + "…"
    assert echo("a\nb") == "a\\nb"
    assert echo("\x1b") == "^["


# --- interactive screens in a real terminal ------------------------------------------------


def _assert_inert(screen: str) -> None:
    for bad in ("\x1b]0;pwned", "\x1b[2J", "\x9b", "\x1b]8;;http://e.vil", "<U+0085>\x85"):
        assert bad not in screen, f"{bad!r} reached the terminal"
    assert "^[]0;pwned" in screen


@pytest.mark.parametrize(
    ("args", "ready", "keys"),
    [
        (["review"], "show the answer", ["q"]),
        (["quiz", "-n", "1", "--seed", "1"], "Your answer|1st", ["\x03"]),
        (["arc", "--walk"], r"q: stop\) › ", ["q\r"]),
    ],
    ids=["review", "quiz", "arc-walk"],
)
def test_interactive_screens_show_the_payload_inertly(
    isolated: Path, tmp_path: Path, args: list[str], ready: str, keys: list[str]
) -> None:
    film = hostile_film(SECOND, tmp_path / "film.json")
    if args[0] == "arc":
        args = ["arc", load_film(film).arcs[0].character, "--walk"]
    child = spawn(*args, "--data", str(film), home=isolated, size=(40, 120))
    try:
        child.expect("pwned")
        child.expect(ready)  # the screen reads keys now: a Ctrl-C sent sooner can be lost
        for key in keys:
            child.send(key)
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    _assert_inert(transcript(child, raw=True))


def test_a_notes_file_keeps_the_film_text_literal(tmp_path: Path) -> None:
    from herstudy.interactive.notes import NotesFile

    notes = NotesFile(tmp_path / "notes.md", visible(f"Arc {PAYLOAD}"))
    notes.add(visible(f"Beat {PAYLOAD}"), visible(f"Why? {PAYLOAD}"), "My *own* answer\x1b[2J")
    text = (tmp_path / "notes.md").read_text(encoding="utf-8")
    clean(text, "notes", markdown=True)
    assert "My *own* answer^[[2J" in text


def test_a_lone_surrogate_and_a_bidi_override_are_shown(runner: CliRunner, tmp_path: Path) -> None:
    raw = tomli.loads(edited())
    raw["film"]["title"] = "Boat \ud800 \u202eevil"
    path = tmp_path / "film.json"
    path.write_text(json.dumps(raw, default=str), encoding="utf-8")  # ASCII: \ud800 escaped
    assert load_film(path).film.title == "Boat <U+D800> <U+202E>evil"
    for args in (["export", "json", "-"], ["export", "anki", "--tsv", "-"], ["info"]):
        result = runner.invoke(app, [*args, "--data", str(path)])
        assert result.exit_code == 0, (args, result.stderr, result.exception)


# --- the loader's shortcut: text with no control characters and no escape is not cleaned ---

_PIECES = st.sampled_from(
    ["\\", "b", "f", "r", "u", "U", "e", "x", "n", "t", '"', "/", "0", "1", "B", "a", " "]
    + ["001b", "0000001B", "202E", "d800", "1b", "07"]
    + ["\x1b", "\r", "\x07", "\u202e", "\u2067", "é", "’"]
)


@given(st.lists(_PIECES, max_size=12).map("".join))
@example("\\u001b")
@example("\\U0000001B")
@example("\\u202E")
@example("\\ud800")
@example("\\b\\f\\r")
@example("\\e\\x1b")
@settings(max_examples=500)
def test_text_with_nothing_to_clean_parses_to_data_with_nothing_to_clean(body: str) -> None:
    """``may_hide_controls`` False (so ``load_film`` skips ``cleaned``) only for text
    whose parsed strings ``visible`` leaves alone, in TOML and in JSON."""
    for source, parse in (
        (f'k = "{body}"\n"{body}" = 1\n', tomli.loads),
        ('{"k": "' + body + '", "' + body + '": 1}', json.loads),
    ):
        try:
            data = parse(source)
        except (tomli.TOMLDecodeError, json.JSONDecodeError):
            continue
        if not may_hide_controls(source):
            assert cleaned(data) == data, source
