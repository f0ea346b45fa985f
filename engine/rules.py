"""A rules version: rules/<version>/methodology.yaml and one file per government body."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.checks import run_checks
from engine.checks.methodology import EXAMPLES
from engine.checks.portability import PORTABILITY, Folder
from engine.checks.rules import (
    RULES_BODY,
    RULES_DIRECTION,
    RULES_KPI,
    RULES_VERSION,
    BodiesRead,
    BodyEntry,
    DirectionEntry,
    KpiEntry,
)
from engine.documents import read_document
from engine.method import Methodology
from engine.methodology import load_methodology
from engine.model import Body, Direction, Kpi, RulesVersion
from engine.problems import Problem, Where, capped
from engine.workspace import METHODOLOGY, Workspace
from engine.yamlfile import PathKey, YamlDocument


def load_rules(workspace: Workspace, version: str) -> tuple[RulesVersion | None, list[Problem]]:
    """Load and check one rules version. The version is returned only when nothing is wrong;
    the problems are all of them, sorted, across every file of the version."""
    folder = workspace.rules_dir(version)
    methodology, problems = load_methodology(workspace, folder / METHODOLOGY)
    # a version Windows cannot check out: its folder's name, and every file in it
    where = Folder(
        workspace.rules_root, folder.name, workspace.display(workspace.rules_root), workspace.display(folder)
    )
    problems += run_checks(PORTABILITY, where)
    if methodology is not None and not problems:
        problems += run_checks(EXAMPLES, methodology)
    paths = [path for path in workspace.yaml_files(folder) if path.name != METHODOLOGY]
    bodies, body_problems = _load_bodies(workspace, paths, methodology)
    problems += body_problems
    problems += run_checks(RULES_VERSION, BodiesRead(methodology, tuple(bodies), bool(body_problems)))
    if not bodies and not problems:
        problems.append(Problem(Where(workspace.display(folder)), "rules-no-bodies"))
    if problems or methodology is None:
        return None, capped(problems)
    return RulesVersion(folder.name, methodology, tuple(bodies)), []


def _load_bodies(
    workspace: Workspace, paths: list[Path], methodology: Methodology | None
) -> tuple[list[Body], list[Problem]]:
    """Each body file in order; a KPI id seen in an earlier file is a duplicate."""
    bodies: list[Body] = []
    problems: list[Problem] = []
    seen_kpis: dict[str, Where] = {}
    for path in paths:
        body, body_problems = load_body(workspace, path, methodology, seen_kpis)
        problems += body_problems
        if body is not None:
            bodies.append(body)
    return bodies, problems


def kpi_in_body(data: Any, path: PathKey) -> str:
    """The id of the KPI a path in a body file points into ("" outside any KPI)."""
    if len(path) < 4 or path[0] != "directions" or path[2] != "kpis":
        return ""
    try:
        kpi = data["directions"][path[1]]["kpis"][path[3]]
    except (KeyError, IndexError, TypeError):
        return ""
    if isinstance(kpi, dict) and isinstance(kpi.get("id"), str):
        return str(kpi["id"])
    return f"№{path[3] + 1}"


def load_body(
    workspace: Workspace, path: Path, methodology: Methodology | None, seen_kpis: dict[str, Where]
) -> tuple[Body | None, list[Problem]]:
    """One body's file: its schema, then ids, variants, units and weights."""
    doc, problems = read_document(workspace, path, "body", kpi_in_body)
    if doc is None:
        return None, problems
    data = doc.data
    problems += run_checks(RULES_BODY, BodyEntry(doc, path.stem))
    directions = []
    for d_index, d_spec in enumerate(data["directions"]):
        d_path: PathKey = ("directions", d_index)
        kpis = []
        for k_index, k_spec in enumerate(d_spec["kpis"]):
            k_path: PathKey = (*d_path, "kpis", k_index)
            unique = _unique(doc, (*k_path, "id"), seen_kpis, "duplicate-kpi", problems, k_spec["id"])
            if unique and methodology is not None:
                problems += run_checks(RULES_KPI, KpiEntry(doc, k_path, k_spec, methodology))
            variant = methodology.variants.get(k_spec["variant"]) if methodology is not None else None
            kpis.append(
                Kpi(
                    id=k_spec["id"],
                    no=k_index + 1,
                    name=k_spec["name"],
                    variant=k_spec["variant"],
                    weight=Decimal(k_spec["weight"]),
                    target=None if k_spec["target"] == "-" else Decimal(k_spec["target"]),
                    unit=k_spec["unit"],
                    body=data["id"],
                    direction=d_spec["id"],
                    where=doc.where(k_path),
                    name_kk=k_spec.get("name_kk"),
                    unit_kk=variant.unit_kk if variant is not None and variant.unit == k_spec["unit"] else None,
                )
            )
        if methodology is not None:
            entry = DirectionEntry(doc, d_path, d_spec, tuple(kpis), methodology.weights_total)
            problems += run_checks(RULES_DIRECTION, entry)
        directions.append(Direction(d_spec["id"], d_spec["name"], tuple(kpis), d_spec.get("name_kk")))
    body = Body(
        data["id"],
        data["short"],
        data["name"],
        tuple(directions),
        doc.file,
        doc.where(("short",)),
        short_kk=data.get("short_kk"),
        name_kk=data.get("name_kk"),
    )
    return (None if problems else body), problems


def _unique(
    doc: YamlDocument,
    path: PathKey,
    seen: dict[str, Where],
    code: str,
    problems: list[Problem],
    kpi: str = "",
) -> bool:
    value = doc.data
    for key in path:
        value = value[key]
    here = doc.where(path)
    if value in seen:
        first = seen[value]
        problems.append(Problem(here, code, kpi, {"id": value, "first": str(first)}))
        return False
    seen[value] = here
    return True
