"""Shared by the tests/test_progress*.py files: a settable clock, a scripted screen, a store."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from pathlib import Path

from herstudy.load import load_film
from herstudy.model import Film
from herstudy.progress.cards import Card
from herstudy.progress.store import Store, open_store

UTC = datetime.timezone.utc
T0 = datetime.datetime(2030, 3, 4, 12, 0, tzinfo=UTC)
"""A Monday, at noon UTC: far from a day boundary in most time zones."""


class Clock:
    def __init__(self, now: datetime.datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, **delta: float) -> datetime.datetime:
        self.now += datetime.timedelta(**delta)
        return self.now


class Screen:
    """Plays the given keys; after them, ``q``. Records what was shown and said."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self.keys = list(keys)
        self.fronts: list[str] = []
        self.backs: list[str] = []
        self.said: list[str] = []
        self.prompts: list[str] = []

    def front(self, card: Card, number: int, left: str) -> None:
        self.fronts.append(card.id)

    def back(self, card: Card) -> None:
        self.backs.append(card.id)

    def key(self, prompt: str, keys: Collection[str]) -> str:
        self.prompts.append(prompt)
        key = self.keys.pop(0) if self.keys else "q"
        assert key in keys, f"{key!r} is not offered at {prompt!r}"
        return key

    def say(self, text: str, quiet: bool = False) -> None:
        self.said.append(text)


def grades(*ratings: int) -> list[str]:
    """The keys that reveal and grade one card per rating."""
    return [k for r in ratings for k in ("space", str(r))]


def film_and_store(path: Path, home: Path, now: datetime.datetime = T0) -> tuple[Film, Store]:
    film = load_film(path)
    return film, open_store(film, path, now, home=home)
