"""The loader: TOML (or JSON) → Film, or one HerstudyError listing every problem.

Bad files are made by editing the text of tests/data/minimal.toml, so each test
shows the one change that breaks it.
"""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
import tomli
from conftest import DATA, MINIMAL, MINIMAL_TEXT, SECOND, edited, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from herstudy.errors import FAILURE, HerstudyError
from herstudy.load import ENV_DATA, bundled_path, data_path, load_film, validate
from herstudy.model import Film


def problems(path: Path) -> list[str]:
    with pytest.raises(HerstudyError) as caught:
        load_film(path)
    assert caught.value.code == FAILURE
    return caught.value.lines()


# --- good files ---------------------------------------------------------------------------


def test_bundled_film_is_her() -> None:
    film = load_film()
    assert isinstance(film, Film)
    assert film.film.title == "Her"
    assert film.film.year == 2013
    assert all(n > 0 for n in film.counts().values())


@pytest.mark.parametrize(
    ("path", "title"),
    [(SECOND, "The Lighthouse Keeper's Daughter"), (MINIMAL, "The Paper Boat")],
    ids=["lighthouse", "minimal"],
)
def test_test_films_load(path: Path, title: str) -> None:
    assert load_film(path).film.title == title


def test_minimal_has_one_of_everything() -> None:
    film = load_film(MINIMAL)
    assert film.counts() == dict.fromkeys(
        ("characters", "themes", "symbols", "beats", "quotes", "questions"), 1
    )
    assert film.meaning is not None
    assert len(film.prompts) == 1


def test_the_loaded_film_is_immutable() -> None:
    film = load_film(MINIMAL)
    with pytest.raises(AttributeError):
        film.film.title = "Changed"  # type: ignore[misc]


def test_json_form_loads_the_same_film(tmp_path: Path) -> None:
    raw = tomli.loads(MINIMAL_TEXT)
    path = write(tmp_path, json.dumps(raw, default=str), "film.json")
    assert load_film(path) == load_film(MINIMAL)


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "film": {,\n}', "film.json")
    [line] = problems(path)
    assert line.startswith(f"{path}: line 2, column ")
    assert "invalid JSON" in line


# --- which file ---------------------------------------------------------------------------


def test_bundled_path_is_the_project_film() -> None:
    assert bundled_path().resolve() == DATA.resolve()


def test_data_path_prefers_explicit_then_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert data_path() == bundled_path()
    monkeypatch.setenv(ENV_DATA, str(SECOND))
    assert data_path() == SECOND
    assert load_film().film.title == "The Lighthouse Keeper's Daughter"
    assert data_path(MINIMAL) == MINIMAL
    assert load_film(MINIMAL).film.title == "The Paper Boat"


def test_empty_environment_variable_means_bundled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DATA, "")
    assert data_path() == bundled_path()


# --- files that cannot be read ------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    assert problems(path) == [f"{path}: no such file"]


def test_directory(tmp_path: Path) -> None:
    assert problems(tmp_path) == [f"{tmp_path}: is a directory, not a film file"]


@pytest.mark.parametrize("content", ["", "\n\n  \t\n"], ids=["empty", "blank"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, content)
    assert problems(path) == [f"{path}: the file is empty"]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "film.toml"
    path.write_bytes(MINIMAL_TEXT.replace("Mira folds", "Mira \xe9 folds").encode("latin-1"))
    [line] = problems(path)
    line_no = MINIMAL_TEXT[: MINIMAL_TEXT.index("Mira folds")].count("\n") + 1
    assert line.startswith(f"{path}: line {line_no}: not UTF-8 text (byte 0xe9 at offset ")
    assert "save the file as UTF-8" in line


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, edited(('title = "The Paper Boat"', 'title "The Paper Boat"')))
    line_no = MINIMAL_TEXT[: MINIMAL_TEXT.index('title = "The Paper Boat"')].count("\n") + 1
    [line] = problems(path)
    assert line.startswith(f"{path}: line {line_no}, column 7: invalid TOML: ")


# --- files that parse but are not a film --------------------------------------------------

