"""The view of `kpi plan`: what each KPI of a body needs for its full weight, and what it
takes to climb one place and into the top three, in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.analysis.plan import Climb, ImprovementPlan, Needed, PlanKpi
from engine.formats import decimal_text, grouped, number, signed
from engine.i18n import tr
from engine.output.views import Labelled
from engine.output.views.causes import state_text


@dataclass(frozen=True)
class PlanLine:
    kpi: PlanKpi
    id: str
    no: int
    name: str
    weight: str
    assigned: str
    missing: str
    needed: str  # «a ≥ 1 076 или b ≤ 322», «нет данных: a ≥ 30 при b = 100», «цель достигнута»
    needed_lines: str  # the same, each way on its own line (a number is never cut by a wrap)
    score_if: str


@dataclass(frozen=True)
class PlanView(Labelled):
    plan: ImprovementPlan
    title: str
    lines: tuple[PlanLine, ...]
    data: str | None  # submitting data: the cheapest gain
    next_place: str
    top3: str


def plan_view(plan: ImprovementPlan, lang: str) -> PlanView:
    body, result = plan.body, plan.result
    title = tr(
        "plan-title",
        lang,
        short=body.body.short,
        quarter=result.quarter.id,
        rules=result.rules.id,
        score=number(body.score, lang),
        rank=body.rank,
        bodies=len(result.bodies),
    )
    lines = tuple(_line(k, lang) for k in plan.kpis)
    data = None
    if plan.data_score is not None:
        data = tr(
            "plan-data",
            lang,
            kpis=", ".join(k.result.kpi.id for k in plan.no_data),
            points=number(sum((k.missing for k in plan.no_data), Decimal(0)), lang),
            score=number(plan.data_score, lang),
            gain=signed(plan.data_score - body.score, lang),
        )
    shorts = _holders(plan)
    next_place = (
        _climb(plan.next_place, ("plan-next", "plan-next-unreachable"), shorts, lang)
        if plan.next_place
        else tr("plan-first", lang, short=body.body.short)
    )
    top3 = (
        _climb(plan.top3, ("plan-top3", "plan-top3-unreachable"), shorts, lang)
        if plan.top3
        else tr("plan-in-top3", lang, short=body.body.short)
    )
    return PlanView(lang=lang, plan=plan, title=title, lines=lines, data=data, next_place=next_place, top3=top3)


def needed_text(needed: Needed, lang: str) -> str:
    """«a ≥ 1 076», «b ≤ 322», «a ≥ 30 при b = 100»."""
    sign = "≥" if needed.bound == "min" else "≤"
    text = f"{needed.field} {sign} {grouped(needed.value, lang)}"
    for field, value in needed.assumed:
        text = tr("plan-assumed", lang, needed=text, field=field, value=grouped(value, lang))
    return text


def _line(kpi: PlanKpi, lang: str) -> PlanLine:
    result = kpi.result
    if kpi.missing <= 0:
        needed = lines = tr("plan-full", lang)
    else:
        found = [needed_text(n, lang) for n in (kpi.needed_a, kpi.needed_b) if n is not None]
        either = tr("plan-or", lang)
        nothing = tr("plan-nothing", lang, state=state_text(result, lang))
        needed, lines = (either.join(found), ("\n" + either.lstrip()).join(found)) if found else (nothing, nothing)
        if kpi.no_data and found:
            needed, lines = tr("plan-no-data", lang, needed=needed), tr("plan-no-data", lang, needed=lines)
    return PlanLine(
        kpi,
        result.kpi.id,
        result.kpi.no,
        result.kpi.name,
        number(result.kpi.weight, lang),
        number(result.assigned, lang),
        number(kpi.missing, lang) if kpi.missing > 0 else "",
        needed,
        lines,
        number(kpi.score_if, lang) if kpi.score_if is not None else "",
    )


def _holders(plan: ImprovementPlan) -> dict[Decimal, str]:
    """The short names of the other bodies, by their R."""
    holders: dict[Decimal, list[str]] = {}
    for body in plan.result.bodies:
        if body.body.id != plan.body.body.id:
            holders.setdefault(body.score, []).append(body.body.short)
    return {score: ", ".join(names) for score, names in holders.items()}


def changes_text(changes: Sequence[tuple[str, str, Decimal]], lang: str) -> str:
    """«mo-02: a = 250; mo-05: b = 34 368»: two values of one KPI said together."""
    by_kpi: dict[str, list[str]] = {}
    for kpi, field, value in changes:
        by_kpi.setdefault(kpi, []).append(f"{field} = {grouped(value, lang)}")
    return "; ".join(f"{kpi}: {', '.join(values)}" for kpi, values in by_kpi.items())


def _climb(climb: Climb, codes: tuple[str, str], holders: dict[Decimal, str], lang: str) -> str:
    """How to reach the place (codes[0]) or how far the body can get (codes[1])."""
    place = {"rank": climb.rank, "score": number(climb.score, lang), "holder": holders.get(climb.score, "")}
    if not climb.reachable:
        return tr(codes[1], lang, **place, best=number(climb.score_after, lang), best_rank=climb.rank_after)
    changes = changes_text(climb.changes, lang)
    return tr(
        codes[0], lang, **place, changes=changes, after=number(climb.score_after, lang), rank_after=climb.rank_after
    )


# --- the JSON form (--json), as the README documents it; decimals are exact strings ---


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
