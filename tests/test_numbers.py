"""Numbers as the report writes them, and everything else refused."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import numbers
from engine.numbers import NumberFormatError, Quantity, parse_quantity, parse_text, plain


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("156 710", "156710", ""),
        ("1 318 826", "1318826", ""),
        ("3\u00a0714\u00a0388,81", "3714388.81", ""),  # no-break spaces, decimal comma
        ("8\u00a0155 647", "8155647", ""),  # mixed separators, as in МЗ №2
        ("145 090,3", "145090.3", ""),
        ("4,05 млрд", "4050000000", ""),
        ("4,05 млрд ", "4050000000", ""),  # trailing space, as printed for МТИ №1
        ("628,54 млрд тенге", "628540000000", "тенге"),
        ("4 044 млрд тенге", "4044000000000", "тенге"),
        ("10 тыс.", "10000", ""),
        ("1,5 млн", "1500000", ""),
        ("0", "0", ""),
        ("1.5", "1.5", ""),
        ("81 488 ", "81488", ""),
        # the Kazakh words (issue 23): «мың» is «тыс.», «теңге» is «тенге» (one currency)
        ("10 мың", "10000", ""),
        ("10 мың.", "10000", ""),
        ("12,5 МЫҢ", "12500", ""),
        ("628,54 млрд теңге", "628540000000", "тенге"),
        ("4 044 млрд Теңге", "4044000000000", "тенге"),
        ("1,5 млн теңге", "1500000", "тенге"),
        ("3 мың теңге", "3000", "тенге"),
    ],
)
def test_report_formats_parse_exactly(text: str, value: str, currency: str) -> None:
    quantity = parse_text(text)
    assert quantity.value == Decimal(value)
    assert quantity.currency == currency
    assert quantity.text == text.strip()  # kept as entered, for explanations


@pytest.mark.parametrize("text", ["-", "--", " - "])
def test_dashes_mean_no_data(text: str) -> None:
    quantity = parse_text(text)
    assert quantity.value is None and quantity.missing


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "number-empty"),
        ("abc", "number-format"),
        ("12 34", "number-format"),  # a group of two digits is not a thousands group
        ("1 0000", "number-format"),
        ("1.2.3", "number-format"),
        ("5 %", "number-format"),
        ("20%", "number-format"),
        ("4,05 млрдд", "number-format"),
        ("—", "number-dash"),  # an em dash is not the report's "-"
        ("-5", "number-negative"),
        ("1e5", "number-format"),
        ("10 мыңы", "number-format"),
        ("5 теңгеден", "number-format"),
    ],
)
def test_garbage_is_refused_with_a_reason(text: str, code: str) -> None:
    with pytest.raises(NumberFormatError) as caught:
        parse_text(text)
    assert caught.value.code == code


def test_yaml_numbers_stay_exact() -> None:
    assert parse_quantity(Decimal("14.7")) == Quantity("14.7", Decimal("14.7"))
    assert parse_quantity(225).value == Decimal(225)
    for bad in (True, None, -1, [1]):
        with pytest.raises(NumberFormatError):
            parse_quantity(bad)


def test_plain_never_uses_exponents() -> None:
    assert plain(Decimal("20.0")) == "20"
    assert plain(Decimal("4044000000000")) == "4044000000000"
    assert plain(Decimal("0.00")) == "0"
    assert plain(Decimal("43.10")) == "43.1"


def test_one_separator_before_three_digits_is_refused_as_ambiguous() -> None:
    # "20,100": 20 100 (thousands with a comma) or 20,1? Either reading moves a body silently.
    for text, grouped, decimal in (
        ("20,100", "20 100", "20,1"),
        ("20.100", "20 100", "20,1"),
        ("100,000", "100 000", "100"),
        ("177,363", "177 363", "177,3630"),  # the fraction's own spelling is accepted, not refused again
    ):
        with pytest.raises(NumberFormatError) as caught:
            parse_text(text)
        assert (caught.value.code, caught.value.details) == (
            "number-ambiguous",
            {"grouped": grouped, "decimal": decimal},
        )
    with pytest.raises(NumberFormatError):
        parse_quantity(Decimal("20.100"))  # a YAML number written 20.100
    assert parse_text("0,125").value == Decimal("0.125")  # a leading 0 is no group
    assert parse_text("1 318,826").value == Decimal("1318.826")  # grouped: the comma is the fraction
    assert parse_text("20,1").value == Decimal("20.1")
    assert parse_text("20,1000").value == Decimal("20.1000")
    assert parse_text("177,3630").value == Decimal("177.3630")


def _outcome(parse: Callable[[], Quantity]) -> tuple[object, ...]:
    try:
        quantity = parse()
    except NumberFormatError as exc:
        return ("refused", exc.code, exc.details)
    return ("read", quantity.text, quantity.value, quantity.currency)


_grouped = st.lists(st.integers(0, 999).map(str), min_size=1, max_size=7).flatmap(
    lambda parts: st.sampled_from([" ", "\u00a0", "\u202f", "  ", ""]).map(lambda g: g.join(parts))
)


@settings(max_examples=3000)
@given(st.text(alphabet="0123456789 \u00a0\u202f,.-", max_size=22) | _grouped | st.integers(0, 10**17).map(str))
def test_whole_numbers_read_at_once_as_every_step_reads_them(text: str) -> None:
    """parse_text's one-match path for whole numbers gives what the full steps give, and
    refuses nothing they would read (or reads nothing they would refuse)."""
    assert _outcome(lambda: parse_text(text)) == _outcome(lambda: numbers._parse_written(text, text.strip()))


@pytest.mark.parametrize("text", ["999 999 999 999 999", "999999999999999", "0", " 1 318 826 "])
def test_whole_numbers_at_the_edge_of_the_one_match_path(text: str) -> None:
    assert parse_text(text).value == Decimal(text.replace(" ", ""))
    assert numbers._WHOLE.fullmatch(text.strip())


@pytest.mark.parametrize("text", ["1 000 000 000 000 000", "9999999999999999", "1,000", "1 000,5", "0001 000"])
def test_what_the_one_match_path_leaves_to_the_steps(text: str) -> None:
    assert not numbers._WHOLE.fullmatch(text)


def test_the_format_message_names_the_kazakh_words_in_every_language() -> None:
    from engine.i18n import tr

    assert "мың" in tr("number-format", "ru", text="x") and "теңге" in tr("number-format", "ru", text="x")
    assert "мың" in tr("number-format", "en", text="x") and "теңге" in tr("number-format", "en", text="x")
    kk = tr("number-format", "kk", text="x")
    assert "теңге" in kk and "тыс." in kk and "тенге" in kk  # and the Russian words, in Kazakh


def test_a_in_tenge_and_b_in_tenge_spelled_in_kazakh_are_one_currency() -> None:
    assert parse_text("5 млрд теңге").currency == parse_text("10 млрд тенге").currency
