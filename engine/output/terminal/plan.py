"""`kpi plan` on a terminal: a KPI table with what each needs, then the ways up."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from engine.output.terminal import print_whole
from engine.output.views.plan import PlanView


def print_plan(console: Console, view: PlanView) -> None:
    table = Table(title=view.title, title_justify="left")
    table.add_column(view.label("col-no"), justify="right")
    table.add_column(view.label("col-kpi-id"), no_wrap=True)
    table.add_column(view.label("col-weight"), justify="right", no_wrap=True)
    table.add_column(view.label("col-assigned"), justify="right", no_wrap=True)
    table.add_column(view.label("col-plan-missing"), justify="right", no_wrap=True)
    table.add_column(view.label("col-plan-needed"), ratio=1, min_width=24)
    table.add_column(view.label("col-plan-score-if"), justify="right", no_wrap=True)
    for line in view.lines:
        style = "dim" if not line.missing else None
        table.add_row(
            str(line.no),
            line.id,
            line.weight,
            line.assigned,
            line.missing,
            line.needed_lines,
            line.score_if,
            style=style,
        )
    print_whole(console, table)
    if view.data:
        console.print(Text(view.data, style="bold"))
    console.print(Text(view.next_place))
    console.print(Text(view.top3))
