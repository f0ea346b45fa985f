"""Two scored quarters side by side: who moved, by how much, and which KPIs moved them.

Side A ("from") and side B ("to") are each a quarter, optionally under a named rules
version (`2024Q1@2024-draft`). When the two sides use different rules versions, B's data
is also scored under A's rules (the "via" result). Each body's ΔR then splits exactly:

    ΔR = (R via − R A)  +  (R B − R via)
         data part         rules part
         numbers changed,  rules changed,
         rules held at A   numbers held at B

The split is refused for a body when B's data lacks a value A's rules need (a KPI that
exists in A's rules only and was not collected for B), because the via result would then
count a missing number as a fall in the data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from engine.checks import CommandChecks
from engine.errors import ProblemsFound
from engine.evaluate import NOT_IN_DATA, BodyResult, KpiResult, QuarterResult, Scored
from engine.problems import Problem
from engine.rulesdiff import SCORING_FIELDS, RulesChange, RulesDiff, diff_rules, kpi_changes
from engine.scoring import QuarterSpec, score
from engine.workspace import Workspace

DRIVERS = 3  # how many KPIs are named as the main reasons of a body's move
ZERO = Decimal(0)


@dataclass(frozen=True)
class Side(Scored):
    """One side of a comparison: what was asked for (`spec`) and its scored result."""

    spec: QuarterSpec
    result: QuarterResult
    changed: bool = False  # changes made in memory (kpi whatif): labelled with `*`

    @property
    def label(self) -> str:
        """`2024Q1` when the quarter is read under its own rules, `2024Q1@2024-draft` otherwise."""
        label = f"{self.quarter}@{self.rules}" if self.spec.rules else self.quarter
        return label + "*" if self.changed and not label.endswith("*") else label


@dataclass(frozen=True)
class KpiShift:
    """One KPI of one body on both sides. `before`/`after` are None where the KPI is not in
    that side's rules; `via` is its result with B's data under A's rules (None when the KPI
    is not in A's rules, or when the body's split is not possible)."""

    id: str
    name: str
    before: KpiResult | None
    after: KpiResult | None
    via: KpiResult | None
    split: bool
    data_changes: tuple[str, ...] = ()
    rules_changes: tuple[RulesChange, ...] = ()

    @property
    def status(self) -> str:
        """ "added" (in B's rules only), "removed" (in A's rules only) or "kept"."""
        if self.before is None:
            return "added"
        return "removed" if self.after is None else "kept"

    @property
    def assigned_before(self) -> Decimal:
        return self.before.assigned if self.before else ZERO

    @property
    def assigned_after(self) -> Decimal:
        return self.after.assigned if self.after else ZERO

    @property
    def delta(self) -> Decimal:
        """ΔW: a KPI missing on one side counts as W = 0 there."""
        return self.assigned_after - self.assigned_before

    @property
    def data_part(self) -> Decimal | None:
        if not self.split:
            return None
        return (self.via.assigned if self.via else ZERO) - self.assigned_before

    @property
    def rules_part(self) -> Decimal | None:
        if not self.split:
            return None
        return self.assigned_after - (self.via.assigned if self.via else ZERO)

    @property
    def scoring_changes(self) -> tuple[RulesChange, ...]:
        """The rules changes that alter how W is computed (not a new wording alone)."""
        return tuple(c for c in self.rules_changes if c.field in SCORING_FIELDS)


@dataclass(frozen=True)
class SplitBlocker:
    """Why a body's ΔR cannot be split into data and rules: a message code and its args."""

    code: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BodyShift:
    """One body on both sides. `before` is None for a body new in B, `after` for one gone."""

    id: str
    short: str
    name: str
    before: BodyResult | None
    after: BodyResult | None
    via: BodyResult | None
    kpis: tuple[KpiShift, ...]
    blocker: SplitBlocker | None = None

    @property
    def status(self) -> str:
        """ "new" (in B only), "gone" (in A only) or "kept"."""
        if self.before is None:
            return "new"
        return "gone" if self.after is None else "kept"

    @property
    def rank_from(self) -> int | None:
        return self.before.rank if self.before else None

    @property
    def rank_to(self) -> int | None:
        return self.after.rank if self.after else None

    @property
    def score_from(self) -> Decimal | None:
        return self.before.score if self.before else None

    @property
    def score_to(self) -> Decimal | None:
        return self.after.score if self.after else None

    @property
    def move(self) -> int | None:
        """Places gained (positive) or lost (negative); None unless on both sides."""
        if self.before is None or self.after is None:
            return None
        return self.before.rank - self.after.rank

    @property
    def delta(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after.score - self.before.score

    @property
    def data_part(self) -> Decimal | None:
        """R via − R A; None when the body is on one side only or the split is refused."""
        if self.before is None or self.via is None:
            return None
        return self.via.score - self.before.score

    @property
    def rules_part(self) -> Decimal | None:
        """R B − R via; with data_part it adds up to ΔR exactly."""
        if self.after is None or self.via is None:
            return None
        return self.after.score - self.via.score

    @property
    def drivers(self) -> tuple[KpiShift, ...]:
        """The KPIs whose W changed most (by |ΔW|, then in KPI order), at most DRIVERS."""
        moved = [k for k in self.kpis if k.delta != 0]
        return tuple(sorted(moved, key=lambda k: -abs(k.delta))[:DRIVERS])


@dataclass(frozen=True)
class Comparison:
    """Side A against side B, body by body, in B's ranking order (bodies gone from B last,
    in A's order). `via` is B's data under A's rules: B itself when both sides use the same
    rules, None when B's data cannot be read under A's rules (`via_problems` says why)."""

    before: Side
    after: Side
    via: QuarterResult | None
    bodies: tuple[BodyShift, ...]
    rules: RulesDiff | None = None
    via_problems: tuple[Problem, ...] = ()

    @property
    def rules_changed(self) -> bool:
        return self.before.rules != self.after.rules

    @property
    def via_label(self) -> str:
        return f"{self.after.quarter}@{self.before.rules}"

    def body(self, body_id: str) -> BodyShift | None:
        return next((b for b in self.bodies if b.id == body_id), None)

    @property
    def biggest_rise(self) -> tuple[BodyShift, ...]:
        """Every body that gained the most places (none if nobody gained)."""
        return _extreme(self.bodies, 1)

    @property
    def biggest_fall(self) -> tuple[BodyShift, ...]:
        return _extreme(self.bodies, -1)

    def ties(self, side: str) -> tuple[tuple[BodyResult, ...], ...]:
        """Groups of bodies sharing a rank on side "from" or "to", best rank first."""
        result = self.before.result if side == "from" else self.after.result
        groups: dict[int, list[BodyResult]] = {}
        for body in result.bodies:
            groups.setdefault(body.rank, []).append(body)
        return tuple(tuple(g) for _, g in sorted(groups.items()) if len(g) > 1)


def _extreme(bodies: Sequence[BodyShift], sign: int) -> tuple[BodyShift, ...]:
    moves = [b.move * sign for b in bodies if b.move is not None and b.move * sign > 0]
    if not moves:
        return ()
    best = max(moves)
    return tuple(b for b in bodies if b.move is not None and b.move * sign == best)


def compare(
    workspace: Workspace, before: QuarterSpec | str, after: QuarterSpec | str, checks: CommandChecks | None = None
) -> Comparison:
    """Score both sides and line them up body by body and KPI by KPI.

    Raises UnknownName for a quarter or rules version that does not exist and ProblemsFound
    when either side has problems. A failure to read B's data under A's rules is not an
    error: it only makes the data/rules split unavailable (see `Comparison.via_problems`).
    `checks`: the command's (engine.checks), passed to the scorer."""
    spec_a = QuarterSpec.parse(before) if isinstance(before, str) else before
    spec_b = QuarterSpec.parse(after) if isinstance(after, str) else after
    side_a = Side(spec_a, score(workspace, spec_a, published=False, checks=checks))
    side_b = Side(spec_b, score(workspace, spec_b, published=False, checks=checks))
    via: QuarterResult | None = side_b.result
    problems: tuple[Problem, ...] = ()
    if side_a.rules != side_b.rules:
        try:
            via = score(workspace, QuarterSpec(side_b.quarter, side_a.rules), published=False, checks=checks)
        except ProblemsFound as exc:
            via, problems = None, tuple(exc.problems)
    return line_up(side_a, side_b, via, problems)


def line_up(
    side_a: Side, side_b: Side, via: QuarterResult | None, via_problems: tuple[Problem, ...] = ()
) -> Comparison:
    """Two scored sides body by body and KPI by KPI. `via`: B's data under A's rules (B itself
    when the rules are the same; None, with `via_problems` saying why, when it cannot be scored)."""
    rules = diff_rules(side_a.result.rules, side_b.result.rules) if side_a.rules != side_b.rules else None
    bodies = _body_shifts(side_a.result, side_b.result, via, rules is not None)
    return Comparison(side_a, side_b, via, bodies, rules, via_problems)


def _body_shifts(
    before: QuarterResult, after: QuarterResult, via: QuarterResult | None, rules_changed: bool
) -> tuple[BodyShift, ...]:
    shifts = []
    gone = [b for b in before.bodies if after.body(b.body.id) is None]
    for new in (*after.bodies, *gone):
        body_id = new.body.id
        old, now = before.body(body_id), after.body(body_id)
        between = via.body(body_id) if via is not None and old is not None and now is not None else None
        blocker = None
        if old is not None and now is not None:
            if via is None:
                blocker = SplitBlocker("split-unreadable")
            elif rules_changed and between is not None:
                blocker = _missing_data(old, between)
        if blocker is not None:
            between = None
        shifts.append(
            BodyShift(
                body_id,
                new.body.short,
                new.body.name,
                old,
                now,
                between,
                _kpi_shifts(old, now, between) if old is not None and now is not None else (),
                blocker,
            )
        )
    return tuple(shifts)


def _missing_data(before: BodyResult, via: BodyResult) -> SplitBlocker | None:
    """KPIs A's rules score from data that B's quarter never collected."""
    had = {k.kpi.id: k for k in before.kpis}
    missing = [
        k.kpi.id
        for k in via.kpis
        if k.assessment.reason == NOT_IN_DATA and had[k.kpi.id].assessment.reason != NOT_IN_DATA
    ]
    if not missing:
        return None
    return SplitBlocker("split-kpi-missing", {"kpis": tuple(missing)})


def _kpi_shifts(before: BodyResult, after: BodyResult, via: BodyResult | None) -> tuple[KpiShift, ...]:
    old = {k.kpi.id: k for k in before.kpis}
    new = {k.kpi.id: k for k in after.kpis}
    between = {k.kpi.id: k for k in via.kpis} if via is not None else {}
    shifts = []
    for kpi_id in [*new, *(k for k in old if k not in new)]:
        was, now = old.get(kpi_id), new.get(kpi_id)
        current = now or was
        assert current is not None
        shifts.append(
            KpiShift(
                kpi_id,
                current.kpi.name,
                was,
                now,
                between.get(kpi_id),
                via is not None,
                _data_changes(was, now) if was and now else (),
                kpi_changes(was.kpi, now.kpi) if was and now else (),
            )
        )
    return tuple(shifts)


def _data_changes(before: KpiResult, after: KpiResult) -> tuple[str, ...]:
    """Which of a, b, Z differ (values, not how they were typed), and "reason" when the
    policy that decided W (no data, b = 0, no target, ...) is not the same."""
    changed = []
    for name, was, now in (("a", before.a, after.a), ("b", before.b, after.b)):
        if (was.value if was else None) != (now.value if now else None):
            changed.append(name)
    if before.share != after.share:
        changed.append("Z")
    if before.assessment.reason != after.assessment.reason:
        changed.append("reason")
    return tuple(changed)
