"""herstudy: a study companion for a film, in the terminal."""

__version__ = "0.2.0"
