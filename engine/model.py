"""What the files say, as checked values: a rules version and a quarter's data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import TypeVar

from engine.aggregation import AGGREGATIONS, Aggregation
from engine.formula import Formula
from engine.numbers import Quantity
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


KAZAKH = "kk"
# each unit of the rules and its Kazakh form («бірл.», бірлік: "unit", as in Kazakh statistics forms)
KAZAKH_UNITS = {"%": "%", "ед.": "бірл."}


def in_language(russian: str, kazakh: str | None, lang: str) -> str:
    """A name a reader sees, in `lang`: the Kazakh form in Kazakh where the rules give it,
    otherwise the Russian one (the rules' own language; English documents keep it too)."""
    if lang == KAZAKH and kazakh:
        return kazakh
    return russian


def needs_kazakh(text: str) -> bool:
    """Whether a name has words to translate ("%" is the same in both languages)."""
    return any(ch.isalpha() for ch in text)


@dataclass(frozen=True)
class MissingName:
    """A name a reader sees that the rules give in Russian only."""

    body: str  # the body's id
    what: str  # body, short, direction, kpi, unit
    russian: str
    where: Where = field(default=Where(""), compare=False)


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


@dataclass(frozen=True)
class Kpi:
    id: str
    no: int
    name: str
    variant: str
    weight: Decimal
    target: Decimal | None
    unit: str
    body: str
    direction: str
    where: Where = field(compare=False)
    name_kk: str | None = None  # in Kazakh, when the rules give it (official wording only)
    unit_kk: str | None = None  # the unit in Kazakh, from its variant


@dataclass(frozen=True)
class Direction:
    id: str
    name: str
    kpis: tuple[Kpi, ...]
    name_kk: str | None = None


@dataclass(frozen=True)
class Body:
    id: str
    short: str
    name: str
    directions: tuple[Direction, ...]
    file: str = ""
    where: Where = field(default=Where(""), compare=False)
    short_kk: str | None = None
    name_kk: str | None = None

    @property
    def kpis(self) -> tuple[Kpi, ...]:
        return tuple(k for d in self.directions for k in d.kpis)


@dataclass(frozen=True)
class RulesVersion:
    id: str
    methodology: Methodology
    bodies: tuple[Body, ...]
    # SHA-256 of the files it was read from, when read by engine.scoring (engine.readcache)
    contents: str = field(default="", compare=False)
    # "kk": its names are shown in Kazakh (engine.names.rules_in), and these were left in
    # Russian for want of a Kazakh form: (body's short name as shown, kind, the name or KPI №)
    shown_in: str = field(default="", compare=False)
    untranslated: tuple[tuple[str, str, str], ...] = field(default=(), compare=False)

    @cached_property
    def _bodies(self) -> dict[str, Body]:
        return {b.id: b for b in self.bodies}

    @cached_property
    def _kpis(self) -> dict[str, Kpi]:
        return {k.id: k for b in self.bodies for k in b.kpis}

    def body(self, body_id: str) -> Body | None:
        return self._bodies.get(body_id)

    def kpi(self, kpi_id: str) -> Kpi | None:
        return self._kpis.get(kpi_id)


@dataclass(frozen=True)
class KpiInput:
    """a and b of one KPI as entered in a quarter file (b is None when not given)."""

    kpi: str
    a: Quantity
    b: Quantity | None
    where: Where = field(compare=False)


@dataclass(frozen=True)
class BodyInput:
    body: str
    kpis: dict[str, KpiInput]
    file: str = ""
    contact: tuple[str, str] | None = None  # who filled the body's form, and a phone (from the form)


@dataclass(frozen=True)
class PublishedKpi:
    """Z and W as printed in the report (None when the report prints nothing)."""

    share: Quantity | None
    assigned: Quantity | None
    where: Where = field(compare=False)


@dataclass(frozen=True)
class PublishedBody:
    """R, rank, direction results and KPI figures of one body as printed in the report."""

    score: Quantity
    rank: int
    directions: dict[str, Quantity]
    kpis: dict[str, PublishedKpi]
    where: Where = field(compare=False)


@dataclass(frozen=True)
class Quarter:
    id: str
    rules: str
    status: str
    source: str
    note: str
    bodies: dict[str, BodyInput]
    published: dict[str, PublishedBody] | None = None
    file: str = ""


def kazakh_names(body: Body) -> list[tuple[str, str, str | None]]:
    """Every name of `body` a reader sees that has words to translate: (what, Russian, Kazakh
    or None), in the order of the file. `what`: body, short, direction, kpi, unit."""
    pairs: list[tuple[str, str, str | None]] = [("body", body.name, body.name_kk), ("short", body.short, body.short_kk)]
    pairs += [("direction", d.name, d.name_kk) for d in body.directions]
    pairs += [("kpi", k.name, k.name_kk) for k in body.kpis]
    units = {kpi.unit: kpi.unit_kk for kpi in body.kpis}
    pairs += [("unit", unit, kk) for unit, kk in units.items()]
    return [(what, ru, kk) for what, ru, kk in pairs if needs_kazakh(ru)]


def missing_kazakh(rules: RulesVersion) -> list[MissingName]:
    """Every name a reader sees in `rules` that has no Kazakh form, body by body, in order."""
    return [
        MissingName(body.id, what, ru, body.where)
        for body in rules.bodies
        for what, ru, kk in kazakh_names(body)
        if not kk
    ]
