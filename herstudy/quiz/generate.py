"""Quiz questions made from the film data: pure functions, no terminal.

Each generator reads one kind of entry and makes the questions it can make well;
with too little data (one speaker, a short arc, no other theme to offer) it makes
none rather than a poor one. Wrong options are always real data of the same kind:
another theme, another character, another symbol's meaning. ``generate`` picks a
mix of kinds from all of them and the file's hand-written ``[[quiz]]`` items.
The same seed gives the same questions, with their options in the same order.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal, get_args

from herstudy.model import Character, Film, QuizItem, Symbol, Theme

Kind = Literal["choice", "who-said", "symbol-theme", "order", "truefalse", "typed"]
KINDS: tuple[Kind, ...] = get_args(Kind)
Topic = Literal["facts", "themes", "symbols", "arc", "quotes", "questions"]
TOPICS: tuple[Topic, ...] = get_args(Topic)
Section = Literal["film", "characters", "themes", "symbols", "beats", "quotes", "questions", "quiz"]

Response = str | tuple[str, ...]
"""What a student answers: an option or typed text; for ``order``, the items in their order."""

TRUE, FALSE = "True", "False"
ORDER_SIZE = 4
_MOST_WRONG = 3
_LEAST_WRONG = 2


@dataclass(frozen=True)
class Question:
    """One question, with everything needed to ask it, check it and explain it."""

    kind: Kind
    topic: Topic
    section: Section
    """The data-file section ``entry`` is in; (section, entry) names one entry."""
    entry: str
    """The id of the entry the question tests."""
    prompt: str
    answer: str
    """The right answer as shown; for ``order``, the items in film order joined by arrows."""
    explanation: str
    passage: str = ""
    """Text the question is about (a line, a summary), shown set apart from the prompt."""
    options: tuple[str, ...] = ()
    """In the order shown. ``order``: the items, shuffled. ``typed``: none."""
    sequence: tuple[str, ...] = ()
    """``order`` only: the items in film order."""
    accept: tuple[str, ...] = ()
    """``typed`` only: other forms of the answer that count as right."""
    key: str = ""
    """What the question tests (``symbols:lamp:theme``); a quiz asks each thing once."""

    def is_correct(self, response: Response) -> bool:
        if self.kind == "order":
            return tuple(response) == self.sequence
        if not isinstance(response, str):
            return False
        if self.kind == "typed":
            return matches(response, (self.answer, *self.accept))
        return response == self.answer


# --- forgiving comparison of typed answers -----------------------------------------------


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: 'Inés!' -> 'ines'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("’", "").replace("'", "")
    return " ".join(re.findall(r"[^\W_]+", bare))


def _without_article(text: str) -> str:
    return re.sub(r"^(the|a|an) ", "", text)


def typo_distance(a: str, b: str) -> int:
    """Edits from one string to another; swapping two neighbours counts as one."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            best = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, rows[-2][j - 2] + 1)
            row.append(best)
        rows.append(row)
    return rows[-1][-1]


def _allowed_typos(answer: str) -> int:
    letters = len(answer.replace(" ", ""))
    return 0 if letters <= 3 else 1 if letters <= 7 else 2


def matches(typed: str, answers: Sequence[str]) -> bool:
    """Whether ``typed`` is one of ``answers``, forgiving case, punctuation and a small typo.

    Numbers must match exactly: '2013' is right, '2012' and '20013' are not.
    """
    got = _without_article(normalise(typed))
    if not got:
        return False
    for answer in answers:
        want = _without_article(normalise(answer))
        if not want:
            continue
        digits = re.findall(r"\d+", want)
        if digits:
            words = re.sub(r"\d+", "", got).split()
            if re.findall(r"\d+", got) == digits and (
                not words or words == re.sub(r"\d+", "", want).split()
            ):
                return True
        elif typo_distance(got, want) <= _allowed_typos(want):
            return True
    return False


# --- text helpers --------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'“‘])", text.strip()) if s]


