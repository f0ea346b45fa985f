"""The checks `kpi quarter publish` runs on top of the quarter's own (its files read without a
problem, engine.quarter): what may not be published at all (an example, a quarter under draft
rules, an official quarter whose data changed since it was published, which is unpublished with
a reason first), and rules no other official quarter's seal says were changed since. The
command refuses the first kinds as a usage error (exit 2), each at the point it always did
(engine.collect.publish: REFUSALS); warnings still open need `--reviewed` (engine.plausibility)."""

from __future__ import annotations

from dataclasses import dataclass

from engine.checks import ERROR, Check, Stage, run_checks
from engine.checks.rules import PROTECTED_CODES, RULES_PROTECTION, Protected
from engine.problems import Problem, Where
from engine.workspace import Workspace


@dataclass(frozen=True)
class Publishing:
    """A quarter about to be published with rules `version`, whose fingerprint is `prints`:
    the quarter's status, its rules' status (methodology.yaml's), and for an official quarter
    the fingerprint of its data files now (`data`) and as sealed (`sealed_data`); `file`: its
    quarter.yaml, as messages name it."""

    workspace: Workspace
    quarter: str
    version: str
    prints: dict[str, str]
    status: str = "draft"
    rules_status: str = "official"
    data: dict[str, str] | None = None
    sealed_data: dict[str, str] | None = None
    file: str = ""


def _not_an_example(subject: Publishing) -> list[Problem]:
    """An example quarter is never official."""
    if subject.status != "example":
        return []
    return [Problem(Where(subject.file), "publish-example", args={"quarter": subject.quarter})]


def _rules_not_draft(subject: Publishing) -> list[Problem]:
    """A quarter is published only with official rules, never a draft."""
    if subject.rules_status != "draft":
        return []
    args = {"quarter": subject.quarter, "rules": subject.version}
    return [Problem(Where(subject.file), "publish-draft-rules", args=args)]


def _rules_as_sealed_elsewhere(subject: Publishing) -> list[Problem]:
    """The rules as every other official quarter scored with them sealed them (this quarter's
    own seal is what publishing writes)."""
    protected = Protected(subject.workspace, subject.version, subject.prints, skip=subject.quarter)
    return run_checks(RULES_PROTECTION, protected)


def _official_data_unchanged(subject: Publishing) -> list[Problem]:
    """An official quarter is published again only with its data as sealed: changed data are
    unpublished, with a reason, first."""
    if subject.status != "official" or subject.sealed_data is None or subject.sealed_data == subject.data:
        return []
    return [Problem(Where(subject.file), "publish-official-changed", args={"quarter": subject.quarter})]


PUBLICATION: Stage[Publishing] = Stage(
    "publication",
    (
        Check("not_an_example", ("publish-example",), ERROR, _not_an_example),
        Check("rules_not_draft", ("publish-draft-rules",), ERROR, _rules_not_draft),
        Check("rules_as_sealed_elsewhere", PROTECTED_CODES, ERROR, _rules_as_sealed_elsewhere),
        Check("official_data_unchanged", ("publish-official-changed",), ERROR, _official_data_unchanged),
    ),
)
