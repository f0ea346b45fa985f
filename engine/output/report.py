"""The quarterly report as a Word document (python-docx), in the office's published layout, from
the same views as every other output; what kpi adds comes after it, as annexes.

1. the title, generated from the quarter and the rules («… (рейтинг среди 14 ЦГО) за I квартал
   2024 года»); the ranking table (№ п/п, Наименование ГО, Направление, Присвоенный удельный вес);
   the chart, titled with the quarter in words;
2. the method block, generated from methodology.yaml (engine.output.views.method), with its legend;
3. «Сводная информация по предоставленным данным и расчетам»: one table with the published nine
   headings and the numbering row 1–9 (both repeated on every page), a spanning row per body
   («Министерство внутренних дел РК (Безопасность)»), its KPI rows, the result of each direction
   where a body has several, and its R; the bodies in the rules' published order (or by rank);
4. annexes (Приложение 1, 2 …): the notes on every zero a policy decided, how the figures were
   obtained, the comparison with another quarter.

A4, margins of a Russian-language government document (left 3 cm, right 1,5 cm, top and bottom
2 cm), Times New Roman 12 pt. The summary table is on landscape pages: its nine columns keep every
heading word whole and a KPI's name within six lines. A table of up to 20 rows is kept on one page,
header rows repeat, a row is never split. Numbers as the report prints them: 43,1 and 1 318 826,
with no-break spaces so that a number is never split between lines. A draft or example quarter
carries its banner on the first page and in every page's header. No KPI id and no quarter code
(2024Q1) reaches the text: KPIs by № and name, quarters in words.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence
from decimal import Decimal

from docx import Document
from docx.document import Document as Docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from engine.compare import BodyShift, KpiShift
from engine.formats import codes_in_words, entered_figure, grouped, quarter_words, signed
from engine.output.chart import ranking_chart
from engine.output.docx_parts import (
    FONT,
    RED,
    banner,
    fill,
    grid,
    normal_style,
    page_header,
    row_properties,
    saved,
    styled,
    table,
    whole,
)
from engine.output.views.comparison import ComparisonView, move
from engine.output.views.history import HistoryView
from engine.output.views.quarter import BodyPart, KpiLine, QuarterView

PORTRAIT_WIDTH_CM = 16.5  # 21 cm less the margins
LANDSCAPE_WIDTH_CM = 25.2  # 29,7 cm less the margins
# the ranking: № п/п, Наименование ГО, Направление, Присвоенный удельный вес (%)
RANKING_WIDTHS_CM = (1.3, 7.0, 5.2, 3.0)
# the summary table (№, KPI, U, N, unit, a, b, Z, W) on a landscape page: every heading word whole
# at 9 pt bold, the longest KPI name of the 2023 rules within six lines at 10 pt
SUMMARY_WIDTHS_CM = (0.9, 10.65, 2.1, 2.1, 1.0, 2.1, 2.2, 1.8, 2.35)
NOTES_WIDTHS_CM = (2.0, 4.0, 10.5)
COMPARE_WIDTHS_CM = (1.3, 1.4, 5.4, 2.4, 1.4, 4.6)
CELL_MARGIN_CM = 0.1


def report_document(
    view: QuarterView,
    comparison: ComparisonView | None = None,
    order: str = "published",
    dynamics: HistoryView | None = None,
) -> bytes:
    """The report as the bytes of a .docx file; `order`: the summary table's bodies in the
    rules' published order ("published") or by rank ("rank"); `dynamics`: the previous
    quarter beside this one, an annex («Динамика»)."""
    document = Document()
    _styles(document)
    first = document.sections[0]
    _page(first, landscape=False)
    _header_footer(first, view)
    _title(document, view)
    _ranking(document, view)
    _chart(document, view)
    _method(document, view)
    summary = document.add_section(WD_SECTION.NEW_PAGE)
    _page(summary, landscape=True)
    _summary(document, view, order)
    annexes = document.add_section(WD_SECTION.NEW_PAGE)
    _page(annexes, landscape=False)
    _annexes(document, view, comparison, dynamics)
    generated = _generated()
    document.core_properties.title = view.label("report-doc-title", count=len(view.bodies), period=view.period)
    document.core_properties.author = ""
    document.core_properties.created = generated
    document.core_properties.modified = generated
    document.core_properties.last_modified_by = ""
    document.core_properties.comments = ""
    return saved(document)


def _generated() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when it is set (a reproducible build of the same report)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isascii() and epoch.isdigit() and len(epoch) <= 12:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime.now().replace(microsecond=0)


def figure(value: Decimal | None, lang: str) -> str:
    """A figure as the report prints it: 83, 83,5, 1 318 826 (no-break spaces); "-" for none."""
    return "-" if value is None else grouped(value, lang)


def _entered(text: str | None, value: Decimal | None, lang: str) -> str:
    """a or b as entered, a bare number written the report's way (177363 → 177 363)."""
    return whole(entered_figure(text, value, lang)) if text is not None else "-"


