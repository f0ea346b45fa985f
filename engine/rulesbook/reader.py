"""Reading edited rules workbooks: bounded, every cell checked, every problem at its cell.

A workbook is refused whole when it is not one `kpi rules export` wrote (no hidden sheet,
another format), when it is of another rules version than the one it is imported onto, when
it is too large (checked on the file and on the zip's members before anything is built), or
when it cannot be opened (damaged, or encrypted by a password to open). A body's sheet is
known by the body and version its hidden key row names, never by its title; its columns by
their hidden keys, so a deleted or moved column is found. Each cell: a formula, a date, a
yes/no, an error value, a percentage format or merged cells are refused where they are; a
number is read exactly (the shortest decimal that reads back as the cell's number); a text
number goes through the report-format parser. What is not a number stays text and is
refused later by the YAML checks themselves, at its cell (engine.rulesbook.draft).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.files import read_named
from engine.i18n import tr
from engine.model import RulesVersion
from engine.numbers import NumberFormatError, parse_text
from engine.problems import Problem, Where
from engine.rulesbook.layout import (
    BODY_MARK,
    COLUMNS,
    DIRECTION_MARK,
    FORMAT,
    KEY_PREFIX,
    KEY_SEARCH,
    MAX_COLUMNS,
    MAX_MEMBERS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_WORKBOOK_BYTES,
    META_SHEET,
    REQUIRED,
    RULES_MARK,
)
from engine.safetext import describe, first_unsafe, shown
from engine.suggest import did_you_mean

Value = Decimal | str | None  # a number, "-" (no target), other text as typed (refused later), None: empty
NOT_MARKED = frozenset({"", "нет", "no", "жоқ", "0", "-"})
_PLAIN_NUMBER = re.compile(r"[0-9 \u00a0\u202f]+([,.][0-9]+)?")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx is an OLE container


@dataclass
class Row:
    """One KPI row of a sheet, as read: None for a cell left as it was not given."""

    row: int
    kpi: str | None  # None: a new KPI
    name: str
    variant: str | None  # a variant id; None where the cell was refused
    weight: Value
    target: Value
    removed: bool
    cells: dict[str, str]  # key → file!sheet!E7


@dataclass
class SheetRead:
    body: str
    where: str  # file!sheet
    directions: dict[str, list[Row]]  # direction id → its rows in order (OLD's direction ids)
    direction_cells: dict[str, str]  # direction id → the cell of its weight total


@dataclass
class BookRead:
    file: str
    rules: str = ""
    hashes: dict[str, str] = field(default_factory=dict)
    sheets: list[SheetRead] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def at(where: str) -> Where:
    return Where(where, 0, 0)


def read_rulesbook(path: Path, display: str, old: RulesVersion) -> BookRead:
    """Read one workbook against OLD (the version it must have been exported from)."""
    found = BookRead(display)
    raw, problems = read_named(path, display, MAX_WORKBOOK_BYTES)
    if raw is None:
        found.problems += [Problem(at(display), p.code, p.kpi, p.args) for p in problems]
        return found
    book = _open(raw, display, found)
    if book is None:
        return found
    if not _meta(book, display, old, found):
        return found
    bodies = {body.id for body in old.bodies}
    seen: dict[str, str] = {}
    for sheet in book.worksheets:
        if sheet.title == META_SHEET:
            continue
        read = _sheet(sheet, f"{display}!{sheet.title}", old, found)
        if read is None:
            continue
        if read.body not in bodies:
            found.problems.append(Problem(at(read.where), "rulesbook-unknown-body", args={"body": shown(read.body)}))
        elif read.body in seen:
            args = {"body": read.body, "first": seen[read.body]}
            found.problems.append(Problem(at(read.where), "rulesbook-body-twice", args=args))
        else:
            seen[read.body] = read.where
            found.sheets.append(read)
    if not found.sheets and not found.problems:
        found.problems.append(Problem(at(display), "rulesbook-no-sheets"))
    return found


def _open(raw: bytes, display: str, found: BookRead) -> Any:
    if raw.startswith(OLE_SIGNATURE):
        found.problems.append(Problem(at(display), "rulesbook-encrypted"))
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        found.problems.append(Problem(at(display), "import-not-xlsx"))
        return None
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        found.problems.append(Problem(at(display), "import-too-large", args={"limit": MAX_UNPACKED_BYTES}))
        return None
    from engine.collect.scan import open_workbook

    book = open_workbook(raw)
    if book is None:
        found.problems.append(Problem(at(display), "import-not-xlsx"))
    return book


def _meta(book: Any, display: str, old: RulesVersion, found: BookRead) -> bool:
    if META_SHEET not in book.sheetnames:
        found.problems.append(Problem(at(display), "rulesbook-not-ours"))
        return False
    meta: dict[str, Any] = {}
    for row in book[META_SHEET].iter_rows(min_row=1, max_row=200, max_col=3, values_only=True):
        if row[0] == "file" and isinstance(row[1], str) and isinstance(row[2], str):
            found.hashes[row[1]] = row[2]
        elif isinstance(row[0], str):
            meta[row[0]] = row[1]
    if meta.get("format") != FORMAT:
        found.problems.append(Problem(at(display), "rulesbook-not-ours"))
        return False
    found.rules = str(meta.get("rules"))
    if found.rules != old.id:
        args = {"rules": shown(found.rules), "expected": old.id}
        found.problems.append(Problem(at(display), "rulesbook-other-version", args=args))
        return False
    return True


def _keys(sheet: Any) -> tuple[int, dict[str, int], str | None, str | None] | None:
    """The hidden key row: its row, the column of each key, the body and version marks."""
    for row in range(1, min(sheet.max_row, KEY_SEARCH) + 1):
        columns: dict[str, int] = {}
        body = version = None
        for col in range(1, min(sheet.max_column, MAX_COLUMNS) + 1):
            value = sheet.cell(row, col).value
            if not isinstance(value, str) or not value.startswith(KEY_PREFIX):
                continue
            if value.startswith(BODY_MARK):
                body = value[len(BODY_MARK) :]
            elif value.startswith(RULES_MARK):
                version = value[len(RULES_MARK) :]
            else:
                columns.setdefault(value[len(KEY_PREFIX) :], col)
        if columns or body:
            return row, columns, body, version
    return None


def _sheet(sheet: Any, where: str, old: RulesVersion, found: BookRead) -> SheetRead | None:
    if sheet.max_row > MAX_ROWS or sheet.max_column > MAX_COLUMNS:
        args: dict[str, Any] = {"rows": MAX_ROWS, "columns": MAX_COLUMNS}
        found.problems.append(Problem(at(where), "rulesbook-sheet-too-large", args=args))
        return None
    keys = _keys(sheet)
    if keys is None:
        return None  # the instruction, the methodology, a sheet of the user's own
    key_row, columns, body_id, version = keys
    header = key_row + 1
    if body_id is None:
        found.problems.append(Problem(at(where), "rulesbook-no-body-mark"))
        return None
    if version != old.id:
        args = {"rules": shown(str(version)), "expected": old.id}
        found.problems.append(Problem(at(where), "rulesbook-sheet-other-version", args=args))
        return None
    body = old.body(body_id)
    read = SheetRead(body_id, where, {}, {})
    missing = [key for key in REQUIRED if key not in columns]
    if missing or body is None:
        for key in missing:
            label = next(label for k, label, _ in COLUMNS if k == key)
            heading = tr(label, "ru")  # the workbook's own heading (kpi rules export writes Russian)
            found.problems.append(Problem(at(where), "rulesbook-column-missing", args={"column": heading}))
        return read if body is None else None
    header_cell = sheet.cell(header, columns["name"]).coordinate
    merged = [r for r in sheet.merged_cells.ranges if r.max_row > header]
    for merged_range in merged:
        first = sheet.cell(merged_range.min_row, merged_range.min_col).coordinate
        found.problems.append(Problem(at(f"{where}!{first}"), "import-merged"))
    if merged:
        return None
    directions = {d.id: d for d in body.directions}
    titles = {v.title.casefold(): v.id for v in old.methodology.variants.values()}
    titles.update({v.id.casefold(): v.id for v in old.methodology.variants.values()})
    known_titles = ", ".join(f"«{v.title}»" for v in old.methodology.variants.values())
    kpis = {kpi.id: (b, kpi) for b in old.bodies for kpi in b.kpis}
    seen: dict[str, str] = {}
    orphans: list[Problem] = []  # KPI rows above every direction row
    current: str | None = None
    for row in range(header + 1, sheet.max_row + 1):
        id_cell = sheet.cell(row, columns["id"])
        id_value = id_cell.value
        # a row's problem is named at its name: the id column is hidden
        place = f"{where}!{sheet.cell(row, columns['name']).coordinate}"
        if isinstance(id_value, str) and id_value.startswith(DIRECTION_MARK):
            direction = id_value[len(DIRECTION_MARK) :]
            if direction not in directions:
                found.problems.append(Problem(at(place), "rulesbook-unknown-direction", args={"id": shown(direction)}))
                continue
            current = direction
            read.directions.setdefault(direction, [])
            read.direction_cells[direction] = f"{where}!{sheet.cell(row, columns['weight']).coordinate}"
            continue
        cells = {key: f"{where}!{sheet.cell(row, columns[key]).coordinate}" for key in REQUIRED}
        values = {key: sheet.cell(row, columns[key]).value for key in REQUIRED if key != "id"}
        blank = all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values())
        if (id_value is None or (isinstance(id_value, str) and not id_value.strip())) and blank:
            continue  # an empty row: a spare one left empty
        kpi_id: str | None = None
        if id_value is not None and not (isinstance(id_value, str) and not id_value.strip()):
            kpi_id = str(id_value).strip()
            if kpi_id not in kpis:
                found.problems.append(Problem(at(place), "import-unknown-kpi", args={"id": shown(kpi_id)}))
                continue
            owner, _ = kpis[kpi_id]
            if owner.id != body_id:
                args = {"body": owner.short, "expected": body.short}
                found.problems.append(Problem(at(place), "import-other-body", kpi_id, args))
                continue
            if kpi_id in seen:
                found.problems.append(Problem(at(place), "import-duplicate-row", kpi_id, {"first": seen[kpi_id]}))
                continue
            seen[kpi_id] = place
        if current is None:
            orphans.append(Problem(at(place), "rulesbook-no-direction", kpi_id or ""))
            continue
        label = kpi_id or ""
        removed = _mark(sheet.cell(row, columns["remove"]), cells["remove"], label, found)
        if removed and kpi_id is None:
            continue  # a new row struck out: nothing
        name = _text(sheet.cell(row, columns["name"]), cells["name"], label, found)
        variant_text = _text(sheet.cell(row, columns["variant"]), cells["variant"], label, found)
        variant: str | None = None
        if variant_text == "":
            found.problems.append(Problem(at(cells["variant"]), "rulesbook-variant-empty", label))
        elif variant_text is not None:
            variant = titles.get(variant_text.casefold())
            if variant is None:
                titled = [v.title for v in old.methodology.variants.values()]
                args = {
                    "name": variant_text,
                    "known": known_titles,
                    "suggestion": did_you_mean(variant_text, titled) or "",
                }
                found.problems.append(Problem(at(cells["variant"]), "unknown-variant", label, args))
        weight = _number(sheet.cell(row, columns["weight"]), cells["weight"], label, found)
        target = _number(sheet.cell(row, columns["target"]), cells["target"], label, found)
        read.directions[current].append(Row(row, kpi_id, name or "", variant, weight, target, removed, cells))
    gone = [d.name for d in body.directions if d.id not in read.directions]
    for name in gone:  # its KPIs would fall to the direction above: refused, not guessed
        args = {"direction": name}
        found.problems.append(Problem(at(f"{where}!{header_cell}"), "rulesbook-direction-missing", args=args))
    if not gone:  # with a direction row gone, the rows under it are not each a problem
        found.problems += orphans
    return None if gone else read  # a KPI of the body without a row was deleted: removed (engine.rulesbook.draft)


def _refused(cell: Any, where: str, kpi: str, found: BookRead) -> bool:
    """A cell that holds no value a person typed: a formula, an error, a yes/no, a date."""
    value = cell.value
    if cell.data_type == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        found.problems.append(Problem(at(where), "import-formula", kpi, {"text": shown(str(value), 60)}))
        return True
    if cell.data_type == "e":
        found.problems.append(Problem(at(where), "import-error-value", kpi, {"text": shown(str(value), 20)}))
        return True
    if isinstance(value, bool):
        found.problems.append(Problem(at(where), "import-bool", kpi))
        return True
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        found.problems.append(Problem(at(where), "import-date", kpi, {"text": str(value)}))
        return True
    return False


def _text(cell: Any, where: str, kpi: str, found: BookRead) -> str | None:
    """A name or a variant's title: one line, runs of spaces and line breaks as one space."""
    if _refused(cell, where, kpi, found):
        return None
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return _exact(value)
    text = " ".join(str(value).split())
    offset = first_unsafe(text)
    if offset is not None:
        found.problems.append(Problem(at(where), "text-invisible", kpi, {"char": describe(text[offset])}))
        return None
    return text


