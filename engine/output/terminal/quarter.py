"""The ranking and the body tables on a terminal (or in a file: the same tables, whole)."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from rich.table import Table

from engine.formats import entered_figure, number
from engine.output.terminal import banner, print_whole
from engine.output.views.quarter import KPI_COLUMNS, BodyPart, QuarterView

_EIGHTHS = " ▏▎▍▌▋▊▉"
BAR_WIDTH = 25


def bar(score: Decimal, width: int = BAR_WIDTH, maximum: Decimal = Decimal(100)) -> str:
    """A horizontal bar like the report's chart: score / maximum of `width` cells."""
    eighths = int(max(Decimal(0), min(score, maximum)) / maximum * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def print_ranking(console: Console, view: QuarterView) -> None:
    """Place, body, R, the bar and the full name (wrapped, never cut)."""
    banner(console, view.banner, view.status)
    table = Table(title=view.title, title_justify="left")
    rank, short, score = view.label("col-rank"), view.label("col-body"), view.label("col-score")
    table.add_column(rank, justify="right", no_wrap=True, min_width=len(rank))
    table.add_column(short, no_wrap=True, min_width=max(len(b.short) for b in view.bodies))
    table.add_column(score, justify="right", no_wrap=True, min_width=4)
    table.add_column("", no_wrap=True, min_width=BAR_WIDTH)
    table.add_column(view.label("col-name"), min_width=12, overflow="fold")
    for body in view.bodies:
        table.add_row(str(body.rank), body.short, number(body.score, view.lang), bar(body.score), body.name)
    print_whole(console, table)
    print_not_collected(
        console, view.label("not-collected-title", quarter=view.quarter, rules=view.rules), view.not_collected
    )
    print_warnings_count(console, view)


def print_not_collected(console: Console, title: str, lines: tuple[str, ...]) -> None:
    """KPIs that score 0 because the data never had them: said under the ranking, in yellow."""
    if lines:
        console.print(title, style="yellow")
        for line in lines:
            console.print("  " + line, style="yellow")


def print_warnings_count(console: Console, view: QuarterView) -> None:
    """How many warnings the data have, in yellow, under the table (they are listed by
    `kpi quarter validate`)."""
    if view.warnings:
        console.print(view.label("warnings-count", count=len(view.warnings), quarter=view.quarter), style="yellow")


def print_body(console: Console, view: QuarterView, body: BodyPart) -> None:
    """One body as in the report: a table per direction (№, KPI, U, N, unit, a, b, Z, W),
    the direction results, R, and a note for every W a policy decided."""
    lang = view.lang
    console.print(body.heading, style="bold", markup=False)
    for direction in body.directions:
        table = Table(title=direction.name, title_justify="left", show_lines=False, expand=False)
        for code in KPI_COLUMNS:
            if code == "col-kpi":
                table.add_column(view.label(code), ratio=1, min_width=16, overflow="fold")  # the name wraps
            else:
                right = code != "col-unit"
                table.add_column(view.label(code), justify="right" if right else "left", no_wrap=True)  # whole
        for line in direction.lines:
            assigned = number(line.assigned, lang) + (f" [{line.note}]" if line.note else "")
            table.add_row(
                str(line.no),
                line.name,
                number(line.weight, lang),
                number(line.target, lang),
                line.unit,
                entered_figure(line.a_text, line.a, lang),
                entered_figure(line.b_text, line.b, lang),
                number(line.share, lang),
                assigned,
            )
        if len(body.directions) > 1:
            table.caption = f"{direction.result_label}: {number(direction.total, lang)}"
            table.caption_justify = "right"
        print_whole(console, table)
    console.print(body.result, style="bold", markup=False)
    if body.notes:
        console.print(view.label("notes") + ":")
        for note in body.notes:
            console.print(note, markup=False)
