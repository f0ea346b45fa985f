"""`kpi compare` and `kpi rules diff` on the repository's own data, as a new user tries them:
the example quarter 2023Q4 against the official 2024Q1, and a draft rules version made by
copying rules/2023 and changing weights and a target."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.tablecells import table_rows

BANNER = "ПРИМЕР: значения иллюстративные, не официальные"


def test_example_quarter_against_2024q1(cli: Callable[..., Result]) -> None:
    result = cli("compare", "2023Q4", "2024Q1")
    assert result.exit_code == 0, result.output
    assert BANNER in result.stdout
    rows = table_rows(result.stdout)
    assert rows[0] == ["Место", "Сдвиг", "Орган", "R", "ΔR", "Главные причины (ΔW)"]
    assert len(rows) == 1 + 14
    by_body = {row[2]: row for row in rows[1:]}
    # МПС, 2023Q4: Строительство 10 + 8,9 + 10 + 10 + 8 + 2,6 + 7,2 + 9,9 + 8,7 + 10 = 85,3
    # (№1 12/48 = 25 >= 20 -> 10; №2 310/1150 = 26,9 -> 26,9 / 30 * 10 = 8,9),
    # Промышленность 25 + 25 + 13 + 35 = 98 (№3 a 13 / 15 * 15 = 13),
    # Геология 30 + 24,4 + 20 + 20 = 94,4 (№2 4/7 = 57,1 -> 57,1 / 70 * 30 = 24,4);
    # R = (85,3 + 98 + 94,4) / 3 = 92,56 -> 92,5, first. In 2024Q1 №1 and №2 have no data
    # (-10 and -8,9), geology №2 is 3/7 = 42,8 -> 18,3 (-6,1): R 83,5, fourth.
    assert by_body["МПС"] == [
        "4",
        "▼ 3",
        "МПС",
        "92,5 → 83,5",
        "-9",
        "mps-str-01 -10 (Z 25 → нет данных)\nmps-str-02 -8,9 (Z 26,9 → нет данных)\nmps-geo-02 -6,1 (Z 57,1 → 42,8)",
    ]
    # МЗ, 2023Q4: №7 10/46 = 21,7 -> 21,7 / 70 * 10 = 3,1; №3 4210/5390 = 78,1 -> 8,6;
    # №2 330000/8100000 = 4,07 -> 4,0 / 6 * 5 = 3,3; the rest as in 2024Q1: R 80, tied with
    # МСХ at 80 for 4th. 2024Q1: №7 b = 0 (-3,1), №3 +0,9, №2 +0,7: R 78,5, sixth.
    assert by_body["МЗ"] == [
        "6",
        "▼ 2",
        "МЗ",
        "80 → 78,5",
        "-1,5",
        "mz-07 -3,1 (Z 21,7 → b = 0)\nmz-03 +0,9 (Z 78,1 → 86)\nmz-02 +0,7 (Z 4 → 4,8)",
    ]
    # МФ №5 (less is better) in 2023Q4: Z 51200/93100 = 54,99 -> 54,9 > 45, so
    # W = 45 / 54,9 * 15 = 12,29 -> 12,2; in 2024Q1 Z 8,6 <= 45 -> 15 (+2,8)
    assert by_body["МФ"][:5] == ["10", "▲ 1", "МФ", "39,6 → 42,9", "+3,3"]
    assert by_body["МФ"][5].splitlines()[0] == "mf-05 +2,8 (Z 54,9 → 8,6)"
    assert result.stdout.splitlines()[-1] == (
        "Больше всего поднялся: МТСЗН ▲ 3 (+6,2). Больше всего опустился: МПС ▼ 3 (-9). "
        "Равные места: 2023Q4 — МЗ = МСХ (80)."
    )


def test_json_agrees_with_score_for_every_body(cli: Callable[..., Result]) -> None:
    compared = json.loads(cli("compare", "2023Q4", "2024Q1", "--json").stdout)
    before = json.loads(cli("score", "2023Q4", "--json").stdout)
    after = json.loads(cli("score", "2024Q1", "--json").stdout)
    assert compared["from"]["status"] == before["status"] == "example"
    assert compared["to"]["status"] == after["status"] == "official"
    scored_before = {b["id"]: b for b in before["bodies"]}
    scored_after = {b["id"]: b for b in after["bodies"]}
    assert [b["id"] for b in compared["bodies"]] == [b["id"] for b in after["bodies"]]  # B's order
    for body in compared["bodies"]:
        old, new = scored_before[body["id"]], scored_after[body["id"]]
        assert (body["rank_from"], body["R_from"]) == (old["rank"], old["R"])
        assert (body["rank_to"], body["R_to"]) == (new["rank"], new["R"])
        assert body["move"] == old["rank"] - new["rank"]
        w_before = {k["id"]: k["W"] for d in old["directions"] for k in d["kpis"]}
        w_after = {k["id"]: k["W"] for d in new["directions"] for k in d["kpis"]}
        for kpi in body["kpis"]:
            assert (kpi["W_from"], kpi["W_to"]) == (w_before[kpi["kpi"]], w_after[kpi["kpi"]])
        for driver in body["drivers"]:
            assert driver["dW"] == next(k["dW"] for k in body["kpis"] if k["kpi"] == driver["kpi"])


def test_english(cli: Callable[..., Result]) -> None:
    result = cli("compare", "2023Q4", "2024Q1", "--body", "МВД", lang="en")
    assert result.exit_code == 0, result.output
    assert "EXAMPLE: the values are illustrative, not official" in result.stdout
    # mvd-01: 2023Q4 171300/362800 = 47,2 -> 47,2 / 75 * 20 = 12,58 -> 12,5; 2024Q1 11,4
    row = next(r for r in table_rows(result.stdout) if r[0] == "mvd-01")
    assert row[2:] == [
        "12.5",
        "11.4",
        "-1.1",
        "a 171 300 → 156 710\nb 362 800 → 363 249\nZ 47.2 → 43.1",
    ]
    # R: 12,5 + 10 + 20 + 15 + 3,5 (210 / 300 * 5) + 15 + 14,2 (2/7 = 28,5 -> 28,5 / 30 * 15) = 90,2
    assert result.stdout.splitlines()[-1] == "R of МВД: 90.2 → 90.1, ΔR -0.1; rank 2 → 2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("compare", "2023Q5", "2024Q1"),
            "Квартала «2023Q5» нет; возможно, имелось в виду «2023Q4». Есть: 2023Q4, 2024Q1, 2024Q2, 2024Q3, 2024Q4",
        ),
        (
            ("compare", "2024Q1@2024", "2023Q4"),
            "Версии правил «2024» нет; возможно, имелось в виду «2023». Есть: 2023, 2024-draft",
        ),
        (
            ("rules", "diff", "2023", "2025-draft"),
            "Версии правил «2025-draft» нет; возможно, имелось в виду «2024-draft». Есть: 2023, 2024-draft",
        ),
    ],
)
def test_unknown_names(cli: Callable[..., Result], args: tuple[str, ...], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert "Traceback" not in result.output


# --- a draft rules version, made the way policy staff would make one --------------------------


def make_draft(root: Path, name: str = "2025-draft") -> Path:
    """Copy rules/2023 to rules/<name>; in mvd.yaml raise mvd-01's weight 20 -> 25, lower
    mvd-07's 15 -> 10 so that the direction still adds up to 100, and lower mvd-05's target
    300 -> 250."""
    draft = root / "rules" / name
    shutil.copytree(root / "rules" / "2023", draft)
    path = draft / "mvd.yaml"
    text = path.read_text(encoding="utf-8")
    for kpi, field, old, new in (
        ("mvd-01", "weight", "20", "25"),
        ("mvd-07", "weight", "15", "10"),
        ("mvd-05", "target", "300", "250"),
    ):
        start = text.index(f"- id: {kpi}")
        at = text.index(f"{field}: {old}\n", start)
        text = text[:at] + f"{field}: {new}\n" + text[at + len(f"{field}: {old}\n") :]
    path.write_text(text, encoding="utf-8")
    return draft


def test_draft_rules_diff(cli: Callable[..., Result], scratch: Callable[[str], Path]) -> None:
    root = scratch("repo")
    make_draft(root)
    result = cli("rules", "validate", "2025-draft", "--workspace", str(root))
    assert result.exit_code == 0, result.output  # the weights still add up to 100
    result = cli("rules", "diff", "2023", "2025-draft", "--workspace", str(root))
    assert result.exit_code == 0, result.output
    assert table_rows(result.stdout) == [
        ["Орган", "KPI", "Изменение", "Было", "Стало"],
        ["МВД", "mvd-01", "U", "20", "25"],
        ["МВД", "mvd-05", "N", "300", "250"],
        ["МВД", "mvd-07", "U", "15", "10"],
    ]
    assert result.stdout.splitlines()[-1] == (
        "KPI: добавлено 0, исключено 0, изменено 3; органов: добавлено 0, исключено 0; изменений методики: 0"
    )


def test_draft_rules_on_real_data(cli: Callable[..., Result], scratch: Callable[[str], Path]) -> None:
    root = scratch("repo")
    make_draft(root)
    result = cli("compare", "2024Q1@2023", "2024Q1@2025-draft", "--workspace", str(root))
    assert result.exit_code == 0, result.output
    assert BANNER not in result.stdout  # 2024Q1 is official
    rows = table_rows(result.stdout)
    assert rows[0] == [
        "Место", "Сдвиг", "Орган", "R", "ΔR", "ΔR данные", "ΔR правила", "Главные причины (ΔW)",
    ]  # fmt: skip
    # МВД 2024Q1: mvd-01 Z 43,1 -> 43,1 / 75 * 25 = 14,36 -> 14,3 (was 11,4: +2,9);
    # mvd-05 a 225, N 250 -> 225 / 250 * 5 = 4,5 (was 225 / 300 * 5 = 3,75 -> 3,7: +0,8);
    # mvd-07 Z 71,4 >= 30 -> U = 10 (was 15: -5). R = 90,1 + 2,9 + 0,8 - 5 = 88,8, still 2nd
    # (МЮ 96,4 above, МТСЗН 84,2 below). Same numbers on both sides: all of ΔR is rules.
    mvd = next(r for r in rows if r[2] == "МВД")
    assert mvd == [
        "2",
        "=",
        "МВД",
        "90,1 → 88,8",
        "-1,3",
        "0",
        "-1,3",
        "mvd-07 -5 (U 15 → 10)\nmvd-01 +2,9 (U 20 → 25)\nmvd-05 +0,8 (N 300 → 250)",
    ]
    others = [r for r in rows[1:] if r[2] != "МВД"]
    assert len(others) == 13
    for _rank, move, short, scores, delta, data, rules, drivers in others:
        before, after = scores.split(" → ")
        assert (move, before == after, delta, data, rules, drivers) == (
            "=",
            True,
            "0",
            "0",
            "0",
            "",
        ), short
    assert result.stdout.splitlines()[-1] == (
        "Правила 2023 → 2025-draft: KPI добавлено 0, исключено 0, изменено 3; изменений методики: 0. "
        "Подробно: kpi rules diff 2023 2025-draft"
    )


def test_draft_rules_on_example_quarter_split(cli: Callable[..., Result], scratch: Callable[[str], Path]) -> None:
    root = scratch("repo")
    make_draft(root)
    result = cli(
        "compare",
        "2023Q4",
        "2024Q1@2025-draft",
        "--body",
        "МВД",
        "--json",
        "--workspace",
        str(root),
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)["bodies"][0]
    # 2023Q4 R 90,2 (see test_english); 2024Q1 under 2023 R 90,1; under the draft 88,8:
    # data 90,1 - 90,2 = -0,1, rules 88,8 - 90,1 = -1,3, together -1,4 = 88,8 - 90,2
    assert (body["R_from"], body["R_to"], body["dR"], body["dR_data"], body["dR_rules"]) == (
        "90.2", "88.8", "-1.4", "-0.1", "-1.3",
    )  # fmt: skip
    # mvd-07: 14,2 -> 10 = -4,2; via (2024Q1, U 15) 15: data +0,8, rules -5
    mvd07 = next(k for k in body["kpis"] if k["kpi"] == "mvd-07")
    assert (mvd07["dW"], mvd07["dW_data"], mvd07["dW_rules"], mvd07["cause"]) == (
        "-4.2",
        "0.8",
        "-5",
        "U 15 → 10; Z 28,5 → 71,4",
    )


def test_methodology_change_is_named_as_the_cause(cli: Callable[..., Result], scratch: Callable[[str], Path]) -> None:
    root = scratch("repo")
    draft = root / "rules" / "2023-half-up"
    shutil.copytree(root / "rules" / "2023", draft)
    path = draft / "methodology.yaml"
    text = path.read_text(encoding="utf-8").replace("mode: truncate", "mode: half_up")
    # the worked examples are computed with truncation; this draft only tries the rounding
    path.write_text(text[: text.index("\nexamples:")] + "\nexamples: []\n", encoding="utf-8")
    result = cli(
        "compare",
        "2024Q1",
        "2024Q1@2023-half-up",
        "--body",
        "МВД",
        "--json",
        "--workspace",
        str(root),
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)["bodies"][0]
    # mvd-01: Z 156710/363249 = 43,14 -> 43,1 either way; W = 43,1 / 75 * 20 = 11,493:
    # truncated 11,4, rounded half up 11,5 (+0,1). mvd-05: 225 / 300 * 5 = 3,75: 3,7 -> 3,8 (+0,1).
    # The other W are whole (full weight): R 90,1 -> 90,3.
    assert (body["R_from"], body["R_to"], body["dR_rules"]) == ("90.1", "90.3", "0.2")
    assert body["drivers"] == [
        {
            "kpi": "mvd-01",
            "dW": "0.1",
            "dW_data": "0",
            "dW_rules": "0.1",
            "cause": "изменилась методика",
        },
        {
            "kpi": "mvd-05",
            "dW": "0.1",
            "dW_data": "0",
            "dW_rules": "0.1",
            "cause": "изменилась методика",
        },
    ]


def test_one_quarter_under_two_rules_versions_names_each_side_once(cli: Callable[..., Result]) -> None:
    """rules/2024-draft changes two weights of МВД and a target of МЗ: no place moves, the
    numbers are the same, all of ΔR is the rules' — and nothing is said of what did not happen."""
    result = cli("compare", "2024Q1@2023", "2024Q1@2024-draft", columns=200)
    assert result.exit_code == 0, result.output
    tail = result.stdout.splitlines()[-3:]
    assert tail == [
        "Места не изменились.",
        "Один квартал (2024Q1) по двум версиям правил: числа те же, весь ΔR — от правил (2023 → 2024-draft).",
        "Правила 2023 → 2024-draft: KPI добавлено 0, исключено 0, изменено 3; изменений методики: 2. "
        "Подробно: kpi rules diff 2023 2024-draft",
    ]
    assert "никто" not in result.stdout and "2024Q1@2023 против 2024Q1@2023" not in result.stdout
