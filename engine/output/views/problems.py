"""Problems and warnings about files, in their JSON form: `kpi quarter validate --json`, `kpi
rules validate --json`, and the warnings of every other form."""

from __future__ import annotations

from typing import Any

from engine.problems import Problem


def problem_json(problem: Problem, lang: str) -> dict[str, Any]:
    return {
        "file": problem.where.file,
        "line": problem.where.line,
        "column": problem.where.column,
        "kpi": problem.kpi or None,
        "code": problem.code,
        "severity": problem.severity,
        "message": problem.message(lang),
    }


def validation_json(
    quarter: str, rules: str, status: str, valid: bool, problems: list[Problem], warnings: list[Problem], lang: str
) -> dict[str, Any]:
    """`kpi quarter validate --json`: every problem and warning of a quarter's data."""
    return {
        "quarter": quarter,
        "rules": rules,
        "status": status,
        "valid": valid,
        "problems": [problem_json(p, lang) for p in problems],
        "warnings": [problem_json(w, lang) for w in warnings],
    }
