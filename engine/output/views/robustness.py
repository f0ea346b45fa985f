"""The view of `kpi robustness`: which places are solid, which depend on the weights (and
targets), and which KPIs' weights they depend on, in words."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.analysis.robustness import BodyRanks, FactorEffect, Robustness
from engine.formats import decimal_text, grouped, number, percent, statistic
from engine.i18n import tr
from engine.output.views import Labelled

SOLID = 0.95  # a place kept in at least this share of runs is called solid
SHOWN_FACTORS = 10  # the sensitivity table's rows on a terminal


@dataclass(frozen=True)
class BodyLine:
    ranks: BodyRanks
    short: str
    score: str
    median: str
    interval: str  # «3–5», «2»
    keep: str  # «69»
    solid: bool
    verdict: str  # «прочное» / «зависит от весов»
    driver: str  # «msh-04 (вес МСХ)», or ""
    places: tuple[str, ...]  # each place's share, in %, "" where never taken


@dataclass(frozen=True)
class FactorLine:
    effect: FactorEffect
    kpi: str
    body: str
    parameter: str  # «вес» / «цель»
    first_order: str  # «0,11 ± 0,09»
    total: str


@dataclass(frozen=True)
class RobustnessView(Labelled):
    robustness: Robustness
    title: str
    settings: str
    bodies: tuple[BodyLine, ...]
    summary: tuple[str, ...]
    factors: tuple[FactorLine, ...]  # every factor with a total index above 0, largest first
    method: tuple[str, ...]
    stopped: str | None  # said when Ctrl-C stopped the runs


def robustness_view(found: Robustness, lang: str) -> RobustnessView:
    from engine.analysis.robustness import robustness_in

    found = robustness_in(found, lang)  # the bodies as the document's language names them
    result, settings = found.result, found.settings
    shorts = [b.body.short for b in result.bodies]
    targets = (
        tr("robustness-targets", lang, spread=_spread(settings.targets, lang))
        if settings.targets
        else tr("robustness-targets-fixed", lang)
    )
    settings_line = tr(
        "robustness-settings",
        lang,
        runs=count_runs(found.runs, lang),
        weights=_spread(settings.weights, lang),
        targets=targets,
        seed=settings.seed,
    )
    moved = "robustness-depends-targets" if settings.targets and not settings.weights else "robustness-depends"
    bodies = tuple(_body_line(b, shorts, moved, lang) for b in found.bodies)
    summary = (
        tr("robustness-order", lang, share=percent(found.nominal_order_share, lang)),
        tr("robustness-spearman", lang, rho=statistic(found.spearman_mean, lang, 3)),
        tr("robustness-error", lang, error=percent(found.share_error, lang, 1)),
    )
    factors = tuple(
        _factor_line(e, shorts, lang) for e in found.sensitivity if e.indices.total is not None and e.indices.total > 0
    )
    return RobustnessView(
        lang=lang,
        robustness=found,
        title=tr("robustness-title", lang, quarter=result.quarter.id, rules=result.rules.id),
        settings=settings_line,
        bodies=bodies,
        summary=summary,
        factors=factors,
        method=_method(found, lang),
        stopped=_stopped(found, lang) if found.interrupted else None,
    )


def grouped_int(value: int, lang: str) -> str:
    return grouped(Decimal(value), lang)


def _spread(thousandths: int, lang: str) -> str:
    """A multiplier's half-width in thousandths as a percentage: 200 → 20."""
    return number(Decimal(thousandths).scaleb(-1), lang)


def _body_line(ranks: BodyRanks, shorts: list[str], moved: str, lang: str) -> BodyLine:
    low, high = ranks.quantile(0.05), ranks.quantile(0.95)
    solid = ranks.keep_share >= SOLID
    driver = ""
    if ranks.driver is not None and not solid:
        factor = ranks.driver.factor
        driver = tr(f"robustness-factor-{factor.parameter}", lang, kpi=factor.kpi, short=shorts[factor.body])
    median = ranks.median_rank
    return BodyLine(
        ranks,
        ranks.body.short,
        number(ranks.score, lang),
        str(int(median)) if median == int(median) else statistic(median, lang, 1),
        str(low) if low == high else f"{low}–{high}",
        percent(ranks.keep_share, lang),
        solid,
        tr("robustness-solid" if solid else moved, lang),
        driver,
        tuple(percent(ranks.share(p), lang) if ranks.places[p - 1] else "" for p in range(1, len(ranks.places) + 1)),
    )


def _factor_line(effect: FactorEffect, shorts: list[str], lang: str) -> FactorLine:
    found = effect.indices
    return FactorLine(
        effect,
        effect.factor.kpi,
        shorts[effect.factor.body],
        tr(f"robustness-parameter-{effect.factor.parameter}", lang),
        f"{statistic(found.first_order, lang)} ± {statistic(found.first_error, lang)}",
        f"{statistic(found.total, lang)} ± {statistic(found.total_error, lang)}",
    )


def _stopped(found: Robustness, lang: str) -> str:
    """What Ctrl-C left: some runs, or every run and the indices of some factors."""
    if found.runs == found.settings.runs and found.base:
        return tr(
            "robustness-stopped-sensitivity",
            lang,
            runs=count_runs(found.runs, lang),
            done=found.factors_done,
            factors=found.factors,
        )
    return tr(
        "robustness-stopped", lang, done=count_runs(found.runs, lang), asked=grouped_int(found.settings.runs, lang)
    )


def count_runs(runs: int, lang: str) -> str:
    """«1 прогон», «21 прогон», «10 000 прогонов»."""
    return tr("count-runs", lang, n=runs, runs=grouped_int(runs, lang))


def _method(found: Robustness, lang: str) -> tuple[str, ...]:
    if not found.base:
        if not found.factors:
            return ()
        return (tr("robustness-no-sensitivity-stopped" if found.interrupted else "robustness-no-sensitivity", lang),)
    lines = [
        tr(
            "robustness-method",
            lang,
            base=grouped_int(found.base, lang),
            factors=found.factors_done,
            evaluations=grouped_int(found.evaluations, lang),
        )
    ]
    if found.output_variance == 0:
        lines.append(tr("robustness-no-variance", lang))
    return tuple(lines)


# --- the JSON form (--json), as the README documents it; decimals are exact strings ---


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