# --- pages, styles, header and footer ---


def _styles(document: Docx) -> None:
    normal_style(document, size=12, space_after=6)
    styles = document.styles
    for level, size in ((1, 14), (2, 12)):
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


def _page(section: Section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (Cm(29.7), Cm(21)) if landscape else (Cm(21), Cm(29.7))
    section.page_width, section.page_height = width, height
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)
    section.different_first_page_header_footer = False


def _header_footer(section: Section, view: QuarterView) -> None:
    """The header (the report's subject and the quarter, the banner of a draft) and the page
    number, on every page of every section (the later sections are linked to this one)."""
    page_header(section, view.label("report-header", period=view.period), view.banner, draft_size=10)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)
    styled(footer, size=9)


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


def _paragraph(
    document: Docx, text: str, bold: bool = False, centre: bool = False, keep: bool = False, size: float | None = None
) -> Paragraph:
    paragraph = document.add_paragraph(text)
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = keep
    styled(paragraph, size=size, bold=bold or None)
    return paragraph


# --- the published report ---


def _title(document: Docx, view: QuarterView) -> None:
    if view.banner:
        banner(document, view.banner, size=14)
    title = _paragraph(document, title_text(view), bold=True, centre=True, size=14)
    title.paragraph_format.space_after = Pt(12)


def title_text(view: QuarterView) -> str:
    """«Отчет по достижению KPI … (рейтинг среди 14 ЦГО) за I квартал 2024 года», from the data."""
    return view.label("report-doc-title", count=len(view.bodies), period=view.period)


def _ranking(document: Docx, view: QuarterView) -> None:
    _paragraph(document, view.label("report-ranking-lead"), keep=True).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    headers = [view.label(f"report-ranking-col-{i}") for i in range(1, 5)]
    rows = [
        [str(b.rank), b.name, "; ".join(d.name for d in b.directions), figure(b.score, view.lang)] for b in view.bodies
    ]
    _table(document, headers, rows, RANKING_WIDTHS_CM, numeric={0, 3}, size=11, centred={0, 3})


def _chart(document: Docx, view: QuarterView) -> None:
    lead = _paragraph(document, view.label("report-chart-lead"), keep=True)
    lead.paragraph_format.space_before = Pt(12)
    document.add_picture(io.BytesIO(ranking_chart(view, "png")), width=Cm(PORTRAIT_WIDTH_CM))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _method(document: Docx, view: QuarterView) -> None:
    method = view.method
    if method is None:
        return
    lead = _paragraph(document, view.label("report-method-lead"), keep=True)
    lead.paragraph_format.space_before = Pt(12)
    lines = [*method.formulas, method.rounding, view.label("report-legend-lead"), *method.legend]
    for index, line in enumerate(lines):
        paragraph = _paragraph(document, line, keep=index < len(lines) - 1)
        paragraph.paragraph_format.space_after = Pt(0)


