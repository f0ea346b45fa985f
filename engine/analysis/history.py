"""The rating over time: every quarter of a workspace (or those named), each scored under its
own rules by the scorer (engine.scoring.score), lined up body by body.

Nothing of the method is computed here: a place and an R are the scorer's; a change is the
difference of two of them (places gained, R now less R before, exact decimals). A body that is
not in a quarter (its rules have no such body) has no standing there; a quarter whose rules
version differs from the previous one is marked, for figures under other rules are compared
with care.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from engine.checks import CommandChecks
from engine.errors import ProblemsFound, UsageError
from engine.evaluate import QuarterResult, Scored
from engine.problems import Problem
from engine.scoring import QuarterSpec, score
from engine.workspace import Workspace


@dataclass(frozen=True)
class Edition(Scored):
    """One quarter of the history, scored under its own rules."""

    result: QuarterResult
    rules_changed: bool  # its rules version differs from the previous quarter's


@dataclass(frozen=True)
class Standing:
    """A body in one quarter: its place and R, and the change since the previous quarter of
    the history where the body was present in both (move > 0: places gained)."""

    quarter: str
    rank: int
    score: Decimal
    move: int | None
    delta: Decimal | None


@dataclass(frozen=True)
class BodyHistory:
    id: str
    short: str
    name: str
    standings: tuple[Standing | None, ...]  # one per edition; None: not in that quarter

    @property
    def latest(self) -> Standing | None:
        return self.standings[-1] if self.standings else None

    def at(self, quarter: str, editions: Sequence[Edition]) -> Standing | None:
        for edition, standing in zip(editions, self.standings, strict=True):
            if edition.quarter == quarter:
                return standing
        return None


@dataclass(frozen=True)
class History:
    editions: tuple[Edition, ...]  # oldest first
    bodies: tuple[BodyHistory, ...]  # by place in the latest quarter; bodies gone from it last
    skipped: tuple[str, ...] = ()  # quarters of the workspace left out: their files have problems

    @property
    def rules_differ(self) -> bool:
        return any(e.rules_changed for e in self.editions)

    def body(self, body_id: str) -> BodyHistory | None:
        return next((b for b in self.bodies if b.id == body_id), None)


def quarter_key(quarter: str) -> tuple[int, int, str]:
    """2023Q4 before 2024Q1; a name that is not YEARQn (a workspace may hold one) after them."""
    year, sep, number = quarter.partition("Q")
    if sep and year.isdigit() and number.isdigit():
        return (int(year), int(number), "")
    return (10**6, 0, quarter)


def history(
    workspace: Workspace,
    quarters: Sequence[str] = (),
    lenient: bool | None = None,
    checks: CommandChecks | None = None,
) -> History:
    """The history of `quarters`, oldest first. Without any named (or `lenient`), every quarter
    that scores: one whose files have problems (a draft still being collected) is left out and
    named in `skipped`; a quarter named that does not score is an error. `checks`: the
    command's (engine.checks), passed to the scorer."""
    lenient = not quarters if lenient is None else lenient
    names = list(dict.fromkeys(quarters)) if quarters else workspace.quarters()
    results: list[QuarterResult] = []
    skipped: list[str] = []
    for name in names:
        # each spec resolved as the scorer resolves it (an unknown quarter is its usage error)
        try:
            results.append(score(workspace, QuarterSpec.parse(name), published=False, checks=checks))
        except ProblemsFound as exc:
            # an official quarter changed since publishing is never passed over: a document
            # made from the history refuses, as `kpi report` does (engine.checks.quarter)
            if not lenient or any(p.code == "seal-refused" for p in exc.problems):
                raise
            skipped.append(name)
    if not results:
        raise ProblemsFound(_problems_of(workspace, skipped, checks))
    found = line_up(sorted(results, key=lambda r: quarter_key(r.quarter.id)))
    return dataclasses.replace(found, skipped=tuple(sorted(skipped, key=quarter_key)))


def _problems_of(workspace: Workspace, skipped: Sequence[str], checks: CommandChecks | None) -> list[Problem]:
    """No quarter scores: the problems of the last one, as kpi score would give them."""
    if not skipped:
        raise UsageError("history-no-quarters")
    try:
        score(workspace, skipped[-1], published=False, checks=checks)
    except ProblemsFound as exc:
        return list(exc.problems)
    return []  # pragma: no cover - it failed a moment ago


def line_up(results: Sequence[QuarterResult]) -> History:
    """Scored quarters, oldest first, as a history."""
    editions = tuple(
        Edition(result, index > 0 and result.rules.id != results[index - 1].rules.id)
        for index, result in enumerate(results)
    )
    order: dict[str, tuple[str, str]] = {}
    for result in reversed(results):  # the latest name of each body, bodies of the latest first
        for body in result.bodies:
            order.setdefault(body.body.id, (body.body.short, body.body.name))
    bodies = []
    for body_id, (short, name) in order.items():
        standings: list[Standing | None] = []
        previous: Standing | None = None
        for result in results:
            found = result.body(body_id)
            if found is None:
                standings.append(None)
                previous = None
                continue
            move = delta = None
            if previous is not None:
                move, delta = previous.rank - found.rank, found.score - previous.score
            standing = Standing(result.quarter.id, found.rank, found.score, move, delta)
            standings.append(standing)
            previous = standing
        bodies.append(BodyHistory(body_id, short, name, tuple(standings)))
    return History(editions, tuple(bodies))