ONE_PROBLEM = {
    "wrong type": (
        [("votes = 120", 'votes = "many"')],
        "film.rating.votes: expected an integer, got a string ('many')",
    ),
    "wrong type in a list": (
        [('appearances = ["The final shot', 'appearances = [3, "The final shot')],
        "symbols[0].appearances[0]: expected text, got an integer (3)",
    ),
    "missing required key": (
        [('role = "A girl who sails a paper boat down the river."\n', "")],
        "characters[0].role: missing required key",
    ),
    "empty required text": (
        [('summary = "Loving something enough to release it."', 'summary = ""')],
        "themes[0].summary: expected non-empty text, got a string ('')",
    ),
    "bad id": (
        [('id = "paper-boat"', 'id = "Paper Boat"')],
        "symbols[0].id: expected a lowercase id such as 'color-red' (letters, digits, hyphens),"
        " got a string ('Paper Boat')",
    ),
    "bad choice": (
        [('topic = "arc"', 'topic = "essay"')],
        "prompts[0].topic: 'essay' is not one of 'facts', 'themes', 'symbols', 'characters',"
        " 'arc', 'quotes', 'questions'",
    ),
    "bad date": (
        [("release_date = 2029-05-04", 'release_date = "May 2029"')],
        "film.release_date: expected a date such as 2013-12-18, got a string ('May 2029')",
    ),
    "unknown key": (
        [('title = "The release"', 'title = "The release"\nthemse = ["letting-go"]')],
        "arcs[0].beats[0].themse: unknown key (did you mean 'themes'?)",
    ),
    "old quiz table": (
        [("[[prompts]]", "[[quiz]]\nid = 'old'\n\n[[prompts]]")],
        "quiz: unknown key ([[quiz]] items are now [[prompts]]: see docs/film-format.md)",
    ),
    "ask and cloze": (
        [('ask = "What does Mira do', 'cloze = "She {{stays}}."\nask = "What does Mira do')],
        "prompts[0]: write either 'ask' (with 'answer') or 'cloze', not both or neither",
    ),
    "no deletion": (
        [
            ('ask = "What does Mira do as the boat leaves?"', 'cloze = "She stays."'),
            ('answer = "She stays where she is"\n', ""),
            ('wrong = ["She runs along the bank", "She swims after it", "She calls it back"]\n',)
            + ("",),
        ],
        "prompts[0].cloze: nothing to ask; write the hidden words as {{words}}",
    ),
    "long answer": (
        [('answer = "She stays where she is"', 'answer = "' + "word " * 26 + '"')],
        "prompts[0]: the answer has 26 words; keep it to 25 and put the rest in 'explain'",
    ),
    "answer among the wrong": (
        [('"She runs along the bank"', '"She stays where she is"')],
        "prompts[0].wrong: the answer must not also be a wrong option",
    ),
    "unknown section": (
        [("[meaning]", "[meanings]")],
        "meanings: unknown key (did you mean 'meaning'?)",
    ),
    "duplicate id": (
        [
            (
                "[[themes]]",
                '[[characters]]\nid = "mira"\nname = "Mira again"\nrole = "A twin."\n'
                'sources = ["general"]\n\n[[themes]]',
            )
        ],
        "characters[1].id: duplicate id 'mira' (first used by characters[0])",
    ),
    "dangling reference": (
        [('bridge"]\nthemes = ["letting-go"]', 'bridge"]\nthemes = ["leting-go"]')],
        "symbols[0].themes[0]: unknown theme 'leting-go' (did you mean 'letting-go'?)",
    ),
    "dangling speaker": (
        [('speaker = "mira"', 'speaker = "myra"')],
        "quotes[0].speaker: unknown character 'myra' (did you mean 'mira'?)",
    ),
    "beat out of order": (
        [
            (
                "[[quotes]]",
                '[[arcs.beats]]\nid = "before"\norder = 1\ntitle = "Before"\n'
                'happens = "x"\nmeaning = "y"\nsources = ["general"]\n\n[[quotes]]',
            )
        ],
        "arcs[0].beats[1].order: beats must be in film order, but 1 follows 1",
    ),
}


@pytest.mark.parametrize(("changes", "expected"), ONE_PROBLEM.values(), ids=ONE_PROBLEM.keys())
def test_one_problem_one_line(
    tmp_path: Path, changes: list[tuple[str, str]], expected: str
) -> None:
    path = write(tmp_path, edited(*changes))
    assert problems(path) == [f"{path}: {expected}"]


def test_shape_problems_are_all_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        edited(
            ("votes = 120", 'votes = "many"'),
            ('name = "Mira"', 'nam = "Mira"'),
            ('meaning = "Grief turns into a farewell."\n', ""),
            ('topic = "arc"', 'topic = "maybe"'),
        ),
    )
    assert problems(path) == [
        f"{path}: film.rating.votes: expected an integer, got a string ('many')",
        f"{path}: characters[0].nam: unknown key (did you mean 'name'?)",
        f"{path}: characters[0].name: missing required key",
        f"{path}: arcs[0].beats[0].meaning: missing required key",
        f"{path}: prompts[0].topic: 'maybe' is not one of "
        "'facts', 'themes', 'symbols', 'characters', 'arc', 'quotes', 'questions'",
    ]


