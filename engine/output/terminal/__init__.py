"""The terminal writer: views drawn with rich. The only part of kpi that imports rich."""

from __future__ import annotations

from rich.console import Console
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text


def print_whole(console: Console, table: Table) -> None:
    """A table with every column: on a terminal narrower than the table needs (its names
    wrapped as far as they go, its numbers whole), the table is drawn at the width it needs
    and the terminal wraps its lines — a column is never dropped or cut."""
    needed = Measurement.get(console, console.options, table).minimum
    console.print(table, width=max(console.width, needed))


def banner(console: Console, text: str | None, status: str) -> None:
    """Shout when a quarter is not official: example and draft values must never pass as real."""
    if text is None:
        return
    style = "bold black on yellow" if status == "example" else "bold white on red"
    console.print(Panel(Text(text, style=style), style=style.split(" on ")[-1]))
