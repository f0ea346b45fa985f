"""The layout a form and an exported workbook share, so that an export imports back.

A body's sheet: a few heading rows, then a header row, then one row per KPI in the rules'
order. The columns are found by their header, not their letter; every data row carries its
KPI's id, so rows may be re-sorted and the sheet renamed. A very hidden sheet `_kpi` holds what
the workbook is: the format, the quarter, the rules version and the body of each sheet.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from decimal import Decimal

from engine.formats import number
from engine.model import Body, Kpi
from engine.numbers import NumberFormatError, parse_text

META_SHEET = "_kpi"
FORMAT = "kpi-workbook/1"
HEADER_ROW = 6  # the header's row in the workbooks kpi writes (the importer looks for it)
FIRST_ROW = HEADER_ROW + 1

# (key, heading, width): the form's columns; the export adds Z and W after them.
COLUMNS = (
    ("no", "№", 5),
    ("kpi", "KPI", 11),
    ("name", "col-kpi-name", 58),
    ("unit", "col-unit", 7),
    ("weight", "col-weight", 8),
    ("target", "col-target", 9),
    ("a", "a", 16),
    ("b", "b", 16),
)
EXPORT_COLUMNS = (("share", "Z", 9), ("assigned", "W", 9))
COLUMN_OF = {key: index for index, (key, _, _) in enumerate(COLUMNS, start=1)}  # 1-based
CONTACT_ROW = HEADER_ROW - 1  # the form's row of the responsible person (column C) and phone (G)
INPUTS = ("a", "b")
NAME_CHARS_PER_LINE = 55  # what the name column (58 wide) holds of a line, wrapped at words
LINE_HEIGHT = 15  # points, of the default 11-point font


def name_row_height(name: str) -> int:
    """The height of a KPI's row: a spreadsheet does not grow a row for text it did not wrap itself."""
    return LINE_HEIGHT * max(1, len(textwrap.wrap(name, NAME_CHARS_PER_LINE)))


_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
SHEET_CHARS = 31  # Excel's longest sheet name
RESERVED_TITLES = ("History",)  # Excel keeps it for itself


def _legal(text: str) -> str:
    """`text` as Excel allows a sheet's name to be: none of []:*?/\\ (each becomes _), at most
    31 characters, no apostrophe at either end, no space around."""
    return _SHEET_CHARS.sub("_", text)[:SHEET_CHARS].strip().strip("'").strip()


def sheet_titles(bodies: Iterable[Body], taken: Iterable[str] = ()) -> dict[str, str]:
    """A legal sheet name per body (by id), from its short name: unique with each other and with
    `taken` (the workbook's other sheets) as Excel compares them, regardless of case (`М/Ю`
    and `М:Ю` become «М_Ю» and «М_Ю (2)»). What a sheet holds is in the metadata, never read
    from its title."""
    used = {title.casefold() for title in (*taken, *RESERVED_TITLES)}
    titles: dict[str, str] = {}
    for body in bodies:
        base = _legal(body.short) or _legal(body.id) or "_"
        title, count = base, 1
        while title.casefold() in used:
            count += 1
            suffix = f" ({count})"
            title = (base[: SHEET_CHARS - len(suffix)].rstrip().rstrip("'") or "_") + suffix
        used.add(title.casefold())
        titles[body.id] = title
    return titles


def letter(key: str, columns: tuple[tuple[str, str, int], ...] = COLUMNS + EXPORT_COLUMNS) -> str:
    """The column letter of a column of the layout: `letter("a")` is "G" (one letter: the
    layout has fewer than 27 columns; no spreadsheet library is loaded for it)."""
    index = next(i for i, (k, _, _) in enumerate(columns) if k == key)
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


def kpi_rows(body: Body) -> dict[int, Kpi]:
    """The row of each KPI: in the rules' order, a row left above each direction's KPIs when
    the body has several (for its name)."""
    rows: dict[int, Kpi] = {}
    row = FIRST_ROW
    for direction in body.directions:
        if len(body.directions) > 1:
            row += 1
        for kpi in direction.kpis:
            rows[row] = kpi
            row += 1
    return rows


def direction_rows(body: Body) -> dict[int, str]:
    rows: dict[int, str] = {}
    row = FIRST_ROW
    for direction in body.directions:
        rows[row] = direction.name
        row += 1 + len(direction.kpis)
    return rows


def cell_value(text: str | None) -> str | int | float | None:
    """A value as a cell holds it: a number where the number reads back exactly as written
    (1318826, 3714388.81), the text otherwise ("4,05 млрд", "-"); nothing for no value."""
    if text is None or text == "":
        return None
    try:
        quantity = parse_text(text)
    except NumberFormatError:
        return text
    if quantity.value is None or quantity.currency or not re.fullmatch(r"[0-9 \u00a0\u202f]+([,.][0-9]+)?", text):
        return text  # "-", "4,05 млрд", "628,54 млрд тенге": kept as written
    return cell_number(quantity.value)


def cell_number(value: Decimal) -> int | float | str:
    """An exact decimal as a cell number: an int, or a float that reads back as the same
    decimal (shortest repr); otherwise text, never a rounded number."""
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else number(value, "ru")
