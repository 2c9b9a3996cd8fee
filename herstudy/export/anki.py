"""The review cards as an Anki package (.apkg) or as Anki's plain-text import file.

Both carry the cards of ``herstudy review`` (``herstudy.progress.cards``) in a
deck named after the film with a sub-deck per topic (``Her::Themes``), tagged
``film::<id>``, ``topic::<topic>`` and ``theme::<id>``. A question is a basic
note (Front, Back, and the explanation as a field of its own in the package);
a cloze prompt is one Cloze note whose deletions are its cards (Text, and the
explanation as Back Extra). Every id is derived from ids in the data file, never from its
text and never at random: the model and deck ids from the film id and topic,
each note's GUID from its card id. Importing a newer export therefore updates
the notes already in Anki, keeping their review history, instead of adding
duplicates.

genanki is optional (the ``anki`` extra) and imported only when
an .apkg is written; the text file needs nothing.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import sqlite3
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from herstudy.errors import HerstudyError
from herstudy.export import Confirm, check_target, write_atomic, write_bytes
from herstudy.model import Film
from herstudy.progress.cards import TOPIC_TITLES, Card, make_cards

TOPIC_DECKS = TOPIC_TITLES
"""The sub-deck of each card topic."""


def genanki_hint(prefix: Path | None = None, python: str | None = None) -> str:
    """How to add genanki to the environment herstudy runs in, as that environment was made.

    pipx and uv leave a marker in the tool's environment (``sys.prefix``); anything
    else is a virtual environment or a Python that pip can install into.
    """
    prefix = Path(sys.prefix) if prefix is None else prefix
    if (prefix / "pipx_metadata.json").is_file():
        return "pipx inject herstudy genanki"
    if (prefix / "uv-receipt.toml").is_file():
        return "uv tool install '.[anki]' in herstudy's folder"
    return f"{python or sys.executable} -m pip install genanki"


def no_genanki() -> str:
    return f"Anki packages need genanki: {genanki_hint()} (or use --tsv for Anki's text import)"


_CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 20px; line-height: 1.4;
        text-align: left; max-width: 40em; margin: 0 auto; color: black; background: white; }
.nightMode .card, .card.nightMode { color: #eee; background: #2f2f31; }
.answer { font-weight: bold; }
.explanation { font-size: 0.8em; opacity: 0.8; margin-top: 1em; }
.cloze { font-weight: bold; color: #1565c0; }
.nightMode .cloze { color: #90caf9; }
"""

_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def stable_id(*parts: str) -> int:
    """A fixed id for a model or deck, in the range genanki recommends (2**30 to 2**31)."""
    digest = hashlib.sha256("\x1f".join(("herstudy", *parts)).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def note_guid(film: Film, card: Card) -> str:
    """The note's GUID: ``genanki.guid_for(film id, note id)``, computed without genanki.

    A card's note id is its own id, except for the cards of one cloze, which share one.
    """
    value = int.from_bytes(
        hashlib.sha256(f"{film.film.id}__{card.note_id}".encode()).digest()[:8], "big"
    )
    digits = []
    while value:
        value, digit = divmod(value, len(_BASE91))
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


def field(text: str) -> str:
    """Plain text as an Anki field: HTML-escaped, line breaks as <br>."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(html.escape(line) for line in lines)


def deck_name(film: Film, topic: str | None = None) -> str:
    """``Her`` or ``Her::Themes``; ``::`` inside the title would nest decks, so it is kept out."""
    root = " ".join(film.film.title.replace("::", ":").split())
    return f"{root}::{TOPIC_DECKS.get(topic, topic.title())}" if topic else root


def tags(film: Film, card: Card) -> list[str]:
    """Anki tags (no spaces; ids are slugs): ``film::her topic::themes theme::loneliness``."""
    return [
        f"film::{film.film.id}",
        f"topic::{card.topic}",
        *(f"theme::{t}" for t in card.themes),
    ]


# --- .apkg ------------------------------------------------------------------------------


def _genanki() -> Any:
    try:
        import genanki
    except ImportError:
        raise HerstudyError(no_genanki()) from None
    return genanki


def notes(cards: tuple[Card, ...]) -> list[list[Card]]:
    """The cards grouped into notes, in order: a cloze's cards share one note."""
    grouped: dict[str, list[Card]] = {}
    for card in cards:
        grouped.setdefault(card.note_id, []).append(card)
    return list(grouped.values())


def _package(film: Film, cards: tuple[Card, ...]) -> Any:
    genanki = _genanki()
    fid = film.film.id
    basic = genanki.Model(
        stable_id("model", fid),
        f"herstudy: {deck_name(film)}",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Explanation"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}\n\n<hr id="answer">\n\n<div class="answer">{{Back}}</div>'
                '\n{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}',
            }
        ],
        css=_CSS,
    )
    cloze = genanki.Model(
        stable_id("cloze", fid),
        f"herstudy cloze: {deck_name(film)}",
        fields=[{"name": "Text"}, {"name": "Back Extra"}],
        templates=[
            {
                "name": "Cloze",
                "qfmt": "{{cloze:Text}}",
                "afmt": '{{cloze:Text}}\n{{#Back Extra}}<div class="explanation">'
                "{{Back Extra}}</div>{{/Back Extra}}",
            }
        ],
        css=_CSS,
        model_type=genanki.Model.CLOZE,
    )
    root = genanki.Deck(stable_id("deck", fid), deck_name(film))
    decks = {
        topic: genanki.Deck(stable_id("deck", fid, topic), deck_name(film, topic))
        for topic in dict.fromkeys(c.topic for c in cards)
    }
    for position, group in enumerate(notes(cards)):
        card = group[0]
        if card.cloze:
            model, fields = cloze, [field(card.cloze), field(card.extra)]
        else:
            model, fields = basic, [field(card.front), field(card.back), field(card.extra)]
        decks[card.topic].add_note(
            genanki.Note(
                model=model,
                fields=fields,
                tags=tags(film, card),
                guid=genanki.guid_for(fid, card.note_id),
                # New cards come up in the order of the film file.
                due=position,
            )
        )
    return genanki.Package([root, *decks.values()])


