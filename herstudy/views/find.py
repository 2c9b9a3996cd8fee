"""Find a theme, symbol or character by what the student types (``herstudy.lookup``).

Imported only by a command given a name, so listing the themes pays for no lookup."""

from __future__ import annotations

from herstudy.lookup import find
from herstudy.model import Character, Film, Symbol, Theme


def find_theme(film: Film, query: str) -> Theme:
    return find("theme", query, film.themes, lambda t: (t.id, t.title), lambda t: t.id)


def find_symbol(film: Film, query: str) -> Symbol:
    return find("symbol", query, film.symbols, lambda s: (s.id, s.name, *s.aliases), lambda s: s.id)


def find_character(film: Film, query: str) -> Character:
    return find(
        "character",
        query,
        film.characters,
        lambda c: (c.id, c.name, *c.aliases),
        lambda c: c.id,
    )
