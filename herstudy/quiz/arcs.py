"""Questions on the arcs: the order of single moments, and which moment shows an idea.

The order is asked of four moments at once; a true-or-false "A comes before B" is not
asked, since two moments of a story mostly order themselves. Beats marked
``recurring`` (flashbacks, a trait shown throughout) have no place in the film's order
and are never ordered. An evidence question offers one moment whose main theme (the
first it lists) is the idea asked about and, as wrong options, only moments linked
neither to that theme nor to any theme that shares an entry with it, so exactly one
option is defensible.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from herstudy.model import Arc, Beat, Film, Theme
from herstudy.quiz.check import normalise
from herstudy.quiz.question import MOST_WRONG, About, Question, build
from herstudy.quiz.wording import content_words, sentence
from herstudy.text import sentences

ORDER_SIZE = 4


def _whose(film: Film, arc: Arc) -> str:
    return f"{film.character_by_id[arc.character].name}'s arc"


def _moments(arc: Arc) -> list[Beat]:
    """The beats that happen once, if their titles tell them apart."""
    moments = [b for b in arc.beats if not b.recurring]
    titles = {normalise(b.title) for b in moments}
    return moments if len(titles) == len(moments) else []


def order(film: Film, rng: random.Random) -> Iterator[Question | None]:
    for arc in film.arcs:
        whose = _whose(film, arc)
        moments = _moments(arc)
        if len(moments) >= ORDER_SIZE:
            picked = [moments[i] for i in sorted(rng.sample(range(len(moments)), ORDER_SIZE))]
            in_order = tuple(b.title for b in picked)
            yield build(
                About("arc", "beats", picked[0].id, f"order-{arc.character}"),
                "order",
                f"Put these moments of {whose} in the order of the film.",
                " → ".join(in_order),
                rng=rng,
                sequence=in_order,
                explanation="In film order: "
                + "; ".join(in_order)
                + "."
                + (f" {arc.summary}" if arc.summary else ""),
            )


def _related(film: Film) -> dict[str, set[str]]:
    """Each theme → the themes linked to some entry it is linked to, itself included."""
    related: dict[str, set[str]] = {t.id: {t.id} for t in film.themes}
    groups = [film.themes_about("beats", b.id) for b in film.beats]
    groups += [film.themes_about("symbols", s.id) for s in film.symbols]
    groups += [film.themes_about("quotes", q.id) for q in film.quotes]
    groups += [film.themes_about("questions", q.id) for q in film.questions]
    for group in groups:
        for a in group:
            related[a].update(group)
    return related


def _why(beat: Beat, theme: Theme) -> str:
    """The sentence of a beat's meaning that says most about the idea it shows."""
    found = sentences(beat.meaning) or [beat.meaning]
    idea = content_words(f"{theme.title} {theme.summary}")
    return max(found, key=lambda s: len(content_words(s) & idea))


def evidence(film: Film, rng: random.Random) -> Iterator[Question | None]:
    related = _related(film)
    # Only an arc with a beat whose main theme is the idea asked can give a question:
    # pair each theme with those arcs alone, not with every arc.
    arcs_of: dict[str, list[Arc]] = {}
    for arc in film.arcs:
        for tid in dict.fromkeys(b.themes[0] for b in arc.beats if b.themes):
            arcs_of.setdefault(tid, []).append(arc)
    for theme in film.themes:
        for arc in arcs_of.get(theme.id, ()):
            yield _evidence(film, rng, theme, arc, related[theme.id])


def _evidence(
    film: Film, rng: random.Random, theme: Theme, arc: Arc, near: set[str]
) -> Question | None:
    linked = [b for b in arc.beats if b.themes[:1] == (theme.id,)]
    apart = [b for b in arc.beats if not near & set(film.themes_about("beats", b.id))]
    if not linked or len(apart) < MOST_WRONG:
        return None
    prompt = f"Which moment of {_whose(film, arc)} best shows this idea?"
    wrong = [b.title for b in apart]
    rng.shuffle(linked)
    # A title that shares a word with the idea would point at itself.
    for beat in (b for b in linked if not content_words(b.title) & content_words(theme.summary)):
        return build(
            About("themes", "themes", theme.id, f"evidence-{arc.character}", (theme.id,)),
            "evidence",
            prompt,
            beat.title,
            rng=rng,
            wrong=wrong,
            passage=sentence(theme.summary),
            explanation=f"{beat.title}: {_why(beat, theme)}",
        )
    return None
