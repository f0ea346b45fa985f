"""Rules hygiene: impossible values are problems at validation; a KPI that a rules version has
and the quarter's data lack (a new KPI, a changed id) is said wherever it scores 0; a probable
rename (same name, new id) is flagged by `kpi rules diff`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

Cli = Callable[..., Result]


def renamed(ws: Path, cli: Cli) -> None:
    """rules/2025: a copy of 2023 in which МВД's mvd-05 got a new id, mvd-05a."""
    assert cli("rules", "new", "2025", "--from", "2023", "-w", str(ws)).exit_code == 0
    path = ws / "rules" / "2025" / "mvd.yaml"
    text = path.read_text(encoding="utf-8")
    assert "      - id: mvd-05\n" in text
    path.write_text(text.replace("      - id: mvd-05\n", "      - id: mvd-05a\n"), encoding="utf-8")


def test_a_percent_target_above_100_is_a_problem(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    path = ws / "rules" / "2024-draft" / "mvd.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.strip() == "target: 75")
    lines[row] = lines[row].replace("75", "130")
    path.write_text("\n".join(lines), encoding="utf-8")
    result = cli("rules", "validate", "2024-draft", "-w", str(ws))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"rules/2024-draft/mvd.yaml:{row + 1}:17: KPI mvd-01: цель N = 130 больше 100, а KPI — доля в процентах: "
        "доля не бывает больше 100 %. Проверьте цель (нет ли лишней цифры) или единицу измерения"
    )


def test_a_count_target_above_100_is_fine(cli: Cli, repo_workspace: Path) -> None:
    """mvd-05 counts units (ед.) with N = 300: not a share, no limit."""
    result = cli("rules", "validate", "2023", "-w", str(repo_workspace))
    assert result.exit_code == 0, result.output


def test_rules_diff_flags_a_probable_rename(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    renamed(ws, cli)
    result = cli("rules", "diff", "2023", "2025", "-w", str(ws))
    text = " ".join(result.output.split())
    assert "Вероятно, переименованы (то же наименование, новый id)" in text
    assert "МВД: mvd-05 → mvd-05a" in text
    data = json.loads(cli("rules", "diff", "2023", "2025", "--json", "-w", str(ws)).output)
    assert data["probable_renames"] == [{"body": "mvd", "from": "mvd-05", "to": "mvd-05a"}]
    plain = json.loads(cli("rules", "diff", "2023", "2024-draft", "--json", "-w", str(ws)).output)
    assert plain["probable_renames"] == []


NOT_COLLECTED = "Не собирались в данных 2024Q1: правила 2025 их требуют"


def test_the_ranking_says_what_was_not_collected(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    renamed(ws, cli)
    result = cli("score", "2024Q1@2025", "-w", str(ws))
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert NOT_COLLECTED in text
    assert "МВД: mvd-05a «Обеспечение принципа «шаговой доступности» полиции»" in text
    official = cli("score", "2024Q1", "-w", str(ws))
    assert "Не собирались" not in official.output


def test_compare_says_what_was_not_collected(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    renamed(ws, cli)
    result = cli("compare", "2024Q1@2023", "2024Q1@2025", "-w", str(ws))
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert NOT_COLLECTED in text and "МВД: mvd-05a" in text
    english = cli("compare", "2024Q1@2023", "2024Q1@2025", "-w", str(ws), lang="en")
    assert "Not collected in the data of 2024Q1: the rules 2025 require them" in " ".join(english.output.split())


def test_a_rename_among_namesakes_is_not_guessed(cli: Cli, scratch: Callable[[str], Path]) -> None:
    """МПС has three KPIs with the same name, one per direction: two ids changed at once are
    paired within their directions, never across them."""
    ws = scratch("repo")
    assert cli("rules", "new", "2025", "--from", "2023", "-w", str(ws)).exit_code == 0
    path = ws / "rules" / "2025" / "mps.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (("mps-str-10", "mps-str-11"), ("mps-prom-04", "mps-prom-05")):
        assert f"id: {old}\n" in text
        text = text.replace(f"id: {old}\n", f"id: {new}\n")
    path.write_text(text, encoding="utf-8")
    data = json.loads(cli("rules", "diff", "2023", "2025", "--json", "-w", str(ws)).output)
    assert sorted((r["from"], r["to"]) for r in data["probable_renames"]) == [
        ("mps-prom-04", "mps-prom-05"),
        ("mps-str-10", "mps-str-11"),
    ]
