"""`kpi plan`: where a body's next points are, KPI by KPI, and the fewest changes to climb.

For each KPI with points missing (W < U), the value of a (or of b) that would give the full
weight: the exact boundary, on the grid of the value as entered (whole numbers for 156 710,
hundredths for 3 714 388,81), found by evaluating the rules themselves — the same compiled
formulas and truncation as `kpi score` — so that the value found gives W = U and one unit
less (or more, for a value that must stay below a bound) does not. The search assumes only
that W is monotone on each side of the boundary; it probes values on a doubling grid, then
bisects between the probes where W = U begins or ends. A boundary between 0 and one unit
(b = 0 is "no share", not a target missed) is not a plan.

A KPI without b cannot be scored from a alone: the plan then assumes b = 100 and asks for a
(a share of a %), and says so; where a is known, it also asks for the largest b that would do.

To climb: the others' R stay as they are; a target place is reached when the body's R is at
least that of the body now holding it (equal R share a place). The candidates are the KPIs
with a value to set, by the R each would give alone, largest first. With R the mean (or sum)
of direction sums of W, taking the largest gains first gives the fewest KPIs; the last one
is then set only as far as needed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from engine.analysis.changes import ValueChange, apply_to_quarter
from engine.evaluate import BodyResult, KpiResult, QuarterResult, score_quarter
from engine.method import Methodology
from engine.model import Body
from engine.numbers import Quantity, plain

LIMIT = Decimal(10) ** 15  # the largest value a quarter file may hold (engine.bounds)
ASSUMED_B = Decimal(100)


@dataclass(frozen=True)
class Needed:
    """The value a field would need for full W: at least `value` ("min") or at most ("max");
    `assumed` are values taken for missing inputs (b = 100)."""

    field: str
    value: Decimal
    bound: str
    assumed: tuple[tuple[str, Decimal], ...] = ()

    @property
    def changes(self) -> tuple[tuple[str, Decimal], ...]:
        return (*self.assumed, (self.field, self.value))


@dataclass(frozen=True)
class PlanKpi:
    result: KpiResult
    needed_a: Needed | None
    needed_b: Needed | None
    score_if: Decimal | None  # the body's R with this KPI at full W

    @property
    def missing(self) -> Decimal:
        return self.result.kpi.weight - self.result.assigned

    @property
    def no_data(self) -> bool:
        return self.result.assessment.reason == "reason-no-data"

    @property
    def best(self) -> Needed | None:
        """The change to suggest: one that assumes nothing first, a before b."""
        found = [n for n in (self.needed_a, self.needed_b) if n is not None]
        return min(found, key=lambda n: bool(n.assumed)) if found else None


@dataclass(frozen=True)
class Climb:
    """What reaching place `rank` takes: R at least `score` (the R of the body holding it);
    `changes` reach it (R `score_after`, place `rank_after`), or `reachable` is False."""

    rank: int
    score: Decimal
    changes: tuple[tuple[str, str, Decimal], ...]  # (KPI, field, value)
    reachable: bool
    score_after: Decimal | None = None
    rank_after: int | None = None


@dataclass(frozen=True)
class ImprovementPlan:
    result: QuarterResult
    body: BodyResult
    kpis: tuple[PlanKpi, ...]
    next_place: Climb | None  # None: first already
    top3: Climb | None  # None: in the top three already
    data_score: Decimal | None = None  # R with every KPI lacking data at full W (None: none lacks)

    @property
    def no_data(self) -> tuple[PlanKpi, ...]:
        return tuple(k for k in self.kpis if k.no_data)


def plan(result: QuarterResult, body: Body) -> ImprovementPlan:
    """The plan of `body` in a scored quarter (see the module's text)."""
    scored = result.body(body.id)
    assert scored is not None
    methodology = result.rules.methodology
    kpis = []
    for kpi in scored.kpis:
        found = PlanKpi(kpi, needed(methodology, kpi, "a"), needed(methodology, kpi, "b"), None)
        if found.best is not None:
            changes = [(kpi.kpi.id, f, v) for f, v in found.best.changes]
            found = dataclasses.replace(found, score_if=_score(result, body, changes))
        kpis.append(found)
    others = sorted((b.score for b in result.bodies if b.body.id != body.id), reverse=True)
    lacking = [(k.result.kpi.id, f, v) for k in kpis if k.no_data and k.best for f, v in k.best.changes]
    return ImprovementPlan(
        result,
        scored,
        tuple(kpis),
        _climb(result, body, kpis, others, _next_place(scored.score, others)),
        _climb(result, body, kpis, others, 3) if scored.rank > 3 else None,
        _score(result, body, lacking) if lacking else None,
    )


def needed(methodology: Methodology, result: KpiResult, field: str) -> Needed | None:
    """The value of `field` (a or b) nearest to the entered one that gives W = U, or None
    when W is full already, the variant does not read it, or no value gives full W."""
    kpi, variant = result.kpi, result.variant
    if field not in variant.inputs or result.assigned >= kpi.weight or not kpi.target:
        return None
    values = {"a": result.a, "b": result.b}
    other = "b" if field == "a" else "a"
    if field == "b" and _missing(values["a"]):
        return None  # b is asked for only where a is known
    found = _search(methodology, result, field, values)
    if found is None and field == "a" and "b" in variant.inputs and _no_share(values["b"]):
        # no b, or b = 0: no a gives a share; the data to submit are a share of a %
        assumed = {**values, other: Quantity(plain(ASSUMED_B), ASSUMED_B)}
        found = _search(methodology, result, field, assumed)
        return dataclasses.replace(found, assumed=((other, ASSUMED_B),)) if found else None
    return found


def _search(
    methodology: Methodology, result: KpiResult, field: str, values: dict[str, Quantity | None]
) -> Needed | None:
    """The boundary of full W for `field`, the other value as `values` has it."""
    kpi, variant = result.kpi, result.variant
    current = values[field]
    unit = _unit(current, values["b" if field == "a" else "a"])

    def full(k: int) -> bool:
        trial = {**values, field: Quantity(plain(k * unit), k * unit)}
        found = methodology.assess(variant, kpi.weight, kpi.target, trial["a"], trial["b"], audited=False)
        return found.assigned >= kpi.weight

    at = int(current.value / unit) if current is not None and current.value is not None else None
    bound = _boundary(full, at, int(LIMIT / unit))
    if bound is None:
        return None
    k, kind = bound
    return Needed(field, _clean(k * unit), kind)


def _boundary(full: Callable[[int], bool], at: int | None, top: int) -> tuple[int, str] | None:
    """The boundary of the full region nearest to `at` (0 when missing): (k, "min") when W is
    full from k up, (k, "max") when full up to k. Probes on a doubling grid, then bisects."""
    probes = sorted({0, 1, *(2**i for i in range(top.bit_length()) if 2**i <= top), top, *([at] if at else [])})
    states = [full(k) for k in probes]
    found: list[tuple[int, str]] = []
    for (low, low_full), (high, high_full) in zip(
        zip(probes, states, strict=True), zip(probes[1:], states[1:], strict=True), strict=False
    ):
        if low_full == high_full or high == 1:
            continue  # no change here, or only between 0 and one unit (b = 0)
        # the first k in (low, high] whose state is high's
        while high - low > 1:
            middle = (low + high) // 2
            if full(middle) == high_full:
                high = middle
            else:
                low = middle
        found.append((high, "min") if high_full else (low, "max"))
    if not found:
        return None
    origin = at or 0
    return min(found, key=lambda item: (abs(item[0] - origin), item[0]))


def _missing(quantity: Quantity | None) -> bool:
    return quantity is None or quantity.value is None


def _no_share(b: Quantity | None) -> bool:
    """b missing or 0: a share a / b cannot be formed."""
    return b is None or b.value is None or b.value == 0


def _unit(current: Quantity | None, other: Quantity | None) -> Decimal:
    """The grid of a value: its last entered place (1 for whole numbers)."""
    source = current if not _missing(current) else other
    if source is None or source.value is None:
        return Decimal(1)
    exponent = source.value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(1).scaleb(min(exponent, 0))


def _clean(value: Decimal) -> Decimal:
    return Decimal(plain(value))


def _score(result: QuarterResult, body: Body, changes: Sequence[tuple[str, str, Decimal]]) -> Decimal:
    """The body's R with a and b changes made, the rest of the quarter as it is."""
    rules = dataclasses.replace(result.rules, bodies=(body,))
    made = [ValueChange(kpi, field, Quantity(plain(value), value)) for kpi, field, value in changes]
    quarter = apply_to_quarter(result.quarter, made, result.rules)
    scored = score_quarter(rules, quarter).body(body.id)
    assert scored is not None
    return scored.score


def _next_place(score: Decimal, others: Sequence[Decimal]) -> int:
    """The place of the nearest body above (0 when none is): with a tie at 4, the place
    above 6 is 4, not 5, which nobody holds."""
    above = [other for other in others if other > score]
    return Methodology.rank_among(min(above), others) if above else 0


def _climb(
    result: QuarterResult, body: Body, kpis: Sequence[PlanKpi], others: Sequence[Decimal], rank: int
) -> Climb | None:
    if rank < 1:
        return None
    threshold = others[rank - 1]  # the R of the body holding the place (others by R, highest first)
    candidates = sorted(
        (k for k in kpis if k.best is not None and k.score_if is not None),
        key=lambda k: (-(k.score_if or 0), -k.missing),
    )
    chosen: list[tuple[str, str, Decimal]] = []
    for candidate in candidates:
        best = candidate.best
        assert best is not None
        chosen += [(candidate.result.kpi.id, f, v) for f, v in best.changes]
        score = _score(result, body, chosen)
        if score < threshold:
            continue
        chosen = _least(result, body, chosen, candidate, threshold)
        score = _score(result, body, chosen)
        return Climb(rank, threshold, tuple(chosen), True, score, Methodology.rank_among(score, others))
    furthest = _score(result, body, chosen)  # every KPI at full W: as far as the body can get
    return Climb(rank, threshold, (), False, furthest, Methodology.rank_among(furthest, others))


def _least(
    result: QuarterResult,
    body: Body,
    chosen: list[tuple[str, str, Decimal]],
    last: PlanKpi,
    threshold: Decimal,
) -> list[tuple[str, str, Decimal]]:
    """The last change made only as large as the place needs: the value between the entered
    one (0 for data to submit) and the full-W one, nearest the entered one, that still reaches
    `threshold`."""
    best = last.best
    assert best is not None
    entered = last.result.a if best.field == "a" else last.result.b
    if best.assumed:
        if best.bound != "min":
            return chosen
        entered = Quantity("0", Decimal(0))  # data to submit: from nothing up
    if entered is None or entered.value is None:
        return chosen
    unit = _unit(entered, None) if not best.assumed else _unit(Quantity(plain(best.value), best.value), None)
    head = chosen[:-1]
    start, end = int(entered.value / unit), int(best.value / unit)

    def enough(k: int) -> bool:
        return _score(result, body, [*head, (last.result.kpi.id, best.field, k * unit)]) >= threshold

    low, high = (start, end) if start < end else (end, start)
    if start < end:  # the value must grow: the smallest that is enough
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (low, middle) if enough(middle) else (middle, high)
        return [*head, (last.result.kpi.id, best.field, _clean(high * unit))]
    while high - low > 1:  # the value must shrink: the largest that is enough
        middle = (low + high) // 2
        low, high = (middle, high) if enough(middle) else (low, middle)
    return [*head, (last.result.kpi.id, best.field, _clean(low * unit))]
