"""An independent reader of the published Q1 2024 report (quarters/2024Q1/source-report.txt).

The report is a Word document saved as text: every table cell is a line starting with a tab,
a cell's continuation lines have no tab, and rows are separated by blank lines. This reader
exists only for tests: it lets them compare our YAML transcription with the source itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS = ("no", "name", "weight", "target", "unit", "a", "b", "share", "assigned")


@dataclass
class ReportKpi:
    no: str
    name: str
    weight: str
    target: str
    unit: str
    a: str
    b: str
    share: str
    assigned: str


@dataclass
class ReportDirection:
    name: str
    kpis: list[ReportKpi] = field(default_factory=list)
    result: str | None = None


@dataclass
class ReportBody:
    name: str
    directions: list[ReportDirection] = field(default_factory=list)
    score: str = ""


def _rows(lines: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                rows.append(current)
                current = []
        elif line.startswith("\t"):
            current.append(line[1:])
        elif current:
            current[-1] += "\n" + line
    if current:
        rows.append(current)
    merged: list[list[str]] = []
    for row in rows:  # МСХ №3: a blank line splits one row after the KPI's name
        if merged and len(merged[-1]) == 2 and merged[-1][0].isdigit() and len(row) == 7:
            merged[-1] = merged[-1] + row
        else:
            merged.append(row)
    return merged


def read_report(path: Path) -> tuple[list[tuple[str, str]], list[ReportBody]]:
    """The ranking table (body name, R) and every body's KPI table, cells as printed."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("\tМинистерство внутренних дел РК ("))
    end = next(i for i, line in enumerate(lines) if line.startswith("Рейтинг ЦГО"))
    ranking_start = next(i for i, line in enumerate(lines) if line.startswith("\tПрисвоенный удельный вес"))
    ranking_end = next(i for i, line in enumerate(lines) if line.startswith("Согласно обработанным"))
    ranking = [(row[1], row[3]) for row in _rows(lines[ranking_start + 1 : ranking_end]) if len(row) == 4]
    bodies: list[ReportBody] = []
    for row in _rows(lines[start:end]):
        if len(row) == 1:
            match = re.fullmatch(r"(Министерство .*? РК)(?: \((.*)\))?", row[0])
            if match:
                bodies.append(ReportBody(match[1]))
                if match[2]:
                    bodies[-1].directions.append(ReportDirection(match[2]))
            else:
                bodies[-1].directions.append(ReportDirection(row[0]))
        elif len(row) == 2:
            if row[0].startswith("Результат по направлению"):
                bodies[-1].directions[-1].result = row[1]
            else:
                bodies[-1].score = row[1]
        else:
            assert len(row) == len(COLUMNS), row
            bodies[-1].directions[-1].kpis.append(ReportKpi(*row))
    return ranking, bodies
