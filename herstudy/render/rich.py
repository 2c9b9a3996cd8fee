"""Rich, for a person at a terminal: panels, tables, a timeline, a colour per theme.

Data text only ever enters Rich as ``Text`` objects, never as a markup string,
so ``[bold]`` in a data file prints as it is. Rich itself handles NO_COLOR,
TERM=dumb and narrow terminals.
"""

from __future__ import annotations

import datetime
from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text
from rich.tree import Tree

from herstudy.doc import (
    Block,
    Bullets,
    Entry,
    Fields,
    Heading,
    Heatmap,
    Line,
    Paragraph,
    Quote,
    Styled,
    Table,
    Timeline,
    View,
    plain,
)

PALETTE = (
    "magenta",
    "cyan",
    "green",
    "yellow",
    "bright_red",
    "bright_magenta",
    "bright_cyan",
    "bright_green",
    "dark_orange",
    "deep_pink3",
    "turquoise2",
    "gold3",
    "medium_purple1",
    "spring_green2",
    "light_salmon1",
    "orchid",
)

_STYLES = {
    "mark": "bold black on yellow",
    "strong": "bold",
    "em": "italic",
    "dim": "dim",
    "id": "cyan",
}


def colour(tone: int | None) -> str:
    return "" if tone is None else PALETTE[tone % len(PALETTE)]


def text(line: Line, style: str = "") -> Text:
    out = Text(style=style)
    for part in line:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Styled):
            out.append(part.text, _style(part))
    return out


def _style(part: Styled) -> str:
    if part.style == "theme":
        return f"bold {colour(part.tone)}"
    return _STYLES.get(part.style, "")


def _blocks(blocks: tuple[Block, ...], width: int) -> list[RenderableType]:
    """The blocks with a blank line between paragraphs of prose."""
    out: list[RenderableType] = []
    for i, block in enumerate(blocks):
        if (
            i
            and isinstance(block, (Paragraph, Fields, Bullets, Quote))
            and not isinstance(blocks[i - 1], Heading)
        ):
            out.append(Text())
        out.append(_block(block, width))
    return out


def _block(block: Block, width: int) -> RenderableType:
    if isinstance(block, Heading):
        title = Text(block.text, style=f"bold {colour(block.tone)}".strip())
        if block.note:
            title.append(f"  {block.note}", "dim")
        return Padding(title, (1, 0, 0, 0))
    if isinstance(block, Paragraph):
        style = {"lead": "italic", "muted": "dim"}.get(block.style, "")
        return text(block.line, style)
    if isinstance(block, Fields):
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1)
        for label, value in block.rows:
            grid.add_row(Text(label), text(value))
        return grid
    if isinstance(block, Bullets):
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for i, item in enumerate(block.items, 1):
            grid.add_row(Text(f"{i}." if block.numbered else "•"), text(item))
        if block.title:
            return Group(Text(block.title, style="bold"), grid)
        return grid
    if isinstance(block, Quote):
        body = Text("“" + block.text + "”", style="italic")
        parts: list[RenderableType] = [body]
        if block.cite:
            cite = Text("— ", style="dim")
            cite.append_text(text(block.cite))
            parts.append(Padding(cite, (0, 0, 0, 2)))
        return Panel(Group(*parts), box=box.ROUNDED, border_style="dim", padding=(0, 1))
    if isinstance(block, Table):
        if _first_column_room(block, width) < 16:
            return _table_as_list(block)
        table = RichTable(box=box.SIMPLE_HEAD, expand=False, show_edge=False, pad_edge=False)
        tones = block.header_tones or (None,) * len(block.headers)
        for i, (header, tone) in enumerate(zip(block.headers, tones, strict=True)):
            table.add_column(
                Text(header, style=f"bold {colour(tone)}".strip()),
                justify="left" if i == 0 else "center",
                ratio=1 if i == 0 else None,
            )
        for row in block.rows:
            table.add_row(*(text(cell) for cell in row))
        return table
    if isinstance(block, Entry):
        title = Text(block.title, style=f"bold {colour(block.tone)}".strip())
        if block.level >= 3:
            head = title
            if block.note:
                head.append(f"  {block.note}", "dim")
            return Group(
                Padding(head, (1, 0, 0, 0)),
                Padding(Group(*_blocks(block.body, width - 2)), (0, 0, 0, 2)),
            )
        inside = _blocks(block.body, width - 4)
        # Rich cuts a title off at the border; one too long for it goes inside, where it wraps.
        fits = title.cell_len + 6 <= width
        return Panel(
            Group(*inside) if fits else Group(title, *inside),
            title=title if fits else None,
            title_align="left",
            subtitle=Text(block.note, style="dim") if block.note else None,
            subtitle_align="right",
            border_style=colour(block.tone) or "dim",
            box=box.ROUNDED,
            padding=(0, 1),
        )
    if isinstance(block, Timeline):
        tree = Tree(Text("In film order", style="dim"), guide_style="bright_black")
        for step in block.steps:
            step_title = Text(f"{step.marker}  ", style="bold bright_black")
            step_title.append(step.title, style="bold")
            tree.add(Group(step_title, *(_block(b, width - 4) for b in step.body), Text()))
        return tree
    if isinstance(block, Heatmap):
        return _heatmap(block)
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover


