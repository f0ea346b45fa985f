"""`kpi quarter forms`: one .xlsx form per body, to be sent to its digital deputy and returned.

Each form: the body, the quarter and the rules version in a heading; a short instruction in
Russian; a row per KPI with №, its id, name, unit, and the weight U and target N for
information; input cells for a and b — unlocked, shaded, accepting a number ≥ 0 or "-" — and
every other cell locked (sheet protection without a password: nobody overwrites a name by
accident). What the workbook is (quarter, rules, the body of each sheet) is kept in a very
hidden sheet, and every row carries its KPI's id, so that the import knows each row even if
someone re-sorts it or renames the sheet. A quarter that already holds values gives forms
that carry them. openpyxl is imported here, when forms are made.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from engine.collect.layout import (
    COLUMN_OF,
    COLUMNS,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    LINE_HEIGHT,
    META_SHEET,
    cell_number,
    cell_value,
    direction_rows,
    kpi_rows,
    letter,
    name_row_height,
    sheet_titles,
)
from engine.collect.token import token
from engine.formats import quarter_words
from engine.i18n import tr
from engine.model import KAZAKH, Body, RulesVersion

Values = Mapping[str, tuple[str | None, str | None]]  # KPI id → (a, b) as entered

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="E7ECF2")
UNUSED_FILL = PatternFill("solid", fgColor="EEEEEE")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def form_workbook(
    rules: RulesVersion,
    body: Body,
    quarter: str,
    values: Values,
    lang: str = "ru",
    secret: bytes = b"",
    contact: tuple[str, str] | None = None,
) -> bytes:
    """The form of one body, as the bytes of an .xlsx file; `secret`: the workspace's (see
    engine.collect.token), from which the form's token is made."""
    from engine.names import rules_in

    rules = rules_in(rules, lang)  # a Kazakh form: the names in Kazakh where the rules give them
    body = rules.body(body.id) or body
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_titles([body], taken=[META_SHEET])[body.id]
    write_body_sheet(sheet, rules, body, quarter, values, lang, heading="form-heading")
    _instruction(sheet, lang, _untranslated(rules, body, lang))
    _inputs(sheet, rules, body, lang)
    _contact(sheet, lang, contact)
    sheet.protection.sheet = True  # no password: a guard against accidents, not a lock
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    write_meta(workbook, quarter, rules.id, {sheet.title: body.id}, secret)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_body_sheet(
    sheet: Worksheet, rules: RulesVersion, body: Body, quarter: str, values: Values, lang: str, heading: str
) -> None:
    """The heading, the header row and a row per KPI (№, id, name, unit, U, N, a, b): the part
    of the layout a form and an export share."""
    put(sheet, 1, 1, tr(heading, lang)).font = Font(bold=True, size=13)
    put(sheet, 2, 1, f"{body.short} — {body.name}").font = Font(bold=True, size=12)
    # the quarter and the rules as readers name them, never by code (2024Q1, 2023)
    words = quarter_words(quarter, lang)
    put(sheet, 3, 1, tr("form-period", lang, quarter=words, rules=tr("rules-words", lang, year=rules.methodology.year)))
    for column, (key, label, width) in enumerate(COLUMNS, start=1):
        cell = put(sheet, HEADER_ROW, column, tr(label, lang) if label.startswith("col-") else label)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[letter(key)].width = width
    for row, kpi in kpi_rows(body).items():
        a, b = values.get(kpi.id, (None, None))
        cells = {
            "no": kpi.no,
            "kpi": kpi.id,
            "name": kpi.name,
            "unit": kpi.unit,
            "weight": cell_number(kpi.weight),
            "target": cell_number(kpi.target) if kpi.target is not None else "-",
            "a": cell_value(a),
            "b": cell_value(b),
        }
        for column, (key, _, _) in enumerate(COLUMNS, start=1):
            cell = put(sheet, row, column, cells[key])
            cell.border = BOX
            cell.alignment = Alignment(vertical="top", wrap_text=key == "name")
        sheet.row_dimensions[row].height = name_row_height(kpi.name)
    if len(body.directions) > 1:  # a row naming each direction above its KPIs (no id: not data)
        for row, direction in direction_rows(body).items():
            cell = put(sheet, row, 3, direction)
            cell.font = Font(bold=True)
    # the KPI's id ties a row to its KPI (rows may be sorted); readers find a KPI by № and name
    sheet.column_dimensions[letter("kpi")].hidden = True
    sheet.freeze_panes = f"A{FIRST_ROW}"
    # printed: A4 landscape, one page wide, the header row on every page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _instruction(sheet: Worksheet, lang: str, untranslated: str = "") -> None:
    """The instruction; in a Kazakh form the Russian one under it, for a ministry whose Excel
    speaks Russian (issue 23), and the names left in Russian, if any."""
    parts = [tr("form-instruction", lang)]
    if lang == KAZAKH:
        parts.append(tr("form-instruction", "ru"))
    if untranslated:
        parts.append(untranslated)
    put(sheet, 4, 1, "\n\n".join(parts))
    sheet["A4"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(f"A4:{letter('b')}4")
    sheet.row_dimensions[4].height = 96 * len(parts)


def _untranslated(rules: RulesVersion, body: Body, lang: str) -> str:
    """The body's names the rules give in Russian only, said once (a Kazakh form)."""
    from engine.names import untranslated_text

    short = body.short
    lines = untranslated_text(tuple(n for n in rules.untranslated if n[0] == short), lang)
    return "\n".join([tr("untranslated-note", lang, rules=rules.id), *lines]) if lines else ""


def _inputs(sheet: Worksheet, rules: RulesVersion, body: Body, lang: str) -> None:
    """a and b cells: unlocked, shaded, a number ≥ 0 or "-"; b where the variant has none:
    greyed and locked. One validation rule per column, its formula written for the column's
    first row (a spreadsheet shifts it to every other row of the rule's range)."""
    rows = kpi_rows(body)
    last = max(rows)
    for key in ("a", "b"):
        first = f"{letter(key)}{FIRST_ROW}"
        rule = DataValidation(
            type="custom",
            formula1=validation_formula(first),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="kpi",
            error=tr("form-validation-error", lang),
        )
        sheet.add_data_validation(rule)
        rule.add(f"{first}:{letter(key)}{last}")
        # a whole number shows its thousands apart (177363 as 177 363), a fraction its decimals
        whole = DifferentialStyle(numFmt=NumberFormat(numFmtId=NUMBER_FORMAT_ID, formatCode=WHOLE_FORMAT))
        sheet.conditional_formatting.add(
            f"{first}:{letter(key)}{last}",
            Rule(type="expression", dxf=whole, formula=[f"AND(ISNUMBER({first}),{first}=INT({first}))"]),
        )
    for row, kpi in rows.items():
        uses = rules.methodology.variants[kpi.variant].inputs
        for key in ("a", "b"):
            cell = sheet[f"{letter(key)}{row}"]
            if key in uses:
                cell.fill = INPUT_FILL
                cell.protection = Protection(locked=False)
                cell.number_format = INPUT_FORMAT
            else:
                cell.fill = UNUSED_FILL


INPUT_FORMAT = "#,##0.######"  # thousands apart as the clerk's spreadsheet groups them (177 363)
WHOLE_FORMAT = "#,##0"
NUMBER_FORMAT_ID = 200


def validation_formula(cell: str) -> str:
    """What the import accepts, as a spreadsheet can check it while the clerk types: a number
    ≥ 0; "-" (no data); text that is a number ≥ 0 once its spaces (and no-break spaces) are
    taken out — "177 363", "3 714 388,81" in a spreadsheet that writes decimals with a comma;
    a number with «тыс», «млн» or «млрд» ("4,05 млрд"). Every value is read again at import."""
    spaces = f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({cell}," ",""),UNICHAR(160),""),UNICHAR(8239),"")'
    unit = ",".join(f'ISNUMBER(SEARCH("{word}",{cell}))' for word in ("тыс", "млн", "млрд"))
    return (
        f'OR(AND(ISNUMBER({cell}),{cell}>=0),{cell}="-",'
        f'AND(ISTEXT({cell}),LEFT({cell},1)<>"-",ISNUMBER(-{spaces})),'
        f'AND(ISTEXT({cell}),LEFT({cell},1)<>"-",OR({unit})))'
    )


