"""The compiled evaluation (engine.formulacode) against the audited one (simpleeval): the same
value, the same error, on every KPI of 2024Q1 and on random formulas and values.

The audited path is itself checked against the published report and against an independent
integer reference (tests/test_exactness.py, which runs both paths on every case, truncation
boundaries included); here the two paths are held to each other wherever the reference does
not reach: any whitelisted formula, bools in arithmetic, chained comparisons, min and max on
ties, overflow, precision and division by zero.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engine.formula import compile_formula
from engine.formulalimits import MAGNITUDE, FormulaError
from engine.rounding import ROUNDING_MODES, Rounding
from engine.scoring import score
from engine.workspace import Workspace
from tests.conftest import REPO

NAMES = frozenset({"a", "b", "U", "N", "Z"})


def outcome(action: Any) -> Any:
    """A value, or the error as (class, message code, its arguments)."""
    try:
        return action()
    except FormulaError as exc:
        return FormulaError, exc.code, exc.args_
    except ZeroDivisionError:
        return ZeroDivisionError


def test_every_kpi_of_2024q1_scores_the_same_by_both_paths() -> None:
    result = score(Workspace(REPO), "2024Q1")
    methodology = result.rules.methodology
    kpis = [k for body in result.bodies for k in body.kpis]
    assert len(kpis) == 115
    for kpi in kpis:
        audited = methodology.assess(kpi.variant, kpi.kpi.weight, kpi.kpi.target, kpi.a, kpi.b, audited=True)
        fast = kpi.assessment
        assert callable(fast.trail), "scoring took the compiled path"
        assert (fast.share, fast.assigned, fast.reason, fast.reason_args) == (
            audited.share,
            audited.assigned,
            audited.reason,
            audited.reason_args,
        ), kpi.kpi.id
        assert fast.steps == audited.steps, kpi.kpi.id  # the trail made on demand is the audited one


# --- any whitelisted formula ---

leaves = st.one_of(
    st.sampled_from(sorted(NAMES)),
    st.sampled_from(["0", "1", "0.5", "2", "100", "0.1", "999999999999", "0.000000000001", "1.5"]),
)
binary = st.sampled_from(["+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "and", "or"])


def formulas() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, binary, inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(inner, binary, inner, binary, inner).map(lambda t: f"({t[0]} {t[1]} {t[2]} {t[3]} {t[4]})"),
            st.tuples(inner, inner, inner).map(lambda t: f"({t[1]} if {t[0]} else {t[2]})"),
            st.tuples(st.sampled_from(["min", "max"]), st.lists(inner, min_size=2, max_size=4)).map(
                lambda t: f"{t[0]}({', '.join(t[1])})"
            ),
            inner.map(lambda e: f"abs({e})"),
            inner.map(lambda e: f"-{e}"),
            inner.map(lambda e: f"+{e}"),
            inner.map(lambda e: f"(not {e})"),
        )

    return st.recursive(leaves, extend, max_leaves=10)


values = st.fixed_dictionaries(
    {
        name: st.one_of(
            st.decimals(min_value=-(10**12), max_value=10**12, places=6, allow_nan=False, allow_infinity=False),
            st.integers(-1000, 1000).map(lambda n: Decimal(n) / 10),  # on a tenth: a truncation boundary
            st.sampled_from([Decimal(0), Decimal(1), Decimal(100), Decimal("99.95"), Decimal("-0.05")]),
        )
        for name in sorted(NAMES)
    }
)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(formulas(), values)
@example("U if Z >= N else Z / N * U", {"Z": Decimal("43.1"), "N": Decimal(75), "U": Decimal(20), "a": 0, "b": 0})
@example("(a > 0) / (b > 0)", {"a": Decimal(1), "b": Decimal(1), "U": 0, "N": 0, "Z": 0})
@example("min(a > b, 0, -0)", {"a": Decimal(1), "b": Decimal(0), "U": 0, "N": 0, "Z": 0})
@example("a * 999999999999 * 999999999999", {"a": Decimal(10**12), "b": 0, "U": 0, "N": 0, "Z": 0})
@example("1 < a <= b < 5 != N", {"a": Decimal(2), "b": Decimal(3), "U": 0, "N": Decimal(5), "Z": 0})
def test_compiled_and_audited_evaluation_agree(source: str, given: dict[str, Decimal]) -> None:
    try:
        formula = compile_formula(source, NAMES)
    except FormulaError:
        return
    audited = outcome(lambda: formula.evaluate(given).value)
    assert outcome(lambda: formula.value(given)) == audited
    held = outcome(lambda: formula.holds(given))
    assert outcome(lambda: formula.test(given)) == held
    if isinstance(audited, Fraction):
        assert abs(audited) <= MAGNITUDE
        for places in (0, 1, 2):
            for mode in ROUNDING_MODES:
                rounding = Rounding(mode, places)
                assert rounding.apply_ratio(*audited.as_integer_ratio()) == rounding.apply(audited)


@pytest.mark.parametrize(
    ("source", "direct"),
    [("0 <= Z", True), ("Z <= U", True), ("1 < a <= b < 5 != N", True), ("Z <= 0.5", False), ("Z + 0 <= U", False)],
)
def test_a_comparison_of_names_and_whole_numbers_compares_the_values_as_they_are(source: str, direct: bool) -> None:
    """The invariants' path (formulacode._comparison): the same answers as the audited path,
    on and beside the boundary, in decimals and integers; bools go to the ratio code."""
    formula = compile_formula(source, NAMES)
    assert (formula._code._comparison is not None) is direct
    for z in (Decimal("-0.1"), Decimal(0), Decimal("0.0"), Decimal("0.5"), Decimal("19.9"), Decimal(20), 20, 21):
        given: dict[str, Any] = {"Z": z, "U": Decimal("20.0"), "a": Decimal(2), "b": Decimal(3), "N": Decimal(5)}
        assert formula.test(given) == formula.holds(given), (source, z)
    truth: dict[str, Any] = {"Z": True, "U": 1, "a": 2, "b": 3, "N": 5}
    assert formula.test(truth) == formula.holds(truth)


def test_a_name_without_a_value_fails_as_in_the_audited_path() -> None:
    formula = compile_formula("U if Z >= N else 0", NAMES)
    given = {"Z": Decimal(1), "N": Decimal(2)}  # U not given, and not needed: Z < N
    assert formula.value(given) == formula.evaluate(given).value == 0
    with pytest.raises(Exception) as audited:
        formula.evaluate({"Z": Decimal(3), "N": Decimal(2)})
    with pytest.raises(Exception) as fast:
        formula.value({"Z": Decimal(3), "N": Decimal(2)})
    assert type(fast.value) is type(audited.value)


@pytest.mark.parametrize(
    ("mode", "value", "expected"),
    [
        ("truncate", Fraction(-666, 100), "-6.6"),
        ("truncate", Fraction(-1, 100), "0.0"),
        ("half_up", Fraction(125, 100), "1.3"),
        ("half_up", Fraction(-125, 100), "-1.3"),
        ("half_even", Fraction(125, 100), "1.2"),
        ("half_even", Fraction(135, 100), "1.4"),
    ],
)
def test_rounding_in_integers_worked_by_hand(mode: str, value: Fraction, expected: str) -> None:
    assert Rounding(mode, 1).apply_ratio(*value.as_integer_ratio()) == Decimal(expected)
