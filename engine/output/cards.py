"""`kpi cards`: a scorecard per body, a Word document addressed to its digital deputy (one or two
pages), from the views every writer reads: the quarter's (place, R, the KPI table and why a W
is below U), the history's (place and R by quarter) and the plan's (`kpi plan`: the fewest
changes to the next place and into the top three). In the report's typography
(engine.output.docx_parts); no internal codes: a KPI is named by its number and name.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from decimal import Decimal

from docx import Document
from docx.document import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from engine.formats import codes_in_words, number, quarter_words, signed
from engine.output.docx_parts import GREY, banner, normal_style, page_header, saved, styled, table, whole
from engine.output.views.history import HistoryView, move_text
from engine.output.views.plan import PlanView
from engine.output.views.quarter import BodyPart, KpiLine, QuarterView

STRENGTHS = 3  # KPIs named as strengths and as weaknesses
KPI_WIDTHS_CM = (0.7, 5.2, 1.1, 1.1, 2.0, 2.0, 1.1, 1.1, 3.1)  # №, KPI, U, N, a, b, Z, W, note: 17,5 cm
HISTORY_WIDTHS_CM = (3.5, 3.5, 3.5, 3.5, 3.5)
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


@dataclass(frozen=True)
class CardKpi:
    line: KpiLine
    achieved: Decimal  # W / U: the share of the weight achieved
    note: str  # why W is below U, in plain words; "" at full weight


def card_kpis(view: QuarterView, body: BodyPart) -> list[CardKpi]:
    return [
        CardKpi(line, line.assigned / line.weight if line.weight else Decimal(0), below_note(view, line))
        for direction in body.directions
        for line in direction.lines
    ]


def below_note(view: QuarterView, line: KpiLine) -> str:
    """Why W < U: the reason the method gave (no data, target not set, …), or how far the value
    is from the target; "" at full weight."""
    if line.assigned >= line.weight:
        return ""
    if line.reason_text:
        return line.reason_text
    lang = view.lang
    if line.variant == "count" and line.a is not None and line.target is not None:
        return view.label("card-below-count", a=number(line.a, lang), target=number(line.target, lang))
    if line.share is not None and line.target is not None:
        code = "card-above-target" if line.variant == "share_lower" else "card-below-target"
        return view.label(
            code,
            gap=number(abs(line.target - line.share), lang),
            share=number(line.share, lang),
            target=number(line.target, lang),
        )
    return ""


def strengths(kpis: list[CardKpi]) -> tuple[list[CardKpi], list[CardKpi]]:
    """The KPIs furthest above and below their target, by the share of the weight achieved (the
    highest share first; among full weights, the value furthest past its target first)."""

    def past(k: CardKpi) -> Decimal:
        line = k.line
        value = line.a if line.variant == "count" else line.share
        if value is None or not line.target:
            return Decimal(0)
        ratio = value / line.target
        return 1 / ratio if line.variant == "share_lower" and ratio else ratio

    ranked = sorted(kpis, key=lambda k: (-k.achieved, -past(k), k.line.no))
    strong = [k for k in ranked if k.achieved > 0][:STRENGTHS]
    weak = [k for k in sorted(kpis, key=lambda k: (k.achieved, -k.line.weight, k.line.no)) if k.achieved < 1]
    return strong, weak[:STRENGTHS]


def card_document(view: QuarterView, body: BodyPart, history: HistoryView, plan: PlanView, generated: str) -> bytes:
    """One body's card as the bytes of a .docx file."""
    lang = view.lang
    document = Document()
    _page(document, view)
    year, _, quarter = view.quarter.partition("Q")
    period = view.label("report-period", roman=ROMAN.get(quarter, quarter), year=year)
    if view.banner:
        banner(document, view.banner, size=11)
    to = document.add_paragraph(view.label("card-to", name=body.name))
    to.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    styled(to, size=11)
    title = document.add_paragraph(view.label("card-title", short=body.short, period=period))
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styled(title, size=14, bold=True)
    count = len(view.bodies)
    place = document.add_paragraph(
        view.label("report-body-place", rank=body.rank, count=count, score=number(body.score, lang))
    )
    styled(place, size=12, bold=True)
    line = history.line(body.id)
    if line is not None and len(history.columns) > 1:
        headers = [
            view.label("col-quarter"),
            view.label("col-rank"),
            view.label("col-score"),
            view.label("col-move"),
            view.label("col-delta"),
        ]
        rows = []
        for column, standing in zip(history.columns, line.body.standings, strict=True):
            if standing is None:
                rows.append([codes_in_words(column.heading, lang), "—", view.label("history-absent"), "", ""])
            else:
                rows.append(
                    [
                        codes_in_words(column.heading, lang),
                        str(standing.rank),
                        number(standing.score, lang),
                        move_text(standing.move) if standing.move is not None else "",
                        signed(standing.delta, lang) if standing.delta is not None else "",
                    ]
                )
        table(document, headers, rows, HISTORY_WIDTHS_CM, numeric={1, 2, 3, 4}, caption=view.label("card-history"))
        for note in history.notes:
            styled(document.add_paragraph(codes_in_words(note, lang)), size=9, colour=GREY)
    kpis = card_kpis(view, body)
    headers = [view.label(code) for code in ("col-no", "col-kpi", "col-weight", "col-target", "col-a", "col-b")]
    headers += [view.label("col-share"), view.label("col-assigned"), view.label("card-col-note")]
    several = len(body.directions) > 1
    for direction in body.directions:
        rows = [
            [
                str(k.line.no),
                k.line.name,
                number(k.line.weight, lang),
                number(k.line.target, lang),
                whole(k.line.a_text or ""),
                whole(k.line.b_text or ""),
                number(k.line.share, lang),
                number(k.line.assigned, lang),
                k.note,
            ]
            for k in kpis
            if k.line in direction.lines
        ]
        caption = view.label("card-kpis")
        if several:  # a table per direction, its result under its name
            caption = f"{direction.result_label}: {number(direction.total, lang)}"
        table(document, headers, rows, KPI_WIDTHS_CM, numeric={0, 2, 3, 4, 5, 6, 7}, size=8.5, caption=caption)
    strong, weak = strengths(kpis)
    for caption, chosen in ((view.label("card-strengths"), strong), (view.label("card-weaknesses"), weak)):
        heading = document.add_paragraph(caption)
        styled(heading, size=11, bold=True)
        heading.paragraph_format.keep_with_next = True
        if not chosen:
            styled(document.add_paragraph(view.label("card-none")), size=10)
        for k in chosen:
            text = view.label(
                "card-kpi-achieved",
                no=_named(k, body).removeprefix("№"),
                name=k.line.name,
                weight=number(k.line.assigned, lang),
                of=number(k.line.weight, lang),
                share=number((k.achieved * 100).quantize(Decimal(1)), lang),
            )
            item = document.add_paragraph(text + (f" — {k.note}" if k.note else ""))
            item.paragraph_format.space_after = Pt(2)
            styled(item, size=10)
    heading = document.add_paragraph(view.label("card-plan"))
    styled(heading, size=11, bold=True)
    heading.paragraph_format.keep_with_next = True
    numbers = {k.line.id: _named(k, body) for k in kpis}
    for words in (plan.data, plan.next_place, plan.top3):
        if words:
            item = document.add_paragraph(codes_in_words(without_codes(words, numbers), lang))
            item.paragraph_format.space_after = Pt(2)
            styled(item, size=10)
    if body.contact is not None:  # who filled the form for the quarter (kpi quarter import)
        person, phone = body.contact
        contact = document.add_paragraph(view.label("card-contact", person=person or "—", phone=phone or "—"))
        styled(contact, size=10)
    source = document.add_paragraph(view.label("card-source", rules=view.rules_words, date=generated))
    styled(source, size=9, colour=GREY)
    own = [line for line in view.untranslated if line.startswith(f"{body.short}: ")]
    if own:  # a Kazakh card: this body's names the rules give in Russian only, said once
        foot = document.add_paragraph("\n".join([view.label("untranslated-note", rules=view.rules), *own]))
        styled(foot, size=9, colour=GREY)
    document.core_properties.title = f"{body.short} — {period}"
    document.core_properties.author = ""
    return saved(document)


