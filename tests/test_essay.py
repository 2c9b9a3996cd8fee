"""``herstudy essay``: from a prompt to an argued outline, with the evidence the film links.

First the film file's evidence links (validated like every other reference),
then the outline built from them on both bundled films, then the command in
every format, with one outline's Markdown pinned exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edited, write

from herstudy.errors import HerstudyError
from herstudy.load import load_film

# --- the film file's evidence links -------------------------------------------------------

QUESTION = 'themes = ["letting-go"]\nsources = ["general"]\n\n[meaning]'


def _with_evidence(evidence: str) -> str:
    return edited(
        (QUESTION, f'themes = ["letting-go"]\n{evidence}sources = ["general"]\n\n[meaning]')
    )


def problems(path: Path) -> list[str]:
    with pytest.raises(HerstudyError) as caught:
        load_film(path)
    return caught.value.lines()


def test_evidence_links_resolve_in_film_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        _with_evidence('beats = ["release"]\nquotes = ["go-on"]\nsymbols = ["paper-boat"]\n'),
    )
    film = load_film(path)
    evidence = film.evidence(film.questions[0])
    assert [b.id for b in evidence.beats] == ["release"]
    assert [q.id for q in evidence.quotes] == ["go-on"]
    assert [s.id for s in evidence.symbols] == ["paper-boat"]
    assert evidence


def test_a_dangling_evidence_link_gets_a_did_you_mean(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        _with_evidence('beats = ["relase"]\nquotes = ["go-onn"]\nsymbols = ["paper-bot"]\n'),
    )
    assert problems(path) == [
        f"{path}: questions[0].beats[0]: unknown beat 'relase' (did you mean 'release'?)",
        f"{path}: questions[0].quotes[0]: unknown quote 'go-onn' (did you mean 'go-on'?)",
        f"{path}: questions[0].symbols[0]: unknown symbol 'paper-bot' (did you mean 'paper-boat'?)",
    ]


def test_sides_are_checked_too(tmp_path: Path) -> None:
    sides = (
        '\n[[questions.sides]]\nclaim = "She lets it go."\nbeats = ["release"]\n'
        '\n[[questions.sides]]\nclaim = "She cannot."\nquotes = ["go-off"]\nwhen = 1\n\n'
    )
    path = write(
        tmp_path,
        edited((QUESTION, f'themes = ["letting-go"]\nsources = ["general"]\n{sides}[meaning]')),
    )
    assert problems(path) == [f"{path}: questions[0].sides[1].when: unknown key"]
    path = write(
        tmp_path,
        edited(
            (
                QUESTION,
                f'themes = ["letting-go"]\nsources = ["general"]\n'
                f"{sides.replace('when = 1', '')}[meaning]",
            )
        ),
    )
    assert problems(path) == [
        f"{path}: questions[0].sides[1].quotes[0]: unknown quote 'go-off' (did you mean 'go-on'?)"
    ]
    film = load_film(
        write(
            tmp_path,
            edited(
                (
                    QUESTION,
                    f'themes = ["letting-go"]\nsources = ["general"]\n'
                    f"{sides.replace('when = 1', '').replace('go-off', 'go-on')}[meaning]",
                )
            ),
        )
    )
    question = film.questions[0]
    assert [s.claim for s in question.sides] == ["She lets it go.", "She cannot."]
    assert [b.id for b in film.evidence(question, 0).beats] == ["release"]
    assert [q.id for q in film.evidence(question, 1).quotes] == ["go-on"]
    assert not film.evidence(question)


def test_one_side_alone_is_refused(tmp_path: Path) -> None:
    side = '\n[[questions.sides]]\nclaim = "She lets it go."\n\n'
    path = write(
        tmp_path,
        edited((QUESTION, f'themes = ["letting-go"]\nsources = ["general"]\n{side}[meaning]')),
    )
    (problem,) = problems(path)
    assert problem.startswith(f"{path}: questions[0].sides: one side only;")
