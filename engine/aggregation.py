"""How KPI results add up: per direction, then per body. Looked up by name.

Exact: the mean of three direction results is a rational (250,6 / 3), rounded only where
methodology.yaml says.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Sequence
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


AGGREGATIONS: dict[str, Callable[[Sequence[Decimal]], Fraction]] = {
    "sum": _sum,
    "mean": _mean,
}
