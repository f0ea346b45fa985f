"""`kpi history [QUARTER…] [--body B] [--json]`: the rating over the workspace's quarters, and
`kpi history-chart -o FILE.png|.svg`: places over the quarters, a line per body."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from engine.cli.common import Invocation, JsonOption, LangOption, WorkspaceOption, handled
from engine.cli.report_cmd import ForceOption, OutputOption, _suffix
from engine.errors import UnknownName

if TYPE_CHECKING:
    from engine.analysis.history import BodyHistory, History

QuartersArgument = Annotated[list[str] | None, typer.Argument(show_default=False)]
BodyOption = Annotated[str | None, typer.Option("--body", "-b", show_default=False)]


@handled
def history_command(
    quarters: QuartersArgument = None,
    body: BodyOption = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """`kpi history` (its help: the message help-history)."""
    from engine.analysis.history import history
    from engine.output.terminal.history import print_body_history, print_history
    from engine.output.views.history import history_json, history_view

    ctx = Invocation(lang, workspace)
    found = history(ctx.workspace, quarters or (), checks=ctx.checks)
    chosen = chosen_history(found, body) if body is not None else None
    view = history_view(found, ctx.lang)
    if as_json:
        ctx.json(history_json(view, chosen.id if chosen else None))
    elif chosen is not None:
        print_body_history(ctx.out, view, chosen.id)
    else:
        print_history(ctx.out, view)


def chosen_history(found: History, name: str) -> BodyHistory:
    """The body named by --body, in the latest quarter's rules or, for a body gone since, in
    the latest that had it."""
    from engine.scoring import find_body

    for edition in reversed(found.editions):
        try:
            body = find_body(edition.result.rules, name)
        except UnknownName:
            continue
        chosen = found.body(body.id)
        assert chosen is not None
        return chosen
    raise UnknownName("body", name, [f"{b.short} ({b.id})" for b in found.bodies])


@handled
def history_chart_command(
    output: OutputOption,
    quarters: QuartersArgument = None,
    force: ForceOption = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """`kpi history-chart` (its help: the message help-history-chart)."""
    from engine.analysis.history import history
    from engine.output.views.history import history_view
    from engine.safetext import shown_path
    from engine.writing import check_target, write_file

    ctx = Invocation(lang, workspace)
    ctx.checks.refuse_broken()  # a document is never made from official files changed since publishing
    fmt = _suffix(output, ("png", "svg"))
    check_target(output, force)
    view = history_view(history(ctx.workspace, quarters or (), checks=ctx.checks), ctx.lang)
    from engine.output.history_chart import history_chart

    write_file(output, history_chart(view, fmt), force)
    ctx.echo(ctx.t("written", path=shown_path(output)))
