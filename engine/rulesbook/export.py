"""`kpi rules export`: a rules version as a workbook the ministries know and edit.

Sheets: an instruction (Russian by default), one sheet per body (named by its short name)
with a row per KPI — №, id (hidden), name, the formula variant by its title (a dropdown of the
methodology's variants), unit, U, N and a «remove» mark — under a row per direction showing
its weight total live; the methodology read-only; a very hidden sheet naming the version and
the SHA-256 of its files. Every sheet is protected without a password: U, N, the mark and the
empty rows for new KPIs are unlocked, everything else is locked (a guard against accidents,
not a lock). Every text is written as text — a name that begins with "=" stays a name, never a
formula; the direction totals are the only formulas. openpyxl is imported here.
"""

from __future__ import annotations

import ast
import io
import textwrap
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from engine.formula import Formula
from engine.i18n import tr
from engine.model import Body, RulesVersion
from engine.numbers import plain
from engine.rulesbook.layout import (
    BODY_MARK,
    COLUMNS,
    DIRECTION_MARK,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    KEY_PREFIX,
    KEY_ROW,
    META_SHEET,
    RULES_MARK,
    SPARE_ROWS,
    column,
    legal_title,
    letter,
)

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
SPARE_FILL = PatternFill("solid", fgColor="FBF7EA")
HEADER_FILL = PatternFill("solid", fgColor="E7ECF2")
DIRECTION_FILL = PatternFill("solid", fgColor="DDE7D5")
BAD_FILL = PatternFill("solid", fgColor="F4C7C3")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NAME_CHARS_PER_LINE = 58
LINE_HEIGHT = 15


def rules_workbook(
    rules: RulesVersion, hashes: Mapping[str, str], lang: str = "ru", bodies: Sequence[Body] | None = None
) -> bytes:
    """The workbook of a rules version (of `bodies` only, when given), as the bytes of an .xlsx file."""
    book = Workbook()
    taken: set[str] = {META_SHEET.casefold()}
    instruction = book.active
    assert instruction is not None
    instruction.title = legal_title(tr("rulesbook-sheet-instruction", lang), taken)
    _instruction(instruction, rules, lang)
    method_title = legal_title(tr("rulesbook-sheet-methodology", lang), taken)
    titles: dict[str, str] = {}
    body_sheets = []
    for body in rules.bodies if bodies is None else bodies:
        sheet = book.create_sheet(legal_title(body.short, taken))
        titles[body.id] = sheet.title
        body_sheets.append((sheet, body))
    methodology = book.create_sheet(method_title)
    variants_range = _methodology(methodology, rules, lang)
    for sheet, body in body_sheets:
        _body_sheet(sheet, rules, body, f"'{method_title}'!{variants_range}", lang)
    _meta(book, rules, hashes, titles)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def text(sheet: Worksheet, row: int, col: int, value: str) -> Any:
    """A cell holding `value` as text whatever it looks like ("=…" included)."""
    cell = sheet.cell(row, col)
    cell.value = value
    cell.data_type = "s"  # openpyxl takes a text beginning with "=" for a formula
    if value.startswith(("=", "+", "-", "@")) and value != "-":
        cell.quotePrefix = True  # and so would a spreadsheet, on editing the cell
    return cell


def number(value: Decimal) -> int | float | str:
    """An exact decimal as a cell number (int, or a float that reads back as the same
    decimal); text otherwise, never a rounded number."""
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else plain(value)


def _protect(sheet: Worksheet) -> None:
    sheet.protection.sheet = True  # no password: a guard against accidents, not a lock
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.insertRows = False
    sheet.protection.deleteRows = False


def _print_setup(sheet: Worksheet, title_rows: str | None = None) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if title_rows:
        sheet.print_title_rows = title_rows


