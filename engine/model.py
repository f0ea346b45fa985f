"""What the files say, as checked values: a rules version and a quarter's data."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

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

    @cached_property
    def inputs(self) -> tuple[str, ...]:
        """The data a KPI of this variant needs (a, b), read from its formulas."""
        used = set(self.assigned.names) | (set(self.share.names) if self.share else set())
        return tuple(name for name in DATA_NAMES if name in used)


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


@dataclass(frozen=True)
class Methodology:
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


@dataclass(frozen=True)
class Direction:
    id: str
    name: str
    kpis: tuple[Kpi, ...]


@dataclass(frozen=True)
class Body:
    id: str
    short: str
    name: str
    directions: tuple[Direction, ...]
    file: str = ""
    where: Where = field(default=Where(""), compare=False)

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
