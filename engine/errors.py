"""One root exception for everything the user can get wrong, with typed subclasses.

Each error carries a message code and its arguments, not a finished sentence, so that the
presentation layer can say it in Russian or English. Problems found in files (schema,
formulas, data) are not exceptions: they are `Problem` values, collected and sorted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from engine.problems import Problem, capped


class KpiError(Exception):
    """Root of every error the engine raises on purpose."""

    code = "error"

    def __init__(self, code: str | None = None, **args: Any) -> None:
        self.code = code or self.code
        self.args_ = args
        super().__init__(self.code, args)


class UsageError(KpiError):
    """The command line names something that does not exist (exit code 2)."""


class WorkspaceNotFound(UsageError):
    code = "workspace-not-found"


class UnknownName(UsageError):
    """A quarter, rules version, body or KPI named on the command line does not exist.

    `kind` is one of "quarter", "rules", "body", "kpi"; `known` lists what does exist.
    """

    code = "unknown-name"

    def __init__(self, kind: str, name: str, known: Sequence[str], suggestion: str | None = None) -> None:
        from engine.safetext import shown
        from engine.suggest import did_you_mean

        if suggestion is None:  # a name as long as a paragraph is not a typo of a short one
            suggestion = did_you_mean(name, known) if len(name) <= 100 else ""
        # the name comes from the command line: echoed escaped and cut, never as typed
        super().__init__(kind=kind, name=shown(name), known=list(known), suggestion=suggestion)


class AmbiguousKpi(UsageError):
    """A KPI named by its number in the report where the body numbers the KPIs of each of its
    directions from 1: the number is a KPI of several directions. `candidates`: (KPI id,
    direction name) of each."""

    code = "ambiguous-kpi"

    def __init__(self, body: str, number: int, candidates: Sequence[tuple[str, str]]) -> None:
        from engine.safetext import shown

        listed = [(shown(kpi), shown(direction)) for kpi, direction in candidates]
        super().__init__(body=shown(body), number=number, candidates=listed)


class ProblemsFound(KpiError):
    """Loading or checking found problems in files; they travel with the error (exit 1)."""

    code = "problems-found"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = capped(problems)
        super().__init__(count=len(self.problems))


class OpenWarnings(ProblemsFound):
    """`kpi quarter publish` met warnings nobody has said were reviewed: they are listed, and
    the quarter stays as it was (exit 1)."""

    code = "publish-open-warnings"

    def __init__(self, problems: Sequence[Problem], quarter: str) -> None:
        super().__init__(problems)
        self.args_ = {**self.args_, "quarter": quarter, "warnings": len(problems)}
