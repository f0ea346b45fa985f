"""The view of a scored quarter: the ranking, and each body's table as in the report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from engine.evaluate import NOT_IN_DATA, BodyResult, KpiResult, QuarterResult
from engine.formats import decimal_text, number, quarter_words
from engine.i18n import tr
from engine.output.views import Labelled
from engine.output.views.method import MethodBlock, method_block
from engine.output.views.problems import problem_json
from engine.problems import Problem

# The body table's columns, as the report has them.
KPI_COLUMNS = (
    "col-no",
    "col-kpi",
    "col-weight",
    "col-target",
    "col-unit",
    "col-a",
    "col-b",
    "col-share",
    "col-assigned",
)


@dataclass(frozen=True)
class KpiLine:
    """One KPI of a body table: the report's figures, and why a policy decided W."""

    id: str
    no: int
    name: str
    variant: str
    unit: str
    weight: Decimal
    target: Decimal | None
    a: Decimal | None
    a_text: str | None
    b: Decimal | None
    b_text: str | None
    share: Decimal | None
    assigned: Decimal
    reason: str | None  # a code: reason-no-data, reason-no-target, ...
    reason_text: str | None
    note: int | None  # its number among the body's notes


@dataclass(frozen=True)
class DirectionPart:
    id: str
    name: str
    total: Decimal
    lines: tuple[KpiLine, ...]
    result_label: str  # «Результат по направлению «Строительство»»


@dataclass(frozen=True)
class BodyPart:
    id: str
    short: str
    name: str
    rank: int
    score: Decimal
    heading: str  # «МВД — Министерство внутренних дел РК, 2024Q1 (правила 2023)»
    result: str  # «Результат МВД (R): 90,1 (место 2 из 14)»
    directions: tuple[DirectionPart, ...]
    notes: tuple[str, ...]  # «[1] mti-04: нет данных …», one for each W a policy decided
    contact: tuple[str, str] | None = None  # the quarter's: who filled the form, and a phone


@dataclass(frozen=True)
class QuarterView(Labelled):
    quarter: str
    rules: str
    status: str  # official | draft | example
    source: str
    note: str
    title: str  # «Рейтинг ЦГО по KPI CDTO — 2024Q1 (правила 2023)»
    banner: str | None  # the status said out loud, when the data are not official
    bodies: tuple[BodyPart, ...]  # in ranking order
    warnings: tuple[Problem, ...] = ()  # about the data: they score, but deserve a look
    aggregation: str = "mean"  # how a body's direction results make R (methodology.yaml)
    rounding_mode: str = "truncate"
    rounding_places: int = 1
    not_collected: tuple[str, ...] = ()  # «МВД: mvd-05a «…»»: KPIs of the rules the data lack (W = 0)
    period: str = ""  # the quarter in words: «I квартал 2024 года»
    rules_words: str = ""  # the rules as readers name them: «правила 2023 года»
    target_year: int = 0  # the year the targets N are set for (methodology.yaml `year`)
    order: tuple[str, ...] = ()  # the bodies' ids in the report's published order (the rules')
    method: MethodBlock | None = None  # the method block, from methodology.yaml
    # in a Kazakh document: the names the rules give in Russian only, shown so (engine.names),
    # said once in the document's notes: «ІІМ: KPI №1, №2 …»
    untranslated: tuple[str, ...] = ()
    mean_score: Decimal | None = None  # the mean R of the bodies, cut as the method cuts R

    def in_order(self, by: str = "published") -> tuple[BodyPart, ...]:
        """The bodies in the rules' published order (by="published") or by rank ("rank")."""
        if by == "rank" or not self.order:
            return self.bodies
        place = {body_id: index for index, body_id in enumerate(self.order)}
        return tuple(sorted(self.bodies, key=lambda b: place.get(b.id, len(place))))

    def body(self, body_id: str) -> BodyPart | None:
        return next((b for b in self.bodies if b.id == body_id), None)


def quarter_view(result: QuarterResult, lang: str) -> QuarterView:
    from engine.names import result_in, untranslated_text

    result = result_in(result, lang)  # the names a reader sees, in the document's language
    quarter = result.quarter
    count = len(result.bodies)
    return QuarterView(
        quarter=quarter.id,
        rules=result.rules.id,
        status=quarter.status,
        source=quarter.source,
        note=quarter.note,
        title=tr("score-title", lang, quarter=quarter.id, rules=result.rules.id),
        banner=None if quarter.status == "official" else tr(f"status-{quarter.status}", lang),
        bodies=tuple(_body(result, body, count, lang) for body in result.bodies),
        lang=lang,
        warnings=result.warnings,
        aggregation=result.rules.methodology.body_total,
        mean_score=(
            result.rules.methodology.cut(sum((Fraction(b.score) for b in result.bodies), Fraction(0)) / count)
            if count
            else None
        ),
        rounding_mode=result.rules.methodology.rounding.mode,
        rounding_places=result.rules.methodology.rounding.places,
        not_collected=not_collected(result, lang),
        period=quarter_words(quarter.id, lang),
        rules_words=tr("rules-words", lang, year=result.rules.methodology.year),
        target_year=result.rules.methodology.year,
        order=result.rules.methodology.order or tuple(b.id for b in result.rules.bodies),
        method=method_block(result.rules.methodology, lang),
        untranslated=untranslated_text(result.rules.untranslated, lang),
    )


