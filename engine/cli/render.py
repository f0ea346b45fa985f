"""Rich renderings shared by the commands: the status banner, bars, KPI tables."""

from __future__ import annotations

from decimal import Decimal

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from engine.cli.common import Context
from engine.evaluate import BodyResult, QuarterResult

_EIGHTHS = " ▏▎▍▌▋▊▉"
BAR_WIDTH = 25


def bar(score: Decimal, width: int = BAR_WIDTH, maximum: Decimal = Decimal(100)) -> str:
    """A horizontal bar like the report's chart: score / maximum of `width` cells."""
    eighths = int(max(Decimal(0), min(score, maximum)) / maximum * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def banner(ctx: Context, status: str) -> None:
    """Shout when a quarter is not official: example and draft values must never pass as real."""
    if status == "official":
        return
    style = "bold black on yellow" if status == "example" else "bold white on red"
    ctx.out.print(Panel(Text(ctx.t(f"status-{status}"), style=style), style=style.split(" on ")[-1]))


def title(ctx: Context, result: QuarterResult) -> str:
    quarter = result.quarter
    return ctx.t("score-title", quarter=quarter.id, rules=result.rules.id)


def body_heading(ctx: Context, result: QuarterResult, body: BodyResult) -> str:
    """«МВД — Министерство внутренних дел РК, 2024Q1 (правила 2023)»."""
    quarter, rules = result.quarter.id, result.rules.id
    return ctx.t("body-title", short=body.body.short, name=body.body.name, quarter=quarter, rules=rules)


def body_result(ctx: Context, result: QuarterResult, body: BodyResult) -> str:
    """«Результат МВД (R): 90,1 (место 2 из 14)»."""
    place = ctx.t("place", rank=body.rank, count=len(result.bodies))
    return f"{ctx.t('body-result', short=body.body.short)}: {ctx.num(body.score)} ({place})"


def body_table(ctx: Context, result: BodyResult) -> tuple[list[Table], list[str]]:
    """One table per direction, as in the report (№, KPI, U, N, unit, a, b, Z, W), and the
    notes explaining each W that a policy (no target, no data) decided."""
    tables = []
    notes: list[str] = []
    for direction in result.directions:
        table = Table(title=direction.direction.name, title_justify="left", show_lines=False, expand=False)
        table.add_column(ctx.t("col-no"), justify="right")
        table.add_column(ctx.t("col-kpi"), ratio=1, min_width=24)
        for code in ("col-weight", "col-target", "col-unit", "col-a", "col-b", "col-share", "col-assigned"):
            table.add_column(ctx.t(code), justify="left" if code == "col-unit" else "right", no_wrap=True)
        for kpi in direction.kpis:
            assigned = ctx.num(kpi.assigned)
            reason = kpi.assessment.reason
            if reason:
                notes.append(f"[{len(notes) + 1}] {kpi.kpi.id}: " + ctx.t(reason, **kpi.assessment.reason_args))
                assigned = f"{assigned} [{len(notes)}]"
            table.add_row(
                str(kpi.kpi.no),
                kpi.kpi.name,
                ctx.num(kpi.kpi.weight),
                ctx.num(kpi.kpi.target),
                kpi.kpi.unit,
                kpi.a.text if kpi.a else "",
                kpi.b.text if kpi.b else "",
                ctx.num(kpi.share),
                assigned,
            )
        if len(result.directions) > 1:
            table.caption = f"{ctx.t('direction-result', name=direction.direction.name)}: {ctx.num(direction.total)}"
            table.caption_justify = "right"
        tables.append(table)
    return tables, notes
