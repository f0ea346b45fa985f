"""`kpi export`: a workbook of live formulas generated from methodology.yaml, recalculated by
spreadsheet engines that are not ours — the `formulas` package always, LibreOffice where it
is installed — and compared with `kpi score --json`, on 2024Q1 and on a synthetic quarter of
values that sit exactly on truncation boundaries (where binary floating point errs)."""

from __future__ import annotations

import json
import shutil
import warnings
import zipfile
from collections.abc import Callable
from decimal import Decimal
from math import gcd
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import DATA, REPO, libreoffice_convert, needs_libreoffice, run_cli


def workbook(path: Path, data_only: bool = False) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_workbook(path, data_only=data_only)


def exported(workspace: Path, quarter: str, target: Path) -> Path:
    result = run_cli("export", quarter, "-o", str(target), "-w", str(workspace))
    assert result.exit_code == 0, result.output
    return target


def recalculated_by_formulas(path: Path) -> dict[tuple[str, str], Any]:
    """Every cell's value as the `formulas` package computes it: (sheet, cell) → value."""
    import formulas

    model = formulas.ExcelModel().loads(str(path)).finish()
    values = {}
    for key, value in model.calculate().items():
        sheet, _, cell = key.rpartition("!")
        values[(sheet.split("]")[-1].strip("'").upper(), cell.upper())] = value.value[0][0]
    return values


def expected_cells(path: Path, scored: dict[str, Any]) -> dict[tuple[str, str], Decimal | str]:
    """Where each of kpi's figures is in the workbook, and what it is: Z and W by KPI row,
    each direction result, R, and the rank on the ranking sheet."""
    book = workbook(path)
    cells: dict[tuple[str, str], Decimal | str] = {}
    ranking = book.worksheets[0]
    for body in scored["bodies"]:
        row = next(r for r in range(1, ranking.max_row + 1) if ranking.cell(r, 2).value == body["short"])
        cells[(ranking.title.upper(), f"A{row}")] = Decimal(body["rank"])
        cells[(ranking.title.upper(), f"D{row}")] = Decimal(body["R"])
        sheet = next(s for s in book.worksheets if s.title == body["short"])
        rows = {sheet.cell(r, 2).value: r for r in range(1, sheet.max_row + 1)}
        for direction in body["directions"]:
            for kpi in direction["kpis"]:
                r = rows[kpi["id"]]
                cells[(sheet.title.upper(), f"I{r}")] = Decimal(kpi["Z"]) if kpi["Z"] is not None else "-"
                cells[(sheet.title.upper(), f"J{r}")] = Decimal(kpi["W"])
        labels = {sheet.cell(r, 3).value: r for r in range(1, sheet.max_row + 1)}
        for direction in body["directions"]:
            r = labels[f"Результат по направлению «{direction['name']}»"]
            cells[(sheet.title.upper(), f"J{r}")] = Decimal(direction["sum"])
        score_row = labels["Итоговый результат " + body["short"] + " (R)"]
        cells[(sheet.title.upper(), f"J{score_row}")] = Decimal(body["R"])
    return cells


def same(value: Any, expected: Decimal | str) -> bool:
    if isinstance(expected, str):
        return value == expected
    return isinstance(value, (int, float)) and not isinstance(value, bool) and Decimal(repr(float(value))) == expected


def mismatches(path: Path, values: dict[tuple[str, str], Any], scored: dict[str, Any]) -> dict[Any, Any]:
    wanted = expected_cells(path, scored)
    return {where: (values.get(where), want) for where, want in wanted.items() if not same(values.get(where), want)}


def assert_recalculation_matches(path: Path, values: dict[tuple[str, str], Any], scored: dict[str, Any]) -> int:
    wrong = mismatches(path, values, scored)
    assert not wrong, list(wrong.items())[:10]
    return len(expected_cells(path, scored))


@pytest.fixture(scope="module")
def scored() -> dict[str, Any]:
    return json.loads(run_cli("score", "2024Q1", "--json", "-w", str(REPO)).output)


@pytest.fixture(scope="module")
def export_2024q1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return exported(REPO, "2024Q1", tmp_path_factory.mktemp("export") / "rating.xlsx")


def test_the_formulas_package_recomputes_every_figure_of_2024q1(export_2024q1: Path, scored: dict[str, Any]) -> None:
    checked = assert_recalculation_matches(export_2024q1, recalculated_by_formulas(export_2024q1), scored)
    assert checked == 115 * 2 + 16 + 14 * 3  # every Z and W, direction result, R (twice) and rank


