"""The JSON keys of every read command and of export json: a contract (docs/json.md).

A failure here means scripts reading herstudy's JSON would break: change the
keys only together with docs/json.md, and say so in the changelog.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FILMS
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.load import load_film
from herstudy.model import Film

FILM_KEYS = [
    "sources", "id", "title", "tagline", "logline", "description", "release_date", "country",
    "runtime_minutes", "rating", "director", "cast", "genres", "budget_usd", "box_office_usd",
    "themes",
]  # fmt: skip
THEME_KEYS = [
    "sources", "id", "title", "summary", "explanation", "symbols", "beats", "quotes",
    "characters",
]  # fmt: skip
SYMBOL_KEYS = ["sources", "id", "name", "kind", "meaning", "appearances", "themes", "aliases"]
CHARACTER_KEYS = [
    "sources", "id", "name", "role", "description", "represents", "actor", "aliases",
]  # fmt: skip
BEAT_KEYS = [
    "sources", "id", "order", "title", "happens", "meaning", "themes", "reflect", "recurring",
    "same_moment",
]  # fmt: skip
QUOTE_KEYS = [
    "sources", "id", "text", "speaker", "addressee", "context", "meaning", "themes", "beat",
    "approximate",
]  # fmt: skip
QUESTION_KEYS = [
    "sources", "id", "kind", "question", "discussion", "themes", "beats", "quotes", "symbols",
    "sides", "thesis", "conclusion",
]  # fmt: skip
SIDE_KEYS = ["claim", "beats", "quotes", "symbols"]
CLAIM_KEYS = ["title", "claim", "theme", "note", "evidence"]
MEANING_KEYS = ["sources", "summary", "text", "themes"]

# command (given the film) → (top-level keys, {top-level key: keys of its entries})
Contract = tuple[list[str], dict[str, list[str]]]
COMMANDS: dict[str, tuple[Callable[[Film], list[str]], Contract]] = {
    "info": (
        lambda f: ["info"],
        (["film", "sources"], {"film": FILM_KEYS, "sources": ["file", "name", "about"]}),
    ),
    "themes": (lambda f: ["themes"], (["themes"], {"themes": [*THEME_KEYS, "key"]})),
    "theme": (
        lambda f: ["themes", f.themes[0].id],
        (
            ["theme", "symbols", "beats", "quotes", "characters"],
            {
                "theme": [*THEME_KEYS, "key"],
                "symbols": SYMBOL_KEYS,
                "beats": BEAT_KEYS,
                "quotes": QUOTE_KEYS,
                "characters": CHARACTER_KEYS,
            },
        ),
    ),
    "tracker": (
        lambda f: ["themes", "--tracker"],
        (["arc", "themes", "beats"], {"beats": ["id", "order", "title", "themes"]}),
    ),
    "symbols": (lambda f: ["symbols"], (["symbols"], {"symbols": SYMBOL_KEYS})),
    "symbol": (lambda f: ["symbols", f.symbols[0].id], (["symbol"], {"symbol": SYMBOL_KEYS})),
    "arc": (
        lambda f: ["arc", f.arcs[0].character],
        (["arc"], {"arc": ["character", "summary", "beats"]}),
    ),
    "characters": (lambda f: ["characters"], (["characters"], {"characters": CHARACTER_KEYS})),
    "character": (
        lambda f: ["characters", f.characters[0].id],
        (["character"], {"character": CHARACTER_KEYS}),
    ),
    "quotes": (lambda f: ["quotes"], (["quotes"], {"quotes": QUOTE_KEYS})),
    "questions": (
        lambda f: ["questions"],
        (["questions", "meaning"], {"questions": QUESTION_KEYS, "meaning": MEANING_KEYS}),
    ),
    "essay": (lambda f: ["essay"], (["questions"], {"questions": QUESTION_KEYS})),
    "essay prompt": (
        lambda f: ["essay", f.questions[0].id],
        (
            ["question", "thesis", "claims", "counter", "conclusion", "notes"],
            {
                "question": QUESTION_KEYS,
                "claims": CLAIM_KEYS,
                "conclusion": ["text", "summary", "themes"],
            },
        ),
    ),
    "search": (
        lambda f: ["search", "the"],
        (["query", "hits"], {"hits": ["section", "id", "field", "text"]}),
    ),
}


def run_json(runner: CliRunner, film: Path, args: list[str]) -> Any:
    result = runner.invoke(app, [*args, "--format", "json", "--data", str(film)])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def entry_keys(value: Any) -> list[str]:
    """The keys of an entry, or of the first entry of a list."""
    if isinstance(value, list):
        assert value, "the contract needs at least one entry to check"
        value = value[0]
    assert isinstance(value, dict)
    return list(value)


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.stem)
@pytest.mark.parametrize("command", COMMANDS)
def test_read_command_keys(runner: CliRunner, path: Path, command: str) -> None:
    film = load_film(path)
    make_args, (top, entries) = COMMANDS[command]
    data = run_json(runner, path, make_args(film))
    assert list(data) == top
    for key, keys in entries.items():
        if data[key] == []:
            continue  # e.g. a theme no quote expresses
        assert entry_keys(data[key]) == keys, key


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.stem)
def test_nested_keys(runner: CliRunner, path: Path) -> None:
    film = load_film(path)
    arc = run_json(runner, path, ["arc", film.arcs[0].character])["arc"]
    assert entry_keys(arc["beats"]) == BEAT_KEYS
    info = run_json(runner, path, ["info"])["film"]
    if info["rating"] is not None:
        assert list(info["rating"]) == ["score", "votes", "scale"]
    tracker = run_json(runner, path, ["themes", "--tracker"])
    assert tracker["arc"] == film.arcs[0].character
    assert all(isinstance(t, str) for t in tracker["themes"])
    assert run_json(runner, path, ["search", "the"])["query"] == "the"


def test_no_match_is_an_empty_list(runner: CliRunner) -> None:
    data = run_json(runner, FILMS[0], ["search", "zzzzqqq"])
    assert data == {"query": "zzzzqqq", "hits": []}


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.stem)
def test_export_json_keys(runner: CliRunner, path: Path) -> None:
    result = runner.invoke(app, ["export", "json", "--data", str(path)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == [
        "film", "characters", "themes", "symbols", "arcs", "quotes", "questions", "meaning",
        "prompts", "sources",
    ]  # fmt: skip
    assert list(data["film"]) == FILM_KEYS
    if data["sources"]:
        assert entry_keys(data["sources"]) == ["file", "name", "about"]
    assert entry_keys(data["characters"]) == CHARACTER_KEYS
    assert entry_keys(data["themes"]) == THEME_KEYS
    assert entry_keys(data["symbols"]) == SYMBOL_KEYS
    assert entry_keys(data["arcs"]) == ["character", "summary", "beats"]
    assert entry_keys(data["arcs"][0]["beats"]) == BEAT_KEYS
    assert entry_keys(data["quotes"]) == QUOTE_KEYS
    assert entry_keys(data["questions"]) == QUESTION_KEYS
    sides = [s for q in data["questions"] for s in q["sides"]]
    assert entry_keys(sides) == SIDE_KEYS
    assert list(data["meaning"]) == MEANING_KEYS
    if data["prompts"]:
        assert entry_keys(data["prompts"]) == [
            "sources", "id", "ask", "answer", "cloze", "wrong", "accept", "explain", "about",
            "topic", "card", "detail",
        ]  # fmt: skip
