"""A workbook's parts measured while they stream, before any spreadsheet library builds them.

openpyxl builds every cell of a sheet in memory before a program can ask how many there are:
a 96 KB form can hold 11,9 million empty cells, gigabytes once built. Here each XML part of the
zip is decompressed in blocks and read by a pull parser that only counts: the bytes actually
unpacked (per part and in all), the elements, and in a worksheet its rows, the cells of each
row and the row and column numbers they claim. The first bound passed stops the reading; what
passes is small enough to build. A document type declaration (where entities live) is refused
outright: no part of an .xlsx needs one.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

BLOCK = 1 << 16
MAX_ELEMENTS = 300_000  # in all the parts of one workbook; a form has a few thousand
_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_COLUMN = re.compile(r"([A-Za-z]{1,3})([0-9]*)")


@dataclass(frozen=True)
class Refusal:
    code: str  # import-not-xlsx, import-too-large, import-sheet-too-large
    part: str = ""


def column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


class _Counter:
    def __init__(self, max_rows: int, max_columns: int, sheet: bool) -> None:
        self.max_rows, self.max_columns, self.sheet = max_rows, max_columns, sheet
        self.rows = 0
        self.cells_in_row = 0
        self.row_number = 0

    def start(self, tag: str, attributes: dict[str, str]) -> bool:
        """False when the element passes a bound of a worksheet."""
        if not self.sheet:
            return True
        name = tag.rsplit("}", 1)[-1]
        if name == "row":
            self.rows += 1
            self.cells_in_row = 0
            given = attributes.get("r", "")
            self.row_number = int(given) if given.isdigit() and len(given) < 9 else self.row_number + 1
            return self.rows <= self.max_rows and self.row_number <= self.max_rows
        if name == "c":
            self.cells_in_row += 1
            reference = attributes.get("r")
            column = self.cells_in_row
            if reference is not None:
                found = _COLUMN.match(reference)
                column = column_number(found.group(1)) if found else self.max_columns + 1
            return self.cells_in_row <= self.max_columns and column <= self.max_columns
        return True


class _Stop(Exception):
    def __init__(self, code: str) -> None:
        self.code = code


def scan(archive: zipfile.ZipFile, max_unpacked: int, max_rows: int, max_columns: int) -> Refusal | None:
    """None when every part is within the bounds; else the first bound passed."""
    unpacked = 0
    elements = 0
    for info in archive.infolist():
        if info.file_size > max_unpacked or unpacked + info.file_size > max_unpacked:
            return Refusal("import-too-large", info.filename)
        name = info.filename.lower()
        xml = name.endswith((".xml", ".rels", ".vml"))
        counter = _Counter(max_rows, max_columns, name.startswith("xl/worksheets/") and name.endswith(".xml"))
        parser = expat.ParserCreate(namespace_separator="}") if xml else None

        def start(tag: str, attributes: dict[str, str], counter: _Counter = counter) -> None:
            nonlocal elements
            elements += 1
            if elements > MAX_ELEMENTS:
                raise _Stop("import-sheet-too-large" if counter.sheet else "import-too-large")
            if not counter.start(tag, attributes):
                raise _Stop("import-sheet-too-large")

        def doctype(*_: object) -> None:
            raise _Stop("import-not-xlsx")

        if parser is not None:
            parser.StartElementHandler = start
            parser.StartDoctypeDeclHandler = doctype
            parser.EntityDeclHandler = doctype
        tail = b""
        try:
            with archive.open(info) as stream:
                while True:
                    block = stream.read(BLOCK)
                    if not block:
                        break
                    unpacked += len(block)
                    if unpacked > max_unpacked:
                        return Refusal("import-too-large", info.filename)
                    if parser is None:
                        continue
                    if _DOCTYPE.search(tail + block):
                        return Refusal("import-not-xlsx", info.filename)
                    tail = block[-16:]
                    parser.Parse(block, False)
            if parser is not None:
                parser.Parse(b"", True)
        except _Stop as stop:
            return Refusal(stop.code, info.filename)
        except (expat.ExpatError, zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
            return Refusal("import-not-xlsx", info.filename)
    return None


def open_workbook(raw: bytes) -> Any:
    """openpyxl's workbook of `raw`, a file whose size was bounded first; None for a file
    openpyxl cannot read (it raises many kinds on a damaged file; each means the same here)."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on features it does not keep
            return load_workbook(io.BytesIO(raw), data_only=False)
    except Exception:
        return None
