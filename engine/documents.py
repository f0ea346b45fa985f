"""Reading one workspace file: YAML syntax first, then its JSON Schema."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from engine.problems import Problem
from engine.schemas import KpiLocator, validate
from engine.workspace import Workspace
from engine.yamlfile import YamlDocument, parse_yaml


def read_document(
    workspace: Workspace, path: Path, schema: str, kpi_at: KpiLocator | None = None
) -> tuple[YamlDocument | None, list[Problem]]:
    """The document when it is valid YAML matching `schema`, else None; and all its problems.
    The file is read under the workspace's file-access policy."""
    display = workspace.display(path)
    text, problems = workspace.read_text(path)
    if text is None:
        return None, problems
    doc, problems = parse_yaml(text, display)
    if problems or doc.data is None:
        return None, [_with_kpi(p, doc, kpi_at) for p in problems]
    problems = validate(doc, schema, kpi_at)
    return (None if problems else doc), problems


def _with_kpi(problem: Problem, doc: YamlDocument, kpi_at: KpiLocator | None) -> Problem:
    """A reader's problem with a value, named with the KPI the value belongs to."""
    path = doc.problem_paths.get(problem)
    if kpi_at is None or path is None or problem.kpi or not isinstance(doc.data, dict):
        return problem
    kpi = kpi_at(doc.data, path)
    return dataclasses.replace(problem, kpi=kpi) if kpi else problem
