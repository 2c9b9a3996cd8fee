"""A theme link may be written on either side (docs/film-format.md, "Theme links"):
every read command in every format, the vault and the quiz see it the same way.

The film is minimal.toml, whose theme "letting-go" is linked to a symbol
(paper-boat), a beat (release) and a quote (go-on). Each link is written on the
theme's side only, on the entry's side only (as minimal.toml has them), or on both.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL_TEXT, edited, write
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.export.vault import build_vault
from herstudy.load import load_film
from herstudy.model import Section
from herstudy.quiz.generate import all_questions

THEME = "letting-go"
ENTRIES: list[tuple[Section, str]] = [
    ("symbols", "paper-boat"),
    ("beats", "release"),
    ("quotes", "go-on"),
]

ON_THEME = (
    'characters = ["mira"]\nsources = ["general"]\n\n[[symbols]]',
    'characters = ["mira"]\nsymbols = ["paper-boat"]\nbeats = ["release"]\n'
    'quotes = ["go-on"]\nsources = ["general"]\n\n[[symbols]]',
)
OFF_ENTRIES = (
    (
        'appearances = ["The final shot, drifting under the bridge"]\nthemes = ["letting-go"]\n',
        'appearances = ["The final shot, drifting under the bridge"]\n',
    ),
    (
        'meaning = "Grief turns into a farewell."\nthemes = ["letting-go"]\n',
        'meaning = "Grief turns into a farewell."\n',
    ),
    ('beat = "release"\nthemes = ["letting-go"]\n', 'beat = "release"\n'),
)
# minimal.toml has a prompt on the beat; these put one on the symbol and the quote too.
PROMPTS = """
[[prompts]]
id = "boat-stands-for"
ask = "What does the paper boat stand for?"
answer = "A message that cannot be taken back"
wrong = ["A wish for a better life", "A toy from childhood", "The grandfather's trade"]
explain = "Once sent, it is gone."
about = ["paper-boat"]
sources = ["general"]