def _body_sheet(sheet: Worksheet, rules: RulesVersion, body: Body, variants_range: str, lang: str) -> None:
    width = len(COLUMNS)
    text(sheet, 1, 1, tr("rulesbook-heading", lang, version=rules.id)).font = Font(bold=True, size=13)
    text(sheet, 2, 1, f"{body.short} — {body.name}").font = Font(bold=True, size=12)
    hint = text(sheet, 3, 1, tr("rulesbook-sheet-hint", lang, total=plain(rules.methodology.weights_total)))
    hint.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=width)
    sheet.row_dimensions[3].height = 32
    for index, (key, label, col_width) in enumerate(COLUMNS, start=1):
        text(sheet, KEY_ROW, index, KEY_PREFIX + key)
        cell = text(sheet, HEADER_ROW, index, tr(label, lang))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[letter(key)].width = col_width
    text(sheet, KEY_ROW, width + 1, BODY_MARK + body.id)
    text(sheet, KEY_ROW, width + 2, RULES_MARK + rules.id)
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.row_dimensions[HEADER_ROW].height = 30
    sheet.column_dimensions[letter("id")].hidden = True
    titles = {v.id: v.title for v in rules.methodology.variants.values()}
    dropdown = DataValidation(
        type="list",
        formula1=f"={variants_range}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="kpi",
        error=tr("rulesbook-variant-error", lang),
    )
    sheet.add_data_validation(dropdown)
    numbers = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="kpi",
        error=tr("rulesbook-number-error", lang),
    )
    sheet.add_data_validation(numbers)
    total = rules.methodology.weights_total
    row = FIRST_ROW
    for direction in body.directions:
        head = row
        text(sheet, head, column("id"), DIRECTION_MARK + direction.id)
        label = text(sheet, head, column("name"), tr("rulesbook-direction", lang, direction=direction.name))
        label.alignment = Alignment(wrap_text=True, vertical="top")
        lines = len(textwrap.wrap(str(label.value), NAME_CHARS_PER_LINE))
        sheet.row_dimensions[head].height = LINE_HEIGHT * max(1, lines)
        for col in range(1, width + 1):
            cell = sheet.cell(head, col)
            cell.fill = DIRECTION_FILL
            cell.font = Font(bold=True)
            cell.border = BOX
        row += 1
        first = row
        for number_in_list, kpi in enumerate(direction.kpis, start=1):
            values: dict[str, Any] = {
                "no": number_in_list,
                "id": kpi.id,
                "name": kpi.name,
                "variant": titles.get(kpi.variant, kpi.variant),
                "unit": kpi.unit,
                "weight": number(kpi.weight),
                "target": number(kpi.target) if kpi.target is not None else "-",
            }
            for key, value in values.items():
                cell = text(sheet, row, column(key), value) if isinstance(value, str) else sheet.cell(row, column(key))
                if not isinstance(value, str):
                    cell.value = value
            _kpi_row_style(sheet, row, kpi.name)
            row += 1
        for _ in range(SPARE_ROWS):
            _kpi_row_style(sheet, row, "", spare=True)
            row += 1
        last = row - 1
        weight = letter("weight")
        sum_cell = sheet.cell(head, column("weight"), f"=SUM({weight}{first}:{weight}{last})")
        sum_cell.alignment = Alignment(horizontal="right", vertical="top")
        sheet.conditional_formatting.add(
            sum_cell.coordinate, CellIsRule(operator="notEqual", formula=[plain(total)], fill=BAD_FILL)
        )
        dropdown.add(f"{letter('variant')}{first}:{letter('variant')}{last}")
        numbers.add(f"{weight}{first}:{weight}{last}")
    sheet.freeze_panes = f"A{FIRST_ROW}"
    _protect(sheet)
    _print_setup(sheet, f"{HEADER_ROW}:{HEADER_ROW}")


