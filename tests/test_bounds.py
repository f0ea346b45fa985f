"""engine.bounds: one magnitude and precision bound for every number kpi reads."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.bounds import MAX_TEXT, number_problem, text_too_long
from engine.numbers import NumberFormatError, parse_quantity, parse_text


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (Decimal("1000000000000000"), None),  # 10^15: the bound itself
        (Decimal("1000000000000001"), "number-too-large"),
        (Decimal("1e999999999"), "number-too-large"),  # judged on its exponent, never expanded
        (Decimal("0.000001"), None),
        (Decimal("0.0000001"), "number-too-precise"),
        (Decimal("14.7000000000"), None),  # trailing zeros are no precision
        (Decimal("1e-999999999"), "number-too-precise"),
        (Decimal("NaN"), "number-not-finite"),
        (Decimal("-Infinity"), "number-not-finite"),
        (10**15, None),
        (10**15 + 1, "number-too-large"),
    ],
)
def test_number_bounds(value: Decimal | int, code: str | None) -> None:
    found = number_problem(value)
    assert (found[0] if found else None) == code


def test_text_is_measured_before_it_is_read() -> None:
    assert text_too_long("9" * MAX_TEXT) is None
    assert text_too_long("9" * (MAX_TEXT + 1)) == ("number-too-long", {"length": MAX_TEXT + 1, "limit": MAX_TEXT})


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1000 трлн", None),
        ("1000,000001 трлн", "number-too-large"),
        ("0,000001", None),
        ("0,0000001 млрд", None),  # 100 after scaling: the bound is on the value
        ("0,000000000000001", "number-too-precise"),
        ("9" * 5000, "number-too-long"),
    ],
)
def test_numbers_written_as_text(text: str, code: str | None) -> None:
    try:
        parse_text(text)
    except NumberFormatError as exc:
        assert exc.code == code
    else:
        assert code is None


def test_numbers_handed_over_as_values() -> None:
    for raw in (Decimal("NaN"), Decimal("Infinity"), Decimal("1e20"), 10**16):
        with pytest.raises(NumberFormatError):
            parse_quantity(raw)
    assert parse_quantity(Decimal("14.7")).value == Decimal("14.7")
