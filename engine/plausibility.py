"""Plausibility: data that read correctly and score, but that a person should look at twice.

Each check is a function in CHECKS, the stage PLAUSIBILITY of the registry of checks
(engine.checks): it gets the quarter as loaded, its rules and the values of the quarter before
it, and returns warnings — problems of severity "warning", which never stop a command (exit 0)
unless `--strict` asks them to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from engine.checks import WARNING, Check, Stage, run_checks
from engine.model import Quarter, RulesVersion
from engine.problems import Problem, Where
from engine.quarter import entered_values
from engine.workspace import Workspace

Values = Mapping[str, Mapping[str, tuple[str, str]]]  # body → KPI → (a, b) as entered


@dataclass(frozen=True)
class CheckContext:
    quarter: Quarter
    rules: RulesVersion
    previous: str | None  # the quarter before, when the workspace has one
    previous_values: Values


def _share_above_100(context: CheckContext) -> list[Problem]:
    """a > b for a share: Z above 100 % (a and b swapped?)."""
    found = []
    for body in context.quarter.bodies.values():
        for given in body.kpis.values():
            kpi = context.rules.kpi(given.kpi)
            if kpi is None or context.rules.methodology.variants[kpi.variant].share is None:
                continue
            a, b = given.a.value, given.b.value if given.b else None
            if a is not None and b is not None and b > 0 and a > b:
                args = {"a": given.a.text, "b": given.b.text if given.b else ""}
                found.append(Problem(given.where, "warn-share-above-100", kpi.id, args, severity=WARNING))
    return found


def _numerator_without_denominator(context: CheckContext) -> list[Problem]:
    """b = 0 while a > 0: the share is undefined and W will be 0 — a missing b?"""
    found = []
    for body in context.quarter.bodies.values():
        for given in body.kpis.values():
            a, b = given.a.value, given.b.value if given.b else None
            if a is not None and b is not None and b == 0 and a > 0:
                args = {"a": given.a.text, "b": given.b.text if given.b else ""}
                found.append(Problem(given.where, "warn-zero-denominator", given.kpi, args, severity=WARNING))
    return found


def _same_as_previous(context: CheckContext) -> list[Problem]:
    """Every value of a body as in the quarter before: a file copied and not updated?"""
    found = []
    for body in context.quarter.bodies.values():
        now = {kpi: (g.a.text, g.b.text if g.b else "") for kpi, g in body.kpis.items()}
        before = context.previous_values.get(body.body)
        if now and before == now:
            args = {"previous": context.previous or ""}
            found.append(Problem(Where(body.file), "warn-same-as-previous", args=args, severity=WARNING))
    return found


PLAUSIBILITY: Stage[CheckContext] = Stage(
    "plausibility",
    (
        Check("share_above_100", ("warn-share-above-100",), WARNING, _share_above_100),
        Check("zero_denominator", ("warn-zero-denominator",), WARNING, _numerator_without_denominator),
        Check("same_as_previous", ("warn-same-as-previous",), WARNING, _same_as_previous),
    ),
)
CHECKS = PLAUSIBILITY.checks


def warnings(workspace: Workspace, rules: RulesVersion, quarter: Quarter) -> list[Problem]:
    """Every warning of a loaded quarter, sorted."""
    earlier = [q for q in workspace.quarters() if q < quarter.id]
    previous = earlier[-1] if earlier else None
    context = CheckContext(quarter, rules, previous, entered_values(workspace, previous) if previous else {})
    return sorted(run_checks(PLAUSIBILITY, context))
