"""``herstudy essay PROMPT --build``: from the outline to a draft in the student's notes.

The student takes a stance (where the prompt weighs sides: the side taken becomes
the working thesis and its evidence joins the body sections), keeps the evidence
they want for each section (checkbox lists, what the outline shows already
ticked), orders the body sections and writes a topic sentence for each. The
draft, with the evidence under each topic sentence, is appended to the notes
file (or printed). Ctrl-C keeps what the student has reviewed so far, and only
that.

``draft_markdown`` is pure, so the draft's shape is tested without a terminal.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from herstudy import interactive
from herstudy.doc import Paragraph, Styled, View
from herstudy.essay import Claim, Outline
from herstudy.essay import Evidence as Piece
from herstudy.essay import outline as make_outline
from herstudy.interactive.notes import NotesFile
from herstudy.model import Beat, Film, Symbol
from herstudy.render.text import md_escape, md_escape_block
from herstudy.text import first_sentence, visible

BOTH = "Both: weigh them against each other"
TO_WRITE = "*(topic sentence to write)*"
_CHECKBOX_INDENT = len(" » ● ")
"""What questionary puts before a checkbox item: the pointer and the tick."""
_SELECT_INDENT = len(" » ")


@dataclass
class Section:
    """A section of the draft: a claim or a side, the evidence kept, the student's sentence."""

    title: str
    claim: str
    evidence: list[Piece]
    offered: list[Piece] = field(default_factory=list)
    """Everything the student may keep: the outline's evidence, then more of its theme's."""
    sentence: str = ""
    side: bool = False
    reviewed: bool = False
    """The student has seen it: chosen its evidence or been asked its topic sentence."""


@dataclass
class Draft:
    outline: Outline
    body: list[Section] = field(default_factory=list)
    counter: list[Section] = field(default_factory=list)
    answered: int = 0
    """Questions the student has answered: nothing is written before the first."""
    finished: bool = False
    """Every question asked; until then only reviewed sections are written."""


def _section(claim: Claim, title: str, side: bool = False) -> Section:
    offered = [*claim.evidence, *claim.more]
    return Section(title, claim.claim, list(claim.evidence), offered, side=side)


def start(outline: Outline) -> Draft:
    """The draft as the outline has it: every claim, its evidence; the sides, if any, as
    the counter-argument (one side, once a stance is taken)."""
    draft = Draft(outline)
    draft.body = [_section(c, c.title) for c in outline.claims if c.evidence or c.more]
    many = len(outline.sides) > 1 and outline.stance is not None
    draft.counter = [
        _section(
            s,
            s.title if outline.stance is None else "Counter-argument" + (f" {n}" if many else ""),
            side=True,
        )
        for n, s in enumerate(outline.sides, 1)
    ]
    return draft


def take_stance(film: Film, draft: Draft, side: int | None) -> None:
    """Argue side ``side``: its claim becomes the thesis, its evidence joins the body
    sections, the other sides are the counter-argument; with None, weigh all sides."""
    taken = start(make_outline(film, draft.outline.question, side))
    draft.outline, draft.body, draft.counter = taken.outline, taken.body, taken.counter


def _flat(text: str) -> str:
    """Data text on one line of Markdown, literal."""
    return md_escape(" ".join(text.split()))


def _arc_name(film: Film, beat: Beat) -> str:
    character = film.arc_of_beat[beat.id].character
    who = film.character_by_id.get(character)
    return f"{who.name if who else character}'s arc"


def evidence_line(film: Film, piece: Piece) -> str:
    """One piece of evidence as a Markdown list item naming where it comes from."""
    entry = piece.entry
    ref = f"`{entry.id}`"
    if isinstance(entry, Beat):
        where = f"{_arc_name(film, entry)}, moment {entry.order}"
        line = (
            f"- **Moment:** {_flat(entry.title)} ({_flat(where)}; {ref}):"
            f" {_flat(entry.happens)} *Means:* {_flat(entry.meaning)}"
        )
        for other in piece.also:
            also = f"{_arc_name(film, other)}, moment {other.order}"
            line += f" *Also in {_flat(also)} (`{other.id}`):* {_flat(other.meaning)}"
        return line
    if isinstance(entry, Symbol):
        return (
            f"- **{entry.kind.capitalize()}:** {_flat(entry.name)} ({ref}):"
            f" {_flat(first_sentence(entry.meaning))}"
        )
    speaker = film.character_by_id.get(entry.speaker)
    said = _flat(speaker.name if speaker else entry.speaker)
    rough = " *(approximate wording)*" if entry.approximate else ""
    return (
        f"- **Quote:** “{_flat(entry.text)}” — {said}{rough} ({ref}). {_flat(entry.context)}"
        f" *Means:* {_flat(entry.meaning)}"
    )


