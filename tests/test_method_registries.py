"""The method's registries (engine.rounding.ROUNDING_MODES, engine.aggregation.AGGREGATIONS):
each entry's exact definition, its whole-unit form and its spreadsheet spelling agree, the
spreadsheet spelling recalculated by the `formulas` package (not ours), and every entry has its
words in each catalogue and its name in the schema. A new mode or aggregation added to a
registry is checked here by that alone."""

from __future__ import annotations

import math
import random
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from engine.aggregation import AGGREGATIONS
from engine.i18n import LANGUAGES, catalogue
from engine.method import Methodology
from engine.output.excel_formula import rounded
from engine.rounding import ROUNDING_MODES, Rounding
from engine.schemas import load_schema

# values on and beside the halves of one, two and no places, both signs; all exact in binary
# floating point or a long way from a boundary, as a spreadsheet's figures are after the snap
VALUES = [
    "0",
    "2.5",
    "3.5",
    "-2.5",
    "0.25",
    "0.35",
    "-0.35",
    "6.65",
    "6.75",
    "12.345",
    "12.355",
    "99.99",
    "0.05",
    "1.125",
]


def reference(mode: str, value: Fraction, places: int) -> Fraction:
    """Each mode by its textbook definition, in Fractions."""
    scaled = abs(value) * 10**places
    whole, rest = math.floor(scaled), scaled - math.floor(scaled)
    if mode == "truncate":
        kept = whole
    elif mode == "half_up":
        kept = whole + (rest >= Fraction(1, 2))
    else:
        kept = whole + (rest > Fraction(1, 2) or (rest == Fraction(1, 2) and whole % 2 == 1))
    return Fraction(kept if value >= 0 else -kept, 10**places)


def spreadsheet(formula: str) -> Any:
    import formulas

    result = formulas.Parser().ast("=" + formula)[1].compile()()
    return result.item() if hasattr(result, "item") else result


@pytest.mark.parametrize("mode", sorted(ROUNDING_MODES))
@pytest.mark.parametrize("places", [0, 1, 2])
def test_each_mode_exactly_in_units_and_as_a_spreadsheet_spells_it(mode: str, places: int) -> None:
    rounding = Rounding(mode, places)
    fast = rounding.units_function()
    rng = random.Random(places)
    for text in VALUES:
        value = Fraction(text)
        want = reference(mode, value, places)
        assert rounding.apply(value) == Decimal(want.numerator) / Decimal(want.denominator), (text, mode)
        assert fast(value.numerator, value.denominator) == want * 10**places
        got = spreadsheet(rounded(text, rounding))
        assert Decimal(repr(float(got))) == Decimal(want.numerator) / Decimal(want.denominator), (text, mode, got)
    for _ in range(2000):
        n, d = rng.randrange(-(10**6), 10**6), rng.randrange(1, 10**4)
        assert fast(n, d) == rounding.units(n, d) == reference(mode, Fraction(n, d), places) * 10**places


@pytest.mark.parametrize("name", sorted(AGGREGATIONS))
def test_each_aggregation_exactly_in_units_and_as_a_spreadsheet_spells_it(name: str) -> None:
    how = AGGREGATIONS[name]
    rng = random.Random(7)
    for size in range(1, 6):
        units = [rng.randrange(0, 1001) for _ in range(size)]  # tenths
        values = [Decimal(u).scaleb(-1) for u in units]
        exact = how.exact(values)
        numerator, denominator = how.ratio(units)
        assert Fraction(numerator, denominator * 10) == exact
        assert not how.whole or denominator == 1
        got = spreadsheet(how.excel(",".join(str(v) for v in values)))
        assert Decimal(repr(float(got))).quantize(Decimal("1e-9")) == Decimal(
            exact.numerator / exact.denominator
        ).quantize(Decimal("1e-9"))
        method = Methodology(
            "", 2030, {}, Rounding("truncate", 1), name, name, Decimal(0), Decimal(0), (), Decimal(100)
        )
        assert method.body_units(units) == method.direction_units(units) == math.floor(exact * 10)


def test_every_entry_is_in_the_schema_and_has_its_words() -> None:
    schema = load_schema("methodology")["properties"]
    assert sorted(schema["rounding"]["properties"]["mode"]["enum"]) == sorted(ROUNDING_MODES)
    for level in ("direction", "body"):
        assert sorted(schema["aggregation"]["properties"][level]["enum"]) == sorted(AGGREGATIONS)
    codes = [f"{kind}-{mode}" for mode in ROUNDING_MODES for kind in ("rounding", "method-rounding")]
    codes += [f"rulesbook-method-rounding-{mode}" for mode in ROUNDING_MODES]
    codes += [f"{kind}-{name}" for name in AGGREGATIONS for kind in ("method-direction", "method-body", "how")]
    codes += [f"{kind}-{name}" for name in AGGREGATIONS for kind in ("legend-R", "rulesbook-agg")]
    for lang in LANGUAGES:
        missing = [code for code in codes if catalogue(lang).gettext(code) == code]
        assert not missing, (lang, missing)


def test_ties_share_a_place() -> None:
    assert Methodology.ranks([900, 850, 850, 800]) == [1, 2, 2, 4]
    assert Methodology.ranks([Decimal("50"), Decimal("70"), Decimal("50")]) == [2, 1, 2]
    others = [Decimal("90"), Decimal("80"), Decimal("80"), Decimal("70")]
    assert [Methodology.rank_among(s, others) for s in others] == [1, 2, 2, 4]
    assert Methodology.rank_among(Decimal("85"), others) == 2