[[prompts]]
id = "go-on-to-whom"
ask = "Whom else is Mira speaking to when she says it?"
answer = "Herself"
wrong = ["Her grandfather", "The river", "Her mother"]
explain = "Permission given to herself as much as to the boat."
about = ["go-on"]
sources = ["general"]
"""
SIDES = {
    "theme side": edited(ON_THEME, *OFF_ENTRIES) + PROMPTS,
    "entry side": MINIMAL_TEXT + PROMPTS,
    "both sides": edited(ON_THEME) + PROMPTS,
}


def test_each_side_holds_what_it_says() -> None:
    theme_side, entry_side, both = SIDES.values()
    assert theme_side.count(f'["{THEME}"]') == 2  # film.themes and the question only
    assert entry_side.count(f'["{THEME}"]') == 5  # and the symbol, the beat and the quote
    assert "symbols = [" not in entry_side
    assert both.count(f'["{THEME}"]') == 5 and 'symbols = ["paper-boat"]' in both


@pytest.fixture(params=list(SIDES), ids=str)
def film(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return write(tmp_path, SIDES[request.param])


def test_the_model_merges_both_sides(film: Path) -> None:
    loaded = load_film(film)
    for section, entry in ENTRIES:
        assert loaded.themes_about(section, entry) == (THEME,)
    links = loaded.links(loaded.theme_by_id[THEME])
    assert [s.id for s in links.symbols] == ["paper-boat"]
    assert [b.id for b in links.beats] == ["release"]
    assert [q.id for q in links.quotes] == ["go-on"]


# --- every read command that shows a linked entry or the theme, in every format -------------

LINKED = [["paper-boat"], ["release"], ["go-on"]]
KINDS = ("symbols", "beats", "quotes")


def _ids(entries: list[dict[str, Any]]) -> list[str]:
    return [e["id"] for e in entries]


# label: (arguments, what rich, markdown and plain show (each at least so many times) or
# None where they show no links, the links as --format json gives them, and what they are)
READS: dict[str, tuple[list[str], dict[str, int] | None, Callable[[Any], Any], Any]] = {
    "themes": (["themes"], None, lambda d: [d["themes"][0][k] for k in KINDS], LINKED),
    "themes THEME": (
        ["themes", THEME],
        {"The paper boat": 1, "Mira 1.": 1, "Go on, then.": 1},
        lambda d: [d["theme"][k] for k in KINDS] + [_ids(d[k]) for k in KINDS],
        LINKED + LINKED,
    ),
    "themes THEME, the entries' own links": (
        ["themes", THEME],
        None,
        lambda d: [e["themes"] for k in KINDS for e in d[k]],
        [[THEME]] * 3,
    ),
    "themes --tracker": (
        ["themes", "--tracker", "--arc", "mira"],
        {"Letting go": 1, "●": 1},
        lambda d: [d["themes"], d["beats"][0]["themes"]],
        [[THEME], [THEME]],
    ),
    "symbols": (["symbols"], {"Letting go": 1}, lambda d: d["symbols"][0]["themes"], [THEME]),
    "symbols NAME": (
        ["symbols", "paper-boat"],
        {"Letting go": 1},
        lambda d: d["symbol"]["themes"],
        [THEME],
    ),
    "arc": (["arc", "mira"], {"Letting go": 1}, lambda d: d["arc"]["beats"][0]["themes"], [THEME]),
    "quotes": (["quotes"], {"Letting go": 1}, lambda d: d["quotes"][0]["themes"], [THEME]),
    "quotes --theme": (
        ["quotes", "--theme", THEME],
        {"Go on, then.": 1},
        lambda d: _ids(d["quotes"]),
        ["go-on"],
    ),
    # Mira is linked to the theme herself; her line's own link makes a second mention.
    "characters NAME": (["characters", "mira"], {"Letting go": 2}, lambda d: None, None),
}


@pytest.mark.parametrize("fmt", ["rich", "markdown", "plain", "json"])
@pytest.mark.parametrize("label", list(READS))
def test_every_read_command_sees_the_link(
    runner: CliRunner, film: Path, label: str, fmt: str
) -> None:
    args, shown, links_in, linked = READS[label]
    result = runner.invoke(app, [*args, "--data", str(film), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        assert links_in(json.loads(result.stdout)) == linked
    elif shown is not None:
        for text, times in shown.items():
            assert result.stdout.count(text) >= times, (text, result.stdout)


# --- the vault ------------------------------------------------------------------------------

LINK = re.compile(r"(?<!\\)\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")
THEME_NOTE = "Themes/Letting go"
# The film's own title takes "The Paper Boat", so the symbol's note is told apart by its kind.
NOTES = {
    "symbols": ("Symbols/The paper boat (symbol)", "Symbols/The paper boat (symbol)"),
    "beats": ("Arcs/Mira's arc", "Arcs/Mira's arc#^release"),
    "quotes": ("Quotes", "Quotes#^go-on"),
}


@pytest.mark.parametrize("section", KINDS)
def test_the_vault_links_the_theme_and_the_entry_both_ways(film: Path, section: str) -> None:
    notes = build_vault(load_film(film))
    note, target = NOTES[section]

    def targets(name: str) -> set[str]:
        return set(LINK.findall(notes[f"{name}.md"]))

    assert target in targets(THEME_NOTE)
    assert THEME_NOTE in targets(note)
    anchor = target.partition("#")[2]
    if anchor:  # the block the theme links to is in the entry's note
        assert re.search(rf"(^| ){re.escape(anchor)}$", notes[f"{note}.md"], re.M)


# --- the quiz -------------------------------------------------------------------------------


@pytest.mark.parametrize(("section", "entry"), ENTRIES)
def test_the_quiz_asks_about_the_entry_under_its_theme(
    film: Path, section: str, entry: str
) -> None:
    """``herstudy study THEME`` asks the questions whose themes hold THEME."""
    questions = all_questions(load_film(film), random.Random(0))
    on_entry = [q for q in questions if (q.section, q.entry) == (section, entry)]
    assert on_entry
    assert all(q.themes == (THEME,) for q in on_entry)


def test_the_printed_quiz_tags_every_question_on_a_linked_entry(
    runner: CliRunner, film: Path
) -> None:
    result = runner.invoke(
        app, ["quiz", "--print", "-n", "50", "--seed", "1", "--data", str(film), "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    asked = json.loads(result.stdout)["questions"]
    tagged = {(q["section"], q["entry"]) for q in asked if q["themes"] == [THEME]}
    assert tagged == set(ENTRIES)
