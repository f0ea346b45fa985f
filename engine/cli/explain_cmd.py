"""`kpi explain QUARTER BODY [KPI]`: how each W, each direction result and R came about."""

from __future__ import annotations

from typing import Annotated

import typer

from engine.cli.common import Invocation, JsonOption, LangOption, WorkspaceOption, handled
from engine.cli.score_cmd import QuarterArgument


@handled
def explain_command(
    quarter: QuarterArgument,
    body: Annotated[str, typer.Argument(show_default=False)],
    kpi: Annotated[
        str | None,
        typer.Argument(show_default=False),
    ] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """`kpi explain` (its help: the message help-explain)."""
    from engine.names import result_in
    from engine.output.terminal import banner
    from engine.output.views.explanation import explanation, explanation_json
    from engine.output.views.quarter import quarter_view
    from engine.scoring import find_body, find_kpi, score

    ctx = Invocation(lang, workspace)
    scored = score(ctx.workspace, quarter, published=False, checks=ctx.checks)
    wanted_body = find_body(scored.rules, body).id  # as the user names it (МВД, mvd), before the names change
    result = result_in(scored, ctx.lang)  # the names a reader sees, in the language asked
    chosen = result.body(wanted_body)
    assert chosen is not None
    kpis = list(chosen.kpis)
    if kpi is not None:
        wanted = find_kpi(chosen.body, kpi).id
        kpis = [k for k in kpis if k.kpi.id == wanted]
    view = explanation(result, quarter_view(result, ctx.lang), chosen, kpis, whole=kpi is None)
    if as_json:
        ctx.json(explanation_json(view))
        return
    banner(ctx.out, view.quarter.banner, view.quarter.status)
    ctx.out.print(view.body.heading, style="bold", markup=False)
    for entry in view.kpis:
        ctx.echo()
        for line in entry.text:
            ctx.echo(line)
    if view.whole:
        ctx.echo()
        for line in view.totals:
            ctx.echo(line)
