"""`kpi rules diff V1 V2` on the fixture workspace tests/data/workspaces/compare.

What differs from v1 to v2 is written in the fixture's body files; see also test_compare.py:
a-01 U 60 -> 70 and a-02 U 40 -> 30; b-03 dropped and b-04 added; g-01 reworded;
Дельта dropped and Эпсилон added. The two methodology.yaml files are identical copies.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import Result

from engine.rulesdiff import diff_rules
from engine.scoring import rules_version
from engine.workspace import Workspace
from tests.tablecells import table_rows

D = Decimal


@pytest.fixture
def workspace(scratch: Callable[[str], Path]) -> Path:
    return scratch("compare")


def test_engine_diff_matches_kpis_by_id(workspace: Path) -> None:
    ws = Workspace(workspace)
    diff = diff_rules(rules_version(ws, "v1"), rules_version(ws, "v2"))
    assert [(b.id, b.status) for b in diff.bodies] == [("epsilon", "added"), ("delta", "removed")]
    got = [(k.id, k.short, k.status, [(c.field, c.before, c.after) for c in k.changes]) for k in diff.kpis]
    assert got == [
        ("a-01", "Альфа", "changed", [("U", D(60), D(70))]),
        ("a-02", "Альфа", "changed", [("U", D(40), D(30))]),
        ("b-04", "Бета", "added", []),
        ("b-03", "Бета", "removed", []),
        ("e-01", "Эпсилон", "added", []),
        (
            "g-01",
            "Гамма",
            "changed",
            [
                (
                    "name",
                    "Доля услуг в электронном виде",
                    "Доля государственных услуг, оказанных в электронном виде",
                )
            ],
        ),
        ("d-01", "Дельта", "removed", []),
    ]
    assert diff.methodology == ()
    assert (diff.count("added"), diff.count("removed"), diff.count("changed")) == (2, 2, 3)


def test_same_version_has_no_differences(cli: Callable[..., Result], workspace: Path) -> None:
    result = cli("rules", "diff", "v1", "v1", "--workspace", str(workspace))
    assert result.exit_code == 0
    assert result.stdout == "Правила v1 и v1 не различаются\n"


def test_cli_table(cli: Callable[..., Result], workspace: Path) -> None:
    result = cli("rules", "diff", "v1", "v2", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].rstrip() == "Различия правил v1 → v2"
    assert table_rows(result.stdout) == [
        ["Орган", "KPI", "Изменение", "Было", "Стало"],
        ["Эпсилон", "", "орган добавлен", "", "Эпсилон — Министерство Эпсилон"],
        ["Дельта", "", "орган исключён", "Дельта — Министерство Дельта", ""],
        ["Альфа", "a-01", "U", "60", "70"],
        ["Альфа", "a-02", "U", "40", "30"],
        ["Бета", "b-04", "добавлен", "", "«Доля четвёртого» · U 20 · N 40 · % · share_higher"],
        ["Бета", "b-03", "исключён", "«Количество третьего» · U 20 · N 10 · ед. · count", ""],
        ["Эпсилон", "e-01", "добавлен", "", "«Доля первого» · U 100 · N 50 · % · share_higher"],
        [
            "Гамма",
            "g-01",
            "наименование",
            "Доля услуг в электронном виде",
            "Доля государственных услуг, оказанных в электронном виде",
        ],
        ["Дельта", "d-01", "исключён", "«Доля первого» · U 100 · N 100 · % · share_higher", ""],
    ]
    assert result.stdout.splitlines()[-1] == (
        "KPI: добавлено 2, исключено 2, изменено 3; органов: добавлено 1, исключено 1; изменений методики: 0"
    )


def test_cli_json(cli: Callable[..., Result], workspace: Path) -> None:
    result = cli("rules", "diff", "v1", "v2", "--json", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["from"], data["to"], data["same"]) == ("v1", "v2", False)
    assert data["bodies"] == [
        {"id": "epsilon", "short": "Эпсилон", "status": "added", "changes": []},
        {"id": "delta", "short": "Дельта", "status": "removed", "changes": []},
    ]
    assert data["kpis"][0] == {
        "id": "a-01",
        "body": "alpha",
        "short": "Альфа",
        "status": "changed",
        "name_from": "Доля первого",
        "name_to": "Доля первого",
        "changes": [{"field": "U", "from": "60", "to": "70", "text": "U 60 → 70"}],
    }
    assert [(k["id"], k["status"], k["name_from"], k["name_to"]) for k in data["kpis"][2:4]] == [
        ("b-04", "added", None, "Доля четвёртого"),
        ("b-03", "removed", "Количество третьего", None),
    ]
    assert data["methodology"] == []


def test_methodology_changes(cli: Callable[..., Result], workspace: Path) -> None:
    path = workspace / "rules" / "v2" / "methodology.yaml"
    text = path.read_text(encoding="utf-8")
    # the worked examples would no longer hold under the new formula and rounding; drop them
    text = text[: text.index("\nexamples:")] + "\nexamples: []\n"
    for old, new in (
        ('assigned: "U if Z <= N else N / Z * U"', 'assigned: "U if Z <= N else 0"'),
        ("mode: truncate", "mode: half_up"),
        ("body: mean", "body: sum"),
        ('    - "W <= U"', '    - "W <= U"\n    - "W <= 100"'),
    ):
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    result = cli("rules", "diff", "v1", "v2", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = [line.rstrip() for line in lines].index("Методика: v1 → v2")
    assert table_rows("\n".join(lines[start:])) == [
        ["Параметр methodology.yaml", "Было", "Стало"],
        ["variants.share_lower.assigned", "U if Z <= N else N / Z * U", "U if Z <= N else 0"],
        ["rounding.mode", "truncate", "half_up"],
        ["aggregation.body", "mean", "sum"],
        ["invariants.kpi", "-", "W <= 100"],
    ]
    assert lines[-1].endswith("изменений методики: 4")


def test_unknown_version_exit_2(cli: Callable[..., Result], workspace: Path) -> None:
    result = cli("rules", "diff", "v1", "v3", "--workspace", str(workspace))
    assert result.exit_code == 2
    # "v3" is not close enough to v1 or v2 for a suggestion (difflib ratio 0,5 < 0,6)
    assert result.stderr == "Версии правил «v3» нет. Есть: v1, v2\n"
