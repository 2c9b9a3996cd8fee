"""The import rules of docs/architecture.md, checked on the source.

Every import counts, also one inside a function or under ``TYPE_CHECKING``: a
lazy import of rich in ``progress/`` is still terminal code in the core.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "herstudy"

TERMINAL_LIBRARIES = {"rich", "questionary", "prompt_toolkit"}
"""Only ``render/`` (drawing) and ``interactive/`` (talking to a person) import these."""

MAY_IMPORT: dict[str, set[str]] = {
    # Leaves.
    "text": set(),
    "errors": {"text"},
    # The film: TOML → typed, immutable model.
    "model": {"errors", "text"},
    "lookup": {"errors", "text"},
    "cache": {"model"},
    "check": {"errors", "model", "text"},
    "load": {"cache", "check", "errors", "model", "text"},
    # An essay prompt's outline, arranged from the model's links.
    "essay": {"errors", "lookup", "model"},
    # What is shown, as a document; then the pure learning code.
    "doc": {"text"},
    "views": {"doc", "errors", "essay", "lookup", "model", "text"},
    "progress": {"cache", "doc", "errors", "model", "text"},
    "quiz": {"doc", "errors", "lookup", "model", "progress", "text"},
    # Documents → text, and the film → other tools' files.
    "render": {"doc", "text"},
    "export": {"doc", "errors", "model", "progress", "render", "text", "views"},
    # A person at a terminal.
    "interactive": {
        "doc",
        "errors",
        "essay",
        "lookup",
        "model",
        "progress",
        "quiz",
        "render",
        "text",
        "views",
    },
    # The command line and the process around it.
    "complete": {"errors", "essay", "load", "model", "quiz"},
    "cli": {
        "complete",
        "doc",
        "errors",
        "essay",
        "export",
        "interactive",
        "load",
        "model",
        "process",
        "progress",
        "quiz",
        "render",
        "text",
        "views",
    },
    "process": {"cli", "errors"},
    "__main__": {"process"},
}

ONLY_IN = {
    **dict.fromkeys(TERMINAL_LIBRARIES, {"render", "interactive"}),
    "typer": {"cli"},
    "click": {"cli", "process"},
}


def _part(path: Path) -> str:
    """The top-level module or package a source file belongs to: ``quiz``, ``cli``…"""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every module the file imports, wherever the import is."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = path.relative_to(PACKAGE.parent).with_suffix("").parts[: -node.level]
                yield node.lineno, ".".join([*base, *filter(None, [node.module])])
            elif node.module == "herstudy":  # from herstudy import views
                for alias in node.names:
                    yield node.lineno, f"herstudy.{alias.name}"
            elif node.module:
                yield node.lineno, node.module


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


def test_every_part_of_the_package_has_a_rule() -> None:
    assert {_part(p) for p in SOURCES} == set(MAY_IMPORT)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_layers(path: Path) -> None:
    part = _part(path)
    broken = []
    for line, name in _imports(path):
        top, _, rest = name.partition(".")
        if top == "herstudy":
            target = rest.split(".")[0] or "herstudy"
            if target != part and target not in MAY_IMPORT[part] | {"__version__"}:
                broken.append(f"line {line}: {part} may not import herstudy.{target}")
        elif top in ONLY_IN and part not in ONLY_IN[top]:
            broken.append(f"line {line}: only {sorted(ONLY_IN[top])} import {top}, not {part}")
    assert not broken, "\n".join(broken)


def test_the_rule_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    source = tmp_path / "example.py"
    source.write_text("def f() -> None:\n    if True:\n        from rich.text import Text\n")
    assert list(_imports(source)) == [(3, "rich.text")]


def test_one_function_asks_whether_a_person_is_at_the_terminal() -> None:
    """``herstudy.interactive.interactive`` is the one place that looks at stdin's isatty."""
    the_one = PACKAGE / "interactive" / "__init__.py"
    asking = [
        str(p.relative_to(PACKAGE))
        for p in SOURCES
        if p != the_one and "stdin.isatty" in p.read_text(encoding="utf-8")
    ]
    assert asking == []
    assert "def interactive(" in the_one.read_text(encoding="utf-8")
