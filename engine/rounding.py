"""Rounding modes, looked up by the name methodology.yaml gives them.

Rounding takes an exact value (a rational from a formula, or a decimal) and gives the
decimal with `places` decimals that the mode chooses. Integer arithmetic on the rational's
numerator and denominator decides; no intermediate value is ever rounded on the way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction


def _truncate(whole: int, rest: int, unit: int) -> int:
    return whole


def _half_up(whole: int, rest: int, unit: int) -> int:
    return whole + (2 * rest >= unit)


def _half_even(whole: int, rest: int, unit: int) -> int:
    return whole + (2 * rest > unit or (2 * rest == unit and whole % 2 == 1))


# Each mode gets the magnitude split into its whole part and the rest, rest / unit (0 <= rest <
# unit), in units of the last kept place, and says how many units to keep. The sign is put back
# after: truncate cuts towards zero, half_up rounds halves away from zero (as Excel's ROUND does).
# truncate: the report's rule (cut, never round up); the others for rules versions to come.
ROUNDING_MODES: dict[str, Callable[[int, int, int], int]] = {
    "truncate": _truncate,
    "half_up": _half_up,
    "half_even": _half_even,
}


@dataclass(frozen=True)
class Rounding:
    """How Z, W, direction sums and R are cut: a mode from ROUNDING_MODES and decimal places."""

    mode: str = "truncate"
    places: int = 1

    def apply(self, value: Fraction | Decimal | int) -> Decimal:
        """The value cut to `places` decimals, exactly: 0,8 stays 0,8; 6,66… → 6,6."""
        return self.apply_ratio(*Fraction(value).as_integer_ratio())

    def apply_ratio(self, numerator: int, denominator: int) -> Decimal:
        """`apply` of numerator / denominator (denominator > 0), in integers only."""
        kept = self.units(numerator, denominator)
        return Decimal(f"{'-' if kept < 0 else ''}{abs(kept)}E-{self.places}")

    def units(self, numerator: int, denominator: int) -> int:
        """`apply` of numerator / denominator as a whole number of the last kept place's
        units (11,4 → 114 with one place): how fast loops keep rounded figures."""
        whole, rest = divmod(abs(numerator) * 10**self.places, denominator)
        kept = ROUNDING_MODES[self.mode](whole, rest, denominator)
        return -kept if numerator < 0 else kept
