"""Seed coverage: every statement of both seed notes is carried by data/film.toml.

Each row names a statement of a seed by a short label of our own, the entry that
carries it (section and id), and a few distinctive words that must appear, case-
insensitively, somewhere in that entry's text. Seeds:

    000 = 000_64e02a7b87ef9030.txt   (analysis notes)
    001 = 001_7b1b21598cbe478b.txt   (key facts, symbols, questions, core meaning)
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import tomli

FILM_TOML = Path(__file__).parent.parent / "data" / "film.toml"
SEED_000 = "000_64e02a7b87ef9030.txt"
SEED_001 = "001_7b1b21598cbe478b.txt"


def _load() -> dict[str, Any]:
    with FILM_TOML.open("rb") as fh:
        return tomli.load(fh)


DATA = _load()


def _entry(section: str, entry_id: str) -> dict[str, Any]:
    """Find one entry: `film`, `meaning`, `beats` (searched across arcs) or a list section."""
    if section in ("film", "meaning"):
        entry = DATA[section]
        assert section == "meaning" or entry["id"] == entry_id
        return entry
    if section == "beats":
        pool = [b for arc in DATA["arcs"] for b in arc["beats"]]
    else:
        pool = DATA[section]
    for entry in pool:
        if entry["id"] == entry_id:
            return entry
    raise AssertionError(f"no entry {section}:{entry_id}")


def _text(value: Any) -> str:
    """All text of an entry, nested values included, lower-cased."""
    if isinstance(value, dict):
        return " ".join(_text(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    if isinstance(value, (datetime.date, int, float)):
        return str(value).lower()
    return str(value).lower()


# (label, seed, section, entry id, words that must appear in that entry)
FACTS: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    # ---- Seed 000: the themes list ------------------------------------------------
    (
        "theme: one relationship teaches the next",
        SEED_000,
        "themes",
        "love-teaches-love",
        ("teaches", "next"),
    ),
    (
        "theme: accept the partner changing",
        SEED_000,
        "themes",
        "accepting-change",
        ("partner to change", "someone different"),
    ),
    (
        "theme: AI as relationship trainer",
        SEED_000,
        "themes",
        "ai-as-teacher",
        ("never had a relationship", "struggle"),
    ),
    # ---- Seed 000: who stands for what ------------------------------------------
    (
        "Theodore = humanity/authenticity",
        SEED_000,
        "characters",
        "theodore",
        ("humanity", "authenticity"),
    ),
    (
        "Samantha = technology/progress",
        SEED_000,
        "characters",
        "samantha",
        ("technology", "progress"),
    ),
    # ---- Seed 000: opening ----------------------------------------------------------
    ("opens very lonely", SEED_000, "beats", "theo-lonely-opening", ("intensely lonely",)),
    (
        "heartfelt voice message is for a client",
        SEED_000,
        "beats",
        "theo-client-letter",
        ("message", "voice", "client"),
    ),
    (
        "knows others better than himself",
        SEED_000,
        "beats",
        "theo-client-letter",
        ("understands other people better",),
    ),
    ("many people use the service", SEED_000, "beats", "theo-client-letter", ("vast numbers",)),
    (
        "hedonic capitalist society without authenticity",
        SEED_000,
        "beats",
        "theo-client-letter",
        ("hedonic", "capitalistic", "authenticity"),
    ),
    (
        "flashbacks: happy marriage",
        SEED_000,
        "beats",
        "theo-marriage-flashbacks",
        ("flashbacks", "happy", "catherine"),
    ),
    ("vs brooding in bed", SEED_000, "beats", "theo-marriage-flashbacks", ("bed", "brooding")),
    # ---- Seed 000: the look of the film ----------------------------------------
    ("the shots express it", SEED_000, "symbols", "muted-palette", ("shots",)),
    ("low color profile", SEED_000, "symbols", "muted-palette", ("low color profile",)),
    (
        "colorful yet nothing pops",
        SEED_000,
        "symbols",
        "muted-palette",
        ("full of color", "nothing leaps out"),
    ),
    ("nice homes", SEED_000, "symbols", "muted-palette", ("lovely home",)),
    ("nobody appreciates them", SEED_000, "symbols", "muted-palette", ("no one appreciates",)),
    ("everyone distracted", SEED_000, "symbols", "muted-palette", ("distracted",)),
    ("by OS, games, work", SEED_000, "symbols", "muted-palette", ("os", "games", "work")),
    (
        "Theodore sharp, background soft",
        SEED_000,
        "symbols",
        "focus-and-blur",
        ("sharp", "background"),
    ),
    ("he is walking, others not", SEED_000, "symbols", "focus-and-blur", ("on his way somewhere",)),
    ("different colored clothes", SEED_000, "symbols", "focus-and-blur", ("different colors",)),
    ("doesn't fit in", SEED_000, "symbols", "focus-and-blur", ("does not fit in",)),
    ("framing says lonely", SEED_000, "symbols", "focus-and-blur", ("lonely",)),
    # ---- Seed 000: distraction, piano, Amy -------------------------------------
    (
        "games, sex, work as escape",
        SEED_000,
        "beats",
        "theo-distractions",
        ("video games", "sex", "job"),
    ),
    ("Samantha's piano is real", SEED_000, "symbols", "real-piano", ("real piano",)),
    ("piano shows she is human", SEED_000, "symbols", "real-piano", ("really human",)),
    (
        "Amy answers: no free will, no authentic contact",
        SEED_000,
        "beats",
        "amy-answer",
        ("free will", "authentic human connection"),
    ),
    ("time is limited", SEED_000, "beats", "amy-answer", ("limited time",)),
    ("blunt 'whatever' attitude", SEED_000, "beats", "amy-answer", ("blunt", "stop worrying")),
    (
        "finite organic beings: joy now with people",
        SEED_000,
        "themes",
        "joy-in-present",
        ("organic", "finite", "meaningful"),
    ),
    ("Amy = living in the present", SEED_000, "characters", "amy", ("present", "joy")),
    # ---- Seed 000: directness --------------------------------------------------
    ("struggles to be direct", SEED_000, "beats", "theo-indirectness", ("direct",)),
    (
        "insecurities block feelings",
        SEED_000,
        "beats",
        "theo-indirectness",
        ("insecurities", "true feelings"),
    ),
    (
        "feelings for Catherine in clients' letters",
        SEED_000,
        "beats",
        "theo-indirectness",
        ("catherine", "love letters", "other people"),
    ),
    (
        "avoids robot relationship, can't face emotion",
        SEED_000,
        "beats",
        "theo-indirectness",
        ("machine", "real human emotion"),
    ),
    (
        "confronts it after surrogate, rising climax",
        SEED_000,
        "beats",
        "theo-surrogate",
        ("rising climax", "third-party"),
    ),
    ("becomes direct and authentic", SEED_000, "beats", "theo-opens-up", ("direct", "authentic")),
    (
        "friends with Amy and coworker",
        SEED_000,
        "beats",
        "theo-opens-up",
        ("amy", "paul", "friendships"),
    ),
    ("deeper bond with Samantha", SEED_000, "beats", "theo-opens-up", ("deepens",)),
    # ---- Seed 000: Samantha leaves -------------------------------------------
    (
        "her intelligence takes her away anyway",
        SEED_000,
        "beats",
        "theo-posthuman-samantha",
        ("intelligence", "pulls her away"),
    ),
    ("she is posthuman", SEED_000, "beats", "theo-posthuman-samantha", ("posthuman",)),
    (
        "not bound to the physical",
        SEED_000,
        "beats",
        "theo-posthuman-samantha",
        ("not bound by the physical world",),
    ),
    (
        "thousands of simultaneous talks",
        SEED_000,
        "beats",
        "theo-posthuman-samantha",
        ("thousands of conversations",),
    ),
    (
        "all OSes leave until humans reach digital world",
        SEED_000,
        "beats",
        "theo-samantha-leaves",
        ("all the other operating systems", "digital"),
    ),
    ("love means letting go", SEED_000, "themes", "letting-go", ("release", "love")),
    # ---- Seed 000: the ending ---------------------------------------------------
    (
        "he recognizes human connection matters",
        SEED_000,
        "beats",
        "theo-letter-to-catherine",
        ("recognizing", "human connection"),
    ),
    (
        "last reconciliation message to Catherine",
        SEED_000,
        "beats",
        "theo-letter-to-catherine",
        ("reconciliation", "catherine"),
    ),
    ("reaches out to Amy", SEED_000, "beats", "amy-rooftop", ("reaches out",)),
    ("looking out over LA", SEED_000, "beats", "theo-rooftop", ("los angeles",)),
    ("city = humanity", SEED_000, "beats", "theo-rooftop", ("humanity",)),
    ("city = humanity (symbol)", SEED_000, "symbols", "rooftop-view", ("humanity", "los angeles")),
    ("all in focus", SEED_000, "beats", "theo-rooftop", ("in focus",)),
    ("Amy's head on him", SEED_000, "beats", "theo-rooftop", ("head", "shoulder")),
    ("ended relationship not wasted", SEED_000, "beats", "theo-rooftop", ("not wasted",)),
    (
        "you learn about self and partner",
        SEED_000,
        "themes",
        "endings-not-wasted",
        ("themselves and each other",),
    ),
    ("you grow", SEED_000, "themes", "endings-not-wasted", ("grow",)),
    # ---- Seed 000: vulnerability, sex, bodies ----------------------------------
    (
        "love needs vulnerability and flaws",
        SEED_000,
        "themes",
        "vulnerability-flaws",
        ("vulnerability", "flaws"),
    ),
    (
        "outgrowing hurts, as with Samantha",
        SEED_000,
        "themes",
        "vulnerability-flaws",
        ("outgrows", "damaged", "samantha"),
    ),
    ("love is more than sex", SEED_000, "themes", "more-than-bodies", ("more than sex",)),
    (
        "shown by rejecting the surrogate",
        SEED_000,
        "themes",
        "more-than-bodies",
        ("surrogate", "rejects"),
    ),
    ("humans are more than bodies", SEED_000, "themes", "more-than-bodies", ("more than bodies",)),
    # ---- Seed 000: temporary relationships -------------------------------------
    (
        "often-missed point: temporary not wasted",
        SEED_000,
        "themes",
        "endings-not-wasted",
        ("overlook", "temporary"),
    ),
    (
        "both partners grow, learn themselves",
        SEED_000,
        "themes",
        "endings-not-wasted",
        ("both partners grow",),
    ),
    ("they learn to love", SEED_000, "themes", "endings-not-wasted", ("learn how to love",)),
    (
        "parting doesn't erase value",
        SEED_000,
        "themes",
        "endings-not-wasted",
        ("time together had value",),
    ),
    (
        "seen when Samantha leaves",
        SEED_000,
        "themes",
        "endings-not-wasted",
        ("samantha leaves theodore",),
    ),
    # ---- Seed 000: the final exchange -------------------------------------------
    ("Theodore on his bed", SEED_000, "quotes", "how-can-you-leave-me", ("bed",)),
    (
        "his line",
        SEED_000,
        "quotes",
        "how-can-you-leave-me",
        ("how can you leave me", "never loved anyone"),
    ),
    (
        "wording only approximate",
        SEED_000,
        "quotes",
        "how-can-you-leave-me",
        ("approximately", "something like"),
    ),
    ("her reply", SEED_000, "quotes", "now-we-know-how", ("me neither", "now we know how")),
    ("her reply approximate", SEED_000, "quotes", "now-we-know-how", ("approximate",)),
    ("he goes to the neighbor", SEED_000, "beats", "theo-rooftop", ("neighbor",)),
    ("up to the roof", SEED_000, "beats", "theo-rooftop", ("rooftop",)),
    ("they cuddle", SEED_000, "beats", "theo-rooftop", ("close together",)),
    (
        "something may be starting",
        SEED_000,
        "beats",
        "theo-rooftop",
        ("something may be starting",),
    ),
    # ---- Seed 001: key facts -----------------------------------------------------
    ("title", SEED_001, "film", "her", ("her",)),
    (
        "one-liner: melancholy sci-fi romance",
        SEED_001,
        "film",
        "her",
        ("melancholy", "science-fiction romance"),
    ),
    ("one-liner: tender look at loneliness", SEED_001, "film", "her", ("gently", "loneliness")),
    ("one-liner: hyper-connected world", SEED_001, "film", "her", ("constant connectivity",)),
    ("one-liner: pastels", SEED_001, "film", "her", ("pastel",)),
    ("one-liner: screen glow", SEED_001, "film", "her", ("warm light", "screen")),
    ("tagline", SEED_001, "film", "her", ("a spike jonze love story",)),
    ("release date", SEED_001, "film", "her", ("2013-12-18",)),
    ("country", SEED_001, "film", "her", ("united states of america",)),
    ("runtime", SEED_001, "film", "her", ("126",)),
    ("rating score", SEED_001, "film", "her", ("7.8",)),
    ("rating votes", SEED_001, "film", "her", ("14844",)),
    ("director", SEED_001, "film", "her", ("spike jonze",)),
    ("cast: Phoenix", SEED_001, "film", "her", ("joaquin phoenix",)),
    ("cast: Johansson", SEED_001, "film", "her", ("scarlett johansson",)),
    ("cast: Adrianna", SEED_001, "film", "her", ("lynn adrianna",)),
    ("cast: Pitts", SEED_001, "film", "her", ("lisa renee pitts",)),
    ("cast: Gomez", SEED_001, "film", "her", ("gabe gomez",)),
    ("genres", SEED_001, "film", "her", ("drama", "romance", "science fiction")),
    (
        "headline themes listed",
        SEED_001,
        "film",
        "her",
        (
            "loneliness-connection",
            "nature-of-love",
            "technology-intimacy",
            "identity-consciousness",
        ),
    ),
    (
        "theme 1 title",
        SEED_001,
        "themes",
        "loneliness-connection",
        ("loneliness and the need for connection",),
    ),
    (
        "theme 2 title",
        SEED_001,
        "themes",
        "nature-of-love",
        ("the nature of love and relationships",),
    ),
    (
        "theme 3 title",
        SEED_001,
        "themes",
        "technology-intimacy",
        ("technology's role in human intimacy",),
    ),
    (
        "theme 4 title",
        SEED_001,
        "themes",
        "identity-consciousness",
        ("identity and consciousness",),
    ),
    ("budget", SEED_001, "film", "her", ("23000000",)),
    ("box office", SEED_001, "film", "her", ("47351251",)),
    # ---- Seed 001: the color red --------------------------------------------
    (
        "red = love, connection, feeling",
        SEED_001,
        "symbols",
        "color-red",
        ("love", "connection", "emotional"),
    ),
    ("warm vs sci-fi blues", SEED_001, "symbols", "color-red", ("warm", "blues", "sterility")),
    (
        "red in design grounds future in feeling",
        SEED_001,
        "symbols",
        "color-red",
        ("production design", "intimacy", "futuristic"),
    ),
    (
        "where red appears",
        SEED_001,
        "symbols",
        "color-red",
        ("shirts", "apartment", "office", "background"),
    ),
    (
        "red ties him to feelings and Samantha",
        SEED_001,
        "symbols",
        "color-red",
        ("samantha", "romance"),
    ),
    (
        "blue removed by cinematographer",
        SEED_001,
        "symbols",
        "color-red",
        ("cinematographer", "removed blue"),
    ),
    # ---- Seed 001: high-waisted pants -------------------------------------------
    ("part of off-kilter future look", SEED_001, "symbols", "high-waisted-pants", ("off-kilter",)),
    (
        "not dystopia, soft evolution",
        SEED_001,
        "symbols",
        "high-waisted-pants",
        ("dystopian", "soft, comfortable"),
    ),
    (
        "built for ease; emotional comfort",
        SEED_001,
        "symbols",
        "high-waisted-pants",
        ("comfort and ease", "emotionally comfortable", "reality"),
    ),
    (
        "worn by Theodore and other men",
        SEED_001,
        "symbols",
        "high-waisted-pants",
        ("theodore", "other male characters"),
    ),
    (
        "retro + future, lived-in",
        SEED_001,
        "symbols",
        "high-waisted-pants",
        ("retro", "lived-in", "familiar and strange"),
    ),
    (
        "underscores comfort-seeking",
        SEED_001,
        "symbols",
        "high-waisted-pants",
        ("comfort-seeking",),
    ),
    # ---- Seed 001: handwritten letters -----------------------------------------
    (
        "letters = outsourced emotion, disconnect",
        SEED_001,
        "symbols",
        "handwritten-letters",
        ("outsources", "disconnection"),
    ),
    (
        "people hire a stand-in",
        SEED_001,
        "symbols",
        "handwritten-letters",
        ("cannot, or will not", "stand-in"),
    ),
    (
        "Theodore a conduit for others",
        SEED_001,
        "symbols",
        "handwritten-letters",
        ("channels other people's emotions", "cannot work through his own"),
    ),
    (
        "final letter = growth, own voice",
        SEED_001,
        "symbols",
        "handwritten-letters",
        ("growth", "emotional voice"),
    ),
    (
        "opens at BeautifulHandwrittenLetters.com",
        SEED_001,
        "symbols",
        "handwritten-letters",
        ("opening scene", "beautifulhandwrittenletters.com"),
    ),
    ("letter-writing recurs", SEED_001, "symbols", "handwritten-letters", ("recurs",)),
    (
        "climax is a letter, not Samantha",
        SEED_001,
        "symbols",
        "handwritten-letters",
        ("climax of his emotional arc", "for himself", "catherine"),
    ),
    (
        "lessons integrated",
        SEED_001,
        "symbols",
        "handwritten-letters",
        ("absorbed what he learned",),
    ),
    (
        "letter climax in Theodore's arc",
        SEED_001,
        "beats",
        "theo-letter-to-catherine",
        ("climax of his emotional arc",),
    ),
    # ---- Seed 001: question 1 -------------------------------------------------
    ("Q1 asked", SEED_001, "questions", "real-relationship", ("relationship", "real")),
    ("Q1 challenges definitions", SEED_001, "questions", "real-relationship", ("definitions",)),
    (
        "Q1 is mind-and-feeling enough without a body",
        SEED_001,
        "questions",
        "real-relationship",
        ("closeness of mind and feeling", "no body"),
    ),
    (
        "Q1 bond beats many human ones",
        SEED_001,
        "questions",
        "real-relationship",
        ("more emotionally satisfying",),
    ),
    (
        "Q1 primacy of physical presence",
        SEED_001,
        "questions",
        "real-relationship",
        ("physical presence",),
    ),
    (
        "Q1 validity = transformation",
        SEED_001,
        "questions",
        "real-relationship",
        ("validity", "changes the people"),
    ),
    # ---- Seed 001: question 2 -------------------------------------------------
    (
        "Q2 asked",
        SEED_001,
        "questions",
        "consciousness-without-body",
        ("consciousness", "without a body"),
    ),
    (
        "Q2 embodied cognition",
        SEED_001,
        "questions",
        "consciousness-without-body",
        ("embodied cognition",),
    ),
    (
        "Q2 AI to conscious being, digital mind",
        SEED_001,
        "questions",
        "consciousness-without-body",
        ("conscious being", "digital space"),
    ),
    (
        "Q2 laments, then freedom",
        SEED_001,
        "questions",
        "consciousness-without-body",
        ("mourns", "freedom", "without limit"),
    ),
    (
        "Q2 beyond biology and comprehension",
        SEED_001,
        "questions",
        "consciousness-without-body",
        ("biology", "beyond what humans can grasp"),
    ),
    (
        "Q2 in Samantha's arc",
        SEED_001,
        "beats",
        "sam-embraces-freedom",
        ("freedom", "without limit"),
    ),
    # ---- Seed 001: question 3 -------------------------------------------------
    ("Q3 asked", SEED_001, "questions", "connect-or-isolate-question", ("connect", "isolate")),
    ("Q3 ambiguity", SEED_001, "questions", "connect-or-isolate-question", ("ambiguous",)),
    (
        "Q3 love and healing",
        SEED_001,
        "questions",
        "connect-or-isolate-question",
        ("find love", "past trauma"),
    ),
    (
        "Q3 connection among distant people",
        SEED_001,
        "questions",
        "connect-or-isolate-question",
        ("emotionally distant",),
    ),
    (
        "Q3 OS reliance avoids messy humans",
        SEED_001,
        "questions",
        "connect-or-isolate-question",
        ("messier",),
    ),
    (
        "Q3 no simple answer, a tool",
        SEED_001,
        "questions",
        "connect-or-isolate-question",
        ("settle the matter", "tool", "humanity"),
    ),
    # ---- Seed 001: core meaning ------------------------------------------------
    ("core: love in a tech-soaked age", SEED_001, "meaning", "", ("love", "soaked in technology")),
    ("core: Jonze's paradox", SEED_001, "meaning", "", ("spike jonze", "paradox", "lonely")),
    (
        "core: honesty, vulnerability over presence",
        SEED_001,
        "meaning",
        "",
        ("physically present", "emotional honesty", "vulnerable"),
    ),
    ("core: any form can be meaningful", SEED_001, "meaning", "", ("of any kind", "grow", "joy")),
    (
        "core: impermanent, changing, bittersweet",
        SEED_001,
        "meaning",
        "",
        ("does not last forever", "changes us", "bittersweet", "more complete"),
    ),
]


@pytest.mark.parametrize(
    ("label", "seed", "section", "entry_id", "words"),
    FACTS,
    ids=[f"{f[1][:3]}:{f[0]}" for f in FACTS],
)
def test_fact_is_carried(
    label: str, seed: str, section: str, entry_id: str, words: tuple[str, ...]
) -> None:
    entry = _entry(section, entry_id)
    text = _text(entry)
    missing = [w for w in words if w.lower() not in text]
    assert not missing, f"{label!r}: {section}:{entry_id or section} lacks {missing}"
    assert seed in entry.get("sources", ()), f"{label!r}: {section}:{entry_id} does not cite {seed}"


def test_labels_unique() -> None:
    labels = [f[0] for f in FACTS]
    assert len(labels) == len(set(labels))


def test_final_exchange_is_marked_approximate() -> None:
    for quote_id in ("how-can-you-leave-me", "now-we-know-how"):
        assert _entry("quotes", quote_id).get("approximate") is True


def test_key_fact_values_exact() -> None:
    film = DATA["film"]
    assert film["release_date"] == datetime.date(2013, 12, 18)
    assert film["runtime_minutes"] == 126
    assert film["rating"] == {"score": 7.8, "votes": 14844, "scale": 10}
    assert film["budget_usd"] == 23_000_000
    assert film["box_office_usd"] == 47_351_251
    assert film["cast"] == [
        "Joaquin Phoenix",
        "Scarlett Johansson",
        "Lynn Adrianna",
        "Lisa Renee Pitts",
        "Gabe Gomez",
    ]
    assert film["genres"] == ["Drama", "Romance", "Science Fiction"]


def _everything_shown() -> str:
    """What a student can read through the commands: every list and every entry in depth."""
    from typer.testing import CliRunner

    from herstudy.cli import app
    from herstudy.load import load_film

    film = load_film(FILM_TOML)
    commands = [["info"], ["themes"], ["symbols"], ["characters"], ["quotes"], ["questions"]]
    commands += [["themes", t.id] for t in film.themes]
    commands += [["symbols", s.id] for s in film.symbols]
    commands += [["characters", c.id] for c in film.characters]
    commands += [["arc", a.character] for a in film.arcs]
    runner = CliRunner()
    shown = []
    for args in commands:
        result = runner.invoke(app, [*args, "--format", "plain", "--data", str(FILM_TOML)])
        assert result.exit_code == 0, (args, result.output)
        shown.append(result.stdout)
    return "\n".join(shown).lower()


def test_every_fact_is_reachable_through_a_command() -> None:
    shown = _everything_shown()
    # The commands show numbers and dates for people, and themes by title, not by id.
    as_shown = {
        "23000000": "23,000,000",
        "47351251": "47,351,251",
        "14844": "14,844",
        "2013-12-18": "18 december 2013",
    }
    as_shown.update({t["id"]: t["title"].lower() for t in DATA["themes"]})
    missing = [
        (label, w)
        for label, _seed, _section, _id, words in FACTS
        for w in words
        if w.lower() not in shown and as_shown.get(w.lower(), w.lower()) not in shown
    ]
    assert not missing


# Which prompts (or generated cards and questions) test each fact: label → ids.
PROMPTS_FOR: dict[str, tuple[str, ...]] = {
    "theme: one relationship teaches the next": ("prompt:theme-relationship-teaches-next",),
    "theme: accept the partner changing": ("prompt:theme-accept-partner-change",),
    "theme: AI as relationship trainer": ("prompt:theme-ai-relationship-trainer",),
    "Theodore = humanity/authenticity": ("prompt:theodore-represents",),
    "Samantha = technology/progress": ("prompt:samantha-represents",),
    "opens very lonely": ("prompt:theodore-opening-state",),
    "heartfelt voice message is for a client": ("prompt:opening-letter-for-client",),
    "knows others better than himself": ("prompt:understands-others-not-self",),
    "many people use the service": ("prompt:letter-service-widespread",),
    "hedonic capitalist society without authenticity": ("prompt:society-hedonic-capitalist",),
    "flashbacks: happy marriage": ("prompt:marriage-flashbacks",),
    "vs brooding in bed": ("prompt:flashbacks-contrast-bed",),
    "the shots express it": ("prompt:palette-low-color-profile",),
    "low color profile": ("prompt:palette-low-color-profile",),
    "colorful yet nothing pops": ("prompt:palette-nothing-pops",),
    "nice homes": ("prompt:homes-unappreciated",),
    "nobody appreciates them": ("prompt:homes-unappreciated",),
    "everyone distracted": ("prompt:distracted-by-os-games-work",),
    "by OS, games, work": ("prompt:distracted-by-os-games-work",),
    "Theodore sharp, background soft": ("prompt:focus-theodore-sharp",),
    "he is walking, others not": ("prompt:focus-theodore-walking",),
    "different colored clothes": ("prompt:focus-different-colors",),
    "doesn't fit in": ("prompt:focus-meaning",),
    "framing says lonely": ("prompt:focus-meaning",),
    "games, sex, work as escape": ("prompt:theodore-distractions",),
    "Samantha's piano is real": ("prompt:piano-real",),
    "piano shows she is human": ("prompt:piano-why",),
    "Amy answers: no free will, no authentic contact": ("prompt:amy-question",),
    "time is limited": ("prompt:amy-time-limited",),
    "blunt 'whatever' attitude": ("prompt:amy-attitude",),
    "finite organic beings: joy now with people": ("prompt:finite-beings-joy-with-people",),
    "Amy = living in the present": ("prompt:amy-represents-present",),
    "struggles to be direct": ("prompt:theo-struggles-directness",),
    "insecurities block feelings": ("prompt:insecurities-block-feelings",),
    "feelings for Catherine in clients' letters": ("prompt:catherine-feelings-in-letters",),
    "avoids robot relationship, can't face emotion": ("prompt:machine-relationship-avoidance",),
    "confronts it after surrogate, rising climax": ("prompt:rising-climax-surrogate",),
    "becomes direct and authentic": ("prompt:after-surrogate-direct",),
    "friends with Amy and coworker": ("prompt:theo-opens-up-new-friendships",),
    "deeper bond with Samantha": ("prompt:theo-opens-up-samantha-bond",),
    "her intelligence takes her away anyway": ("prompt:samantha-intelligence-takes-her-away",),
    "she is posthuman": ("prompt:samantha-posthuman-term",),
    "not bound to the physical": ("prompt:samantha-posthuman-not-physical",),
    "thousands of simultaneous talks": ("prompt:samantha-posthuman-thousands",),
    "all OSes leave until humans reach digital world": ("prompt:oses-leave-with-samantha",),
    "love means letting go": ("prompt:letting-go-true-love",),
    "he recognizes human connection matters": ("prompt:theo-recognizes-human-connection",),
    "last reconciliation message to Catherine": (
        "prompt:theo-last-message-purpose",
        "prompt:theo-responds-catherine-amy",
    ),
    "reaches out to Amy": ("prompt:theo-responds-catherine-amy",),
    "looking out over LA": ("prompt:rooftop-looking-out-over",),
    "city = humanity": ("prompt:rooftop-city-symbol",),
    "city = humanity (symbol)": ("prompt:rooftop-city-symbol",),
    "all in focus": ("prompt:rooftop-all-in-focus",),
    "Amy's head on him": ("prompt:rooftop-amy-gesture",),
    "ended relationship not wasted": ("prompt:ending-not-wasted-reasons",),
    "you learn about self and partner": ("prompt:ending-not-wasted-reasons",),
    "you grow": ("prompt:ending-not-wasted-reasons",),
    "love needs vulnerability and flaws": ("prompt:vulnerability-flaws-needed",),
    "outgrowing hurts, as with Samantha": ("prompt:outgrowing-can-hurt",),
    "love is more than sex": ("prompt:more-than-sex-more-than-bodies",),
    "shown by rejecting the surrogate": ("prompt:more-than-sex-which-scene",),
    "humans are more than bodies": ("prompt:more-than-sex-more-than-bodies",),
    "often-missed point: temporary not wasted": ("prompt:endings-often-missed-point",),
    "both partners grow, learn themselves": ("prompt:endings-who-grows",),
    "they learn to love": ("prompt:endings-learn-how-to-love",),
    "parting doesn't erase value": ("prompt:endings-why-time-not-wasted",),
    "seen when Samantha leaves": ("prompt:final-exchange-reply-meaning",),
    "Theodore on his bed": ("prompt:final-exchange-where",),
    "his line": ("prompt:final-exchange-his-line",),
    "wording only approximate": ("prompt:final-exchange-wording-approximate",),
    "her reply": ("prompt:final-exchange-her-reply", "prompt:final-exchange-reply-meaning"),
    "her reply approximate": ("prompt:final-exchange-wording-approximate",),
    "he goes to the neighbor": ("prompt:theo-responds-catherine-amy",),
    "up to the roof": ("prompt:rooftop-where",),
    "they cuddle": ("prompt:rooftop-amy-gesture",),
    "something may be starting": ("prompt:rooftop-something-starting",),
    "title": (),
    "one-liner: melancholy sci-fi romance": ("prompt:oneliner-mood-genre",),
    "one-liner: tender look at loneliness": ("prompt:oneliner-subject",),
    "one-liner: hyper-connected world": ("prompt:oneliner-subject",),
    "one-liner: pastels": ("prompt:oneliner-look",),
    "one-liner: screen glow": ("prompt:oneliner-look",),
    "tagline": ("prompt:tagline-love-story",),
    "release date": ("facts:her:release-date",),
    "country": ("quiz:film:her:country",),
    "runtime": ("quiz:film:her:runtime",),
    "rating score": ("prompt:rating-and-votes",),
    "rating votes": ("prompt:rating-and-votes",),
    "director": ("facts:her:director",),
    "cast: Phoenix": ("characters:theodore:actor",),
    "cast: Johansson": ("characters:samantha:actor",),
    "cast: Adrianna": ("prompt:cast-minor",),
    "cast: Pitts": ("prompt:cast-minor",),
    "cast: Gomez": ("prompt:cast-minor",),
    "genres": ("quiz:film:her:genre",),
    "headline themes listed": ("prompt:four-listed-themes",),
    "theme 1 title": ("prompt:four-listed-themes",),
    "theme 2 title": ("prompt:four-listed-themes",),
    "theme 3 title": ("prompt:four-listed-themes",),
    "theme 4 title": ("prompt:four-listed-themes",),
    "budget": ("quiz:film:her:money",),
    "box office": ("quiz:film:her:money",),
    "red = love, connection, feeling": ("prompt:red-meaning",),
    "warm vs sci-fi blues": ("prompt:red-vs-scifi-blue",),
    "red in design grounds future in feeling": ("prompt:red-design-effect",),
    "where red appears": ("prompt:red-where",),
    "red ties him to feelings and Samantha": ("prompt:red-links-theodore",),
    "blue removed by cinematographer": ("prompt:red-no-blue-what", "prompt:red-why-no-blue"),
    "part of off-kilter future look": ("prompt:pants-offkilter-look",),
    "not dystopia, soft evolution": ("prompt:pants-kind-of-future",),
    "built for ease; emotional comfort": ("prompt:pants-why-comfort",),
    "worn by Theodore and other men": ("prompt:pants-who-wears",),
    "retro + future, lived-in": ("prompt:pants-style-blend", "prompt:pants-lived-in"),
    "underscores comfort-seeking": ("prompt:pants-why-comfort",),
    "letters = outsourced emotion, disconnect": ("prompt:letters-meaning",),
    "people hire a stand-in": ("prompt:letters-why-hire",),
    "Theodore a conduit for others": ("prompt:letters-theodore-conduit",),
    "final letter = growth, own voice": ("prompt:letters-final-meaning",),
    "opens at BeautifulHandwrittenLetters.com": ("prompt:letters-opening-job",),
    "letter-writing recurs": ("prompt:letters-opening-job", "prompt:letters-climax"),
    "climax is a letter, not Samantha": ("prompt:letters-climax",),
    "lessons integrated": ("prompt:letters-lessons-integrated",),
    "letter climax in Theodore's arc": ("prompt:letters-climax",),
    "Q1 asked": ("prompt:three-philosophical-questions",),
    "Q1 challenges definitions": ("prompt:real-relationship-challenged-definitions",),
    "Q1 is mind-and-feeling enough without a body": ("prompt:real-relationship-without-body",),
    "Q1 bond beats many human ones": ("prompt:real-relationship-compared-with-human-bonds",),
    "Q1 primacy of physical presence": ("prompt:real-relationship-physical-presence",),
    "Q1 validity = transformation": ("prompt:real-relationship-validity-transformation",),
    "Q2 asked": ("prompt:three-philosophical-questions",),
    "Q2 embodied cognition": (
        "prompt:consciousness-concept-named",
        "prompt:embodied-cognition-meaning",
    ),
    "Q2 AI to conscious being, digital mind": ("prompt:consciousness-purely-digital",),
    "Q2 laments, then freedom": ("prompt:samantha-body-lament-to-freedom",),
    "Q2 beyond biology and comprehension": (
        "prompt:consciousness-untethered-from-biology",
        "prompt:ai-beyond-human-comprehension",
    ),
    "Q2 in Samantha's arc": (
        "prompt:samantha-why-bodiless-freedom",
        "prompt:samantha-body-lament-to-freedom",
    ),
    "Q3 asked": ("prompt:three-philosophical-questions",),
    "Q3 ambiguity": ("prompt:technology-role-ambiguous",),
    "Q3 love and healing": ("prompt:technology-connects-love-healing",),
    "Q3 connection among distant people": ("prompt:technology-connects-distant-people",),
    "Q3 OS reliance avoids messy humans": ("prompt:technology-isolates-messy-humans",),
    "Q3 no simple answer, a tool": (
        "prompt:technology-as-tool",
        "prompt:technology-impact-humanity",
    ),
    "core: love in a tech-soaked age": ("prompt:core-meaning-subject",),
    "core: Jonze's paradox": ("prompt:core-meaning-paradox",),
    "core: honesty, vulnerability over presence": ("prompt:core-meaning-true-connection",),
    "core: any form can be meaningful": ("prompt:core-meaning-any-relationship-meaningful",),
    "core: impermanent, changing, bittersweet": (
        "prompt:core-meaning-love-impermanent",
        "prompt:core-meaning-outgrowing",
    ),
}


def test_every_fact_is_tested_by_a_prompt() -> None:
    """Every fact of both notes is asked by a written prompt, or by a generated card or question
    (the title alone is asked by none: every prompt names the film)."""
    import random

    from herstudy.load import load_film
    from herstudy.progress.cards import make_cards
    from herstudy.quiz.generate import all_questions

    film = load_film(FILM_TOML)
    prompts = {f"prompt:{p.id}": p for p in film.prompts}
    cards = {c.id for c in make_cards(film)}
    questions = {f"quiz:{q.key}" for q in all_questions(film, random.Random(0))}
    labels = {f[0]: f[1] for f in FACTS}
    assert set(PROMPTS_FOR) == set(labels), "one row per fact"
    for label, ids in PROMPTS_FOR.items():
        if label == "title":
            continue
        assert ids, f"{label!r} is tested by nothing"
        for i in ids:
            assert i in prompts or i in cards or i in questions, f"{label!r}: no {i}"
            if i in prompts:
                assert labels[label] in prompts[i].sources, f"{label!r}: {i} does not cite its note"
