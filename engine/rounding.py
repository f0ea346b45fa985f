"""Rounding modes, looked up by the name methodology.yaml gives them.

Each mode is one entry of ROUNDING_MODES holding, side by side, its exact definition (how many
units of the last kept place it keeps, decided in integers) and its spelling in a spreadsheet
(the workbook of `kpi export`). A new mode is one entry here, plus its words in the catalogues
(`rounding-<mode>`, `method-rounding-<mode>`, `rulesbook-method-rounding-<mode>`) and the schema's
list of modes.

Rounding takes an exact value (a rational from a formula, or a decimal) and gives the decimal
with `places` decimals that the mode chooses. Integer arithmetic on the rational's numerator and
denominator decides; no intermediate value is ever rounded on the way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

# How many units of the last kept place a mode keeps for a magnitude split into its whole part
# and the rest, rest / unit (0 <= rest < unit). The sign is put back after.
Keep = Callable[[int, int, int], int]


@dataclass(frozen=True)
class RoundingMode:
    """One rounding mode: `keep` decides exactly, `spelt` writes the same in a spreadsheet
    (an expression, places → formula), `towards_zero` lets fast loops cut by floor division."""

    name: str
    keep: Keep
    spelt: Callable[[str, int], str]
    towards_zero: bool = False


def _half_even_spelt(expression: str, places: int) -> str:
    # exactly half way goes to the even neighbour; ROUND otherwise
    scaled = f"{expression}*10^{places}"
    return f"IF(MOD({scaled},1)=0.5,2*ROUND(({scaled})/2,0)/10^{places},ROUND({expression},{places}))"


# truncate: the report's rule (cut towards zero, never round up); the others for rules versions
# to come: half_up rounds halves away from zero, as a spreadsheet's ROUND does.
ROUNDING_MODES: dict[str, RoundingMode] = {
    mode.name: mode
    for mode in (
        RoundingMode(
            "truncate",
            lambda whole, rest, unit: whole,
            lambda expression, places: f"TRUNC({expression},{places})",
            towards_zero=True,
        ),
        RoundingMode(
            "half_up",
            lambda whole, rest, unit: whole + (2 * rest >= unit),
            lambda expression, places: f"ROUND({expression},{places})",
        ),
        RoundingMode(
            "half_even",
            lambda whole, rest, unit: whole + (2 * rest > unit or (2 * rest == unit and whole % 2 == 1)),
            _half_even_spelt,
        ),
    )
}


@dataclass(frozen=True)
class Rounding:
    """How Z, W, direction results and R are cut: a mode from ROUNDING_MODES and decimal places."""

    mode: str = "truncate"
    places: int = 1

    @property
    def unit(self) -> int:
        """Units of the last kept place in one: 10 for one place."""
        unit: int = 10**self.places
        return unit

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
        whole, rest = divmod(abs(numerator) * self.unit, denominator)
        kept = ROUNDING_MODES[self.mode].keep(whole, rest, denominator)
        return -kept if numerator < 0 else kept

    def units_function(self) -> Callable[[int, int], int]:
        """`units` as one function for loops that call it a million times: a mode that cuts
        towards zero is a floor division of the magnitude, the others `units` itself."""
        if not ROUNDING_MODES[self.mode].towards_zero:
            return self.units
        unit = self.unit
        return lambda n, d: n * unit // d if n >= 0 else -(-n * unit // d)

    def excel(self, expression: str) -> str:
        """The same cut of a spreadsheet expression (which must be free of binary noise
        already: engine.output.excel_formula.rounded snaps it first)."""
        return ROUNDING_MODES[self.mode].spelt(expression, self.places)
