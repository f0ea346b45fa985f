"""How KPI results add up: per direction, then per body. Looked up by the name methodology.yaml
gives them (`aggregation: direction / body`).

Each aggregation is one entry of AGGREGATIONS holding, side by side, its exact definition (over
decimals, and over whole units for fast loops), how the audit trail writes it, and its spreadsheet
function. A new aggregation is one entry here, plus its words in the catalogues
(`method-direction-<name>`, `method-body-<name>`, `how-<name>`, `legend-R-<name>`,
`rulesbook-agg-<name>`) and the schema's list.

Exact: the mean of three direction results is a rational (250,6 / 3), rounded only where
methodology.yaml says.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

# Decimal addition in this context is exact or raises: the figures added are bounded (at most
# 10^18, a few places), so their sum fits in 100 digits, and anything else falls back to Fraction.
_EXACT = decimal.Context(prec=100, traps=[decimal.Inexact, decimal.Overflow, decimal.InvalidOperation])


def _sum(values: Sequence[Decimal]) -> Fraction:
    try:
        total = Decimal(0)
        for value in values:
            total = _EXACT.add(total, value)
        return Fraction(total)
    except decimal.DecimalException:
        return sum((Fraction(v) for v in values), Fraction(0))


def _mean(values: Sequence[Decimal]) -> Fraction:
    return _sum(values) / len(values) if values else Fraction(0)


def _mean_shown(texts: Sequence[str]) -> str:
    shown = " + ".join(texts)
    return f"({shown}) / {len(texts)}" if len(texts) > 1 else shown


@dataclass(frozen=True)
class Aggregation:
    """One way of adding up: `exact` over decimals; `ratio` the same over whole numbers, as
    numerator and denominator; `shown` the audit trail's words of it; `function` the
    spreadsheet's; `whole` when whole numbers give a whole number (nothing to round)."""

    name: str
    exact: Callable[[Sequence[Decimal]], Fraction]
    ratio: Callable[[Sequence[int]], tuple[int, int]]
    shown: Callable[[Sequence[str]], str]
    function: str
    whole: bool = False

    def __call__(self, values: Sequence[Decimal]) -> Fraction:
        return self.exact(values)

    def excel(self, cells: str) -> str:
        """The aggregation of a spreadsheet range or list of cells: SUM(J7:J13)."""
        return f"{self.function}({cells})"


AGGREGATIONS: dict[str, Aggregation] = {
    entry.name: entry
    for entry in (
        Aggregation("sum", _sum, lambda values: (sum(values), 1), " + ".join, "SUM", whole=True),
        Aggregation("mean", _mean, lambda values: (sum(values), max(len(values), 1)), _mean_shown, "AVERAGE"),
    )
}