_HEAT = (
    ("·", "bright_black"),
    ("░", "green4"),
    ("▒", "green3"),
    ("▓", "green1"),
    ("█", "bright_green"),
)


def month_labels(mondays: list[datetime.date]) -> list[tuple[int, str]]:
    """(week, month name) over the week each month begins in (the one holding its 1st),
    and over the first week for the month shown in part. A name takes three of the two
    columns a week has, so two cannot be in neighbouring weeks: the partial month at the
    left edge then gives way to the next, which every other month is too far to meet."""
    labels: list[tuple[int, str]] = []
    for i, monday in enumerate(mondays):
        sunday = monday + datetime.timedelta(days=6)
        if i == 0 or sunday.day <= 7:
            month = monday if i == 0 and sunday.day > 7 else sunday
            if labels and i - labels[-1][0] < 2:
                labels.pop()  # only the first week's label can be this close
            labels.append((i, month.strftime("%b")))
    return labels


def _heatmap(block: Heatmap) -> RenderableType:
    """A calendar of squares, a column per week: shade and glyph grow with the count."""
    weeks = block.weeks()
    top = max(block.counts, default=0)
    header = [" "] * (2 * len(weeks) + 2)
    for i, name in month_labels([monday for monday, _ in weeks]):
        header[2 * i : 2 * i + 3] = name
    lines = [Text("    " + "".join(header).rstrip(), style="dim")]
    for row, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        line = Text(f"{name:<4}", style="dim")
        for _, days in weeks:
            n = days[row]
            if n is None:
                line.append("  ")
            else:
                glyph, style = _HEAT[-(-4 * n // top) if top else 0]
                line.append(glyph + " ", style)
        lines.append(line)
    legend = Text("    less ", style="dim")
    for glyph, style in _HEAT:
        legend.append(glyph + " ", style)
    legend.append("more", "dim")
    lines.append(legend)
    return Group(*lines)


def _first_column_room(block: Table, width: int) -> int:
    """What is left for the first column once the others have their widest cell."""
    others = 0
    for i, header in enumerate(block.headers[1:], 1):
        widest = max((cell_len(plain(row[i])) for row in block.rows), default=0)
        others += max(cell_len(header), widest) + 2
    return width - others - 1


def _table_as_list(block: Table) -> RenderableType:
    """A table too wide for the terminal: each row's first cell, then its other cells by
    header (a mark, such as the tracker's, by its header alone), wrapping as text does."""
    tones = block.header_tones or (None,) * len(block.headers)
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(ratio=1)
    for row in block.rows:
        line = text(row[0], "bold")
        rest = Text()
        for header, tone, cell in zip(block.headers[1:], tones[1:], row[1:], strict=True):
            value = plain(cell).strip()
            if not value:
                continue
            if rest:
                rest.append("   ")
            if header:
                rest.append(header, f"bold {colour(tone)}".strip())
            if len(value) > 1:
                rest.append(" " if header else "")
                rest.append_text(text(cell))
        grid.add_row(line)
        grid.add_row(Padding(rest, (0, 0, 0, 2)))
    return grid


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich would exit 1 here; let herstudy.cli end quietly, as for every other format.
        raise BrokenPipeError


def render_rich(view: View, stream: TextIO) -> None:
    console = _Console(file=stream, highlight=False, emoji=False, markup=False)
    title = Text(view.title, style="bold")
    if view.subtitle:
        title.append(f"  {view.subtitle}", "dim")
    console.print(title)
    console.rule(style="dim")
    for renderable in _blocks(view.blocks, console.width):
        console.print(renderable)
