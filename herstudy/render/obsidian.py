"""Obsidian Markdown: the Markdown writer with wikilinks, block ids and YAML front matter.

The vault's notes (``export.vault``) are the views of the read commands, written
by this renderer with a link resolver: given an entry's kind and id (a
``doc.Ref``'s), it names the note that shows the entry, ``Folder/Note`` or
``Folder/Note#^block-id``, or None where there is none. A ``Ref`` it resolves
becomes a ``[[Folder/Note|shown text]]`` wikilink; any other text is written as
the Markdown renderer writes it. A block that shows an entry in full (its
``about``) carries the block id that links to the entry point at, in the note
that is the entry's home; a quote shown in any other note links to its home.

Text from the data file is escaped as for Markdown, and then for what means
something to Obsidian only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping

from herstudy.doc import Block, Paragraph, Quote, Ref, Styled, View
from herstudy.render.text import MarkdownWriter, md_escape

Resolve = Callable[[str, str], str | None]
"""An entry's kind and id → where it is shown (``Folder/Note#^block-id``), or None."""

# Obsidian reads more than Markdown: [[links]], #tags, ==highlights==, %%comments%%,
# ~~strikes~~, $math$ and HTML. Data text must not turn into any of them.
_OBSIDIAN = re.compile(r"[\[\]$]|#(?=[^\s#])|==|%%|~~")


def vault_escape(text: str) -> str:
    """Keep data text literal in Obsidian as well as in Markdown."""
    return _OBSIDIAN.sub(lambda m: "".join("\\" + c for c in m.group(0)), md_escape(text))


def _shown(text: str) -> str:
    """Text that cannot end a wikilink early, nor start raw HTML in its shown text.

    A backslash may show as itself there, so look-alikes stand in: ``(`` for ``[``,
    ``/`` for ``|`` and ``‹`` for ``<`` (no tag can start without a ``<``).
    """
    text = " ".join(text.split())
    return text.replace("|", "/").replace("[", "(").replace("]", ")").replace("<", "‹")


_YAML_UNSAFE = re.compile("[<\x7f-\x9f\u2028\u2029\ufeff]")


def yaml_str(value: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax, which YAML reads as is.

    ``<`` is written ``\\u003c`` too, so that no tool that copies front matter into
    a page unescaped finds a tag in it.
    """
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


def front_matter(fields: Mapping[str, str | Iterable[str]]) -> str:
    """YAML front matter: a string a key, or a list (left out when empty)."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, str):
            lines.append(f"{key}: {yaml_str(value)}")
            continue
        items = list(value)
        if items:
            lines.append(f"{key}:")
            lines += [f"  - {yaml_str(v)}" for v in items]
    lines.append("---")
    return "\n".join(lines)


class ObsidianWriter(MarkdownWriter):
    """The Markdown writer for one note, ``here`` (its path in the vault without ``.md``)."""

    def __init__(self, resolve: Resolve, here: str) -> None:
        super().__init__()
        self.resolve = resolve
        self.here = here

    def text(self, text: str) -> str:
        return vault_escape(text)

    def styled(self, part: Styled) -> str:
        target = self.resolve(part.kind, part.id) if isinstance(part, Ref) else None
        return super().styled(part) if target is None else self.link(part.text, target)

    def link(self, text: str, target: str) -> str:
        shown = _shown(text)
        return f"[[{shown}]]" if shown == target else f"[[{target}|{shown}]]"

    def _elsewhere(self, about: tuple[str, str] | None) -> str | None:
        """Where the entry a block shows in full has its home, if not in this note."""
        target = self.resolve(*about) if about else None
        return target if target and target.partition("#")[0] != self.here else None

    def _anchor(self, about: tuple[str, str] | None) -> str | None:
        """The block id of the entry a block shows in full, if this note is its home."""
        target = self.resolve(*about) if about else None
        note, _, block = (target or "").partition("#^")
        return block if block and note == self.here else None

    def block_id(self, block_id: str, own_line: bool) -> None:
        """Name the block just written, for ``[[Note#^block-id]]``.

        A list or a quote needs the id on a line of its own; a paragraph ends with it.
        """
        if own_line:
            self.para(f"^{block_id}")
            return
        while self.out and self.out[-1] == "":
            self.out.pop()
        self.out[-1] += f" ^{block_id}"
        self.out.append("")

    def body(self, blocks: tuple[Block, ...], depth: int, about: tuple[str, str] | None) -> None:
        anchor = self._anchor(about)
        if anchor is None:
            super().body(blocks, depth, about)
            return
        for i, inner in enumerate(blocks):
            self.block(inner, depth)
            if i == 0:
                self.block_id(anchor, own_line=not isinstance(inner, Paragraph))
        if not blocks:
            self.block_id(anchor, own_line=True)

    def quoted(self, block: Quote) -> str:
        home = self._elsewhere(block.about)
        return super().quoted(block) if home is None else self.link(block.text, home)

    def quote(self, block: Quote) -> None:
        super().quote(block)
        anchor = self._anchor(block.about)
        if anchor is not None:
            self.block_id(anchor, own_line=True)

    def note(self, view: View, fields: Mapping[str, str | Iterable[str]]) -> str:
        """The whole note: front matter, then the view."""
        self.para(front_matter(fields))
        return self.view(view)
