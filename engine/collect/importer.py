"""`kpi quarter import`: filled forms (and exported workbooks) back into a quarter's YAML.

Every value is read with the same parser and rules as the YAML files, and every problem is
placed at its cell (`forms/mvd-2024Q2.xlsx!МВД!G9: …`), with the KPI. Numeric cells are read
exactly: the shortest decimal that reads back as the cell's number, never the binary float,
written as staff would type it (1 318 826; 3 714 388,81). Text cells go through the
report-format parser ("1 318 826", "4,05 млрд", a no-break space, trailing spaces). A cell
that is a formula, a date, a percentage, a yes/no, an error, or a row that was merged or
deleted, is a problem; a form of another rules version or quarter is refused. Nothing is
written unless every file is clean (see engine/collect/apply.py). openpyxl is imported here.

What comes from outside is not trusted (issue 22): every part of the zip is measured while it
streams before openpyxl builds anything (engine/collect/scan.py); the metadata must name bodies
of the rules, each with the token of its body and quarter (engine/collect/token.py); only visible
sheets are read, and data on a hidden one is a problem at its cell; a sheet holds rows of its
own body only, and a KPI once per workbook (and per import: engine/collect/apply.py). An empty
input cell is a problem at its cell unless the import is `--partial`; what clerks type wrong
("12%", "1.234,5") is explained in their words, never in the data files' (no quotes, no YAML).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.collect.layout import FORMAT, META_SHEET
from engine.files import read_named
from engine.formats import entered_text
from engine.model import Body, RulesVersion
from engine.numbers import NumberFormatError, parse_text
from engine.problems import Problem, Where
from engine.safetext import first_unsafe, shown

MAX_WORKBOOK_BYTES = 10_000_000  # a form is about 10 kB, an export of 2024Q1 about 60 kB
MAX_UNPACKED_BYTES = 50_000_000  # what the zip may hold once unpacked (a zip bomb is refused)
MAX_ROWS, MAX_COLUMNS = 2_000, 60  # a sheet larger than this is not one of ours
HEADER_SEARCH = 30  # the header row is looked for in the first rows of a sheet


@dataclass
class Imported:
    """What one workbook gives: values by body and KPI, and the problems and warnings."""

    file: str
    rules: str = ""
    quarter: str = ""
    values: dict[str, dict[str, tuple[str | None, str | None]]] = field(default_factory=dict)
    cells: dict[tuple[str, str], str] = field(default_factory=dict)  # (KPI, a|b) → file!sheet!cell
    empty: list[tuple[str, str]] = field(default_factory=list)  # (file!sheet!cell, KPI) of empty input cells
    contacts: dict[str, tuple[str, str]] = field(default_factory=dict)  # body → (person, phone), from a form
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def read_workbook(
    path: Path, display: str, rules: RulesVersion, quarter: str, secret: bytes | None = None, partial: bool = False
) -> Imported:
    """Read one workbook against the quarter's rules; see the module's note. `secret`: the
    workspace's (engine.collect.token); without one no workbook's token matches. An empty input
    cell is a problem at its cell; `partial` (a form still being filled): one warning line."""
    found = Imported(display)
    raw, problems = read_named(path, display, MAX_WORKBOOK_BYTES)
    if raw is None:  # named by the file alone, as every problem of a whole workbook
        found.problems += [replace(p, where=Where(display, 0, 0)) for p in problems]
        return found
    book = _open(raw, display, found)
    if book is None:
        return found
    meta = _meta(book, display, found)
    if meta is None:
        return found
    if meta.get("rules") != rules.id:
        args = {"rules": shown(str(meta.get("rules"))), "expected": rules.id, "quarter": quarter}
        found.problems.append(Problem(Where(display, 0, 0), "import-other-rules", args=args))
        return found
    if meta.get("quarter") != quarter:
        args = {"other": shown(str(meta.get("quarter"))), "quarter": quarter}
        found.problems.append(Problem(Where(display, 0, 0), "import-other-quarter", args=args))
        return found
    titles = _bound_bodies(meta["bodies"], display, rules, quarter, secret, found)
    if titles is None:
        return found
    kpis = {kpi.id: (body, kpi) for body in rules.bodies for kpi in body.kpis}
    seen: dict[str, tuple[str, str]] = {}  # KPI id → (sheet, cell) of its row, in every sheet
    for sheet in book.worksheets:
        if sheet.title == META_SHEET:
            continue
        if sheet.sheet_state != "visible":  # a hidden sheet gives nothing, and holds nothing
            filled = _first_filled(sheet)
            if filled is not None:
                where = Where(f"{display}!{sheet.title}!{filled}", 0, 0)
                found.problems.append(Problem(where, "import-hidden-sheet", args={"sheet": shown(sheet.title)}))
            continue
        expected = titles.get(sheet.title) or (next(iter(titles.values())) if len(titles) == 1 else None)
        _sheet(sheet, display, rules, kpis, expected, set(titles.values()), seen, found)
    given = any(a is not None or b is not None for body in found.values.values() for a, b in body.values())
    if not given and not found.problems:
        found.warnings.append(Problem(Where(display, 0, 0), "import-empty", severity="warning"))
    elif found.empty and partial:
        cells = ", ".join(place.rsplit("!", 1)[-1] for place, _ in found.empty[:10])
        more = len(found.empty) - 10
        counted: dict[str, object] = {"count": len(found.empty), "cells": cells + (f" … (+{more})" if more > 0 else "")}
        found.warnings.append(Problem(Where(display, 0, 0), "import-partial", args=counted, severity="warning"))
    elif found.empty:
        found.problems += [Problem(Where(place, 0, 0), "import-empty-cell", kpi) for place, kpi in found.empty]
    return found


def _bound_bodies(
    listed: list[tuple[object, object, object]],
    display: str,
    rules: RulesVersion,
    quarter: str,
    secret: bytes | None,
    found: Imported,
) -> dict[str, str] | None:
    """The bodies the workbook was made for, by sheet title (their tokens checked), or None
    with a problem: a body that is not one of the rules', or whose token does not match."""
    from engine.collect.token import token_matches

    titles: dict[str, str] = {}
    where = Where(display, 0, 0)
    for body_id, title, given in listed:
        body = rules.body(body_id) if isinstance(body_id, str) else None
        if body is None or not isinstance(title, str):
            found.problems.append(Problem(where, "import-meta-tampered", args={"text": shown(str(body_id), 40)}))
            return None
        if not token_matches(secret, quarter, body.id, given):
            found.problems.append(
                Problem(where, "import-token-mismatch", args={"body": body.short, "quarter": quarter})
            )
            return None
        titles[title] = body.id
    if not titles:
        found.problems.append(Problem(where, "import-not-a-form"))
        return None
    return titles