def _contact(sheet: Worksheet, lang: str, given: tuple[str, str] | None) -> None:
    """The row above the header: who filled the form, and a phone (carried into the quarter;
    a form made again carries the contact the quarter holds)."""
    row = HEADER_ROW - 1
    label = put(sheet, row, 1, tr("form-contact-person", lang))
    label.font = Font(bold=True)
    label.alignment = Alignment(vertical="center")
    put(sheet, row, COLUMN_OF["unit"], tr("form-contact-phone", lang)).font = Font(bold=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    sheet.merge_cells(start_row=row, start_column=COLUMN_OF["unit"], end_row=row, end_column=COLUMN_OF["target"])
    sheet.merge_cells(start_row=row, start_column=COLUMN_OF["a"], end_row=row, end_column=COLUMN_OF["b"])
    for index, column in enumerate((COLUMN_OF["name"], COLUMN_OF["a"])):
        cell = put(sheet, row, column, given[index] if given and given[index] else None)
        cell.fill = INPUT_FILL
        cell.border = BOX
        cell.protection = Protection(locked=False)
        cell.number_format = "@"  # a phone stays the text typed
    sheet.row_dimensions[row].height = LINE_HEIGHT + 5


def put(sheet: Worksheet, row: int, column: int, value: object) -> Any:
    """A cell set to `value`; text stays text: a name that starts with "=" is never made a
    formula (openpyxl would), nor anything else but the string it is."""
    cell = sheet.cell(row, column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def write_meta(workbook: Workbook, quarter: str, rules: str, bodies: Mapping[str, str], secret: bytes) -> None:
    """The very hidden sheet that says what the workbook is: format, quarter, rules, and the
    body of each sheet (by the sheet's name when written; rows carry their KPI ids besides)
    with its token (engine.collect.token)."""
    meta = workbook.create_sheet(META_SHEET)
    rows: list[list[str]] = [["format", FORMAT], ["quarter", quarter], ["rules", rules]]
    rows += [["body", body, title, token(secret, quarter, body)] for title, body in bodies.items()]
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            put(meta, index, column, value)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
