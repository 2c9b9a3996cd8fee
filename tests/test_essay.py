"""``herstudy essay``: from a prompt to an argued outline, with the evidence the film links.

First the film file's evidence links (validated like every other reference),
then the outline built from them on both bundled films, then the command in
every format, with one outline's Markdown pinned exactly.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pexpect
import pytest
from conftest import DATA, FILMS, MINIMAL, PYTHON, SECOND, edited, write
from markdown_it import MarkdownIt
from progress_helpers import T0
from pty_helpers import Terminal, spawn, spawn_shell, transcript
from typer.testing import CliRunner

from herstudy import essay
from herstudy.cli import app
from herstudy.errors import HerstudyError
from herstudy.essay import Evidence as Piece
from herstudy.interactive import essay as builder
from herstudy.load import load_film
from herstudy.model import Beat, Film, Question
from herstudy.views.essays import essays

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


# --- the outline, on every prompt of both films ---------------------------------------------


def _resolves(film: Film, piece: Piece) -> bool:
    found = {"beats": film.beat_by_id, "quotes": film.quote_by_id, "symbols": film.symbol_by_id}
    return all(found[piece.section].get(entry.id) is entry for entry in piece.entries) and all(
        film.moment(piece.entry) == film.moment(b) for b in piece.also
    )  # type: ignore[arg-type]


def _keys(pieces: list[Piece]) -> list[tuple[str, str]]:
    """Every entry the pieces show, a moment's beats each."""
    return [(p.section, e.id) for p in pieces for e in p.entries]


def _named_keys(film: Film, q: Question, side: int | None = None) -> set[tuple[str, str]]:
    named = film.evidence(q, side)
    keys = {("beats", b.id) for b in named.beats}
    keys |= {("quotes", x.id) for x in named.quotes}
    return keys | {("symbols", s.id) for s in named.symbols}


@pytest.mark.parametrize("path", [*FILMS, MINIMAL], ids=lambda p: p.stem)
def test_every_prompt_yields_an_outline_whose_evidence_resolves(path: Path) -> None:
    film = load_film(path)
    assert essay.prompts(film) and set(essay.prompts(film)) == set(film.questions)
    for q in essay.prompts(film):
        for stance in [None, *range(len(q.sides))]:
            outline = essay.outline(film, q, stance)
            shown = [p for c in (*outline.claims, *outline.sides) for p in c.evidence]
            assert shown, q.id
            for piece in shown:
                assert _resolves(film, piece), (q.id, piece.key)
            # Each scene once (a moment two arcs share is one piece), and every piece the
            # prompt names, and with a stance its side's, is in the body.
            assert len(set(_keys(shown))) == len(_keys(shown)), (q.id, stance)
            moments = [film.moment(p.entry)[0] for p in shown if isinstance(p.entry, Beat)]
            assert len(set(moments)) == len(moments), (q.id, stance)
            in_claims = {k for c in outline.claims for k in _keys(list(c.evidence))}
            named = _named_keys(film, q) | (
                _named_keys(film, q, stance) if stance is not None else set()
            )
            linked = {k for c in outline.claims for p in c.evidence if p.link == "named"
                      for k in _keys([p])}  # fmt: skip
            assert linked == named, (q.id, stance)
            for claim in outline.claims:
                assert claim.evidence or claim.note, (q.id, claim.title)  # never empty
                for piece in (*claim.evidence, *claim.more):
                    assert _resolves(film, piece), (q.id, piece.key)
                    if claim.theme is not None:
                        # The link from evidence to claim is one the film file makes.
                        assert any(
                            claim.theme.id in film.themes_about(piece.section, e.id)
                            for e in piece.entries
                        )
            # A side shows what it names and no body section shows; the rest it points back to.
            sides = [i for i in range(len(q.sides)) if i != stance]
            assert [s.claim for s in outline.sides] == [q.sides[i].claim for i in sides]
            for i, side in zip(sides, outline.sides, strict=True):
                mine = set(_keys(list(side.evidence)))
                assert mine <= _named_keys(film, q, i)
                for key in _named_keys(film, q, i) - mine:
                    assert key in in_claims or any(
                        key in _keys(list(s.evidence)) for s in outline.sides
                    ), (q.id, key)
                    assert "shown above" in side.note
            if path != MINIMAL:
                assert len([c for c in outline.claims if c.theme]) >= essay.MIN_CLAIMS, q.id
                assert outline.thesis_given and outline.meaning is not None
                assert not outline.notes, q.id


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.stem)
def test_the_thesis_answers_the_prompt_and_each_conclusion_is_its_own(path: Path) -> None:
    film = load_film(path)
    outlines = [essay.outline(film, q) for q in essay.prompts(film)]
    for outline in outlines:
        q = outline.question
        assert outline.thesis == q.thesis and outline.thesis_given
        # Not a theme's summary, so not section 1's claim said again.
        assert outline.thesis not in {c.claim for c in outline.claims}
        assert outline.thesis not in {t.summary for t in film.themes}
        assert outline.conclusion == q.conclusion
        for i, side in enumerate(q.sides):
            argued = essay.outline(film, q, stance=i)
            assert argued.thesis == side.claim and argued.stance == i
    assert len({o.conclusion for o in outlines}) == len(outlines)
    assert len({o.thesis for o in outlines}) == len(outlines)


