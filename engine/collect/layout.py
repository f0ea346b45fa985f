"""The layout a form and an exported workbook share, so that an export imports back.

A body's sheet: a few heading rows, then a header row, then one row per KPI in the rules'
order. The columns are found by their header, not their letter; every data row carries its
KPI's id, so rows may be re-sorted and the sheet renamed. A very hidden sheet `_kpi` holds what
the workbook is: the format, the quarter, the rules version and the body of each sheet.
"""

from __future__ import annotations

import textwrap

META_SHEET = "_kpi"
FORMAT = "kpi-workbook/1"
HEADER_ROW = 6  # the header's row in the workbooks kpi writes (the importer looks for it)
FIRST_ROW = HEADER_ROW + 1

# (key, heading, width): the form's columns; the export adds Z and W after them.
COLUMNS = (
    ("no", "№", 5),
    ("kpi", "KPI", 11),
    ("name", "col-kpi", 58),
    ("unit", "col-unit", 7),
    ("weight", "col-weight", 8),
    ("target", "col-target", 9),
    ("a", "a", 16),
    ("b", "b", 16),
)
EXPORT_COLUMNS = (("share", "Z", 9), ("assigned", "W", 9))
INPUTS = ("a", "b")
NAME_CHARS_PER_LINE = 55  # what the name column (58 wide) holds of a line, wrapped at words
LINE_HEIGHT = 15  # points, of the default 11-point font


def name_row_height(name: str) -> int:
    """The height of a KPI's row: a spreadsheet does not grow a row for text it did not wrap itself."""
    return LINE_HEIGHT * max(1, len(textwrap.wrap(name, NAME_CHARS_PER_LINE)))


def letter(key: str, columns: tuple[tuple[str, str, int], ...] = COLUMNS + EXPORT_COLUMNS) -> str:
    """The column letter of a column of the layout: `letter("a")` is "G"."""
    from openpyxl.utils import get_column_letter

    index = next(i for i, (k, _, _) in enumerate(columns, start=1) if k == key)
    return str(get_column_letter(index))
