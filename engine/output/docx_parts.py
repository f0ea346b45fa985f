"""Parts of a Word document shared by the report's «Динамика» and the cards (python-docx), in
the report's typography: Times New Roman, tables at 9 pt with a shaded header row that repeats
on every page, rows never split over pages, columns that add up to the text width, numbers to
the right and never split between lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import deepcopy

from docx.document import Document as Docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

FONT = "Times New Roman"
RED = RGBColor(0xC0, 0x00, 0x00)
GREY = RGBColor(0x55, 0x55, 0x55)
_GROUPS = re.compile(r"(?<=\d) (?=\d{3}\b)")


def whole(text: str) -> str:
    """A number never split between lines: the spaces between its groups become no-break."""
    return _GROUPS.sub("\u00a0", text)


def styled(
    paragraph: object,
    size: float | None = None,
    bold: bool | None = None,
    colour: RGBColor | None = None,
    italic: bool | None = None,
) -> None:
    """Every run of `paragraph` in the size, weight, colour and slant given (None: as it is)."""
    for run in paragraph.runs:  # type: ignore[attr-defined]
        if size is not None:
            run.font.size = Pt(size)
        if bold is not None:
            run.bold = bold
        if italic is not None:
            run.italic = italic
        if colour is not None:
            run.font.color.rgb = colour


SMALL_TABLE = 20  # rows: a table up to this size is kept on one page (the report's tables and these)


def table(
    document: Docx,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_cm: Sequence[float],
    numeric: set[int],
    size: float = 9,
    caption: str | None = None,
) -> Table:
    """A bordered table as the report draws its own (see engine.output.report)."""
    if caption:
        paragraph = document.add_paragraph(caption)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_after = Pt(3)
        styled(paragraph, size=10, bold=True)
    grid: Table = document.add_table(rows=1 + len(rows), cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    grid._tbl.tblPr.append(layout)
    for column, width in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm, strict=True):
        column.set(qn("w:w"), str(round(width * 567)))
    for column, width in enumerate(widths_cm):
        for cell in grid.columns[column].cells:
            cell.width = Cm(width)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), "E7ECF2")
    for index, row in enumerate([list(headers), *[list(r) for r in rows]]):
        cells = grid.rows[index].cells
        for column, text in enumerate(row):
            paragraph = cells[column].paragraphs[0]
            paragraph.text = whole(str(text)) if column in numeric else str(text)
            paragraph.paragraph_format.space_after = Pt(0)
            if index == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if column in numeric else WD_ALIGN_PARAGRAPH.LEFT
            styled(paragraph, size=size, bold=index == 0 or None)
        properties = grid.rows[index]._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if len(rows) + 1 <= SMALL_TABLE and index < len(rows):  # kept on one page, as the report's
            for cell in grid.rows[index].cells:
                for kept in cell.paragraphs:
                    kept.paragraph_format.keep_with_next = True
        if index == 0:
            properties.append(OxmlElement("w:tblHeader"))
            for cell in grid.rows[index].cells:
                cell._tc.get_or_add_tcPr().append(deepcopy(shading))
    return grid
