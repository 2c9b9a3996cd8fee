"""A parsed film file checked and turned into a ``Film``, or every problem found in it.

Every problem found (up to ``MAX_PROBLEMS``) is reported at once, one line each,
naming the file, the TOML path (``symbols[2].themes[0]``) and what was expected. Problems raise
``HerstudyError``; nothing here prints or exits.

``load.load_film`` imports this module only for a film it cannot take from the cache:
a command that finds its film there never compiles or imports the checks.
"""

from __future__ import annotations

import difflib
import itertools
import re
import types
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Union, get_args, get_origin

import msgspec

from herstudy.errors import HerstudyError
from herstudy.model import (
    CLOZE,
    MAX_ANSWER_WORDS,
    MAX_EXPLAIN_WORDS,
    MAX_THESIS_WORDS,
    Arc,
    Film,
    Prompt,
    Question,
    Side,
)
from herstudy.text import cleaned, echo


def validate(raw: Any, name: str, *, clean: bool = True) -> Film:
    """Turn parsed data into a Film, or raise with every problem found (up to 50).

    Every string is made ``visible`` first: a control character in a film file
    is shown (``^[``), never passed on to a terminal, a note or a card. ``clean=False``
    skips that, for data whose source text ``may_hide_controls`` found none in.
    """
    try:
        raw = cleaned(raw) if clean else raw
    except RecursionError:
        raise HerstudyError(f"{name}: nested too deeply") from None
    try:
        film = msgspec.convert(raw, Film)
    except msgspec.ValidationError:
        problems = _first(_shape_problems(raw, Film, ""))
        raise HerstudyError(
            f"{name}: not a valid film file",
            problems=[f"{name}: {p}" for p in problems] or [f"{name}: not a valid film file"],
        ) from None
    problems = _first(_reference_problems(film))
    if problems:
        raise HerstudyError(
            f"{name}: not a valid film file", problems=[f"{name}: {p}" for p in problems]
        )
    return film


MAX_PROBLEMS = 50
"""Problems reported at most: the rest are found after fixing these, and finding them
all (with a "did you mean" each) would cost time in proportion to their number."""


def _first(problems: Iterable[str]) -> list[str]:
    shown = list(itertools.islice(problems, MAX_PROBLEMS + 1))
    if len(shown) > MAX_PROBLEMS:
        shown[MAX_PROBLEMS:] = [f"more problems after these {MAX_PROBLEMS}; fix these first"]
    return shown


# --- shape: types, required keys, unknown keys -------------------------------------------


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _struct_of(tp: Any) -> type[msgspec.Struct] | None:
    """The Struct type inside ``tp`` (``X``, ``X | None``), if any."""
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return tp
    if get_origin(tp) in (Union, types.UnionType):
        for arg in get_args(tp):
            found = _struct_of(arg)
            if found is not None:
                return found
    return None


def _describe(value: Any) -> str:
    kinds = {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        list: "an array",
        dict: "a table",
        type(None): "null",
    }
    kind = kinds.get(type(value), type(value).__name__)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        shown = repr(value)
        if len(shown) > 40:
            shown = shown[:37] + "..."
        return f"{kind} ({shown})"
    return kind


_EXPECTED = [
    (
        re.compile(r"matching regex"),
        "a lowercase id such as 'color-red' (letters, digits, hyphens)",
    ),
    (re.compile(r"str` of length >= 1"), "non-empty text"),
    (re.compile(r"array` of length >= 1"), "a non-empty array"),
    (re.compile(r"Invalid RFC3339 encoded date"), "a date such as 2013-12-18"),
    (re.compile(r"Invalid enum value (.*)"), None),
]