def _sentence(text: str) -> str:
    typed = visible(" ".join(text.split()))
    return typed or TO_WRITE


def _thesis_label(outline: Outline) -> str:
    if outline.stance is not None:
        return "Working thesis (your stance)"
    if outline.question.sides:
        return "Working thesis (weighing the answers)"
    return "Working thesis"


def draft_markdown(film: Film, draft: Draft) -> str:
    """The draft as Markdown for the notes: the student's sentences as they typed them,
    everything from the film file escaped so that it stays literal. An unfinished draft
    holds only the sections the student reviewed, and says which are missing."""
    outline = draft.outline
    q = outline.question
    out = [f"### Prompt\n\n{md_escape_block(_flat(q.question))} (`{q.id}`)\n"]
    if outline.thesis:
        out.append(f"### Thesis\n\n*{_thesis_label(outline)}:* {_flat(outline.thesis)}\n")
    kept = [s for s in draft.body if draft.finished or s.reviewed]
    for i, section in enumerate(kept, 1):
        out.append(_section_markdown(film, f"{i}. {section.title}", section))
    for section in draft.counter:
        if draft.finished or section.reviewed:
            out.append(_section_markdown(film, section.title, section))
    if draft.finished:
        conclusion = [md_escape_block(_flat(outline.conclusion))] if outline.conclusion else []
        if outline.meaning is not None:
            conclusion.append(f"*Core meaning:* {_flat(outline.meaning.summary)}")
        if conclusion:
            out.append("### Conclusion\n\n" + "\n\n".join(conclusion) + "\n")
    else:
        missing = [s.title for s in (*draft.body, *draft.counter) if not s.reviewed]
        if missing:
            out.append(f"*Unfinished: not reviewed yet: {_flat(', '.join(missing))}.*\n")
    return "\n".join(out)


def _section_markdown(film: Film, heading: str, section: Section) -> str:
    lines = [f"### {md_escape(heading)}\n", f"*Claim:* {_flat(section.claim)}\n"]
    lines.append(f"{_sentence(section.sentence)}\n")
    if section.evidence:
        lines.append("\n".join(evidence_line(film, p) for p in section.evidence) + "\n")
    return "\n".join(lines)


# --- at the terminal ----------------------------------------------------------------------


def require_terminal(outline: Outline) -> TextIO:
    """The terminal to draw the questions on; refused (exit 2) with none to answer from."""
    return interactive.require_screen(
        "essay --build asks you questions at a terminal, and there is none here.",
        hint=f"Without one, the outline: herstudy essay {outline.question.id}",
    )