def _summary(document: Docx, view: QuarterView, order: str) -> None:
    heading = _paragraph(document, view.label("report-summary"), bold=True, centre=True, keep=True)
    heading.paragraph_format.space_after = Pt(6)
    headers = [view.label(f"report-summary-col-{i}", year=view.target_year) for i in range(1, 10)]
    numbering = [str(i) for i in range(1, 10)]
    summary = grid(document, 2, SUMMARY_WIDTHS_CM, CELL_MARGIN_CM)
    fill(summary.rows[0], headers, size=9, bold=True, centred=set(range(9)))
    fill(summary.rows[1], numbering, size=9, bold=True, centred=set(range(9)))
    for row in summary.rows[:2]:
        row_properties(row, header=True)
    for body in view.in_order(order):
        several = len(body.directions) > 1
        title = (
            body.name if several else view.label("report-body-row", name=body.name, direction=body.directions[0].name)
        )
        _spanning(summary, title, bold=True)
        for direction in body.directions:
            if several:
                _spanning(summary, direction.name, italic=True)
            for index, line in enumerate(direction.lines):
                row = summary.add_row()  # type: ignore[no-untyped-call]
                fill(row, _kpi_cells(line, view.lang), size=10, numeric={0, 2, 3, 5, 6, 7, 8}, centred={0, 4})
                row_properties(row, keep=index == len(direction.lines) - 1)
            if several:
                _result(summary, direction.result_label, figure(direction.total, view.lang), bold=False)
        _result(summary, view.label("report-score-row", short=body.short), figure(body.score, view.lang), bold=True)


def _kpi_cells(line: KpiLine, lang: str) -> list[str]:
    return [
        str(line.no),
        line.name,
        figure(line.weight, lang),
        figure(line.target, lang),
        line.unit,
        _entered(line.a_text, line.a, lang),
        _entered(line.b_text, line.b, lang),
        figure(line.share, lang),
        figure(line.assigned, lang),
    ]


def _spanning(summary: Table, text: str, bold: bool = False, italic: bool = False) -> None:
    row = summary.add_row()  # type: ignore[no-untyped-call]
    cell = row.cells[0].merge(row.cells[-1])
    paragraph = cell.paragraphs[0]
    paragraph.text = text
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.keep_with_next = True
    styled(paragraph, size=10, bold=bold or None, italic=italic or None)
    row_properties(row, keep=True)


def _result(summary: Table, label: str, value: str, bold: bool) -> None:
    row = summary.add_row()  # type: ignore[no-untyped-call]
    cell = row.cells[0].merge(row.cells[-2])
    for target, text, align in (
        (cell, label, WD_ALIGN_PARAGRAPH.LEFT),
        (row.cells[-1], value, WD_ALIGN_PARAGRAPH.RIGHT),
    ):
        paragraph = target.paragraphs[0]
        paragraph.text = text
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        styled(paragraph, size=10, bold=bold or None)
    row_properties(row)


# --- the annexes: what kpi adds ---


def _annexes(
    document: Docx, view: QuarterView, comparison: ComparisonView | None, dynamics: HistoryView | None
) -> None:
    number = 1
    _annex_heading(document, view, number, view.label("report-annex-about"))
    _about(document, view)
    notes = [(body, line) for body in view.in_order() for d in body.directions for line in d.lines if line.note]
    if notes:
        number += 1
        _annex_heading(document, view, number, view.label("report-annex-zeros"), page_break=False)
        _paragraph(document, view.label("report-zeros-lead"), keep=True)
        headers = [
            view.label("report-zeros-col-body"),
            view.label("report-zeros-col-no"),
            view.label("report-zeros-col-why"),
        ]
        rows = [[body.short, _kpi_place(body, line), line.reason_text or ""] for body, line in notes]
        _table(document, headers, rows, NOTES_WIDTHS_CM, numeric=set(), size=10)
    if comparison is not None:
        number += 1
        _annex_heading(
            document, view, number, view.label("report-annex-compare", other=_side_words(comparison, "before"))
        )
        _comparison(document, view, comparison)
    if dynamics is not None:
        from engine.output.report_dynamics import dynamics_section

        number += 1
        _annex_heading(document, view, number, view.label("report-dynamics"), page_break=comparison is not None)
        dynamics_section(document, dynamics)


def _annex_heading(document: Docx, view: QuarterView, number: int, title: str, page_break: bool = False) -> None:
    if page_break:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    label = _paragraph(document, view.label("report-annex", number=number), bold=True, keep=True)
    label.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    label.paragraph_format.space_before = Pt(12)
    _paragraph(document, title, bold=True, centre=True, keep=True)


def _kpi_place(body: BodyPart, line: KpiLine) -> str:
    """A KPI as a reader of the report finds it: its № (and its direction where a body has several)."""
    if len(body.directions) > 1:
        direction = next(d for d in body.directions if line in d.lines)
        return f"{line.no}, «{direction.name}»"
    return str(line.no)