def test_the_her_theses_take_up_what_each_prompt_asks() -> None:
    film = load_film(DATA)

    def thesis(prompt: str) -> str:
        return essay.outline(film, essay.find_prompt(film, prompt)).thesis.lower()

    assert "real through" in thesis("real-relationship")
    assert "body" in thesis("consciousness-without-body")
    visual = thesis("essay-visual-loneliness")
    assert all(word in visual for word in ("palette", "red", "trousers", "focus"))
    assert thesis("essay-outgrowing").startswith("it is both")
    assert "hurt" in thesis("essay-outgrowing") and "love" in thesis("essay-outgrowing")


def test_a_prompt_without_a_thesis_says_its_thesis_is_built_from_its_themes(
    runner: CliRunner,
) -> None:
    film = load_film(MINIMAL)
    outline = essay.outline(film, film.questions[0])
    assert not outline.thesis_given
    assert outline.thesis == "Your answer, argued through Letting go."
    assert outline.thesis != outline.claims[0].claim
    assert essay.NO_THESIS in outline.notes
    result = runner.invoke(app, ["essay", "why-release", "--data", str(MINIMAL), "-f", "markdown"])
    out = result.stdout
    assert out.index(essay.NO_THESIS) < out.index("## Working thesis")
    assert "A starting point: rewrite it" not in out  # the note has said so already


def test_a_thesis_is_not_a_themes_summary_said_again(tmp_path: Path) -> None:
    path = write(tmp_path, _with_evidence('thesis = "Loving something enough to release it."\n'))
    assert problems(path) == [
        f"{path}: questions[0].thesis: the summary of theme 'letting-go' word for word;"
        " a thesis answers the question"
    ]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('"Does Mira let go?"', "a question; write the answer, as a statement"),
        ('"  "', "empty; leave it out instead"),
        (f'"{" ".join(["word"] * 81)}"', "81 words; keep it to 80"),
    ],
)
def test_a_thesis_or_conclusion_is_a_short_statement(
    tmp_path: Path, value: str, problem: str
) -> None:
    for key in ("thesis", "conclusion"):
        path = write(tmp_path, _with_evidence(f"{key} = {value}\n"))
        assert problems(path) == [f"{path}: questions[0].{key}: {problem}"]


def test_evidence_goes_under_the_claim_it_bears_on_most() -> None:
    film = load_film(DATA)

    def under(prompt: str) -> dict[str, list[str]]:
        outline = essay.outline(film, essay.find_prompt(film, prompt))
        return {c.title: [e.id for p in c.evidence for e in p.entries] for c in outline.claims}

    mind = under("consciousness-without-body")
    # "Consciousness may not depend on biology" is about identity, its first theme...
    assert "sam-embraces-freedom" in mind["Identity and Consciousness"]
    # ...and outgrowing Theodore is not.
    assert "sam-posthuman" not in mind["Identity and Consciousness"]
    assert "sam-posthuman" in mind["Love Requires Vulnerability and Flaws"]
    letters = under("essay-letters")
    # Taking back his own voice: the letter to Catherine, as both arcs tell it.
    assert {"theo-letter-to-catherine", "cat-reconciliation"} <= set(
        letters["Finding Your Own Voice"]
    )
    assert "True Love Means Letting Go" not in letters


def test_evidence_goes_under_the_claim_it_bears_on() -> None:
    film = load_film(DATA)
    outline = essay.outline(
        film, film.questions[[q.id for q in film.questions].index("essay-not-wasted")]
    )
    titles = [c.title for c in outline.claims]
    assert titles[:3] == [
        "An Ended Relationship Is Not Wasted",
        "Each Relationship Teaches You to Love the Next",
        "True Love Means Letting Go",
    ]
    # The opening's focus, which the prompt's pointers contrast with the ending, brings in
    # the theme it bears on as a fourth claim, and says why.
    fourth = outline.claims[3]
    assert fourth.title == "Loneliness and the Need for Connection"
    assert fourth.note == essay.FITS
    assert {p.entry.id for p in fourth.evidence} >= {"theo-lonely-opening", "focus-and-blur"}
    # Beats in film order within a claim.
    for claim in outline.claims:
        beats = [p.entry for p in claim.evidence if p.section == "beats"]
        assert beats == sorted(beats, key=lambda b: [x.id for x in film.beats].index(b.id))


def test_one_moment_is_shown_once() -> None:
    film = load_film(DATA)
    outline = essay.outline(film, essay.find_prompt(film, "essay-not-wasted"))
    pieces = {p.entry.id: [b.id for b in p.also] for p in outline.evidence()}
    assert pieces["theo-rooftop"] == ["amy-rooftop"]
    assert pieces["theo-samantha-leaves"] == ["sam-departure"]
    assert pieces["theo-letter-to-catherine"] == ["cat-reconciliation"]
    assert not {"amy-rooftop", "sam-departure", "cat-reconciliation"} & set(pieces)
    # A theme's own links, lent to a claim, are grouped the same way.
    real = essay.outline(film, essay.find_prompt(film, "real-relationship"))
    lent = {p.entry.id: [b.id for b in p.also] for p in real.evidence()}
    assert lent["theo-marriage-flashbacks"] == ["cat-memories"]
    # The link is written on one side and read both ways.
    amy = film.beat_by_id["amy-rooftop"]
    assert film.moment(amy) == film.moment(film.beat_by_id["theo-rooftop"])
    assert [b.id for b in film.moment(amy)] == ["theo-rooftop", "amy-rooftop"]


