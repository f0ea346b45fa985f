"""The checks of a quarter: of each KPI's values as a body file gives them (QUARTER_VALUES, run
by engine.quarter as it reads the file), and of the quarter's files against the seals of
official quarters, which every command that reads a quarter runs (`seal_check`), and
`kpi quarter validate` too (`run_checks(SEAL, …)`).

An official quarter's own rules and data files are compared with its seal (engine.seal): a
terminal command warns, a command that makes a document is refused, validate fails. Any other
quarter's rules are compared with the seals of the official quarters scored with the same
version: an edit of official rules is said (a warning) wherever those rules are read."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.checks import ERROR, WARNING, Check, CommandChecks, Stage, run_checks
from engine.checks.rules import PROTECTED_CODES, RULES_PROTECTION, Protected
from engine.errors import ProblemsFound
from engine.method import Variant
from engine.numbers import Quantity
from engine.problems import Problem, Where
from engine.workspace import Workspace
from engine.yamlfile import YamlDocument

if TYPE_CHECKING:  # engine.quarter reads YAML: loaded only by a command that reads a quarter
    from engine.quarterheader import QuarterHeader


@dataclass(frozen=True)
class ValuesEntry:
    """One KPI of a body file of a quarter: its entry as written (`spec`), its variant, and a
    and b as read (None: not given, or not a number, which reading said already)."""

    doc: YamlDocument
    kpi: str
    spec: dict[str, object]
    variant: Variant
    a: Quantity | None
    b: Quantity | None


def _b_missing(entry: ValuesEntry) -> list[Problem]:
    """No b for a variant whose formula needs one."""
    if "b" in entry.spec or "b" not in entry.variant.inputs:
        return []
    where = entry.doc.key_where(("kpis", entry.kpi))
    return [Problem(where, "b-missing", entry.kpi, {"variant": entry.variant.id})]


def _currency_mismatch(entry: ValuesEntry) -> list[Problem]:
    """a and b in different currencies (тенге and доллары): their ratio means nothing."""
    a, b = entry.a, entry.b
    if a is None or b is None or a.currency == b.currency or a.value is None or b.value is None:
        return []
    return [
        Problem(entry.doc.where(("kpis", entry.kpi, "b")), "currency-mismatch", entry.kpi, {"a": a.text, "b": b.text})
    ]


QUARTER_VALUES: Stage[ValuesEntry] = Stage(
    "quarter_values",
    (
        Check("b_missing", ("b-missing",), ERROR, _b_missing),
        Check("currency_mismatch", ("currency-mismatch",), ERROR, _currency_mismatch),
    ),
)


@dataclass(frozen=True)
class QuarterRead:
    """A quarter's header as read, and the severity its own broken seal is said with."""

    workspace: Workspace
    header: QuarterHeader
    severity: str = WARNING


def _own_seal(subject: QuarterRead) -> list[Problem]:
    """An official quarter's rules and data files as it was published with them (engine.seal)."""
    from engine.seal import seal_problems

    return seal_problems(subject.workspace, subject.header, subject.severity)


def _rules_as_sealed(subject: QuarterRead) -> list[Problem]:
    """A quarter that is not official, scored with rules an official quarter was scored with:
    those rules as that quarter sealed them (an edit of them is said, never refused here)."""
    header = subject.header
    if header.status == "official":  # its own seal holds its rules' files
        return []
    found = run_checks(RULES_PROTECTION, Protected(subject.workspace, header.rules))
    return [dataclasses.replace(problem, severity=WARNING) for problem in found]


SEAL_CODES = (
    "seal-missing",
    "seal-changed",
    "seal-added",
    "seal-removed",
    "rules-protected-changed",
    "rules-protected-added",
    "rules-protected-removed",
)
SEAL: Stage[QuarterRead] = Stage(
    "seal",
    (
        Check("own_seal", SEAL_CODES, ERROR, _own_seal),  # a warning in a terminal command
        Check("rules_as_sealed", PROTECTED_CODES, WARNING, _rules_as_sealed),
    ),
)


def seal_check(workspace: Workspace, header: QuarterHeader, checks: CommandChecks | None) -> None:
    """What every command reading `header`'s quarter does (`checks`: the command's; None: a
    caller outside a command, which says nothing): nothing for files as sealed; else warnings
    through the command's sink (once per quarter, or rules version, and command), or
    ProblemsFound for a document made from an official quarter."""
    if checks is None:
        return
    official = header.status == "official"
    if checks.refuse and official:
        problems = run_checks(SEAL, QuarterRead(workspace, header, ERROR))
        if problems:
            raise ProblemsFound([*problems, Problem(Where(header.file), "seal-refused", args={"quarter": header.id})])
        return
    if checks.first_time(f"quarter {header.id}" if official else f"rules {header.rules}"):
        checks.say(run_checks(SEAL, QuarterRead(workspace, header)))
