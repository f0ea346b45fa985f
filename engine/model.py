"""What the files say, as checked values: a rules version and a quarter's data."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

# the method (formula names, variants, worked examples, the compiled methodology) lives in
# engine.method; named here too for the readers of the model
from engine.method import (
    Methodology,
)
from engine.numbers import Quantity
from engine.problems import Where

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
