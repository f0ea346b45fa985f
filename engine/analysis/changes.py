"""`--set TARGET=VALUE`: a change to one KPI's data (a, b) or rules (U, N), applied in memory.

A target is a KPI id and a field: `mvd-05.a=250`, `mvd-05.b="1 318 826"`, `mvd-05.U=10`,
`mvd-05.N=60`, `mvd-05.N=-` (no target). Values are read as the quarter files read them.
Nothing here touches a file: a change gives a new RulesVersion or Quarter.

Weights of a direction must still add up to what the rules say (100). A change that breaks
this is refused, unless the caller asks to renormalise: the difference is then spread over
the direction's other weights in proportion to them, to the places weights are written with
(the largest remainders get the last units, so the total is exact), and every weight moved
is reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from engine.errors import UnknownName, UsageError
from engine.model import Body, Direction, Kpi, KpiInput, Quarter, RulesVersion
from engine.numbers import NumberFormatError, Quantity, parse_text, plain
from engine.problems import Where
from engine.safetext import shown

DATA_FIELDS = ("a", "b")
RULES_FIELDS = ("U", "N")
WEIGHT_PLACES = 1  # renormalised weights are written with one decimal, as the report's


@dataclass(frozen=True)
class ValueChange:
    """One `--set`: a KPI, a field (a, b, U or N) and the value (`value.value` None: "-")."""

    kpi: str
    field: str
    value: Quantity

    @property
    def text(self) -> str:
        return f"{self.kpi}.{self.field}={self.value.text}"


@dataclass(frozen=True)
class Reweighted:
    """A weight that --renormalise moved: its KPI, before and after."""

    kpi: str
    before: Decimal
    after: Decimal


def parse_changes(texts: Sequence[str], rules: RulesVersion) -> tuple[ValueChange, ...]:
    """Each `TARGET=VALUE` read against the rules: the KPI must exist, the value be a number
    in one of the report's forms ("-" for a, b or N: no data, no target)."""
    changes: list[ValueChange] = []
    for text in texts:
        target, equals, value = text.partition("=")
        kpi_name, dot, field = target.strip().rpartition(".")
        field = field.strip()
        field = field.upper() if field.upper() in RULES_FIELDS else field.lower()
        if not equals or not dot or field not in (*DATA_FIELDS, *RULES_FIELDS):
            raise UsageError("whatif-set-format", text=shown(text))
        kpi = _kpi(rules, kpi_name)
        inputs = rules.methodology.variants[kpi.variant].inputs
        if field in DATA_FIELDS and field not in inputs:  # b of a count: a change that would do nothing
            args = {"target": f"{kpi.id}.{field}", "variant": kpi.variant, "inputs": ", ".join(inputs)}
            raise UsageError("whatif-field-unused", **args)
        try:
            quantity = parse_text(value)
        except NumberFormatError as exc:
            raise UsageError(
                "whatif-set-value",
                target=f"{kpi.id}.{field}",
                detail=exc.code,
                detail_args={"text": shown(exc.text), **exc.details},
            ) from None
        if field == "U" and quantity.missing:
            raise UsageError("whatif-weight-missing", target=f"{kpi.id}.{field}")
        if any((c.kpi, c.field) == (kpi.id, field) for c in changes):
            raise UsageError("whatif-set-twice", target=f"{kpi.id}.{field}")
        changes.append(ValueChange(kpi.id, field, quantity))
    return tuple(changes)


def _kpi(rules: RulesVersion, name: str) -> Kpi:
    wanted = name.strip().casefold()
    for body in rules.bodies:
        for kpi in body.kpis:
            if kpi.id.casefold() == wanted:
                return kpi
    from engine.suggest import did_you_mean

    every = [k.id for b in rules.bodies for k in b.kpis]
    prefix = wanted.split("-")[0]
    # the list said is the KPIs of the body the name starts like (mvd-…), not all 115
    near = [k for k in every if k.casefold().split("-")[0] == prefix]
    suggestion = did_you_mean(name.strip(), every) if len(name) <= 100 else ""
    raise UnknownName("kpi", name.strip(), near or [b.id for b in rules.bodies], suggestion)


