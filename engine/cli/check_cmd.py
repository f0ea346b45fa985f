"""`kpi check QUARTER`: recomputed figures against the published report."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import typer
from rich.table import Table

from engine.cli.common import EXIT_PROBLEMS, Context, JsonOption, LangOption, WorkspaceOption, handled
from engine.cli.render import banner
from engine.cli.score_cmd import QuarterArgument
from engine.output.formats import cut, decimal_text
from engine.reconcile import Discrepancy, Reconciliation, reconcile
from engine.scoring import score


@handled
def check_command(
    quarter: QuarterArgument,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Пересчитать квартал и сверить с published.yaml: каждое расхождение, его причина и влияние на R и место."""
    ctx = Context(lang, workspace)
    result = score(ctx.workspace, quarter)
    check = reconcile(result)
    if check is None:
        if as_json:
            ctx.json({"quarter": result.quarter.id, "rules": result.rules.id, "published": False})
        else:
            ctx.out.print(ctx.t("check-no-published", quarter=result.quarter.id))
        raise typer.Exit(EXIT_PROBLEMS)
    if as_json:
        ctx.json(_json(ctx, check))
    else:
        _text(ctx, check)
    if not check.consistent:
        raise typer.Exit(EXIT_PROBLEMS)


def _figure(ctx: Context, item: Discrepancy) -> str:
    if item.figure in ("direction", "rank"):
        return ctx.t(f"figure-{item.figure}")
    return item.figure


def cause_text(ctx: Context, item: Discrepancy) -> str:
    args = {"printed": item.published, "computed": item.computed, **item.cause_args}
    return ctx.t(item.cause, **{k: _shown(ctx, v) for k, v in args.items()})


def _shown(ctx: Context, value: Any) -> Any:
    """Numbers as the report would print them, long fractions cut with an ellipsis."""
    if not isinstance(value, (Decimal, Fraction)):
        return value
    shown, longer = cut(value, 4)
    return ctx.num(shown) + ("…" if longer else "")


def _effect(ctx: Context, item: Discrepancy) -> str:
    if item.effect is None:
        return ""
    if item.effect == 0:
        return ctx.t("no-effect")
    return ("+" if item.effect > 0 else "") + ctx.num(item.effect)


def _text(ctx: Context, check: Reconciliation) -> None:
    result = check.result
    banner(ctx, result.quarter.status)
    ctx.out.print(ctx.t("check-title", quarter=result.quarter.id, rules=result.rules.id), style="bold")
    if check.consistent:
        ctx.out.print(ctx.t("check-ok"))
        return
    table = Table(show_lines=True)
    for code, justify in (
        ("col-body", "left"),
        ("col-kpi-id", "left"),
        ("col-figure", "left"),
        ("col-published", "right"),
        ("col-computed", "right"),
        ("col-effect", "right"),
        ("col-cause", "left"),
    ):
        table.add_column(ctx.t(code), justify=justify)  # type: ignore[arg-type]
    shorts = {b.body.body.id: b.body.body.short for b in check.bodies}
    directions = {d.direction.id: d.direction.name for b in check.bodies for d in b.body.directions}
    for item in check.discrepancies:
        computed = (
            str(int(item.computed)) if item.figure == "rank" and item.computed is not None else ctx.num(item.computed)
        )
        published = item.published.replace(".", ",") if ctx.lang == "ru" else item.published
        table.add_row(
            shorts[item.body],
            item.kpi or directions.get(item.direction, ""),
            _figure(ctx, item),
            published,
            computed,
            _effect(ctx, item),
            cause_text(ctx, item),
        )
    ctx.out.print(table)
    with_score = [b for b in check.bodies if b.published.score.value != b.body.score]
    bodies = sorted({shorts[d.body] for d in check.discrepancies})
    ctx.out.print(
        ctx.t(
            "check-summary",
            count=len(check.discrepancies),
            bodies=", ".join(bodies),
            same=len(check.bodies) - len(with_score),
            total=len(check.bodies),
        )
    )
    for entry in with_score:
        ctx.out.print(
            ctx.t(
                "check-score-line",
                short=entry.body.body.short,
                printed=entry.published.score.text,
                computed=ctx.num(entry.body.score),
                rank_printed=entry.published.rank,
                rank=entry.rank,
            )
        )
    same_order = all(b.published.rank == b.rank for b in check.bodies)
    ctx.out.print(ctx.t("check-order-same" if same_order else "check-order-differs"))
    if check.missing:
        ctx.out.print(ctx.t("check-missing", bodies=", ".join(check.missing)))


def _json(ctx: Context, check: Reconciliation) -> dict[str, Any]:
    result = check.result
    return {
        "quarter": result.quarter.id,
        "rules": result.rules.id,
        "status": result.quarter.status,
        "consistent": check.consistent,
        "bodies": [
            {
                "id": b.body.body.id,
                "short": b.body.body.short,
                "R_published": b.published.score.text,
                "R_computed": decimal_text(b.body.score),
                "rank_published": b.published.rank,
                "rank_computed": b.rank,
            }
            for b in check.bodies
        ],
        "discrepancies": [
            {
                "body": d.body,
                "direction": d.direction or None,
                "kpi": d.kpi or None,
                "figure": d.figure,
                "published": d.published,
                "computed": decimal_text(d.computed),
                "effect_on_R": decimal_text(d.effect),
                "cause": d.cause,
                "cause_text": cause_text(ctx, d),
            }
            for d in check.discrepancies
        ],
        "missing": list(check.missing),
    }
