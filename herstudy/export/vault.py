"""The film as a folder of linked Markdown notes, for Obsidian or any Markdown editor.

One note per theme, symbol, character and arc, one for the quotes, one for the
questions and an index note named after the film that links them all. Each note
starts with YAML front matter (id, type, film, aliases, tags) and links every
cross-reference of the data file with ``[[Folder/Note|shown text]]`` wikilinks;
links to a beat, a quote or a question point at a block id (``#^beat-id``).

The export is repeatable. A manifest, ``.herstudy-vault.json``, lists each file
written with a hash of its content, so running it again rewrites only what
changed, removes the notes it wrote for entries that are gone, and notices notes
a student has edited since. An edited note is left alone while the film has
nothing new for it, and kept if its entry is gone, with or without --force;
rewriting it with new text goes through the overwrite policy of every export
(``herstudy.export.check_target``: --force, or a yes on a terminal). The refusal
counts every such note and names the first three; --force or a yes writes over
exactly those, and the result names each. A non-empty directory without a
manifest is not ours, and writing into it goes through the same policy. A note
or folder inside the vault that is a symbolic link is refused, even with --force.

The manifest is written before the notes too, listing for each note both what
was there and what is about to be (a list of hashes instead of one), so an
export cut short is finished by running it again: half of it is recognised as
herstudy's own, not as the student's edits. Only regular files are read or
replaced; a FIFO or device where a note goes is an error, never opened.

Note text is written by the project's Markdown writer (``render.text``) with a
few more characters escaped, those that mean something to Obsidian only.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from herstudy import views
from herstudy.doc import Block, Bullets, Fields, Line, Paragraph, Quote, Styled
from herstudy.errors import HerstudyError
from herstudy.export import Confirm, check_target, regular_or_missing, write_bytes
from herstudy.model import Arc, Beat, Character, Film, Question, Section, Symbol, Theme
from herstudy.model import Quote as QuoteEntry
from herstudy.render.text import MarkdownWriter, md_escape
from herstudy.text import first_sentence

MANIFEST = ".herstudy-vault.json"
FOLDERS = {"theme": "Themes", "symbol": "Symbols", "character": "Characters", "arc": "Arcs"}

# --- safe file names ----------------------------------------------------------------------

# Forbidden on Windows (<>:"/\|?*), or breaking a wikilink in Obsidian (#^[]|), or control.
_UNSAFE = re.compile(r'[<>:"/\\|?*#^\[\]\x00-\x1f\x7f-\x9f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(10)}
MAX_NAME = 80
"""Characters in a note name: room for the folder, '.md' and a deep vault path on Windows."""


def safe_name(text: str, fallback: str = "note") -> str:
    """A file name (without .md) that Windows, macOS, Linux and Obsidian all accept."""
    name = " ".join(_UNSAFE.sub(" ", unicodedata.normalize("NFC", text)).split())
    if len(name) > MAX_NAME:
        cut = name[: MAX_NAME + 1]
        name = cut.rsplit(" ", 1)[0] if " " in cut[MAX_NAME // 2 :] else cut[:MAX_NAME]
    while len(name.encode("utf-8")) > 200:  # 255-byte limits, with room for suffixes
        name = name[:-1]
    # No leading dot (a hidden file), no trailing dot or space (Windows drops them).
    name = name.strip(" .")
    if not name:
        name = fallback
    if name.split(".")[0].strip().upper() in _RESERVED:
        name = f"{name} _"
    return name


def _same_file_key(name: str) -> str:
    """Names equal under this key may be one file on some disk: case-insensitive
    (Windows, macOS) or normalising Unicode (macOS), so no two notes may share it."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).upper()).casefold()


