"""``herstudy essay PROMPT --build``: from the outline to a draft in the student's notes.

The student takes a stance (where the prompt weighs sides), keeps the evidence
they want for each section (checkbox lists, what the outline shows already
ticked), orders the body sections and writes a topic sentence for each. The
draft, with the evidence under each topic sentence, is appended to the notes
file (or printed). Ctrl-C keeps what was chosen and typed so far.

``draft_markdown`` is pure, so the draft's shape is tested without a terminal.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from herstudy import interactive
from herstudy.doc import Paragraph, Styled, View
from herstudy.essay import Claim, Outline
from herstudy.essay import Evidence as Piece
from herstudy.interactive.notes import NotesFile
from herstudy.model import Beat, Film, Symbol
from herstudy.render.text import md_escape, md_escape_block
from herstudy.text import first_sentence, visible

BOTH = "Both: weigh them against each other"
TO_WRITE = "*(topic sentence to write)*"


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


@dataclass
class Draft:
    outline: Outline
    stance: str = ""
    """The side taken, as its claim; "" for none (no sides, or both weighed)."""
    body: list[Section] = field(default_factory=list)
    counter: list[Section] = field(default_factory=list)
    answered: int = 0
    """Questions the student has answered: nothing is written before the first."""


def _section(claim: Claim, title: str, side: bool = False) -> Section:
    offered = [*claim.evidence, *claim.more]
    return Section(title, claim.claim, list(claim.evidence), offered, side=side)


def start(outline: Outline) -> Draft:
    """The draft as the outline has it: every claim, its evidence, all sides to weigh."""
    draft = Draft(outline)
    draft.body = [_section(c, c.title) for c in outline.claims if c.evidence or c.more]
    draft.counter = [_section(s, s.title, side=True) for s in outline.sides]
    return draft


def take_stance(draft: Draft, side: int | None) -> None:
    """Argue side ``side`` (its evidence becomes the first body section; the others stay
    the counter-argument), or, with None, weigh all sides."""
    sides = draft.outline.sides
    if side is None:
        draft.stance = ""
        return
    taken = sides[side]
    draft.stance = taken.claim
    draft.body.insert(0, _section(taken, "Your stance", side=True))
    others = [s for i, s in enumerate(sides) if i != side]
    draft.counter = [
        _section(s, "Counter-argument" + (f" {n}" if len(others) > 1 else ""), side=True)
        for n, s in enumerate(others, 1)
    ]


def _flat(text: str) -> str:
    """Data text on one line of Markdown, literal."""
    return md_escape(" ".join(text.split()))


def evidence_line(film: Film, piece: Piece) -> str:
    """One piece of evidence as a Markdown list item naming where it comes from."""
    entry = piece.entry
    ref = f" (`{entry.id}`)"
    if isinstance(entry, Beat):
        who = film.character_by_id.get(film.arc_of_beat[entry.id].character)
        name = who.name if who else film.arc_of_beat[entry.id].character
        return (
            f"- **Beat:** {_flat(f'{name} {entry.order}. {entry.title}')}{ref}:"
            f" {_flat(entry.happens)} *Means:* {_flat(entry.meaning)}"
        )
    if isinstance(entry, Symbol):
        return (
            f"- **{entry.kind.capitalize()}:** {_flat(entry.name)}{ref}:"
            f" {_flat(first_sentence(entry.meaning))}"
        )
    speaker = film.character_by_id.get(entry.speaker)
    said = _flat(speaker.name if speaker else entry.speaker)
    rough = " *(approximate wording)*" if entry.approximate else ""
    return (
        f"- **Quote:** “{_flat(entry.text)}” — {said}{rough}{ref}. {_flat(entry.context)}"
        f" *Means:* {_flat(entry.meaning)}"
    )


def _sentence(text: str) -> str:
    typed = visible(" ".join(text.split()))
    return typed or TO_WRITE


def draft_markdown(film: Film, draft: Draft) -> str:
    """The draft as Markdown for the notes: the student's sentences as they typed them,
    everything from the film file escaped so that it stays literal."""
    outline = draft.outline
    q = outline.question
    out = [f"### Prompt\n\n{md_escape_block(_flat(q.question))} (`{q.id}`)\n"]
    thesis = []
    if outline.thesis:
        thesis.append(f"*Working thesis:* {_flat(outline.thesis)}")
    if draft.stance:
        thesis.append(f"*Stance:* {_flat(draft.stance)}")
    elif outline.sides:
        thesis.append("*Stance:* weighing the sides against each other")
    if thesis:
        out.append("### Thesis\n\n" + "\n\n".join(thesis) + "\n")
    for i, section in enumerate(draft.body, 1):
        out.append(_section_markdown(film, f"{i}. {section.title}", section))
    for section in draft.counter:
        out.append(_section_markdown(film, section.title, section))
    meaning = outline.meaning
    if meaning is not None:
        out.append(f"### Conclusion\n\n*Core meaning:* {_flat(meaning.summary)}\n")
    return "\n".join(out)


def _section_markdown(film: Film, heading: str, section: Section) -> str:
    lines = [f"### {md_escape(heading)}\n", f"*Claim:* {_flat(section.claim)}\n"]
    lines.append(f"{_sentence(section.sentence)}\n")
    if section.evidence:
        lines.append("\n".join(evidence_line(film, p) for p in section.evidence) + "\n")
    return "\n".join(lines)


# --- at the terminal ----------------------------------------------------------------------


def require_terminal(outline: Outline) -> None:
    interactive.require_terminal(
        "essay --build asks you questions at a terminal, and there is none here.",
        hint=f"Without one, the outline: herstudy essay {outline.question.id}",
    )


def _short(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def _label(film: Film, piece: Piece, width: int) -> str:
    entry = piece.entry
    if isinstance(entry, Beat):
        who = film.character_by_id.get(film.arc_of_beat[entry.id].character)
        text = f"Beat: {who.name if who else ''} {entry.order}. {entry.title}"
    elif isinstance(entry, Symbol):
        text = f"{entry.kind.capitalize()}: {entry.name}"
    else:
        text = f"Quote: “{' '.join(entry.text.split())}”"
    text += "" if piece.link == "named" else " (its theme's)"
    return text if len(text) <= width else text[: width - 1] + "…"


def _pick_evidence(film: Film, section: Section, number: int, total: int) -> bool:
    """Ask which evidence to keep; False if there is none to choose from."""
    import questionary

    if not section.offered:
        return False
    width = max(shutil.get_terminal_size().columns - 8, 30)
    chosen = {p.key for p in section.evidence}
    choices = [
        questionary.Choice(title=_label(film, p, width), value=i, checked=p.key in chosen)
        for i, p in enumerate(section.offered)
    ]
    about = f"{section.title}: {_short(section.claim)}" if section.side else section.title
    kept = questionary.checkbox(
        f"Evidence for {about} ({number} of {total})",
        choices=choices,
        instruction="(Space: keep or drop, Enter: done)",
    ).unsafe_ask()
    section.evidence = [section.offered[i] for i in kept]
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


def _ask(draft: Draft, film: Film) -> None:
    """The questions, in turn; each answer goes into ``draft`` as soon as it is given."""
    import questionary

    from herstudy.interactive.ask import wrapped

    sides = draft.outline.sides
    if sides:
        width = shutil.get_terminal_size().columns - 8
        choices = [
            questionary.Choice(title=wrapped(s.claim, width), value=i) for i, s in enumerate(sides)
        ]
        choices.append(questionary.Choice(title=BOTH, value=-1))
        side = questionary.select(
            "Your stance", choices=choices, instruction="(arrows, then Enter)"
        ).unsafe_ask()
        take_stance(draft, None if side == -1 else side)
        draft.answered += 1
    sections = [*draft.body, *draft.counter]
    for i, section in enumerate(sections, 1):
        if _pick_evidence(film, section, i, len(sections)):
            draft.answered += 1
    if len(draft.body) > 1:
        _order(draft)
        draft.answered += 1
    for section in [*draft.body, *draft.counter]:
        section.sentence = questionary.text(
            f"Topic sentence for {section.title}:", instruction="(Enter: leave it for later)"
        ).unsafe_ask()
        draft.answered += 1


def build(film: Film, outline: Outline, notes: Path | None) -> None:
    """Ask, then append the draft to ``notes`` (or print it). Ctrl-C keeps what was done."""
    require_terminal(outline)
    q = outline.question
    notebook = NotesFile(notes, f"Essay draft: {q.id}") if notes else None  # refuses now
    from herstudy.render import Format, emit

    steps = ["keep the evidence you want", "order the sections", "write a topic sentence each"]
    if outline.sides:
        steps.insert(0, "take a stance")
    emit(
        View(
            q.question,
            (
                Paragraph((Styled("Build a draft: ", "strong"), ", ".join(steps) + ".")),
                *(
                    (Paragraph((Styled("Pointers: ", "strong"), q.discussion)),)
                    if q.discussion
                    else ()
                ),
                *(Paragraph((note,), "muted") for note in outline.notes),
            ),
            subtitle=f"essay draft · {q.id}",
        ),
        Format.rich,
    )
    print()
    draft = start(outline)
    interrupted = False
    try:
        _ask(draft, film)
    except (KeyboardInterrupt, EOFError):
        interrupted = True
    if draft.answered:
        text = draft_markdown(film, draft)
        if notebook is not None:
            notebook.add_markdown(text)
            done = "Draft saved" if not interrupted else "Stopped; the draft so far is saved"
            print(f"{done} to {notes}", file=sys.stderr)
        else:
            print()
            sys.stdout.write(text)
            sys.stdout.flush()
    elif interrupted:
        print("\nStopped before the first answer; nothing written.", file=sys.stderr)
    if interrupted:
        raise KeyboardInterrupt
