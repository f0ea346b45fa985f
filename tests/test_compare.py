"""`kpi compare` on the fixture workspace tests/data/workspaces/compare.

Every expected figure below is worked out by hand from the fixture's YAML; the arithmetic is
in the comments. The methodology is rules/2023's: Z = a / b * 100 and W = U if Z >= N else
Z / N * U, each truncated to one decimal; a count KPI gets W = U if a >= N else a / N * U;
R is the sum of W (every fixture body has one direction).

Rules v1                              Rules v2 (what changed)
  Альфа  a-01 U 60 N 50                 a-01 U 70, a-02 U 30 (a weight change, compensated)
         a-02 U 40 N 100
  Бета   b-01 U 50 N 100                b-03 dropped, b-04 added (U 20, N 40)
         b-02 U 30 N 50
         b-03 count U 20 N 10
  Гамма  g-01 U 100 N 80                g-01 reworded (no figure changes)
  Дельта d-01 U 100 N 100               Дельта dropped; Эпсилон added: e-01 U 100 N 50

2023Q3 (v1)
  Альфа  a-01 25/100: Z 25 < 50 -> 25 / 50 * 60 = 30;  a-02 50/100: 50 / 100 * 40 = 20;  R 50
  Бета   b-01 80/100: 80 / 100 * 50 = 40;  b-02 50/100: Z 50 >= 50 -> 30;  b-03 a 5: 5 / 10 * 20 = 10;  R 80
  Гамма  g-01 60/100: 60 / 80 * 100 = 75;  R 75
  Дельта d-01 50/100: 50 / 100 * 100 = 50;  R 50
  ranks: Бета 1, Гамма 2, Альфа 3, Дельта 3 (a tie at 50)
2023Q4 (v1, status example)
  Альфа  a-01 50/100: Z 50 >= 50 -> 60;  a-02 75/100: 75 / 100 * 40 = 30;  R 90
  Бета   b-01 60/100: 60 / 100 * 50 = 30;  b-02 40/100: 40 / 50 * 30 = 24;  b-03 a 10 >= 10 -> 20;  R 74
  Гамма  g-01 60/100: 75;  R 75
  Дельта d-01 1/3: Z 33,333 -> 33,3;  33,3 / 100 * 100 = 33,3;  R 33,3
  ranks: Альфа 1, Гамма 2, Бета 3, Дельта 4
2024Q1 (v2)
  Альфа  a-01 40/100: 40 / 50 * 70 = 56;  a-02 75/100: 75 / 100 * 30 = 22,5;  R 78,5
  Бета   b-01 60/100: 30;  b-02 40/100: 24;  b-04 30/100: 30 / 40 * 20 = 15;  R 69
  Гамма  g-01 72/100: 72 / 80 * 100 = 90;  R 90
  Эпсилон e-01 30/100: 30 / 50 * 100 = 60;  R 60
  ranks: Гамма 1, Альфа 2, Бета 3, Эпсилон 4
2024Q1 data under rules v1 (the "via" of 2023Q4 -> 2024Q1)
  Альфа  a-01 40 / 50 * 60 = 48;  a-02 75 / 100 * 40 = 30;  R 78
  Бета   b-03 has no value in 2024Q1 (collected under v2): the split is refused
  Гамма  g-01 90;  R 90
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import Result

from engine.compare import Comparison, compare
from engine.workspace import Workspace
from tests.tablecells import table_rows

D = Decimal
BANNER = "ПРИМЕР: значения иллюстративные, не официальные"


@pytest.fixture
def workspace(scratch: Callable[[str], Path]) -> Path:
    return scratch("compare")


def run(cli: Callable[..., Result], workspace: Path, *args: str, lang: str = "ru") -> Result:
    return cli("compare", *args, "--workspace", str(workspace), lang=lang)


def compared(workspace: Path, before: str, after: str) -> Comparison:
    return compare(Workspace(workspace), before, after)


# --- same rules: moves, ties, drivers -------------------------------------------------------


def test_same_rules_ranks_moves_and_delta(workspace: Path) -> None:
    result = compared(workspace, "2023Q3", "2023Q4")
    got = [(b.short, b.rank_from, b.rank_to, b.move, b.delta) for b in result.bodies]
    assert got == [
        ("Альфа", 3, 1, 2, D("40")),  # 90 - 50
        ("Гамма", 2, 2, 0, D("0")),  # 75 - 75
        ("Бета", 1, 3, -2, D("-6")),  # 74 - 80
        ("Дельта", 3, 4, -1, D("-16.7")),  # 33,3 - 50
    ]
    assert not result.rules_changed
    # same rules: everything that moved is data
    assert [(b.data_part, b.rules_part) for b in result.bodies] == [
        (D("40"), D("0")),
        (D("0"), D("0")),
        (D("-6"), D("0")),
        (D("-16.7"), D("0")),
    ]


def test_drivers_are_the_largest_changes_of_w_in_kpi_order_on_ties(workspace: Path) -> None:
    result = compared(workspace, "2023Q3", "2023Q4")
    beta = result.body("beta")
    assert beta is not None
    # b-01 40 -> 30 (-10), b-03 10 -> 20 (+10), b-02 30 -> 24 (-6): |-10| = |+10|, so b-01
    # (first in the rules) comes before b-03
    assert [(k.id, k.delta) for k in beta.drivers] == [
        ("b-01", D("-10")),
        ("b-03", D("10")),
        ("b-02", D("-6")),
    ]
    alpha = result.body("alpha")
    assert alpha is not None
    assert [(k.id, k.delta) for k in alpha.drivers] == [("a-01", D("30")), ("a-02", D("10"))]
    assert alpha.kpis[0].data_changes == ("a", "Z")  # a 25 -> 50, b stays 100
    gamma = result.body("gamma")
    assert gamma is not None and gamma.drivers == ()


def test_summary_rise_fall_and_ties(workspace: Path) -> None:
    result = compared(workspace, "2023Q3", "2023Q4")
    assert [b.short for b in result.biggest_rise] == ["Альфа"]  # ▲ 2
    assert [b.short for b in result.biggest_fall] == ["Бета"]  # ▼ 2 (Дельта only ▼ 1)
    assert [[b.body.short for b in g] for g in result.ties("from")] == [["Альфа", "Дельта"]]
    assert result.ties("to") == ()


def test_cli_same_rules_table(cli: Callable[..., Result], workspace: Path) -> None:
    result = run(cli, workspace, "2023Q3", "2023Q4")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert BANNER in lines[1]  # 2023Q4 is an example quarter
    assert lines[3].rstrip() == "Сравнение рейтингов: 2023Q3 (правила v1) → 2023Q4 (правила v1, пример)"
    assert table_rows(result.stdout) == [
        ["Место", "Сдвиг", "Орган", "R", "ΔR", "Главные причины (ΔW)"],
        ["1", "▲ 2", "Альфа", "50 → 90", "+40", "a-01 +30 (Z 25 → 50)\na-02 +10 (Z 50 → 75)"],
        ["2", "=", "Гамма", "75 → 75", "0", ""],
        [
            "3",
            "▼ 2",
            "Бета",
            "80 → 74",
            "-6",
            "b-01 -10 (Z 80 → 60)\nb-03 +10 (a 5 → 10)\nb-02 -6 (Z 50 → 40)",
        ],
        ["4", "▼ 1", "Дельта", "50 → 33,3", "-16,7", "d-01 -16,7 (Z 50 → 33,3)"],
    ]
    assert lines[-1] == (
        "Больше всего поднялся: Альфа ▲ 2 (+40). Больше всего опустился: Бета ▼ 2 (-6). "
        "Равные места: 2023Q3 — Альфа = Дельта (50)."  # no «нет» for a side without ties
    )


def test_cli_english(cli: Callable[..., Result], workspace: Path) -> None:
    result = run(cli, workspace, "2023Q3", "2023Q4", lang="en")
    assert result.exit_code == 0, result.output
    assert "EXAMPLE: the values are illustrative, not official" in result.stdout
    rows = table_rows(result.stdout)
    assert rows[0] == ["Rank", "Move", "Body", "R", "ΔR", "Main drivers (ΔW)"]
    assert rows[4] == ["4", "▼ 1", "Дельта", "50 → 33.3", "-16.7", "d-01 -16.7 (Z 50 → 33.3)"]
    assert result.stdout.splitlines()[-1] == (
        "Biggest rise: Альфа ▲ 2 (+40). Biggest fall: Бета ▼ 2 (-6). Ties: 2023Q3 — Альфа = Дельта (50)."
    )


def test_cli_body_diff(cli: Callable[..., Result], workspace: Path) -> None:
    result = run(cli, workspace, "2023Q3", "2023Q4", "--body", "бета")
    assert result.exit_code == 0, result.output
    assert table_rows(result.stdout) == [
        ["KPI", "Наименование KPI", "W 2023Q3", "W 2023Q4", "ΔW", "Что изменилось"],
        ["b-01", "Доля первого", "40", "30", "-10", "a 80 → 60\nZ 80 → 60"],
        ["b-02", "Доля второго", "30", "24", "-6", "a 50 → 40\nZ 50 → 40"],
        ["b-03", "Количество третьего", "10", "20", "+10", "a 5 → 10"],
    ]
    assert result.stdout.splitlines()[-1] == "R Бета: 80 → 74, ΔR -6; место 1 → 3"


# --- different rules: split, KPI added and dropped, weight change, new and gone bodies --------


def test_rules_change_splits_delta_into_data_and_rules(workspace: Path) -> None:
    result = compared(workspace, "2023Q4", "2024Q1")
    assert result.rules_changed and result.via_label == "2024Q1@v1"
    got = [
        (b.short, b.status, b.rank_from, b.rank_to, b.move, b.delta, b.data_part, b.rules_part) for b in result.bodies
    ]
    assert got == [
        # Гамма: 75 -> 90; via 90: data 90 - 75 = +15, rules 90 - 90 = 0
        ("Гамма", "kept", 2, 1, 1, D("15"), D("15"), D("0")),
        # Альфа: 90 -> 78,5 = -11,5; via 78: data 78 - 90 = -12, rules 78,5 - 78 = +0,5
        ("Альфа", "kept", 1, 2, -1, D("-11.5"), D("-12"), D("0.5")),
        # Бета: 74 -> 69 = -5; no split (b-03 has no value in 2024Q1)
        ("Бета", "kept", 3, 3, 0, D("-5"), None, None),
        ("Эпсилон", "new", None, 4, None, None, None, None),
        ("Дельта", "gone", 4, None, None, None, None, None),  # gone bodies last, in A's order
    ]
    for body in result.bodies:
        if body.data_part is not None and body.rules_part is not None:
            assert body.data_part + body.rules_part == body.delta


def test_weight_change_drivers_carry_their_split(workspace: Path) -> None:
    alpha = compared(workspace, "2023Q4", "2024Q1").body("alpha")
    assert alpha is not None
    # a-02: 30 -> 22,5 = -7,5; via 30 (U 40 as in v1): data 30 - 30 = 0, rules 22,5 - 30 = -7,5
    # a-01: 60 -> 56 = -4; via 48 (Z 40 under U 60): data 48 - 60 = -12, rules 56 - 48 = +8
    assert [(k.id, k.delta, k.data_part, k.rules_part) for k in alpha.drivers] == [
        ("a-02", D("-7.5"), D("0"), D("-7.5")),
        ("a-01", D("-4"), D("-12"), D("8")),
    ]
    assert [(c.field, c.before, c.after) for c in alpha.kpis[0].rules_changes] == [("U", D("60"), D("70"))]


def test_kpi_added_and_dropped_block_the_split_and_say_why(workspace: Path) -> None:
    beta = compared(workspace, "2023Q4", "2024Q1").body("beta")
    assert beta is not None
    assert beta.blocker is not None and beta.blocker.code == "split-kpi-missing"
    assert tuple(beta.blocker.args["kpis"]) == ("b-03",)
    # b-03 20 -> gone (-20), b-04 new -> 15 (+15); b-01 and b-02 did not move
    assert [(k.id, k.status, k.delta) for k in beta.drivers] == [
        ("b-03", "removed", D("-20")),
        ("b-04", "added", D("15")),
    ]
    assert all(k.data_part is None and k.rules_part is None for k in beta.kpis)


def test_cli_rules_change_table(cli: Callable[..., Result], workspace: Path) -> None:
    result = run(cli, workspace, "2023Q4", "2024Q1")
    assert result.exit_code == 0, result.output
    assert table_rows(result.stdout) == [
        [
            "Место",
            "Сдвиг",
            "Орган",
            "R",
            "ΔR",
            "ΔR данные",
            "ΔR правила",
            "Главные причины (ΔW)",
        ],
        ["1", "▲ 1", "Гамма", "75 → 90", "+15", "+15", "0", "g-01 +15 (Z 60 → 72)"],
        [
            "2",
            "▼ 1",
            "Альфа",
            "90 → 78,5",
            "-11,5",
            "-12",
            "+0,5",
            "a-02 -7,5 (U 40 → 30)\na-01 -4 (U 60 → 70; Z 50 → 40)",
        ],
        [
            "3",
            "=",
            "Бета",
            "74 → 69",
            "-5",
            "- [1]",
            "- [1]",
            "b-03 -20 (исключён из правил v2)\nb-04 +15 (добавлен в правилах v2)",
        ],
        ["4", "новый", "Эпсилон", "- → 60", "", "", "", ""],
        ["-", "выбыл", "Дельта", "33,3 → -", "", "", "", ""],
    ]
    tail = result.stdout.splitlines()[-4:]
    assert tail == [
        "Больше всего поднялся: Гамма ▲ 1 (+15). Больше всего опустился: Альфа ▼ 1 (-11,5).",
        "ΔR = данные + правила. «Данные»: 2024Q1@v1 против 2023Q4 — изменились числа, правила прежние (v1). "
        "«Правила»: 2024Q1 против 2024Q1@v1 — изменились правила (v1 → v2), числа те же.",
        "[1] Бета: ΔR не разделить на данные и правила — правила v1 требуют значений b-03, а в данных "
        "2024Q1 их нет (их собирали по другим правилам); ноль вместо числа выглядел бы как падение данных",
        # KPIs: added b-04, e-01; removed b-03, d-01; changed a-01, a-02, g-01
        "Правила v1 → v2: KPI добавлено 2, исключено 2, изменено 3; изменений методики: 0. "
        "Подробно: kpi rules diff v1 v2",
    ]


def test_cli_body_with_split(cli: Callable[..., Result], workspace: Path) -> None:
    result = run(cli, workspace, "2023Q4", "2024Q1", "--body", "Альфа")
    assert result.exit_code == 0, result.output
    assert table_rows(result.stdout) == [
        [
            "KPI",
            "Наименование KPI",
            "W 2023Q4",
            "W 2024Q1",
            "ΔW",
            "ΔW данные",
            "ΔW правила",
            "Что изменилось",
        ],
        ["a-01", "Доля первого", "60", "56", "-4", "-12", "+8", "a 50 → 40\nZ 50 → 40\nU 60 → 70"],
        ["a-02", "Доля второго", "30", "22,5", "-7,5", "0", "-7,5", "U 40 → 30"],
    ]
    assert result.stdout.splitlines()[-2:] == [
        "R Альфа: 90 → 78,5, ΔR -11,5; место 1 → 2",
        "ΔR -11,5 = данные -12 + правила +0,5",
    ]


def test_cli_body_present_on_one_side(cli: Callable[..., Result], workspace: Path) -> None:
    gone = run(cli, workspace, "2023Q4", "2024Q1", "--body", "Дельта")
    assert gone.exit_code == 0, gone.output
    assert gone.stdout.splitlines()[-1] == "Дельта есть только в 2023Q4: сравнивать не с чем (R 33,3, место 4)"
    new = run(cli, workspace, "2023Q4", "2024Q1", "--body", "epsilon")
    assert new.stdout.splitlines()[-1] == "Эпсилон есть только в 2024Q1: сравнивать не с чем (R 60, место 4)"


def test_quarter_under_other_rules_reads_leniently(workspace: Path) -> None:
    # 2024Q1@v1: b-04 and Эпсилон are unknown to v1 and skipped; b-03 and Дельта have no
    # data and score 0 (Дельта: R 0, last)
    result = compared(workspace, "2024Q1@v1", "2024Q1")
    assert result.before.label == "2024Q1@v1"
    rows = [(b.short, b.score_from, b.score_to, b.data_part, b.rules_part) for b in result.bodies]
    assert rows == [
        ("Гамма", D("90"), D("90"), D("0"), D("0")),
        # via = 2024Q1@v1 = side A itself: data 0, rules 78,5 - 78 = +0,5
        ("Альфа", D("78"), D("78.5"), D("0"), D("0.5")),
        # b-03 is "not collected" on both sides (A is 2024Q1@v1 too), so the split holds:
        # A: 30 + 24 + 0 = 54; B: 69; rules +15 (b-04 added, b-03 dropped at 0)
        ("Бета", D("54"), D("69"), D("0"), D("15")),
        ("Эпсилон", None, D("60"), None, None),
        ("Дельта", D("0"), None, None, None),
    ]


# --- JSON ----------------------------------------------------------------------------------


def test_json_shape_and_exact_decimals(cli: Callable[..., Result], workspace: Path) -> None:
    result = run(cli, workspace, "2023Q4", "2024Q1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["from"] == {
        "spec": "2023Q4",
        "quarter": "2023Q4",
        "rules": "v1",
        "status": "example",
        "note": None,
    }
    assert data["to"]["status"] == "official" and data["to"]["rules"] == "v2"
    assert data["rules_changed"] is True and data["via"] == "2024Q1@v1"
    alpha = data["bodies"][1]
    assert {k: alpha[k] for k in ("id", "short", "rank_from", "rank_to", "move", "R_from", "R_to", "dR")} == {
        "id": "alpha",
        "short": "Альфа",
        "rank_from": 1,
        "rank_to": 2,
        "move": -1,
        "R_from": "90",
        "R_to": "78.5",
        "dR": "-11.5",
    }
    assert (alpha["dR_data"], alpha["dR_rules"], alpha["split_note"]) == ("-12", "0.5", None)
    assert alpha["drivers"] == [
        {"kpi": "a-02", "dW": "-7.5", "dW_data": "0", "dW_rules": "-7.5", "cause": "U 40 → 30"},
        {
            "kpi": "a-01",
            "dW": "-4",
            "dW_data": "-12",
            "dW_rules": "8",
            "cause": "U 60 → 70; Z 50 → 40",
        },
    ]
    beta = data["bodies"][2]
    assert beta["dR_data"] is None and beta["split_note"].startswith("Бета: ΔR не разделить")
    assert [(k["kpi"], k["status"], k["W_from"], k["W_to"]) for k in beta["kpis"]] == [
        ("b-01", "kept", "30", "30"),
        ("b-02", "kept", "24", "24"),
        ("b-04", "added", None, "15"),
        ("b-03", "removed", "20", None),
    ]
    assert [(b["id"], b["status"], b["rank_from"], b["rank_to"]) for b in data["bodies"][3:]] == [
        ("epsilon", "new", None, 4),
        ("delta", "gone", 4, None),
    ]
    assert data["summary"] == {"rise": ["gamma"], "fall": ["alpha"], "ties_from": [], "ties_to": []}


def test_json_body_option_keeps_one_body(cli: Callable[..., Result], workspace: Path) -> None:
    result = run(cli, workspace, "2023Q3", "2023Q4", "--body", "Альфа", "--json")
    data = json.loads(result.stdout)
    assert [b["id"] for b in data["bodies"]] == ["alpha"]
    assert data["via"] is None and data["rules_changed"] is False


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # 2023Q3 and 2023Q4 are equally close to 2023Q5; difflib breaks the tie by the larger name
        (
            ("2023Q5", "2024Q1"),
            "Квартала «2023Q5» нет; возможно, имелось в виду «2023Q4». Есть: 2023Q3, 2023Q4, 2024Q1",
        ),
        (
            ("2023Q4", "2024Q1@v22"),
            "Версии правил «v22» нет; возможно, имелось в виду «v2». Есть: v1, v2",
        ),
        # the bodies of both sides, in the comparison's order (B's ranking, then the gone ones)
        (
            ("2023Q4", "2024Q1", "--body", "Омега"),
            "Органа «Омега» нет. Есть: Гамма (gamma), Альфа (alpha), Бета (beta), Эпсилон (epsilon), Дельта (delta)",
        ),
    ],
)
def test_unknown_names_exit_2_with_what_exists(
    cli: Callable[..., Result], workspace: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(cli, workspace, *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message]
    assert result.stdout == ""


def test_split_refused_when_b_cannot_be_read_under_a_rules(cli: Callable[..., Result], workspace: Path) -> None:
    # v2 turns g-01 into a count (no denominator), and 2024Q1 gives it only a = 72.
    # Under v1, g-01 is a share and needs b: B's data cannot be read under A's rules at all.
    path = workspace / "rules" / "v2" / "gamma.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("variant: share_higher", "variant: count").replace('unit: "%"', 'unit: "ед."'),
        encoding="utf-8",
    )
    (workspace / "quarters" / "2024Q1" / "gamma.yaml").write_text(
        'body: gamma\nkpis:\n  g-01:\n    a: "72"\n', encoding="utf-8"
    )
    comparison = compared(workspace, "2023Q4", "2024Q1")
    assert comparison.via is None
    assert [p.code for p in comparison.via_problems] == ["b-missing"]
    gamma = comparison.body("gamma")
    assert gamma is not None
    # 72 >= 80? no: 72 / 80 * 100 = 90, the same R as before, now by the count formula
    assert (gamma.delta, gamma.data_part, gamma.rules_part) == (D("15"), None, None)
    assert gamma.blocker is not None and gamma.blocker.code == "split-unreadable"
    result = run(cli, workspace, "2023Q4", "2024Q1")
    assert result.exit_code == 0, result.output
    rows = table_rows(result.stdout)
    assert rows[1] == [
        "1", "▲ 1", "Гамма", "75 → 90", "+15", "-", "-",
        "g-01 +15 (вариант share_higher → count; единица % → ед.; Z 60 → a 72)",
    ]  # fmt: skip
    lines = result.stdout.splitlines()
    at = lines.index("ΔR не разделить на данные и правила: данные 2024Q1 не читаются по правилам v1:")
    assert lines[at + 1] == (
        "quarters/2024Q1/gamma.yaml:3:3: KPI g-01: нет знаменателя b, а вариант share_higher его "
        'использует; добавьте b ("-", если данных нет)'
    )