def apply_to_quarter(quarter: Quarter, changes: Sequence[ValueChange], rules: RulesVersion) -> Quarter:
    """The quarter with every a and b change made; a KPI the quarter has no entry for gets
    one, its other value "-"."""
    data = [c for c in changes if c.field in DATA_FIELDS]
    if not data:
        return quarter
    bodies = dict(quarter.bodies)
    for change in data:
        kpi = rules.kpi(change.kpi)
        assert kpi is not None
        body = bodies.get(kpi.body)
        if body is None:
            continue  # a body these data do not have: nothing to change for this side
        entry = body.kpis.get(kpi.id) or KpiInput(kpi.id, Quantity("-", None), Quantity("-", None), Where(""))
        entry = (
            dataclasses.replace(entry, a=change.value)
            if change.field == "a"
            else dataclasses.replace(entry, b=change.value)
        )
        bodies[kpi.body] = dataclasses.replace(body, kpis={**body.kpis, kpi.id: entry})
    return dataclasses.replace(quarter, bodies=bodies)


def apply_to_rules(
    rules: RulesVersion, changes: Sequence[ValueChange], renormalise: bool
) -> tuple[RulesVersion, tuple[Reweighted, ...]]:
    """The rules with every U and N change made, their id marked with `*`; weights of a
    direction that no longer add up are refused (UsageError) or, with `renormalise`, spread."""
    edits = {(c.kpi, c.field): c.value.value for c in changes if c.field in RULES_FIELDS}
    if not edits:
        return rules, ()
    moved: list[Reweighted] = []
    bodies = []
    for body in rules.bodies:
        directions = []
        for direction in body.directions:
            kpis = [_edited(kpi, edits) for kpi in direction.kpis]
            set_here = {k.id for k in kpis if (k.id, "U") in edits}
            total = sum((k.weight for k in kpis), Decimal(0))
            expected = rules.methodology.weights_total
            if set_here and total != expected:
                if not renormalise:
                    raise UsageError(
                        "whatif-weights-total",
                        body=body.short,
                        direction=direction.name,
                        total=plain(total),
                        expected=plain(expected),
                    )
                kpis, spread = _renormalised(kpis, set_here, expected, body, direction)
                moved += spread
            directions.append(dataclasses.replace(direction, kpis=tuple(kpis)))
        bodies.append(dataclasses.replace(body, directions=tuple(directions)))
    changed = dataclasses.replace(rules, id=f"{rules.id}*", bodies=tuple(bodies), contents="")
    return changed, tuple(moved)


def _edited(kpi: Kpi, edits: dict[tuple[str, str], Decimal | None]) -> Kpi:
    if (kpi.id, "U") in edits:
        weight = edits[(kpi.id, "U")]
        assert weight is not None
        kpi = dataclasses.replace(kpi, weight=weight)
    if (kpi.id, "N") in edits:
        kpi = dataclasses.replace(kpi, target=edits[(kpi.id, "N")])
    return kpi


def _renormalised(
    kpis: list[Kpi], fixed: set[str], expected: Decimal, body: Body, direction: Direction
) -> tuple[list[Kpi], list[Reweighted]]:
    """The weights not set by hand scaled so that the direction adds up to `expected`:
    each gets its share of what is left, to WEIGHT_PLACES decimals, largest remainders first."""
    others = [k for k in kpis if k.id not in fixed]
    set_units = sum(_units(k.weight) for k in kpis if k.id in fixed)  # a weight set too finely is named
    left = _units(expected) - set_units
    weights = [_units(k.weight) for k in others]
    base = sum(weights)
    if left < 0 or base == 0:
        raise UsageError(
            "whatif-cannot-renormalise", body=body.short, direction=direction.name, left=plain(_decimal(left))
        )
    given = [weight * left // base for weight in weights]
    by_remainder = sorted(range(len(others)), key=lambda i: (-(weights[i] * left % base), i))
    for i in by_remainder[: left - sum(given)]:
        given[i] += 1
    new = {kpi.id: _decimal(units) for kpi, units in zip(others, given, strict=True)}
    moved = [Reweighted(k.id, k.weight, new[k.id]) for k in others if new[k.id] != k.weight]
    return [dataclasses.replace(k, weight=new[k.id]) if k.id in new else k for k in kpis], moved


def _units(weight: Decimal) -> int:
    """A weight in units of its last place (WEIGHT_PLACES decimals); finer ones are refused."""
    units = weight.scaleb(WEIGHT_PLACES)
    if units != units.to_integral_value():
        raise UsageError("whatif-weight-places", places=WEIGHT_PLACES, weight=plain(weight))
    return int(units)


def _decimal(units: int) -> Decimal:
    return Decimal(units).scaleb(-WEIGHT_PLACES)
