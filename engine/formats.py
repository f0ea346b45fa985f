"""Numbers as text, in one place: the report's way for people, exact strings for machines.

People read 43,1 and 1 318 826 (Russian) or 43.1 and 1,318,826 (English), differences with
their sign (+3,7), exact values cut with an ellipsis (43,1412061698…). Machines (JSON) read
plain decimals that parse back exactly ("43.1", "4044000000000") and exact rationals as a
decimal or a fraction ("20/3").
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from engine.i18n import decimal_point, group_separator, tr
from engine.numbers import plain
from engine.rounding import Rounding


def number(value: Decimal | None, lang: str) -> str:
    """A figure the way the report prints it: 43,1 (ru) or 43.1 (en); "-" for none."""
    if value is None:
        return "-"
    return localised(plain(value), lang)


def localised(text: str, lang: str) -> str:
    """A number written with a point (as in a formula or a JSON figure) in `lang`'s way: 43,1."""
    point = decimal_point(lang)
    return text if point == "." else text.replace(".", point)


def grouped(value: Decimal, lang: str) -> str:
    """A large figure with thousands grouped: 1 318 826 (ru, no-break spaces) or 1,318,826 (en)."""
    whole, _, fraction = plain(value).partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    separator, point = group_separator(lang), decimal_point(lang)
    return sign + separator.join(groups) + (point + fraction if fraction else "")


def signed(value: Decimal, lang: str) -> str:
    """+3,7 / -1,1 / 0: a difference always shows its direction."""
    return ("+" if value > 0 else "") + number(value, lang)


def cut(value: Fraction | Decimal, places: int) -> tuple[Decimal, bool]:
    """An exact value cut (never rounded) to `places` decimals, and whether digits were cut:
    (2/15, 4) → (0.1333, True). The digits shown are always a true prefix of the value."""
    shown = Rounding("truncate", places).apply(value)
    return shown, Fraction(shown) != Fraction(value)


def cut_text(value: Fraction | Decimal, places: int, lang: str) -> str:
    """An exact value for people: 43,1412061698… (cut at `places`, the ellipsis when longer)."""
    shown, longer = cut(value, places)
    return number(shown, lang) + ("…" if longer else "")


def decimal_text(value: Decimal | None) -> str | None:
    """Decimals in JSON: strings in plain notation that parse back exactly."""
    return None if value is None else plain(value)


def exact_text(value: Fraction | Decimal) -> str:
    """An exact value as text that reads back exactly: a plain decimal when it has a finite
    one (`0.8`, `43.1`), otherwise the fraction in lowest terms (`2/15`)."""
    exact = Fraction(value)
    rest = exact.denominator
    for factor in (2, 5):
        while rest % factor == 0:
            rest //= factor
    if rest != 1:
        return f"{exact.numerator}/{exact.denominator}"
    places = 0
    while (exact * 10**places).denominator != 1:
        places += 1
    return plain(Rounding("truncate", places).apply(exact))


def entered_text(value: Decimal) -> str:
    """A number as staff would enter it, in the report's way, for a data file: 1 318 826,
    3 714 388,81 (plain spaces, a decimal comma). Never ambiguous when read back: 1,125 would
    read as 1 125 or 1,125, so it is written 1,1250."""
    whole, _, fraction = plain(value).partition(".")
    digits = whole.lstrip("-")
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    text = ("-" if whole.startswith("-") else "") + " ".join(groups or ["0"])
    if fraction:
        text += "," + fraction + ("0" if len(groups) == 1 and len(fraction) == 3 and groups[0] != "0" else "")
    return text


def percent(share: float, lang: str, places: int = 0) -> str:
    """A share as a percentage for people: 97, 0,4 (places=1); never 0 or 100 for a share
    that is not exactly that («<1», «>99»), so that "never" and "always" mean what they say."""
    scaled = share * 100
    limit = 10**-places
    if 0 < scaled < limit:
        return "<" + localised(f"{limit:.{places}f}", lang)
    if 100 - limit < scaled < 100:
        return ">" + localised(f"{100 - limit:.{places}f}", lang)
    return localised(f"{scaled:.{places}f}", lang)


def statistic(value: float | None, lang: str, places: int = 2) -> str:
    """An estimate (an index, a correlation) with `places` decimals; "-" for none."""
    return "-" if value is None else localised(f"{value:.{places}f}", lang)


_PLAIN_NUMBER = re.compile(r"-?\d{1,3}(?:[ \u00a0]?\d{3})*(?:,\d+)?|-?\d+(?:,\d+)?")


def entered_figure(text: str | None, value: Decimal | None, lang: str) -> str:
    """a or b for people: a bare number the report's way (177363 → 177 363, no-break spaces),
    anything else as entered («628,54 млрд тенге», "-"); "" when nothing was entered."""
    if text is None:
        return ""
    if value is not None and _PLAIN_NUMBER.fullmatch(text.strip()):
        return grouped(value, lang)
    return text


def quarter_words(quarter: str, lang: str) -> str:
    """2024Q1 → «I квартал 2024 года», as readers name it."""
    year, _, number_ = quarter.partition("Q")
    roman = {"1": "I", "2": "II", "3": "III", "4": "IV"}.get(number_, number_)
    return tr("quarter-words", lang, roman=roman, year=year)


_QUARTER_CODE = re.compile(r"\b\d{4}Q[1-4]\b")


def codes_in_words(text: str, lang: str) -> str:
    """Every quarter code in `text` (2024Q1) said in words («I квартал 2024 года»)."""
    return _QUARTER_CODE.sub(lambda m: quarter_words(m.group(0), lang), text)