def test_a_moment_link_must_name_a_beat_of_another_arc(tmp_path: Path) -> None:
    beat = 'themes = ["letting-go"]\nsources = ["general"]\n\n[[quotes]]'
    path = write(
        tmp_path, edited((beat, beat.replace("sources", 'same_moment = "relese"\nsources')))
    )
    assert problems(path) == [
        f"{path}: arcs[0].beats[0].same_moment: unknown beat 'relese' (did you mean 'release'?)"
    ]
    path = write(tmp_path, Path(path).read_text(encoding="utf-8").replace("relese", "release"))
    assert problems(path) == [
        f"{path}: arcs[0].beats[0].same_moment: 'release' is in the same arc;"
        " name a beat of another character's arc"
    ]


def test_the_counter_argument_does_not_repeat_what_a_section_shows(tmp_path: Path) -> None:
    text = SECOND.read_text(encoding="utf-8").replace(
        'claim = "A loss: a way of life ends, and even the inspector sees what goes with it."\n'
        'beats = ["confession"]',
        'claim = "A loss: a way of life ends, and even the inspector sees what goes with it."\n'
        'beats = ["inspector-arrives", "confession"]',
    )
    film = load_film(write(tmp_path, text))
    outline = essay.outline(film, essay.find_prompt(film, "automation-essay"))
    assert outline.claims[0].evidence[0].entry.id == "inspector-arrives"
    loss = outline.sides[0]
    assert [p.entry.id for p in loss.evidence] == ["confession", "machines-dont-grieve"]
    assert loss.note == "Also for this answer, shown above: “The inspector arrives” (section 1)."


def test_a_stance_makes_its_side_the_thesis_and_its_evidence_the_body() -> None:
    film = load_film(DATA)
    q = essay.find_prompt(film, "essay-outgrowing")
    love = essay.outline(film, q, stance=1)
    assert love.thesis == q.sides[1].claim
    assert [s.claim for s in love.sides] == [q.sides[0].claim]
    body = {e.id for c in love.claims for p in c.evidence for e in p.entries}
    assert {"theo-samantha-leaves", "sam-departure", "now-we-know-how"} <= body
    assert "Your stance" not in [c.title for c in love.claims]


def test_the_bundled_films_name_evidence_for_every_prompt() -> None:
    for path in FILMS:
        film = load_film(path)
        for q in film.questions:
            sides = [film.evidence(q, i) for i in range(len(q.sides))]
            assert film.evidence(q) or any(sides), (path.stem, q.id)
    her = load_film(DATA)
    two_sided = {q.id for q in her.questions if q.sides}
    assert "connect-or-isolate-question" in two_sided
    assert all(len(q.sides) == 2 for q in her.questions if q.sides)


@pytest.mark.parametrize("path", FILMS, ids=lambda p: p.stem)
def test_the_json_outline_names_entries_of_the_film(runner: CliRunner, path: Path) -> None:
    film = load_film(path)
    for q in film.questions:
        result = runner.invoke(app, ["essay", q.id, "--data", str(path), "-f", "json"])
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        assert list(data) == ["question", "thesis", "claims", "counter", "conclusion", "notes"]
        assert data["question"]["id"] == q.id
        for claim in [*data["claims"], *data["counter"]]:
            assert list(claim) == ["title", "claim", "theme", "note", "evidence"]
            for piece in claim["evidence"]:
                assert list(piece) == ["section", "id", "link", "also"]
                assert film.resolve(f"{piece['section']}:{piece['id']}") == (
                    piece["section"],
                    piece["id"],
                )
        assert all(c["theme"] in film.theme_by_id for c in data["claims"])
        assert list(data["conclusion"]) == ["text", "summary", "themes"]
        assert data["conclusion"]["text"] == q.conclusion
        assert data["conclusion"]["themes"] == [
            t
            for t in data["conclusion"]["themes"]
            if t in film.meaning.themes  # type: ignore[union-attr]
        ]


def test_a_film_that_names_no_evidence_says_so() -> None:
    film = load_film(MINIMAL)
    outline = essay.outline(film, film.questions[0])
    assert outline.notes[0] == essay.NONE_NAMED
    assert "an essay wants at least 3" in outline.notes[-1]
    (claim,) = outline.claims
    assert claim.note == essay.LENT
    assert [p.link for p in claim.evidence] == ["theme", "theme", "theme"]


