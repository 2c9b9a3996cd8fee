"""``herstudy validate`` and choosing the film file, as a user runs them.

Bad files run in a real ``python -m herstudy`` process, so a traceback anywhere
(even one printed by the interpreter on the way out) would show in stderr.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import (
    DATA,
    MINIMAL,
    MINIMAL_TEXT,
    PYTHON,
    ROOT,
    SECOND,
    edited,
    subprocess_env,
    write,
)
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.load import load_film


def herstudy(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "herstudy", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=subprocess_env(**env),
        timeout=60,
    )


def assert_fails_with(result: subprocess.CompletedProcess[str], *lines: str) -> None:
    """Exit 1, nothing on stdout, exactly these lines on stderr, no traceback."""
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"herstudy: {line}" for line in lines]


def counts_line(path: Path, shown: str | None = None) -> str:
    film = load_film(path)
    counts = ", ".join(f"{n} {name}" for name, n in film.counts().items())
    return f"{shown or path}: valid: {film.film.title}: {counts}"


# --- valid files --------------------------------------------------------------------------


def test_validate_the_bundled_film() -> None:
    result = herstudy("validate")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert re.fullmatch(
        r".*film\.toml: valid: Her: \d+ characters, \d+ themes, \d+ symbols,"
        r" \d+ beats, \d+ quotes, \d+ questions\n",
        result.stdout,
    )
    assert result.stdout == counts_line(DATA) + "\n"


def test_validate_minimal_counts_one_of_each(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(MINIMAL)])
    assert result.exit_code == 0
    assert result.stdout == (
        f"{MINIMAL}: valid: The Paper Boat: 1 characters, 1 themes, 1 symbols,"
        " 1 beats, 1 quotes, 1 questions\n"
    )
    assert result.stderr == ""


@pytest.mark.parametrize("path", [DATA, SECOND, MINIMAL], ids=["her", "lighthouse", "minimal"])
def test_validate_file_argument(runner: CliRunner, path: Path) -> None:
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == counts_line(path) + "\n"


@pytest.mark.parametrize(
    "how",
    ["argument", "--data", "--data before the command", "HERSTUDY_DATA"],
)
def test_validate_chooses_the_file(runner: CliRunner, how: str) -> None:
    args = {
        "argument": ["validate", str(SECOND)],
        "--data": ["validate", "--data", str(SECOND)],
        "--data before the command": ["--data", str(SECOND), "validate"],
        "HERSTUDY_DATA": ["validate"],
    }[how]
    env = {"HERSTUDY_DATA": str(SECOND)} if how == "HERSTUDY_DATA" else {}
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout == counts_line(SECOND) + "\n"


def test_a_relative_path_is_from_the_working_directory(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL_TEXT, "mine.toml")
    result = herstudy("validate", "mine.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("mine.toml: valid: The Paper Boat: ")


# --- --data and HERSTUDY_DATA reach every command -------------------------------------------

# Each command with a word only the lighthouse film has in that command's output.
EVERY_COMMAND = [
    (["info"], "Skerrow Point"),
    (["themes"], "Lighthouse Keeper"),
    (["themes", "duty"], "Duty and inheritance"),
    (["themes", "--tracker"], "Ines Calloway"),
    (["symbols"], "Lighthouse Keeper"),
    (["symbols", "lamp"], "renewed every night"),
    (["arc", "ines"], "Ines Calloway"),
    (["characters"], "Lighthouse Keeper"),
    (["characters", "ines"], "Saoirse Pell"),
    (["quotes"], "Lighthouse Keeper"),
    (["questions"], "Lighthouse Keeper"),
    (["search", "lamp"], "automatic lamp"),
    (["validate"], "The Lighthouse Keeper's Daughter"),
]


@pytest.mark.parametrize(
    ("args", "expected"), EVERY_COMMAND, ids=[" ".join(a) for a, _ in EVERY_COMMAND]
)
@pytest.mark.parametrize("how", ["--data", "HERSTUDY_DATA"])
def test_another_film_for_every_command(
    runner: CliRunner, args: list[str], expected: str, how: str
) -> None:
    if how == "--data":
        result = runner.invoke(app, [*args, "--data", str(SECOND)])
    else:
        result = runner.invoke(app, args, env={"HERSTUDY_DATA": str(SECOND)})
    assert result.exit_code == 0, result.output
    assert expected in result.stdout
    assert "Theodore" not in result.stdout


def test_data_option_wins_over_the_environment(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["info", "--data", str(MINIMAL), "--format", "plain"],
        env={"HERSTUDY_DATA": str(SECOND)},
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("The Paper Boat (2029)\n")


def test_environment_reaches_a_subprocess() -> None:
    result = herstudy("info", "--format", "plain", HERSTUDY_DATA=str(SECOND))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("The Lighthouse Keeper's Daughter (2031)\n")


# --- files that cannot be read ------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    assert_fails_with(herstudy("validate", str(path)), f"{path}: no such file")


def test_missing_file_through_a_read_command(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    assert_fails_with(herstudy("themes", "--data", str(path)), f"{path}: no such file")


def test_missing_file_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    assert_fails_with(herstudy("info", HERSTUDY_DATA=str(path)), f"{path}: no such file")


def test_a_directory(tmp_path: Path) -> None:
    assert_fails_with(
        herstudy("validate", str(tmp_path)), f"{tmp_path}: is a directory, not a film file"
    )


def test_an_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    assert_fails_with(herstudy("validate", str(path)), f"{path}: the file is empty")


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(
        MINIMAL_TEXT.replace("Invented Director", "Invented Réalisateur").encode("latin-1")
    )
    result = herstudy("validate", str(path))
    line_no = MINIMAL_TEXT[: MINIMAL_TEXT.index("Invented Director")].count("\n") + 1
    offset = MINIMAL_TEXT.encode().index(b"Invented Director") + len("Invented R")
    assert_fails_with(
        result,
        f"{path}: line {line_no}: not UTF-8 text (byte 0xe9 at offset {offset});"
        " save the file as UTF-8",
    )


def test_a_toml_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, edited(("score = 6.8", "score = 6.8.1")))
    line_no = MINIMAL_TEXT[: MINIMAL_TEXT.index("score = 6.8")].count("\n") + 1
    result = herstudy("validate", str(path))
    assert_fails_with(
        result,
        f"{path}: line {line_no}, column 12: invalid TOML:"
        " Expected newline or end of document after a statement",
    )


# --- files that parse but are not a film --------------------------------------------------


def test_a_wrong_type(tmp_path: Path) -> None:
    path = write(tmp_path, edited(("votes = 120", 'votes = "120"')))
    assert_fails_with(
        herstudy("validate", str(path)),
        f"{path}: film.rating.votes: expected an integer, got a string ('120')",
    )


def test_a_missing_required_field(tmp_path: Path) -> None:
    path = write(
        tmp_path, edited(('meaning = "A message that cannot be taken back once sent."\n', ""))
    )
    assert_fails_with(
        herstudy("validate", str(path)), f"{path}: symbols[0].meaning: missing required key"
    )


def test_a_duplicate_id(tmp_path: Path) -> None:
    second_question = (
        '[[questions]]\nid = "why-release"\nquestion = "Again?"\nsources = ["general"]\n\n[meaning]'
    )
    path = write(tmp_path, edited(("[meaning]", second_question)))
    assert_fails_with(
        herstudy("validate", str(path)),
        f"{path}: questions[1].id: duplicate id 'why-release' (first used by questions[0])",
    )


def test_a_dangling_reference_suggests_the_nearest_id(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        edited(('bridge"]\nthemes = ["letting-go"]', 'bridge"]\nthemes = ["leting-go"]')),
    )
    assert_fails_with(
        herstudy("validate", str(path)),
        f"{path}: symbols[0].themes[0]: unknown theme 'leting-go' (did you mean 'letting-go'?)",
    )


def test_an_unknown_key_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, edited(('question = "Why does Mira', 'qestion = "Why does Mira')))
    assert_fails_with(
        herstudy("validate", str(path)),
        f"{path}: questions[0].qestion: unknown key (did you mean 'question'?)",
        f"{path}: questions[0].question: missing required key",
    )


def test_unknown_keys_are_documented_as_errors() -> None:
    doc = (ROOT / "docs" / "film-format.md").read_text(encoding="utf-8")
    assert "**Unknown keys are an error**" in doc


def test_a_beat_out_of_order(tmp_path: Path) -> None:
    earlier = (
        '[[arcs.beats]]\nid = "fold"\norder = 0\ntitle = "Folding"\nhappens = "She folds it."\n'
        'meaning = "Care."\nsources = ["general"]\n\n[[quotes]]'
    )
    path = write(tmp_path, edited(("[[quotes]]", earlier)))
    assert_fails_with(
        herstudy("validate", str(path)),
        f"{path}: arcs[0].beats[1].order: beats must be in film order, but 0 follows 1",
    )


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        edited(
            (
                'themes = ["letting-go"]\nsources = ["general"]\n\n[film.rating]',
                'themes = ["leting-go"]\nsources = ["general"]\n\n[film.rating]',
            ),
            ('characters = ["mira"]', 'characters = ["mia"]'),
            ('speaker = "mira"', 'speaker = "mira"\naddressee = "grandfather"'),
            ('about = ["release"]', 'about = ["relese"]'),
        ),
    )
    assert_fails_with(
        herstudy("validate", str(path)),
        f"{path}: film.themes[0]: unknown theme 'leting-go' (did you mean 'letting-go'?)",
        f"{path}: themes[0].characters[0]: unknown character 'mia' (did you mean 'mira'?)",
        f"{path}: quotes[0].addressee: unknown character 'grandfather'",
        f"{path}: prompts[0].about[0]: unknown entry 'relese' (did you mean 'release'?)",
    )


def test_several_shape_problems_are_all_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        edited(
            ("votes = 120", "votes = 1.5"),
            ('topic = "arc"', 'topic = "yesno"'),
            ('role = "A girl', 'rol = "A girl'),
        ),
    )
    result = herstudy("validate", str(path))
    assert_fails_with(
        result,
        f"{path}: film.rating.votes: expected an integer, got a number (1.5)",
        f"{path}: characters[0].rol: unknown key (did you mean 'role'?)",
        f"{path}: characters[0].role: missing required key",
        f"{path}: prompts[0].topic: 'yesno' is not one of "
        "'facts', 'themes', 'symbols', 'characters', 'arc', 'quotes', 'questions'",
    )


def test_every_problem_line_names_the_file_and_a_toml_path(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        edited(("votes = 120", 'votes = "x"'), ('name = "The paper boat"', 'name = ""')),
    )
    result = herstudy("validate", str(path))
    assert result.returncode == 1
    for line in result.stderr.splitlines():
        assert re.match(
            rf"herstudy: {re.escape(str(path))}: [a-z_]+(\.[a-z_]+|\[\d+\])*: ", line
        ), line


def test_a_bad_file_stops_a_read_command_too(tmp_path: Path, runner: CliRunner) -> None:
    path = write(tmp_path, edited(('speaker = "mira"', 'speaker = "mara"')))
    result = runner.invoke(app, ["quotes", "--data", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"herstudy: {path}: quotes[0].speaker: unknown character 'mara' (did you mean 'mira'?)\n"
    )
