"""herstudy export markdown: a vault of linked notes that a second run updates in place."""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePath
from typing import Any

import pytest
import tomli
from conftest import DATA, FILMS, SECOND
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from herstudy.cli import app
from herstudy.export.vault import (
    MANIFEST,
    MAX_NAME,
    _Namer,
    build_vault,
    export_vault,
    safe_name,
)
from herstudy.load import load_film
from herstudy.render.obsidian import vault_escape, yaml_str

yaml = pytest.importorskip("yaml")

LINK = re.compile(r"(?<!\\)\[\[([^\]|]+)(?:\|([^\]]*))?\]\]")


def export(runner: CliRunner, film: Path, directory: Path, *args: str) -> Any:
    return runner.invoke(app, ["export", "markdown", str(directory), "--data", str(film), *args])


def notes_in(directory: Path) -> dict[str, str]:
    return {
        p.relative_to(directory).as_posix(): p.read_text(encoding="utf-8")
        for p in directory.rglob("*.md")
    }


def front_matter(text: str) -> dict[str, Any]:
    assert text.startswith("---\n")
    head, _, _ = text[4:].partition("\n---\n")
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data


def resolves(notes: dict[str, str], target: str) -> bool:
    """Does ``[[target]]`` reach a note (and, after '#', a heading or a block id in it)?"""
    path, _, anchor = target.partition("#")
    text = notes.get(f"{path}.md")
    if text is None:
        return False
    if not anchor:
        return True
    if anchor.startswith("^"):
        return re.search(rf" {re.escape(anchor)}$|^{re.escape(anchor)}$", text, re.M) is not None
    return re.search(rf"^#+ {re.escape(anchor)}$", text, re.M) is not None


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.stem)
def test_every_link_reaches_a_note_and_the_index_reaches_every_note(
    runner: CliRunner, tmp_path: Path, path: Path
) -> None:
    out = tmp_path / "vault"
    result = export(runner, path, out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    notes = notes_in(out)
    film = load_film(path)

    links = {(name, target) for name, text in notes.items() for target, _ in LINK.findall(text)}
    assert links
    broken = sorted((name, target) for name, target in links if not resolves(notes, target))
    assert broken == []

    index = f"{safe_name(film.film.title)}.md"
    linked = {t.partition("#")[0] + ".md" for t, _ in LINK.findall(notes[index])}
    assert linked == set(notes) - {index}

    counts = {
        "Themes": len(film.themes),
        "Symbols": len(film.symbols),
        "Characters": len(film.characters),
        "Arcs": len(film.arcs),
    }
    for folder, n in counts.items():
        assert len([p for p in notes if p.startswith(f"{folder}/")]) == n
    assert {"Quotes.md", "Questions.md", index} <= set(notes)


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.stem)
def test_cross_references_are_links(path: Path) -> None:
    film = load_film(path)
    notes = build_vault(film)

    def note_of(entry_id: str, kind: str) -> str:
        for name, text in notes.items():
            meta = front_matter(text)
            if meta["id"] == entry_id and meta["type"] == kind:
                return name
        raise AssertionError(f"no note for {kind} {entry_id}")

    def targets(name: str) -> set[str]:
        return {t.partition("#")[0] + ".md" for t, _ in LINK.findall(notes[name])}

    for theme in film.themes:
        name = note_of(theme.id, "theme")
        links = film.links(theme)
        for symbol in links.symbols:
            assert note_of(symbol.id, "symbol") in targets(name)
            assert name in targets(note_of(symbol.id, "symbol"))
        for character in links.characters:
            assert note_of(character.id, "character") in targets(name)
        for beat in links.beats:
            arc = film.arc_of_beat[beat.id]
            assert f"^{beat.id}" in notes[name]
            assert name in targets(note_of(arc.character, "arc"))
        if links.quotes:
            assert "Quotes.md" in targets(name)
    for quote in film.quotes:
        assert f"#^{quote.id}|" in "".join(notes.values())
        quotes = notes["Quotes.md"]
        assert note_of(quote.speaker, "character") in targets("Quotes.md"), quotes
        if quote.addressee:
            assert note_of(quote.addressee, "character") in targets("Quotes.md")
    for arc in film.arcs:
        assert note_of(arc.character, "character") in targets(note_of(arc.character, "arc"))


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.stem)
def test_front_matter_is_yaml_with_id_type_and_tags(path: Path) -> None:
    film = load_film(path)
    for name, text in build_vault(film).items():
        meta = front_matter(text)
        assert {"id", "type", "film", "tags"} <= meta.keys(), name
        assert meta["film"] == film.film.id
        assert f"film/{film.film.id}" in meta["tags"]
        assert f"type/{meta['type']}" in meta["tags"]
        assert all(re.fullmatch(r"[\w/-]+", tag) for tag in meta["tags"])


