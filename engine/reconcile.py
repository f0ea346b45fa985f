"""`kpi check`: recompute a quarter and compare it with the figures its report published.

Every figure that differs (Z, W, a direction's result, R, rank) becomes a `Discrepancy` with
its cause, found by the diagnosers below, and its effect on the body's R: how much R moves
when that one figure is corrected in the report's own arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from engine.evaluate import BodyResult, KpiResult, QuarterResult
from engine.formulalimits import FormulaError
from engine.method import Methodology
from engine.model import PublishedBody, PublishedKpi
from engine.numbers import Quantity
from engine.problems import Where


@dataclass(frozen=True)
class Discrepancy:
    """One published figure that the method does not reproduce."""

    body: str
    figure: str  # "Z", "W", "direction", "R" or "rank"
    published: str
    computed: Decimal | None
    cause: str
    cause_args: dict[str, Any] = field(default_factory=dict)  # Decimals stay Decimals
    kpi: str = ""
    direction: str = ""
    effect: Decimal | None = None  # change of R when only this figure is corrected
    where: Where = field(default=Where(""), compare=False)


@dataclass(frozen=True)
class BodyCheck:
    body: BodyResult
    published: PublishedBody
    discrepancies: tuple[Discrepancy, ...]

    @property
    def rank(self) -> int:
        """The recomputed rank."""
        return self.body.rank


@dataclass(frozen=True)
class Reconciliation:
    result: QuarterResult
    bodies: tuple[BodyCheck, ...]
    missing: tuple[str, ...] = ()  # bodies scored but absent from the published report

    @property
    def discrepancies(self) -> tuple[Discrepancy, ...]:
        return tuple(d for b in self.bodies for d in b.discrepancies)

    @property
    def consistent(self) -> bool:
        return not self.discrepancies and not self.missing


def reconcile(result: QuarterResult) -> Reconciliation | None:
    """Compare a scored quarter with its published.yaml; None when nothing was published."""
    published = result.quarter.published
    if published is None:
        return None
    methodology = result.rules.methodology
    checks = []
    for body in result.bodies:
        printed = published.get(body.body.id)
        if printed is not None:
            checks.append(BodyCheck(body, printed, tuple(_body_discrepancies(methodology, body, printed))))
    checks.sort(key=lambda c: (c.published.rank, c.body.body.short))
    missing = tuple(b.body.id for b in result.bodies if b.body.id not in published)
    return Reconciliation(result, tuple(checks), missing)


def _same(printed: Quantity | None, computed: Decimal | None) -> bool:
    if printed is None:
        return True
    return printed.value == computed if printed.value is not None else computed is None


def _published_assigned(kpi: KpiResult, printed: PublishedBody) -> Decimal:
    """W as the report's own arithmetic used it ("-" counts as 0)."""
    figures = printed.kpis.get(kpi.kpi.id)
    if figures is None or figures.assigned is None or figures.assigned.value is None:
        return kpi.assigned if figures is None else Decimal(0)
    return figures.assigned.value


def _score_from(methodology: Methodology, body: BodyResult, assigned: Callable[[KpiResult], Decimal]) -> Decimal:
    """The body's R by the method, from the W that `assigned` gives each KPI."""
    totals = [methodology.direction_result([assigned(k) for k in d.kpis]) for d in body.directions]
    return methodology.body_result(totals)


