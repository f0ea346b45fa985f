"""The method: methodology.yaml compiled once (by engine.methodology) into one object.

`Methodology` alone decides how every figure is computed: Z and W of a KPI by its variant's
formulas and the policies for no target, no data and zero denominators (`assess`, with the
audit trail of each step), the rounding (engine.rounding: exact, and in whole units for fast
loops), the aggregation of a direction's W and of a body's directions (engine.aggregation:
exact, and in units), and the places with ties. Scoring, reconciliation, the robustness runs,
plans, what-ifs, the exported workbook's formulas and the report's method block all ask it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import TypeVar

from engine.aggregation import AGGREGATIONS, Aggregation
from engine.formula import Formula, Outcome
from engine.formulalimits import FormulaError
from engine.numbers import Quantity, plain
from engine.problems import Where
from engine.rounding import Rounding

# Names a formula may use. Z only exists once the share formula has given it.
DATA_NAMES = ("a", "b")
SHARE_NAMES = frozenset({"a", "b", "U", "N"})
ASSIGNED_NAMES = frozenset({"a", "b", "U", "N", "Z"})
INVARIANT_NAMES = frozenset({"a", "b", "U", "N", "Z", "W"})
BODY_INVARIANT_NAMES = frozenset({"R"})


@dataclass(frozen=True)
class Variant:
    """A formula variant: how Z (optional) and W are computed for a kind of KPI."""

    id: str
    title: str
    unit: str
    assigned: Formula
    share: Formula | None = None
    where: Where = field(default=Where(""), compare=False)
    title_kk: str | None = None  # in Kazakh, when methodology.yaml gives it
    unit_kk: str | None = None

    @cached_property
    def inputs(self) -> tuple[str, ...]:
        """The data a KPI of this variant needs (a, b), read from its formulas."""
        used = set(self.assigned.names) | (set(self.share.names) if self.share else set())
        return tuple(name for name in DATA_NAMES if name in used)


@dataclass(frozen=True)
class Condition:
    """A condition met on the way: its formula text, with values, and whether it held."""

    formula: str
    substituted: str
    held: bool


@dataclass(frozen=True)
class Step:
    """One computed figure: `quantity` is "Z", "W", "direction" or "R"; `exact` is the value
    before the declared rounding, as an exact rational."""

    quantity: str
    formula: str
    substituted: str
    exact: Fraction
    rounded: Decimal
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Assessment:
    """Z and W of one KPI, with the reason when a policy decided W.

    `steps` is the audit trail. Scoring computes Z and W by the formulas' compiled code and
    leaves the trail to be made when it is first asked for (`kpi explain`, `kpi check`), by the
    audited evaluation of the same KPI."""

    share: Decimal | None
    assigned: Decimal
    reason: str = ""
    reason_args: Mapping[str, str] = field(default_factory=dict)
    trail: tuple[Step, ...] | Callable[[], tuple[Step, ...]] = field(default=(), compare=False, repr=False)

    @property
    def steps(self) -> tuple[Step, ...]:
        if callable(self.trail):
            object.__setattr__(self, "trail", self.trail())  # made once, kept
        assert not callable(self.trail)
        return self.trail


@dataclass(frozen=True)
class Example:
    """A worked example from methodology.yaml that `rules validate` must reproduce."""

    title: str
    variant: str
    weight: Decimal
    target: Decimal | None
    a: Quantity
    b: Quantity | None
    share: Decimal | None
    assigned: Decimal
    where: Where = field(compare=False)
    share_where: Where = field(default=Where(""), compare=False)  # the expected Z and W, for messages
    assigned_where: Where = field(default=Where(""), compare=False)


Score = TypeVar("Score", Decimal, int)


@dataclass(frozen=True)
class Methodology:
    """methodology.yaml compiled once (engine.methodology): the method every figure is computed
    by. Z and W follow a variant's formulas and the policies for no target and no data
    (engine.evaluate.assess reads them from here); the rounding, the aggregation of directions
    and of bodies and the ranking are asked of this object, exactly or in whole units of the
    last kept place, by scoring, reconciliation, the robustness runs, plans, the exported
    workbook's formulas and the report's method block alike."""

    title: str
    year: int
    variants: dict[str, Variant]
    rounding: Rounding
    direction_total: str
    body_total: str
    no_target_assigned: Decimal
    no_data_assigned: Decimal
    invariants: tuple[Formula, ...]
    weights_total: Decimal
    examples: tuple[Example, ...] = ()
    file: str = ""
    # declared in methodology.yaml but with a refused formula (already reported): KPIs naming
    # them are not "unknown variant" too
    refused_variants: frozenset[str] = frozenset()
    status: str = "official"  # "draft": a version being prepared (kpi rules new), not for official quarters
    # the bodies' ids in the order the report's summary table gives them (methodology.yaml `order`);
    # () when the version gives none: then the order of the body files
    order: tuple[str, ...] = ()
    order_where: tuple[Where, ...] = field(default=(), compare=False)  # each id's position, then the key's
    body_invariants: tuple[Formula, ...] = ()  # conditions on each body's R (0 <= R, R <= 100 in 2023)

    @property
    def direction_aggregation(self) -> Aggregation:
        """How a direction's result is made of its KPIs' W."""
        return AGGREGATIONS[self.direction_total]

    @property
    def body_aggregation(self) -> Aggregation:
        """How a body's R is made of its directions' results."""
        return AGGREGATIONS[self.body_total]

    @property
    def zero_division_assigned(self) -> Decimal:
        """W where the W formula divides by zero on a KPI's data: as for no data."""
        return self.no_data_assigned

    def cut(self, value: Fraction | Decimal | int) -> Decimal:
        """A figure rounded as methodology.yaml declares."""
        return self.rounding.apply(value)

    def direction_result(self, assigned: Sequence[Decimal]) -> Decimal:
        """A direction's result from its KPIs' W, rounded."""
        return self.rounding.apply(self.direction_aggregation.exact(assigned))

    def body_result(self, totals: Sequence[Decimal]) -> Decimal:
        """A body's R from its directions' results, rounded."""
        return self.rounding.apply(self.body_aggregation.exact(totals))

    def direction_units(self, assigned: Sequence[int]) -> int:
        """`direction_result` over W in whole units of the last kept place (11,4 → 114)."""
        return self._units(self.direction_aggregation, assigned)

    def body_units(self, totals: Sequence[int]) -> int:
        """`body_result` over direction results in whole units of the last kept place."""
        return self._units(self.body_aggregation, totals)

    def _units(self, how: Aggregation, values: Sequence[int]) -> int:
        if how.whole:  # whole units give whole units: the rounding changes nothing
            return how.ratio(values)[0]
        numerator, denominator = how.ratio(values)
        return self.rounding.units(numerator, denominator * self.rounding.unit)

    @staticmethod
    def ranks(scores: Sequence[Score]) -> list[int]:
        """Places by score, highest first; equal scores share a place (1, 2, 2, 4)."""
        ordered = sorted(scores, reverse=True)
        first: dict[Score, int] = {}
        for position, score in enumerate(ordered, start=1):
            first.setdefault(score, position)
        return [first[score] for score in scores]

    @staticmethod
    def rank_among(score: Score, others: Sequence[Score]) -> int:
        """The place a score takes among others' scores (ties share it, as in `ranks`)."""
        return 1 + sum(1 for other in others if other > score)

    @staticmethod
    def rank_excel(cell: str, cells: str) -> str:
        """`ranks` in a spreadsheet: RANK in descending order gives equal scores one place too."""
        return f"RANK({cell},{cells},0)"

    def assess(
        self,
        variant: Variant,
        weight: Decimal,
        target: Decimal | None,
        a: Quantity | None,
        b: Quantity | None,
        *,
        audited: bool = True,
    ) -> Assessment:
        """Z and W of one KPI by the variant's formulas and the method's policies, step by step:
        with the audit trail of every step, or (audited=False) by compiled code, the trail made
        when it is first asked for (by the audited run of the same inputs). No target (N "-" or 0)
        gives the no-target weight; no data ("-" in an input the variant reads), an undefined
        share (b = 0) or a W formula dividing by zero the no-data weight, the reason kept."""
        step_rule: StepRule = _audited_step if audited else _fast_step
        trail = None if audited else (lambda: self.assess(variant, weight, target, a, b).steps)
        values: dict[str, Decimal] = {"U": weight}
        if target is not None:
            values["N"] = target
        missing = [n for n, q in (("a", a), ("b", b)) if n in variant.inputs and (q is None or q.missing)]
        for name, quantity in (("a", a), ("b", b)):
            if quantity is not None and quantity.value is not None:
                values[name] = quantity.value
        steps: list[Step] = []
        share: Decimal | None = None
        reason, reason_args = "", {}
        if variant.share is not None and not missing:
            try:
                share, step = step_rule("Z", variant.share, values, self)
            except ZeroDivisionError:
                reason, reason_args = "reason-zero-denominator", {"b": b.text if b else "0"}
            else:
                steps.extend([step] if step else [])
                values["Z"] = share
        if target is None or target == 0:
            text = "-" if target is None else plain(target)
            return Assessment(
                share, self.no_target_assigned, "reason-no-target", {"target": text}, trail or tuple(steps)
            )
        if missing:
            texts = {n: (q.text if q is not None else "") for n, q in (("a", a), ("b", b))}
            return Assessment(
                share,
                self.no_data_assigned,
                "reason-no-data",
                {"names": ", ".join(missing), **texts},
                trail or tuple(steps),
            )
        if reason:
            return Assessment(share, self.no_data_assigned, reason, reason_args, trail or tuple(steps))
        try:
            assigned, step = step_rule("W", variant.assigned, values, self)
        except ZeroDivisionError:
            return Assessment(share, self.zero_division_assigned, "reason-zero-division", {}, trail or tuple(steps))
        steps.extend([step] if step else [])
        return Assessment(share, assigned, "", {}, trail or tuple(steps))


