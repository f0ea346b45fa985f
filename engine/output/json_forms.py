"""Views as JSON: the machine forms documented in the README. Decimals are exact strings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.formats import decimal_text, exact_text
from engine.output.views.causes import cause_text
from engine.output.views.changes import change_text
from engine.output.views.comparison import split_note

if TYPE_CHECKING:  # the shapes written here; a command imports only what it writes
    from engine.collect.progress import Progress
    from engine.compare import BodyShift, Comparison, KpiShift, Side
    from engine.evaluate import Step
    from engine.output.views.comparison import ComparisonView
    from engine.output.views.discrepancies import CheckView
    from engine.output.views.explanation import Explanation
    from engine.output.views.plan import PlanView
    from engine.output.views.quarter import BodyPart, KpiLine, QuarterView
    from engine.output.views.robustness import RobustnessView
    from engine.output.views.whatif import WhatIfView
    from engine.problems import Problem
    from engine.rulesdiff import Change, RulesDiff, Value


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


def problem_json(problem: Problem, lang: str) -> dict[str, Any]:
    return {
        "file": problem.where.file,
        "line": problem.where.line,
        "column": problem.where.column,
        "kpi": problem.kpi or None,
        "code": problem.code,
        "severity": problem.severity,
        "message": problem.message(lang),
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


def progress_json(found: Progress) -> dict[str, Any]:
    """`kpi quarter status --json`: the collection campaign, body by body."""
    return {
        "quarter": found.header.id,
        "rules": found.rules.id,
        "status": found.header.status,
        "complete": found.complete,
        "bodies": [
            {
                "id": b.body.id,
                "short": b.body.short,
                "file": b.file,
                "kpis": b.total,
                "filled": b.filled,
                "missing": b.missing,
                "problems": b.problems,
                "warnings": b.warnings,
            }
            for b in found.bodies
        ],
    }


def validation_json(
    quarter: str, rules: str, status: str, valid: bool, problems: list[Problem], warnings: list[Problem], lang: str
) -> dict[str, Any]:
    """`kpi quarter validate --json`: every problem and warning of a quarter's data."""
    return {
        "quarter": quarter,
        "rules": rules,
        "status": status,
        "valid": valid,
        "problems": [problem_json(p, lang) for p in problems],
        "warnings": [problem_json(w, lang) for w in warnings],
    }


def step_json(step: Step) -> dict[str, Any]:
    return {
        "quantity": step.quantity,
        "formula": step.formula,
        "substituted": step.substituted,
        "exact": exact_text(step.exact),
        "rounded": decimal_text(step.rounded),
        "conditions": [{"formula": c.formula, "substituted": c.substituted, "held": c.held} for c in step.conditions],
    }


def explanation_json(view: Explanation) -> dict[str, Any]:
    body = view.body
    data: dict[str, Any] = {
        "quarter": view.quarter.quarter,
        "rules": view.quarter.rules,
        "status": view.quarter.status,
        "body": {"id": body.id, "short": body.short, "name": body.name, "rank": body.rank},
        "rounding": {"mode": view.rounding[0], "places": view.rounding[1]},
        "kpis": [{**kpi_json(k.line), "steps": [step_json(s) for s in k.steps]} for k in view.kpis],
    }
    if view.whole:
        totals = {d.id: d.total for d in body.directions}
        data["directions"] = [
            {"id": ident, "name": name, "sum": decimal_text(totals[ident]), "step": step_json(step)}
            for ident, name, step in view.body_steps
        ]
        data["R"] = decimal_text(body.score)
        data["step"] = step_json(view.score_step)
    return data


def check_json(view: CheckView) -> dict[str, Any]:
    check = view.check
    return {
        "quarter": view.quarter.quarter,
        "rules": view.quarter.rules,
        "status": view.quarter.status,
        "consistent": check.consistent,
        "bodies": [
            {
                "id": b.body.body.id,
                "short": b.body.body.short,
                "R_published": b.published.score.text,
                "R_computed": decimal_text(b.body.score),
                "rank_published": b.published.rank,
                "rank_computed": b.rank,
            }
            for b in check.bodies
        ],
        "discrepancies": [
            {
                "body": row.item.body,
                "direction": row.item.direction or None,
                "kpi": row.item.kpi or None,
                "figure": row.item.figure,
                "published": row.item.published,
                "computed": decimal_text(row.item.computed),
                "effect_on_R": decimal_text(row.item.effect),
                "cause": row.item.cause,
                "cause_text": row.cause_text,
            }
            for row in view.rows
        ],
        "missing": list(check.missing),
    }


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


def comparison_json(view: ComparisonView, body_id: str | None = None) -> dict[str, Any]:
    comparison, lang = view.comparison, view.lang
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


def _value_json(value: Value) -> str | None:
    return value if value is None or isinstance(value, str) else decimal_text(value)


def change_json(change: Change, lang: str) -> dict[str, Any]:
    return {
        "field": change.field,
        "from": _value_json(change.before),
        "to": _value_json(change.after),
        "text": change_text(change, lang),
    }


