"""The quarterly report as a Word document (python-docx), from the same views as every other
output: the title page, an introduction written from the data, the chart, the ranking, a
section per body with its KPI tables, and optionally the comparison with another quarter.

A4 in portrait, margins of a Russian-language government document (left 3 cm, right 1,5 cm,
top and bottom 2 cm), Times New Roman 12 pt, tables at 9 pt whose header rows repeat on
every page and whose columns add up to the text width. Numbers as the report prints them:
43,1 and 1 318 826, with no-break spaces so that a number is never split between lines.
An example or draft quarter carries its banner on the title page and in every page's header.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Sequence
from copy import deepcopy
from decimal import Decimal

from docx import Document
from docx.document import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

from engine.output.chart import ranking_chart
from engine.output.formats import number, signed
from engine.output.views.comparison import ComparisonView, drivers, move, scores, summary
from engine.output.views.history import HistoryView
from engine.output.views.quarter import KPI_COLUMNS, BodyPart, QuarterView

FONT = "Times New Roman"
TEXT_WIDTH_CM = 16.5  # 21 cm less the margins
# the KPI table's columns (№, KPI, U, N, unit, a, b, Z, W), adding up to the text width
KPI_WIDTHS_CM = (0.7, 5.4, 1.2, 1.2, 0.9, 2.3, 2.3, 1.1, 1.4)
RANKING_WIDTHS_CM = (1.6, 2.2, 10.7, 2.0)
COMPARE_WIDTHS_CM = (1.4, 1.4, 1.8, 2.6, 1.5, 7.8)
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_GROUPS = re.compile(r"(?<=\d) (?=\d{3}\b)")


def report_document(
    view: QuarterView, comparison: ComparisonView | None = None, dynamics: HistoryView | None = None
) -> bytes:
    """The report as the bytes of a .docx file."""
    document = Document()
    _page_setup(document, view)
    _title_page(document, view)
    _introduction(document, view)
    _ranking(document, view)
    _bodies(document, view)
    if comparison is not None:
        _comparison(document, view, comparison)
    if dynamics is not None:  # «Динамика» (issue 20): a section of its own module
        from engine.output.report_dynamics import dynamics_section

        dynamics_section(document, dynamics)
    generated = _generated()
    document.core_properties.title = f"{view.label('report-title')} — {_period(view)}"
    document.core_properties.author = "kpi"
    document.core_properties.created = generated
    document.core_properties.modified = generated
    document.core_properties.last_modified_by = "kpi"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _generated() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when it is set (a reproducible build of the same report)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isascii() and epoch.isdigit() and len(epoch) <= 12:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime.now().replace(microsecond=0)


def _period(view: QuarterView) -> str:
    """«по итогам I квартала 2024 года» from 2024Q1."""
    year, _, quarter = view.quarter.partition("Q")
    return view.label("report-period", roman=ROMAN.get(quarter, quarter), year=year)


def _whole(text: str) -> str:
    """A number never split between lines: the spaces between its groups become no-break."""
    return _GROUPS.sub("\u00a0", text)


# --- page, styles, header and footer ---


def _page_setup(document: Docx, view: QuarterView) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)
    section.different_first_page_header_footer = True  # the title page has none
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    for level, size in ((1, 14), (2, 13), (3, 12)):
        style = styles[f"Heading {level}"]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # the template's theme font would win over ours
        fonts.set(qn("w:eastAsia"), FONT)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    for name in ("Header", "Footer"):  # a field (the page number) takes the style's size
        styles[name].font.name = FONT
        styles[name].font.size = Pt(9)
    header = section.header.paragraphs[0]
    header.text = view.label("report-header", period=_period(view))
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(header, size=9, colour=RGBColor(0x55, 0x55, 0x55))
    if view.banner:
        banner = section.header.add_paragraph()
        banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = banner.add_run(view.banner)
        run.bold = True
        run.font.size = Pt(10)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(view.label("report-page"))
    _page_number(footer)
    _font(footer, size=9)


def _page_number(paragraph: Paragraph) -> None:
    """A PAGE field: the page's number, filled in by Word or LibreOffice."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _font(
    paragraph: object, size: float | None = None, bold: bool | None = None, colour: RGBColor | None = None
) -> None:
    for run in paragraph.runs:  # type: ignore[attr-defined]
        if size is not None:
            run.font.size = Pt(size)
        if bold is not None:
            run.bold = bold
        if colour is not None:
            run.font.color.rgb = colour


