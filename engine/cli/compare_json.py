"""`kpi compare --json`: the machine form documented in the README. Decimals are exact
strings in plain notation, as in `kpi score --json`."""

from __future__ import annotations

from typing import Any

from engine.cli.causes import cause_text
from engine.compare import BodyShift, Comparison, KpiShift, Side
from engine.i18n import tr
from engine.output.formats import decimal_text


def side_json(side: Side) -> dict[str, Any]:
    return {
        "spec": str(side.spec),
        "quarter": side.quarter,
        "rules": side.rules,
        "status": side.status,
        "note": side.result.quarter.note or None,
    }


def kpi_shift_json(shift: KpiShift, comparison: Comparison, lang: str) -> dict[str, Any]:
    return {
        "kpi": shift.id,
        "name": shift.name,
        "status": shift.status,
        "W_from": decimal_text(shift.before.assigned) if shift.before else None,
        "W_to": decimal_text(shift.after.assigned) if shift.after else None,
        "dW": decimal_text(shift.delta),
        "dW_data": decimal_text(shift.data_part),
        "dW_rules": decimal_text(shift.rules_part),
        "changed": [*shift.data_changes, *(c.field for c in shift.rules_changes)],
        "cause": cause_text(shift, comparison, lang) or None,
    }


def driver_json(shift: KpiShift, comparison: Comparison, lang: str) -> dict[str, Any]:
    return {
        "kpi": shift.id,
        "dW": decimal_text(shift.delta),
        "dW_data": decimal_text(shift.data_part),
        "dW_rules": decimal_text(shift.rules_part),
        "cause": cause_text(shift, comparison, lang),
    }


def body_shift_json(body: BodyShift, comparison: Comparison, lang: str) -> dict[str, Any]:
    return {
        "id": body.id,
        "short": body.short,
        "name": body.name,
        "status": body.status,
        "rank_from": body.rank_from,
        "rank_to": body.rank_to,
        "move": body.move,
        "R_from": decimal_text(body.score_from),
        "R_to": decimal_text(body.score_to),
        "dR": decimal_text(body.delta),
        "dR_data": decimal_text(body.data_part),
        "dR_rules": decimal_text(body.rules_part),
        "split_note": split_note(body, comparison, lang),
        "drivers": [driver_json(k, comparison, lang) for k in body.drivers],
        "kpis": [kpi_shift_json(k, comparison, lang) for k in body.kpis],
    }


def split_note(body: BodyShift, comparison: Comparison, lang: str) -> str | None:
    """Why this body's ΔR has no data/rules split, in words (None when it has one)."""
    if body.blocker is None:
        return None
    return tr(
        body.blocker.code,
        lang,
        short=body.short,
        quarter=comparison.after.quarter,
        rules=comparison.before.rules,
        kpis=", ".join(body.blocker.args.get("kpis", ())),
    )


def comparison_json(comparison: Comparison, lang: str, body_id: str | None = None) -> dict[str, Any]:
    bodies = [b for b in comparison.bodies if body_id is None or b.id == body_id]
    return {
        "from": side_json(comparison.before),
        "to": side_json(comparison.after),
        "rules_changed": comparison.rules_changed,
        "via": comparison.via_label if comparison.rules_changed else None,
        "via_problems": [p.render(lang) for p in comparison.via_problems],
        "bodies": [body_shift_json(b, comparison, lang) for b in bodies],
        "summary": {
            "rise": [b.id for b in comparison.biggest_rise],
            "fall": [b.id for b in comparison.biggest_fall],
            "ties_from": [[b.body.id for b in group] for group in comparison.ties("from")],
            "ties_to": [[b.body.id for b in group] for group in comparison.ties("to")],
        },
    }
