"""Questions on the film's key facts: each has exactly one right value."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from herstudy.model import Film
from herstudy.progress.cards import fact_card
from herstudy.quiz.check import normalise
from herstudy.quiz.question import FALSE, TRUE, About, Question, build
from herstudy.quiz.wording import join

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


def facts(film: Film, rng: random.Random) -> Iterator[Question | None]:
    f = film.film
    title = f.title

    def about(aspect: str, card: str | None = None) -> About:
        # Only the director and the year are cards; the rest are details of a film's listing.
        return About(
            "facts",
            "film",
            f.id,
            aspect,
            card=fact_card(film, card) if card else None,
            detail=card is None,
        )

    if f.director:
        people = [*film.cast]
        said = f"{f.director} directed {title}" + (f" ({f.year})." if f.year else ".")
        yield build(
            about("director", "director"),
            "choice",
            f"Who directed {title}?",
            f.director,
            rng=rng,
            wrong=[p for p in people if normalise(p) != normalise(f.director)],
            explanation=said,
        )
        yield build(
            about("director", "director"),
            "typed",
            f"Who directed {title}? (a name)",
            f.director,
            accept=(f.director.split()[-1],),
            explanation=said,
        )
    if f.release_date is not None and f.year is not None:
        released = f"{title} was released on {f.release_date.day} {f.release_date:%B %Y}."
        yield build(
            about("year", "release-date"),
            "typed",
            f"In what year was {title} released? (a number)",
            str(f.year),
            explanation=released,
        )
        truth = rng.random() < 0.5
        year = f.year if truth else f.year + rng.choice((-3, -2, -1, 1, 2, 3))
        yield build(
            about("year"),  # a coin flip on the year the typed question asks: a detail
            "truefalse",
            f"True or false: {title} was released in {year}.",
            TRUE if truth else FALSE,
            explanation=released,
        )
    if f.runtime_minutes:
        minutes = f.runtime_minutes
        h, m = divmod(minutes, 60)
        others = [minutes + d for d in (-27, -18, -11, 9, 16, 24) if minutes + d >= 60]
        yield build(
            about("runtime"),
            "choice",
            f"How long does {title} run?",
            f"{minutes} minutes",
            rng=rng,
            wrong=[f"{n} minutes" for n in others],
            explanation=f"{title} runs {minutes} minutes ({h} h {m:02d} min).",
        )
    if f.country:
        yield build(
            about("country"),
            "choice",
            f"Which country is {title} from?",
            f.country,
            rng=rng,
            wrong=[c for c in _COUNTRIES if not _names_country(c, f.country)],
            explanation=f"{title}'s country of origin: {f.country}.",
        )
    if f.genres:
        own = {normalise(g) for g in f.genres}
        yield build(
            about("genre"),
            "choice",
            f"Which of these genres is {title} listed under?",
            rng.choice(f.genres),
            rng=rng,
            wrong=[g for g in _GENRES if normalise(g) not in own],
            explanation=f"{title} is listed as {join(list(f.genres))}.",
        )
    if f.budget_usd and f.box_office_usd and f.budget_usd != f.box_office_usd:
        more = rng.random() < 0.5
        made_more = f.box_office_usd > f.budget_usd
        yield build(
            about("money"),
            "truefalse",
            f"True or false: {title} took {'more' if more else 'less'} at the box office"
            " than it cost to make.",
            TRUE if more == made_more else FALSE,
            explanation=f"It cost ${f.budget_usd:,} to make and took ${f.box_office_usd:,}.",
        )