# --- the parts of the report ---


def _title_page(document: Docx, view: QuarterView) -> None:
    for _ in range(6):
        document.add_paragraph()
    if view.banner:
        banner = document.add_paragraph()
        banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = banner.add_run(view.banner)
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(view.label("report-title"))
    run.bold = True
    run.font.size = Pt(16)
    period = document.add_paragraph()
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    period.add_run(_period(view)).font.size = Pt(14)
    for _ in range(10):
        document.add_paragraph()
    for line in (
        view.label("report-rules", rules=view.rules),
        view.label("report-source", source=view.source),
        view.label("report-generated", date=_generated().strftime("%d.%m.%Y")),
    ):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _font(paragraph, size=11)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _introduction(document: Docx, view: QuarterView) -> None:
    document.add_heading(view.label("report-intro"), level=1)
    counts = [sum(len(d.lines) for d in b.directions) for b in view.bodies]
    document.add_paragraph(
        view.label(
            "report-intro-count", count=len(view.bodies), kpis=sum(counts), kpis_min=min(counts), kpis_max=max(counts)
        )
    )
    document.add_paragraph(
        view.label(
            "report-intro-method",
            how=view.label(f"how-{view.aggregation}"),
            rounding=view.label(f"report-rounding-{view.rounding_mode}"),
            places=view.rounding_places,
        )
    )
    first, last = view.bodies[0], view.bodies[-1]
    lead = view.label(
        "report-intro-leaders",
        first=f"{first.short} ({first.name})",
        first_score=number(first.score, view.lang),
        last=f"{last.short} ({last.name})",
        last_score=number(last.score, view.lang),
    )
    mean = sum((b.score for b in view.bodies), Decimal(0)) / len(view.bodies)
    mean_text = view.label("report-mean", mean=number(mean.quantize(Decimal("0.1")), view.lang))
    ties = _ties(view)
    text = " ".join([lead, mean_text, *([view.label("report-intro-ties", ties=ties)] if ties else [])])
    document.add_paragraph(text)
    if view.note:
        document.add_paragraph(view.note)


def _ties(view: QuarterView) -> str:
    groups: dict[int, list[BodyPart]] = {}
    for body in view.bodies:
        groups.setdefault(body.rank, []).append(body)
    return "; ".join(
        f"{' = '.join(b.short for b in group)} ({number(group[0].score, view.lang)})"
        for group in groups.values()
        if len(group) > 1
    )


def _ranking(document: Docx, view: QuarterView) -> None:
    document.add_heading(view.label("report-ranking"), level=1)
    document.add_picture(io.BytesIO(ranking_chart(view, "png")), width=Cm(TEXT_WIDTH_CM))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = document.add_paragraph(view.label("report-chart-caption"))
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(caption, size=10)
    headers = [view.label("col-rank"), view.label("col-body"), view.label("col-name"), view.label("col-score")]
    rows = [[str(b.rank), b.short, b.name, number(b.score, view.lang)] for b in view.bodies]
    _table(document, headers, rows, RANKING_WIDTHS_CM, numeric={0, 3})


