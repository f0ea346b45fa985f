"""`kpi explain QUARTER BODY [KPI]`: how each W, each direction result and R came about."""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any

import typer

from engine.cli.common import Context, JsonOption, LangOption, WorkspaceOption, handled
from engine.cli.jsonforms import kpi_json
from engine.cli.render import banner, body_heading, body_result
from engine.cli.score_cmd import QuarterArgument
from engine.evaluate import BodyResult, KpiResult, QuarterResult, Step
from engine.numbers import plain
from engine.output.formats import cut, decimal_text, exact_text
from engine.scoring import find_body, find_kpi, score

EXACT_PLACES = 10


@handled
def explain_command(
    quarter: QuarterArgument,
    body: Annotated[str, typer.Argument(help="Орган: МВД или mvd.", show_default=False)],
    kpi: Annotated[
        str | None,
        typer.Argument(help="KPI: mvd-05 или номер в отчёте (5); без него — все KPI органа.", show_default=False),
    ] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Как получен каждый W: вариант, формула, подставленные значения, каждое отбрасывание, причина нуля."""
    ctx = Context(lang, workspace)
    result = score(ctx.workspace, quarter)
    chosen = result.body(find_body(result.rules, body).id)
    assert chosen is not None
    kpis = (
        [k for k in chosen.kpis if k.kpi.id == find_kpi(chosen.body, kpi).id] if kpi is not None else list(chosen.kpis)
    )
    if as_json:
        ctx.json(_json(ctx, result, chosen, kpis, whole=kpi is None))
        return
    banner(ctx, result.quarter.status)
    ctx.out.print(body_heading(ctx, result, chosen), style="bold", markup=False)
    for entry in kpis:
        ctx.echo()
        for line in kpi_lines(ctx, result, entry):
            ctx.echo(line)
    if kpi is None:
        ctx.echo()
        for line in total_lines(ctx, result, chosen):
            ctx.echo(line)


def _exact(ctx: Context, value: Fraction) -> str:
    """An unrounded value, cut at EXACT_PLACES decimals with an ellipsis when longer."""
    shown, longer = cut(value, EXACT_PLACES)
    return ctx.num(shown) + ("…" if longer else "")


def _formula_text(ctx: Context, text: str) -> str:
    return text.replace(".", ",") if ctx.lang == "ru" else text


def _step_lines(ctx: Context, result: QuarterResult, step: Step) -> list[str]:
    rounding = result.rules.methodology.rounding
    lines = [f"  {step.quantity} = {step.formula}"]
    for condition in step.conditions:
        verdict = ctx.t("explain-held" if condition.held else "explain-not-held")
        substituted = _formula_text(ctx, condition.substituted)
        lines.append(f"      {ctx.t('explain-condition')} {condition.formula}: {substituted} — {verdict}")
    exact = _exact(ctx, step.exact)
    substituted = _formula_text(ctx, step.substituted)
    lines.append(f"    = {substituted}" + ("" if substituted == exact else f" = {exact}"))
    lines.append(
        "    → "
        + ctx.t(
            "explain-rounded",
            mode=ctx.t(f"rounding-{rounding.mode}"),
            places=rounding.places,
            value=ctx.num(step.rounded),
        )
    )
    return lines


def kpi_lines(ctx: Context, result: QuarterResult, entry: KpiResult) -> list[str]:
    """The explanation of one KPI's W, line by line."""
    kpi = entry.kpi
    target = ctx.num(kpi.target) if kpi.target is not None else f"- ({ctx.t('explain-target-none')})"
    lines = [
        f"KPI {kpi.id} (№{kpi.no}) {kpi.name}",
        f"  {ctx.t('explain-variant')}: {entry.variant.id} — {entry.variant.title}",
        f"  U = {ctx.num(kpi.weight)}, N = {target}, {ctx.t('explain-unit')} {kpi.unit}",
    ]
    for name, quantity in (("a", entry.a), ("b", entry.b)):
        if quantity is None:
            if name in entry.variant.inputs:
                lines.append(f"  {name}: {ctx.t('explain-not-given')}")
            continue
        parsed = ctx.t("explain-no-data") if quantity.value is None else plain(quantity.value)
        unused = "" if name in entry.variant.inputs else f" — {ctx.t('explain-unused')}"
        lines.append(f"  {name} = «{quantity.text}» ({ctx.t('explain-as-entered')}) → {parsed}{unused}")
    for step in entry.assessment.steps:
        lines.extend(_step_lines(ctx, result, step))
    if entry.assessment.reason:
        lines.append("  " + ctx.t(entry.assessment.reason, **entry.assessment.reason_args))
    lines.append("  " + ctx.t("explain-result", value=ctx.num(entry.assigned), weight=ctx.num(kpi.weight)))
    return lines


def total_lines(ctx: Context, result: QuarterResult, body: BodyResult) -> list[str]:
    """How the direction results and R add up."""
    methodology = result.rules.methodology
    rounding = methodology.rounding
    mode = ctx.t(f"rounding-{rounding.mode}")
    lines = []
    for direction in body.directions:
        lines.append(
            ctx.t(
                "explain-direction",
                name=direction.direction.name,
                how=ctx.t(f"how-{methodology.direction_total}"),
                terms=_formula_text(ctx, direction.step.substituted),
                exact=_exact(ctx, direction.step.exact),
            )
            + " → "
            + ctx.t("explain-rounded", mode=mode, places=rounding.places, value=ctx.num(direction.total))
        )
    if len(body.directions) == 1:
        lines.append(ctx.t("explain-single-direction", value=ctx.num(body.score)))
    else:
        lines.append(
            ctx.t(
                "explain-score",
                how=ctx.t(f"how-{methodology.body_total}"),
                terms=_formula_text(ctx, body.step.substituted),
                exact=_exact(ctx, body.step.exact),
            )
            + " → "
            + ctx.t("explain-rounded", mode=mode, places=rounding.places, value=ctx.num(body.score))
        )
    lines.append(body_result(ctx, result, body))
    return lines


def _step_json(step: Step) -> dict[str, Any]:
    return {
        "quantity": step.quantity,
        "formula": step.formula,
        "substituted": step.substituted,
        "exact": exact_text(step.exact),
        "rounded": decimal_text(step.rounded),
        "conditions": [{"formula": c.formula, "substituted": c.substituted, "held": c.held} for c in step.conditions],
    }


def _json(ctx: Context, result: QuarterResult, body: BodyResult, kpis: list[KpiResult], whole: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "quarter": result.quarter.id,
        "rules": result.rules.id,
        "status": result.quarter.status,
        "body": {"id": body.body.id, "short": body.body.short, "name": body.body.name, "rank": body.rank},
        "rounding": {
            "mode": result.rules.methodology.rounding.mode,
            "places": result.rules.methodology.rounding.places,
        },
        "kpis": [{**kpi_json(k, ctx.lang), "steps": [_step_json(s) for s in k.assessment.steps]} for k in kpis],
    }
    if whole:
        data["directions"] = [
            {"id": d.direction.id, "name": d.direction.name, "sum": decimal_text(d.total), "step": _step_json(d.step)}
            for d in body.directions
        ]
        data["R"] = decimal_text(body.score)
        data["step"] = _step_json(body.step)
    return data
