"""`kpi check` on a terminal: the discrepancies as a table, then the summary."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from engine.output.terminal import banner, print_whole
from engine.output.views.discrepancies import COLUMNS, CheckView

_RIGHT = {"col-published", "col-computed", "col-effect"}


def print_check(console: Console, view: CheckView) -> None:
    banner(console, view.quarter.banner, view.quarter.status)
    console.print(view.title, style="bold")
    if view.rows:
        table = Table(show_lines=True)
        for code in COLUMNS:
            right = code in _RIGHT
            # figures stay whole; the words (KPI ids, causes) wrap
            table.add_column(view.quarter.label(code), justify="right" if right else "left", no_wrap=right)
        for row in view.rows:
            table.add_row(*row.cells)
        print_whole(console, table)
    for line in view.summary:
        console.print(line)
