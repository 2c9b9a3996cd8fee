"""Append a student's reflections to a Markdown notes file, under a dated heading."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from herstudy.errors import HerstudyError
from herstudy.render.text import md_escape
from herstudy.text import visible


class NotesFile:
    """Opens lazily: nothing is written until the first reflection."""

    def __init__(self, path: Path, heading: str) -> None:
        self.path = path
        self.heading = heading
        self.written = 0
        """Reflections written so far; the dated heading comes with the first."""
        # Say so now, not after the student has typed a reflection that cannot be kept.
        try:
            if path.is_dir():
                raise HerstudyError(f"{path}: is a directory, not a notes file")
            if not path.parent.is_dir():
                raise HerstudyError(f"{path}: cannot write notes: no folder {path.parent}")
            if not os.access(path if path.exists() else path.parent, os.W_OK):
                raise HerstudyError(f"{path}: cannot write notes: permission denied")
        except OSError as e:
            raise HerstudyError(f"{path}: cannot write notes: {e.strerror or e}") from None

    def add(self, about: str, prompt: str, answer: str) -> None:
        """Append the student's ``answer`` (Markdown of their own) under the film's text."""
        answer = visible(answer.strip())
        if not answer:
            return
        self.add_markdown(f"### {md_escape(about)}\n\n*{md_escape(prompt)}*\n\n{answer}\n")

    def add_markdown(self, text: str) -> None:
        """Append Markdown made safe by the caller (a draft), after the dated heading."""
        parts = []
        try:
            if not self.written:
                today = datetime.date.today().isoformat()
                lead = "\n" if self.path.exists() and self.path.stat().st_size else ""
                parts.append(f"{lead}## {today}: {md_escape(self.heading)}\n")
            parts.append(f"\n{text}")
            with self.path.open("a", encoding="utf-8") as f:
                f.write("".join(parts))
        except OSError as e:
            raise HerstudyError(f"{self.path}: cannot write notes: {e.strerror or e}") from None
        self.written += 1
