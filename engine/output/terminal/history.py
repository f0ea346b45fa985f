"""`kpi history` on a terminal: a body per row, a quarter per column (place · R), the change
since the previous quarter and R's trend; or one body, a quarter per row."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from engine.formats import number, signed
from engine.output.terminal import print_whole
from engine.output.views.history import HistoryView, move_text


def print_history(console: Console, view: HistoryView) -> None:
    table = Table(title=view.title, title_justify="left")
    table.add_column(view.label("col-body"), no_wrap=True)
    for column in view.columns:
        table.add_column(column.heading, justify="right", no_wrap=True)
    table.add_column(view.label("col-history-change"), justify="right", no_wrap=True)
    table.add_column(view.label("col-history-trend"), no_wrap=True)
    for line in view.lines:
        table.add_row(line.body.short, *line.cells, line.change, line.trend)
    print_whole(console, table)
    _notes(console, view)


def print_body_history(console: Console, view: HistoryView, body_id: str) -> None:
    line = view.line(body_id)
    assert line is not None  # the command found the body first
    body = line.body
    table = Table(title=view.label("history-body-title", short=body.short, name=body.name), title_justify="left")
    table.add_column(view.label("col-quarter"), no_wrap=True)
    table.add_column(view.label("col-rank"), justify="right", no_wrap=True)
    table.add_column(view.label("col-score"), justify="right", no_wrap=True)
    table.add_column(view.label("col-move"), justify="right", no_wrap=True)
    table.add_column(view.label("col-delta"), justify="right", no_wrap=True)
    for column, standing in zip(view.columns, body.standings, strict=True):
        if standing is None:
            table.add_row(column.heading, "—", view.label("history-absent"), "", "")
            continue
        table.add_row(
            column.heading,
            str(standing.rank),
            number(standing.score, view.lang),
            move_text(standing.move) if standing.move is not None else "",
            signed(standing.delta, view.lang) if standing.delta is not None else "",
        )
    print_whole(console, table)
    _notes(console, view)


def _notes(console: Console, view: HistoryView) -> None:
    for note in view.notes:
        console.print(Text(note, style="yellow"))
