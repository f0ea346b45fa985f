"""A scored quarter compiled for many rescorings with perturbed weights and targets.

A perturbation multiplies each KPI's weight and each KPI's target by a factor given in
thousandths (1000: as the rules say; 800..1200: ±20 %). Weights are then renormalised within
their direction, so that they add up to what the rules say (100) again:

    U'ᵢ = total · Uᵢ·mᵢ / Σⱼ Uⱼ·mⱼ        N'ᵢ = Nᵢ · tᵢ / 1000

and every W, direction result and R is computed exactly as `kpi score` computes it: each
formula's compiled code over exact integer ratios (engine.formulacode), each figure cut as
the methodology declares, directions and bodies added up by the methodology's own aggregations in
whole units (engine.model.Methodology.direction_units, body_units). Nothing is held as a float.
Figures are whole numbers of the last kept place (11,4 → 114), so that sums and ranks are
integer work.

What never moves with weights or targets is computed once: Z when the share formula uses
only a and b, and W wherever a policy decides it (no target, no data, b = 0). A KPI whose
share formula reads U or N is rescored by the methodology's own `assess`, which `kpi score`
uses, each run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import gcd
from typing import Any

from engine.evaluate import QuarterResult
from engine.formulalimits import FormulaError

NOMINAL = 1000  # a multiplier of 1000 thousandths leaves a weight or target as it is


@dataclass(frozen=True)
class Factor:
    """One uncertain input: a KPI's weight or target (`parameter`), in body `body`'s
    direction `direction`; `slot` is its place in a multiplier list."""

    kpi: str
    parameter: str  # "weight" or "target"
    body: int
    direction: int
    slot: int


@dataclass
class _Kpi:
    slot: int
    weight: int  # in units of the rules' finest weight place
    fixed: int | None  # W in units when a policy decides it whatever the weight and target
    # W's formula over (U, N) as ratios, its other inputs bound, giving a ratio; or (slow) the
    # whole assessment over (U, N) as Fractions, giving W in units
    call: Callable[[Any, Any], Any] | None = None
    target: tuple[int, int] | None = None  # N as a ratio; None: no target
    slow: bool = False
    scaled: int = 0  # total's numerator × weight: U' = scaled·m / (total's denominator · Σ weight·m)


@dataclass
class _Direction:
    kpis: list[_Kpi]
    live: list[_Kpi] = field(default_factory=list)  # the KPIs whose W is computed each run
    fixed: list[int] = field(default_factory=list)  # the W of the others, in units

    fixed_sum: int = 0
    constant: int = 0  # the result when no W moves, set by QuarterRuns

    def __post_init__(self) -> None:
        self.live = [k for k in self.kpis if k.fixed is None]
        self.fixed = [k.fixed for k in self.kpis if k.fixed is not None]
        self.fixed_sum = sum(self.fixed)


@dataclass
class _Body:
    directions: list[_Direction]


class QuarterRuns:
    """Rescore a quarter's bodies for given weight and target multipliers (NOMINAL each as
    the rules say), in whole units of the last kept place."""

    def __init__(self, result: QuarterResult) -> None:
        methodology = result.rules.methodology
        self.methodology = methodology
        self.total = methodology.weights_total.as_integer_ratio()
        kpis = [k for b in result.bodies for k in b.kpis]
        self.weight_scale = max((_places(k.kpi.weight) for k in kpis), default=0)
        self.zero_division = self._units(methodology.zero_division_assigned)
        self._cut = methodology.rounding.units_function()
        self._direction_whole = methodology.direction_aggregation.whole
        self.factors: list[Factor] = []
        self.bodies: list[_Body] = []
        slot = 0
        for b, body in enumerate(result.bodies):
            directions = []
            for d, direction in enumerate(body.directions):
                compiled = []
                for kpi in direction.kpis:
                    compiled.append(self._compile(kpi, slot))
                    self.factors.append(Factor(kpi.kpi.id, "weight", b, d, slot))
                    slot += 1
                directions.append(_Direction(compiled))
                directions[-1].constant = methodology.direction_units(directions[-1].fixed)
            self.bodies.append(_Body(directions))
        self.slots = slot
        self._live = {k.slot: k for b in self.bodies for d in b.directions for k in d.live}
        self.nominal = [NOMINAL] * slot

    def target_factors(self) -> list[Factor]:
        """A factor for each KPI whose W can move with its target (one with a target and
        with W decided by a formula that reads N)."""
        kpis = [k for b in self.bodies for d in b.directions for k in d.kpis]
        return [
            Factor(f.kpi, "target", f.body, f.direction, f.slot)
            for f, kpi in zip(self.factors, kpis, strict=True)
            if kpi.call is not None and kpi.target is not None
        ]

    def _compile(self, result: Any, slot: int) -> _Kpi:
        kpi, variant, assessment = result.kpi, result.variant, result.assessment
        weight = int(kpi.weight.scaleb(self.weight_scale))
        scaled = self.total[0] * weight
        target = _ratio(kpi.target) if kpi.target is not None else None
        share_moves = variant.share is not None and bool({"U", "N"} & set(variant.share.names))
        if assessment.reason and not share_moves:
            return _Kpi(slot, weight, self._units(assessment.assigned))
        if share_moves:
            return _Kpi(slot, weight, None, self._slow(result), target, True, scaled)
        values: dict[str, tuple[int, int]] = {}
        for name, quantity in (("a", result.a), ("b", result.b)):
            if quantity is not None and quantity.value is not None:
                values[name] = _ratio(quantity.value)
        if assessment.share is not None:
            values["Z"] = _ratio(assessment.share)
        call = _bound(variant.assigned.code.positional, variant.assigned.code.names, values)
        uses_target = "N" in variant.assigned.code.names
        return _Kpi(slot, weight, None, call, target if uses_target else None, False, scaled)

    def _slow(self, result: Any) -> Callable[[Any, Any], int]:
        methodology, variant, a, b = self.methodology, result.variant, result.a, result.b

        def w(weight: tuple[int, int], target: tuple[int, int] | None) -> int:
            exact = Fraction(*target) if target is not None else None
            found = methodology.assess(variant, Fraction(*weight), exact, a, b, audited=False)  # type: ignore[arg-type]
            return self._units(found.assigned)

        return w

    def _units(self, value: Decimal) -> int:
        return self.methodology.rounding.units(*value.as_integer_ratio())

    def direction_units(self, direction: _Direction, weights: Sequence[int], targets: Sequence[int]) -> int:
        """A direction's result, in units, with these multipliers."""
        if not direction.live:
            return direction.constant
        spread = self.total[1] * sum(k.weight * weights[k.slot] for k in direction.kpis)
        results, total, w = direction.fixed.copy(), direction.fixed_sum, self._w
        for kpi in direction.live:
            value = w(kpi, spread, weights, targets)
            total += value
            results.append(value)
        if self._direction_whole:  # whole units added up: nothing to round
            return total
        return self.methodology.direction_units(results)

    def moved_target(
        self, direction: _Direction, slot: int, total: int, weights: Sequence[int], targets: Sequence[int], moved: int
    ) -> int:
        """The direction's result `total` (with `weights` and `targets`) again with the target
        multiplier of `slot` alone changed to `moved`: only that KPI's W is computed again
        where the direction's result is a sum."""
        kpi = self._live[slot]
        changed = _Override(targets, slot, moved)
        if not self._direction_whole:
            return self.direction_units(direction, weights, changed)
        spread = self.total[1] * sum(k.weight * weights[k.slot] for k in direction.kpis)
        return total - self._w(kpi, spread, weights, targets) + self._w(kpi, spread, weights, changed)

    def _w(self, kpi: _Kpi, spread: int, weights: Sequence[int], targets: Sequence[int]) -> int:
        """One KPI's W in units: its weight renormalised over `spread`, its target moved."""
        n = kpi.scaled * weights[kpi.slot]
        g = gcd(n, spread)
        target = kpi.target
        if target is not None and targets[kpi.slot] != NOMINAL:
            n_t, d_t = target[0] * targets[kpi.slot], target[1] * NOMINAL
            g_t = gcd(n_t, d_t)
            target = (n_t // g_t, d_t // g_t)
        assert kpi.call is not None
        try:
            value = kpi.call((n // g, spread // g), target)
        except ZeroDivisionError:
            return self.zero_division
        if kpi.slow:
            return int(value)
        if isinstance(value, bool):
            raise FormulaError("formula-not-a-number", value=str(value))
        return self._cut(*value)

    def body_units(self, totals: Sequence[int]) -> int:
        """A body's R, in units, from its direction results."""
        return self.methodology.body_units(totals)

    def directions(self, weights: Sequence[int], targets: Sequence[int]) -> list[list[int]]:
        """Every body's direction results, in units."""
        return [[self.direction_units(d, weights, targets) for d in body.directions] for body in self.bodies]

    def scores(self, weights: Sequence[int], targets: Sequence[int]) -> list[int]:
        """Every body's R, in units, in the order of the scored quarter (its ranking)."""
        return [self.body_units(totals) for totals in self.directions(weights, targets)]


class _Override(Sequence[int]):
    """A list of multipliers with one of them changed, without copying the list."""

    def __init__(self, base: Sequence[int], slot: int, value: int) -> None:
        self.base, self.slot, self.value = base, slot, value

    def __getitem__(self, index: int) -> int:  # type: ignore[override]
        return self.value if index == self.slot else self.base[index]

    def __len__(self) -> int:
        return len(self.base)


def _bound(
    code: Callable[..., Any], names: Sequence[str], values: dict[str, tuple[int, int]]
) -> Callable[[Any, Any], Any]:
    """`code` over (U, N), its other inputs bound to `values`: a lambda written for its order
    of names (which are a, b, U, N, Z: a formula's checked names)."""
    scope: dict[str, Any] = {"__builtins__": {}, "_code": code}
    arguments = []
    for index, name in enumerate(names):
        if name in ("U", "N"):
            arguments.append(name)
        else:
            scope[f"_v{index}"] = values.get(name)
            arguments.append(f"_v{index}")
    source = f"lambda U, N: _code({', '.join(arguments)})"
    bound: Callable[[Any, Any], Any] = eval(source, scope)  # noqa: S307  (our own names only)
    return bound


def _ratio(value: Decimal) -> tuple[int, int]:
    return value.as_integer_ratio()


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