# How one formula step is computed: the value rounded as declared, and its Step (audited) or None.
StepRule = Callable[[str, Formula, Mapping[str, Decimal], Methodology], tuple[Decimal, "Step | None"]]


def _fast_step(
    quantity: str, formula: Formula, values: Mapping[str, Decimal], methodology: Methodology
) -> tuple[Decimal, Step | None]:
    try:
        return methodology.rounding.apply_ratio(*formula.ratio(values)), None
    except FormulaError as exc:
        exc.args_.setdefault("quantity", quantity)
        exc.args_.setdefault("formula", formula.source)
        raise


def _audited_step(
    quantity: str, formula: Formula, values: Mapping[str, Decimal], methodology: Methodology
) -> tuple[Decimal, Step | None]:
    step = _step(quantity, formula, values, methodology)
    return step.rounded, step


def _step(quantity: str, formula: Formula, values: Mapping[str, Decimal], methodology: Methodology) -> Step:
    try:
        outcome: Outcome = formula.evaluate(values)
    except FormulaError as exc:
        exc.args_.setdefault("quantity", quantity)
        exc.args_.setdefault("formula", formula.source)
        raise
    texts = {name: plain(value) for name, value in values.items()}
    conditions = tuple(
        Condition(branch.condition, formula.substitute(texts, branch.condition_node), branch.held)
        for branch in outcome.branches
    )
    taken = outcome.branches[-1].taken_node if outcome.branches else None
    return Step(
        quantity,
        formula.source,
        formula.substitute(texts, taken),
        outcome.value,
        methodology.cut(outcome.value),
        conditions,
    )