def rules_diff_json(diff: RulesDiff, lang: str) -> dict[str, Any]:
    return {
        "from": diff.before,
        "to": diff.after,
        "same": diff.empty,
        "bodies": [
            {
                "id": b.id,
                "short": b.body.short,
                "status": b.status,
                "changes": [change_json(c, lang) for c in b.changes],
            }
            for b in diff.bodies
        ],
        "kpis": [
            {
                "id": k.id,
                "body": k.kpi.body,
                "short": k.short,
                "status": k.status,
                "name_from": k.before.name if k.before else None,
                "name_to": k.after.name if k.after else None,
                "changes": [change_json(c, lang) for c in k.changes],
            }
            for k in diff.kpis
        ],
        "methodology": [change_json(c, lang) for c in diff.methodology],
        "probable_renames": [{"body": old.kpi.body, "from": old.id, "to": new.id} for old, new in diff.renames],
    }


def whatif_json(view: WhatIfView, body_id: str | None = None) -> dict[str, Any]:
    """`kpi compare --json`'s shape ("from": the quarter as it is), and the changes made."""

    def line(change: Any) -> dict[str, Any]:
        return {
            "kpi": change.kpi,
            "field": change.field,
            "from": decimal_text(change.before),
            "to": decimal_text(change.after),
            "text": change.text,
        }

    found = comparison_json(view.comparison, body_id)
    found["to"]["in_memory"] = True  # the changed side exists only in this calculation
    return {
        **found,
        "changes": [line(c) for c in view.changes],
        "renormalised": [line(c) for c in view.reweighted],
    }


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def robustness_json(view: RobustnessView) -> dict[str, Any]:
    found = view.robustness
    settings = found.settings
    return {
        "quarter": found.result.quarter.id,
        "rules": found.result.rules.id,
        "runs": found.runs,
        "runs_asked": settings.runs,
        "interrupted": found.interrupted,
        "seed": settings.seed,
        "weights": settings.weights / 10,
        "targets": settings.targets / 10,
        "nominal_order_share": _share(found.nominal_order_share),
        "spearman_mean": _share(found.spearman_mean),
        "share_error": _share(found.share_error),
        "bodies": [
            {
                "id": line.ranks.body.id,
                "short": line.short,
                "R": decimal_text(line.ranks.score),
                "rank": line.ranks.rank,
                "median_rank": line.ranks.median_rank,
                "rank_p05": line.ranks.quantile(0.05),
                "rank_p95": line.ranks.quantile(0.95),
                "keep_share": _share(line.ranks.keep_share),
                "solid": line.solid,
                "place_share": {str(p): _share(line.ranks.share(p)) for p in range(1, len(line.ranks.places) + 1)},
                "driver": {
                    "kpi": line.ranks.driver.factor.kpi,
                    "parameter": line.ranks.driver.factor.parameter,
                    "total": _share(line.ranks.driver.indices.total),
                }
                if line.ranks.driver is not None
                else None,
            }
            for line in view.bodies
        ],
        "sensitivity": [
            {
                "kpi": e.factor.kpi,
                "body": found.result.bodies[e.factor.body].body.id,
                "parameter": e.factor.parameter,
                "first_order": _share(e.indices.first_order),
                "total": _share(e.indices.total),
                "first_order_error": _share(e.indices.first_error),
                "total_error": _share(e.indices.total_error),
            }
            for e in found.sensitivity
        ],
        "sensitivity_design": {
            "estimators": "Saltelli 2010 (first order), Jansen 1999 (total)",
            "output": "mean absolute rank shift from the nominal ranking",
            "base": found.base,
            "factors": found.factors,
            "evaluations": found.evaluations,
            "complete": found.sensitivity_complete,
        },
    }


def plan_json(view: PlanView) -> dict[str, Any]:
    plan = view.plan

    def needed(found: Any) -> str | None:
        return decimal_text(found.value) if found is not None else None

    def climb(found: Any) -> dict[str, Any] | None:
        if found is None:
            return None
        return {
            "rank": found.rank,
            "R": decimal_text(found.score),
            "reachable": found.reachable,
            "changes": [{"kpi": k, "set": f, "value": decimal_text(v)} for k, f, v in found.changes],
            "R_after": decimal_text(found.score_after),
            "rank_after": found.rank_after,
        }

    return {
        "quarter": plan.result.quarter.id,
        "rules": plan.result.rules.id,
        "body": plan.body.body.id,
        "short": plan.body.body.short,
        "R": decimal_text(plan.body.score),
        "rank": plan.body.rank,
        "kpis": [
            {
                "id": line.id,
                "no": line.no,
                "U": decimal_text(line.kpi.result.kpi.weight),
                "W": decimal_text(line.kpi.result.assigned),
                "missing": decimal_text(line.kpi.missing),
                "needed_a": needed(line.kpi.needed_a),
                "needed_a_bound": line.kpi.needed_a.bound if line.kpi.needed_a else None,
                "needed_b": needed(line.kpi.needed_b),
                "needed_b_bound": line.kpi.needed_b.bound if line.kpi.needed_b else None,
                "needed_a_assumes": {f: decimal_text(v) for f, v in line.kpi.needed_a.assumed}
                if line.kpi.needed_a
                else {},
                "no_data": line.kpi.no_data,
                "R_if": decimal_text(line.kpi.score_if),
                "text": line.needed,
            }
            for line in view.lines
        ],
        "next_place": climb(plan.next_place),
        "top3": climb(plan.top3),
        "R_with_data": decimal_text(plan.data_score),
    }
