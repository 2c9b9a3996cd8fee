"""``herstudy quiz`` through CliRunner: --print, options, and no terminal.

CliRunner's stdin is no terminal, so the interactive quiz refuses politely here;
tests/test_quiz_pty.py drives it in a real pseudo-terminal.
"""

from __future__ import annotations

import json

import pytest
from conftest import DATA, MINIMAL, SECOND
from typer.testing import CliRunner

from herstudy.cli import app

LIGHTHOUSE = ["--data", str(SECOND)]


def quiz(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["quiz", *args])
    return result.exit_code, result.stdout, result.stderr


def test_print_writes_the_quiz_and_an_answer_key_as_markdown(runner: CliRunner) -> None:
    code, out, err = quiz(runner, "--print", "-n", "6", "--seed", "3", *LIGHTHOUSE)
    assert code == 0, err
    assert out.startswith("# Quiz: The Lighthouse Keeper's Daughter\n\n6 questions · seed 3\n")
    questions, key = out.split("\n## Answer key\n")
    assert questions.count("\n### ") == 6
    assert len([line for line in key.splitlines() if line[:2] in {f"{i}." for i in range(7)}]) == 6
    assert "\x1b[" not in out and err == ""


def test_print_in_other_formats(runner: CliRunner) -> None:
    code, out, _ = quiz(runner, "--print", "-n", "4", "--seed", "3", "-f", "json", *LIGHTHOUSE)
    assert code == 0
    data = json.loads(out)
    assert data["seed"] == 3 and len(data["questions"]) == 4
    assert all(q["answer"] and q["explanation"] for q in data["questions"])
    code, out, _ = quiz(runner, "--print", "-n", "4", "--seed", "3", "-f", "plain", *LIGHTHOUSE)
    assert code == 0 and "Answer key\n----------" in out


def test_the_same_seed_prints_the_same_quiz(runner: CliRunner) -> None:
    first = quiz(runner, "--print", "--seed", "11", *LIGHTHOUSE)[1]
    assert quiz(runner, "--print", "--seed", "11", *LIGHTHOUSE)[1] == first
    assert quiz(runner, "--print", "--seed", "12", *LIGHTHOUSE)[1] != first
    unseeded = quiz(runner, "--print", *LIGHTHOUSE)[1]
    assert "seed " in unseeded.splitlines()[2]


def test_topic_and_kind_narrow_the_printed_quiz(runner: CliRunner) -> None:
    code, out, _ = quiz(
        runner, "--print", "-f", "json", "-t", "quotes", "-k", "who-said", "-n", "3", *LIGHTHOUSE
    )
    assert code == 0
    kinds = {(q["topic"], q["kind"]) for q in json.loads(out)["questions"]}
    assert kinds == {("quotes", "who-said")}


def test_without_a_terminal_it_points_to_print(runner: CliRunner) -> None:
    code, out, err = quiz(runner, *LIGHTHOUSE)
    assert code == 2
    assert out == ""
    assert "terminal" in err and "herstudy quiz --print" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-n", "0"], "greater than or equal to 1"),
        (["-n", "-3"], "greater than or equal to 1"),
        (["-n", "ten"], "'-n' / '--count'"),
        (["--topic", "plot"], "facts, themes, symbols, characters, arc, quotes, questions"),
        (["--kind", "essay"], "choice, typed, cloze, who-said, evidence, order, truefalse"),
        (["--format", "json"], "--format goes with --print"),
    ],
)
def test_bad_options_are_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = quiz(runner, "--print", *args, *LIGHTHOUSE)
    if args[0] == "--format":
        code, out, err = quiz(runner, *args, *LIGHTHOUSE)
    assert code == 2, err
    assert message in err and out == ""
    assert "Traceback" not in err


def test_asking_for_more_than_exist_says_so(runner: CliRunner) -> None:
    code, out, err = quiz(runner, "--print", "-n", "500", "-f", "json", "--seed", "1", *LIGHTHOUSE)
    assert code == 0
    given = len(json.loads(out)["questions"])
    assert 10 < given < 500
    assert f"gives only {given} such questions; asking {given}" in err


def test_a_filter_that_leaves_nothing_is_a_usage_error(runner: CliRunner) -> None:
    code, out, err = quiz(runner, "--print", "--kind", "order", "--data", str(MINIMAL))
    assert code == 2 and out == ""
    assert "gives no questions of kind order" in err


@pytest.mark.skipif(not DATA.exists(), reason="data/film.toml is not written yet")
def test_the_bundled_film_prints_ten_questions_of_five_kinds_or_more(runner: CliRunner) -> None:
    code, out, err = quiz(runner, "--print", "-f", "json", "--seed", "5")
    assert code == 0, err
    questions = json.loads(out)["questions"]
    assert len(questions) == 10 and len({q["kind"] for q in questions}) >= 5
