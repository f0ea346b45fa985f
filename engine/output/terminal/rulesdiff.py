"""`kpi rules diff` on a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from engine.output.terminal import print_whole
from engine.output.views.rulesdiff import RulesDiffView


def print_rules_diff(console: Console, view: RulesDiffView) -> None:
    if view.changes:
        table = Table(title=view.title, title_justify="left")
        for code in ("col-body", "col-kpi-id", "col-change"):
            table.add_column(view.label(code), no_wrap=True)
        table.add_column(view.label("col-before"), ratio=1)
        table.add_column(view.label("col-after"), ratio=1)
        for row in view.changes:
            table.add_row(*row[:3], Text(row[3]), Text(row[4]))
        print_whole(console, table)
    if view.methodology:
        table = Table(title=view.methodology_title, title_justify="left")
        table.add_column(view.label("col-setting"), no_wrap=True)
        table.add_column(view.label("col-before"), ratio=1)
        table.add_column(view.label("col-after"), ratio=1)
        for setting, before, after in view.methodology:
            table.add_row(setting, Text(before), Text(after))
        print_whole(console, table)
    if view.renames:
        console.print(Text(view.label("rules-diff-renames-title")), style="yellow")
        for line in view.renames:
            console.print(Text("  " + line), style="yellow")
    console.print(Text(view.summary))
