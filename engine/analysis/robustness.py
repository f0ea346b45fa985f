"""`kpi robustness`: how much the ranking depends on the weights and targets the rules chose.

Uncertainty analysis, as the JRC/OECD Handbook on Constructing Composite Indicators (2008)
and Saisana, Saltelli and Tarantola (2005) describe it: every run draws, independently and
uniformly, a multiplier for each KPI's weight (within ±`weights`) and, if asked, for each
KPI's target (within ±`targets`), on a grid of thousandths; weights are renormalised within
their direction (engine.analysis.runs) and every body is rescored exactly as the rules say,
truncation included. Per body: its rank in each run, hence the median rank, the 5–95 % rank
interval, the share of runs that keep its rank and the share of each place. Overall: the
share of runs with the nominal order unchanged and the mean Spearman correlation of each
run's ranking with the nominal one.

Sensitivity analysis (engine.analysis.sensitivity): the first 2N runs are the Saltelli
design's samples A and B; for every factor, A_B⁽ⁱ⁾ is scored too (only the one body a factor
belongs to needs rescoring). The output analysed is the mean absolute rank shift from the
nominal ranking; each body's "driver" is the factor with the largest total index on its rank.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from engine.analysis.runs import NOMINAL, Factor, QuarterRuns
from engine.analysis.sensitivity import Z95, Indices, indices, variance
from engine.evaluate import QuarterResult
from engine.model import KAZAKH, Body
from engine.names import result_in

BASE_SAMPLE = 1000  # N of the sensitivity design, at most half the runs
# ... and at most this many one-body rescorings in all (N·k): with targets too (k = 208 in
# 2024Q1) N is 576, so that the analysis costs at most about as much as 12 000 runs; the output says N
RESCORINGS = 120_000
MIN_BASE = 10
RESCORING_SHARE = 10  # for the progress bar: a one-body rescoring is about a tenth of a run
ProgressHook = Callable[[int, int], None]  # work done, work in all


@dataclass(frozen=True)
class Settings:
    """Half-widths of the multipliers in thousandths (200: ±20 %), runs asked, seed."""

    weights: int
    targets: int
    runs: int
    seed: int


@dataclass(frozen=True)
class FactorEffect:
    factor: Factor
    indices: Indices


@dataclass(frozen=True)
class BodyRanks:
    body: Body
    score: Decimal
    rank: int  # as the rules give it
    places: tuple[int, ...]  # in how many runs the body took place 1, 2, …
    driver: FactorEffect | None = None  # the factor with the largest total index on its rank

    @property
    def runs(self) -> int:
        return sum(self.places)

    def share(self, place: int) -> float:
        return self.places[place - 1] / self.runs if self.runs else 0.0

    @property
    def keep_share(self) -> float:
        return self.share(self.rank)

    def quantile(self, q: float) -> int:
        """The nearest-rank q-quantile of the body's rank: the smallest rank taken in at
        least q of the runs, counting the better ones."""
        return self._at(max(math.ceil(q * self.runs) - 1, 0))

    @property
    def median_rank(self) -> float:
        return (self._at((self.runs - 1) // 2) + self._at(self.runs // 2)) / 2

    def _at(self, position: int) -> int:
        seen = 0
        for place, count in enumerate(self.places, start=1):
            seen += count
            if seen > position:
                return place
        return self.rank


@dataclass(frozen=True)
class Robustness:
    result: QuarterResult
    settings: Settings
    runs: int  # runs done (fewer than asked when interrupted)
    nominal_order: int  # runs whose ranking is the nominal one
    spearman_mean: float | None
    bodies: tuple[BodyRanks, ...]
    sensitivity: tuple[FactorEffect, ...] = ()  # by total index, largest first
    base: int = 0  # N of the sensitivity design (0: not run)
    factors: int = 0  # k
    output_variance: float = 0.0
    interrupted: bool = False
    sensitivity_complete: bool = False
    factors_done: int = 0  # factors whose indices were estimated (fewer than k when interrupted)
    evaluations: int = field(default=0)  # model runs in all, A_B⁽ⁱ⁾ included

    @property
    def nominal_order_share(self) -> float:
        return self.nominal_order / self.runs if self.runs else 0.0

    @property
    def share_error(self) -> float:
        """The 95 % half-width of any share estimated from the runs, at its widest (p = ½)."""
        return Z95 * math.sqrt(0.25 / self.runs) if self.runs else 1.0


@dataclass
class _Sample:
    """Runs kept for the sensitivity design: multipliers, direction results, scores, ranks."""

    weights: list[list[int]] = field(default_factory=list)
    targets: list[list[int]] = field(default_factory=list)
    directions: list[list[list[int]]] = field(default_factory=list)
    scores: list[list[int]] = field(default_factory=list)
    ranks: list[list[int]] = field(default_factory=list)

    def keep(
        self, weights: list[int], targets: list[int], directions: list[list[int]], scores: list[int], taken: list[int]
    ) -> None:
        self.weights.append(weights)
        self.targets.append(targets)
        self.directions.append(directions)
        self.scores.append(scores)
        self.ranks.append(taken)


def robustness(result: QuarterResult, settings: Settings, progress: ProgressHook | None = None) -> Robustness:
    """Run the analysis (see the module's text). Ctrl-C stops it: what was computed is
    returned, marked `interrupted`."""
    model = QuarterRuns(result)
    nominal_scores = model.scores(model.nominal, model.nominal)
    nominal = model.methodology.ranks(nominal_scores)
    factors = (model.factors if settings.weights else []) + (model.target_factors() if settings.targets else [])
    base = min(BASE_SAMPLE, settings.runs // 2, max(RESCORINGS // max(len(factors), 1), MIN_BASE)) if factors else 0
    base = base if base >= MIN_BASE else 0  # fewer than 20 runs: no indices worth printing
    work = settings.runs + base * len(factors) // RESCORING_SHARE
    rng = random.Random(settings.seed)
    n = len(model.bodies)
    places = [[0] * n for _ in range(n)]
    same_order, spearman_sum, spearman_runs, done = 0, 0.0, 0, 0
    a, b = _Sample(), _Sample()
    nominal_fraction = _fractional(nominal)
    interrupted = False
    try:
        for run in range(settings.runs):
            weights = _draw(rng, model.slots, settings.weights)
            targets = _draw(rng, model.slots, settings.targets)
            directions = model.directions(weights, targets)
            scores = [model.body_units(totals) for totals in directions]
            taken = model.methodology.ranks(scores)
            for body, place in enumerate(taken):
                places[body][place - 1] += 1
            same_order += taken == nominal
            rho = _pearson(nominal_fraction, _fractional(taken))
            if rho is not None:
                spearman_sum += rho
                spearman_runs += 1
            if run < 2 * base:
                (a if run < base else b).keep(weights, targets, directions, scores, taken)
            done = run + 1
            if progress is not None and done % 100 == 0:
                progress(done, work)
    except KeyboardInterrupt:
        interrupted = True
    bodies = tuple(
        BodyRanks(body.body, body.score, nominal[i], tuple(places[i])) for i, body in enumerate(result.bodies)
    )
    outcome = Robustness(
        result,
        settings,
        done,
        same_order,
        spearman_sum / spearman_runs if spearman_runs else None,
        bodies,
        factors=len(factors),
        interrupted=interrupted,
        evaluations=done,
    )
    if interrupted or not base or done < 2 * base:
        return outcome
    return _sensitivity(model, outcome, factors, a, b, nominal, progress, work)


def _sensitivity(
    model: QuarterRuns,
    outcome: Robustness,
    factors: Sequence[Factor],
    a: _Sample,
    b: _Sample,
    nominal: Sequence[int],
    progress: ProgressHook | None,
    work: int,
) -> Robustness:
    base, n = len(a.ranks), len(nominal)
    y_a = [_shift(r, nominal) for r in a.ranks]
    y_b = [_shift(r, nominal) for r in b.ranks]
    v = variance(y_a + y_b)
    body_variance = [variance([r[i] for r in a.ranks + b.ranks]) for i in range(n)]
    effects: list[FactorEffect] = []
    drivers: list[FactorEffect | None] = [None] * n
    best = [0.0] * n
    done = outcome.runs
    complete = True
    try:
        for factor in factors:
            y_ab: list[float] = []
            squares = [0] * n
            source = b.weights if factor.parameter == "weight" else b.targets
            direction = model.bodies[factor.body].directions[factor.direction]
            for j in range(base):
                moved = source[j][factor.slot]
                if factor.parameter == "target":
                    total = model.moved_target(
                        direction,
                        factor.slot,
                        a.directions[j][factor.body][factor.direction],
                        a.weights[j],
                        a.targets[j],
                        moved,
                    )
                else:  # A's own row, its one multiplier swapped for B's and back
                    row = a.weights[j]
                    kept, row[factor.slot] = row[factor.slot], moved
                    total = model.direction_units(direction, row, a.targets[j])
                    row[factor.slot] = kept
                totals = a.directions[j][factor.body]
                if total == totals[factor.direction]:  # the body's R is the same: so is all else
                    y_ab.append(y_a[j])
                    continue
                totals = totals.copy()
                totals[factor.direction] = total
                scores = a.scores[j].copy()
                scores[factor.body] = model.body_units(totals)
                taken = model.methodology.ranks(scores)
                before = a.ranks[j]
                if taken == before:
                    y_ab.append(y_a[j])
                    continue
                y_ab.append(_shift(taken, nominal))
                for i in range(n):
                    squares[i] += (before[i] - taken[i]) ** 2
            found = FactorEffect(factor, indices(y_a, y_b, y_ab, v))
            effects.append(found)
            for i in range(n):
                if body_variance[i] > 0:
                    share = squares[i] / 2 / base / body_variance[i]
                    if share > best[i]:
                        best[i] = share
                        drivers[i] = FactorEffect(factor, Indices(None, share, None, None))
            done += base // RESCORING_SHARE
            if progress is not None:
                progress(min(done, work), work)
    except KeyboardInterrupt:
        complete = False
    effects.sort(key=lambda e: (-(e.indices.total or 0.0), -(e.indices.first_order or 0.0), e.factor.slot))
    return dataclasses.replace(
        outcome,
        bodies=tuple(dataclasses.replace(body, driver=drivers[i]) for i, body in enumerate(outcome.bodies)),
        sensitivity=tuple(effects),
        base=base,
        output_variance=v,
        interrupted=not complete,
        sensitivity_complete=complete,
        factors_done=len(effects),
        evaluations=outcome.runs + base * len(effects),
    )


def _draw(rng: random.Random, slots: int, spread: int) -> list[int]:
    """A multiplier per slot, uniform on the thousandths within ±spread of NOMINAL."""
    if not spread:
        return [NOMINAL] * slots
    width, low, draw = 2 * spread + 1, NOMINAL - spread, rng.random
    return [low + int(draw() * width) for _ in range(slots)]


def _shift(taken: Sequence[int], nominal: Sequence[int]) -> float:
    """The mean absolute rank shift from the nominal ranking."""
    return sum(abs(x - y) for x, y in zip(taken, nominal, strict=True)) / len(nominal)


def _fractional(taken: Sequence[int]) -> list[float]:
    """Ranks with ties at the mean of the places they share (1, 2,5, 2,5, 4), as Spearman's
    coefficient takes them."""
    counts: dict[int, int] = {}
    for place in taken:
        counts[place] = counts.get(place, 0) + 1
    return [place + (counts[place] - 1) / 2 for place in taken]


def _pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((p - mx) * (q - my) for p, q in zip(x, y, strict=True))
    sxx = sum((p - mx) ** 2 for p in x)
    syy = sum((q - my) ** 2 for q in y)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def robustness_in(found: Robustness, lang: str) -> Robustness:
    """Robustness runs with each body named in `lang`; the figures are untouched."""
    if lang != KAZAKH:
        return found
    result = result_in(found.result, lang)

    def named(part: BodyRanks) -> BodyRanks:
        shown = result.rules.body(part.body.id)
        return dataclasses.replace(part, body=shown) if shown is not None else part

    return dataclasses.replace(found, result=result, bodies=tuple(named(b) for b in found.bodies))