def test_reference_problems_are_all_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        edited(
            ('characters = ["mira"]', 'characters = ["mia"]'),
            ('speaker = "mira"', 'speaker = "nobody"'),
            ('beat = "release"', 'beat = "relase"'),
            ('about = ["release"]', 'about = ["xyz"]'),
        ),
    )
    assert problems(path) == [
        f"{path}: themes[0].characters[0]: unknown character 'mia' (did you mean 'mira'?)",
        f"{path}: quotes[0].speaker: unknown character 'nobody'",
        f"{path}: quotes[0].beat: unknown beat 'relase' (did you mean 'release'?)",
        f"{path}: prompts[0].about[0]: unknown entry 'xyz'",
    ]


def test_json_null_is_named_null(tmp_path: Path) -> None:
    raw = tomli.loads(MINIMAL_TEXT)
    raw["prompts"][0]["answer"] = None
    path = write(tmp_path, json.dumps(raw, default=str), "film.json")
    assert problems(path) == [f"{path}: prompts[0].answer: expected text, got null"]


def test_a_file_that_is_not_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, "[1, 2]", "film.json")
    assert problems(path) == [f"{path}: the file: expected a table, got an array"]


def test_error_message_and_problems() -> None:
    with pytest.raises(HerstudyError) as caught:
        validate({"film": {"id": "x"}}, "X")
    error = caught.value
    assert error.message == "X: not a valid film file"
    assert sorted(error.problems) == [
        "X: film.sources: missing required key",
        "X: film.title: missing required key",
    ]


# --- anything in any field ----------------------------------------------------------------

MINIMAL_DICT: dict[str, Any] = tomli.loads(MINIMAL_TEXT)


def _leaf_paths(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every place in the minimal film a value sits, lists and tables included."""
    out = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _leaf_paths(item, (*path, i))
    return out


LEAF_PATHS = _leaf_paths(MINIMAL_DICT)

scalars = st.one_of(
    st.text(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.none(),
    st.sampled_from(["", "mira", "letting-go", "release", "Not An Id", "true", "choice"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(LEAF_PATHS), values), min_size=1, max_size=4))
def test_any_values_give_a_film_or_a_herstudy_error(
    changes: list[tuple[tuple[str | int, ...], Any]],
) -> None:
    raw = copy.deepcopy(MINIMAL_DICT)
    for path, value in changes:
        try:
            _set(raw, path, value)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change replaced the table this path runs through
    try:
        film = validate(raw, "X")
    except HerstudyError as e:
        assert e.lines()
        assert all(line.startswith("X: ") for line in e.lines())
    else:
        assert isinstance(film, Film)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_give_a_film_or_a_herstudy_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "any.toml"
    path.write_bytes(content)
    try:
        load_film(path)
    except HerstudyError as e:
        assert all(line.startswith(f"{path}: ") for line in e.lines())


@pytest.mark.parametrize(
    ("name", "text"),
    [("deep.toml", "x = " + "[" * 5000 + "]" * 5000), ("deep.json", "[" * 100_000 + "]" * 100_000)],
)
def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path, name: str, text: str) -> None:
    path = write(tmp_path, text, name)
    [line] = problems(path)
    assert line.startswith(f"{path}: invalid ")
    assert "nested too deeply" in line


def test_a_date_is_a_date() -> None:
    assert load_film(MINIMAL).film.release_date == datetime.date(2029, 5, 4)


def test_a_prompt_about_an_id_of_two_sections_must_name_the_section() -> None:
    raw = tomli.loads(MINIMAL_TEXT)
    raw["symbols"][0]["id"] = "letting-go"  # a symbol and a theme with one id
    raw["prompts"][0]["about"] = ["letting-go"]
    with pytest.raises(HerstudyError) as e:
        validate(raw, "film")
    assert list(e.value.problems) == [
        "film: prompts[0].about[0]: 'letting-go' names entries in two sections;"
        " write 'themes:letting-go' or 'symbols:letting-go'"
    ]
    raw["prompts"][0]["about"] = ["symbols:letting-go"]
    film = validate(raw, "film")
    assert film.prompt_about(film.prompts[0]) == (("symbols", "letting-go"),)
    assert film.prompt_topic(film.prompts[0]) == "arc"  # its own topic wins