_MEANING_VERB = re.compile(
    r"\b(stands? for|represents?|symboli[sz]es?|means?|expresses|suggests?|tells us)\b", re.I
)


def _gist(text: str) -> str:
    """The sentence of a meaning that says what something means, or else the first one."""
    sentences = _sentences(text)
    for sentence in sentences:
        if _MEANING_VERB.search(sentence):
            return sentence
    return sentences[0] if sentences else text.strip()


def _lead(text: str, at_least: int = 60) -> str:
    """The first sentence, with the next ones while it is still very short."""
    sentences = _sentences(text)
    out = sentences[0] if sentences else text.strip()
    for sentence in sentences[1:]:
        if len(out) >= at_least:
            break
        out = f"{out} {sentence}"
    return out


BLANK = "___"


def _names_of(name: str, aliases: Iterable[str]) -> list[str]:
    """Phrases naming an entry: name and aliases, with and without 'the', and singulars."""
    found: dict[str, None] = {}
    for phrase in (name, *aliases):
        bare = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.I)
        for form in (phrase.strip(), bare):
            if len(form) >= 3:
                found[form] = None
                if form.endswith("s") and not form.endswith("ss") and len(form) > 4:
                    found[form[:-1]] = None
    return sorted(found, key=len, reverse=True)


def _mask(text: str, phrases: Iterable[str]) -> str:
    """Blank out each phrase so the text does not give its answer away."""
    for phrase in sorted(phrases, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", BLANK, text, flags=re.I)
    return text


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _titles(themes: Iterable[Theme]) -> str:
    """Theme titles in a sentence, quoted, since titles have 'and' in them too."""
    return _join([f"'{t.title}'" for t in themes])


def _in_sentence(name: str, film: Film) -> str:
    """A name as it reads inside a sentence: 'The lamp' -> 'the lamp', 'Samantha's piano' as is."""
    first = re.sub(r"['’]s$", "", name.split(" ", 1)[0])
    proper = {w for c in film.characters for w in (*c.name.split(), *c.aliases)}
    if first in proper or first == film.film.title or not first[1:2].islower():
        return name
    return name[:1].lower() + name[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- building questions ---------------------------------------------------------------------


@dataclass(frozen=True)
class _About:
    """What a question is about: its topic, the entry it tests, and the thing it asks."""

    topic: Topic
    section: Section
    entry: str
    aspect: str

    @property
    def key(self) -> str:
        return f"{self.section}:{self.entry}:{self.aspect}"


def _choice(
    rng: random.Random,
    about: _About,
    *,
    prompt: str,
    answer: str,
    wrong: Iterable[str],
    explanation: str,
    passage: str = "",
    kind: Kind = "choice",
    ranked: bool = False,
) -> Question | None:
    """A choice question with up to three wrong options, or None if fewer than two exist.

    Wrong options that equal the answer or each other, once case and punctuation
    are ignored, are dropped. ``ranked``: the wrong options come best first.
    """
    pool = list(wrong)
    if not ranked:
        rng.shuffle(pool)
    seen = {normalise(answer)}
    picked: list[str] = []
    for option in pool:
        norm = normalise(option)
        if norm and norm not in seen:
            seen.add(norm)
            picked.append(option)
        if len(picked) == _MOST_WRONG:
            break
    if len(picked) < _LEAST_WRONG or not normalise(answer):
        return None
    options = [answer, *picked]
    rng.shuffle(options)
    return Question(
        kind=kind,
        topic=about.topic,
        section=about.section,
        entry=about.entry,
        key=about.key,
        prompt=prompt,
        passage=passage,
        answer=answer,
        options=tuple(options),
        explanation=explanation,
    )


def _true_false(
    about: _About, *, statement: str, truth: bool, explanation: str, passage: str = ""
) -> Question:
    verdict = TRUE if truth else FALSE
    return Question(
        kind="truefalse",
        topic=about.topic,
        section=about.section,
        entry=about.entry,
        key=about.key,
        prompt=f"True or false: {statement}",
        passage=passage,
        answer=verdict,
        options=(TRUE, FALSE),
        explanation=explanation,
    )


def _typed(
    about: _About,
    *,
    prompt: str,
    answer: str,
    explanation: str,
    accept: Iterable[str] = (),
    passage: str = "",
) -> Question:
    return Question(
        kind="typed",
        topic=about.topic,
        section=about.section,
        entry=about.entry,
        key=about.key,
        prompt=prompt,
        passage=passage,
        answer=answer,
        accept=tuple(a for a in dict.fromkeys(accept) if normalise(a) != normalise(answer)),
        explanation=explanation,
    )


# --- the film's key facts ----------------------------------------------------------------

# Plausible wrong answers for facts a film file states only once: real countries
# and genres. A film's own country and genres are never offered as wrong ones.
_COUNTRIES = (
    "United States of America",
    "United Kingdom",
    "France",
    "Canada",
    "Ireland",
    "Germany",
    "Australia",
    "Japan",
    "South Korea",
    "Italy",
    "Spain",
    "India",
    "Sweden",
    "Mexico",
)
_COUNTRY_ALIASES = {
    "united states of america": ("usa", "us", "united states", "america", "u s a"),
    "united kingdom": ("uk", "great britain", "britain", "england"),
}
_GENRES = (
    "Drama",
    "Comedy",
    "Romance",
    "Science Fiction",
    "Horror",
    "Thriller",
    "Mystery",
    "Action",
    "Animation",
    "Documentary",
    "Western",
    "Fantasy",
    "Musical",
    "War",
    "Crime",
    "Adventure",
)


def _names_country(candidate: str, country: str) -> bool:
    own = normalise(country)
    name = normalise(candidate)
    forms = (name, *_COUNTRY_ALIASES.get(name, ()))
    return any(re.search(rf"\b{re.escape(f)}\b", own) for f in forms)


def _facts(film: Film, rng: random.Random) -> Iterator[Question | None]:
    f = film.film
    title = f.title

    def about(aspect: str) -> _About:
        return _About("facts", "film", f.id, aspect)

    if f.director:
        people = [p for p in (*f.cast, *(c.actor for c in film.characters)) if p]
        said = f"{f.director} directed {title}" + (f" ({f.year})." if f.year else ".")
        yield _choice(
            rng,
            about("director"),
            prompt=f"Who directed {title}?",
            answer=f.director,
            wrong=[p for p in people if normalise(p) != normalise(f.director)],
            explanation=said,
        )
        surname = f.director.split()[-1]
        yield _typed(
            about("director"),
            prompt=f"Who directed {title}? (a name)",
            answer=f.director,
            accept=(surname,),
            explanation=said,
        )
    if f.release_date is not None and f.year is not None:
        released = f"{title} was released on {f.release_date.day} {f.release_date:%B %Y}."
        yield _typed(
            about("year"),
            prompt=f"In what year was {title} released? (a number)",
            answer=str(f.year),
            explanation=released,
        )
        truth = rng.random() < 0.5
        year = f.year if truth else f.year + rng.choice((-3, -2, -1, 1, 2, 3))
        yield _true_false(
            about("year"),
            statement=f"{title} was released in {year}.",
            truth=truth,
            explanation=released,
        )
    if f.runtime_minutes:
        minutes = f.runtime_minutes
        h, m = divmod(minutes, 60)
        others = [minutes + d for d in (-27, -18, -11, 9, 16, 24) if minutes + d >= 60]
        yield _choice(
            rng,
            about("runtime"),
            prompt=f"How long does {title} run?",
            answer=f"{minutes} minutes",
            wrong=[f"{n} minutes" for n in others],
            explanation=f"{title} runs {minutes} minutes ({h} h {m:02d} min).",
        )
    if f.country:
        yield _choice(
            rng,
            about("country"),
            prompt=f"Which country is {title} from?",
            answer=f.country,
            wrong=[c for c in _COUNTRIES if not _names_country(c, f.country)],
            explanation=f"{title}'s country of origin: {f.country}.",
        )
    if f.genres:
        own = {normalise(g) for g in f.genres}
        yield _choice(
            rng,
            about("genre"),
            prompt=f"Which of these genres is {title} listed under?",
            answer=rng.choice(f.genres),
            wrong=[g for g in _GENRES if normalise(g) not in own],
            explanation=f"{title} is listed as {_join(list(f.genres))}.",
        )
    if f.budget_usd and f.box_office_usd and f.budget_usd != f.box_office_usd:
        more = rng.random() < 0.5
        made_more = f.box_office_usd > f.budget_usd
        yield _true_false(
            about("money"),
            statement=f"{title} took {'more' if more else 'less'} at the box office"
            " than it cost to make.",
            truth=more == made_more,
            explanation=f"It cost ${f.budget_usd:,} to make and took ${f.box_office_usd:,}.",
        )
    key_themes = film.themes_of(f.themes)
    if key_themes:
        chosen = rng.choice(key_themes)
        yield _choice(
            rng,
            _About("themes", "themes", chosen.id, "key"),
            prompt=f"Which of these is one of the key themes of {title}?",
            answer=chosen.title,
            wrong=[t.title for t in film.themes if t.id not in f.themes],
            explanation=f"The key themes of {title} are {_titles(key_themes)}.",
        )


def _name_forms(c: Character, everyone: Sequence[Character]) -> list[str]:
    """What counts as naming ``c``: name, aliases, and any word of the name no one else shares."""
    theirs = {normalise(w) for o in everyone if o is not c for w in o.name.split()}
    unique = [w for w in c.name.split() if normalise(w) not in theirs and len(w) > 2]
    return [*unique, *c.aliases]


def _characters(film: Film, rng: random.Random) -> Iterator[Question | None]:
    people = film.characters
    for c in people:
        role = _mask(c.role, _names_of(c.name, (*c.aliases, *c.name.split())))
        who = f"{c.name}: {_sentence(c.role)}" + (f" {c.represents}" if c.represents else "")
        about = _About("facts", "characters", c.id, "who")
        yield _choice(
            rng,
            about,
            prompt="Which character is this?",
            passage=role,
            answer=c.name,
            wrong=[o.name for o in people if o is not c],
            explanation=who,
        )
        if len(people) >= 3:
            yield _typed(
                about,
                prompt="Which character is this? (a name)",
                passage=role,
                answer=c.name,
                accept=_name_forms(c, people),
                explanation=who,
            )
        if c.actor:
            actors = [o.actor for o in people if o is not c] + list(film.film.cast)
            yield _choice(
                rng,
                _About("facts", "characters", c.id, "actor"),
                prompt=f"Who plays {c.name}?",
                answer=c.actor,
                wrong=[a for a in actors if a and normalise(a) != normalise(c.actor)],
                explanation=f"{c.actor} plays {c.name}. {_sentence(c.role)}",
            )


# --- themes ---------------------------------------------------------------------------------


def _linked_themes(
    film: Film, group: Literal["symbols", "beats", "quotes"], entry_id: str
) -> list[Theme]:
    """Themes linked to an entry from either side, in file order."""
    return [t for t in film.themes if any(e.id == entry_id for e in getattr(film.links(t), group))]


def _related(film: Film) -> dict[str, dict[str, int]]:
    """How often two themes are linked to the same beat, symbol, quote or question."""
    groups = (
        [[t.id for t in _linked_themes(film, "beats", b.id)] for b in film.beats]
        + [[t.id for t in _linked_themes(film, "symbols", s.id)] for s in film.symbols]
        + [[t.id for t in _linked_themes(film, "quotes", q.id)] for q in film.quotes]
        + [list(q.themes) for q in film.questions]
    )
    counts: dict[str, dict[str, int]] = {t.id: {} for t in film.themes}
    for group in groups:
        for a in group:
            for b in group:
                if a != b and a in counts:
                    counts[a][b] = counts[a].get(b, 0) + 1
    return counts


def _other_themes(
    film: Film, rng: random.Random, linked: Iterable[Theme], related: dict[str, dict[str, int]]
) -> list[str]:
    """Titles of the themes not linked, least related first: wrong options clearly wrong."""
    ids = [t.id for t in linked]
    others = [t for t in film.themes if t.id not in ids]
    rng.shuffle(others)
    others.sort(key=lambda t: sum(related.get(i, {}).get(t.id, 0) for i in ids))
    return [t.title for t in others]


def _which_theme(
    film: Film,
    rng: random.Random,
    about: _About,
    linked: Sequence[Theme],
    *,
    prompt: str,
    passage: str,
    reason: str,
    related: dict[str, dict[str, int]],
    verb: str = "develops",
) -> Question | None:
    """'Which theme does X develop?': one linked theme is right; only unlinked ones are wrong."""
    if not linked:
        return None
    right = rng.choice(list(linked))
    develops = f"It {verb} {_titles(linked)}."
    return _choice(
        rng,
        about,
        prompt=prompt,
        passage=passage,
        answer=right.title,
        ranked=True,
        wrong=_other_themes(film, rng, linked, related),
        explanation=f"{_sentence(reason)} {develops}" if reason else develops,
    )


def _themes(film: Film, rng: random.Random) -> Iterator[Question | None]:
    related = _related(film)
    for theme in film.themes:
        yield _choice(
            rng,
            _About("themes", "themes", theme.id, "summary"),
            prompt="Which theme is this?",
            passage=_mask(theme.summary, (theme.title,)),
            answer=theme.title,
            ranked=True,
            wrong=_other_themes(film, rng, (theme,), related),
            explanation=f"{theme.title}: {_sentence(theme.summary)} {_lead(theme.explanation)}",
        )


# --- symbols --------------------------------------------------------------------------------


def _meaning(symbol: Symbol, phrases: Sequence[str]) -> str:
    """What a symbol means in a sentence, every symbol's name blanked out."""
    return _mask(_gist(symbol.meaning), phrases)


def _symbols(film: Film, rng: random.Random) -> Iterator[Question | None]:
    phrases = [p for s in film.symbols for p in _names_of(s.name, s.aliases)]
    meanings = {s.id: _meaning(s, phrases) for s in film.symbols}
    related = _related(film)
    for symbol in film.symbols:
        name = _in_sentence(symbol.name, film)
        others = [s for s in film.symbols if s is not symbol]
        where = "; ".join(a.rstrip(".") for a in symbol.appearances)
        explained = f"{_lead(symbol.meaning, 120)} It appears in: {where}."
        about = _About("symbols", "symbols", symbol.id, "meaning")
        yield _choice(
            rng,
            about,
            prompt=f"What is the meaning of {name} in {film.film.title}?",
            answer=meanings[symbol.id],
            wrong=[meanings[s.id] for s in others],
            explanation=explained,
        )
        borrowed = rng.choice(others) if others else None
        own = normalise(meanings[symbol.id])
        theirs = normalise(meanings[borrowed.id]) if borrowed else ""
        if borrowed and own and theirs and own != theirs:
            truth = rng.random() < 0.5
            because = (
                explained
                if truth
                else (
                    f"That is the meaning of {_in_sentence(borrowed.name, film)}."
                    f" {symbol.name}: {_lead(symbol.meaning, 120)}"
                )
            )
            yield _true_false(
                about,
                statement=f"this is the meaning of {name}.",
                truth=truth,
                passage=meanings[symbol.id if truth else borrowed.id],
                explanation=because,
            )
        linked = _linked_themes(film, "symbols", symbol.id)
        main = (film.themes_of(symbol.themes) or tuple(linked))[:1]
        if main:
            rest = [t for t in linked if t is not main[0]]
            also = f" It also serves {_titles(rest)}." if rest else ""
            yield _choice(
                rng,
                _About("symbols", "symbols", symbol.id, "theme"),
                kind="symbol-theme",
                prompt=f"Which theme does {name} mainly serve?",
                answer=main[0].title,
                wrong=_other_themes(film, rng, linked, related),
                ranked=True,
                explanation=f"{symbol.name} serves '{main[0].title}' above all."
                f" {_sentence(main[0].summary)}{also}",
            )


# --- arcs -----------------------------------------------------------------------------------


def _arcs(film: Film, rng: random.Random) -> Iterator[Question | None]:
    related = _related(film)
    for arc in film.arcs:
        owner = film.character_by_id[arc.character]
        whose = f"{owner.name}'s arc"
        beats = arc.beats
        titles = [b.title for b in beats]
        distinct = len({normalise(t) for t in titles}) == len(titles)
        for beat in beats:
            linked = _linked_themes(film, "beats", beat.id)
            happens = _lead(beat.happens, 80)
            yield _which_theme(
                film,
                rng,
                _About("arc", "beats", beat.id, "theme"),
                linked,
                prompt=f"Which theme does this moment of {whose} develop?",
                passage=f"{beat.title}: {happens}",
                reason=beat.meaning,
                related=related,
            )
            if len(beats) >= 3 and distinct:
                yield _choice(
                    rng,
                    _About("arc", "beats", beat.id, "which"),
                    prompt=f"Which moment of {whose} is this?",
                    passage=_mask(happens, (beat.title,)),
                    answer=beat.title,
                    wrong=[t for t in titles if t != beat.title],
                    explanation=f"{beat.title} (beat {beats.index(beat) + 1} of {len(beats)}):"
                    f" {beat.meaning}",
                )
            unlinked = _other_themes(film, rng, linked, related)[:3]
            if linked and unlinked:
                truth = rng.random() < 0.5
                theme = rng.choice([t.title for t in linked] if truth else unlinked)
                yield _true_false(
                    _About("arc", "beats", beat.id, "theme"),
                    statement=f"'{beat.title}', in {whose}, develops the theme '{theme}'.",
                    truth=truth,
                    explanation=f"'{beat.title}' develops {_titles(linked)}. {beat.meaning}",
                )
        if len(beats) >= 2 and distinct:
            first, second = sorted(rng.sample(range(len(beats)), 2))
            truth = rng.random() < 0.5
            a, b = (beats[first], beats[second]) if truth else (beats[second], beats[first])
            yield _true_false(
                _About("arc", "beats", a.id, "order"),
                statement=f"in {whose}, '{a.title}' comes before '{b.title}'.",
                truth=truth,
                explanation=f"'{beats[first].title}' is beat {first + 1} and"
                f" '{beats[second].title}' is beat {second + 1} of {len(beats)}.",
            )
        if len(beats) >= ORDER_SIZE and distinct:
            picked = sorted(rng.sample(range(len(beats)), ORDER_SIZE))
            in_order = tuple(beats[i].title for i in picked)
            shown = list(in_order)
            while tuple(shown) == in_order:
                rng.shuffle(shown)
            steps = "; ".join(f"{beats[i].title} (beat {i + 1})" for i in picked)
            yield Question(
                kind="order",
                topic="arc",
                section="beats",
                entry=beats[picked[0]].id,
                key=f"arcs:{arc.character}:order",
                prompt=f"Put these moments of {whose} in the order of the film.",
                answer=" → ".join(in_order),
                options=tuple(shown),
                sequence=in_order,
                explanation=f"In film order: {steps}." + (f" {arc.summary}" if arc.summary else ""),
            )


# --- quotes ---------------------------------------------------------------------------------

_STOP = frozenset(
    """about above after again against also because been before being below between both
    could does doing down during each every from further have having here just into itself
    more most much must only other over same should some something anything everything such
    than that their them then there these they this those through under until very were what
    when where which while will with would your yours you're don't won't can't it's
    that's""".split()
)


def _blank_word(text: str) -> str | None:
    """The word to leave out of a line: its last word of four letters or more, not a small one."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’]*", text) if len(w) >= 4]
    words = [w for w in words if w.lower().replace("’", "'") not in _STOP]
    return words[-1] if words else None


def _quotes(film: Film, rng: random.Random) -> Iterator[Question | None]:
    related = _related(film)
    speakers = list(dict.fromkeys(q.speaker for q in film.quotes))
    people = film.characters
    for quote in film.quotes:
        speaker = film.character_by_id[quote.speaker]
        said = f"{speaker.name} says it" + (
            f" to {film.character_by_id[quote.addressee].name}" if quote.addressee else ""
        )
        rough = ""
        if quote.approximate and "approximat" not in quote.context.lower():
            rough = " (The wording is approximate.)"
        context = f"{said}. {_sentence(quote.context)}{rough}"
        if len(speakers) >= 2:
            # Those with lines of their own first: they are the likelier guesses.
            talkers = [film.character_by_id[s].name for s in speakers if s != quote.speaker]
            rng.shuffle(talkers)
            rest = [c.name for c in people if c.id not in speakers]
            rng.shuffle(rest)
            yield _choice(
                rng,
                _About("quotes", "quotes", quote.id, "speaker"),
                kind="who-said",
                prompt="Who says this line?",
                passage=quote.text,
                answer=speaker.name,
                wrong=talkers + rest,
                ranked=True,
                explanation=context,
            )
            truth = rng.random() < 0.5
            named = (
                speaker
                if truth
                else film.character_by_id[rng.choice([s for s in speakers if s != quote.speaker])]
            )
            yield _true_false(
                _About("quotes", "quotes", quote.id, "speaker"),
                statement=f"{named.name} says this line.",
                passage=quote.text,
                truth=truth,
                explanation=context,
            )
        linked = _linked_themes(film, "quotes", quote.id)
        yield _which_theme(
            film,
            rng,
            _About("quotes", "quotes", quote.id, "theme"),
            linked,
            prompt="Which theme does this line speak to?",
            passage=quote.text,
            reason=quote.meaning,
            related=related,
            verb="speaks to",
        )
        word = None if quote.approximate else _blank_word(quote.text)
        if word:
            yield _typed(
                _About("quotes", "quotes", quote.id, "words"),
                prompt=f"Fill in the missing word of {speaker.name}'s line. (a word)",
                passage=_mask(quote.text, (word,)),
                answer=word,
                explanation=f"“{quote.text}” {context} {quote.meaning}",
            )


# --- questions ------------------------------------------------------------------------------


def _questions(film: Film, rng: random.Random) -> Iterator[Question | None]:
    related = _related(film)
    for q in film.questions:
        linked = list(film.themes_of(q.themes))
        yield _which_theme(
            film,
            rng,
            _About("questions", "questions", q.id, "theme"),
            linked,
            prompt="Which theme does this question take up?",
            passage=q.question,
            reason=_lead(q.discussion) if q.discussion else "",
            related=related,
            verb="takes up",
        )


# --- hand-written items ---------------------------------------------------------------------


def _section_of(film: Film, entry_id: str) -> Section:
    sections: list[tuple[Section, Iterable[str]]] = [
        ("film", (film.film.id,)),
        ("characters", film.character_by_id),
        ("themes", film.theme_by_id),
        ("symbols", film.symbol_by_id),
        ("beats", film.beat_by_id),
        ("quotes", film.quote_by_id),
        ("questions", (q.id for q in film.questions)),
    ]
    for section, ids in sections:
        if entry_id in ids:
            return section
    return "quiz"


def _hand_written(film: Film, rng: random.Random, item: QuizItem) -> Question | None:
    section = _section_of(film, item.entry) if item.entry else "quiz"
    about = _About(item.topic, section, item.entry or item.id, item.id)
    if item.kind == "truefalse":
        verdict = TRUE if item.answer.strip().lower() == "true" else FALSE
        prompt = item.prompt
        if not prompt.lower().startswith("true or false"):
            prompt = f"True or false: {prompt}"
        return Question(
            kind="truefalse",
            topic=item.topic,
            section=section,
            entry=about.entry,
            key=about.key,
            prompt=prompt,
            answer=verdict,
            options=(TRUE, FALSE),
            explanation=item.explanation,
        )
    if item.kind == "typed":
        return _typed(about, prompt=item.prompt, answer=item.answer, explanation=item.explanation)
    # The loader refuses exact repeats; 'Spike Jonze' and 'spike jonze.' are repeats too.
    seen = {normalise(item.answer)}
    options = [item.answer]
    for option in item.options:
        if normalise(option) and normalise(option) not in seen:
            seen.add(normalise(option))
            options.append(option)
    if len(options) < 2:
        return None
    rng.shuffle(options)
    return Question(
        kind="choice",
        topic=item.topic,
        section=section,
        entry=about.entry,
        key=about.key,
        prompt=item.prompt,
        answer=item.answer,
        options=tuple(options),
        explanation=item.explanation,
    )


# --- the whole pool, and a quiz from it -----------------------------------------------------


def all_questions(film: Film, rng: random.Random) -> list[Question]:
    """Every question the film can give, options drawn and shuffled with ``rng``."""
    made: list[Question | None] = []
    for generator in (_facts, _characters, _themes, _symbols, _arcs, _quotes, _questions):
        made.extend(generator(film, rng))
    generated = [q for q in made if q is not None]
    # A hand-written item with a generated question's entry and answer asks the same thing.
    same = {
        (q.section, q.entry, normalise(q.answer)): q.key for q in generated if q.kind != "truefalse"
    }
    written = []
    for item in film.quiz:
        q = _hand_written(film, rng, item)
        if q is None:
            continue
        key = q.kind != "truefalse" and same.get((q.section, q.entry, normalise(q.answer)))
        written.append(replace(q, key=key) if key else q)
    return generated + written


def _asked(q: Question) -> set[str]:
    """What a question uses up: the thing it asks, and its entry, since a second question on
    one entry could give the first away (a who-said showing the line a typed answer blanks).
    The film's own facts are separate things."""
    return {q.key} if q.section == "film" else {q.key, f"{q.section}:{q.entry}"}


def generate(
    film: Film,
    n: int,
    topics: Iterable[str] = (),
    kinds: Iterable[str] = (),
    seed: int | None = None,
    where: Callable[[Question], bool] | None = None,
) -> list[Question]:
    """Up to ``n`` questions of as many kinds as possible, never the same thing twice.

    ``topics`` and ``kinds`` narrow the pool (empty: all), and so does ``where``
    (``herstudy study`` keeps the questions on one theme). Fewer than ``n`` come
    back when the film cannot give more; the caller says so.
    """
    rng = random.Random(seed)
    wanted_topics = set(topics) or set(TOPICS)
    wanted_kinds = set(kinds) or set(KINDS)
    pool = [
        q
        for q in all_questions(film, rng)
        if q.topic in wanted_topics and q.kind in wanted_kinds and (where is None or where(q))
    ]
    by_kind: dict[str, list[Question]] = {}
    for q in pool:
        by_kind.setdefault(q.kind, []).append(q)
    queues = list(by_kind.values())
    for queue in queues:
        rng.shuffle(queue)
    rng.shuffle(queues)
    chosen: list[Question] = []
    asked: set[str] = set()
    # Take the kinds in turn, so ten questions bring every kind there is.
    while len(chosen) < n and any(queues):
        for queue in queues:
            while queue and len(chosen) < n:
                q = queue.pop()
                if not _asked(q) & asked:
                    asked |= _asked(q)
                    chosen.append(q)
                    break
    rng.shuffle(chosen)
    return chosen