def _kpi_row_style(sheet: Worksheet, row: int, name: str, spare: bool = False) -> None:
    editable = {"weight", "target", "remove"} | ({"name", "variant"} if spare else set())
    for key, _, _ in COLUMNS:
        cell = sheet.cell(row, column(key))
        cell.border = BOX
        horizontal = "right" if key in ("weight", "target") else None
        cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=key in ("name", "variant"))
        if key in editable:
            cell.protection = Protection(locked=False)
            cell.fill = SPARE_FILL if spare else INPUT_FILL
    lines = max(1, len(textwrap.wrap(name, NAME_CHARS_PER_LINE)))
    sheet.row_dimensions[row].height = LINE_HEIGHT * lines


def report_notation(formula: Formula) -> str:
    """A formula as the report writes it: `U if Z >= N else Z / N * U` is
    `ЕСЛИ(Z >= N; U; Z / N * U)`."""
    return _notation(formula, formula.tree.body)


def _notation(formula: Formula, node: ast.AST) -> str:
    if isinstance(node, ast.IfExp):
        parts = (_notation(formula, part) for part in (node.test, node.body, node.orelse))
        return "ЕСЛИ({}; {}; {})".format(*parts)
    return formula.segment(node)


def _methodology(sheet: Worksheet, rules: RulesVersion, lang: str) -> str:
    """The methodology, read-only; returns the range of the variants' titles (the dropdown's list)."""
    method = rules.methodology
    text(sheet, 1, 1, method.title).font = Font(bold=True, size=13)
    text(sheet, 2, 1, tr("rulesbook-method-version", lang, version=rules.id, year=method.year))
    headers = (
        "rulesbook-method-title",
        "rulesbook-method-id",
        "rulesbook-col-unit",
        "rulesbook-method-share",
        "rulesbook-method-assigned",
    )
    widths = (34, 16, 8, 32, 40)
    for index, (code, col_width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = text(sheet, 4, index, tr(code, lang))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions["ABCDE"[index - 1]].width = col_width
    row = 5
    for variant in method.variants.values():
        share = "Z = " + report_notation(variant.share) if variant.share else tr("rulesbook-method-no-share", lang)
        for index, value in enumerate(
            (variant.title, variant.id, variant.unit, share, "W = " + report_notation(variant.assigned)), start=1
        ):
            cell = text(sheet, row, index, value)
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    variants_range = f"$A$5:$A${row - 1}"
    row += 1
    notes = (
        tr("rulesbook-method-rounding-" + method.rounding.mode, lang, places=method.rounding.places),
        tr(
            "rulesbook-method-aggregation",
            lang,
            direction=tr("rulesbook-agg-" + method.direction_total, lang),
            body=tr("rulesbook-agg-" + method.body_total, lang),
        ),
        tr("rulesbook-method-zero", lang),
        tr("rulesbook-method-total", lang, total=plain(method.weights_total)),
    )
    for note in notes:
        cell = text(sheet, row, 1, note)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        sheet.row_dimensions[row].height = 32
        row += 1
    sheet.protection.sheet = True
    _print_setup(sheet)
    return variants_range


def _instruction(sheet: Worksheet, rules: RulesVersion, lang: str) -> None:
    sheet.column_dimensions["A"].width = 110
    text(sheet, 1, 1, tr("rulesbook-heading", lang, version=rules.id)).font = Font(bold=True, size=13)
    lines = tr("rulesbook-instruction", lang, version=rules.id, total=plain(rules.methodology.weights_total))
    for row, line in enumerate(lines.split("\n"), start=3):
        cell = text(sheet, row, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = LINE_HEIGHT * max(1, len(textwrap.wrap(line, 100)))
    sheet.protection.sheet = True
    _print_setup(sheet)


def _meta(book: Workbook, rules: RulesVersion, hashes: Mapping[str, str], titles: Mapping[str, str]) -> None:
    meta = book.create_sheet(META_SHEET)
    rows: list[tuple[str, ...]] = [("format", FORMAT), ("rules", rules.id)]
    rows += [("file", name, digest) for name, digest in sorted(hashes.items())]
    rows += [("body", body, title) for body, title in titles.items()]
    for row, values in enumerate(rows, start=1):
        for col, value in enumerate(values, start=1):
            text(meta, row, col, value)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
