"""Rounding modes, looked up by the name methodology.yaml gives them."""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal

# truncate: the report's rule (cut, never round up); the others for rules versions to come.
ROUNDING_MODES: dict[str, str] = {
    "truncate": decimal.ROUND_DOWN,
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
}


@dataclass(frozen=True)
class Rounding:
    """How Z, W, direction sums and R are cut: a mode from ROUNDING_MODES and decimal places."""

    mode: str = "truncate"
    places: int = 1

    def apply(self, value: Decimal) -> Decimal:
        return value.quantize(Decimal(1).scaleb(-self.places), rounding=ROUNDING_MODES[self.mode])
