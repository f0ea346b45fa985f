"""`kpi check QUARTER`: recomputed figures against the published report."""

from __future__ import annotations

import typer

from engine.cli.common import Invocation, JsonOption, LangOption, WorkspaceOption, handled
from engine.cli.exits import EXIT_PROBLEMS
from engine.cli.score_cmd import QuarterArgument


@handled
def check_command(
    quarter: QuarterArgument,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """`kpi check` (its help: the message help-check)."""
    from engine.output.terminal.check import print_check
    from engine.output.views.discrepancies import check_json, check_view
    from engine.output.views.quarter import quarter_view
    from engine.reconcile import reconcile
    from engine.scoring import score

    ctx = Invocation(lang, workspace)
    # rules or data edited since publication are said first (engine.checks.quarter): a
    # difference would be the edit's, not the report's
    result = score(ctx.workspace, quarter, checks=ctx.checks)
    if result.quarter.status == "official":
        from engine.checks import run_checks
        from engine.checks.quarter import RESEAL, QuarterRead
        from engine.scoring import quarter_header

        # in git: a seal rewritten since the quarter was first published, off the record
        ctx.problems(run_checks(RESEAL, QuarterRead(ctx.workspace, quarter_header(ctx.workspace, result.quarter.id))))
    check = reconcile(result)
    if check is None:
        if as_json:
            ctx.json({"quarter": result.quarter.id, "rules": result.rules.id, "published": False})
        else:
            ctx.out.print(ctx.t("check-no-published", quarter=result.quarter.id))
        raise typer.Exit(EXIT_PROBLEMS)
    view = check_view(check, quarter_view(result, ctx.lang))
    if as_json:
        ctx.json(check_json(view))
    else:
        print_check(ctx.out, view)
    if not view.consistent:
        raise typer.Exit(EXIT_PROBLEMS)