def _bodies(document: Docx, view: QuarterView) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(view.label("report-bodies"), level=1)
    count = len(view.bodies)
    for position, body in enumerate(view.bodies, start=1):
        document.add_heading(
            view.label("report-body-heading", number=position, short=body.short, name=body.name), level=2
        )
        place = document.add_paragraph(
            view.label("report-body-place", rank=body.rank, count=count, score=number(body.score, view.lang))
        )
        place.paragraph_format.keep_with_next = True
        headers = [view.label(code) for code in KPI_COLUMNS]
        for direction in body.directions:
            if len(body.directions) > 1:
                document.add_heading(view.label("report-direction", name=direction.name), level=3)
            rows = [
                [
                    str(line.no),
                    line.name,
                    number(line.weight, view.lang),
                    number(line.target, view.lang),
                    line.unit,
                    _whole(line.a_text or ""),
                    _whole(line.b_text or ""),
                    number(line.share, view.lang),
                    number(line.assigned, view.lang) + (f" [{line.note}]" if line.note else ""),
                ]
                for line in direction.lines
            ]
            _table(document, headers, rows, KPI_WIDTHS_CM, numeric={0, 2, 3, 5, 6, 7, 8})
            if len(body.directions) > 1:
                total = document.add_paragraph(f"{direction.result_label}: {number(direction.total, view.lang)}")
                total.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                total.paragraph_format.space_before = Pt(3)
        result = document.add_paragraph(
            view.label("report-score", short=body.short, score=number(body.score, view.lang))
        )
        result.paragraph_format.space_before = Pt(6)
        _font(result, bold=True)
        notes = _notes(body)
        if notes:
            heading = document.add_paragraph(view.label("report-notes") + ":")
            _font(heading, size=10, bold=True)
            for note in notes:
                paragraph = document.add_paragraph(note)
                paragraph.paragraph_format.space_after = Pt(2)
                _font(paragraph, size=10)


def _notes(body: BodyPart) -> list[str]:
    """A note for every W a policy decided, named as a reader of the report knows the KPI:
    by its number in the table (and its direction, where a body has several)."""
    notes = []
    for direction in body.directions:
        where = f"{direction.name}, " if len(body.directions) > 1 else ""
        for line in direction.lines:
            if line.note is not None:
                notes.append(f"[{line.note}] {where}№{line.no}: {line.reason_text}")
    return notes


def _comparison(document: Docx, view: QuarterView, comparison_view: ComparisonView) -> None:
    comparison, lang = comparison_view.comparison, comparison_view.lang
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(view.label("report-compare", other=comparison.before.label), level=1)
    document.add_paragraph(comparison_view.title)
    for _status, text in comparison_view.banners:
        banner = document.add_paragraph(text)
        _font(banner, bold=True, colour=RGBColor(0xC0, 0x00, 0x00))
    headers = [
        view.label("col-rank"),
        view.label("col-move"),
        view.label("col-body"),
        view.label("col-compare-score"),
        view.label("col-delta"),
        view.label("col-drivers"),
    ]
    rows = [
        [
            str(b.rank_to) if b.rank_to is not None else "-",
            move(b, lang).text,
            b.short,
            scores(b, lang),
            signed(b.delta, lang) if b.delta is not None else "",
            drivers(comparison, b, lang),
        ]
        for b in comparison.bodies
    ]
    _table(document, headers, rows, COMPARE_WIDTHS_CM, numeric={0, 3, 4}, size=8.5)
    document.add_paragraph(summary(comparison, lang))


# --- tables ---


def _table(
    document: Docx,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_cm: Sequence[float],
    numeric: set[int],
    size: float = 9,
) -> None:
    """A bordered table whose header row repeats on every page and whose columns add up to
    the text width; numbers to the right, text to the left; rows are not split over pages."""
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table)
    # the widths twice: in the grid (LibreOffice reads it) and in each cell (Word does)
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm, strict=True):
        column.set(qn("w:w"), str(round(width * 567)))
    for column, width in enumerate(widths_cm):
        for cell in table.columns[column].cells:
            cell.width = Cm(width)
    for index, row in enumerate([list(headers), *[list(r) for r in rows]]):
        cells = table.rows[index].cells
        for column, text in enumerate(row):
            lines = str(text).split("\n")
            paragraph = cells[column].paragraphs[0]
            paragraph.text = lines[0]
            for more in lines[1:]:
                cells[column].add_paragraph(more)
            for paragraph in cells[column].paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                right = column in numeric and index > 0
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
                if index == 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _font(paragraph, size=size, bold=index == 0 or None)
        _row_properties(table.rows[index], header=index == 0)


def _fixed_layout(table: Table) -> None:
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)


def _row_properties(row: _Row, header: bool) -> None:
    properties = row._tr.get_or_add_trPr()
    keep = OxmlElement("w:cantSplit")
    properties.append(keep)
    if header:
        repeat = OxmlElement("w:tblHeader")
        properties.append(repeat)
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "E7ECF2")
        for cell in row.cells:
            cell._tc.get_or_add_tcPr().append(deepcopy(shading))