def _with_suffix(base: str, suffix: str) -> str:
    """``base`` followed by ``suffix``, ``base`` shortened so that the name stays in bounds."""
    room = MAX_NAME - len(suffix) - 1
    head = base[:room]
    if len(base) > room and " " in head[room // 2 :]:
        head = head.rsplit(" ", 1)[0]  # at a word, as safe_name cuts
    while len(f"{head} {suffix}".encode()) > 200:
        head = head[:-1]
    return f"{head.rstrip(' .')} {suffix}".strip()


class _Namer:
    """Hands out note names unique across the whole vault, on any disk.

    Two names may not differ only in case or Unicode form (``_same_file_key``);
    characters no file name or wikilink can hold are gone already (``safe_name``).
    A name taken already gets the kind, then a number: ``Memory (symbol)``,
    ``Memory (symbol 2)``. Long names are shortened to make room for the suffix,
    so names that share their first ``MAX_NAME`` characters still come apart.
    """

    def __init__(self) -> None:
        self.used: set[str] = set()

    def name(self, text: str, fallback: str, kind: str) -> str:
        base = safe_name(text, fallback)
        candidate, n = base, 1
        # Ends: each number makes a name not tried before, and only so many are taken.
        while _same_file_key(candidate) in self.used:
            candidate = _with_suffix(base, f"({kind})" if n == 1 else f"({kind} {n})")
            n += 1
        self.used.add(_same_file_key(candidate))
        return candidate


# --- Markdown with wikilinks --------------------------------------------------------------

# Obsidian reads more than Markdown: [[links]], #tags, ==highlights==, %%comments%%,
# ~~strikes~~, $math$ and HTML. Data text must not turn into any of them.
_OBSIDIAN = re.compile(r"[\[\]$]|#(?=[^\s#])|==|%%|~~")


def vault_escape(text: str) -> str:
    """Keep data text literal in Obsidian as well as in Markdown."""
    return _OBSIDIAN.sub(lambda m: "".join("\\" + c for c in m.group(0)), md_escape(text))


@dataclass(frozen=True)
class WikiLink(Styled):
    """A link to another note of the vault, as inline text in a ``doc.Line``."""

    target: str = ""
    """The note's path in the vault without ``.md``, plus ``#^block`` or ``#Heading``."""


def _shown(text: str) -> str:
    """Text that cannot end a wikilink early, nor start raw HTML in its shown text.

    A backslash may show as itself there, so look-alikes stand in: ``(`` for ``[``,
    ``/`` for ``|`` and ``‹`` for ``<`` (no tag can start without a ``<``).
    """
    text = " ".join(text.split())
    return text.replace("|", "/").replace("[", "(").replace("]", ")").replace("<", "‹")


class VaultWriter(MarkdownWriter):
    """The project's Markdown writer, with wikilinks and front matter."""

    def text(self, text: str) -> str:
        return vault_escape(text)

    def styled(self, part: Styled) -> str:
        if isinstance(part, WikiLink):
            shown = _shown(part.text)
            return f"[[{shown}]]" if shown == part.target else f"[[{part.target}|{shown}]]"
        return super().styled(part)

    def front_matter(self, fields: Mapping[str, str | Iterable[str]]) -> None:
        lines = ["---"]
        for key, value in fields.items():
            if isinstance(value, str):
                lines.append(f"{key}: {yaml_str(value)}")
                continue
            items = list(value)
            if items:
                lines.append(f"{key}:")
                lines += [f"  - {yaml_str(v)}" for v in items]
        lines.append("---")
        self.para("\n".join(lines))

    def bullets(self, items: Iterable[Line], title: str = "") -> None:
        self.block(Bullets(tuple(items), title=title), 1)

    def blocks(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            self.block(block, 1)

    def block_id(self, block_id: str, own_line: bool = False) -> None:
        """Name the block just written, for ``[[Note#^block-id]]``.

        A list or a quote needs the id on a line of its own; a paragraph ends with it.
        """
        if own_line:
            self.para(f"^{block_id}")
            return
        while self.out and self.out[-1] == "":
            self.out.pop()
        self.out[-1] += f" ^{block_id}"
        self.out.append("")

    def document(self) -> str:
        while self.out and self.out[-1] == "":
            self.out.pop()
        return "\n".join(self.out) + "\n"


_YAML_UNSAFE = re.compile("[<\x7f-\x9f\u2028\u2029\ufeff]")


def yaml_str(value: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax, which YAML reads as is.

    ``<`` is written ``\\u003c`` too, so that no tool that copies front matter into
    a page unescaped finds a tag in it.
    """
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


# --- the notes ----------------------------------------------------------------------------


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def _join(parts: Iterable[Line], sep: str = ", ") -> Line:
    out: list[str | Styled] = []
    for part in parts:
        if out:
            out.append(sep)
        out.extend(part)
    return tuple(out)


@dataclass
class _Vault:
    """Builds every note of one film; knows where each entry's note is."""

    film: Film
    notes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        film = self.film
        namer = _Namer()
        self.index = namer.name(film.film.title, film.film.id, "film")
        self.quotes_note = namer.name("Quotes", "quotes", "note")
        self.questions_note = namer.name("Questions", "questions", "note")

        def place(kind: str, text: str, entry_id: str) -> str:
            return f"{FOLDERS[kind]}/{namer.name(text, entry_id, kind)}"

        self.theme_note = {t.id: place("theme", t.title, t.id) for t in film.themes}
        self.symbol_note = {s.id: place("symbol", s.name, s.id) for s in film.symbols}
        self.character_note = {c.id: place("character", c.name, c.id) for c in film.characters}
        self.arc_note = {
            a.character: place("arc", self.arc_title(a), a.character) for a in film.arcs
        }
        def themes(section: Section, entry_id: str) -> tuple[Theme, ...]:
            return film.themes_of(film.themes_about(section, entry_id))

        self.themes_of_symbol = {s.id: themes("symbols", s.id) for s in film.symbols}
        self.themes_of_beat = {b.id: themes("beats", b.id) for b in film.beats}
        self.themes_of_quote = {q.id: themes("quotes", q.id) for q in film.quotes}
        self.themes_of_character = {c.id: themes("characters", c.id) for c in film.characters}

    # names and links

    def name_of(self, character_id: str) -> str:
        c = self.film.character_by_id.get(character_id)
        return c.name if c else character_id

    def arc_title(self, arc: Arc) -> str:
        return f"{self.name_of(arc.character)}'s arc"

    def to_index(self) -> WikiLink:
        return WikiLink(self.film.film.title, "strong", target=self.index)

    def to_theme(self, t: Theme) -> WikiLink:
        return WikiLink(t.title, "strong", target=self.theme_note[t.id])

    def to_symbol(self, s: Symbol) -> WikiLink:
        return WikiLink(s.name, "strong", target=self.symbol_note[s.id])

    def to_character(self, character_id: str) -> Line:
        note = self.character_note.get(character_id)
        name = self.name_of(character_id)
        return (WikiLink(name, "strong", target=note),) if note else (name,)

    def to_arc(self, arc: Arc) -> WikiLink:
        return WikiLink(self.arc_title(arc), "strong", target=self.arc_note[arc.character])

    def to_beat(self, beat: Beat, with_name: bool = True) -> WikiLink:
        arc = self.film.arc_of_beat[beat.id]
        who = f"{self.name_of(arc.character)}, " if with_name else ""
        shown = f"{who}{beat.order}. {beat.title}"
        return WikiLink(shown, "strong", target=f"{self.arc_note[arc.character]}#^{beat.id}")

    def to_quote(self, q: QuoteEntry) -> WikiLink:
        return WikiLink(f"“{_short(q.text)}”", "strong", target=f"{self.quotes_note}#^{q.id}")

    def to_question(self, q: Question) -> WikiLink:
        return WikiLink(_short(q.question, 80), "strong", target=f"{self.questions_note}#^{q.id}")

    def theme_links(self, themes: Iterable[Theme]) -> Line:
        return _join((self.to_theme(t),) for t in themes)

    def themes_row(self, rows: list[tuple[str, Line]], themes: tuple[Theme, ...]) -> None:
        if themes:
            rows.append(("Themes", self.theme_links(themes)))

    # writing

    def start(
        self, entry_id: str, kind: str, aliases: Iterable[str] = (), tags: Iterable[str] = ()
    ) -> VaultWriter:
        w = VaultWriter()
        fid = self.film.film.id
        w.front_matter(
            {
                "id": entry_id,
                "type": kind,
                "film": fid,
                "aliases": [a for a in aliases if a.strip()],
                "tags": [f"film/{fid}", f"type/{kind}", *tags],
            }
        )
        return w

    def add(self, note: str, w: VaultWriter) -> None:
        self.notes[f"{note}.md"] = w.document()

    def build(self) -> dict[str, str]:
        self.build_index()
        for t in self.film.themes:
            self.build_theme(t)
        for s in self.film.symbols:
            self.build_symbol(s)
        for c in self.film.characters:
            self.build_character(c)
        for a in self.film.arcs:
            self.build_arc(a)
        self.build_quotes()
        self.build_questions()
        return self.notes

    def build_index(self) -> None:
        film = self.film
        w = self.start(film.film.id, "film")
        info = views.info(film)
        w.heading(info.title, 1)
        # The key facts as ``herstudy info`` shows them, less its unlinked theme list.
        w.blocks(
            b for b in info.blocks if not (isinstance(b, Bullets) and b.title == "Major themes")
        )
        key = film.themes_of(film.film.themes)
        if key:
            w.heading("Major themes", 2)
            w.bullets((self.to_theme(t),) for t in key)
        if film.themes:
            w.heading("Themes", 2)
            w.bullets((self.to_theme(t), f": {t.summary}") for t in film.themes)
        if film.symbols:
            w.heading("Symbols and motifs", 2)
            w.bullets((self.to_symbol(s), f" ({s.kind})") for s in film.symbols)
        if film.characters:
            w.heading("Characters", 2)
            w.bullets((*self.to_character(c.id), f": {c.role}") for c in film.characters)
        if film.arcs:
            w.heading("Arcs", 2)
            w.bullets(
                (self.to_arc(a), f": {a.summary}" if a.summary else f" ({len(a.beats)} beats)")
                for a in film.arcs
            )
        w.heading("Quotes and questions", 2)
        rows: list[Line] = [
            (
                WikiLink("Quotes", "strong", target=self.quotes_note),
                f": {len(film.quotes)} key lines",
            ),
            (
                WikiLink("Questions", "strong", target=self.questions_note),
                f": {len(film.questions)} questions"
                + (", and the core meaning" if film.meaning else ""),
            ),
        ]
        w.bullets(rows)
        self.add(self.index, w)

    def build_theme(self, t: Theme) -> None:
        film = self.film
        links = film.links(t)
        key = t.id in film.film.themes
        w = self.start(t.id, "theme", tags=["key-theme"] if key else ())
        w.heading(t.title, 1)
        w.blocks(
            [
                Paragraph(("A key theme of " if key else "A theme of ", self.to_index())),
                Paragraph((t.summary,), "lead"),
                Paragraph((t.explanation,)),
            ]
        )
        if links.symbols:
            w.heading("Symbols and motifs", 2)
            w.bullets((self.to_symbol(s), f": {first_sentence(s.meaning)}") for s in links.symbols)
        if links.beats:
            w.heading("Moments in the arcs", 2)
            w.bullets((self.to_beat(b), f": {b.meaning}") for b in links.beats)
        if links.quotes:
            w.heading("Quotes", 2)
            w.bullets(
                (self.to_quote(q), " — ", *self.to_character(q.speaker)) for q in links.quotes
            )
        if links.characters:
            w.heading("Characters", 2)
            w.bullets((*self.to_character(c.id), f": {c.role}") for c in links.characters)
        asked = [q for q in film.questions if t.id in q.themes]
        if asked:
            w.heading("Questions", 2)
            w.bullets((self.to_question(q),) for q in asked)
        self.add(self.theme_note[t.id], w)

    def build_symbol(self, s: Symbol) -> None:
        w = self.start(
            s.id, "symbol", s.aliases, tags=[f"type/{s.kind}"] if s.kind != "symbol" else ()
        )
        w.heading(s.name, 1)
        w.blocks(
            [
                Paragraph((f"A {s.kind} in ", self.to_index())),
                Paragraph((s.meaning,)),
                Bullets(tuple((a,) for a in s.appearances), title="Where it appears"),
            ]
        )
        themes = self.themes_of_symbol[s.id]
        if themes:
            w.bullets(((self.to_theme(t),) for t in themes), title="Themes")
        self.add(self.symbol_note[s.id], w)

    def build_character(self, c: Character) -> None:
        film = self.film
        w = self.start(c.id, "character", c.aliases)
        w.heading(c.name, 1)
        rows: list[tuple[str, Line]] = [("Film", (self.to_index(),)), ("Who", (c.role,))]
        if c.actor:
            rows.append(("Played by", (c.actor,)))
        if c.represents:
            rows.append(("Stands for", (c.represents,)))
        self.themes_row(rows, self.themes_of_character[c.id])
        w.blocks([Fields(tuple(rows))])
        if c.description:
            w.blocks([Paragraph((c.description,))])
        arc = film.arc_by_character.get(c.id)
        if arc is not None:
            w.heading("Arc", 2)
            w.blocks([Paragraph((self.to_arc(arc),))])
            w.bullets((self.to_beat(b, with_name=False),) for b in arc.beats)
        said = [q for q in film.quotes if q.speaker == c.id]
        if said:
            w.heading("Lines", 2)
            w.bullets(
                (
                    self.to_quote(q),
                    *((" — to ", *self.to_character(q.addressee)) if q.addressee else ()),
                )
                for q in said
            )
        heard = [q for q in film.quotes if q.addressee == c.id]
        if heard:
            w.heading("Said to them", 2)
            w.bullets((self.to_quote(q), " — ", *self.to_character(q.speaker)) for q in heard)
        self.add(self.character_note[c.id], w)

    def build_arc(self, arc: Arc) -> None:
        film = self.film
        w = self.start(arc.character, "arc")
        w.heading(self.arc_title(arc), 1, f"{len(arc.beats)} beats")
        w.blocks(
            [Paragraph(("Arc of ", *self.to_character(arc.character), " in ", self.to_index()))]
        )
        if arc.summary:
            w.blocks([Paragraph((arc.summary,), "lead")])
        for beat in arc.beats:
            w.heading(f"{beat.order}. {beat.title}", 2)
            w.blocks([Paragraph((beat.happens,))])
            w.block_id(beat.id)
            rows: list[tuple[str, Line]] = [("Meaning", (beat.meaning,))]
            self.themes_row(rows, self.themes_of_beat[beat.id])
            said = [q for q in film.quotes if q.beat == beat.id]
            if said:
                rows.append(("Quotes", _join((self.to_quote(q),) for q in said)))
            rows.append(("Reflect", (views.reflect_question(beat),)))
            w.blocks([Fields(tuple(rows))])
        self.add(self.arc_note[arc.character], w)

    def build_quotes(self) -> None:
        film = self.film
        w = self.start("quotes", "quotes")
        w.heading(f"Quotes from {film.film.title}", 1)
        w.blocks(
            [Paragraph(("Key lines of ", self.to_index(), ", with their context and meaning."))]
        )
        for q in film.quotes:
            w.heading(f"“{_short(q.text)}”", 2)
            cite: list[str | Styled] = [*self.to_character(q.speaker)]
            if q.addressee:
                cite += [", to ", *self.to_character(q.addressee)]
            if q.approximate:
                cite.append(Styled(" (approximate wording)", "em"))
            w.blocks([Quote(q.text, tuple(cite))])
            w.block_id(q.id, own_line=True)
            rows: list[tuple[str, Line]] = [("Context", (q.context,)), ("Meaning", (q.meaning,))]
            if q.beat and q.beat in film.beat_by_id:
                rows.append(("Moment", (self.to_beat(film.beat_by_id[q.beat]),)))
            self.themes_row(rows, self.themes_of_quote[q.id])
            w.blocks([Fields(tuple(rows))])
        if not film.quotes:
            w.blocks([Paragraph(("No quotes in this film file.",), "muted")])
        self.add(self.quotes_note, w)

    def build_questions(self) -> None:
        film = self.film
        w = self.start("questions", "questions")
        w.heading(f"Questions on {film.film.title}", 1)
        w.blocks(
            [Paragraph(("Questions for thinking and discussion about ", self.to_index(), "."))]
        )
        headings = {
            "philosophical": "Philosophical questions",
            "discussion": "Discussion prompts",
            "essay": "Essay prompts",
        }
        for kind, heading in headings.items():
            chosen = [q for q in film.questions if q.kind == kind]
            if chosen:
                w.heading(heading, 2)
            for q in chosen:
                w.blocks([Paragraph((Styled(q.question, "strong"),))])
                w.block_id(q.id)
                if q.discussion:
                    w.blocks([Paragraph((q.discussion,))])
                themes = film.themes_of(q.themes)
                if themes:
                    w.blocks([Fields((("Themes", self.theme_links(themes)),))])
            if kind == "philosophical" and film.meaning is not None:
                m = film.meaning
                w.heading("Core meaning", 2)
                w.blocks([Paragraph((m.summary,), "lead"), Paragraph((m.text,))])
                themes = film.themes_of(m.themes)
                if themes:
                    w.blocks([Fields((("Themes", self.theme_links(themes)),))])
        self.add(self.questions_note, w)


def build_vault(film: Film) -> dict[str, str]:
    """Every note of the vault: its path (``Themes/Loneliness.md``) → its text."""
    return _Vault(film).build()


# --- writing it ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VaultResult:
    """What an export did, by note path."""

    written: tuple[str, ...]
    """New or changed notes, those in ``overwritten`` included."""
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    """Notes of an earlier export whose entries are gone."""
    kept: tuple[str, ...]
    """Notes edited since the last export and left as they are: the film has nothing new
    for them, or their entry is gone."""
    overwritten: tuple[str, ...] = ()
    """Notes that were not as herstudy left them (edited, or never ours) and were written
    over with --force or a yes: exactly those the refusal names."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


UNREADABLE = "unreadable"
"""The digest of a file that is there but cannot be read: never one herstudy wrote."""


def _read(path: Path) -> bytes | None:
    """The bytes of the regular file at ``path``, None if there is nothing.

    Anything but a regular file (a directory, a FIFO, a device) is a ``HerstudyError``
    and is never opened, so a named pipe cannot hang the export. A file that cannot
    be read raises ``OSError``.
    """
    try:
        if not regular_or_missing(path):
            return None
    except HerstudyError:
        raise HerstudyError(
            f"{path}: not a regular file; move it away or export to another folder"
        ) from None
    # O_NONBLOCK: should a FIFO appear there after the check, opening it does not wait.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise HerstudyError(f"{path}: not a regular file; move it away or export elsewhere")
        return f.read()


def _file_digest(path: Path) -> str | None:
    """The digest of what is at ``path`` now: None if nothing, ``UNREADABLE`` if unreadable."""
    try:
        data = _read(path)
    except OSError:
        return UNREADABLE
    return None if data is None else _digest(data)


def _our_path(rel: object) -> str | None:
    """A manifest entry, if it names a note inside the vault (never '..' or absolute)."""
    if not isinstance(rel, str) or not rel.endswith(".md"):
        return None
    parts = PurePosixPath(rel).parts
    if (
        not parts
        or rel.startswith("/")
        or any(p in ("", ".", "..") or "\\" in p or ":" in p for p in parts)
    ):
        return None
    return rel


def _digests(value: object) -> frozenset[str]:
    """A manifest entry's digests: one string, or a list while an export is under way."""
    if isinstance(value, str):
        return frozenset((value,))
    if isinstance(value, list):
        return frozenset(v for v in value if isinstance(v, str))
    return frozenset()


@dataclass(frozen=True)
class _Manifest:
    film: str
    files: dict[str, frozenset[str]]
    """Each note herstudy wrote → the digests of the text it wrote (or was writing) there."""


def _read_manifest(directory: Path) -> _Manifest | None:
    try:
        data = _read(directory / MANIFEST)
        raw = json.loads(data) if data is not None else None
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("files"), dict):
        return None
    files = {
        rel: digests
        for rel, value in raw["files"].items()
        if _our_path(rel) and (digests := _digests(value))
    }
    return _Manifest(str(raw.get("film", "")), files)


def _write_manifest(directory: Path, film: Film, files: Mapping[str, Iterable[str]]) -> None:
    """Record what herstudy wrote: one digest a note, or several while writing is under way."""
    entries: dict[str, str | list[str]] = {}
    for rel, digests in files.items():
        listed = sorted(set(digests))
        entries[rel] = listed[0] if len(listed) == 1 else listed
    manifest = {"generator": "herstudy export markdown", "film": film.film.id, "files": entries}
    write_bytes(
        directory / MANIFEST,
        (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
    )


def _list(paths: list[str]) -> str:
    shown = ", ".join(paths[:3])
    return shown + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


@dataclass(frozen=True)
class _Plan:
    """What an export would do to ``directory``, decided before anything is written."""

    notes: dict[str, bytes]
    previous: _Manifest | None
    write: list[str]
    """New notes, and notes still as herstudy left them that the film changes."""
    unchanged: list[str]
    kept: list[str]
    """Edited notes the film has nothing new for: left alone, with or without --force."""
    overwrites: list[str]
    """Notes not as herstudy left them that the film has other text for. The refusal
    names every one; --force (or a yes) writes over exactly these and nothing else."""
    stale: list[str]
    """Notes of the last export whose entries are gone: removed if still as written."""
    problem: str | None
    """Why writing needs --force or a yes, if it does."""



def _refuse_links(directory: Path, rel: str) -> None:
    """A note, or a folder on its way, that is a symbolic link could lead a write
    outside the vault: refused, whatever --force says."""
    path = directory
    for part in PurePosixPath(rel).parts:
        path = path / part
        if path.is_symlink():
            raise HerstudyError(
                f"{path}: a symbolic link; herstudy writes only real files in its vault"
            )


def _plan(film: Film, directory: Path) -> _Plan:
    """Sort every note by what is on disk now: nothing, ours as we left it, or edited.

    A note counts as ours when its text is one herstudy wrote there, or was writing
    there when an earlier export was cut short (the manifest lists both until the
    export completes), so running an interrupted export again finishes it.
    """
    notes = {rel: text.encode("utf-8") for rel, text in build_vault(film).items()}
    previous = _read_manifest(directory) if directory.is_dir() else None
    ours: dict[str, frozenset[str]] = {}
    for rel, digests in (previous.files if previous else {}).items():
        ours[rel.casefold()] = ours.get(rel.casefold(), frozenset()) | digests

    write: list[str] = []
    unchanged: list[str] = []
    kept: list[str] = []
    overwrites: list[str] = []
    for rel, data in notes.items():
        _refuse_links(directory, rel)
        now, new = _file_digest(directory / rel), _digest(data)
        last = ours.get(rel.casefold(), frozenset())
        if now == new:
            unchanged.append(rel)
        elif now is None or now in last:
            write.append(rel)
        elif last == {new}:
            kept.append(rel)  # edited, and the film has nothing new for it: leave it be
        else:
            overwrites.append(rel)
    stale = [rel for rel in (previous.files if previous else {}) if rel not in notes]

    problem = None
    if previous is None and directory.is_dir() and any(directory.iterdir()):
        problem = "is not empty and holds no herstudy vault"
    elif previous is not None and previous.film != film.film.id:
        problem = f"holds the herstudy vault of another film ({previous.film or 'unknown'})"
    if overwrites:
        n = f"{len(overwrites)} note{'s' if len(overwrites) != 1 else ''}"
        if problem:
            problem += f"; {n} in it would be overwritten ({_list(overwrites)})"
        else:
            problem = f"has {n} edited since the last export ({_list(overwrites)})"
    return _Plan(notes, previous, write, unchanged, kept, overwrites, stale, problem)


def export_vault(
    film: Film, directory: Path, *, force: bool, confirm: Confirm | None
) -> VaultResult:
    """Write or update the vault in ``directory``; see the module docstring for the rules."""
    plan = _plan(film, directory)
    check_target(directory, force, confirm, kind="dir", problem=plan.problem)
    # Past the check, the overwrites are agreed to: --force or a yes covers exactly them.
    to_write = plan.write + plan.overwrites
    kept = list(plan.kept)
    digests = {rel: _digest(data) for rel, data in plan.notes.items()}
    removed: list[str] = []
    try:
        directory.mkdir(exist_ok=True)
        if to_write or plan.stale:
            # First the manifest, naming both the old and the new text of each note, so that
            # an export cut short is finished by running it again, without --force.
            pending = {
                rel: set(d) for rel, d in (plan.previous.files if plan.previous else {}).items()
            }
            for rel in to_write + plan.unchanged:
                pending.setdefault(rel, set()).add(digests[rel])
            _write_manifest(directory, film, pending)
        # Stale notes go first: on a case-insensitive disk a renamed note may be the same file.
        for rel in plan.stale:
            path = directory / rel
            try:
                _refuse_links(directory, rel)
                now = _file_digest(path)
            except HerstudyError:
                continue  # something that is not a note now: not ours to remove
            if now is None:
                continue
            if plan.previous is not None and now in plan.previous.files[rel]:
                path.unlink()
                removed.append(rel)
                if path.parent != directory and not any(path.parent.iterdir()):
                    path.parent.rmdir()
            else:
                kept.append(rel)
        for folder in FOLDERS.values():
            if any(rel.startswith(f"{folder}/") for rel in plan.notes):
                (directory / folder).mkdir(exist_ok=True)
    except OSError as e:
        where = e.filename or directory
        raise HerstudyError(f"{where}: cannot write: {e.strerror or e}") from None
    for rel in to_write:
        write_bytes(directory / rel, plan.notes[rel])
    # A note left as the student edited it stays ours with what we last wrote in it (which
    # is what the film has for it now), so the next export that has something new asks first.
    _write_manifest(directory, film, {rel: {d} for rel, d in digests.items()})
    return VaultResult(
        tuple(to_write),
        tuple(plan.unchanged),
        tuple(removed),
        tuple(kept),
        tuple(plan.overwrites),
    )