def _write_package(package: Any, path: Path) -> None:
    # Package.write_to_file leaves its SQLite file behind in the system temp dir;
    # building the collection in a directory of our own cleans it up.
    with tempfile.TemporaryDirectory(prefix="herstudy-anki-") as scratch:
        db = Path(scratch) / "collection.anki2"
        conn = sqlite3.connect(db)
        try:
            timestamp = time.time()
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        with write_atomic(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            out.write(db, "collection.anki2")
            out.writestr("media", "{}")


# --- text import ---------------------------------------------------------------------------

TSV_COLUMNS = ("GUID", "Notetype", "Deck", "Tags", "Front or Text", "Back or Back Extra")
"""The text file's columns: a row names its note type, Anki's stock Basic or Cloze."""


def _tsv_cell(text: str) -> str:
    # With #html:true, entities keep tabs and a leading '#' (a comment line to Anki)
    # out of the file; html.escape already turns quotes into &quot;.
    cell = text.replace("\t", "&#9;")
    return "&#35;" + cell[1:] if cell.startswith("#") else cell


def _tsv_fields(card: Card) -> tuple[str, str]:
    """The two fields of Anki's stock note types. Basic has no third field, so the
    explanation goes under the answer, set apart; Cloze keeps it in Back Extra."""
    if card.cloze:
        return field(card.cloze), field(card.extra)
    back = field(card.back)
    if card.extra:
        back += f'<br><br><small class="explanation">{field(card.extra)}</small>'
    return field(card.front), back


def anki_text(film: Film, cards: tuple[Card, ...] | None = None) -> str:
    """The cards in Anki's text import format (Anki 2.1.55+ file headers), tab-separated.

    Each row names its note type (``Basic`` or ``Cloze``, Anki's own) in the
    notetype column; a cloze prompt is one row. ``#deck column`` rather than
    ``#deck``: Anki creates the decks a deck column names, while ``#deck`` only
    preselects a deck that already exists.
    """
    cards = make_cards(film) if cards is None else cards
    column = {name: TSV_COLUMNS.index(name) + 1 for name in TSV_COLUMNS}
    lines = [
        "#separator:tab",
        "#html:true",
        f"#guid column:{column['GUID']}",
        f"#notetype column:{column['Notetype']}",
        f"#deck column:{column['Deck']}",
        f"#tags column:{column['Tags']}",
    ]
    for group in notes(cards):
        card = group[0]
        row = (
            note_guid(film, card),
            "Cloze" if card.cloze else "Basic",
            deck_name(film, card.topic),
            " ".join(tags(film, card)),
            *_tsv_fields(card),
        )
        lines.append("\t".join(_tsv_cell(cell) for cell in row))
    return "\n".join(lines) + "\n"


# --- the command ---------------------------------------------------------------------------


def export_anki(
    film: Film,
    apkg: Path | None,
    tsv: Path | None,
    *,
    force: bool,
    confirm: Confirm | None,
) -> int:
    """Write the package and/or the text file; return the number of cards.

    Both targets are checked before either is written.
    """
    if apkg is not None:
        _genanki()  # before asking anything: without it there is nothing to write
    for path in (p for p in (apkg, tsv) if p is not None):
        check_target(path, force, confirm)
    cards = make_cards(film)
    if apkg is not None:
        _write_package(_package(film, cards), apkg)
    if tsv is not None:
        write_bytes(tsv, anki_text(film, cards).encode("utf-8"))
    return len(cards)
