"""The film as a folder of linked Markdown notes, for Obsidian or any Markdown editor.

One note per theme, symbol, character and arc, one for the quotes, one for the
questions and an index note named after the film that links them all. Each note
is the view its read command shows (``herstudy themes ID``, ``symbols ID``,
``characters ID``, ``arc ID``, ``quotes``, ``questions``, ``info``), built ``full``
and written as Obsidian Markdown (``render.obsidian``): YAML front matter (id,
type, film, aliases, tags), a line that leads back to the index, and every
cross-reference as a ``[[Folder/Note|shown text]]`` wikilink; links to a beat, a
quote or a question point at a block id (``#^beat-id``). This module names the
notes and resolves the links; what a note says is the view's.

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
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from herstudy.doc import Line, Paragraph, Ref, View, plain
from herstudy.errors import HerstudyError
from herstudy.export import Confirm, check_target, regular_or_missing, write_bytes
from herstudy.model import Film
from herstudy.render.obsidian import ObsidianWriter
from herstudy.views import arcs, characters, info, questions, quotes, symbols, themes
from herstudy.views.common import arc_title

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


# --- the notes ----------------------------------------------------------------------------


class _Vault:
    """The notes of one film: where each entry's note is, and each note's text."""

    def __init__(self, film: Film) -> None:
        self.film = film
        namer = _Namer()
        self.index = namer.name(film.film.title, film.film.id, "film")
        self.quotes = namer.name("Quotes", "quotes", "note")
        self.questions = namer.name("Questions", "questions", "note")

        def place(kind: str, text: str, entry_id: str) -> tuple[str, str]:
            return entry_id, f"{FOLDERS[kind]}/{namer.name(text, entry_id, kind)}"

        self.note_of: dict[str, dict[str, str]] = {
            "themes": dict(place("theme", t.title, t.id) for t in film.themes),
            "symbols": dict(place("symbol", s.name, s.id) for s in film.symbols),
            "characters": dict(place("character", c.name, c.id) for c in film.characters),
            "arcs": dict(
                place("arc", arc_title(film, a.character), a.character) for a in film.arcs
            ),
        }

    def resolve(self, kind: str, entry_id: str) -> str | None:
        """The link resolver: an entry → its note, and the block in it where there are several."""
        if kind == "film":
            return self.index
        if kind in ("quotes", "questions"):
            note = self.quotes if kind == "quotes" else self.questions
            return f"{note}#^{entry_id}" if entry_id else note
        if kind == "beats":
            arc = self.film.arc_of_beat.get(entry_id)
            return f"{self.note_of['arcs'][arc.character]}#^{entry_id}" if arc else None
        return self.note_of.get(kind, {}).get(entry_id)

    def note(
        self,
        path: str,
        view: View,
        entry_id: str,
        kind: str,
        lead: Line = (),
        aliases: Iterable[str] = (),
        tags: Iterable[str] = (),
    ) -> tuple[str, str]:
        """A note: front matter, then the view with a line that leads back to the index
        first (and in place of the view's subtitle, where that line says it already)."""
        fid = self.film.film.id
        fields = {
            "id": entry_id,
            "type": kind,
            "film": fid,
            "aliases": [a for a in aliases if a.strip()],
            "tags": [f"film/{fid}", f"type/{kind}", *tags],
        }
        if lead:
            subtitle = "" if view.subtitle in plain(lead) else view.subtitle
            view = replace(view, blocks=(Paragraph(lead), *view.blocks), subtitle=subtitle)
        return f"{path}.md", ObsidianWriter(self.resolve, path).note(view, fields)

    def build(self) -> Iterator[tuple[str, str]]:
        film = self.film
        film_link = Ref(film.film.title, "strong", kind="film", id=film.film.id)
        yield self.note(self.index, info.info(film, full=True), film.film.id, "film")
        for t in film.themes:
            key = t.id in film.key_themes
            yield self.note(
                self.note_of["themes"][t.id],
                themes.theme(film, t, full=True),
                t.id,
                "theme",
                ("A key theme of " if key else "A theme of ", film_link),
                tags=["key-theme"] if key else (),
            )
        for s in film.symbols:
            yield self.note(
                self.note_of["symbols"][s.id],
                symbols.symbol(film, s),
                s.id,
                "symbol",
                (f"A {s.kind} in ", film_link),
                s.aliases,
                tags=[f"type/{s.kind}"] if s.kind != "symbol" else (),
            )
        for c in film.characters:
            yield self.note(
                self.note_of["characters"][c.id],
                characters.character(film, c, full=True),
                c.id,
                "character",
                ("A character in ", film_link),
                c.aliases,
            )
        for a in film.arcs:
            who = film.character_by_id[a.character]
            to_who = Ref(who.name, "strong", kind="characters", id=who.id)
            yield self.note(
                self.note_of["arcs"][a.character],
                arcs.arc(film, who, full=True),
                a.character,
                "arc",
                ("Arc of ", to_who, " in ", film_link),
            )
        yield self.note(
            self.quotes,
            quotes.quotes(film, full=True),
            "quotes",
            "quotes",
            ("Key lines of ", film_link, ", with their context and meaning."),
        )
        yield self.note(
            self.questions,
            questions.questions(film),
            "questions",
            "questions",
            ("Questions for thinking and discussion about ", film_link, "."),
        )


def build_vault(film: Film) -> dict[str, str]:
    """Every note of the vault: its path (``Themes/Loneliness.md``) → its text."""
    return dict(_Vault(film).build())


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
