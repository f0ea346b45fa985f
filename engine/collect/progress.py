"""A collection campaign's progress: per body, how many KPIs are filled, missing, wrong, and
what deserves a look — from the data alone, without scoring."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.documents import read_document
from engine.methodology import quantity_at
from engine.model import Body, BodyInput, KpiInput, Quarter, RulesVersion
from engine.plausibility import warnings
from engine.problems import Problem
from engine.quarter import kpi_in_data
from engine.quarterheader import QuarterHeader
from engine.workspace import Workspace


@dataclass(frozen=True)
class BodyProgress:
    body: Body
    file: str
    total: int
    filled: int  # every value the KPI needs is given and reads
    missing: int  # a value the KPI needs is not given yet
    problems: int  # values that do not read
    warnings: int


@dataclass(frozen=True)
class CollectionProgress:
    header: QuarterHeader
    rules: RulesVersion
    bodies: tuple[BodyProgress, ...]
    problems: tuple[Problem, ...]  # the values that do not read (not the missing ones)
    warnings: tuple[Problem, ...]

    @property
    def complete(self) -> bool:
        return all(b.missing == 0 and b.problems == 0 for b in self.bodies)


def progress(workspace: Workspace, header: QuarterHeader, rules: RulesVersion) -> CollectionProgress:
    rows: list[BodyProgress] = []
    problems: list[Problem] = []
    inputs: dict[str, BodyInput] = {}
    counted: list[tuple[Body, str, int, int, int]] = []
    for body in rules.bodies:
        path = header.folder / f"{body.id}.yaml"
        doc, read_problems = read_document(workspace, path, "quarter-body", kpi_in_data)
        display = workspace.display(path)
        if doc is None:
            refused = [p for p in read_problems if p.code != "file-missing"]
            problems += refused
            counted.append((body, display, 0, len(body.kpis) if not refused else 0, len(refused)))
            continue
        given: dict[str, KpiInput] = {}
        filled = missing = wrong = 0
        for kpi in body.kpis:
            state, kpi_input, kpi_problems = _kpi_state(doc, rules, kpi.id, kpi.variant)
            problems += kpi_problems
            if state == "filled" and kpi_input is not None:
                filled += 1
                given[kpi.id] = kpi_input
            elif state == "missing":
                missing += 1
            else:
                wrong += 1
        inputs[body.id] = BodyInput(body.id, given, display)
        counted.append((body, display, filled, missing, wrong))
    partial = Quarter(header.id, rules.id, header.status, header.source, header.note, inputs, None, header.file)
    found = warnings(workspace, rules, partial)
    for body, display, filled, missing, wrong in counted:
        count = sum(1 for w in found if w.where.file == display)
        rows.append(BodyProgress(body, display, len(body.kpis), filled, missing, wrong, count))
    return CollectionProgress(header, rules, tuple(rows), tuple(sorted(problems)), tuple(found))


def _kpi_state(
    doc: Any, rules: RulesVersion, kpi_id: str, variant_id: str
) -> tuple[str, KpiInput | None, list[Problem]]:
    """filled, missing or wrong; the KPI's input when filled; the problems when wrong."""
    spec = doc.data["kpis"].get(kpi_id)
    variant = rules.methodology.variants[variant_id]
    if not isinstance(spec, dict):
        return "missing", None, []
    needed = ["a", *(["b"] if "b" in variant.inputs else [])]
    if any(spec.get(name) is None for name in needed):
        return "missing", None, []
    problems: list[Problem] = []
    a = quantity_at(doc, ("kpis", kpi_id, "a"), problems, kpi_id)
    b = quantity_at(doc, ("kpis", kpi_id, "b"), problems, kpi_id) if spec.get("b") is not None else None
    if problems or a is None:
        return "wrong", None, problems
    return "filled", KpiInput(kpi_id, a, b, doc.where(("kpis", kpi_id))), []