def _convert_problem(value: Any, tp: Any, path: str) -> str | None:
    try:
        msgspec.convert(value, tp)
    except msgspec.ValidationError as e:
        text = str(e)
        where = ""
        m = re.search(r" - at `\$(.*)`$", text)
        if m:
            text = text[: m.start()]
            where = m.group(1)
        full = path + where
        for pattern, expected in _EXPECTED:
            found = pattern.search(text)
            if found:
                if expected is None:
                    options = [repr(a) for a in get_args(_literal_of(tp))]
                    return f"{full}: {echo(found.group(1))} is not one of {', '.join(options)}"
                return f"{full}: expected {expected}, got {_describe(_at(value, where))}"
        m = re.match(r"Expected `([^`]*)`, got `[^`]*`", text)
        if m:
            return f"{full}: expected {_friendly(m.group(1))}, got {_describe(_at(value, where))}"
        return f"{full}: {text[:1].lower()}{text[1:]}"
    return None


_TYPE_NAMES = {
    "int": "an integer",
    "float": "a number",
    "str": "text",
    "bool": "true or false",
    "array": "an array",
    "object": "a table",
    "date": "a date (YYYY-MM-DD)",
}


def _friendly(expected: str) -> str:
    names = [n.strip() for n in expected.split("|") if n.strip() != "null"]
    return " or ".join(_TYPE_NAMES.get(n, n) for n in names)


def _literal_of(tp: Any) -> Any:
    if get_origin(tp) is Annotated:
        return _literal_of(get_args(tp)[0])
    if get_origin(tp) in (Union, types.UnionType):
        for arg in get_args(tp):
            if arg is not type(None):
                return _literal_of(arg)
    return tp


def _at(value: Any, where: str) -> Any:
    for key in re.findall(r"\[(\d+)\]|\.(\w+)", where):
        index, name = key
        try:
            value = value[int(index)] if index else value[name]
        except (LookupError, TypeError):
            return value
    return value