def _first_filled(sheet: Any) -> str | None:
    """The first cell of a sheet that holds anything."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and cell.value != "":
                return str(cell.coordinate)
    return None


def _open(raw: bytes, display: str, found: Imported) -> Any:
    """The workbook, or None with a problem: not a zip (not xlsx, or encrypted), larger than
    the bounds unpacked or in its sheets (measured while streaming, before anything is built:
    engine.collect.scan), or a file openpyxl cannot read."""
    from engine.collect.scan import open_workbook, scan

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        refusal = scan(archive, MAX_UNPACKED_BYTES, MAX_ROWS, MAX_COLUMNS)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        found.problems.append(Problem(Where(display, 0, 0), "import-not-xlsx"))
        return None
    if refusal is not None:
        args = {"limit": MAX_UNPACKED_BYTES, "rows": MAX_ROWS, "columns": MAX_COLUMNS}
        found.problems.append(Problem(Where(display, 0, 0), refusal.code, args=args))
        return None
    book = open_workbook(raw)
    if book is None:
        found.problems.append(Problem(Where(display, 0, 0), "import-not-xlsx"))
    return book


def _meta(book: Any, display: str, found: Imported) -> dict[str, Any] | None:
    """What the workbook says it is; a key given twice, or a value that is not text, is a
    workbook tampered with."""
    if META_SHEET not in book.sheetnames:
        found.problems.append(Problem(Where(display, 0, 0), "import-not-a-form"))
        return None
    meta: dict[str, Any] = {"bodies": []}
    for row in book[META_SHEET].iter_rows(min_row=1, max_row=200, max_col=4, values_only=True):
        key, value = row[0], row[1] if len(row) > 1 else None
        if key == "body":
            meta["bodies"].append((value, row[2] if len(row) > 2 else None, row[3] if len(row) > 3 else None))
        elif isinstance(key, str) and key in ("format", "quarter", "rules"):
            if key in meta or not isinstance(value, str):
                found.problems.append(Problem(Where(display, 0, 0), "import-meta-tampered", args={"text": key}))
                return None
            meta[key] = value
    if meta.get("format") != FORMAT:
        found.problems.append(Problem(Where(display, 0, 0), "import-not-a-form"))
        return None
    found.rules, found.quarter = str(meta.get("rules")), str(meta.get("quarter"))
    return meta


def _sheet(
    sheet: Any,
    display: str,
    rules: RulesVersion,
    kpis: dict[str, tuple[Body, Any]],
    expected_body: str | None,
    allowed: set[str],
    seen: dict[str, tuple[str, str]],
    found: Imported,
) -> None:
    """One visible sheet: a form's layout (its header row), rows of `expected_body` only (or,
    in a workbook of several bodies whose sheet was renamed, of one of `allowed`)."""
    where = f"{display}!{sheet.title}"
    if sheet.max_row > MAX_ROWS or sheet.max_column > MAX_COLUMNS:
        found.problems.append(
            Problem(Where(where, 0, 0), "import-sheet-too-large", args={"rows": MAX_ROWS, "columns": MAX_COLUMNS})
        )
        return
    header = _header(sheet)
    if header is None:
        if expected_body is not None and len(allowed) == 1:  # the form's sheet without its header row
            found.problems.append(Problem(Where(where, 0, 0), "import-no-header"))
        return
    header_row, columns = header
    merged = [r for r in sheet.merged_cells.ranges if r.max_row > header_row]
    sheet_bodies: set[str] = set()
    for row in range(header_row + 1, sheet.max_row + 1):
        id_cell = sheet.cell(row, columns["KPI"])
        if any(r.min_row <= row <= r.max_row for r in merged):
            found.problems.append(Problem(Where(f"{where}!{id_cell.coordinate}", 0, 0), "import-merged"))
            continue
        kpi_id = id_cell.value
        values = [sheet.cell(row, columns[key]).value for key in ("a", "b") if key in columns]
        if kpi_id is None and all(v is None for v in values):
            continue  # an empty row
        cell_where = Where(f"{where}!{id_cell.coordinate}", 0, 0)
        if not isinstance(kpi_id, str) or kpi_id.strip() not in kpis:
            found.problems.append(Problem(cell_where, "import-unknown-kpi", args={"id": shown(str(kpi_id))}))
            continue
        kpi_id = kpi_id.strip()
        body, kpi = kpis[kpi_id]
        if expected_body is None and body.id in allowed:
            expected_body = body.id  # a renamed sheet of a workbook of several bodies: its first row says
        if body.id != expected_body:
            args = {"body": body.short, "expected": shown(str(expected_body or "?"))}
            found.problems.append(Problem(cell_where, "import-other-body", kpi_id, args))
            continue
        if kpi_id in seen:
            title, coordinate = seen[kpi_id]
            first = coordinate if title == sheet.title else f"{shown(title)}!{coordinate}"
            found.problems.append(Problem(cell_where, "import-duplicate-row", kpi_id, {"first": first}))
            continue
        seen[kpi_id] = (sheet.title, id_cell.coordinate)
        sheet_bodies.add(body.id)
        uses = rules.methodology.variants[kpi.variant].inputs
        texts: list[str | None] = []
        for key in ("a", "b"):
            if key not in columns or (key == "b" and "b" not in uses):
                texts.append(None)
                continue
            cell = sheet.cell(row, columns[key])
            found.cells[(kpi_id, key)] = f"{where}!{cell.coordinate}"
            if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                found.empty.append((f"{where}!{cell.coordinate}", kpi_id))
            texts.append(_cell_text(cell, f"{where}!{cell.coordinate}", kpi_id, found))
        found.values.setdefault(body.id, {})[kpi_id] = (texts[0], texts[1])
    if expected_body is not None and len(allowed) == 1:  # a form: who filled it, and a phone
        _contact(sheet, header_row, where, expected_body, found)
    for body_id in sorted(sheet_bodies | ({expected_body} if expected_body else set())):
        listed = rules.body(body_id)
        assert listed is not None
        for kpi in listed.kpis:
            if kpi.id not in found.values.get(body_id, {}):
                found.problems.append(Problem(Where(where, 0, 0), "import-row-missing", kpi.id, {"no": kpi.no}))


MAX_CONTACT = 200


def _contact(sheet: Any, header_row: int, where: str, body: str, found: Imported) -> None:
    """The responsible person (column C) and phone (G) in the row above the header, as text."""
    from engine.collect.layout import COLUMN_OF

    texts = []
    for column in (COLUMN_OF["name"], COLUMN_OF["a"]):
        cell = sheet.cell(header_row - 1, column)
        value = cell.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None or isinstance(value, bool) else " ".join(str(value).split())
        offset = first_unsafe(text)
        if offset is not None:
            from engine.safetext import describe

            place = Where(f"{where}!{cell.coordinate}", 0, 0)
            found.problems.append(Problem(place, "text-invisible", args={"char": describe(text[offset])}))
            return
        texts.append(text[:MAX_CONTACT])
    if any(texts):
        found.contacts[body] = (texts[0], texts[1])


def _header(sheet: Any) -> tuple[int, dict[str, int]] | None:
    """The header row (with «KPI» and «a») and the column of each of its cells."""
    for row in range(1, min(sheet.max_row, HEADER_SEARCH) + 1):
        names: dict[str, int] = {}
        for column in range(1, min(sheet.max_column, MAX_COLUMNS) + 1):
            value = sheet.cell(row, column).value
            if isinstance(value, str) and value.strip() in ("KPI", "a", "b", "№"):
                names.setdefault(value.strip(), column)
        if "KPI" in names and "a" in names:
            return row, names
    return None


def _cell_text(cell: Any, where: str, kpi: str, found: Imported) -> str | None:
    """A value as text the data file keeps, or None for an empty cell (and a problem for a
    cell that is not a value: see the module's note)."""
    place = Where(where, 0, 0)
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
        found.problems.append(Problem(place, "import-formula", kpi, {"text": shown(str(value), 60)}))
        return None
    if cell.data_type == "e":
        found.problems.append(Problem(place, "import-error-value", kpi, {"text": shown(str(value), 20)}))
        return None
    if isinstance(value, bool):
        found.problems.append(Problem(place, "import-bool", kpi))
        return None
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        found.problems.append(Problem(place, "import-date", kpi, {"text": str(value)}))
        return None
    if isinstance(value, (int, float)):
        if "%" in str(cell.number_format):
            found.problems.append(Problem(place, "import-percent", kpi, {"value": repr(value)}))
            return None
        exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not exact.is_finite():
            found.problems.append(Problem(place, "number-not-finite", kpi, {"text": repr(value)}))
            return None
        text = entered_text(exact)
    else:
        text = str(value).strip()
        typed = _typed_like(text)
        if typed is not None:  # what a clerk types that needs its own explanation
            found.problems.append(Problem(place, typed, kpi, {"text": shown(text, 40)}))
            return None
        offset = first_unsafe(text)
        if offset is not None:
            from engine.safetext import describe

            found.problems.append(Problem(place, "text-invisible", kpi, {"char": describe(text[offset])}))
            return None
    try:
        parse_text(text)
    except NumberFormatError as exc:  # said to a clerk: no quotes, no field names
        code = CLERK_CODES.get(exc.code, exc.code)
        found.problems.append(Problem(place, code, kpi, {"text": exc.text, "field": "", **exc.details}))
        return None
    return text


# the parser's messages speak of the data files (quotes, "-"); a form's cell is told in its own words
CLERK_CODES = {
    "number-format": "clerk-number-format",
    "number-negative": "clerk-number-negative",
    "number-dash": "clerk-number-dash",
    "number-empty": "import-empty-cell",
}
_PERCENT = re.compile(r"[0-9][0-9 \u00a0\u202f.,]*\s*%")
_DOT_GROUPS = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?")
_COMMA_GROUPS_POINT = re.compile(r"[0-9]{1,3}(,[0-9]{3})+\.[0-9]+")


def _typed_like(text: str) -> str | None:
    """The code of an explanation of its own, for what a clerk typed: a percentage ("12%",
    "45 %"), thousands grouped by points ("1.234,5", "1.234.567") or by commas with a decimal
    point ("1,234.5"); None for anything else (the parser says the rest)."""
    if _PERCENT.fullmatch(text):
        return "clerk-percent"
    if _DOT_GROUPS.fullmatch(text):
        return "clerk-point-groups"
    if _COMMA_GROUPS_POINT.fullmatch(text):
        return "clerk-comma-groups"
    return None


def read_all(
    paths: Iterable[tuple[Path, str]],
    rules: RulesVersion,
    quarter: str,
    secret: bytes | None = None,
    partial: bool = False,
) -> list[Imported]:
    return [read_workbook(path, display, rules, quarter, secret, partial) for path, display in paths]