def _about(document: Docx, view: QuarterView) -> None:
    first, last = view.bodies[0], view.bodies[-1]
    lines = [
        view.label("report-about-rules", rules=view.rules_words, period=view.period),
        view.label(
            "report-about-leaders",
            first=first.name,
            first_score=figure(first.score, view.lang),
            last=last.name,
            last_score=figure(last.score, view.lang),
            mean=figure(view.mean_score, view.lang),
        ),
    ]
    ties = _ties(view)
    if ties:
        lines.append(view.label("report-intro-ties", ties=ties))
    if view.source:  # a quarter's code written in its source reads in words, as everywhere in the report
        source = codes_in_words(view.source, view.lang)
        lines.append(view.label("report-source", source=source))
    for line in lines:
        paragraph = _paragraph(document, line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if view.untranslated:  # a Kazakh document: the names the rules give in Russian only, said once
        paragraph = _paragraph(document, view.label("untranslated-note", rules=view.rules))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for line in view.untranslated:
            _paragraph(document, line, size=10)


def _ties(view: QuarterView) -> str:
    groups: dict[int, list[BodyPart]] = {}
    for body in view.bodies:
        groups.setdefault(body.rank, []).append(body)
    return "; ".join(
        f"{', '.join(b.short for b in group)} — {figure(group[0].score, view.lang)}"
        for group in groups.values()
        if len(group) > 1
    )


def _side_words(comparison_view: ComparisonView, side: str) -> str:
    """A side of a comparison as readers name it: «IV квартал 2023 года» (and its rules when
    the two sides are read under different rules)."""
    comparison = comparison_view.comparison
    chosen = comparison.before if side == "before" else comparison.after
    text = quarter_words(chosen.quarter, comparison_view.lang)
    if comparison.rules_changed:
        year = chosen.result.rules.methodology.year
        text += " (" + comparison_view.label("rules-words", year=year) + ")"
    return text


def _comparison(document: Docx, view: QuarterView, comparison_view: ComparisonView) -> None:
    comparison, lang = comparison_view.comparison, comparison_view.lang
    _paragraph(
        document,
        view.label(
            "report-compare-lead",
            before=_side_words(comparison_view, "before"),
            after=_side_words(comparison_view, "after"),
        ),
        keep=True,
    ).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for _status, text in comparison_view.banners:
        styled(document.add_paragraph(text), bold=True, colour=RED)
    headers = [view.label(f"report-compare-col-{i}") for i in range(1, 7)]
    rows = [
        [
            str(b.rank_to) if b.rank_to is not None else "-",
            move(b, lang).text,
            b.name,
            f"{figure(b.score_from, lang)} → {figure(b.score_to, lang)}",
            signed(b.delta, lang) if b.delta is not None else "",
            "\n".join(_driver(b, k, lang) for k in b.drivers),
        ]
        for b in comparison.bodies
    ]
    _table(document, headers, rows, COMPARE_WIDTHS_CM, numeric={0, 3, 4}, size=9, centred={0, 1})


def _driver(body: BodyShift, kpi: KpiShift, lang: str) -> str:
    """A KPI that moved R, by its № (never its id) and, where a body has several, its
    direction: «№ 3: +5», «№ 1 «Строительство»: -10»."""
    result = kpi.after or kpi.before
    side = body.after or body.before
    if result is None or side is None:
        return signed(kpi.delta, lang)
    directions = side.body.directions
    where = ""
    if len(directions) > 1:
        where = " " + next((f"«{d.name}»" for d in directions if d.id == result.kpi.direction), "")
    return f"№ {result.kpi.no}{where}: {signed(kpi.delta, lang)}"


# --- tables ---


def _table(
    document: Docx,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_cm: Sequence[float],
    numeric: set[int],
    size: float = 10,
    centred: set[int] | frozenset[int] = frozenset(),
) -> None:
    """The report's table (engine.output.docx_parts.table, its cells' margins narrow) and an empty
    paragraph after it."""
    table(document, headers, rows, widths_cm, numeric, size=size, centred=centred, margin_cm=CELL_MARGIN_CM)
    document.add_paragraph().paragraph_format.space_after = Pt(0)
