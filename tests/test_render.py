"""The renderers: exact Markdown where it is a contract, literal text whatever the data says.

Markdown is checked with markdown-it-py (a CommonMark parser that Rich already
depends on), so "literal" means what a Markdown reader would actually show.
"""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path
from typing import Any

import msgspec
import pytest
import tomli
from conftest import MINIMAL, SECOND
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.doc import View
from herstudy.errors import HerstudyError
from herstudy.model import Film
from herstudy.render.json import render_json
from herstudy.render.rich import render_rich
from herstudy.render.text import md_escape, render_markdown, render_plain
from herstudy.views import arcs, characters, info, questions, quotes, search, symbols, themes

# --- the Markdown of one theme, exactly -----------------------------------------------------

DUTY_MARKDOWN = """\
# Duty and inheritance

key theme

*What we owe the work our parents gave their lives to.*

The light has been kept by a Calloway for three generations. Ines keeps it out of love and habit, and the film asks whether a duty you never chose can still be yours.

## Symbols and motifs

- **The lamp**: Care that must be renewed every night; it works only while someone tends it.
- **The tide ledger**: The family record of every tide and ship; a history that binds Ines to the island.

## Moments in the arcs

- **Ines Calloway 1.** The first watch: She is already the keeper; no one has said it yet.
- **Ines Calloway 5.** The ledger entry: She accepts the inheritance and limits it in the same line.
- **Ambrose Calloway 1.** Counting the steps: Routine as a disguise for loss.
- **Ambrose Calloway 3.** Hands on the rail: The inheritance is finally given, including the freedom to refuse it.

## Quotes

> “We don't keep the light. The light keeps us.”
>
> — Ambrose Calloway

- **Context:** Ambrose to himself, climbing the stairs in the dark.
- **Meaning:** Duty as something that holds a life together, and holds it in place.

> “Nobody asked me. Everybody just assumed.”
>
> — Ines Calloway *(approximate wording)*

- **Context:** Ines to Odile, when Odile asks how long she has been the keeper.
- **Meaning:** Ines names the inheritance she never chose.

## Characters

- **Ines Calloway**: The keeper's daughter, twenty-six, who runs the light in all but name.
- **Ambrose Calloway**: The lighthouse keeper, losing his sight.
"""  # noqa: E501


