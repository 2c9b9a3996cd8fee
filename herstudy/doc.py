"""A small document model: what a view says, before any format is chosen.

Views (``herstudy.views``) build these blocks from the film; each renderer in
``herstudy.render`` turns them into one format. Text in them is always plain
text from the data file — never markup — and renderers must keep it that way.

The blocks are frozen ``msgspec.Struct``s: every command imports this module, and
defining a struct takes microseconds where a frozen dataclass ``exec``s its generated
methods (about half a millisecond each). ``View`` stays a dataclass: the vault makes
a page of one with ``dataclasses.replace``, and its ``data`` takes no part in equality.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Literal

import msgspec

Style = Literal["theme", "mark", "strong", "em", "dim", "id", "plain"]


class Styled(msgspec.Struct, frozen=True):
    """A piece of inline text with a meaning the renderer may show (colour, bold...)."""

    text: str
    style: Style
    tone: int = 0
    """For ``theme``: which theme colour."""


class Ref(Styled, frozen=True):
    """Text that names an entry of the film: a link in a format that has links
    (the vault's notes), and everywhere else the ``Styled`` text it is."""

    kind: str = ""
    """The entry's section in the data file (``themes``, ``beats``...), or ``arcs``."""
    id: str = ""
    """The entry's id (an arc's: its character's); empty for a whole section."""


Inline = str | Styled
Line = tuple[Inline, ...]


def plain(line: Line) -> str:
    return "".join(p if isinstance(p, str) else p.text for p in line)


class Heading(msgspec.Struct, frozen=True):
    text: str
    level: int = 2
    tone: int | None = None
    note: str = ""
    """A short aside after the heading, such as the id or a kind."""


class Paragraph(msgspec.Struct, frozen=True):
    line: Line
    style: Literal["normal", "lead", "muted"] = "normal"


class Fields(msgspec.Struct, frozen=True):
    """Label: value rows (key facts, who said a line...)."""

    rows: tuple[tuple[str, Line], ...]


class Bullets(msgspec.Struct, frozen=True):
    items: tuple[Line, ...]
    title: str = ""
    numbered: bool = False


class Quote(msgspec.Struct, frozen=True):
    text: str
    cite: Line = ()
    about: tuple[str, str] | None = None
    """The quote entry shown, as ``(kind, id)``: where links to it lead."""


class Table(msgspec.Struct, frozen=True):
    headers: tuple[str, ...]
    rows: tuple[tuple[Line, ...], ...]
    title: str = ""
    header_tones: tuple[int | None, ...] = ()


class Entry(msgspec.Struct, frozen=True):
    """One entry of a list or in depth: a panel on a terminal, a heading in Markdown."""

    title: str
    body: tuple[Block, ...]
    tone: int | None = None
    note: str = ""
    level: int = 2
    about: tuple[str, str] | None = None
    """The film's entry this shows in full, as ``(kind, id)``: where links to it lead."""


class Step(msgspec.Struct, frozen=True):
    marker: str
    title: str
    body: tuple[Block, ...]
    about: tuple[str, str] | None = None
    """As for ``Entry``."""


class Timeline(msgspec.Struct, frozen=True):
    steps: tuple[Step, ...]


class Heatmap(msgspec.Struct, frozen=True):
    """A count per day as a calendar: a column per week (Monday first), a row per weekday."""

    start: datetime.date
    """A Monday: the first week's first day."""
    counts: tuple[int, ...]
    """One per day from ``start``; the calendar ends after the last."""
    title: str = ""

    def weeks(self) -> list[tuple[datetime.date, tuple[int | None, ...]]]:
        """Each week's Monday and its seven counts (None after the last day)."""
        out = []
        for i in range(0, len(self.counts), 7):
            days = self.counts[i : i + 7]
            padded = (*days, *[None] * (7 - len(days)))
            out.append((self.start + datetime.timedelta(days=i), padded))
        return out

    def as_table(self) -> Table:
        """The same counts as a table, a row per week, for formats without colour."""
        names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        rows = tuple(
            (
                (monday.isoformat(),),
                *((str(n) if n else "",) if n is not None else ("",) for n in days),
                (str(sum(n or 0 for n in days)),),
            )
            for monday, days in self.weeks()
        )
        return Table(("Week of", *names, "Total"), rows, title=self.title)


Block = Heading | Paragraph | Fields | Bullets | Quote | Table | Entry | Timeline | Heatmap


@dataclass(frozen=True)
class View:
    """What a command shows: a titled document for people, and the data for JSON."""

    title: str
    blocks: tuple[Block, ...]
    data: Any = field(default=None, compare=False)
    subtitle: str = ""
    hint: str = ""
    """A next step for a person at a terminal; printed to stderr, never into notes."""
