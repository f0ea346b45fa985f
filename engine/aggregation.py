"""How KPI results add up: per direction, then per body. Looked up by name.

Exact: the mean of three direction results is a rational (250,6 / 3), rounded only where
methodology.yaml says.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction


def _sum(values: Sequence[Decimal]) -> Fraction:
    return sum((Fraction(v) for v in values), Fraction(0))


def _mean(values: Sequence[Decimal]) -> Fraction:
    return _sum(values) / len(values) if values else Fraction(0)


AGGREGATIONS: dict[str, Callable[[Sequence[Decimal]], Fraction]] = {
    "sum": _sum,
    "mean": _mean,
}