def not_collected(result: QuarterResult, lang: str) -> tuple[str, ...]:
    """One line per body with KPIs that its rules have and the quarter's data lack (another
    rules version, a new KPI or a changed id): they score 0, and a ranking shows why."""
    lines = []
    for body in result.bodies:
        kpis = [k.kpi for d in body.directions for k in d.kpis if k.assessment.reason == NOT_IN_DATA]
        if kpis:
            names = "; ".join(tr("not-collected-kpi", lang, id=k.id, name=k.name) for k in kpis)
            lines.append(f"{body.body.short}: {names}")
    return tuple(lines)


def not_collected_title(result: QuarterResult, lang: str) -> str:
    return tr("not-collected-title", lang, quarter=result.quarter.id, rules=result.rules.id)


def _body(result: QuarterResult, body: BodyResult, count: int, lang: str) -> BodyPart:
    notes: list[str] = []
    directions = []
    for direction in body.directions:
        lines = tuple(_line(kpi, notes, lang) for kpi in direction.kpis)
        label = tr("direction-result", lang, name=direction.direction.name)
        directions.append(
            DirectionPart(direction.direction.id, direction.direction.name, direction.total, lines, label)
        )
    heading = tr(
        "body-title",
        lang,
        short=body.body.short,
        name=body.body.name,
        quarter=result.quarter.id,
        rules=result.rules.id,
    )
    place = tr("place", lang, rank=body.rank, count=count)
    line = f"{tr('body-result', lang, short=body.body.short)}: {number(body.score, lang)} ({place})"
    return BodyPart(
        body.body.id,
        body.body.short,
        body.body.name,
        body.rank,
        body.score,
        heading,
        line,
        tuple(directions),
        tuple(notes),
        _contact(result, body.body.id),
    )


def _contact(result: QuarterResult, body_id: str) -> tuple[str, str] | None:
    given = result.quarter.bodies.get(body_id)
    return given.contact if given is not None else None


def _line(result: KpiResult, notes: list[str], lang: str) -> KpiLine:
    kpi = result.kpi
    reason = result.assessment.reason or None
    text = tr(reason, lang, **result.assessment.reason_args) if reason else None
    note = None
    if text is not None:
        notes.append(f"[{len(notes) + 1}] {kpi.id}: {text}")
        note = len(notes)
    return KpiLine(
        id=kpi.id,
        no=kpi.no,
        name=kpi.name,
        variant=kpi.variant,
        unit=kpi.unit,
        weight=kpi.weight,
        target=kpi.target,
        a=result.a.value if result.a else None,
        a_text=result.a.text if result.a else None,
        b=result.b.value if result.b else None,
        b_text=result.b.text if result.b else None,
        share=result.share,
        assigned=result.assigned,
        reason=reason,
        reason_text=text,
        note=note,
    )


# --- the JSON form (--json), as the README documents it; decimals are exact strings ---


def kpi_json(line: KpiLine) -> dict[str, Any]:
    return {
        "id": line.id,
        "no": line.no,
        "name": line.name,
        "variant": line.variant,
        "U": decimal_text(line.weight),
        "N": decimal_text(line.target),
        "unit": line.unit,
        "a": decimal_text(line.a),
        "a_text": line.a_text,
        "b": decimal_text(line.b),
        "b_text": line.b_text,
        "Z": decimal_text(line.share),
        "W": decimal_text(line.assigned),
        "reason": line.reason,
        "reason_text": line.reason_text,
    }


def body_json(body: BodyPart) -> dict[str, Any]:
    return {
        "id": body.id,
        "short": body.short,
        "name": body.name,
        "rank": body.rank,
        "R": decimal_text(body.score),
        "directions": [
            {"id": d.id, "name": d.name, "sum": decimal_text(d.total), "kpis": [kpi_json(k) for k in d.lines]}
            for d in body.directions
        ],
    }


def quarter_json(view: QuarterView, bodies: tuple[BodyPart, ...] | None = None) -> dict[str, Any]:
    """The quarter and its bodies (all of them, in ranking order, unless `bodies` says), and
    the warnings about its data."""
    return {
        "quarter": view.quarter,
        "rules": view.rules,
        "status": view.status,
        "source": view.source,
        "note": view.note or None,
        "bodies": [body_json(b) for b in (view.bodies if bodies is None else bodies)],
        "warnings": [problem_json(w, view.lang) for w in view.warnings],
    }
