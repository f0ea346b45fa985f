"""What the rules workbook's writer and reader share: sheet and column keys, markers, limits.

A body's sheet: heading rows, a hidden row of column keys (`kpi:weight`, …) that says which
column holds what — deleting or moving a column moves its key with it — then the visible
header row, then per direction a direction row (its live weight total) followed by its KPI
rows and a few empty rows for new KPIs. The hidden key row also carries the sheet's body and
rules version (`kpi:body=mvd`, `kpi:rules=2023`): sheets are known by these, never by title.
The very hidden sheet META_SHEET names the format, the version and the SHA-256 of its files.
"""

from __future__ import annotations

import re

META_SHEET = "_kpi_rules"
FORMAT = "kpi-rules-workbook/1"
KEY_PREFIX = "kpi:"
BODY_MARK = "kpi:body="
RULES_MARK = "kpi:rules="
DIRECTION_MARK = "dir:"

TITLE_ROW = 1
KEY_ROW = 4  # hidden
HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1
SPARE_ROWS = 2  # empty rows under each direction's KPIs, for new ones

# (key, heading message, width). The id column is hidden and locked.
COLUMNS = (
    ("no", "rulesbook-col-no", 5),
    ("id", "rulesbook-col-id", 12),
    ("name", "rulesbook-col-name", 62),
    ("variant", "rulesbook-col-variant", 30),
    ("unit", "rulesbook-col-unit", 8),
    ("weight", "rulesbook-col-weight", 9),
    ("target", "rulesbook-col-target", 10),
    ("remove", "rulesbook-col-remove", 11),
)
REQUIRED = ("id", "name", "variant", "weight", "target", "remove")

# Bounds of a hostile workbook (as engine.collect.importer bounds a form): the rules workbook of
# 2023 (14 bodies, 115 KPIs) is 53 kB packed, 290 kB unpacked in 25 members.
MAX_WORKBOOK_BYTES = 5_000_000
MAX_UNPACKED_BYTES = 20_000_000
MAX_MEMBERS = 500
MAX_ROWS, MAX_COLUMNS = 1_000, 40
KEY_SEARCH = 20  # the key row is looked for in the first rows of a sheet

_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def letter(key: str) -> str:
    index = next(i for i, (k, _, _) in enumerate(COLUMNS) if k == key)
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


def column(key: str) -> int:
    return next(i for i, (k, _, _) in enumerate(COLUMNS) if k == key) + 1


def legal_title(text: str, taken: set[str]) -> str:
    """A sheet title Excel accepts and no other sheet has (compared as Excel does, ignoring
    case): no []:*?/\\, not starting or ending with an apostrophe, at most 31 characters."""
    base = _SHEET_CHARS.sub("_", text).strip().strip("'")[:31] or "Лист"
    title, number = base, 2
    while title.casefold() in taken:
        suffix = f" ({number})"
        title = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(title.casefold())
    return title
