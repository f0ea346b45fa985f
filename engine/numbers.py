"""Numbers as the report writes them: `1 318 826`, `3 714 388,81`, `4,05 млрд`, `628,54 млрд тенге`,
and as a Kazakh text writes them: `12 мың`, `628,54 млрд теңге` (млн and млрд are the same words).

A `Quantity` keeps the text exactly as entered (for explanations) beside its exact value;
"-" and "--" mean "no data" and give a Quantity whose value is None.
"""

from __future__ import annotations

import decimal
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.bounds import number_problem, text_too_long

NO_DATA = ("-", "--")

# Thousands are grouped by a space, a no-break space or a narrow no-break space.
_GROUP = "[ \u00a0\u202f]"
_NUMBER = re.compile(rf"(?P<int>[0-9]{{1,3}}(?:{_GROUP}[0-9]{{3}})+|[0-9]+)(?:[,.](?P<frac>[0-9]+))?")
SCALES = {
    "тыс": Decimal(10) ** 3,
    "мың": Decimal(10) ** 3,  # Kazakh «thousand»
    "млн": Decimal(10) ** 6,
    "млрд": Decimal(10) ** 9,
    "трлн": Decimal(10) ** 12,
}
CURRENCIES = ("тенге", "теңге", "тг")
# the same currency in the Kazakh spelling: a in теңге and b in тенге are one currency
_CURRENCY_AS = {"теңге": "тенге"}
_SUFFIX = re.compile(
    rf"(?:(?P<scale>{'|'.join(SCALES)})\.?)?{_GROUP}*(?P<currency>{'|'.join(CURRENCIES)})?\.?",
    re.IGNORECASE,
)
_GROUPS = re.compile(_GROUP)
_EXACT = decimal.Context(prec=100, traps=[decimal.Inexact, decimal.Overflow, decimal.InvalidOperation])
_DASHES = "\u2012\u2013\u2014\u2015\u2212"


class NumberFormatError(ValueError):
    """The text is not a number in any accepted form, or one out of bounds; `code` names
    the message, `details` fill it."""

    def __init__(self, code: str, text: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.text = text
        self.details = details


_AMBIGUOUS = re.compile(r"(?P<int>[1-9][0-9]{0,2})(?P<sep>[,.])(?P<frac>[0-9]{3})")


def _refuse_ambiguous(number: str) -> None:
    """«20,100» and «20.100»: thousands grouped with a comma or a point (20 100), or a
    decimal fraction (20,1)? Read either way, a body can move many places without a word, so
    one separator followed by exactly three digits is refused, with both readings offered.
    («0,125» is a fraction, «1 318,826» has its groups: neither is ambiguous.)"""
    found = _AMBIGUOUS.fullmatch(number)
    if found is None:
        return
    whole, frac = found["int"], found["frac"]
    fraction = frac.rstrip("0")
    # «177,363» as a fraction is written with a fourth digit (177,3630): three are refused
    decimal = f"{whole},{fraction}" if 0 < len(fraction) < 3 else f"{whole},{frac}0" if fraction else whole
    raise NumberFormatError("number-ambiguous", number, grouped=f"{whole} {frac}", decimal=decimal)


def _bounded(text: str, value: Decimal) -> Decimal:
    problem = number_problem(value)
    if problem is not None:
        raise NumberFormatError(problem[0], text, **problem[1])
    return value


@dataclass(frozen=True)
class Quantity:
    """A value as entered. `value` is None for "no data"; `currency` is e.g. "тенге"."""

    text: str
    value: Decimal | None
    currency: str = ""

    @property
    def missing(self) -> bool:
        return self.value is None


def parse_quantity(raw: object) -> Quantity:
    """Read a value from a data file: a YAML number, or text in the report's formats."""
    if isinstance(raw, bool) or raw is None:
        raise NumberFormatError("number-empty" if raw is None else "number-format", str(raw))
    if isinstance(raw, int):
        if raw < 0:
            raise NumberFormatError("number-negative", str(raw))
        return Quantity(str(raw), _bounded(str(raw), Decimal(raw)))
    if isinstance(raw, Decimal):
        value = _bounded(str(raw), raw)  # first: NaN and infinities cannot even be compared
        if value < 0:
            raise NumberFormatError("number-negative", str(raw))
        _refuse_ambiguous(str(raw))
        return Quantity(str(raw), value)
    if not isinstance(raw, str):
        raise NumberFormatError("number-format", str(raw))
    return parse_text(raw)


# A whole number of at most 15 digits, grouped or not (`1 318 826`): most of a quarter's data,
# read as _parse_written reads it, and within the bounds by its length.
_WHOLE = re.compile(rf"[0-9]{{1,3}}(?:{_GROUP}[0-9]{{3}}){{0,4}}|[0-9]{{1,15}}")


def parse_text(text: str) -> Quantity:
    """Parse text such as `4 044 млрд тенге`; raise NumberFormatError for anything else."""
    entered = text.strip()
    if _WHOLE.fullmatch(entered):  # one match instead of a dozen steps (tests/test_numbers.py)
        return Quantity(entered, Decimal(_GROUPS.sub("", entered)))
    return _parse_written(text, entered)


def _parse_written(text: str, entered: str) -> Quantity:
    """parse_text of any text, `entered` being the text stripped."""
    if entered in NO_DATA:
        return Quantity(entered, None)
    if not entered:
        raise NumberFormatError("number-empty", text)
    if entered.strip(_DASHES + "-") == "":
        raise NumberFormatError("number-dash", text)
    if entered.startswith(("-", *_DASHES)):
        raise NumberFormatError("number-negative", text)
    too_long = text_too_long(entered)
    if too_long is not None:
        raise NumberFormatError(too_long[0], text, **too_long[1])
    match = _NUMBER.match(entered)
    if not match:
        raise NumberFormatError("number-format", text)
    rest = entered[match.end() :].strip(" \u00a0\u202f")
    suffix = _SUFFIX.fullmatch(rest)
    if not suffix:
        raise NumberFormatError("number-format", text)
    _refuse_ambiguous(match.group())
    digits = _GROUPS.sub("", match["int"])
    value = Decimal(f"{digits}.{match['frac']}" if match["frac"] else digits)
    if suffix["scale"]:  # exactly: a text of at most MAX_TEXT digits times 10**12 fits 100 digits
        value = _EXACT.multiply(value, SCALES[suffix["scale"].lower()])
    currency = (suffix["currency"] or "").lower()
    return Quantity(entered, _bounded(entered, value), _CURRENCY_AS.get(currency, currency))


def plain(value: Decimal) -> str:
    """A decimal as plain text, no exponent, no trailing zeros: 20, 43.1, 4044000000000.
    Exact at any length (no context rounding, unlike Decimal.normalize)."""
    if value == 0:
        return "0"
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
