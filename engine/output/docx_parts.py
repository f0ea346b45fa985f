"""Parts of a Word document shared by the report, its «Динамика» and the cards (python-docx), in
the report's typography: Times New Roman, tables at 9 pt with a shaded header row that repeats
on every page, rows never split over pages, columns that add up to the text width, numbers to
the right and never split between lines."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from copy import deepcopy
from typing import Any

from docx.document import Document as Docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Row

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


def normal_style(document: Docx, size: float, space_after: float) -> None:
    """The document's Normal style: FONT (for East Asian text too) at `size` pt, `space_after`
    pt after a paragraph."""
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(space_after)


def saved(document: Docx) -> bytes:
    """The document as the bytes of a .docx file."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def banner(parent: Any, text: str, size: float) -> None:
    """A draft's or an example's banner, centred, bold and red: a paragraph added to `parent`
    (the document, or a page header)."""
    paragraph = parent.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styled(paragraph, size=size, bold=True, colour=RED)


def page_header(section: Section, text: str, draft: str | None, draft_size: float) -> None:
    """Every page's header: `text` to the right, small and grey; under it a draft's or an
    example's banner (`draft`, if any) at `draft_size` pt."""
    header = section.header.paragraphs[0]
    header.text = text
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    styled(header, size=9, colour=GREY)
    if draft:
        banner(section.header, draft, size=draft_size)


SMALL_TABLE = 20  # rows: a table up to this size is kept on one page


def grid(document: Docx, rows: int, widths_cm: Sequence[float], margin_cm: float | None = None) -> Table:
    """A bordered, centred table of fixed column widths; `margin_cm`: the cells' left and right
    margins (None: Word's own)."""
    table: Table = document.add_table(rows=rows, cols=len(widths_cm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    if margin_cm is not None:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), str(round(margin_cm * 567)))
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        properties.append(margins)
    # the widths twice: in the grid (LibreOffice reads it) and in each cell (Word does)
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm, strict=True):
        column.set(qn("w:w"), str(round(width * 567)))
    for column, width in enumerate(widths_cm):
        for cell in table.columns[column].cells:
            cell.width = Cm(width)
    return table


def fill(
    row: _Row,
    texts: Sequence[str],
    size: float,
    bold: bool = False,
    numeric: set[int] | frozenset[int] = frozenset(),
    centred: set[int] | frozenset[int] = frozenset(),
) -> None:
    """A row's cells: a line of text ("\n") a paragraph; numbers to the right and never split
    between lines, the `centred` columns centred, the rest to the left."""
    for column, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
        lines = (whole(str(text)) if column in numeric else str(text)).split("\n")
        paragraph = cell.paragraphs[0]
        paragraph.text = lines[0]
        for more in lines[1:]:
            cell.add_paragraph(more)
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.space_after = Pt(0)
            if column in centred:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif column in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            styled(paragraph, size=size, bold=bold or None)


def row_properties(row: _Row, header: bool = False, keep: bool = False) -> None:
    """A row never split over pages; a header row shaded and repeated on every page; `keep`
    (and a header row): the row stays on the page of the next one."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "E7ECF2")
        for cell in row.cells:
            cell._tc.get_or_add_tcPr().append(deepcopy(shading))
    if keep or header:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def table(
    document: Docx,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_cm: Sequence[float],
    numeric: set[int] | frozenset[int],
    size: float = 9,
    caption: str | None = None,
    centred: set[int] | frozenset[int] = frozenset(),
    margin_cm: float | None = None,
) -> Table:
    """A table of a header row (bold, centred) and `rows`, under an optional bold `caption`;
    a table of up to SMALL_TABLE rows is kept on one page."""
    if caption:
        paragraph = document.add_paragraph(caption)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_after = Pt(3)
        styled(paragraph, size=10, bold=True)
    made = grid(document, 1 + len(rows), widths_cm, margin_cm)
    kept_whole = len(rows) + 1 <= SMALL_TABLE
    for index, texts in enumerate([list(headers), *[list(r) for r in rows]]):
        row = made.rows[index]
        if index == 0:
            fill(row, texts, size=size, bold=True, centred=set(range(len(texts))))
        else:
            fill(row, texts, size=size, numeric=numeric, centred=centred)
        row_properties(row, header=index == 0, keep=kept_whole and index < len(rows))
    return made
