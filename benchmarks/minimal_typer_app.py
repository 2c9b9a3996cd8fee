"""The baseline for bench_startup.py: about the least a Typer + Rich command can do.

One command, one option, an 8-row Rich table on stdout. herstudy's startup is
measured against this, so it shows what herstudy adds on top of its framework.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False)


@app.command()
def main(
    title: Annotated[str, typer.Option(help="Table title.")] = "Minimal",
) -> None:
    """Print an 8-row table."""
    table = Table(title=title)
    table.add_column("#", justify="right")
    table.add_column("Row")
    for i in range(1, 9):
        table.add_row(str(i), f"Row number {i}")
    Console().print(table)


if __name__ == "__main__":
    app()
