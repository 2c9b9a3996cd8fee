"""``herstudy search``: every field of every entry that holds the words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import msgspec

from herstudy.doc import Block, Entry, Line, Paragraph, Styled, View
from herstudy.model import Film
from herstudy.text import visible

_NOT_SEARCHED = ("id", "sources", "themes", "beats", "symbols", "quotes", "characters")


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every (field path, text) inside an entry."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, msgspec.Struct):
        # The field names, in order; msgspec.structs.fields() would evaluate the
        # annotations again for every entry (a millisecond each).
        for name in type(value).__struct_fields__:
            if name in _NOT_SEARCHED:
                continue
            yield from _texts(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield f"{path}[{i}]", item


def _entries(film: Film) -> Iterator[tuple[str, str, str, msgspec.Struct]]:
    """(section, id, label, entry) for everything searchable."""
    yield "film", film.film.id, film.film.title, film.film
    for c in film.characters:
        yield "characters", c.id, c.name, c
    for t in film.themes:
        yield "themes", t.id, t.title, t
    for s in film.symbols:
        yield "symbols", s.id, s.name, s
    for a in film.arcs:
        for b in a.beats:
            yield f"arcs.{a.character}", b.id, b.title, b
    for quote in film.quotes:
        yield "quotes", quote.id, quote.text, quote
    for question in film.questions:
        yield "questions", question.id, question.question, question
    if film.meaning is not None:
        yield "meaning", "meaning", film.meaning.summary, film.meaning


def _snippet(
    text: str, spans: list[tuple[int, int]], width: int = 220
) -> tuple[str, list[tuple[int, int]]]:
    if len(text) <= width:
        return text, spans
    start = max(0, spans[0][0] - width // 3)
    end = min(len(text), start + width)
    start = max(0, end - width)
    cut = text[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    kept = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return prefix + cut + suffix, kept


def _highlight(text: str, spans: list[tuple[int, int]]) -> Line:
    parts: list[str | Styled] = []
    at = 0
    for a, b in sorted(spans):
        if a < at:
            continue
        if a > at:
            parts.append(text[at:a])
        parts.append(Styled(text[a:b], "mark"))
        at = b
    if at < len(text):
        parts.append(text[at:])
    return tuple(parts)


def search(film: Film, query: str) -> View:
    words = [w for w in re.findall(r"\w+", query.lower()) if w]
    phrase = query.strip().lower()
    if not words:
        from herstudy.errors import usage_error

        raise usage_error("Search for at least one word or number.")
    whole = re.compile(r"\b" + re.escape(phrase))
    each = [re.compile(r"\b" + re.escape(w)) for w in words]
    hits: list[dict[str, str]] = []
    blocks: list[Block] = []
    for section, entry_id, label, entry in _entries(film):
        for field, text in _texts(entry, ""):
            low = text.lower()
            spans = [(m.start(), m.end()) for m in whole.finditer(low)]
            if not spans and len(words) > 1:
                found = [list(w.finditer(low)) for w in each]
                if all(found):
                    spans = [(m.start(), m.end()) for ms in found for m in ms]
            if not spans:
                continue
            spans.sort()
            snippet, kept = _snippet(text, spans)
            hits.append({"section": section, "id": entry_id, "field": field, "text": text})
            blocks.append(
                Entry(
                    label if len(label) <= 60 else label[:57] + "...",
                    (Paragraph(_highlight(snippet, kept)),),
                    note=f"{section} · {entry_id} · {field}",
                    level=3,
                )
            )
    if not hits:
        blocks.append(Paragraph((f"Nothing matches '{visible(query)}'.",), "muted"))
    return View(
        f"Search: {visible(query)}",
        tuple(blocks),
        data={"query": query, "hits": hits},
        subtitle=f"{len(hits)} match{'es' if len(hits) != 1 else ''}",
    )
