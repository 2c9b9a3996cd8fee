"""A child process for the durability tests: records reviews in a loop.

    python tests/progress_worker.py FILM HOME COUNT

Reviews the film's first 20 cards in turn, COUNT times (Good, Hard, Again…),
printing each review's id once its commit has returned.
"""

from __future__ import annotations

import sys
from pathlib import Path

from herstudy.load import load_film
from herstudy.progress.cards import make_cards
from herstudy.progress.clock import now_utc
from herstudy.progress.schedule import Schedule
from herstudy.progress.store import open_store


def main() -> None:
    film_path, home, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    film = load_film(film_path)
    cards = make_cards(film)[:20]
    schedule = Schedule(fuzz=False)
    store = open_store(film, film_path, now_utc(), home=home)
    print("ready", flush=True)
    for i in range(count):
        done = store.record(cards[i % len(cards)], (3, 2, 1, 4)[i % 4], now_utc(), schedule.review)
        print(done.review, flush=True)
    store.close()


if __name__ == "__main__":
    main()