def test_one_theme_as_markdown_exactly(runner: CliRunner) -> None:
    result = runner.invoke(app, ["themes", "duty", "--data", str(SECOND), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout == DUTY_MARKDOWN


def test_the_exact_markdown_reads_as_intended() -> None:
    html = MarkdownIt("commonmark").render(DUTY_MARKDOWN)
    assert html.startswith("<h1>Duty and inheritance</h1>\n<p>key theme</p>\n")
    assert html.count("<h2>") == 4
    assert html.count("<blockquote>") == 2
    assert "<li><strong>The lamp</strong>: Care that must be renewed" in html


# --- text that looks like markup ----------------------------------------------------------

TOKENS = ["[bold]not", "bold[/]", "[/]", "[link=x]x[/link]", "*stars*", "`tick`", "[red]"]
TRICKY = "[bold]not bold[/] and [/] then [link=x]x[/link] with *stars* and `tick` [red]"
TRICKY_NAME = "[bold]Mira[/]"

MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")


def _toml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid TOML basic string


@pytest.fixture
def tricky_film(tmp_path: Path) -> Path:
    """The minimal film with markup-like text in every kind of field a command shows."""
    text = MINIMAL_TEXT
    for old in [
        "A girl who sails a paper boat down the river.",
        "Loving something enough to release it.",
        "Mira folds the boat for her late grandfather and lets the river take it.",
        "A message that cannot be taken back once sent.",
        "The final shot, drifting under the bridge",
        "Mira sets the boat on the water and does not follow it.",
        "Grief turns into a farewell.",
        "Go on, then.",
        "Mira to the boat as it leaves.",
        "Why does Mira not follow the boat?",
        "Mourning ends in a gesture, not a thought.",
    ]:
        assert text.count(f'"{old}"') == 1, old
        text = text.replace(f'"{old}"', _toml(f"{old} {TRICKY}"))
    text = text.replace('name = "Mira"', f"name = {_toml(TRICKY_NAME)}")
    text = text.replace('title = "Letting go"', f"title = {_toml('Letting go ' + TRICKY)}")
    path = tmp_path / "tricky.toml"
    path.write_text(text, encoding="utf-8")
    return path


TRICKY_COMMANDS = [
    ["info"],
    ["themes"],
    ["themes", "letting-go"],
    ["themes", "--tracker"],
    ["symbols"],
    ["symbols", "paper-boat"],
    ["arc", "mira"],
    ["characters"],
    ["characters", "mira"],
    ["quotes"],
    ["questions"],
    ["essay"],
    ["essay", "why-release"],
    ["search", "stars"],
]


def test_tricky_film_is_valid(runner: CliRunner, tricky_film: Path) -> None:
    result = runner.invoke(app, ["validate", str(tricky_film)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args", TRICKY_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("fmt", ["rich", "plain"])
def test_markup_prints_literally(
    runner: CliRunner, tricky_film: Path, args: list[str], fmt: str
) -> None:
    result = runner.invoke(app, [*args, "--data", str(tricky_film), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    out = result.stdout
    for token in TOKENS:
        assert token in out, (token, out)


@pytest.mark.parametrize("args", TRICKY_COMMANDS, ids=" ".join)
def test_markup_is_literal_in_markdown(
    runner: CliRunner, tricky_film: Path, args: list[str]
) -> None:
    result = runner.invoke(app, [*args, "--data", str(tricky_film), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\\*stars\\*" in out or args[0] == "search"  # search marks the hit: \***stars**\*
    assert "\\`tick\\`" in out
    assert "[bold]not bold[/]" in out
    assert "[link=x]x[/link]" in out
    # What a Markdown reader shows: the same characters, no emphasis, no code, no link.
    html = re.sub(r"</?strong>", "", MarkdownIt("commonmark").render(out))
    assert "*stars*" in html
    assert "`tick`" in html
    assert "[link=x]x[/link]" in html
    assert "<code>" not in html
    assert "<a " not in html
    assert "<em>stars</em>" not in html


def test_json_keeps_markup_as_text(runner: CliRunner, tricky_film: Path) -> None:
    result = runner.invoke(app, ["themes", "letting-go", "--data", str(tricky_film), "-f", "json"])
    data = json.loads(result.stdout)
    assert data["theme"]["title"] == "Letting go " + TRICKY


def test_closing_tag_alone_does_not_crash_rich(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "slash.toml"
    path.write_text(MINIMAL_TEXT.replace('title = "Letting go"', 'title = "[/]"'), encoding="utf-8")
    result = runner.invoke(app, ["themes", "--data", str(path), "--format", "rich"])
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "[/]" in result.stdout


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("*a*", "\\*a\\*"),
        ("`code`", "\\`code\\`"),
        ("back\\slash", "back\\\\slash"),
        ("_under_", "\\_under\\_"),
        ("snake_case_name", "snake_case_name"),
        ("[x]", "[x]"),
        ("[a](b)", "[a\\](b)"),
    ],
)
def test_md_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


# --- any text through every renderer ------------------------------------------------------

MINIMAL_DICT: dict[str, Any] = tomli.loads(MINIMAL_TEXT)


def film_with(text: str) -> Film:
    """The minimal film with ``text`` in every text field the views show."""
    raw = copy.deepcopy(MINIMAL_DICT)
    f = raw["film"]
    f.update(title=text, tagline=text, logline=text, description=text, director=text)
    f["cast"] = [text]
    f["genres"] = [text]
    raw["characters"][0].update(name=text, role=text, description=text, represents=text, actor=text)
    raw["themes"][0].update(title=text, summary=text, explanation=text)
    raw["symbols"][0].update(name=text, meaning=text, appearances=[text, text])
    raw["arcs"][0]["summary"] = text
    raw["arcs"][0]["beats"][0].update(title=text, happens=text, meaning=text, reflect=text)
    raw["quotes"][0].update(text=text, context=text, meaning=text)
    raw["questions"][0].update(question=text, discussion=text)
    raw["meaning"].update(summary=text, text=text)
    return msgspec.convert(raw, Film)


def every_view(film: Film, query: str) -> list[View]:
    character = film.characters[0]
    theme = film.themes[0]
    out = [
        info.info(film),
        themes.themes(film),
        themes.theme(film, theme),
        themes.tracker(film, character),
        symbols.symbols(film),
        symbols.symbol(film, film.symbols[0]),
        arcs.arc(film, character),
        characters.characters(film),
        characters.character(film, character),
        quotes.quotes(film),
        quotes.quotes(film, theme, character),
        questions.questions(film),
    ]
    try:
        out.append(search.search(film, query))
    except HerstudyError:
        assert not re.search(r"\w", query)  # only a query without words is refused
    return out


def rich_text(view: View) -> str:
    buffer = io.StringIO()
    render_rich(view, buffer)
    return buffer.getvalue()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.text(min_size=1, max_size=60))
def test_any_text_renders_in_every_format(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # wide enough that Rich never wraps the text
    film = film_with(text)
    for view in every_view(film, text):
        markdown = render_markdown(view)
        plain = render_plain(view)
        assert markdown.endswith("\n")
        assert plain.endswith("\n")
        json.loads(render_json(view))
        rich = rich_text(view)
        assert rich
    data = json.loads(render_json(themes.theme(film, film.themes[0])))
    assert data["theme"]["title"] == text
    if text.isprintable():
        for view in (
            themes.theme(film, film.themes[0]),
            characters.character(film, film.characters[0]),
        ):
            assert text in rich_text(view)
            assert text in render_plain(view)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from("[]()*_`\\!~-ab 1") | st.characters(codec="utf-8"),
        min_size=1,
        max_size=40,
    )
)
@example(text="see [the film](https://example.com)")
@example(text="*not* _emphasis_ `code` \\*")
def test_markdown_shows_inline_text_literally(text: str) -> None:
    """Within a line, escaped text reads back as itself (no emphasis, code or escapes lost)."""
    stripped = text.strip()
    if not stripped or not text.isprintable() or re.search(r"[<&]", text):
        return  # HTML and entities are Markdown's own business; leading space is layout
    html = MarkdownIt("commonmark").renderInline(md_escape(stripped))
    expected = stripped.replace("&", "&amp;").replace('"', "&quot;").replace(">", "&gt;")
    assert html == expected
