"""Scoring: pure functions from (rules version, quarter data) to results with an audit trail.

Every figure is the method's (engine.method.Methodology): each KPI's Z and W with how it was
reached (the variant, each formula with the values substituted, the exact value before rounding
and the rounded one, the branch taken, the reason when a policy decided it), each direction's
result and R by the method's aggregations, the places by its ranking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from engine.aggregation import Aggregation
from engine.formulalimits import FormulaError
from engine.method import Assessment, Methodology, Step, Variant
from engine.model import Body, Direction, Kpi, Quarter, RulesVersion
from engine.numbers import Quantity, plain
from engine.problems import Problem, Where

# The reason of a KPI that its rules have and the quarter's data lack (another rules version).
NOT_IN_DATA = "reason-not-in-data"


@dataclass(frozen=True)
class KpiResult:
    kpi: Kpi
    variant: Variant
    a: Quantity | None
    b: Quantity | None
    assessment: Assessment

    @property
    def share(self) -> Decimal | None:
        return self.assessment.share

    @property
    def assigned(self) -> Decimal:
        return self.assessment.assigned


@dataclass(frozen=True)
class DirectionResult:
    direction: Direction
    kpis: tuple[KpiResult, ...]
    total: Decimal
    step: Step


@dataclass(frozen=True)
class BodyResult:
    body: Body
    directions: tuple[DirectionResult, ...]
    score: Decimal
    step: Step
    rank: int = 0

    @property
    def kpis(self) -> tuple[KpiResult, ...]:
        return tuple(k for d in self.directions for k in d.kpis)


@dataclass(frozen=True)
class QuarterResult:
    """A quarter scored under one rules version: bodies in ranking order."""

    quarter: Quarter
    rules: RulesVersion
    bodies: tuple[BodyResult, ...]
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()  # data that score but deserve a second look (engine.plausibility)

    def body(self, body_id: str) -> BodyResult | None:
        return next((b for b in self.bodies if b.body.id == body_id), None)


class Scored:
    """What a scored quarter is called by: its quarter, rules version, status and number of
    bodies, for a class that holds one as `result` (a side of a comparison, an edition of
    the history)."""

    result: QuarterResult

    @property
    def quarter(self) -> str:
        return self.result.quarter.id

    @property
    def rules(self) -> str:
        return self.result.rules.id

    @property
    def status(self) -> str:
        return self.result.quarter.status

    @property
    def count(self) -> int:
        return len(self.result.bodies)


def score_quarter(rules: RulesVersion, quarter: Quarter) -> QuarterResult:
    """Score every body of the rules version with the quarter's data, ranked."""
    problems: list[Problem] = []
    results = []
    for body in rules.bodies:
        data = quarter.bodies.get(body.id)
        inputs = data.kpis if data else {}
        directions = []
        for direction in body.directions:
            kpi_results = []
            for kpi in direction.kpis:
                given = inputs.get(kpi.id)
                variant = rules.methodology.variants[kpi.variant]
                a, b = (given.a, given.b) if given else (None, None)
                if given is None:
                    # a KPI of these rules that the quarter never collected (another version)
                    assessment = Assessment(None, rules.methodology.no_data_assigned, NOT_IN_DATA)
                else:
                    try:
                        assessment = rules.methodology.assess(variant, kpi.weight, kpi.target, a, b, audited=False)
                    except FormulaError as exc:
                        # a formula that holds on every worked example can still overflow on one
                        # body's data: a problem at that KPI's data, not a crash
                        problems.append(_evaluation_problem(exc, kpi, given.where))
                        assessment = Assessment(None, rules.methodology.no_data_assigned, "reason-not-computable")
                result = KpiResult(kpi, variant, a, b, assessment)
                problems.extend(_invariant_problems(rules.methodology, result, given.where if given else kpi.where))
                kpi_results.append(result)
            directions.append(_direction_result(rules.methodology, direction, kpi_results))
        results.append(_body_result(rules.methodology, body, directions))
        problems.extend(_body_invariant_problems(rules.methodology, results[-1]))
    return QuarterResult(quarter, rules, rank_bodies(results), tuple(sorted(problems)))


def _body_invariant_problems(methodology: Methodology, result: BodyResult) -> list[Problem]:
    """The methodology's conditions on R (its declared range), at the body's rules file."""
    problems = []
    for invariant in methodology.body_invariants:
        try:
            held = invariant.test({"R": result.score})
        except (ZeroDivisionError, FormulaError):
            held = False
        if not held:
            values = invariant.substitute({"R": plain(result.score)})
            args = {"formula": invariant.source, "values": values, "body": result.body.short}
            problems.append(Problem(Where(methodology.file), "invariant-violated-body", args=args))
    return problems


def _direction_result(methodology: Methodology, direction: Direction, kpis: Sequence[KpiResult]) -> DirectionResult:
    assigned = [k.assigned for k in kpis]
    step = _total("direction", methodology, methodology.direction_aggregation, assigned)
    return DirectionResult(direction, tuple(kpis), step.rounded, step)


def _body_result(methodology: Methodology, body: Body, directions: Sequence[DirectionResult]) -> BodyResult:
    totals = [d.total for d in directions]
    step = _total("R", methodology, methodology.body_aggregation, totals)
    return BodyResult(body, tuple(directions), step.rounded, step)


def _total(quantity: str, methodology: Methodology, how: Aggregation, values: Sequence[Decimal]) -> Step:
    """A direction's result or R, with its audit trail: the method's aggregation, rounded."""
    exact = how.exact(values)
    return Step(quantity, how.name, how.shown([plain(v) for v in values]), exact, methodology.cut(exact))


def rank_bodies(results: Sequence[BodyResult]) -> tuple[BodyResult, ...]:
    """Order by score, highest first, each with its place by the method's ranking (ties share
    a place: 1, 2, 2, 4)."""
    ordered = sorted(results, key=lambda r: (-r.score, r.body.short))
    places = Methodology.ranks([r.score for r in ordered])
    return tuple(
        BodyResult(r.body, r.directions, r.score, r.step, rank) for r, rank in zip(ordered, places, strict=True)
    )


def _evaluation_problem(exc: FormulaError, kpi: Kpi, where: Where) -> Problem:
    """A KPI whose data take a formula beyond the bounds of engine.formula."""
    detail = {k: v for k, v in exc.args_.items() if k not in ("quantity", "formula")}
    args = {
        "quantity": exc.args_.get("quantity", "W"),
        "formula": exc.args_.get("formula", ""),
        "detail": exc.code,
        "detail_args": detail,
    }
    return Problem(where, "kpi-not-computable", kpi.id, args)


def _invariant_problems(methodology: Methodology, result: KpiResult, where: Where) -> list[Problem]:
    if not methodology.invariants:
        return []
    kpi, a, b = result.kpi, result.a, result.b
    values = {"U": kpi.weight, "W": result.assigned}
    given = (("N", kpi.target), ("Z", result.share), ("a", a.value if a else None), ("b", b.value if b else None))
    for name, value in given:
        if value is not None:
            values[name] = value
    problems = []
    for invariant in methodology.invariants:
        if not invariant.names <= values.keys():
            continue
        try:
            held = invariant.test(values)
        except (ZeroDivisionError, FormulaError):
            held = False
        if not held:
            texts = {k: plain(v) for k, v in values.items()}
            problems.append(
                Problem(
                    where,
                    "invariant-violated",
                    result.kpi.id,
                    {"formula": invariant.source, "values": invariant.substitute(texts)},
                )
            )
    return problems
