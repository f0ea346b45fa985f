"""`kpi compare` on a terminal: the moves in colour, the drivers, the split of ΔR."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from rich.table import Table
from rich.text import Text

from engine.compare import BodyShift
from engine.formats import number, signed
from engine.output.terminal import banner, print_whole
from engine.output.terminal.quarter import print_not_collected
from engine.output.views.causes import cause_text, changed_text
from engine.output.views.comparison import (
    ComparisonView,
    body_lines,
    body_one_side,
    body_title,
    drivers,
    move,
    scores,
    split_legend,
    split_note,
    summary,
)

_MOVE_STYLE = {"new": "bold cyan", "gone": "dim", "up": "green", "down": "red", "same": "dim"}


def print_banners(console: Console, view: ComparisonView) -> None:
    for status, text in view.banners:
        banner(console, text, status)


def _move(body: BodyShift, lang: str) -> Text:
    shown = move(body, lang)
    return Text(shown.text, style=_MOVE_STYLE[shown.kind])


def _delta(value: Decimal | None, lang: str) -> Text:
    if value is None:
        return Text("")
    style = "green" if value > 0 else "red" if value < 0 else "dim"
    return Text(signed(value, lang), style=style)


def print_ranking(console: Console, view: ComparisonView) -> None:
    comparison, lang = view.comparison, view.lang
    split = comparison.rules_changed
    table = Table(title=view.title, title_justify="left")
    table.add_column(view.label("col-rank"), justify="right")
    table.add_column(view.label("col-move"), no_wrap=True)
    table.add_column(view.label("col-body"), no_wrap=True)
    # the sides are named in the title; a header naming them again would take the width
    # the drivers need (2024Q1@2023 → 2024Q1@2024-draft is 33 characters)
    table.add_column(view.label("col-compare-score"), justify="right", no_wrap=True)
    table.add_column(view.label("col-delta"), justify="right", no_wrap=True)
    if split:
        table.add_column(view.label("col-data-part"), justify="right", no_wrap=True)
        table.add_column(view.label("col-rules-part"), justify="right", no_wrap=True)
    table.add_column(view.label("col-drivers"), ratio=1)
    notes: list[str] = []
    for body in comparison.bodies:
        row: list[str | Text] = [
            str(body.rank_to) if body.rank_to is not None else "-",
            _move(body, lang),
            body.short,
            scores(body, lang),
            _delta(body.delta, lang),
        ]
        if split:
            note = None if comparison.via_problems else split_note(body, comparison, lang)
            if comparison.via_problems and body.status == "kept":
                row += [Text("-", style="dim"), Text("-", style="dim")]
            elif note is not None:
                notes.append(note)
                marker = Text(f"- [{len(notes)}]", style="dim")
                row += [marker, marker]
            else:
                row += [_delta(body.data_part, lang), _delta(body.rules_part, lang)]
        row.append(Text(drivers(comparison, body, lang)))
        table.add_row(*row)
    print_whole(console, table)
    console.print(Text(summary(comparison, lang)))
    for title, lines in view.not_collected:
        print_not_collected(console, title, lines)
    if split:
        for line in split_legend(comparison, notes, lang):
            console.print(Text(line))


def print_body(console: Console, view: ComparisonView, body: BodyShift) -> None:
    comparison, lang = view.comparison, view.lang
    before, after = comparison.before, comparison.after
    console.print(Text(body_title(comparison, body, lang), style="bold"))
    if body.status != "kept":
        console.print(Text(body_one_side(comparison, body, lang)))
        return
    split = comparison.rules_changed and body.blocker is None
    table = Table(title_justify="left")
    # the name is only a reminder: it gives way (cut with "…") before the figures and the
    # changes do, which keep about 50 and 25 columns for themselves (more with the split)
    name_width = max(8, min(40, console.width - (102 if split else 76)))
    table.add_column(view.label("col-kpi-id"), no_wrap=True)
    table.add_column(view.label("col-kpi"), no_wrap=True, max_width=name_width, overflow="ellipsis")
    table.add_column(view.label("col-w-side", side=before.label), justify="right", no_wrap=True)
    table.add_column(view.label("col-w-side", side=after.label), justify="right", no_wrap=True)
    table.add_column(view.label("col-dw"), justify="right", no_wrap=True)
    if split:
        table.add_column(view.label("col-dw-data"), justify="right", no_wrap=True)
        table.add_column(view.label("col-dw-rules"), justify="right", no_wrap=True)
    table.add_column(view.label("col-changed"), min_width=20)
    for kpi in body.kpis:
        row: list[str | Text] = [
            kpi.id,
            Text(kpi.name),
            number(kpi.before.assigned, lang) if kpi.before else "-",
            number(kpi.after.assigned, lang) if kpi.after else "-",
            _delta(kpi.delta, lang),
        ]
        if split:
            row += [_delta(kpi.data_part, lang), _delta(kpi.rules_part, lang)]
        what = changed_text(kpi, lang, "\n") if kpi.status == "kept" else cause_text(kpi, comparison, lang)
        row.append(Text(what))
        table.add_row(*row)
    print_whole(console, table)
    headline, lines = body_lines(comparison, body, lang)
    console.print(Text(headline, style="bold"))
    for line in lines:
        console.print(Text(line))