def _shape_problems(value: Any, tp: Any, path: str) -> Iterator[str]:
    """Every type, required-key and unknown-key problem, not just the first."""
    struct = _struct_of(tp)
    if struct is not None and (isinstance(value, dict) or struct is tp):
        if not isinstance(value, dict):
            yield f"{path or 'the file'}: expected a table, got {_describe(value)}"
            return
        fields = {f.encode_name: f for f in msgspec.structs.fields(struct)}
        for key in value:
            if key not in fields:
                close = difflib.get_close_matches(key, list(fields), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                if struct is Film and key == "quiz":
                    hint = " ([[quiz]] items are now [[prompts]]: see docs/film-format.md)"
                yield f"{_join(path, echo(str(key)))}: unknown key{hint}"
        for name, field in fields.items():
            if name not in value:
                required = (
                    field.default is msgspec.NODEFAULT
                    and field.default_factory is msgspec.NODEFAULT
                )
                if required:
                    yield f"{_join(path, name)}: missing required key"
                continue
            yield from _shape_problems(value[name], field.type, _join(path, name))
        return
    args = get_args(tp)
    if get_origin(tp) is Annotated:
        inner = args[0]
        if get_origin(inner) is tuple and _struct_of(get_args(inner)[0]) is not None:
            problem = _convert_problem(value, tp, path) if isinstance(value, list) else None
            if problem and not value:
                yield problem
                return
            yield from _shape_problems(value, inner, path)
            return
    if get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _struct_of(args[0])
        if item is not None:
            if not isinstance(value, list):
                yield f"{path}: expected an array of tables, got {_describe(value)}"
                return
            for i, element in enumerate(value):
                yield from _shape_problems(element, item, _join(path, i))
            return
    problem = _convert_problem(value, tp, path)
    if problem:
        yield problem


# --- meaning: unique ids, references, order ----------------------------------------------


def _duplicates(section: str, ids: Iterable[str], key: str = "id") -> Iterator[str]:
    seen: dict[str, int] = {}
    for i, entry_id in enumerate(ids):
        if entry_id in seen:
            first = f"{section}[{seen[entry_id]}]"
            twice = f"duplicate {key} '{echo(entry_id)}'"
            yield f"{section}[{i}].{key}: {twice} (first used by {first})"
        else:
            seen[entry_id] = i


def _near(word: str, known: Iterable[str]) -> list[str]:
    """The known id nearest to a misspelt ``word``, if one is close.

    Only ids of about the same length are compared, so a "did you mean" costs the
    same in a film of twenty thousand themes as in one of twenty.
    """
    alike = [k for k in known if abs(len(k) - len(word)) <= 3]
    return difflib.get_close_matches(word, alike, n=1)


def _reference(path: str, kind: str, ref: str, known: dict[str, Any]) -> Iterator[str]:
    if ref not in known:
        close = _near(ref, known)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        yield f"{path}: unknown {kind} '{echo(ref)}'{hint}"


def _refs(path: str, kind: str, refs: Iterable[str], known: dict[str, Any]) -> Iterator[str]:
    for i, ref in enumerate(refs):
        yield from _reference(f"{path}[{i}]", kind, ref, known)


def _reference_problems(film: Film) -> Iterator[str]:
    yield from _duplicates("characters", (c.id for c in film.characters))
    yield from _duplicates("themes", (t.id for t in film.themes))
    yield from _duplicates("symbols", (s.id for s in film.symbols))
    yield from _duplicates("quotes", (q.id for q in film.quotes))
    yield from _duplicates("questions", (q.id for q in film.questions))
    yield from _duplicates("prompts", (p.id for p in film.prompts))
    yield from _duplicates("sources", (s.file for s in film.sources), "file")
    yield from _duplicates("arcs", (a.character for a in film.arcs))

    characters = film.character_by_id
    themes = film.theme_by_id
    symbols = film.symbol_by_id
    quotes = film.quote_by_id
    beats = film.beat_by_id

    beat_paths: dict[str, str] = {}
    for a, arc in enumerate(film.arcs):
        yield from _reference(f"arcs[{a}].character", "character", arc.character, characters)
        previous = None
        for b, beat in enumerate(arc.beats):
            path = f"arcs[{a}].beats[{b}]"
            if beat.id in beat_paths:
                first = beat_paths[beat.id]
                yield f"{path}.id: duplicate beat id '{echo(beat.id)}' (first used by {first})"
            else:
                beat_paths[beat.id] = path
            if previous is not None and beat.order <= previous:
                yield (
                    f"{path}.order: beats must be in film order, "
                    f"but {beat.order} follows {previous}"
                )
            previous = beat.order
            yield from _refs(f"{path}.themes", "theme", beat.themes, themes)
            if beat.same_moment is not None:
                yield from _same_moment(film, f"{path}.same_moment", arc, beat.same_moment)

    yield from _refs("film.themes", "theme", film.film.themes, themes)
    for i, theme in enumerate(film.themes):
        yield from _refs(f"themes[{i}].symbols", "symbol", theme.symbols, symbols)
        yield from _refs(f"themes[{i}].beats", "beat", theme.beats, beats)
        yield from _refs(f"themes[{i}].quotes", "quote", theme.quotes, quotes)
        yield from _refs(f"themes[{i}].characters", "character", theme.characters, characters)
    for i, symbol in enumerate(film.symbols):
        yield from _refs(f"symbols[{i}].themes", "theme", symbol.themes, themes)
    for i, quote in enumerate(film.quotes):
        yield from _reference(f"quotes[{i}].speaker", "character", quote.speaker, characters)
        if quote.addressee is not None:
            yield from _reference(
                f"quotes[{i}].addressee", "character", quote.addressee, characters
            )
        if quote.beat is not None:
            yield from _reference(f"quotes[{i}].beat", "beat", quote.beat, beats)
        yield from _refs(f"quotes[{i}].themes", "theme", quote.themes, themes)
    for i, question in enumerate(film.questions):
        yield from _refs(f"questions[{i}].themes", "theme", question.themes, themes)
        if len(question.sides) == 1:
            yield (
                f"questions[{i}].sides: one side only; a question with sides weighs at least"
                " two (leave the lone one's evidence on the question)"
            )
        yield from _statement(f"questions[{i}].thesis", question.thesis)
        said_again = [t.id for t in film.themes if question.thesis.strip() == t.summary.strip()]
        if question.thesis and said_again:
            yield (
                f"questions[{i}].thesis: the summary of theme '{echo(said_again[0])}' word for"
                " word; a thesis answers the question"
            )
        yield from _statement(f"questions[{i}].conclusion", question.conclusion)
        evidence: list[tuple[str, Question | Side]] = [(f"questions[{i}]", question)]
        evidence += [(f"questions[{i}].sides[{j}]", s) for j, s in enumerate(question.sides)]
        for path, links in evidence:
            yield from _refs(f"{path}.beats", "beat", links.beats, beats)
            yield from _refs(f"{path}.quotes", "quote", links.quotes, quotes)
            yield from _refs(f"{path}.symbols", "symbol", links.symbols, symbols)
    if film.meaning is not None:
        yield from _refs("meaning.themes", "theme", film.meaning.themes, themes)
    for i, prompt in enumerate(film.prompts):
        yield from _prompt_problems(film, f"prompts[{i}]", prompt)


def _words(text: str) -> int:
    return len(text.split())


def _same_moment(film: Film, path: str, arc: Arc, other: str) -> Iterator[str]:
    if other not in film.beat_by_id:
        yield from _reference(path, "beat", other, film.beat_by_id)
    elif film.arc_of_beat[other] is arc:
        yield f"{path}: '{echo(other)}' is in the same arc; name a beat of another character's arc"


def _statement(path: str, text: str) -> Iterator[str]:
    """A working thesis or a conclusion: a statement of a sentence or two, if given at all."""
    if not text:
        return
    if not text.strip():
        yield f"{path}: empty; leave it out instead"
    elif text.rstrip().endswith("?"):
        yield f"{path}: a question; write the answer, as a statement"
    elif _words(text) > MAX_THESIS_WORDS:
        yield f"{path}: {_words(text)} words; keep it to {MAX_THESIS_WORDS}"


def _prompt_problems(film: Film, path: str, prompt: Prompt) -> Iterator[str]:
    if bool(prompt.ask) == bool(prompt.cloze):
        yield f"{path}: write either 'ask' (with 'answer') or 'cloze', not both or neither"
    if prompt.ask and not prompt.answer.strip():
        yield f"{path}.answer: a prompt with 'ask' needs an answer"
    if prompt.cloze and not prompt.ask:
        if prompt.answer or prompt.wrong or prompt.accept:
            yield (
                f"{path}: a cloze carries its answers in its {{{{deletions}}}};"
                " 'answer', 'wrong' and 'accept' belong to 'ask'"
            )
        if not CLOZE.search(prompt.cloze):
            yield f"{path}.cloze: nothing to ask; write the hidden words as {{{{words}}}}"
    for answer in prompt.answers():
        if not answer.strip():
            yield f"{path}: an empty answer or {{{{}}}} deletion"
        elif _words(answer) > MAX_ANSWER_WORDS:
            yield (
                f"{path}: the answer has {_words(answer)} words; keep it to"
                f" {MAX_ANSWER_WORDS} and put the rest in 'explain'"
            )
    if _words(prompt.explain) > MAX_EXPLAIN_WORDS:
        yield f"{path}.explain: {_words(prompt.explain)} words; keep it to {MAX_EXPLAIN_WORDS}"
    if prompt.answer and prompt.answer in prompt.wrong:
        yield f"{path}.wrong: the answer must not also be a wrong option"
    if len(set(prompt.wrong)) != len(prompt.wrong):
        yield f"{path}.wrong: wrong options must differ"
    if not prompt.about and prompt.topic is None:
        yield f"{path}: name what it is about ('about') or its 'topic'"
    for j, ref in enumerate(prompt.about):
        found = film.sections_of(ref)
        if len(found) > 1:
            choices = " or ".join(f"'{s}:{ref}'" for s in found)
            yield f"{path}.about[{j}]: '{echo(ref)}' names entries in two sections; write {choices}"
        elif not found:
            known = dict.fromkeys(film._sections_of)
            yield from _reference(f"{path}.about[{j}]", "entry", ref.rpartition(":")[2], known)
