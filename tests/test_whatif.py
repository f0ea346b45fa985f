"""`kpi whatif`: changes in memory only, the compare view against the quarter as it is.

Hand-worked figures (rules 2023, 2024Q1 data, every number from rules/2023/mo.yaml and
quarters/2024Q1/mo.yaml):

  МО has one direction, R = its sum of W = 22,1 (W: mo-01 2,1, mo-04 10, mo-09 10, the rest 0).
  mo-05 (share_higher, U 10, N 100) has a = 34 368 and no b: W = 0 (no data).
  With b = 40 000: Z = 34 368 / 40 000 * 100 = 85,92 -> 85,9; Z < N, so
  W = 85,9 / 100 * 10 = 8,59 -> 8,5. R = 22,1 + 8,5 = 30,6; nobody else moves, and МО
  (13th) stays below МЭ (12th, 40,5).

  mo-01.U = 20 with --renormalise: 100 - 20 = 80 is left for the eight other weights, which
  add up to 90 (15 + 15 + 6 × 10). In tenths: 800 × 150 / 900 = 133,3 -> 133 twice and
  800 × 100 / 900 = 88,8 -> 88 six times: 266 + 528 = 794, six tenths short; the largest
  remainders (the 88,8s: ,8 against ,3) get them: 8,9 six times. 13,3 + 13,3 + 6 × 8,9 = 80.
  mo-01 (226 / 1537: Z = 14,7; N 70) W = 14,7 / 70 * 20 = 4,2; mo-04 (Z 100 >= 80) W = 8,9;
  mo-09 (26 / 34: Z 76,4 >= 30) W = 8,9; R = 4,2 + 8,9 + 8,9 = 22.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from tests.conftest import REPO, tree_digest


def whatif_json(cli: Callable[..., Result], *args: str) -> dict:
    result = cli("whatif", "2024Q1", *args, "-w", str(REPO), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_no_change_reproduces_score(cli: Callable[..., Result]) -> None:
    score = json.loads(cli("score", "2024Q1", "-w", str(REPO), "--json").output)
    found = whatif_json(cli)
    expected = {b["id"]: (b["R"], b["rank"]) for b in score["bodies"]}
    assert {b["id"]: (b["R_to"], b["rank_to"]) for b in found["bodies"]} == expected
    assert {b["id"]: (b["R_from"], b["rank_from"]) for b in found["bodies"]} == expected
    assert all(b["dR"] == "0" and b["move"] == 0 for b in found["bodies"])
    assert found["changes"] == [] and not found["rules_changed"]


def test_one_value_moves_exactly_the_worked_r(cli: Callable[..., Result]) -> None:
    found = whatif_json(cli, "--set", "mo-05.b=40 000")
    moved = {b["id"]: b for b in found["bodies"] if b["dR"] != "0"}
    assert list(moved) == ["mo"]
    assert (moved["mo"]["R_from"], moved["mo"]["R_to"], moved["mo"]["dR"]) == ("22.1", "30.6", "8.5")
    assert moved["mo"]["rank_to"] == moved["mo"]["rank_from"] == 13
    assert found["changes"] == [
        {"kpi": "mo-05", "field": "b", "from": None, "to": "40000", "text": "mo-05.b: - → 40 000"}
    ]
    driver = moved["mo"]["drivers"][0]
    assert (driver["kpi"], driver["dW"]) == ("mo-05", "8.5")


def test_a_weight_refused_unless_renormalised_then_spread_exactly(cli: Callable[..., Result]) -> None:
    refused = cli("whatif", "2024Q1", "--set", "mo-01.U=20", "-w", str(REPO))
    assert refused.exit_code == 2
    assert "веса в сумме дают 110, а должны 100" in refused.output and "--renormalise" in refused.output
    found = whatif_json(cli, "--set", "mo-01.U=20", "--renormalise")
    spread = {c["kpi"]: c["to"] for c in found["renormalised"]}
    assert spread == {"mo-02": "13.3", "mo-03": "13.3", **{f"mo-0{i}": "8.9" for i in range(4, 10)}}
    mo = next(b for b in found["bodies"] if b["id"] == "mo")
    assert (mo["R_from"], mo["R_to"]) == ("22.1", "22")
    assert found["rules_changed"] and found["to"]["rules"] == "2023*"
    # the split: the data did not change, so the whole ΔR is the rules'
    assert (mo["dR_data"], mo["dR_rules"]) == ("0", "-0.1")


def test_a_target_and_no_target(cli: Callable[..., Result]) -> None:
    # mo-01 with N 14: Z 14,7 >= 14, so W = U = 10 (was 2,1): R 22,1 + 7,9 = 30
    found = whatif_json(cli, "--set", "mo-01.N=14")
    mo = next(b for b in found["bodies"] if b["id"] == "mo")
    assert mo["R_to"] == "30"
    # mo-04 without a target: W = 0 (was 10): R 12,1
    found = whatif_json(cli, "--set", "mo-04.N=-")
    mo = next(b for b in found["bodies"] if b["id"] == "mo")
    assert mo["R_to"] == "12.1"


def test_another_rules_version_and_a_change_together(cli: Callable[..., Result]) -> None:
    compare = json.loads(cli("compare", "2024Q1", "2024Q1@2024-draft", "-w", str(REPO), "--json").output)
    result = cli("whatif", "2024Q1@2024-draft", "-w", str(REPO), "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [(b["id"], b["R_to"]) for b in found["bodies"]] == [(b["id"], b["R_to"]) for b in compare["bodies"]]
    assert found["to"]["spec"] == "2024Q1@2024-draft"


def test_nothing_is_written(cli: Callable[..., Result], scratch: Callable[[str], Path]) -> None:
    workspace = scratch("repo")
    before = tree_digest(workspace)
    result = cli(
        "whatif", "2024Q1", "--set", "mo-05.b=40000", "--set", "mo-01.U=20", "--renormalise", "-w", str(workspace)
    )
    assert result.exit_code == 0, result.output
    assert "Файлы не изменены" in result.output
    assert tree_digest(workspace) == before


def test_bad_changes_are_clear_usage_errors(cli: Callable[..., Result]) -> None:
    cases = {
        "mo-01.Q=1": "ожидается KPI.ПОЛЕ=ЗНАЧЕНИЕ",
        "mo-01.a": "ожидается KPI.ПОЛЕ=ЗНАЧЕНИЕ",
        "mo-1.a=5": "возможно, имелось в виду «mo-01»",
        "mo-01.a=2,000": "читается двояко",
        "mo-01.a=-5": "отрицательное значение",
        "mo-01.U=-": "у веса не бывает «нет данных»",
    }
    twice = cli("whatif", "2024Q1", "--set", "mo-01.a=5", "--set", "mo-01.a=6", "-w", str(REPO))
    assert twice.exit_code == 2 and "задан дважды" in twice.output
    for change, expected in cases.items():
        result = cli("whatif", "2024Q1", "--set", change, "-w", str(REPO))
        assert result.exit_code == 2, (change, result.output)
        assert expected in result.output, (change, result.output)
        assert "Traceback" not in result.output


def test_weights_swapped_within_a_direction_need_no_renormalising(cli: Callable[..., Result]) -> None:
    # two weights of МО's direction swapped keep the total at 100 and need no renormalising
    result = cli("whatif", "2024Q1", "--set", "mo-02.U=10", "--set", "mo-04.U=15", "-w", str(REPO), "--json")
    assert result.exit_code == 0, result.output
    mo = next(b for b in json.loads(result.output)["bodies"] if b["id"] == "mo")
    assert mo["R_to"] == "27.1"  # mo-04 (Z 100 >= 80) now 15 instead of 10: 22,1 + 5


def test_under_another_rules_version_the_changes_start_from_its_figures(cli: Callable[..., Result]) -> None:
    """2024-draft gives mvd-01 and mvd-02 weight 15 each (2023: 20 and 10): a change is said
    from the draft's figure, and no `kpi rules diff` is suggested for rules held in memory."""
    result = cli("whatif", "2024Q1@2024-draft", "--set", "mvd-01.U=25", "--renormalise", "-w", str(REPO), "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["changes"][0]["from"] == "15" and found["changes"][0]["to"] == "25"
    assert {c["kpi"]: c["from"] for c in found["renormalised"]}["mvd-02"] == "15"
    assert found["to"]["in_memory"] is True and found["to"]["rules"] == "2024-draft*"
    text = cli("whatif", "2024Q1@2024-draft", "--set", "mvd-01.U=25", "--renormalise", "-w", str(REPO)).output
    assert "kpi rules diff" not in text and "2024-draft**" not in text


def test_a_value_the_kpis_variant_lacks_is_refused(cli: Callable[..., Result]) -> None:
    # mvd-05 is a count (rules/2023/mvd.yaml: variant count): it has a, and no b to change
    result = cli("whatif", "2024Q1", "--set", "mvd-05.b=5", "-w", str(REPO))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "--set mvd-05.b: у этого KPI нет такого значения — он считается по варианту count (значения: a)"
    ]
    assert cli("whatif", "2024Q1", "--set", "mvd-05.a=5", "-w", str(REPO)).exit_code == 0
