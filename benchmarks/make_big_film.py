"""Write a big, valid film file: the bundled film's entries repeated, for scaling tests.

Run by hand, not by pytest:

    python benchmarks/make_big_film.py --themes 680 -o big.toml
    herstudy validate --data big.toml

``data/film.toml`` is copied as many times as it takes to reach ``--themes``
themes. Copy 1 is the film itself; copy ``k`` > 1 gives every id a ``-k<k>``
suffix and every name, title, alias, actor, quote and question a `` <k>`` one,
so ids and names stay distinct, and rewrites every reference (theme lists, arc
characters, speakers, a quote's beat, a prompt's ``about`` and ``card``) to
the same copy. Every section grows with the themes: characters, symbols, arcs
and their beats, quotes, questions and prompts. The film's own facts, its list
of key themes and its core meaning stay those of copy 1.

Where ``--themes`` is not a multiple of the film's theme count, the last copy
keeps only its first themes; links to the rest are left out of that copy, and
a prompt left about nothing is dropped.

Size: every section with all its text is about 7 KB a theme, so past about 700
themes a film is over the 5 MB herstudy reads (``herstudy.load.MAX_BYTES``).
Larger films for the loader need ``--short`` (long text cut to a few words,
``sources = ["general"]``) and ``--others COPIES`` (only the first COPIES copies
hold the other sections; later copies hold themes linked to their entries):

    python benchmarks/make_big_film.py --themes 20000 --others 1 --short -o big.toml  # 4.6 MB

A name ending in ``.json`` gets JSON (herstudy reads either); anything else TOML.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import sys
from pathlib import Path
from typing import Any

import tomli

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "film.toml"


_LINKS = ("symbols", "beats", "quotes", "characters")
_SECTIONS = ("characters", "themes", "symbols", "arcs", "quotes", "questions", "prompts")
_PROSE = {
    "characters": ("role", "description", "represents"),
    "themes": ("summary", "explanation"),
    "symbols": ("meaning",),
    "arcs": ("summary",),
    "beats": ("happens", "meaning", "reflect"),
    "quotes": ("context", "meaning"),
    "questions": ("discussion",),
    "prompts": ("explain",),
}
"""The long free text of each section: what ``short`` cuts to a few words."""
SHORT_WORDS = 4


def _shortened(section: str, entry: dict[str, Any]) -> dict[str, Any]:
    out = dict(entry)
    for key in _PROSE[section]:
        if isinstance(out.get(key), str):
            out[key] = " ".join(out[key].split()[:SHORT_WORDS])
    if "sources" in out:
        out["sources"] = ["general"]
    if section == "symbols":
        out["appearances"] = out["appearances"][:1]
    return out


def _copy_of(
    base: dict[str, Any], k: int, keep_themes: set[str] | None, others: int
) -> dict[str, Any]:
    """Copy ``k`` (1-based) of the film's sections, every id and reference renamed.

    Copies after the first ``others`` hold only themes, linked to the entries of one
    of the first ``others`` copies.
    """
    home = (k - 1) % others + 1  # the copy whose entries this copy's themes link to

    def rid(i: str, k: int = k) -> str:
        return i if k == 1 else f"{i}-k{k}"

    def name(text: str) -> str:
        return text if k == 1 else f"{text} {k}"

    def kept(i: str) -> bool:
        return keep_themes is None or i in keep_themes

    def tids(ids: list[str]) -> list[str]:
        return [rid(i) for i in ids if kept(i)]

    out: dict[str, Any] = {name: [] for name in _SECTIONS}
    out["themes"] = [
        {
            **t,
            "id": rid(t["id"]),
            "title": name(t["title"]),
            **{key: [rid(i, home) for i in t[key]] for key in _LINKS if key in t},
        }
        for t in base.get("themes", [])
        if kept(t["id"])
    ]
    if k > others:
        return out
    out["characters"] = [
        {
            **c,
            "id": rid(c["id"]),
            "name": name(c["name"]),
            **({"actor": name(c["actor"])} if c.get("actor") else {}),
            **({"aliases": [name(a) for a in c["aliases"]]} if "aliases" in c else {}),
        }
        for c in base.get("characters", [])
    ]
    out["symbols"] = [
        {
            **s,
            "id": rid(s["id"]),
            "name": name(s["name"]),
            **({"themes": tids(s["themes"])} if "themes" in s else {}),
            **({"aliases": [name(a) for a in s["aliases"]]} if "aliases" in s else {}),
        }
        for s in base.get("symbols", [])
    ]
    out["arcs"] = [
        {
            **a,
            "character": rid(a["character"]),
            "beats": [
                {
                    **b,
                    "id": rid(b["id"]),
                    "title": name(b["title"]),
                    **({"themes": tids(b["themes"])} if "themes" in b else {}),
                }
                for b in a["beats"]
            ],
        }
        for a in base.get("arcs", [])
    ]
    out["quotes"] = [
        {
            **q,
            "id": rid(q["id"]),
            "text": name(q["text"]),
            "speaker": rid(q["speaker"]),
            **({"addressee": rid(q["addressee"])} if "addressee" in q else {}),
            **({"beat": rid(q["beat"])} if "beat" in q else {}),
            **({"themes": tids(q["themes"])} if "themes" in q else {}),
        }
        for q in base.get("quotes", [])
    ]
    out["questions"] = [
        {
            **q,
            "id": rid(q["id"]),
            "question": name(q["question"]),
            **({"themes": tids(q["themes"])} if "themes" in q else {}),
        }
        for q in base.get("questions", [])
    ]
    theme_ids = {t["id"] for t in base.get("themes", [])}
    for p in base.get("prompts", []):
        about = []
        for ref in p.get("about", []):
            section, colon, entry = ref.rpartition(":")
            # A ref names a theme if its section says so, or if, bare, a theme has that id.
            if (section in ("themes", "") and entry in theme_ids) and not kept(entry):
                continue
            film_id = section in ("film", "") and entry == base["film"]["id"]
            about.append(ref if film_id else f"{section}{colon}{rid(entry)}")
        if p.get("about") and not about:
            continue
        prompt = {**p, "id": rid(p["id"])}
        if "about" in p:
            prompt["about"] = about
        if p.get("card"):
            section, _, rest = p["card"].partition(":")
            entry, sep, field = rest.partition(":")
            prompt["card"] = f"{section}:{rid(entry)}{sep}{field}"
        out["prompts"].append(prompt)
    return out


def make_film(
    themes: int, *, others: int | None = None, short: bool = False, source: Path = SOURCE
) -> dict[str, Any]:
    """The film at ``source`` grown to ``themes`` themes, as parsed TOML (plain data).

    ``others``: how many copies of the other sections (default: as many as the themes
    take, so every section grows alike). ``short``: long text cut to a few words.
    """
    base = tomli.loads(source.read_text(encoding="utf-8"))
    per_copy = len(base["themes"])
    copies = max(1, math.ceil(themes / per_copy))
    last = themes - per_copy * (copies - 1)
    others = copies if others is None else max(1, min(others, copies))
    film: dict[str, Any] = {"film": base["film"], **{name: [] for name in _SECTIONS}}
    for k in range(1, copies + 1):
        keep = None
        if k == copies and last < per_copy:
            keep = {t["id"] for t in base["themes"][:last]}
        part = _copy_of(base, k, keep, others)
        for name in _SECTIONS:
            film[name].extend(part[name])
    if "meaning" in base:
        film["meaning"] = base["meaning"]
    if copies == 1 and last < per_copy:  # a film smaller than the bundled one
        known = {t["id"] for t in film["themes"]}
        for key in ("film", "meaning"):
            if key in film and "themes" in film[key]:
                film[key] = {**film[key], "themes": [i for i in film[key]["themes"] if i in known]}
    if short:
        for name in _SECTIONS:
            if name == "arcs":
                film[name] = [
                    {**_shortened("arcs", a), "beats": [_shortened("beats", b) for b in a["beats"]]}
                    for a in film[name]
                ]
            else:
                film[name] = [_shortened(name, e) for e in film[name]]
    # Section order as in the film file, so the TOML reads like one.
    order = ("film", "characters", "themes", "symbols", "arcs", "quotes", "questions", "meaning")
    return {key: film[key] for key in (*order, "prompts") if key in film}


# --- a small TOML writer: enough for a film file --------------------------------------------


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, str):
        # A JSON string is a TOML basic string, but for DEL, which TOML wants escaped.
        return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def _is_tables(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def _table(lines: list[str], header: str, table: dict[str, Any], path: str) -> None:
    lines.append(header)
    for key, v in table.items():
        if not isinstance(v, dict) and not _is_tables(v):
            lines.append(f"{key} = {_value(v)}")
    for key, v in table.items():
        sub = f"{path}.{key}"
        if isinstance(v, dict):
            lines.append("")
            _table(lines, f"[{sub}]", v, sub)
        elif _is_tables(v):
            for item in v:
                lines.append("")
                _table(lines, f"[[{sub}]]", item, sub)


def to_toml(film: dict[str, Any]) -> str:
    lines: list[str] = ["# Generated by benchmarks/make_big_film.py from data/film.toml."]
    for key, v in film.items():
        if isinstance(v, dict):
            lines.append("")
            _table(lines, f"[{key}]", v, key)
        elif _is_tables(v):
            for item in v:
                lines.append("")
                _table(lines, f"[[{key}]]", item, key)
    return "\n".join(lines) + "\n"


def write_film(path: Path, themes: int, *, others: int | None = None, short: bool = False) -> Path:
    """Write a film of ``themes`` themes to ``path`` (JSON if it ends in .json, else TOML)."""
    film = make_film(themes, others=others, short=short)
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(film, ensure_ascii=False, default=str), encoding="utf-8")
    else:
        path.write_text(to_toml(film), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--themes", type=int, required=True, help="how many themes (e.g. 20000)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    parser.add_argument(
        "--others",
        type=int,
        metavar="COPIES",
        help="copies of the other sections (default: grow them with the themes)",
    )
    parser.add_argument("--short", action="store_true", help="cut long text to a few words")
    args = parser.parse_args()
    if args.themes < 1:
        parser.error("--themes must be at least 1")
    write_film(args.output, args.themes, others=args.others, short=args.short)
    print(f"Wrote {args.output} ({args.output.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
