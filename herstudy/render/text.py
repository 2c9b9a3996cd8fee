"""Markdown (for notes and pipes) and plain text (for grep and scripts).

Both walk the same blocks; they differ only in how a heading, an emphasis or a
list looks, so the plain renderer is the Markdown one with its markup removed.
No ANSI codes and no box drawing in either.
"""

from __future__ import annotations

import re

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
)

# `](` is escaped too, so that "[a](b)" in the data is not a link, and `<`, so that no
# HTML tag, comment or autolink in the data reaches a Markdown reader as markup.
_MD_SPECIAL = re.compile(r"([\\`*<]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|\](?=\())")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s)", re.M)


def md_escape(text: str) -> str:
    """Keep data text literal in Markdown: no accidental emphasis or code."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_escape_block(text: str) -> str:
    """At the start of a paragraph, also no accidental heading, quote or list."""
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


class MarkdownWriter:
    def __init__(self) -> None:
        self.out: list[str] = []

    # inline

    def text(self, text: str) -> str:
        return md_escape(text)

    def inline(self, line: Line) -> str:
        parts = []
        for part in line:
            if isinstance(part, str):
                parts.append(self.text(part))
            else:
                parts.append(self.styled(part))
        return "".join(parts)

    def styled(self, part: Styled) -> str:
        text = self.text(part.text)
        core = text.strip()
        if not core:
            return text
        marker = {"mark": "**", "strong": "**", "em": "*", "id": "`"}.get(part.style)
        if marker is None:
            return text
        if part.style == "id":
            core = part.text.strip()
        # Emphasis may not start or end with a space in Markdown: keep spaces outside it.
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        return f"{lead}{marker}{core}{marker}{trail}"

    # blocks

    def para(self, text: str) -> None:
        self.out.append(text)
        self.out.append("")

    def heading(self, text: str, level: int, note: str = "") -> None:
        level = min(level, 6)
        self.para(f"{'#' * level} {self.text(text)}")
        if note:
            # A plain line: a lone italic one reads to Markdown linters as a heading
            # written as emphasis (MD036).
            self.para(md_escape_block(self.text(note)))

    def block(self, block: Block, depth: int) -> None:
        if isinstance(block, Heading):
            self.heading(block.text, depth + block.level - 1, block.note)
        elif isinstance(block, Paragraph):
            text = md_escape_block(self.inline(block.line))
            if block.style == "lead" and text:
                text = f"*{text}*"
            self.para(text)
        elif isinstance(block, Fields):
            self.para("\n".join(f"- **{self.text(k)}:** {self.inline(v)}" for k, v in block.rows))
        elif isinstance(block, Bullets):
            if block.title:
                self.para(f"**{self.text(block.title)}:**")
            self.para(
                "\n".join(
                    f"{f'{i}.' if block.numbered else '-'} {md_escape_block(self.inline(item))}"
                    for i, item in enumerate(block.items, 1)
                )
            )
        elif isinstance(block, Quote):
            self.quote(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Entry):
            self.heading(block.title, depth + block.level - 1, block.note)
            self.body(block.body, depth + block.level - 1, block.about)
        elif isinstance(block, Timeline):
            for step in block.steps:
                self.heading(f"{step.marker}. {step.title}", depth + 1)
                self.body(step.body, depth + 1, step.about)
        elif isinstance(block, Heatmap):
            self.table(block.as_table())

    def body(self, blocks: tuple[Block, ...], depth: int, about: tuple[str, str] | None) -> None:
        """The blocks of an entry or a step; ``about`` (the entry) is for formats with links."""
        for inner in blocks:
            self.block(inner, depth)

    def quoted(self, block: Quote) -> str:
        """A quote's words, as they go between its quotation marks."""
        return self.text(block.text)

    def quote(self, block: Quote) -> None:
        lines = [f"> “{self.quoted(block)}”"]
        if block.cite:
            lines.append(">")
            lines.append(f"> — {self.inline(block.cite)}")
        self.para("\n".join(lines))

    def table(self, block: Table) -> None:
        def cell(line: Line) -> str:
            return self.inline(line).replace("|", "\\|") or " "

        rows = [
            "| " + " | ".join(self.text(h).replace("|", "\\|") for h in block.headers) + " |",
            "|" + "|".join("---" for _ in block.headers) + "|",
        ]
        rows += ["| " + " | ".join(cell(c) for c in row) + " |" for row in block.rows]
        self.para("\n".join(rows))

    def view(self, view: View) -> str:
        self.heading(view.title, 1, view.subtitle)
        for block in view.blocks:
            self.block(block, 1)
        while self.out and self.out[-1] == "":
            self.out.pop()
        return "\n".join(self.out) + "\n"


class PlainWriter(MarkdownWriter):
    """Markdown's structure without its markup: titles underlined, lists dashed."""

    def text(self, text: str) -> str:
        return text

    def styled(self, part: Styled) -> str:
        return part.text

    def heading(self, text: str, level: int, note: str = "") -> None:
        title = f"{text} ({note})" if note else text
        if level <= 2:
            self.para(f"{title}\n{('=' if level == 1 else '-') * min(len(title), 72)}")
        else:
            self.para(title)

    def block(self, block: Block, depth: int) -> None:
        if isinstance(block, Paragraph):
            self.para(self.inline(block.line))
        elif isinstance(block, Fields):
            self.para("\n".join(f"{k}: {self.inline(v)}" for k, v in block.rows))
        elif isinstance(block, Bullets):
            lines = [f"{block.title}:"] if block.title else []
            lines += [
                f"{f'{i}.' if block.numbered else '-'} {self.inline(item)}"
                for i, item in enumerate(block.items, 1)
            ]
            self.para("\n".join(lines))
        else:
            super().block(block, depth)

    def quote(self, block: Quote) -> None:
        cite = f"\n  -- {self.inline(block.cite)}" if block.cite else ""
        self.para(f"“{block.text}”{cite}")

    def table(self, block: Table) -> None:
        rows = [block.headers, *((self.inline(c) for c in row) for row in block.rows)]
        cells = [list(r) for r in rows]
        widths = [max(len(r[i]) for r in cells) for i in range(len(block.headers))]
        self.para(
            "\n".join(
                "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                for r in cells
            )
        )


def render_markdown(view: View) -> str:
    return MarkdownWriter().view(view)


def render_plain(view: View) -> str:
    return PlainWriter().view(view)
