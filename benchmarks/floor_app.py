"""The start-up floor of `make bench`: a minimal typer application with `kpi score`'s options
(a quarter argument, --body, --json, --lang, --workspace) that prints a one-row rich table.
`kpi score 2024Q1` reads and scores a quarter on top of what this pays."""

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False)


@app.command()
def score(
    quarter: str,
    body: Annotated[str | None, typer.Option("--body")] = None,  # noqa: UP007 (as typer apps are written)
    as_json: Annotated[bool, typer.Option("--json")] = False,
    lang: Annotated[str | None, typer.Option("--lang")] = None,  # noqa: UP007
    workspace: Annotated[Path | None, typer.Option("--workspace", "-w")] = None,  # noqa: UP007
) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("Место", "Орган", "R")
    table.add_row("1", quarter, "96,4")
    Console().print(table)


if __name__ == "__main__":
    app()
