"""`kpi quarter new|validate|status` and the warnings about data: the collection campaign."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from engine import writing
from engine.rules import load_rules
from engine.workspace import Workspace
from tests.conftest import REPO, run_cli, tree_digest
from tests.hostile.harness import replace


def test_a_new_quarter_lists_every_kpi_with_empty_values(scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    result = run_cli("quarter", "new", "2024Q2", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Создан квартал 2024Q2: quarters/2024Q2 (правила 2023; 14 органов, 115 KPI")
    folder = ws / "quarters" / "2024Q2"
    rules, _ = load_rules(Workspace(ws), "2023")
    assert rules is not None
    assert sorted(p.name for p in folder.iterdir()) == sorted(["quarter.yaml", *(f"{b.id}.yaml" for b in rules.bodies)])
    assert "status: draft" in (folder / "quarter.yaml").read_text(encoding="utf-8")
    mvd = (folder / "mvd.yaml").read_text(encoding="utf-8")
    assert mvd.startswith("# yaml-language-server: $schema=../../schemas/quarter-body.schema.json\n")
    for kpi in rules.body("mvd").kpis:  # type: ignore[union-attr]
        assert f"  {kpi.id}:  # №{kpi.no} " in mvd
    assert "    a:\n    b:\n" in mvd and '"' not in mvd.split("kpis:")[1]
    status = json.loads(run_cli("quarter", "status", "2024Q2", "--json", "-w", str(ws)).output)
    assert (
        status["complete"],
        sum(b["missing"] for b in status["bodies"]),
        sum(b["filled"] for b in status["bodies"]),
    ) == (False, 115, 0)
    checked = run_cli("quarter", "validate", "2024Q2", "-w", str(ws))
    assert checked.exit_code == 1
    # a file still being filled is one line, not a line per empty value
    lines = checked.output.splitlines()
    assert len(lines) == 15 and lines[-1] == "Квартал 2024Q2: проблем — 14, предупреждений — 0"
    assert lines[12] == (
        "quarters/2024Q2/mvd.yaml:8:5: не заполнено значений: 13 (KPI mvd-01, mvd-02, …, mvd-07); впишите a и b, "
        'а где данных нет — "-"; ход сбора: kpi quarter status 2024Q2'
    )
    assert run_cli("score", "2024Q2", "-w", str(ws)).exit_code == 1
    # three empty values or fewer are each named at their place
    mvd_file = folder / "mvd.yaml"
    mvd_file.write_text(mvd.replace("    a:\n    b:\n", '    a: "1"\n    b: "2"\n'), encoding="utf-8")
    lines = run_cli("quarter", "validate", "2024Q2", "-w", str(ws)).output.splitlines()
    assert [line for line in lines if "mvd.yaml" in line] == [
        'quarters/2024Q2/mvd.yaml:20:5: KPI mvd-05: пустое значение; если данных нет, напишите "-"',
    ]


def test_a_new_quarter_never_replaces_one(scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    before = tree_digest(ws)
    taken = run_cli("quarter", "new", "2024Q1", "-w", str(ws))
    assert (taken.exit_code, taken.stderr.strip()) == (2, "квартал 2024Q1 уже есть (quarters/2024Q1); он не изменён")
    wrong = run_cli("quarter", "new", "2024-2", "-w", str(ws))
    assert (wrong.exit_code, wrong.stderr.strip()) == (2, "«2024-2» — не квартал; пишите год и номер квартала: 2024Q2")
    assert tree_digest(ws) == before


def test_a_quarter_filled_with_2024q1_values_is_complete_and_scores_the_same(scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    assert run_cli("quarter", "new", "2024Q2", "-w", str(ws)).exit_code == 0
    for path in (ws / "quarters" / "2024Q1").glob("*.yaml"):
        if path.name not in ("quarter.yaml", "published.yaml"):
            shutil.copyfile(path, ws / "quarters" / "2024Q2" / path.name)
    status = json.loads(run_cli("quarter", "status", "2024Q2", "--json", "-w", str(ws)).output)
    assert status["complete"] and sum(b["filled"] for b in status["bodies"]) == 115
    # every body's values are those of the quarter before: each says so, as a warning
    assert {b["warnings"] for b in status["bodies"]} == {1}
    checked = run_cli("quarter", "validate", "2024Q2", "-w", str(ws))
    assert checked.exit_code == 0
    assert checked.output.splitlines()[0] == (
        "quarters/2024Q2/me.yaml:1:1: предупреждение: все значения совпадают с кварталом 2024Q1"
        " — не скопирован ли файл без изменений?"
    )
    assert run_cli("quarter", "validate", "2024Q2", "--strict", "-w", str(ws)).exit_code == 1
    scores = [b["R"] for b in json.loads(run_cli("score", "2024Q2", "--json", "-w", str(ws)).output)["bodies"]]
    assert scores == [
        b["R"] for b in json.loads(run_cli("score", "2024Q1", "--json", "-w", str(REPO)).output)["bodies"]
    ]


def test_warnings_never_stop_a_command_unless_strict(scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    replace("quarters/2024Q1/mvd.yaml", 'a: "156 710"', 'a: "363 250"')(ws)  # a > b: Z above 100 %
    replace("quarters/2024Q1/mju.yaml", 'b: "45 758"', 'b: "0"')(ws)  # b = 0 with a > 0
    shown = run_cli("score", "2024Q1", "-w", str(ws))
    assert shown.exit_code == 0
    assert shown.stderr.splitlines() == [  # official data edited: said first, file by file (engine.seal)
        f"quarters/2024Q1/{name}.yaml:1:1: предупреждение: файл данных изменён после публикации квартала 2024Q1:"
        " официальные цифры могут не совпасть с опубликованными; верните файл (git checkout --"
        f' quarters/2024Q1/{name}.yaml) или снимите квартал с публикации: kpi quarter unpublish 2024Q1 --reason "…"'
        for name in ("mju", "mvd")
    ]
    assert shown.stdout.splitlines()[-1] == (
        "Предупреждений: 2 (данные считаются, но их стоит проверить): kpi quarter validate 2024Q1"
    )
    data = json.loads(run_cli("score", "2024Q1", "--json", "-w", str(ws)).stdout)
    assert [(w["code"], w["kpi"], w["severity"]) for w in data["warnings"]] == [
        ("warn-zero-denominator", "mju-01", "warning"),
        ("warn-share-above-100", "mvd-01", "warning"),
    ]
    strict = run_cli("score", "2024Q1", "--strict", "-w", str(ws))
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[2:] == [
        "quarters/2024Q1/mju.yaml:8:5: предупреждение: KPI mju-01: b = «0» при a = «17 532»:"
        " доля не определена и W = 0 — не пропущен ли знаменатель?",
        "quarters/2024Q1/mvd.yaml:8:5: предупреждение: KPI mvd-01: a = «363 250» больше b = «363 249»:"
        " доля выше 100 % — не перепутаны ли числитель и знаменатель?",
        "найдено проблем: 2",
    ]
    assert json.loads(run_cli("score", "2024Q1", "--json", "-w", str(REPO)).output)["warnings"] == []


# --- an example quarter replaced by the real one (kpi quarter new --replace-example) ---------------


def test_an_example_quarter_is_replaced_only_when_asked_and_a_real_one_never(
    scratch: Callable[[str], Path], cli: Callable[..., Result]
) -> None:
    ws = scratch("repo-history")
    before = tree_digest(ws)
    refused = cli("-w", str(ws), "quarter", "new", "2024Q3")
    assert refused.exit_code == 2 and "это пример (status: example" in refused.output
    never = cli("-w", str(ws), "quarter", "new", "2024Q1", "--replace-example")
    assert never.exit_code == 2 and "не пример (status: official)" in never.output
    assert tree_digest(ws) == before
    done = cli("-w", str(ws), "quarter", "new", "2024Q3", "--replace-example")
    assert done.exit_code == 0, done.output
    assert "status: draft" in (ws / "quarters" / "2024Q3" / "quarter.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in (ws / "quarters").iterdir()) == ["2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4"]


def test_a_failed_replacement_puts_the_example_back(
    scratch: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = scratch("repo-history")
    before = tree_digest(ws / "quarters")
    real_rename = os.rename
    failed: list[str] = []

    def rename(source: str, target: str) -> None:
        if ".2024Q3." in str(source) and not failed:  # the new folder's rename into place fails
            failed.append(str(source))
            raise OSError(28, "No space left on device")
        real_rename(source, target)

    monkeypatch.setattr(writing.os, "rename", rename)
    with pytest.raises(writing.OutputFileError):
        writing.write_files(ws / "quarters" / "2024Q3", {"quarter.yaml": b"x"}, "replace")
    assert tree_digest(ws / "quarters") == before
    assert [p.name for p in (ws / "quarters").iterdir() if p.name.startswith(".")] == []
