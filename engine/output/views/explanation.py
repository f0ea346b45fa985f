"""The view of an explanation: how each W, each direction result and R came about, in words
and with every exact value (for `kpi explain` in text and JSON)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from engine.evaluate import BodyResult, KpiResult, QuarterResult
from engine.formats import cut_text, decimal_text, exact_text, grouped, localised, number
from engine.i18n import tr
from engine.method import Step
from engine.output.notation import notation_text
from engine.output.views.quarter import BodyPart, KpiLine, QuarterView, kpi_json

EXACT_PLACES = 10


@dataclass(frozen=True)
class ExplainedKpi:
    line: KpiLine
    steps: tuple[Step, ...]
    text: tuple[str, ...]  # the explanation, line by line


@dataclass(frozen=True)
class Explanation:
    quarter: QuarterView
    body: BodyPart
    rounding: tuple[str, int]  # mode and places, as methodology.yaml says
    kpis: tuple[ExplainedKpi, ...]
    whole: bool  # every KPI of the body: the totals too
    body_steps: tuple[tuple[str, str, Step], ...]  # (id, name, step) of each direction
    score_step: Step
    totals: tuple[str, ...]  # how the direction results and R add up, line by line


def explanation(
    result: QuarterResult, view: QuarterView, body: BodyResult, kpis: list[KpiResult], whole: bool
) -> Explanation:
    lang = view.lang
    part = view.body(body.body.id)
    assert part is not None
    lines = {line.id: line for d in part.directions for line in d.lines}
    explained = tuple(
        ExplainedKpi(lines[k.kpi.id], k.assessment.steps, tuple(_kpi_lines(result, k, lang))) for k in kpis
    )
    rounding = result.rules.methodology.rounding
    return Explanation(
        quarter=view,
        body=part,
        rounding=(rounding.mode, rounding.places),
        kpis=explained,
        whole=whole,
        body_steps=tuple((d.direction.id, d.direction.name, d.step) for d in body.directions),
        score_step=body.step,
        totals=tuple(_total_lines(result, body, part, lang)) if whole else (),
    )


def _exact(value: Fraction, lang: str) -> str:
    return cut_text(value, EXACT_PLACES, lang)


def _formula_text(text: str, lang: str) -> str:
    return localised(text, lang)


def _rounded(result: QuarterResult, value: object, lang: str) -> str:
    rounding = result.rules.methodology.rounding
    mode = tr(f"rounding-{rounding.mode}", lang)
    return tr("explain-rounded", lang, mode=mode, places=rounding.places, value=value)


def _step_lines(result: QuarterResult, step: Step, lang: str) -> list[str]:
    """A KPI's Z or W in the report's notation: W = ЕСЛИ(Z>=N;U;Z/N*U), 43,1/75*20."""
    lines = [f"  {step.quantity} = {notation_text(step.formula, lang)}"]
    for condition in step.conditions:
        verdict = tr("explain-held" if condition.held else "explain-not-held", lang)
        substituted = notation_text(condition.substituted, lang)
        formula = notation_text(condition.formula, lang)
        lines.append(f"      {tr('explain-condition', lang)} {formula}: {substituted} — {verdict}")
    exact = _exact(step.exact, lang)
    substituted = notation_text(step.substituted, lang)
    lines.append(f"    = {substituted}" + ("" if substituted == exact else f" = {exact}"))
    lines.append("    → " + _rounded(result, number(step.rounded, lang), lang))
    return lines


def _kpi_lines(result: QuarterResult, entry: KpiResult, lang: str) -> list[str]:
    kpi = entry.kpi
    target = number(kpi.target, lang) if kpi.target is not None else f"- ({tr('explain-target-none', lang)})"
    lines = [
        f"KPI {kpi.id} (№{kpi.no}) {kpi.name}",
        f"  {tr('explain-variant', lang)}: {entry.variant.id} — {entry.variant.title}",
        f"  U = {number(kpi.weight, lang)}, N = {target}, {tr('explain-unit', lang)} {kpi.unit}",
    ]
    for name, quantity in (("a", entry.a), ("b", entry.b)):
        if quantity is None:
            if name in entry.variant.inputs:
                lines.append(f"  {name}: {tr('explain-not-given', lang)}")
            continue
        parsed = tr("explain-no-data", lang) if quantity.value is None else grouped(quantity.value, lang)
        unused = "" if name in entry.variant.inputs else f" — {tr('explain-unused', lang)}"
        lines.append(f"  {name} = «{quantity.text}» ({tr('explain-as-entered', lang)}) → {parsed}{unused}")
    for step in entry.assessment.steps:
        lines.extend(_step_lines(result, step, lang))
    if entry.assessment.reason:
        lines.append("  " + tr(entry.assessment.reason, lang, **entry.assessment.reason_args))
    lines.append("  " + tr("explain-result", lang, value=number(entry.assigned, lang), weight=number(kpi.weight, lang)))
    return lines


def _total_lines(result: QuarterResult, body: BodyResult, part: BodyPart, lang: str) -> list[str]:
    methodology = result.rules.methodology
    lines = []
    for direction in body.directions:
        lines.append(
            tr(
                "explain-direction",
                lang,
                name=direction.direction.name,
                how=tr(f"how-{methodology.direction_total}", lang),
                terms=_formula_text(direction.step.substituted, lang),
                exact=_exact(direction.step.exact, lang),
            )
            + " → "
            + _rounded(result, number(direction.total, lang), lang)
        )
    if len(body.directions) == 1:
        lines.append(tr("explain-single-direction", lang, value=number(body.score, lang)))
    else:
        lines.append(
            tr(
                "explain-score",
                lang,
                how=tr(f"how-{methodology.body_total}", lang),
                terms=_formula_text(body.step.substituted, lang),
                exact=_exact(body.step.exact, lang),
            )
            + " → "
            + _rounded(result, number(body.score, lang), lang)
        )
    lines.append(part.result)
    return lines


# --- the JSON form (--json), as the README documents it; decimals are exact strings ---


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
