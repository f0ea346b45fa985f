"""`kpi export`: the scored quarter as a workbook whose every figure is a live formula
generated from methodology.yaml, so that an auditor can click on any Z, W or R, retype a
value, and watch the spreadsheet recompute what kpi computed.

Sheet «Рейтинг»: place (a RANK formula: ties share a place as in `kpi score`), body, name, R
(a reference to the body's sheet) and a native bar chart. A sheet per body, named by its
short name, laid out like the form (the same rows and columns for a and b, so an export
imports back), with Z and W for each KPI, then each direction's result and R. The formulas
follow the method step by step: no target → the no-target weight; no data ("-") → the
no-data weight; a share that cannot be computed (b = 0) → "-" and the no-data weight;
otherwise the variant's formula with the declared rounding. Every formula cell also carries
the value kpi computed, so a viewer that does not calculate still shows the right numbers.
Written with xlsxwriter (which stores those values; openpyxl does not), imported here only.
"""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from engine.collect.layout import (
    COLUMNS,
    EXPORT_COLUMNS,
    FORMAT,
    HEADER_ROW,
    META_SHEET,
    cell_value,
    direction_rows,
    kpi_rows,
    letter,
    name_row_height,
    sheet_titles,
)
from engine.collect.token import token
from engine.formats import exact_text
from engine.i18n import tr
from engine.method import Methodology, Variant
from engine.model import RulesVersion
from engine.output.excel_formula import excel, rounded
from engine.output.views.quarter import BodyPart, QuarterView

ALL_COLUMNS = COLUMNS + EXPORT_COLUMNS
# figures as the report prints them, in the reader's locale: 1 318 826 and 83,5 in Russian; a
# whole number without a decimal point (_whole_numbers)
NUMBER = "#,##0.0##"
NUMBERS = ("weight", "target", "a", "b")
WHOLE = "#,##0"


# text is written as text: a name "=HYPERLINK(…)" or "http://…" stays the name it is
TEXT_IS_TEXT = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def export_workbook(view: QuarterView, rules: RulesVersion, secret: bytes = b"") -> bytes:
    """The workbook; `secret`: the workspace's, from which each body's token is made
    (engine.collect.token), so that an export imports back as a form does."""
    from engine.names import rules_in

    rules = rules_in(rules, view.lang)  # the names a reader sees, in the workbook's language
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, **TEXT_IS_TEXT})
    styles = _styles(book)
    ranking_title = tr("export-ranking", view.lang)[:31]
    ranking = book.add_worksheet(ranking_title)
    titles = sheet_titles(rules.bodies, taken=[ranking_title, META_SHEET])
    score_cells: dict[str, str] = {}
    for part in view.bodies:
        body = rules.body(part.id)
        assert body is not None
        sheet = book.add_worksheet(titles[part.id])
        score_cells[part.id] = _body_sheet(sheet, view, rules, part, styles)
        _printed(sheet, header_row=HEADER_ROW)
    _ranking(book, ranking, view, titles, score_cells, styles)
    _printed(ranking, header_row=3)
    meta = book.add_worksheet(META_SHEET)
    rows = [["format", FORMAT], ["quarter", view.quarter], ["rules", rules.id]]
    rows += [["body", body_id, title, token(secret, view.quarter, body_id)] for body_id, title in titles.items()]
    for index, row in enumerate(rows):
        for column, text in enumerate(row):
            meta.write_string(index, column, text)
    meta.very_hidden()
    ranking.activate()
    book.close()
    return buffer.getvalue()


