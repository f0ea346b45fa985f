"""Results as JSON: the machine form documented in the README. Decimals are exact strings."""

from __future__ import annotations

from typing import Any

from engine.evaluate import BodyResult, KpiResult, QuarterResult
from engine.i18n import tr
from engine.output.formats import decimal_text


def kpi_json(result: KpiResult, lang: str) -> dict[str, Any]:
    kpi = result.kpi
    reason = result.assessment.reason
    return {
        "id": kpi.id,
        "no": kpi.no,
        "name": kpi.name,
        "variant": kpi.variant,
        "U": decimal_text(kpi.weight),
        "N": decimal_text(kpi.target),
        "unit": kpi.unit,
        "a": decimal_text(result.a.value) if result.a else None,
        "a_text": result.a.text if result.a else None,
        "b": decimal_text(result.b.value) if result.b else None,
        "b_text": result.b.text if result.b else None,
        "Z": decimal_text(result.share),
        "W": decimal_text(result.assigned),
        "reason": reason or None,
        "reason_text": tr(reason, lang, **result.assessment.reason_args) if reason else None,
    }


def body_json(result: BodyResult, lang: str) -> dict[str, Any]:
    return {
        "id": result.body.id,
        "short": result.body.short,
        "name": result.body.name,
        "rank": result.rank,
        "R": decimal_text(result.score),
        "directions": [
            {
                "id": d.direction.id,
                "name": d.direction.name,
                "sum": decimal_text(d.total),
                "kpis": [kpi_json(k, lang) for k in d.kpis],
            }
            for d in result.directions
        ],
    }


def quarter_json(result: QuarterResult, lang: str) -> dict[str, Any]:
    quarter = result.quarter
    return {
        "quarter": quarter.id,
        "rules": result.rules.id,
        "status": quarter.status,
        "source": quarter.source,
        "note": quarter.note or None,
        "bodies": [body_json(b, lang) for b in result.bodies],
    }