def _named(kpi: CardKpi, body: BodyPart) -> str:
    """№4, or «№4 (Строительство)» where the body has several directions (numbers restart)."""
    if len(body.directions) == 1:
        return f"№{kpi.line.no}"
    direction = next(d for d in body.directions if kpi.line in d.lines)
    return f"№{kpi.line.no} ({direction.name})"


def generated_date() -> str:
    """Today (or SOURCE_DATE_EPOCH's day, for a reproducible build), as the report dates itself."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isascii() and epoch.isdigit() and len(epoch) <= 12:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).strftime("%d.%m.%Y")
    return dt.date.today().strftime("%d.%m.%Y")


def without_codes(text: str, numbers: dict[str, str]) -> str:
    """A plan's words with each KPI's id (mt-04) said as its number in the table (№4)."""
    if not numbers:
        return text
    pattern = re.compile("|".join(re.escape(code) for code in sorted(numbers, key=len, reverse=True)) + r"(?![\w-])")
    return pattern.sub(lambda found: numbers[found[0]], text)


def _page(document: Docx, view: QuarterView) -> None:
    """A4 portrait, margins of a government document narrowed to keep a card to two pages."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(1.5), Cm(1.5)
    normal_style(document, size=11, space_after=4)
    page_header(section, view.label("card-header", quarter=quarter_words(view.quarter, view.lang)), view.banner, 9)
