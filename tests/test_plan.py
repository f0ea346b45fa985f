"""`kpi plan`: the value each KPI needs for its full weight, and the fewest changes to climb.

Hand-worked (rules/2023/mo.yaml, quarters/2024Q1/mo.yaml):
  mo-01 share_higher U 10, N 70, a 226, b 1537. Full W needs Z >= 70, Z = a / b * 100 cut
  to tenths; as N has one decimal, that is a / b * 100 >= 70 exactly:
    a >= 70 * 1537 / 100 = 1075,9  -> a = 1076 (1076 / 1537 = 70,006…%, 1075 gives 69,94…%)
    b <= 226 * 100 / 70 = 322,85…  -> b = 322 (226 / 322 = 70,18…%, 323 gives 69,96…%)
    R if full: 22,1 - 2,1 + 10 = 30.
  mo-02 count U 15, N 250, a 0: a >= 250.
  mo-03 share_higher U 15, N 80, a 0, b 0: no a gives a share while b = 0; the plan assumes
  b = 100 and asks for a share of 80 %: a >= 80 (b alone cannot help while a = 0).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from typer.testing import Result

from engine.analysis.plan import Needed, plan
from engine.evaluate import KpiResult
from engine.method import Methodology
from engine.numbers import Quantity, plain
from engine.scoring import find_body, score
from engine.workspace import find_workspace
from tests.conftest import REPO


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return score(find_workspace(explicit=REPO), "2024Q1", published=False)


def unit_of(quantity: Quantity | None) -> Decimal:
    if quantity is None or quantity.value is None:
        return Decimal(1)
    exponent = quantity.value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(1).scaleb(min(exponent, 0))


def w_with(methodology: Methodology, result: KpiResult, field: str, value: Decimal, assumed: dict) -> Decimal:
    """W by the audited evaluation (the step-by-step one `kpi explain` shows)."""
    values = {"a": result.a, "b": result.b}
    for name, given in {**assumed, field: value}.items():
        values[name] = Quantity(plain(given), given)
    found = methodology.assess(result.variant, result.kpi.weight, result.kpi.target, values["a"], values["b"])
    return found.assigned


def test_every_needed_value_gives_full_w_and_one_unit_less_does_not(result) -> None:  # type: ignore[no-untyped-def]
    checked, methodology = 0, result.rules.methodology
    for body in result.bodies:
        for kpi_plan in plan(result, body.body).kpis:
            kpi = kpi_plan.result
            for needed in (kpi_plan.needed_a, kpi_plan.needed_b):
                if needed is None:
                    continue
                assert kpi.kpi.target, kpi.kpi.id
                assumed = dict(needed.assumed)
                # the grid: the value's last entered place, or the other value's when it has none
                entered = kpi.a if needed.field == "a" else kpi.b
                other = kpi.b if needed.field == "a" else kpi.a
                if entered is None or entered.value is None:
                    entered = Quantity("100", Decimal(100)) if assumed else other
                unit = unit_of(entered)
                beyond = needed.value - unit if needed.bound == "min" else needed.value + unit
                full = w_with(methodology, kpi, needed.field, needed.value, assumed)
                assert full == kpi.kpi.weight, (kpi.kpi.id, needed)
                if beyond >= 0:
                    assert w_with(methodology, kpi, needed.field, beyond, assumed) < kpi.kpi.weight, (
                        kpi.kpi.id,
                        needed,
                    )
                checked += 1
    assert checked >= 60  # every KPI of 2024Q1 short of its weight that some value can lift


def test_needed_a_agrees_with_an_independent_rational_bound(result) -> None:  # type: ignore[no-untyped-def]
    """share_higher with a and b given: a >= N * b / 100, on the grid of a as entered; count:
    a >= N. Worked in Fractions, not by the engine's formulas."""
    compared = 0
    for body in result.bodies:
        for kpi_plan in plan(result, body.body).kpis:
            kpi, needed = kpi_plan.result, kpi_plan.needed_a
            if needed is None or needed.assumed:
                continue
            unit = Fraction(unit_of(kpi.a))
            target = Fraction(kpi.kpi.target)
            if kpi.kpi.variant == "share_higher" and kpi.b is not None and kpi.b.value:
                bound = target * Fraction(kpi.b.value) / 100
            elif kpi.kpi.variant == "count":
                bound = target
            else:
                continue
            expected = math.ceil(bound / unit) * unit
            assert Fraction(needed.value) == expected, (kpi.kpi.id, needed.value, expected)
            assert needed.bound == "min"
            compared += 1
    assert compared >= 30