def _styles(book: xlsxwriter.Workbook) -> dict[str, object]:
    return {
        "title": book.add_format({"bold": True, "font_size": 13}),
        "bold": book.add_format({"bold": True}),
        "header": book.add_format(
            {
                "bold": True,
                "bg_color": "#E7ECF2",
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        ),
        "cell": book.add_format({"border": 1, "valign": "top"}),
        "name": book.add_format({"border": 1, "valign": "top", "text_wrap": True}),
        "number": book.add_format({"border": 1, "valign": "top", "num_format": NUMBER}),
        "figure": book.add_format({"border": 1, "valign": "top", "bg_color": "#EEF5EA", "num_format": NUMBER}),
        "total": book.add_format({"bold": True, "border": 1, "bg_color": "#EEF5EA", "num_format": NUMBER}),
        "whole": book.add_format({"num_format": WHOLE}),
    }


def _whole_numbers(sheet: Worksheet, rows: tuple[int, int], columns: tuple[int, int], whole: object) -> None:
    """A whole number shows without a decimal point (83, not 83.0), as in the report: a
    conditional number format over the figures (0-based rows and columns, inclusive)."""
    corner = f"{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[columns[0]]}{rows[0] + 1}"
    sheet.conditional_format(
        rows[0],
        columns[0],
        rows[1],
        columns[1],
        {"type": "formula", "criteria": f"=AND(ISNUMBER({corner}),{corner}=INT({corner}))", "format": whole},
    )


def _printed(sheet: Worksheet, header_row: int) -> None:
    """As the forms print: A4 landscape, one page wide, the header row on every page."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row - 1)


def _body_sheet(
    sheet: Worksheet, view: QuarterView, rules: RulesVersion, part: BodyPart, styles: dict[str, object]
) -> str:
    """The body's sheet; returns the cell of its R (as `'Sheet'!J30`)."""
    lang = view.lang
    methodology = rules.methodology
    body = rules.body(part.id)
    assert body is not None
    sheet.write(0, 0, tr("export-heading", lang), styles["title"])
    sheet.write(1, 0, part.name, styles["bold"])
    sheet.write(2, 0, tr("export-period", lang, period=view.period, rules=view.rules_words))
    sheet.write(3, 0, tr("export-note", lang))
    for column, (_key, label, width) in enumerate(ALL_COLUMNS):
        sheet.write(HEADER_ROW - 1, column, tr(label, lang) if label.startswith("col-") else label, styles["header"])
        # the KPI's id stays in the sheet for the formulas' readers, out of the reader's sight
        sheet.set_column(column, column, width, None, {"hidden": True} if _key == "kpi" else {})
    lines = {line.id: line for d in part.directions for line in d.lines}
    rows = kpi_rows(body)
    for row, kpi in rows.items():
        line = lines[kpi.id]
        values = {
            "no": kpi.no,
            "kpi": kpi.id,
            "name": kpi.name,
            "unit": kpi.unit,
            "weight": float(kpi.weight),
            "target": float(kpi.target) if kpi.target is not None else "-",
            "a": _number(line.a, line.a_text),
            "b": _number(line.b, line.b_text),
        }
        for column, (key, _, _) in enumerate(COLUMNS):
            value = values[key]
            style = styles["name"] if key == "name" else styles["number"] if key in NUMBERS else styles["cell"]
            if value is None:
                sheet.write_blank(row - 1, column, None, style)
            else:
                sheet.write(row - 1, column, value, style)
        sheet.set_row(row - 1, name_row_height(kpi.name))
        share, assigned = _kpi_formulas(methodology, rules.methodology.variants[kpi.variant], row)
        z_cached: object = float(line.share) if line.share is not None else "-"
        sheet.write_formula(row - 1, _index("share"), share, styles["figure"], z_cached)
        sheet.write_formula(row - 1, _index("assigned"), assigned, styles["figure"], float(line.assigned))
    if len(body.directions) > 1:
        for row, name in direction_rows(body).items():
            sheet.write(row - 1, 2, name, styles["bold"])
    last = max(rows)
    direction_cells = []
    row = last + 2
    for direction, result in zip(body.directions, part.directions, strict=True):
        first = min(r for r, k in rows.items() if k.direction == direction.id)
        final = max(r for r, k in rows.items() if k.direction == direction.id)
        cells = f"{letter('assigned')}{first}:{letter('assigned')}{final}"
        formula = "=" + rounded(methodology.direction_aggregation.excel(cells), methodology.rounding)
        sheet.write(row - 1, 2, result.result_label, styles["bold"])
        sheet.write_formula(row - 1, _index("assigned"), formula, styles["total"], float(result.total))
        direction_cells.append(f"{letter('assigned')}{row}")
        row += 1
    formula = "=" + rounded(methodology.body_aggregation.excel(",".join(direction_cells)), methodology.rounding)
    sheet.write(row - 1, 2, tr("export-score", lang, short=part.short), styles["bold"])
    sheet.write_formula(row - 1, _index("assigned"), formula, styles["total"], float(part.score))
    _whole_numbers(sheet, (HEADER_ROW, row - 1), (_index("weight"), _index("assigned")), styles["whole"])
    sheet.freeze_panes(HEADER_ROW, 0)
    return f"{_quoted(sheet.name)}!{letter('assigned')}{row}"


def _kpi_formulas(methodology: Methodology, variant: Variant, row: int) -> tuple[str, str]:
    """Z and W of the KPI on `row`, following the method's `assess` step by step (its policies
    spelt in the spreadsheet's IF: no target, no data, an undefined share, a division by zero)."""
    cell = {name: f"{letter(key)}{row}" for name, key in (("a", "a"), ("b", "b"), ("U", "weight"), ("N", "target"))}
    cell["Z"] = f"{letter('share')}{row}"
    tests = [f'{cell[n]}="-"' for n in variant.inputs]
    missing = f"OR({','.join(tests)})" if len(tests) > 1 else tests[0]
    no_data = _literal(methodology.no_data_assigned)
    if variant.share is not None:
        figure = rounded(excel(variant.share, cell), methodology.rounding)
        share = f'=IF({missing},"-",IFERROR({figure},"-"))'
    else:
        share = '="-"'
    zero_division = _literal(methodology.zero_division_assigned)  # the W formula divides by zero
    weight = f"IFERROR({rounded(excel(variant.assigned, cell), methodology.rounding)},{zero_division})"
    if variant.share is not None:
        weight = f'IF({cell["Z"]}="-",{no_data},{weight})'
    weight = f"IF({missing},{no_data},{weight})"
    target = cell["N"]
    no_target = _literal(methodology.no_target_assigned)
    return share, f'=IF(OR({target}="-",{target}=0),{no_target},{weight})'


def _ranking(
    book: xlsxwriter.Workbook,
    sheet: Worksheet,
    view: QuarterView,
    titles: dict[str, str],
    scores: dict[str, str],
    styles: dict[str, object],
) -> None:
    lang = view.lang
    title = tr("export-title", lang, period=view.period, rules=view.rules_words)
    sheet.write(0, 0, title, styles["title"])
    for column, (code, width) in enumerate((("col-rank", 8), ("col-body", 10), ("col-name", 55), ("col-score", 9))):
        sheet.write(2, column, tr(code, lang), styles["header"])
        sheet.set_column(column, column, width)
    first, last = 4, 3 + len(view.bodies)
    for index, body in enumerate(view.bodies):
        row = first + index
        place = "=" + Methodology.rank_excel(f"D{row}", f"$D${first}:$D${last}")
        sheet.write_formula(row - 1, 0, place, styles["cell"], body.rank)
        sheet.write(row - 1, 1, body.short, styles["cell"])
        sheet.write(row - 1, 2, body.name, styles["cell"])
        sheet.write_formula(row - 1, 3, f"={scores[body.id]}", styles["total"], float(body.score))
    _whole_numbers(sheet, (first - 1, last - 1), (3, 3), styles["whole"])
    if view.untranslated:  # a Kazakh workbook: the names the rules give in Russian only, said once
        wrapped = book.add_format({"text_wrap": True, "valign": "top"})
        lines = [tr("untranslated-note", lang, rules=view.rules), *view.untranslated]
        for index, line in enumerate(lines):  # within the table's width, wrapped: printed on its page
            sheet.merge_range(last + 1 + index, 0, last + 1 + index, 3, line, wrapped)
            sheet.set_row(last + 1 + index, 15 * (1 + len(line) // 90))
    chart = book.add_chart({"type": "bar"})
    name = _quoted(sheet.name)
    chart.add_series(
        {
            "name": tr("col-score", lang),
            "categories": f"={name}!$B${first}:$B${last}",
            "values": f"={name}!$D${first}:$D${last}",
            "data_labels": {"value": True, "num_format": "General"},
            "fill": {"color": "#2F5D8A"},
        }
    )
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})
    chart.set_x_axis({"min": 0, "max": 100})
    chart.set_size({"width": 620, "height": 40 + 26 * len(view.bodies)})
    sheet.insert_chart(2, 5, chart)


def _number(value: Decimal | None, text: str | None) -> object:
    """a or b as a cell holds it for the formulas: the number, "-" for no data."""
    if text is None:
        return None
    if value is None:
        return text
    shown = cell_value(text)
    return shown if isinstance(shown, (int, float)) else float(value)


def _literal(value: Decimal) -> str:
    return exact_text(value)


def _index(key: str) -> int:
    return next(i for i, (k, _, _) in enumerate(ALL_COLUMNS) if k == key)


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"
