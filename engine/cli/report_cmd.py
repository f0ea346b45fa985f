"""`kpi report QUARTER -o FILE.docx` and `kpi chart QUARTER -o FILE.png|.svg`: the documents
the office sends. python-docx and matplotlib are imported here, when these commands run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from engine.cli.common import Invocation, LangOption, WorkspaceOption, handled
from engine.cli.score_cmd import QuarterArgument
from engine.errors import UsageError

OutputOption = Annotated[Path, typer.Option("--output", "-o", show_default=False)]
ForceOption = Annotated[bool, typer.Option("--force")]
ORDERS = ("published", "rank")  # the summary table's bodies: the rules' published order, or by rank


@handled
def report_command(
    quarter: QuarterArgument,
    output: OutputOption,
    compare_with: Annotated[
        str | None,
        typer.Option("--compare", show_default=False),
    ] = None,
    order: Annotated[str, typer.Option("--order", show_default=False)] = "published",
    force: ForceOption = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """`kpi report` (its help: the message help-report)."""
    from engine.output.views.quarter import quarter_view
    from engine.safetext import shown_path
    from engine.scoring import score
    from engine.writing import check_target, write_file

    ctx = Invocation(lang, workspace)
    if order not in ORDERS:
        raise UsageError("report-order", got=order, allowed=", ".join(ORDERS))
    ctx.checks.refuse_broken()  # a document is never made from official files changed since publishing
    _suffix(output, ("docx",))
    check_target(output, force)  # before the work, not after it
    result = score(ctx.workspace, quarter, checks=ctx.checks)
    view = quarter_view(result, ctx.lang)
    comparison = None
    if compare_with is not None:
        from engine.compare import compare
        from engine.output.views.comparison import comparison_view

        comparison = comparison_view(compare(ctx.workspace, compare_with, quarter, checks=ctx.checks), ctx.lang)
    from engine.output.report import report_document
    from engine.output.report_dynamics import dynamics  # «Динамика» (issue 20)

    write_file(
        output, report_document(view, comparison, order, dynamics(ctx.workspace, result, ctx.lang, ctx.checks)), force
    )
    ctx.echo(ctx.t("written", path=shown_path(output)))


@handled
def chart_command(
    quarter: QuarterArgument,
    output: OutputOption,
    force: ForceOption = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """`kpi chart` (its help: the message help-chart)."""
    from engine.output.views.quarter import quarter_view
    from engine.safetext import shown_path
    from engine.scoring import score
    from engine.writing import check_target, write_file

    ctx = Invocation(lang, workspace)
    ctx.checks.refuse_broken()  # a document is never made from official files changed since publishing
    fmt = _suffix(output, ("png", "svg"))
    check_target(output, force)
    view = quarter_view(score(ctx.workspace, quarter, checks=ctx.checks), ctx.lang)
    from engine.output.chart import ranking_chart

    write_file(output, ranking_chart(view, fmt), force)
    ctx.echo(ctx.t("written", path=shown_path(output)))


def _suffix(path: Path, allowed: tuple[str, ...]) -> str:
    from engine.safetext import shown_path

    suffix = path.suffix.lower().lstrip(".")
    if suffix not in allowed:
        raise UsageError("output-format", path=shown_path(path), allowed=", ".join(f".{a}" for a in allowed))
    return suffix


@handled
def export_command(
    quarter: QuarterArgument,
    output: OutputOption,
    force: ForceOption = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """`kpi export` (its help: the message help-export)."""
    from engine.output.views.quarter import quarter_view
    from engine.safetext import shown_path
    from engine.scoring import score
    from engine.writing import check_target, write_file

    ctx = Invocation(lang, workspace)
    ctx.checks.refuse_broken()  # a document is never made from official files changed since publishing
    _suffix(output, ("xlsx",))
    check_target(output, force)
    result = score(ctx.workspace, quarter, checks=ctx.checks)
    from engine.collect.token import make_secret
    from engine.output.export import export_workbook

    secret = make_secret(ctx.workspace.root)
    write_file(output, export_workbook(quarter_view(result, ctx.lang), result.rules, secret), force)
    ctx.echo(ctx.t("written", path=shown_path(output)))
