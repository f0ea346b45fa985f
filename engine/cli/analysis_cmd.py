"""`kpi whatif`, `kpi robustness` and `kpi plan`: the ranking with changes, under uncertain
weights and targets, and a body's way up (engine.analysis)."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from engine.cli.common import Invocation, JsonOption, LangOption, WorkspaceOption, handled
from engine.cli.compare_cmd import chosen_body
from engine.cli.exits import EXIT_INTERRUPTED
from engine.cli.score_cmd import QuarterArgument
from engine.errors import UsageError
from engine.safetext import shown

MAX_RUNS = 1_000_000


@handled
def whatif_command(
    quarter: QuarterArgument,
    sets: Annotated[list[str] | None, typer.Option("--set", "-s", show_default=False)] = None,
    body: Annotated[str | None, typer.Option("--body", "-b", show_default=False)] = None,
    renormalise: Annotated[bool, typer.Option("--renormalise")] = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """`kpi whatif` (its help: the message help-whatif)."""
    from engine.analysis.whatif import whatif
    from engine.output.terminal.whatif import print_whatif
    from engine.output.views.whatif import whatif_json, whatif_view

    ctx = Invocation(lang, workspace)
    found = whatif(ctx.workspace, quarter, sets or [], renormalise, checks=ctx.checks)
    view = whatif_view(found, ctx.lang)
    chosen = chosen_body(found.comparison, body) if body is not None else None
    if as_json:
        ctx.json(whatif_json(view, chosen.id if chosen else None))
        return
    print_whatif(ctx.out, view, chosen)


@handled
def robustness_command(
    quarter: QuarterArgument,
    weights: Annotated[str, typer.Option("--weights", show_default=False)] = "±20%",
    targets: Annotated[str, typer.Option("--targets", show_default=False)] = "0",
    runs: Annotated[int, typer.Option("--runs", show_default=False)] = 10_000,
    seed: Annotated[str | None, typer.Option("--seed", show_default=False)] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """`kpi robustness` (its help: the message help-robustness)."""
    import secrets

    from engine.analysis.robustness import Settings, robustness
    from engine.output.terminal.robustness import print_robustness
    from engine.output.terminal.runbar import RunBar
    from engine.output.views.robustness import robustness_json, robustness_view
    from engine.scoring import score

    ctx = Invocation(lang, workspace)
    if not 1 <= runs <= MAX_RUNS:
        raise UsageError("robustness-runs", runs=runs, limit=MAX_RUNS)
    settings = Settings(
        spread(weights, "--weights"),
        spread(targets, "--targets"),
        runs,
        whole_seed(seed) if seed is not None else secrets.randbelow(2**31),
    )
    result = score(ctx.workspace, quarter, published=False, checks=ctx.checks)
    with RunBar(ctx.err, ctx.t("robustness-progress")) as bar:
        found = robustness(result, settings, bar)
    view = robustness_view(found, ctx.lang)
    if as_json:
        ctx.json(robustness_json(view))
    else:
        print_robustness(ctx.out, view)
    if found.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)


@handled
def plan_command(
    quarter: QuarterArgument,
    body: Annotated[str, typer.Argument(show_default=False)],
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """`kpi plan` (its help: the message help-plan)."""
    from engine.analysis.plan import plan
    from engine.names import result_in
    from engine.output.terminal.plan import print_plan
    from engine.output.views.plan import plan_json, plan_view
    from engine.scoring import find_body, score

    ctx = Invocation(lang, workspace)
    scored = score(ctx.workspace, quarter, published=False, checks=ctx.checks)
    chosen = find_body(scored.rules, body).id  # as the user names it (МВД, mvd), before the names change
    result = result_in(scored, ctx.lang)  # the plan's words name bodies and KPIs in the language asked
    found = result.rules.body(chosen)
    assert found is not None
    view = plan_view(plan(result, found), ctx.lang)
    if as_json:
        ctx.json(plan_json(view))
        return
    print_plan(ctx.out, view)


_SPREAD = re.compile(r"(?:±|\+-)?\s*([0-9]{1,2})(?:[.,]([0-9]))?\s*%?")


def spread(text: str, option: str) -> int:
    """`±20%`, `20 %`, `0,5`: a half-width in percent, as thousandths of a multiplier (200);
    0 up to 99,9, in steps of 0,1, in ASCII digits."""
    found = _SPREAD.fullmatch(text.strip())
    if found is None:
        raise UsageError("robustness-spread", option=option, text=shown(text))
    return int(found[1]) * 10 + int(found[2] or 0)


def whole_seed(text: str) -> int:
    """--seed: a whole number from 0, in ASCII digits (random.Random takes any size; a sign
    would be dropped by it, so that -5 and 5 gave the same runs)."""
    if not re.fullmatch("[0-9]{1,40}", text.strip()):
        raise UsageError("robustness-seed", text=shown(text))
    return int(text.strip())