def _short(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def _label(film: Film, piece: Piece) -> str:
    entry = piece.entry
    if isinstance(entry, Beat):
        arcs = [_arc_name(film, b) for b in (entry, *piece.also)]
        if len(arcs) > 1:
            arcs = [a.removesuffix("'s arc") + "'s" for a in arcs[:-1]] + [arcs[-1] + "s"]
        text = f"Moment: {entry.title} ({' and '.join(arcs)})"
    elif isinstance(entry, Symbol):
        text = f"{entry.kind.capitalize()}: {entry.name}"
    else:
        text = f"Quote: “{' '.join(entry.text.split())}”"
    return text + ("" if piece.link == "named" else " (not from the prompt)")


def _pick_evidence(film: Film, section: Section, number: int, total: int, width: int) -> bool:
    """Ask which evidence to keep; False if there is none to choose from."""
    import questionary

    from herstudy.interactive.ask import wrapped

    if not section.offered:
        return False
    chosen = {p.key for p in section.offered if p in section.evidence}
    choices = [
        questionary.Choice(
            title=wrapped(_label(film, p), width - _CHECKBOX_INDENT, _CHECKBOX_INDENT),
            value=i,
            checked=p.key in chosen,
        )
        for i, p in enumerate(section.offered)
    ]
    about = f"{section.title}: {_short(section.claim)}" if section.side else section.title
    kept = questionary.checkbox(
        f"Evidence for {about} ({number} of {total})",
        choices=choices,
        instruction="(Space: keep or drop, Enter: done)",
    ).unsafe_ask()
    section.evidence = [section.offered[i] for i in kept]
    section.reviewed = True
    return True


def _order(draft: Draft) -> None:
    import questionary

    left = list(draft.body)
    ordered: list[Section] = []
    while len(left) > 1:
        choices = [questionary.Choice(title=s.title, value=i) for i, s in enumerate(left)]
        picked = questionary.select(
            f"Section {len(ordered) + 1} of {len(draft.body)}",
            choices=choices,
            instruction="(arrows, then Enter; Enter keeps this order)",
        ).unsafe_ask()
        ordered.append(left.pop(picked))
    draft.body = [*ordered, *left]


def _ask(draft: Draft, film: Film, width: int) -> None:
    """The questions, in turn; each answer goes into ``draft`` as soon as it is given."""
    import questionary

    from herstudy.interactive.ask import wrapped

    sides = draft.outline.question.sides
    if sides:
        # Narrow enough for questionary's echo of the answer after "? Your stance " too.
        room = width - max(_SELECT_INDENT, len("? Your stance "))
        choices = [
            questionary.Choice(title=wrapped(s.claim, room, _SELECT_INDENT), value=i)
            for i, s in enumerate(sides)
        ]
        choices.append(questionary.Choice(title=BOTH, value=-1))
        side = questionary.select(
            "Your stance", choices=choices, instruction="(arrows, then Enter)"
        ).unsafe_ask()
        take_stance(film, draft, None if side == -1 else side)
        draft.answered += 1
    sections = [*draft.body, *draft.counter]
    for i, section in enumerate(sections, 1):
        if _pick_evidence(film, section, i, len(sections), width):
            draft.answered += 1
    if len(draft.body) > 1:
        _order(draft)
        draft.answered += 1
    for section in [*draft.body, *draft.counter]:
        section.reviewed = True
        section.sentence = questionary.text(
            f"Topic sentence for {section.title}:", instruction="(Enter: leave it for later)"
        ).unsafe_ask()
        draft.answered += 1
    draft.finished = True


def _intro(outline: Outline) -> View:
    q = outline.question
    steps = ["keep the evidence you want", "order the sections", "write a topic sentence each"]
    if q.sides:
        steps.insert(0, "take a stance")
    blocks = [Paragraph((Styled("Build a draft: ", "strong"), ", ".join(steps) + "."))]
    if q.discussion:
        blocks.append(Paragraph((Styled("Pointers: ", "strong"), q.discussion)))
    if outline.thesis:
        label = "Working thesis, if you weigh the answers: " if q.sides else "Working thesis: "
        blocks.append(Paragraph((Styled(label, "strong"), outline.thesis)))
    blocks += [Paragraph((note,), "muted") for note in outline.notes]
    return View(q.question, tuple(blocks), subtitle=f"essay draft · {q.id}")


def build(film: Film, outline: Outline, notes: Path | None) -> None:
    """Ask, then append the draft to ``notes`` (or print it). Ctrl-C keeps what was reviewed.

    The questions go to whichever of stdout and stderr is a terminal, so that the draft
    may go to a pipe, and a draft going to ``notes`` needs no terminal on stdout."""
    screen = require_terminal(outline)
    q = outline.question
    heading = f"Essay draft: {first_sentence(' '.join(q.question.split()))}"
    notebook = NotesFile(notes, heading) if notes else None  # refuses now
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.output import create_output

    from herstudy.render import Format, columns, emit

    draft = start(outline)
    interrupted = False
    with create_app_session(output=create_output(stdout=screen)):
        emit(_intro(outline), Format.rich, screen)
        print(file=screen)
        try:
            _ask(draft, film, columns(screen))
        except (KeyboardInterrupt, EOFError):
            interrupted = True
    if draft.answered:
        text = draft_markdown(film, draft)
        if notebook is not None:
            notebook.add_markdown(text)
            print(f"{_saved(draft)} to {notes}", file=sys.stderr)
        else:
            print(file=screen)
            screen.flush()
            sys.stdout.write(text)
            sys.stdout.flush()
            if not draft.finished:
                print(f"{_saved(draft)} above", file=sys.stderr)
    elif interrupted:
        print("\nStopped before the first answer; nothing written.", file=sys.stderr)
    if interrupted:
        raise KeyboardInterrupt


def _saved(draft: Draft) -> str:
    """What was kept, said before where it went."""
    if draft.finished:
        return "Draft saved"
    sections = [*draft.body, *draft.counter]
    seen = sum(s.reviewed for s in sections)
    return f"Stopped; the draft keeps only what you reviewed ({seen} of {len(sections)} sections)"
