"""The number-bounds policy: how large and how fine any number `kpi` reads may be.

One bound for every number in every file (rules, quarter data, published figures, worked
examples) and for numbers written as text ("4,05 млрд"), checked where the number is read,
before it is used, so that no later step meets a value it cannot handle:

- at most `MAX_TEXT` characters as written (a number is read from its text only after that:
  no 5000-digit integer, no "1e999999" is ever expanded);
- magnitude at most `MAX_MAGNITUDE` = 10^15 (the largest figure of the 2024Q1 report is
  4 044 млрд тенге = 4,044 · 10^12);
- at most `MAX_PLACES` = 6 digits after the decimal point (the report uses 2).

Within these bounds a formula's inputs are exact rationals with small numerators and
denominators; what a formula then computes is bounded by engine.formula (every intermediate
value at most 10^18, every denominator at most 10^100), and a value beyond that is a problem
reported at the KPI whose data produced it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

MAX_TEXT = 48
MAX_MAGNITUDE = 10**15
MAX_PLACES = 6


def number_problem(value: Decimal | int) -> tuple[str, dict[str, Any]] | None:
    """Why a number read from a file is out of bounds (a message code and its arguments),
    or None when it is within them. A Decimal is checked on its digits and exponent: nothing
    is expanded to check it."""
    if isinstance(value, int):
        return ("number-too-large", {"limit": "10^15"}) if abs(value) > MAX_MAGNITUDE else None
    if not value.is_finite():
        return "number-not-finite", {}
    if value.copy_abs() > MAX_MAGNITUDE:  # copy_abs: no context, so no overflow on the way
        return "number-too-large", {"limit": "10^15"}
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if exponent >= -MAX_PLACES:
        return None  # at most MAX_PLACES digits written after the point
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if value and -(exponent + trailing) > MAX_PLACES:
        return "number-too-precise", {"places": MAX_PLACES}
    return None


def text_too_long(text: str) -> tuple[str, dict[str, Any]] | None:
    """A number written with more than MAX_TEXT characters is refused before it is read."""
    if len(text) > MAX_TEXT:
        return "number-too-long", {"length": len(text), "limit": MAX_TEXT}
    return None
