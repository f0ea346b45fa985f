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
    width = console.width
    needed = needed_width(console, table)
    if needed <= width:
        console.print(table)
        return
    console.width = needed  # print's own width= is capped at the console's
    try:
        console.print(table)
    finally:
        console.width = width


def needed_width(console: Console, table: Table) -> int:
    """The narrowest width at which no cell of a no-wrap column is cut: each such column as
    wide as its widest cell, each other column as its longest word (rich's own measure of a
    table lets no-wrap columns shrink, and cuts their cells with an ellipsis)."""
    options = console.options.update_width(10**6)
    total = 0
    for column in table.columns:
        widths = [
            Measurement.get(console, options, cell if not isinstance(cell, str) else Text(cell))
            for cell in (column.header, *column.cells)
        ]
        widest = max((m.maximum if column.no_wrap else m.minimum) for m in widths)
        left, right = table.padding[3], table.padding[1]
        total += max(widest, column.min_width or 0) + left + right
    return total + len(table.columns) + 1  # the borders


def banner(console: Console, text: str | None, status: str) -> None:
    """Shout when a quarter is not official: example and draft values must never pass as real."""
    if text is None:
        return
    style = "bold black on yellow" if status == "example" else "bold white on red"
    console.print(Panel(Text(text, style=style), style=style.split(" on ")[-1]))
