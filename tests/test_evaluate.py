"""Each variant, policy and rounding step of the method, on hand-worked numbers."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from engine.evaluate import BodyResult, rank_bodies
from engine.method import Methodology, Step
from engine.model import Body, RulesVersion
from engine.numbers import Quantity, parse_text
from engine.rounding import ROUNDING_MODES, Rounding
from engine.rules import load_rules
from engine.schemas import load_schema
from engine.workspace import Workspace
from tests.conftest import REPO


@pytest.fixture(scope="module")
def rules() -> RulesVersion:
    loaded, problems = load_rules(Workspace(REPO), "2023")
    assert loaded is not None, problems
    return loaded


@pytest.fixture(scope="module")
def method(rules: RulesVersion) -> Methodology:
    return rules.methodology


def q(text: str) -> Quantity:
    return parse_text(text)


def run(method: Methodology, variant: str, u: str, n: str | None, a: str, b: str | None = None):  # type: ignore[no-untyped-def]
    return method.assess(
        method.variants[variant],
        Decimal(u),
        None if n is None else Decimal(n),
        q(a),
        None if b is None else q(b),
    )


def test_share_higher_partial_credit_truncates_each_step(method: Methodology) -> None:
    # 1 / 3 * 100 = 33,33… → 33,3; 33,3 / 50 * 10 = 6,66 → 6,6 (from the cut Z, not 6,666…)
    got = run(method, "share_higher", "10", "50", "1", "3")
    assert (got.share, got.assigned, got.reason) == (Decimal("33.3"), Decimal("6.6"), "")
    assert [s.quantity for s in got.steps] == ["Z", "W"]
    assert got.steps[1].substituted == "33.3 / 50 * 10"
    assert got.steps[1].conditions[0].held is False


def test_each_step_works_from_the_previous_cut_value(method: Methodology) -> None:
    # Z = 4999 / 10000 * 100 = 49,99 → 49,9; W from the cut Z: 49,9 / 50 * 100 = 99,8.
    # From the uncut Z it would be 49,99 / 50 * 100 = 99,98 → 99,9: the cut must come first.
    got = run(method, "share_higher", "100", "50", "4999", "10000")
    assert (got.share, got.assigned) == (Decimal("49.9"), Decimal("99.8"))


def test_target_met_gives_full_weight(method: Methodology) -> None:
    got = run(method, "share_higher", "20", "20", "279 901", "1 318 826")
    assert (got.share, got.assigned) == (Decimal("21.2"), Decimal("20"))
    exactly = run(method, "share_higher", "10", "50", "1", "2")  # Z = 50 = N: met
    assert exactly.assigned == Decimal("10")


def test_share_lower(method: Methodology) -> None:
    met = run(method, "share_lower", "15", "45", "8 055", "92 863")
    assert (met.share, met.assigned) == (Decimal("8.6"), Decimal("15"))
    # Z = 90 > N = 45: W = N / Z * U = 45 / 90 * 15 = 7,5 — never more than U
    missed = run(method, "share_lower", "15", "45", "90", "100")
    assert (missed.share, missed.assigned) == (Decimal("90"), Decimal("7.5"))


def test_count_in_units_needs_no_denominator(method: Methodology) -> None:
    got = run(method, "count", "5", "300", "225", "-")
    assert (got.share, got.assigned, got.reason) == (None, Decimal("3.7"), "")  # 3,75 → 3,7
    assert run(method, "count", "15", "250", "0", "-").assigned == Decimal("0")
    assert run(method, "count", "15", "15", "20").assigned == Decimal("15")  # above target: U


@pytest.mark.parametrize(
    ("u", "n", "a", "b", "reason"),
    [
        ("10", None, "0", "-", "reason-no-target"),  # МЭ №6: N "-"
        ("10", "0", "5", "10", "reason-no-target"),  # N = 0
        ("15", "30", "-", "-", "reason-no-data"),  # МТИ №4
        ("15", "30", "5", "-", "reason-no-data"),
        ("15", "75", "0", "0", "reason-zero-denominator"),  # МП №2: 0 / 0
        ("15", "75", "3", "0", "reason-zero-denominator"),
    ],
)
def test_policies_give_zero_with_a_reason(
    method: Methodology, u: str, n: str | None, a: str, b: str, reason: str
) -> None:
    got = run(method, "share_higher", u, n, a, b)
    assert (got.assigned, got.reason) == (Decimal(0), reason)


def test_no_target_still_shows_the_share_when_the_data_allow(method: Methodology) -> None:
    got = run(method, "share_higher", "10", None, "5", "10")
    assert (got.share, got.assigned, got.reason) == (Decimal("50"), Decimal(0), "reason-no-target")


def test_rounding_modes_are_a_registry_matching_the_schema() -> None:
    assert Rounding("truncate", 1).apply(Decimal("6.66")) == Decimal("6.6")
    assert Rounding("half_up", 1).apply(Decimal("6.65")) == Decimal("6.7")
    assert Rounding("half_even", 1).apply(Decimal("6.65")) == Decimal("6.6")
    assert Rounding("truncate", 0).apply(Decimal("99.99")) == Decimal("99")
    # exact rationals, halves exactly on the line, and signs (cut towards zero, halves away from it)
    assert Rounding("truncate", 1).apply(Fraction(4, 5)) == Decimal("0.8")
    assert Rounding("truncate", 1).apply(Fraction(2, 3)) == Decimal("0.6")
    assert Rounding("half_up", 1).apply(Fraction(2, 3)) == Decimal("0.7")
    assert Rounding("half_up", 1).apply(Fraction(1, 4)) == Decimal("0.3")
    assert Rounding("half_even", 1).apply(Fraction(1, 4)) == Decimal("0.2")
    assert Rounding("half_even", 1).apply(Fraction(7, 20)) == Decimal("0.4")
    assert Rounding("truncate", 1).apply(Fraction(-2, 3)) == Decimal("-0.6")
    assert Rounding("half_up", 1).apply(Fraction(-1, 4)) == Decimal("-0.3")
    assert str(Rounding("truncate", 1).apply(Fraction(1, 30))) == "0.0"
    modes = load_schema("methodology")["properties"]["rounding"]["properties"]["mode"]["enum"]
    assert sorted(modes) == sorted(ROUNDING_MODES)


def _body(short: str, score: str) -> BodyResult:
    step = Step("R", "mean", score, Decimal(score), Decimal(score))
    return BodyResult(Body(short.lower(), short, short, ()), (), Decimal(score), step)


def test_ties_share_a_rank() -> None:
    ranked = rank_bodies([_body("B", "50"), _body("A", "70"), _body("C", "50"), _body("D", "10")])
    assert [(r.body.short, r.rank) for r in ranked] == [("A", 1), ("B", 2), ("C", 2), ("D", 4)]