def test_the_workbook_says_what_it_is(export_2024q1: Path, scored: dict[str, Any]) -> None:
    book = workbook(export_2024q1)
    assert book.sheetnames == ["Рейтинг", *[b["short"] for b in scored["bodies"]], "_kpi"]
    assert book["_kpi"].sheet_state == "veryHidden"
    mvd = book["МВД"]
    assert [c.value for c in mvd[6]] == ["№", "KPI", "Наименование KPI", "Ед.", "U, %", "N", "a", "b", "Z", "W"]
    assert (
        mvd["J7"].value == '=IF(OR(F7="-",F7=0),0,IF(OR(G7="-",H7="-"),0,IF(I7="-",0,'
        "IFERROR(TRUNC(ROUND(IF(I7>=F7,E7,((I7/F7)*E7)),10),1),0))))"
    )
    assert mvd["I7"].value == '=IF(OR(G7="-",H7="-"),"-",IFERROR(TRUNC(ROUND(((G7/H7)*100),10),1),"-"))'
    assert book["Рейтинг"]["A4"].value == "=RANK(D4,$D$4:$D$17,0)"
    cached = workbook(export_2024q1, data_only=True)  # what a viewer that does not calculate shows
    assert (cached["МВД"]["J7"].value, cached["Рейтинг"]["D4"].value, cached["Рейтинг"]["A5"].value) == (11.4, 96.4, 2)
    with zipfile.ZipFile(export_2024q1) as archive:
        assert "xl/charts/chart1.xml" in archive.namelist()  # the native bar chart


