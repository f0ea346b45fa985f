"""`kpi score QUARTER`: the ranking, one body's KPI table, or every body's (`--body all`)."""

from __future__ import annotations

from typing import Annotated

import typer

from engine.cli.common import Invocation, JsonOption, LangOption, StrictOption, WorkspaceOption, handled
from engine.errors import ProblemsFound

QuarterArgument = Annotated[str, typer.Argument(show_default=False)]
ALL = ("all", "все")


@handled
def score_command(
    quarter: QuarterArgument,
    body: Annotated[
        str | None,
        typer.Option("--body", "-b", show_default=False),
    ] = None,
    strict: StrictOption = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """`kpi score` (its help: the message help-score)."""
    from engine.output.terminal import banner
    from engine.output.terminal.quarter import print_body, print_ranking, print_warnings_count
    from engine.output.views.quarter import quarter_json, quarter_view
    from engine.scoring import find_body, score

    ctx = Invocation(lang, workspace)
    result = score(ctx.workspace, quarter, published=False, checks=ctx.checks)  # the report's figures are kpi check's
    if strict and result.warnings:
        raise ProblemsFound(list(result.warnings))
    view = quarter_view(result, ctx.lang)
    chosen = None
    if body is not None:
        wanted = body.strip().casefold()
        chosen = view.bodies if wanted in ALL else (view.body(find_body(result.rules, body).id),)
    if as_json:
        ctx.json(quarter_json(view, tuple(b for b in chosen if b is not None) if chosen is not None else None))
        return
    if chosen is None:
        print_ranking(ctx.out, view)
        return
    banner(ctx.out, view.banner, view.status)
    for number, part in enumerate(b for b in chosen if b is not None):
        if number:
            ctx.out.print()
        print_body(ctx.out, view, part)
    print_warnings_count(ctx.out, view)
