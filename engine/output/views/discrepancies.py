"""The view of `kpi check`: every published figure the method does not reproduce, its cause
in words, its effect on R, and the summary lines."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from engine.formats import cut_text, decimal_text, localised, number
from engine.i18n import tr
from engine.output.views.quarter import QuarterView
from engine.reconcile import Discrepancy, Reconciliation

COLUMNS = ("col-body", "col-kpi-id", "col-figure", "col-published", "col-computed", "col-effect", "col-cause")


@dataclass(frozen=True)
class DiscrepancyRow:
    item: Discrepancy
    cells: tuple[str, ...]  # as COLUMNS say, in the output language
    cause_text: str


@dataclass(frozen=True)
class CheckView:
    quarter: QuarterView
    check: Reconciliation
    title: str
    rows: tuple[DiscrepancyRow, ...]
    summary: tuple[str, ...]  # the lines under the table

    @property
    def consistent(self) -> bool:
        return self.check.consistent


def check_view(check: Reconciliation, view: QuarterView) -> CheckView:
    lang = view.lang
    result = check.result
    shorts = {b.body.body.id: b.body.body.short for b in check.bodies}
    directions = {d.direction.id: d.direction.name for b in check.bodies for d in b.body.directions}
    rows = []
    for item in check.discrepancies:
        cause = cause_text(item, lang)
        computed = (
            str(int(item.computed))
            if item.figure == "rank" and item.computed is not None
            else number(item.computed, lang)
        )
        cells = (
            shorts[item.body],
            item.kpi or directions.get(item.direction, ""),
            tr(f"figure-{item.figure}", lang) if item.figure in ("direction", "rank") else item.figure,
            localised(item.published, lang),
            computed,
            _effect(item, lang),
            cause,
        )
        rows.append(DiscrepancyRow(item, cells, cause))
    return CheckView(
        quarter=view,
        check=check,
        title=tr("check-title", lang, quarter=result.quarter.id, rules=result.rules.id),
        rows=tuple(rows),
        summary=tuple(_summary(check, shorts, lang)),
    )


def cause_text(item: Discrepancy, lang: str) -> str:
    args = {"printed": item.published, "computed": item.computed, **item.cause_args}
    return tr(item.cause, lang, **{k: _shown(v, lang) for k, v in args.items()})


def _shown(value: Any, lang: str) -> Any:
    """Numbers as the report would print them, long fractions cut with an ellipsis."""
    return cut_text(value, 4, lang) if isinstance(value, (Decimal, Fraction)) else value


def _effect(item: Discrepancy, lang: str) -> str:
    if item.effect is None:
        return ""
    if item.effect == 0:
        return tr("no-effect", lang)
    return ("+" if item.effect > 0 else "") + number(item.effect, lang)


def _summary(check: Reconciliation, shorts: dict[str, str], lang: str) -> list[str]:
    if check.consistent:
        return [tr("check-ok", lang)]
    with_score = [b for b in check.bodies if b.published.score.value != b.body.score]
    lines = [
        tr(
            "check-summary",
            lang,
            count=len(check.discrepancies),
            bodies=", ".join(sorted({shorts[d.body] for d in check.discrepancies})),
            same=len(check.bodies) - len(with_score),
            total=len(check.bodies),
        )
    ]
    for entry in with_score:
        lines.append(
            tr(
                "check-score-line",
                lang,
                short=entry.body.body.short,
                printed=entry.published.score.text,
                computed=number(entry.body.score, lang),
                rank_printed=entry.published.rank,
                rank=entry.rank,
            )
        )
    same_order = all(b.published.rank == b.rank for b in check.bodies)
    lines.append(tr("check-order-same" if same_order else "check-order-differs", lang))
    if check.missing:
        lines.append(tr("check-missing", lang, bodies=", ".join(check.missing)))
    return lines


# --- the JSON form (--json), as the README documents it; decimals are exact strings ---


def check_json(view: CheckView) -> dict[str, Any]:
    check = view.check
    return {
        "quarter": view.quarter.quarter,
        "rules": view.quarter.rules,
        "status": view.quarter.status,
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
                "body": row.item.body,
                "direction": row.item.direction or None,
                "kpi": row.item.kpi or None,
                "figure": row.item.figure,
                "published": row.item.published,
                "computed": decimal_text(row.item.computed),
                "effect_on_R": decimal_text(row.item.effect),
                "cause": row.item.cause,
                "cause_text": row.cause_text,
            }
            for row in view.rows
        ],
        "missing": list(check.missing),
    }