def _mark(cell: Any, where: str, kpi: str, found: BookRead) -> bool:
    text = _text(cell, where, kpi, found)
    return text is not None and text.casefold() not in NOT_MARKED


def _exact(value: int | float) -> str:
    return str(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))


def _number(cell: Any, where: str, kpi: str, found: BookRead) -> Value:
    """U or N: a Decimal, "-", or the text as typed for the YAML checks to refuse (None: a cell
    refused here already)."""
    if _refused(cell, where, kpi, found):
        return None
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        if "%" in str(cell.number_format):
            found.problems.append(Problem(at(where), "import-percent", kpi, {"value": repr(value)}))
            return None
        exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not exact.is_finite():
            found.problems.append(Problem(at(where), "number-not-finite", kpi, {"text": repr(value)}))
            return None
        return exact
    text = str(value).strip()
    offset = first_unsafe(text)
    if offset is not None:
        found.problems.append(Problem(at(where), "text-invisible", kpi, {"char": describe(text[offset])}))
        return None
    if not _PLAIN_NUMBER.fullmatch(text) and text not in ("-", "—", "–"):
        return text  # "12%", "двадцать": the YAML check words it, at this cell
    try:
        quantity = parse_text(text)
    except NumberFormatError as exc:  # "1,125": one thousand one hundred and twenty-five, or 1.125?
        found.problems.append(Problem(at(where), exc.code, kpi, {"text": exc.text, "field": "", **exc.details}))
        return None
    return "-" if quantity.value is None else quantity.value