def test_mo_worked_by_hand(result) -> None:  # type: ignore[no-untyped-def]
    mo = plan(result, find_body(result.rules, "МО"))
    by_id = {k.result.kpi.id: k for k in mo.kpis}
    assert by_id["mo-01"].needed_a == Needed("a", Decimal(1076), "min")
    assert by_id["mo-01"].needed_b == Needed("b", Decimal(322), "max")
    assert by_id["mo-01"].score_if == Decimal(30)
    assert by_id["mo-02"].needed_a == Needed("a", Decimal(250), "min")
    assert by_id["mo-03"].needed_a == Needed("a", Decimal(80), "min", (("b", Decimal(100)),))
    assert by_id["mo-03"].needed_b is None
    assert by_id["mo-04"].missing == 0 and by_id["mo-04"].best is None
    # no b: the plan assumes b = 100 and asks for a share of N %, or (a known) the largest b
    assert by_id["mo-08"].needed_a == Needed("a", Decimal(30), "min", (("b", Decimal(100)),))
    assert by_id["mo-05"].needed_b == Needed("b", Decimal(34368), "max")
    assert mo.next_place is not None and mo.next_place.rank == 12 and mo.next_place.score == Decimal("40.5")


def test_the_suggested_changes_lift_the_body_when_applied_with_whatif(
    result,
    cli: Callable[..., Result],  # type: ignore[no-untyped-def]
) -> None:
    tried = 0
    for body in result.bodies:
        found = plan(result, body.body)
        for climb in (found.next_place, found.top3):
            if climb is None or not climb.reachable:
                continue
            sets = [f"--set={kpi}.{field}={plain(value)}" for kpi, field, value in climb.changes]
            out = cli("whatif", "2024Q1", *sets, "-w", str(REPO), "--json")
            assert out.exit_code == 0, out.output
            after = next(b for b in json.loads(out.output)["bodies"] if b["id"] == body.body.id)
            assert after["rank_to"] <= climb.rank, (body.body.id, climb)
            assert Decimal(after["R_to"]) == climb.score_after
            tried += 1
    assert tried >= 14


def test_plan_json_shape(cli: Callable[..., Result]) -> None:
    out = cli("plan", "2024Q1", "МО", "-w", str(REPO), "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert {"quarter", "body", "R", "rank", "kpis", "next_place", "top3"} <= data.keys()
    assert (data["body"], data["R"], data["rank"]) == ("mo", "22.1", 13)
    first = data["kpis"][0]
    assert {"id", "no", "U", "W", "missing", "needed_a", "needed_b", "R_if"} <= first.keys()
    assert (first["needed_a"], first["needed_b"], first["R_if"]) == ("1076", "322", "30")
    assert data["kpis"][2]["needed_a"] == "80" and data["kpis"][2]["needed_a_assumes"] == {"b": "100"}
    assert data["kpis"][2]["needed_b"] is None
    assert data["kpis"][3]["needed_a"] is None and data["kpis"][3]["missing"] == "0"  # mo-04 is full
    assert {"rank", "R", "changes"} <= data["next_place"].keys()
    assert data["next_place"]["changes"][0] == {"kpi": "mo-02", "set": "a", "value": "250"}


def test_plan_in_russian_names_the_cheapest_gain(cli: Callable[..., Result]) -> None:
    out = cli("plan", "2024Q1", "МО", "-w", str(REPO))
    assert out.exit_code == 0, out.output
    text = " ".join(out.output.split())
    assert "│ a ≥ 1 076 │" in text and "│ или b ≤ 322 │" in text  # each way on its own line
    assert "Нет данных по mo-05, mo-06, mo-07, mo-08: представить их — самый дешёвый прирост" in text
    assert "Следующее место (12)" in text
    first = cli("plan", "2024Q1", "МЮ", "-w", str(REPO))
    assert "МЮ — на первом месте." in first.output


@pytest.mark.parametrize("quarter", ["2024Q1", "2023Q4"])
def test_every_kpi_short_of_its_weight_gets_a_value_and_next_place_is_a_held_place(quarter: str) -> None:
    """A KPI with a target and W < U always has a value to ask for (b = 0 or no data: a
    share of a % at b = 100), and "the next place" is the place of the nearest body above
    (with a tie at 4, the place above 6 is 4)."""
    result = score(find_workspace(explicit=REPO), quarter, published=False)
    for body in result.bodies:
        found = plan(result, body.body)
        for kpi in found.kpis:
            if kpi.missing > 0 and kpi.result.kpi.target:
                assert kpi.best is not None, kpi.result.kpi.id
        above = [b for b in result.bodies if b.score > body.score]
        if not above:
            assert found.next_place is None
            continue
        assert found.next_place is not None
        assert found.next_place.rank == min(above, key=lambda b: b.score).rank
        for climb in (found.next_place, found.top3):
            if climb is not None and not climb.reachable:  # said only when every KPI at full W falls short
                assert climb.score_after is not None and climb.score_after < climb.score
