"""The checks `kpi quarter publish` runs on top of the quarter's own (its files read without a
problem, engine.quarter): a quarter is published only with rules no other official quarter's
seal says were changed since. What may not be published at all (an example, a quarter under
draft rules, official data changed without unpublishing) is refused by the command itself, as a
usage error; warnings still open need `--reviewed` (engine.plausibility)."""

from __future__ import annotations

from dataclasses import dataclass

from engine.checks import ERROR, Check, Stage, run_checks
from engine.checks.rules import PROTECTED_CODES, RULES_PROTECTION, Protected
from engine.problems import Problem
from engine.workspace import Workspace


@dataclass(frozen=True)
class Publishing:
    """A quarter about to be published with rules `version`, whose fingerprint is `prints`."""

    workspace: Workspace
    quarter: str
    version: str
    prints: dict[str, str]


def _rules_as_sealed_elsewhere(subject: Publishing) -> list[Problem]:
    """The rules as every other official quarter scored with them sealed them (this quarter's
    own seal is what publishing writes)."""
    protected = Protected(subject.workspace, subject.version, subject.prints, skip=subject.quarter)
    return run_checks(RULES_PROTECTION, protected)


PUBLICATION: Stage[Publishing] = Stage(
    "publication", (Check("rules_as_sealed_elsewhere", PROTECTED_CODES, ERROR, _rules_as_sealed_elsewhere),)
)