def test_note_text_is_the_film_text(tmp_path: Path) -> None:
    notes = build_vault(load_film(DATA))
    theme = notes["Themes/Loneliness and the Need for Connection.md"]
    assert front_matter(theme)["id"] == "loneliness-connection"
    assert "\n# Loneliness and the Need for Connection\n" in theme
    assert "key-theme" in front_matter(theme)["tags"]
    assert "[[Symbols/The color red|The color red]]" in theme
    assert "\n## Moments in the arcs\n" in theme


# --- running it again ----------------------------------------------------------------------


def write_json(raw: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(raw, default=str), encoding="utf-8")
    return path


def test_a_second_run_updates_changed_notes_and_removes_stale_ones(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "vault"
    assert export(runner, SECOND, out).exit_code == 0
    first = notes_in(out)

    again = export(runner, SECOND, out)
    assert again.exit_code == 0, again.stderr
    assert "all up to date" in again.stderr
    assert notes_in(out) == first

    raw = tomli.loads(SECOND.read_text(encoding="utf-8"))
    gone = raw["symbols"].pop()
    raw["prompts"] = [p for p in raw["prompts"] if gone["id"] not in p["about"]]
    for theme in raw["themes"]:
        theme["symbols"] = [s for s in theme.get("symbols", []) if s != gone["id"]]
    raw["themes"][0]["title"] = "A New Title"
    raw["characters"][0]["role"] = "Reworded role."
    changed = write_json(raw, tmp_path / "changed.json")

    result = export(runner, changed, out)
    assert result.exit_code == 0, result.stderr
    after = notes_in(out)
    assert f"Symbols/{safe_name(gone['name'])}.md" in first
    assert f"Symbols/{safe_name(gone['name'])}.md" not in after
    assert "Themes/A New Title.md" in after
    assert not any("Duty and inheritance" in name for name in after)
    assert "Reworded role." in after["Characters/Ines Calloway.md"]
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(after)
    assert "removed" in result.stderr


def test_a_note_the_student_edited_is_not_overwritten_silently(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "vault"
    assert export(runner, SECOND, out).exit_code == 0
    note = out / "Quotes.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nMy own thoughts.\n", encoding="utf-8")

    # Unchanged in the film, so nothing to write: the edit stays and no question is asked.
    result = export(runner, SECOND, out)
    assert result.exit_code == 0, result.stderr
    assert "kept Quotes.md as you edited it" in result.stderr
    assert "My own thoughts." in note.read_text(encoding="utf-8")
    notes = len(list(out.rglob("*.md")))
    assert f"{out}: {notes} notes, all up to date" in result.stderr  # the kept one counts

    raw = tomli.loads(SECOND.read_text(encoding="utf-8"))
    raw["quotes"][0]["meaning"] = "A new meaning."
    changed = write_json(raw, tmp_path / "changed.json")
    refused = export(runner, changed, out)
    assert refused.exit_code == 2
    assert "edited since the last export (Quotes.md)" in refused.stderr
    assert "--force" in refused.stderr
    assert "My own thoughts." in note.read_text(encoding="utf-8")

    forced = export(runner, changed, out, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "My own thoughts." not in note.read_text(encoding="utf-8")
    assert "A new meaning." in note.read_text(encoding="utf-8")


def test_an_edited_note_of_a_removed_entry_is_kept(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "vault"
    assert export(runner, SECOND, out).exit_code == 0
    raw = tomli.loads(SECOND.read_text(encoding="utf-8"))
    gone = raw["symbols"].pop()
    raw["prompts"] = [p for p in raw["prompts"] if gone["id"] not in p["about"]]
    for theme in raw["themes"]:
        theme["symbols"] = [s for s in theme.get("symbols", []) if s != gone["id"]]
    note = out / "Symbols" / f"{safe_name(gone['name'])}.md"
    note.write_text("My notes on it.\n", encoding="utf-8")

    result = export(runner, write_json(raw, tmp_path / "changed.json"), out)
    assert result.exit_code == 0, result.stderr
    assert note.read_text(encoding="utf-8") == "My notes on it.\n"
    assert f"kept Symbols/{note.name}" in result.stderr
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert f"Symbols/{note.name}" not in manifest["files"]


def test_a_manifest_never_removes_files_outside_the_vault(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "vault"
    assert export(runner, SECOND, out).exit_code == 0
    outside = tmp_path / "precious.md"
    outside.write_text("keep me\n", encoding="utf-8")
    manifest_path = out / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    import hashlib

    digest = hashlib.sha256(b"keep me\n").hexdigest()
    manifest["files"]["../precious.md"] = digest
    manifest["files"][str(outside)] = digest
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert export(runner, SECOND, out).exit_code == 0
    assert outside.read_text(encoding="utf-8") == "keep me\n"


# --- whose directory -----------------------------------------------------------------------


def test_refuses_a_non_empty_directory_it_did_not_write(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "diary.md").write_text("dear diary\n", encoding="utf-8")
    result = export(runner, SECOND, out)
    assert result.exit_code == 2
    assert "is not empty and holds no herstudy vault" in result.stderr
    assert "--force" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["diary.md"]

    forced = export(runner, SECOND, out, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert (out / "diary.md").read_text(encoding="utf-8") == "dear diary\n"
    assert (out / MANIFEST).is_file()
    # Now it is ours: a second run needs no --force and still leaves the diary alone.
    assert export(runner, SECOND, out).exit_code == 0
    assert (out / "diary.md").is_file()


def test_an_empty_directory_is_fine(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert export(runner, SECOND, out).exit_code == 0


def test_refuses_the_vault_of_another_film(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "vault"
    assert export(runner, SECOND, out).exit_code == 0
    result = export(runner, DATA, out)
    assert result.exit_code == 2
    assert "another film (lighthouse-keepers-daughter)" in result.stderr


def test_a_file_or_a_missing_parent_is_a_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    afile = tmp_path / "notes.md"
    afile.write_text("x", encoding="utf-8")
    result = export(runner, SECOND, afile)
    assert result.exit_code == 1
    assert result.stderr == f"herstudy: {afile}: is a file, not a directory\n"

    missing = tmp_path / "no" / "such" / "vault"
    result = export(runner, SECOND, missing)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "no such directory" in result.stderr
    assert not (tmp_path / "no").exists()


# --- names and text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Loneliness", "Loneliness"),
        ('What is "real"? A/B: <test> | *x*', "What is real A B test x"),
        ("CON", "CON _"),
        ("nul.txt", "nul.txt _"),
        ("com1", "com1 _"),
        ("Console", "Console"),
        ("The end...", "The end"),
        ("...hidden", "hidden"),
        ("  spaced \t out \n ", "spaced out"),
        ("#tag [[link]] ^block", "tag link block"),
        ("???", "fallback"),
        ("Caf\u0065\u0301", "Caf\u00e9"),
    ],
)
def test_safe_names(text: str, name: str) -> None:
    assert safe_name(text, "fallback") == name


FORBIDDEN = set('<>:"/\\|?*#^[]')


@given(st.text(max_size=300))
def test_any_text_makes_a_safe_name(text: str) -> None:
    name = safe_name(text, "fallback")
    assert name
    assert len(name) <= MAX_NAME
    assert len(name.encode("utf-8")) <= 200
    assert not FORBIDDEN & set(name)
    assert all(ord(c) >= 32 and not 0x7F <= ord(c) <= 0x9F for c in name)
    assert name[-1] not in ". " and name[0] not in ". "
    assert name.split(".")[0].strip().upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}


def test_long_names_are_cut_at_a_word() -> None:
    name = safe_name("word " * 40)
    assert len(name) <= MAX_NAME
    assert name.endswith("word")


def test_names_are_unique_without_regard_to_case() -> None:
    namer = _Namer()
    names = [namer.name(t, "x", "symbol") for t in ("Memory", "memory", "MEMORY", "Mem:ory")]
    assert names == ["Memory", "memory (symbol)", "MEMORY (symbol 2)", "Mem ory"]
    assert len({n.casefold() for n in names}) == len(names)


def test_data_text_cannot_become_obsidian_syntax() -> None:
    escaped = vault_escape("see [[Other]] #tag ==hi== %%c%% $x$ <b> ~~s~~ *e* _u_")
    assert "[[" not in escaped.replace("\\[", "")
    assert "\\#tag" in escaped
    for raw in ("==", "%%", "~~"):
        assert raw not in escaped.replace("\\" + raw[0], "")
    assert "\\<b>" in escaped and "\\$x\\$" in escaped
    assert vault_escape("C#minor, C# and # alone") == "C\\#minor, C# and # alone"


@given(st.text(max_size=80))
def test_yaml_strings_read_back(text: str) -> None:
    assert yaml.safe_load(f"key: {yaml_str(text)}") == {"key": text}


# --- what --force overwrites ----------------------------------------------------------------


def edit(note: Path, text: str = "\nMy own thoughts.\n") -> None:
    note.write_text(note.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_force_overwrites_exactly_the_notes_the_refusal_names(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "vault"
    assert export(runner, SECOND, out).exit_code == 0
    edit(out / "Quotes.md")  # the film will have something new for it
    edit(out / "Questions.md")  # it will not: this edit stays, --force or not

    raw = tomli.loads(SECOND.read_text(encoding="utf-8"))
    raw["quotes"][0]["meaning"] = "A new meaning."
    changed = write_json(raw, tmp_path / "changed.json")
    refused = export(runner, changed, out)
    assert refused.exit_code == 2
    assert "has 1 note edited since the last export (Quotes.md)" in refused.stderr

    forced = export(runner, changed, out, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "  overwrote Quotes.md, which was not as herstudy had left it\n" in forced.stderr
    assert "  kept Questions.md as you edited it\n" in forced.stderr
    assert forced.stderr.count("overwrote") == 1
    assert "My own thoughts." not in (out / "Quotes.md").read_text(encoding="utf-8")
    assert "My own thoughts." in (out / "Questions.md").read_text(encoding="utf-8")


def test_a_long_list_is_shortened_in_the_message_but_not_in_what_is_done(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "vault"
    assert export(runner, SECOND, out).exit_code == 0
    raw = tomli.loads(SECOND.read_text(encoding="utf-8"))
    raw["film"]["title"] = "A Retitled Film"  # every note links the index: all change
    changed = write_json(raw, tmp_path / "changed.json")
    notes = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    edited_notes = [n for n in notes if n.startswith(("Themes/", "Characters/"))]
    assert len(edited_notes) > 3
    for rel in edited_notes:
        edit(out / rel)

    refused = export(runner, changed, out)
    assert refused.exit_code == 2
    assert f"has {len(edited_notes)} notes edited since the last export" in refused.stderr
    assert f"and {len(edited_notes) - 3} more)" in refused.stderr

    asked: list[str] = []

    def yes(question: str) -> bool:
        asked.append(question)
        return True

    result = export_vault(load_film(changed), out, force=False, confirm=yes)
    assert len(asked) == 1 and f"{len(edited_notes)} notes edited" in asked[0]
    assert sorted(result.overwritten) == edited_notes
    assert result.kept == ()
    for rel in edited_notes:
        assert "My own thoughts." not in (out / rel).read_text(encoding="utf-8")


def test_the_summary_names_every_note_it_overwrote(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "vault"
    out.mkdir()
    (out / "Quotes.md").write_text("not herstudy's\n", encoding="utf-8")
    (out / "Questions.md").write_text("not herstudy's either\n", encoding="utf-8")
    refused = export(runner, SECOND, out)
    assert refused.exit_code == 2
    assert "2 notes in it would be overwritten (Quotes.md, Questions.md)" in refused.stderr
    forced = export(runner, SECOND, out, "--force")
    assert forced.exit_code == 0, forced.stderr
    lines = [line for line in forced.stderr.splitlines() if "overwrote" in line]
    assert lines == [
        "  overwrote Quotes.md, which was not as herstudy had left it",
        "  overwrote Questions.md, which was not as herstudy had left it",
    ]


# --- names that come out the same ------------------------------------------------------------


def test_long_names_sharing_their_start_get_distinct_notes(
    runner: CliRunner, tmp_path: Path
) -> None:
    raw = tomli.loads(SECOND.read_text(encoding="utf-8"))
    start = "A very long theme title that goes on and on about the lighthouse and the sea"
    start += " and more" * 5
    assert len(start) > MAX_NAME
    for n, theme in enumerate(raw["themes"]):
        theme["title"] = f"{start} {n}"
    names = ["Memory", "memory", "MEMORY", "Mem:ory", "Mem|ory", "Mem#ory", "Mem[ory]"]
    own = len(raw["symbols"])
    raw["symbols"] += [
        {**raw["symbols"][0], "id": f"extra-{i}", "name": name} for i, name in enumerate(names)
    ]
    path = write_json(raw, tmp_path / "names.json")

    out = tmp_path / "vault"
    result = export(runner, path, out)
    assert result.exit_code == 0, result.stderr
    notes = notes_in(out)
    themes = [n for n in notes if n.startswith("Themes/")]
    symbols = [n for n in notes if n.startswith("Symbols/")]
    assert len(themes) == len(raw["themes"])
    assert len(symbols) == own + len(names)
    folded = {n.casefold() for n in notes}
    assert len(folded) == len(notes)
    assert all(len(PurePath(n).stem) <= MAX_NAME for n in notes)
    links = {t for text in notes.values() for t, _ in LINK.findall(text)}
    assert all(resolves(notes, t) for t in links)


@given(st.lists(st.text(max_size=120), max_size=30))
def test_any_names_come_out_distinct_and_safe(texts: list[str]) -> None:
    namer = _Namer()
    names = [namer.name(t, "fallback", "theme") for t in texts]
    assert len({n.upper().casefold() for n in names}) == len(names)
    for name in names:
        assert name and len(name) <= MAX_NAME and len(name.encode("utf-8")) <= 200
        assert not FORBIDDEN & set(name)
        assert name[-1] not in ". " and name[0] not in ". "


def test_names_that_share_their_first_80_characters() -> None:
    namer = _Namer()
    names = [namer.name("x" * 85 + tail, "f", "theme") for tail in "abcd"]
    assert names[0] == "x" * MAX_NAME
    assert names[1:] == [
        "x" * (MAX_NAME - 8) + " (theme)",
        "x" * (MAX_NAME - 10) + " (theme 2)",
        "x" * (MAX_NAME - 10) + " (theme 3)",
    ]


# --- raw HTML ----------------------------------------------------------------------------------


def test_raw_html_in_the_data_stays_text(tmp_path: Path) -> None:
    html = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    raw = tomli.loads(SECOND.read_text(encoding="utf-8"))
    raw["themes"][0]["title"] += f" {html}"
    raw["themes"][0]["summary"] += f" {html}"
    raw["characters"][0]["name"] += f" {html}"
    raw["quotes"][0]["text"] += f" {html}"
    raw["symbols"][0]["meaning"] += f" {html}"
    notes = build_vault(load_film(write_json(raw, tmp_path / "html.json")))
    found = 0
    for name, text in notes.items():
        body = text.split("\n---\n", 1)[1]
        found += body.count("script")
        # Every '<' is escaped (\<) in text, or stands as '‹' in a link's shown text.
        assert re.search(r"(?<!\\)<", body) is None, name
    assert found
