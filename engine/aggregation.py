"""How KPI results add up: per direction, then per body. Looked up by name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal


def _sum(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _mean(values: Sequence[Decimal]) -> Decimal:
    return _sum(values) / len(values) if values else Decimal(0)


AGGREGATIONS: dict[str, Callable[[Sequence[Decimal]], Decimal]] = {
    "sum": _sum,
    "mean": _mean,
}
