"""`kpi whatif`: a quarter rescored with changes made in memory, against the quarter as it is.

Side A is the quarter under its own rules, as `kpi score` gives it. Side B is the quarter
(under the rules `QUARTER@RULES` names, if any) with every `--set` applied. When B's rules
differ from A's (another version, or a weight or target set), B's data are also scored under
A's rules, so that each ΔR splits into what the data changes did and what the rules changes
did, exactly as `kpi compare` splits it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.analysis.changes import Reweighted, ValueChange, apply_to_quarter, apply_to_rules, parse_changes
from engine.checks import CommandChecks
from engine.compare import Comparison, Side, line_up
from engine.errors import ProblemsFound
from engine.evaluate import QuarterResult, score_quarter
from engine.model import Quarter, RulesVersion
from engine.problems import Problem
from engine.scoring import QuarterSpec, score
from engine.workspace import Workspace


@dataclass(frozen=True)
class WhatIf:
    """The comparison of the quarter as it is (A) with the changed one (B), and what changed."""

    comparison: Comparison
    changes: tuple[ValueChange, ...]
    reweighted: tuple[Reweighted, ...] = ()
    base: QuarterResult | None = None  # what the changes were made to (B before them)


def whatif(
    workspace: Workspace,
    spec: QuarterSpec | str,
    sets: Sequence[str],
    renormalise: bool = False,
    checks: CommandChecks | None = None,
) -> WhatIf:
    """Score the quarter as it is and with `sets` applied (see engine.analysis.changes).

    Raises UnknownName for a quarter, rules version or KPI that does not exist, UsageError for
    a change that cannot be made, ProblemsFound when the changed quarter breaks the rules'
    invariants (a weight set below a W, for example). `checks`: the command's (engine.checks)."""
    spec = QuarterSpec.parse(spec) if isinstance(spec, str) else spec
    as_is = score(workspace, spec.quarter, published=False, checks=checks)
    chosen = score(workspace, spec, published=False, checks=checks) if spec.rules else as_is
    changes = parse_changes(sets, chosen.rules)
    rules, moved = apply_to_rules(chosen.rules, changes, renormalise)
    changed = rescored(rules, apply_to_quarter(chosen.quarter, changes, rules))
    after_spec = QuarterSpec(spec.quarter, chosen.rules.id) if spec.rules else QuarterSpec(spec.quarter)
    via: QuarterResult | None = changed
    problems: tuple[Problem, ...] = ()
    if rules.id != as_is.rules.id:
        try:
            via = rescored(as_is.rules, apply_to_quarter(as_is.quarter, _known(changes, as_is), as_is.rules))
        except ProblemsFound as exc:
            via, problems = None, tuple(exc.problems)
    before = Side(QuarterSpec(spec.quarter), as_is)
    comparison = line_up(before, Side(after_spec, changed, True), via, problems)
    return WhatIf(comparison, changes, moved, chosen)


def rescored(rules: RulesVersion, quarter: Quarter) -> QuarterResult:
    """score_quarter, its problems raised (an invariant a change broke)."""
    result = score_quarter(rules, quarter)
    if result.problems:
        raise ProblemsFound(list(result.problems))
    return result


def _known(changes: Sequence[ValueChange], result: QuarterResult) -> tuple[ValueChange, ...]:
    """The data changes to KPIs that `result`'s rules have (the others do not exist there)."""
    return tuple(c for c in changes if result.rules.kpi(c.kpi) is not None)