def _body_discrepancies(methodology: Methodology, body: BodyResult, printed: PublishedBody) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    reported_score = _score_from(methodology, body, lambda k: _published_assigned(k, printed))
    for direction in body.directions:
        for kpi in direction.kpis:
            figures = printed.kpis.get(kpi.kpi.id)
            if figures is None:
                continue
            if not _same(figures.share, kpi.share):
                assert figures.share is not None
                code, args = _share_cause(kpi, figures.share)
                found.append(
                    Discrepancy(
                        body.body.id,
                        "Z",
                        figures.share.text,
                        kpi.share,
                        code,
                        args,
                        kpi=kpi.kpi.id,
                        direction=direction.direction.id,
                        where=figures.where,
                    )
                )
            if not _same(figures.assigned, kpi.assigned):
                assert figures.assigned is not None

                def corrected(k: KpiResult, fixed: KpiResult = kpi) -> Decimal:
                    return k.assigned if k is fixed else _published_assigned(k, printed)

                effect = _score_from(methodology, body, corrected) - reported_score
                code, args = _assigned_cause(methodology, kpi, figures)
                found.append(
                    Discrepancy(
                        body.body.id,
                        "W",
                        figures.assigned.text,
                        kpi.assigned,
                        code,
                        args,
                        kpi=kpi.kpi.id,
                        direction=direction.direction.id,
                        effect=effect,
                        where=figures.where,
                    )
                )
        printed_total = printed.directions.get(direction.direction.id)
        if printed_total is not None and printed_total.value != direction.total:
            reported = methodology.direction_result([_published_assigned(k, printed) for k in direction.kpis])
            code = "cause-total-from-published" if reported == printed_total.value else "cause-total-arithmetic"
            found.append(
                Discrepancy(
                    body.body.id,
                    "direction",
                    printed_total.text,
                    direction.total,
                    code,
                    {"reported": reported, "kpis": _wrong_kpis(found, direction.direction.id)},
                    direction=direction.direction.id,
                    where=printed.where,
                )
            )
    if printed.score.value != body.score:
        code = "cause-score-from-published" if reported_score == printed.score.value else "cause-score-arithmetic"
        found.append(
            Discrepancy(
                body.body.id,
                "R",
                printed.score.text,
                body.score,
                code,
                {"reported": reported_score, "kpis": _wrong_kpis(found)},
                effect=body.score - (printed.score.value or Decimal(0)),
                where=printed.where,
            )
        )
    if printed.rank != body.rank:
        found.append(
            Discrepancy(
                body.body.id, "rank", str(printed.rank), Decimal(body.rank), "cause-rank", {}, where=printed.where
            )
        )
    return found


def _wrong_kpis(found: Sequence[Discrepancy], direction: str | None = None) -> str:
    kpis = [d.kpi for d in found if d.figure == "W" and (direction is None or d.direction == direction)]
    return ", ".join(kpis) if kpis else "-"


def _share_cause(kpi: KpiResult, printed: Quantity) -> tuple[str, dict[str, Any]]:
    a = kpi.a.text if kpi.a else "-"
    b = kpi.b.text if kpi.b else "-"
    if printed.value is None:
        return "cause-share-dash", {"a": a, "b": b, "computed": kpi.share}
    if kpi.share is None:
        return "cause-share-undefined", {"a": a, "b": b, "printed": printed.text}
    exact = kpi.assessment.steps[0].exact
    return "cause-share-arithmetic", {"a": a, "b": b, "exact": exact, "computed": kpi.share, "printed": printed.text}


def _assigned_cause(methodology: Methodology, kpi: KpiResult, figures: PublishedKpi) -> tuple[str, dict[str, Any]]:
    printed = figures.assigned
    assert printed is not None
    weight = kpi.kpi.weight
    args: dict[str, Any] = {"printed": printed.text, "computed": kpi.assigned, "weight": weight}
    if printed.value is None:
        return "cause-assigned-dash", {**args, "reason": kpi.assessment.reason}
    if printed.value > weight:
        return "cause-assigned-above-weight", args
    if methodology.cut(printed.value) == kpi.assigned:
        return "cause-assigned-not-rounded", args
    share = figures.share.value if figures.share else None
    if share is not None and share != kpi.share and kpi.variant.share is not None and kpi.kpi.target:
        values = {"Z": share, "U": weight, "N": kpi.kpi.target}
        try:
            again = methodology.cut(kpi.variant.assigned.evaluate(values).value)
        except (ZeroDivisionError, FormulaError):
            again = None  # the printed share gives nothing the method can compute
        if again == printed.value:
            return "cause-assigned-from-wrong-share", {**args, "share": figures.share.text if figures.share else ""}
    return "cause-assigned-arithmetic", args