def test_a_prompt_with_no_themes_gets_a_note_not_an_empty_section(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path, edited((QUESTION, 'sources = ["general"]\n\n[meaning]')))
    result = runner.invoke(app, ["essay", "why-release", "--data", str(path), "-f", "markdown"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert essay.NO_CLAIM in out
    assert "## Working thesis" not in out and "## 1." not in out
    assert out.rstrip().endswith(
        "*Mourning ends in a gesture, not a thought.*\n\nEnd by tying your answer back to it."
    )


def test_a_prompt_with_no_themes_takes_its_claims_from_its_evidence(tmp_path: Path) -> None:
    path = write(
        tmp_path, edited((QUESTION, 'beats = ["release"]\nsources = ["general"]\n\n[meaning]'))
    )
    film = load_film(path)
    outline = essay.outline(film, film.questions[0])
    assert outline.notes[1] == essay.NO_PROMPT_THEME
    (claim,) = outline.claims
    assert claim.theme is not None and claim.theme.id == "letting-go"
    assert [(p.entry.id, p.link) for p in claim.evidence] == [("release", "named")]


# --- the command ------------------------------------------------------------------------------

AUTOMATION_MARKDOWN = """\
# Is the automatic lamp a loss, a release, or both? Argue with reference to at least two characters.

essay outline · automation-essay

## Working thesis

*Both, for different characters: for Ambrose, and even for Odile, the automatic lamp ends a way of life, but for Ines it is a release, because once the light runs itself she is free to leave.*

Argued through: Obsolescence, Duty and inheritance, Isolation.

The prompt weighs 2 answers (see the counter-argument): this thesis weighs them; you may argue one of them instead.

A starting point: rewrite it in your own words as you go.

## 1. Obsolescence

**Claim:** Being replaced by a machine that does the job better.

### Moment: The inspector arrives

inspector-arrives

Odile lands on the supply ferry with plans for an automatic lamp.

- **Where:** Ines Calloway's arc, moment 3
- **Means:** The future arrives as paperwork.
- **Why here:** The prompt points to it; it shows Obsolescence.

## 2. Duty and inheritance

**Claim:** What we owe the work our parents gave their lives to.

### Symbol: The lamp

lamp

Care that must be renewed every night; it works only while someone tends it.

- **Where:** The opening shot, the lamp lit against a black sky; Ines polishing the lens while Ambrose counts the steps; The final night, when the automatic lamp comes on by itself
- **Why here:** The prompt points to it; it shows Duty and inheritance.

## 3. Isolation

**Claim:** An island as a life sealed off by weather and choice.

Not one of the prompt's own themes: added to make three sections, as it runs through the same moments as theirs. The prompt points to none of this evidence.

### Moment: The storm broadcast

storm-broadcast

During a storm Tomas talks Ines through relighting the lamp by hand.

- **Where:** Ines Calloway's arc, moment 4
- **Means:** Signal and presence become the same thing for one night.
- **Why here:** It shows Isolation; the prompt does not point to it.

### Quote: “Nobody asked me. Everybody just assumed.”

nobody-asked

- **Said by:** Ines Calloway *(approximate wording)*
- **Context:** Ines to Odile, when Odile asks how long she has been the keeper.
- **Means:** Ines names the inheritance she never chose.
- **Why here:** It shows Isolation; the prompt does not point to it.

### Motif: The foghorn

foghorn

A voice that warns without saying anything; it sounds whenever someone cannot speak plainly.

- **Where:** The first fog, as Ines and Ambrose argue without words; Under Tomas’s voice during the storm broadcast; Silenced after automation, leaving a new quiet
- **Why here:** It shows Isolation; the prompt does not point to it.

## Counter-argument

Each answer with its evidence: set out the one you do not take at its strongest, then answer it.

### Side 1

**Claim:** A loss: a way of life ends, and even the inspector sees what goes with it.

#### Moment: The confession

confession

Ambrose admits to Odile, not to Ines, that he is going blind.

- **Where:** Ambrose Calloway's arc, moment 2
- **Means:** It is easier to tell the person who will end your job than the one who will inherit it.
- **Why here:** The prompt gives it for this answer.

#### Quote: “A machine won’t grieve when the last ship passes.”

machines-dont-grieve

- **Said by:** Odile Varga
- **Context:** Odile's remark while installing the automatic lamp.
- **Means:** Even the agent of progress sees what is lost.
- **Why here:** The prompt gives it for this answer.

### Side 2

**Claim:** A release: once the lamp runs itself, Ines is free to leave.

#### Moment: The ferry out

ferry-out

Ines leaves on the ferry as the automatic lamp comes on behind her.

- **Where:** Ines Calloway's arc, moment 6
- **Means:** The light goes on without her, and that is a release rather than a loss.
- **Why here:** The prompt gives it for this answer.

#### Moment: Hands on the rail

hands-on-rail

Ambrose guides Ines's hands along the gallery rail and tells her the light is hers to leave.

- **Where:** Ambrose Calloway's arc, moment 3
- **Means:** The inheritance is finally given, including the freedom to refuse it.
- **Why here:** The prompt gives it for this answer.

## Conclusion

*The automatic lamp acts out the core meaning: the machine that replaces the keepers is what lets Ines put the inheritance down, and so make it her own.*

**The core meaning:** An inheritance becomes yours only when you are free to put it down.

It draws on Obsolescence, Duty and inheritance (sections 1 and 2): end by tying your claims back to it.
"""  # noqa: E501


def test_one_outline_as_markdown_exactly(runner: CliRunner) -> None:
    args = ["essay", "automation-essay", "--data", str(SECOND), "--format", "markdown"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == AUTOMATION_MARKDOWN


def test_outlines_appended_to_one_file_stay_apart(tmp_path: Path) -> None:
    """``essay A >> f; essay B >> f``: the second document starts after a blank line."""
    import subprocess

    from conftest import subprocess_env

    notes = tmp_path / "essay.md"
    for prompt in ("automation-essay", "chosen-duty"):
        with notes.open("ab") as out:
            args = [PYTHON, "-m", "herstudy", "essay", prompt, "--data", str(SECOND)]
            subprocess.run(args, stdout=out, check=True, env=subprocess_env())
    text = notes.read_text(encoding="utf-8")
    assert text.startswith(AUTOMATION_MARKDOWN + "\n# Can a duty you never chose still be")
    html = MarkdownIt("commonmark").render(text)
    assert html.count("<h1>") == 2


def test_the_exact_markdown_reads_as_intended() -> None:
    html = MarkdownIt("commonmark").render(AUTOMATION_MARKDOWN)
    assert html.startswith("<h1>Is the automatic lamp a loss, a release, or both?")
    assert [h.split("</h2>")[0] for h in html.split("<h2>")[1:]] == [
        "Working thesis",
        "1. Obsolescence",
        "2. Duty and inheritance",
        "3. Isolation",
        "Counter-argument",
        "Conclusion",
    ]
    assert html.count("<h3>Moment: ") == 2 and html.count("<h4>Moment: ") == 3
    assert "<em>(approximate wording)</em>" in html


def test_the_list_names_each_prompt_by_id(runner: CliRunner) -> None:
    result = runner.invoke(app, ["essay", "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    film = load_film(DATA)
    out = result.stdout
    assert out.startswith("# Essay prompts on Her (2013)\n")
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == ["## Essay prompts", "## Discussion prompts", "## Philosophical questions"]
    positions = [out.index(f"\n{q.id}\n") for q in essay.prompts(film)]
    assert positions == sorted(positions)
    assert len(positions) == len(film.questions)
    # The letter to Catherine, in two arcs, is one moment: six beats, five moments.
    assert "essay-letters\n\n- **Themes:** Finding Your Own Voice" in out
    assert "- **Evidence:** 5 moments, 1 symbol\n" in out


def test_an_unknown_prompt_suggests_one_and_lists_them(runner: CliRunner) -> None:
    result = runner.invoke(app, ["essay", "conect"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "herstudy: No prompt 'conect'. Did you mean: connect-or-isolate-question?"
    assert lines[1].startswith("herstudy: Prompts: essay-letters, essay-not-wasted,")
    assert "connect-or-isolate-question." in lines[1]


def test_a_word_of_an_id_finds_the_prompt(runner: CliRunner) -> None:
    result = runner.invoke(app, ["essay", "letters", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["question"]["id"] == "essay-letters"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["essay", "--build"], "Name the prompt to build on"),
        (["essay", "letters", "--notes", "x.md"], "--notes goes with --build"),
        (["essay", "letters", "--build", "-f", "json"], "--format goes with the outline"),
        (["essay", "letters", "--build", "--notes", "x.md"], "essay --build asks you questions"),
    ],
)
def test_misused_options(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "x.md").exists()
    if message.startswith("essay --build"):
        assert "Without one, the outline: herstudy essay essay-letters" in result.stderr


@pytest.mark.parametrize(
    ("command", "name"),
    [("essay", "PROMPT"), ("search", "WORDS"), ("themes", "THEME"), ("arc", "CHARACTER")],
)
def test_help_names_an_argument_without_python_types(
    runner: CliRunner, command: str, name: str
) -> None:
    out = runner.invoke(app, [command, "--help"]).stdout
    assert "<list[str]>" not in out
    assert f"[OPTIONS] [{name}]..." in out or f"[OPTIONS] {{{name}}}..." in out
    assert f"\n  {name}  " in out


def test_a_hint_breaks_between_words(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from herstudy.render import wrap

    hint = essays(load_film(DATA)).hint
    monkeypatch.setenv("COLUMNS", "100")
    lines = wrap(hint, io.StringIO()).splitlines()
    assert len(lines) == 2 and all(len(line) <= 100 for line in lines)
    assert lines[1] == "--build --notes essay.md"  # never "--bu" and "ild"


def test_the_hint_at_a_terminal_wraps_on_word_boundaries(tmp_path: Path, isolated: Path) -> None:
    child = spawn("essay", home=isolated, cwd=tmp_path, size=(40, 100))
    child.expect(pexpect.EOF)
    child.close()
    out = transcript(child)
    assert child.exitstatus == 0, out
    assert out.rstrip().endswith("herstudy essay ID\n--build --notes essay.md")


def test_completion_offers_the_prompt_ids() -> None:
    from herstudy import complete

    offered = complete.prompts(None, "essay-")
    assert [value for value, _ in offered] == [
        "essay-letters", "essay-not-wasted", "essay-visual-loneliness", "essay-outgrowing",
    ]  # fmt: skip
    assert offered[0][1].startswith("Trace the motif of letter-writing")
    assert complete.prompts(None, "zzz") == []


# --- the draft, without a terminal ----------------------------------------------------------


def test_the_draft_keeps_the_students_markdown_and_escapes_the_films(tmp_path: Path) -> None:
    text = edited(
        (
            '"Mira sets the boat on the water and does not follow it."',
            '"Mira <b>sets</b> *it* down."',
        ),
        (
            QUESTION,
            f'thesis = "She <i>lets</i> it go."\nconclusion = "# Not *a* heading."\n{QUESTION}',
        ),
    )
    film = load_film(write(tmp_path, text))
    draft = builder.start(essay.outline(film, film.questions[0]))
    (section,) = draft.body
    section.sentence = "Letting go is *chosen*, not endured."
    draft.finished = True
    out = builder.draft_markdown(film, draft)
    assert "*Working thesis:* She \\<i>lets\\</i> it go." in out
    assert "### Conclusion\n\n\\# Not \\*a\\* heading.\n" in out
    assert out.startswith("### Prompt\n\nWhy does Mira not follow the boat? (`why-release`)\n")
    assert "Letting go is *chosen*, not endured." in out
    assert "Mira \\<b>sets\\</b> \\*it\\* down." in out
    assert not re.search(r"(?<!\\)<b>", out)  # no raw HTML from the film file
    assert "- **Moment:** The release (Mira's arc, moment 1; `release`):" in out
    assert "- **Quote:** “Go on, then.” — Mira (`go-on`)." in out
    assert "- **Symbol:** The paper boat (`paper-boat`): A message that cannot be taken" in out
    assert out.rstrip().endswith("*Core meaning:* Mourning ends in a gesture, not a thought.")
    section.sentence = "  "
    assert builder.TO_WRITE in builder.draft_markdown(film, draft)


def test_an_unfinished_draft_holds_only_what_was_reviewed() -> None:
    film = load_film(SECOND)
    draft = builder.start(essay.outline(film, essay.find_prompt(film, "automation")))
    draft.body[0].reviewed = True
    out = builder.draft_markdown(film, draft)
    assert re.findall(r"^### .*$", out, re.M) == ["### Prompt", "### Thesis", "### 1. Obsolescence"]
    assert out.rstrip().endswith(
        "*Unfinished: not reviewed yet: Duty and inheritance, Isolation, Side 1, Side 2.*"
    )
    assert "(`lamp`)" not in out  # Duty and inheritance's evidence: never seen, not saved


def test_taking_a_stance_makes_it_the_thesis_and_the_other_side_the_counter_argument() -> None:
    film = load_film(SECOND)
    outline = essay.outline(film, film.questions[-1])  # automation-essay: two sides
    draft = builder.start(outline)
    assert [s.title for s in draft.counter] == ["Side 1", "Side 2"]
    builder.take_stance(film, draft, 1)
    assert draft.outline.thesis == outline.question.sides[1].claim
    assert "Your stance" not in [s.title for s in draft.body]
    # The side's evidence goes under the claims it bears on most.
    body = {s.title: [p.entry.id for p in s.evidence] for s in draft.body}
    assert body["Duty and inheritance"] == ["hands-on-rail", "lamp"]
    assert body["Isolation"] == ["ferry-out"]
    assert [(s.title, s.claim) for s in draft.counter] == [
        ("Counter-argument", outline.question.sides[0].claim)
    ]
    draft.finished = True
    out = builder.draft_markdown(film, draft)
    assert "*Working thesis (your stance):* A release: once the lamp runs itself" in out
    builder.take_stance(film, draft, None)
    assert draft.outline.thesis == outline.question.thesis


def test_the_screen_goes_to_whichever_of_stdout_and_stderr_is_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from herstudy import interactive

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Tty(), io.StringIO()
    monkeypatch.setattr("sys.stdin", Tty())
    monkeypatch.setattr("sys.stdout", pipe)
    monkeypatch.setattr("sys.stderr", terminal)
    assert interactive.require_screen("no terminal") is terminal
    monkeypatch.setattr("sys.stdout", terminal)
    assert interactive.require_screen("no terminal") is terminal
    monkeypatch.setattr("sys.stdout", pipe)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with pytest.raises(HerstudyError, match="no terminal"):
        interactive.require_screen("no terminal")
    monkeypatch.setattr("sys.stdout", terminal)
    monkeypatch.setattr("sys.stdin", io.StringIO())
    with pytest.raises(HerstudyError, match="no terminal"):
        interactive.require_screen("no terminal")


# --- --build in a real terminal -------------------------------------------------------------

DOWN = "\x1b[B"
CTRL_C = None
Steps = list[tuple[str, str | None]]
"""What to wait for on the screen (literally), then the keys to send (CTRL_C: an interrupt)."""


def drive(child: Terminal, steps: Steps) -> tuple[int, str]:
    try:
        for shown, keys in steps:
            child.expect(re.escape(shown))
            if keys is CTRL_C:
                child.sendintr()
            else:
                child.send(keys)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    out = transcript(child)
    assert "Traceback" not in out
    return child.exitstatus, out


def build_session(cwd: Path, home: Path, steps: Steps, notes: str = "NOTES.md") -> tuple[int, str]:
    """``essay automation --build`` in a real terminal, answered by ``steps``: the exit
    status and all it showed."""
    args = ["essay", "automation", "--build", "--notes", notes, "--data", str(SECOND)]
    return drive(spawn(*args, home=home, cwd=cwd), steps)


def _sections(text: str) -> dict[str, str]:
    return dict(
        zip(
            re.findall(r"^### (.*)$", text, re.M),
            re.split(r"^### .*$", text, flags=re.M)[1:],
            strict=True,
        )
    )


def test_build_a_draft_with_a_stance_chosen_evidence_and_two_sentences(
    tmp_path: Path, isolated: Path
) -> None:
    steps: Steps = [
        ("take a stance, keep the evidence you want", ""),
        ("Your stance", DOWN + "\r"),  # the second side: a release
        ("Evidence for Obsolescence (1 of 4)", "\r"),
        ("Evidence for Duty and inheritance (2 of 4)", ""),
        ("Hands on the rail", " \r"),  # drop the first, a moment: hands on the rail
        ("Evidence for Isolation (3 of 4)", "\r"),
        ("Evidence for Counter-argument: A loss", "\r"),
        ("Section 1 of 3", DOWN + "\r"),  # Duty and inheritance first
        ("Section 2 of 3", "\r"),
        ("Topic sentence for Duty and inheritance", "Ines keeps the light because it keeps her.\r"),
        ("Topic sentence for Obsolescence", "\r"),
        ("Topic sentence for Isolation", "\r"),
        ("Topic sentence for Counter-argument", "Yet Ambrose loses a *whole* way of life.\r"),
    ]
    status, out = build_session(tmp_path, isolated, steps)
    assert status == 0, out
    assert "Draft saved to NOTES.md" in out
    text = (tmp_path / "NOTES.md").read_text(encoding="utf-8")
    # The dated heading names the prompt in its own words.
    assert re.match(
        r"## \d{4}-\d\d-\d\d: Essay draft: Is the automatic lamp a loss, a release, or both\?\n",
        text,
    )
    assert re.findall(r"^### .*$", text, re.M) == [
        "### Prompt",
        "### Thesis",
        "### 1. Duty and inheritance",
        "### 2. Obsolescence",
        "### 3. Isolation",
        "### Counter-argument",
        "### Conclusion",
    ]
    parts = _sections(text)
    # The stance is the working thesis, not a section of its own.
    assert parts["Thesis"].strip() == (
        "*Working thesis (your stance):* A release: once the lamp runs itself, Ines is free to"
        " leave."
    )
    duty = parts["1. Duty and inheritance"]
    assert "Ines keeps the light because it keeps her." in duty
    assert "(`lamp`)" in duty and "(`hands-on-rail`)" not in duty  # the moment dropped
    assert "(Ines Calloway's arc, moment 6; `ferry-out`)" in parts["3. Isolation"]
    assert builder.TO_WRITE in parts["2. Obsolescence"]
    counter = parts["Counter-argument"]
    assert "Yet Ambrose loses a *whole* way of life." in counter  # as typed, Markdown and all
    assert "`confession`" in counter and "`machines-dont-grieve`" in counter
    # The sentence comes first, then the evidence under it.
    assert counter.index("Yet Ambrose") < counter.index("`confession`")
    assert "the machine that replaces the keepers" in parts["Conclusion"]


def test_ctrl_c_keeps_only_what_was_reviewed(tmp_path: Path, isolated: Path) -> None:
    notes = tmp_path / "NOTES.md"
    notes.write_text("# My essay notes\n", encoding="utf-8")
    steps: Steps = [
        ("Your stance", "\r"),  # the first side: a loss
        ("(1 of 4)", "\r"),
        ("(2 of 4)", CTRL_C),
    ]
    status, out = build_session(tmp_path, isolated, steps)
    assert status == 130, out
    assert "Stopped; the draft keeps only what you reviewed (1 of 4 sections) to NOTES.md" in out
    text = notes.read_text(encoding="utf-8")
    assert text.startswith("# My essay notes\n\n## ")
    assert "*Working thesis (your stance):* A loss:" in text
    assert re.findall(r"^### .*$", text, re.M) == [
        "### Prompt",
        "### Thesis",
        "### 1. Obsolescence",
    ]
    assert "(`lamp`)" not in text  # the section never shown is not saved with its ticks
    assert (
        "*Unfinished: not reviewed yet: Duty and inheritance, Isolation, Counter-argument.*" in text
    )


def test_ctrl_c_keeps_what_was_typed(tmp_path: Path, isolated: Path) -> None:
    steps: Steps = [("Your stance", "\r")]  # the first side: a loss
    steps += [(f"({n} of 4)", "\r") for n in range(1, 5)]
    steps += [(f"Section {n} of 3", "\r") for n in (1, 2)]
    steps += [
        ("Topic sentence for Obsolescence", "Something real ends with the light.\r"),
        ("Topic sentence for Duty and inheritance", CTRL_C),
    ]
    status, out = build_session(tmp_path, isolated, steps)
    assert status == 130, out
    assert "(4 of 4 sections) to NOTES.md" in out
    text = (tmp_path / "NOTES.md").read_text(encoding="utf-8")
    assert "Something real ends with the light." in text
    assert "### Conclusion" not in text


def test_a_notes_file_that_cannot_be_written_is_refused_before_the_first_question(
    tmp_path: Path, isolated: Path
) -> None:
    status, out = build_session(tmp_path, isolated, [], notes="no-such-folder/NOTES.md")
    assert status == 1, out
    assert "no-such-folder/NOTES.md: cannot write notes: no folder no-such-folder" in out
    assert "Your stance" not in out


def test_a_draft_for_the_notes_needs_no_terminal_on_stdout(tmp_path: Path, isolated: Path) -> None:
    """``--build --notes FILE | cat``: the questions are drawn on stderr, the terminal."""
    script = f"{PYTHON} -m herstudy essay automation --build --notes NOTES.md --data {SECOND} | cat"
    steps: Steps = [("Your stance", "\r")]
    steps += [(f"({n} of 4)", "\r") for n in range(1, 5)]
    steps += [(f"Section {n} of 3", "\r") for n in (1, 2)]
    steps += [(f"Topic sentence for {t}", "\r") for t in ("Obsolescence", "Duty", "Isolation")]
    steps += [("Topic sentence for Counter-argument", "\r")]
    status, out = drive(spawn_shell(script, home=isolated, cwd=tmp_path), steps)
    assert status == 0, out
    assert "Draft saved to NOTES.md" in out
    assert "### Conclusion" in (tmp_path / "NOTES.md").read_text(encoding="utf-8")


def test_long_evidence_wraps_in_a_narrow_terminal(tmp_path: Path, isolated: Path) -> None:
    args = ["essay", "essay-letters", "--build", "--notes", "NOTES.md"]
    child = spawn(*args, home=isolated, cwd=tmp_path, size=(40, 40))
    steps: Steps = [("Evidence for Finding Your Own", ""), ("(Catherine's arc)", CTRL_C)]
    status, out = drive(child, steps)
    assert status == 130, out
    items = [line.rstrip() for line in out.split("Evidence for")[1].splitlines() if "arc)" in line]
    assert items and all(len(line) <= 40 for line in items), items
    # Whole words, continued under the first: nothing is cut off.
    assert "● Moment: Unable to say it straight\n     (Theodore Twombly's arc)" in out
    assert "…" not in out.split("Evidence for")[1]


# --- in the menu, and as the last step of study ---------------------------------------------

ESSAY_KEY = "c"  # the menu's entry before Quit: 1-9, 0, a, b, then c


def drive_menu(keys: str, data: Path) -> list[list[str]]:
    """The menu on ``keys`` fed through a pipe; the commands it would run."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from herstudy.interactive import menu

    ran: list[list[str]] = []
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        pipe.close()
        menu.run_menu(load_film(data), data, lambda argv: ran.append(argv) or 0, lambda: "")
    return ran


def test_the_menu_outlines_a_prompt_or_builds_a_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # nothing here for the path prompt to complete
    keys = (
        ESSAY_KEY + "\r" + "\r" + "\r"  # the first prompt, its outline
        + ESSAY_KEY + "\r" + DOWN + DOWN + "\r" + DOWN + "\r" + "\r"  # the third, a draft
        + ESSAY_KEY + "\r" + "\r" + "q"  # the first prompt, then back
        + "q"
    )  # fmt: skip
    data = ["--data", str(SECOND)]
    assert drive_menu(keys, SECOND) == [
        ["essay", "automation-essay", *data],
        ["essay", "chosen-duty", "--build", "--notes", "essay.md", *data],
    ]


def test_esc_at_the_notes_file_prompt_goes_back_to_the_menu(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    keys = ESSAY_KEY + "\r" + "\r" + DOWN + "\r" + "\x1b" + ESSAY_KEY + "\r" + "\r" + "\r" + "q"
    # Esc at "Notes file?" runs nothing; the menu is there again for the next choice.
    assert drive_menu(keys, SECOND) == [["essay", "automation-essay", "--data", str(SECOND)]]


def test_a_study_session_ends_with_an_essay_prompt_on_its_theme() -> None:
    from herstudy.interactive.study import Learned, ending
    from herstudy.render import Format, render_text

    film = load_film(DATA)
    theme = film.theme_by_id["own-voice"]
    prompt = essay.on_theme(film, theme)
    assert prompt is not None and prompt.id == "essay-letters"
    text = render_text(ending(Learned(theme, essay=prompt), T0), Format.plain)
    assert prompt.question in text
    assert "Write on it: herstudy essay essay-letters" in text
    assert "herstudy essay" not in render_text(ending(Learned(theme), T0), Format.plain)
    # Essay prompts first: a theme both an essay and a question bear on gets the essay.
    for t in film.themes:
        found = essay.on_theme(film, t)
        on_it = [q for q in essay.prompts(film) if t.id in film.themes_about("questions", q.id)]
        assert found == (on_it[0] if on_it else None)
