"""The spreadsheet baseline of `make bench`: the rating as the office builds it in Excel today,
one workbook with live formulas, recalculated by LibreOffice.

`write_rating(workspace, quarter, path)` writes three sheets: «Рейтинг» (R of each body by
AVERAGEIF over its directions, and RANK), «Направления» (each direction's sum of W by SUMIFS)
and «KPI» (one row per KPI: U, N, a, b and the IF formulas of rules 2023 for Z and W, each cut
by TRUNC). The cached values are left at 0, so a figure in the converted sheet is LibreOffice's
own recalculation. `recalculate(path, out)` converts the first sheet to CSV with recalculation
on load forced (a private LibreOffice profile), and `scores(csv)` reads R back by body.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def _number(written: object) -> float | str:
    text = str(written).replace("\u00a0", "").replace(" ", "").replace(",", ".")
    return "" if text == "-" else float(Decimal(text))


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=Loader)


def write_rating(workspace: Path, quarter: str, target: Path) -> int:
    """The workbook of `quarter`; returns the number of KPI rows."""
    import xlsxwriter

    folder = workspace / "quarters" / quarter
    rules = workspace / "rules" / str(_load(folder / "quarter.yaml")["rules"])
    data = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name not in ("quarter.yaml", "published.yaml"):
            document = _load(path)
            data[document["body"]] = document["kpis"]
    book = xlsxwriter.Workbook(str(target))
    ranking, directions_sheet, kpi_sheet = (book.add_worksheet(n) for n in ("Рейтинг", "Направления", "KPI"))
    kpi_sheet.write_row(0, 0, ["орган", "направление", "KPI", "вариант", "U", "N", "a", "b", "Z", "W"])
    directions_sheet.write_row(0, 0, ["орган", "направление", "сумма W"])
    ranking.write_row(0, 0, ["орган", "R", "место"])
    bodies, directions, row = [], [], 1
    for path in sorted(rules.glob("*.yaml")):
        if path.name == "methodology.yaml":
            continue
        body = _load(path)
        bodies.append(body["id"])
        for direction in body["directions"]:
            directions.append((body["id"], direction["id"]))
            for kpi in direction["kpis"]:
                figures = data.get(body["id"], {}).get(kpi["id"], {})
                target_n = "" if kpi["target"] == "-" else kpi["target"]
                values = [body["id"], direction["id"], kpi["id"], kpi["variant"], kpi["weight"], target_n]
                values += [_number(figures.get("a", "-")), _number(figures.get("b", "-"))]
                kpi_sheet.write_row(row, 0, values)
                r = row + 1
                kpi_sheet.write_formula(
                    row, 8, f'=IF(OR(D{r}="count",G{r}="",H{r}="",H{r}=0),"",TRUNC(G{r}/H{r}*100,1))'
                )
                kpi_sheet.write_formula(
                    row,
                    9,
                    f'=IF(OR(F{r}="",F{r}=0),0,IF(D{r}="count",IF(G{r}="",0,TRUNC(IF(G{r}>=F{r},E{r},G{r}/F{r}*E{r}),1)),'
                    f'IF(I{r}="",0,IF(D{r}="share_higher",TRUNC(IF(I{r}>=F{r},E{r},I{r}/F{r}*E{r}),1),'
                    f"TRUNC(IF(I{r}<=F{r},E{r},F{r}/I{r}*E{r}),1)))))",
                )
                row += 1
    last = row
    for index, (body_id, direction_id) in enumerate(directions, start=1):
        r = index + 1
        directions_sheet.write_row(index, 0, [body_id, direction_id])
        directions_sheet.write_formula(
            index, 2, f"=TRUNC(SUMIFS(KPI!$J$2:$J${last},KPI!$A$2:$A${last},A{r},KPI!$B$2:$B${last},B{r}),1)"
        )
    ends = len(directions) + 1
    for index, body_id in enumerate(bodies, start=1):
        r = index + 1
        ranking.write(index, 0, body_id)
        ranking.write_formula(
            index, 1, f"=TRUNC(AVERAGEIF(Направления!$A$2:$A${ends},A{r},Направления!$C$2:$C${ends}),1)"
        )
        ranking.write_formula(index, 2, f"=RANK(B{r},$B$2:$B${len(bodies) + 1},0)")
    book.close()
    return last - 1


def recalculate(workbook: Path, out: Path) -> Path:
    """LibreOffice headless: the first sheet of `workbook`, recalculated, as CSV in `out`."""
    profile = out / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD, encoding="utf-8")
    soffice = shutil.which("soffice") or "soffice"
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "csv"]
    subprocess.run([*command, "--outdir", str(out), str(workbook)], check=True, capture_output=True)
    return out / (workbook.stem + ".csv")


def scores(converted: Path) -> dict[str, str]:
    """R of each body as LibreOffice computed it."""
    with converted.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    return {row[0]: format(Decimal(row[1]).normalize(), "f") for row in rows if len(row) > 1 and row[1]}
