"""`kpi compare A B`: who moved between two rankings, by how much, and which KPIs moved them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from engine.cli.common import Invocation, JsonOption, LangOption, WorkspaceOption, handled
from engine.errors import UnknownName

if TYPE_CHECKING:
    from engine.compare import BodyShift, Comparison


SideArgument = Annotated[
    str,
    typer.Argument(
        show_default=False,
    ),
]


@handled
def compare_command(
    before: SideArgument,
    after: SideArgument,
    body: Annotated[
        str | None,
        typer.Option("--body", "-b", show_default=False),
    ] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """`kpi compare` (its help: the message help-compare)."""
    from engine.compare import compare
    from engine.output.terminal.compare import print_banners, print_body, print_ranking
    from engine.output.views.comparison import comparison_json, comparison_view

    ctx = Invocation(lang, workspace)
    comparison = compare(ctx.workspace, before, after, checks=ctx.checks)
    view = comparison_view(comparison, ctx.lang)
    chosen = chosen_body(comparison, body) if body is not None else None
    if as_json:
        ctx.json(comparison_json(view, chosen.id if chosen else None))
        return
    print_banners(ctx.out, view)
    if chosen is None:
        print_ranking(ctx.out, view)
    else:
        print_body(ctx.out, view, chosen)


def chosen_body(comparison: Comparison, name: str) -> BodyShift:
    """The body named by --body, in B's rules or, for a body gone from B, in A's."""
    from engine.scoring import find_body

    for side in (comparison.after, comparison.before):
        try:
            found = find_body(side.result.rules, name)
        except UnknownName:
            continue
        shift = comparison.body(found.id)
        assert shift is not None
        return shift
    raise UnknownName("body", name, [f"{b.short} ({b.id})" for b in comparison.bodies])