def test_an_export_imports_back_unchanged(scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")  # where it was exported: its token is the workspace's own
    export = exported(ws, "2024Q1", ws / "rating.xlsx")
    result = run_cli("quarter", "import", "2024Q1", str(export), "--dry-run", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("Проверено форм: 1; изменений было бы: 0")


def test_an_english_export_has_english_titles(tmp_path: Path) -> None:
    target = tmp_path / "rating-en.xlsx"
    assert run_cli("export", "2024Q1", "-o", str(target), "-w", str(REPO), lang="en").exit_code == 0
    book = workbook(target)
    assert book.sheetnames[0] == "Ranking"
    assert [c.value for c in book["Ranking"][3]] == ["Rank", "Body", "Name", "R"]
    assert [c.value for c in book["МВД"][6]][:3] == ["№", "KPI", "KPI name"]


def boundary_workspace(root: Path) -> Path:
    """Rules "t" with a body whose KPIs sit on truncation boundaries, one direction each (its
    weight U and a filler of 100 − U with no target), and a quarter of their values."""
    shutil.copytree(DATA / "workspaces" / "minimal", root)
    cases: list[tuple[str, int, int, str, str]] = [  # variant, U, N, a, b
        ("share_higher", 6, 30, "4", "100"),  # Z = 4; 4 / 30 * 6 = 0,8 exactly (floats: 0,7999…)
        ("share_higher", 20, 75, "57", "100"),  # Z = 57 / 100 * 100 = 57 (floats: 56,999…); W = 15,2
        ("share_higher", 10, 90, "29", "100"),  # 0,29 * 100 = 28,999… in floats
        ("share_higher", 10, 90, "7", "25"),  # 28 exactly
        ("share_lower", 15, 45, "60", "100"),  # 45 / 60 * 15 = 11,25
        ("count", 33, 33, "1", "-"),  # 1 / 33 * 33 = 1 (floats: 0,999…)
        ("count", 30, 70, "7", "-"),  # 7 / 70 * 30 = 3
    ]
    for weight, target in ((u, n) for u in (7, 13, 30, 35) for n in (21, 30, 70)):  # built like tests/test_exactness.py
        g = gcd(weight, target)
        for m in (1, 3, 10 * g - 1):
            share = m * (target // g)
            if share < 10 * target:
                cases.append(("share_higher", weight, target, str(share * 7), "7000"))
    lines = ["id: gamma", "short: ГАММА", 'name: "Министерство границ"', "directions:"]
    data = ["body: gamma", "kpis:"]
    for index, (variant, weight, target, a, b) in enumerate(cases):
        unit = "ед." if variant == "count" else '"%"'
        lines += [
            f"  - id: d{index}",
            f'    name: "Граница {index}"',
            "    kpis:",
            f'      - {{id: g{index}, name: "KPI {index}", variant: {variant}, weight: {weight},'
            f" target: {target}, unit: {unit}}}",
            f'      - {{id: f{index}, name: "Остаток {index}", variant: share_higher,'
            f' weight: {100 - weight}, target: "-", unit: "%"}}',
        ]
        data += [f"  g{index}:", f'    a: "{a}"', f'    b: "{b}"', f"  f{index}:", '    a: "1"', '    b: "2"']
    (root / "rules" / "t" / "gamma.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "quarters" / "2030Q1" / "gamma.yaml").write_text("\n".join(data) + "\n", encoding="utf-8")
    return root


def test_values_on_truncation_boundaries_recompute_as_kpi_computes(tmp_path: Path) -> None:
    ws = boundary_workspace(tmp_path / "ws")
    scored = json.loads(run_cli("score", "2030Q1", "--json", "-w", str(ws)).output)
    gamma = next(b for b in scored["bodies"] if b["id"] == "gamma")
    weights = {k["id"]: k["W"] for d in gamma["directions"] for k in d["kpis"]}
    assert (weights["g0"], weights["g1"], weights["g5"]) == ("0.8", "15.2", "1")  # the engine, exactly
    path = exported(ws, "2030Q1", tmp_path / "boundaries.xlsx")
    assert assert_recalculation_matches(path, recalculated_by_formulas(path), scored) > 100


def test_without_the_snap_a_spreadsheet_cuts_boundaries_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the boundary quarter is sharp: a plain TRUNC of the float loses 0,1 where kpi does not
    from engine.output import excel_formula

    monkeypatch.setattr(excel_formula, "SNAP", 15)  # ROUND(x,15) leaves the float noise in place
    ws = boundary_workspace(tmp_path / "ws")
    scored = json.loads(run_cli("score", "2030Q1", "--json", "-w", str(ws)).output)
    path = exported(ws, "2030Q1", tmp_path / "boundaries.xlsx")
    wrong = mismatches(path, recalculated_by_formulas(path), scored)
    assert wrong[("ГАММА", "I11")] == (56.9, Decimal("57"))  # Z = 57 / 100 * 100
    assert wrong[("ГАММА", "J11")] == (15.1, Decimal("15.2"))  # and its W


@needs_libreoffice
def test_libreoffice_recomputes_every_figure(export_2024q1: Path, scored: dict[str, Any], tmp_path: Path) -> None:
    # openpyxl keeps the formulas and drops the values kpi stored: LibreOffice must compute them
    stripped = tmp_path / "stripped.xlsx"
    workbook(export_2024q1).save(stripped)
    out = tmp_path / "out"
    libreoffice_convert([stripped], "xlsx", out)
    book = workbook(out / "stripped.xlsx", data_only=True)
    values = {(s.title.upper(), c.coordinate): c.value for s in book.worksheets for row in s.iter_rows() for c in row}
    assert assert_recalculation_matches(export_2024q1, values, scored) == 115 * 2 + 16 + 14 * 3


@needs_libreoffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed (apt install poppler-utils)")
def test_the_workbook_shows_figures_as_the_report_does(export_2024q1: Path, tmp_path: Path) -> None:
    """As LibreOffice prints it: 65 and 15, never 65.0; thousands grouped (in the reader's locale:
    1 318 826 in Russian, 1,318,826 in LibreOffice's default English); no KPI id, no quarter code."""
    import re
    import subprocess

    libreoffice_convert([export_2024q1], "pdf", tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / (export_2024q1.stem + ".pdf")), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(r"МТИ +Министерство торговли и интеграции РК +65(?![.,]\d)", text)  # R = 65, not 65.0
    # no whole number with a decimal point (but a KPI's name: «индустрии 4.0»)
    assert re.findall(r"\S+ +\d+[.,]0\b", text) == ["индустрии 4.0"] * text.count("индустрии 4.0")
    assert re.search(r"\b1[, \u00a0]318[, \u00a0]826\b", text)
    assert "Рейтинг ЦГО по KPI CDTO за I квартал 2024 года (правила 2023 года)" in text
    assert re.search(r"\d{4}Q\d", text) is None and re.search(r"\bm[a-z]+-\d", text) is None
    assert "kpi" not in text
