"""`kpi score QUARTER`: the ranking, or one body's KPI table."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from engine.cli.common import Context, JsonOption, LangOption, WorkspaceOption, handled
from engine.cli.jsonforms import body_json, quarter_json
from engine.cli.render import BAR_WIDTH, banner, bar, body_heading, body_result, body_table, title
from engine.scoring import find_body, score

QuarterArgument = Annotated[
    str, typer.Argument(help="Квартал, например 2024Q1; 2024Q1@2023 — по другой версии правил.", show_default=False)
]


@handled
def score_command(
    quarter: QuarterArgument,
    body: Annotated[
        str | None, typer.Option("--body", "-b", help="Таблица KPI одного органа: МВД или mvd.", show_default=False)
    ] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Рейтинг органов за квартал: место, R и полоса, как на диаграмме отчёта."""
    ctx = Context(lang, workspace)
    result = score(ctx.workspace, quarter)
    chosen = result.body(find_body(result.rules, body).id) if body is not None else None
    if as_json:
        data = quarter_json(result, ctx.lang)
        if chosen is not None:
            data["bodies"] = [body_json(chosen, ctx.lang)]
        ctx.json(data)
        return
    banner(ctx, result.quarter.status)
    if chosen is None:
        table = Table(title=title(ctx, result), title_justify="left")
        table.add_column(ctx.t("col-rank"), justify="right", no_wrap=True, min_width=len(ctx.t("col-rank")))
        table.add_column(ctx.t("col-body"), no_wrap=True, min_width=max(len(b.body.short) for b in result.bodies))
        table.add_column(ctx.t("col-score"), justify="right", no_wrap=True, min_width=4)
        table.add_column(ctx.t("col-bar"), no_wrap=True, min_width=BAR_WIDTH)
        # rich does not shrink a no-wrap column on its own: give the name what the others leave
        short = max(len(b.body.short) for b in result.bodies)
        fixed = len(ctx.t("col-rank")) + short + 4 + BAR_WIDTH + 5 * 3 + 1
        table.add_column(ctx.t("col-name"), no_wrap=True, overflow="ellipsis", max_width=max(12, ctx.out.width - fixed))
        for entry in result.bodies:
            table.add_row(str(entry.rank), entry.body.short, ctx.num(entry.score), bar(entry.score), entry.body.name)
        ctx.out.print(table)
        return
    ctx.out.print(body_heading(ctx, result, chosen), style="bold", markup=False)
    tables, notes = body_table(ctx, chosen)
    for table in tables:
        ctx.out.print(table)
    ctx.out.print(body_result(ctx, result, chosen), style="bold", markup=False)
    if notes:
        ctx.out.print(ctx.t("notes") + ":")
        for note in notes:
            ctx.out.print(note, markup=False)
