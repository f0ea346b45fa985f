"""A reporting quarter: quarter.yaml, one data file per body, and optionally published.yaml."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.checks import run_checks
from engine.checks.quarter import PUBLISHED as PUBLISHED_FIGURES
from engine.checks.quarter import (
    QUARTER_BODIES,
    QUARTER_FILES,
    QUARTER_VALUES,
    BodiesGiven,
    BodyData,
    PublishedFile,
    ValuesEntry,
)
from engine.documents import read_document
from engine.methodology import quantity_at
from engine.model import BodyInput, Kpi, KpiInput, PublishedBody, PublishedKpi, Quarter, RulesVersion
from engine.numbers import Quantity
from engine.problems import Problem, capped
from engine.quarterheader import QuarterHeader
from engine.workspace import PUBLISHED, QUARTER, Workspace
from engine.yamlfile import PathKey, YamlDocument


def load_quarter(
    workspace: Workspace, header: QuarterHeader, rules: RulesVersion, strict: bool = True, published: bool = True
) -> tuple[Quarter | None, list[Problem]]:
    """The quarter's data checked against a rules version.

    strict (the quarter's own rules): every KPI of the rules must have data and every value
    must belong to a KPI of the rules. Not strict (scoring under another version, for
    comparison): KPIs and bodies the other version lacks are skipped and missing KPIs score
    as absent. published=False: published.yaml is not read (the quarter has no published figures).
    """
    problems: list[Problem] = []
    bodies: dict[str, BodyInput] = {}
    for path in workspace.yaml_files(header.folder):
        if path.name in (QUARTER, PUBLISHED):
            continue
        body, body_problems = _load_body_data(workspace, path, rules, strict)
        problems += body_problems
        if body is not None:
            bodies[body.body] = body
    if strict:
        files_with_problems = frozenset(problem.where.file for problem in problems)
        given = BodiesGiven(workspace, header.folder, rules, frozenset(bodies), files_with_problems)
        problems += run_checks(QUARTER_BODIES, given)
    figures = None
    if published and os.path.lexists(header.folder / PUBLISHED):
        figures, published_problems = _load_published(workspace, header.folder / PUBLISHED, rules)
        problems += published_problems if strict else []
    if problems:
        return None, capped(problems)
    quarter = Quarter(header.id, rules.id, header.status, header.source, header.note, bodies, figures, header.file)
    return quarter, []


def kpi_in_data(data: Any, path: PathKey) -> str:
    return str(path[1]) if len(path) >= 2 and path[0] == "kpis" else ""


def _load_body_data(
    workspace: Workspace, path: Path, rules: RulesVersion, strict: bool
) -> tuple[BodyInput | None, list[Problem]]:
    doc, problems = read_document(workspace, path, "quarter-body", kpi_in_data)
    if doc is None:
        return None, problems
    data = doc.data
    problems += run_checks(QUARTER_FILES, BodyData(doc, path.stem, rules, strict))
    body = rules.body(data["body"])
    if body is None:  # unknown (said above), or lacking in another rules version: skipped
        return None, problems
    kpis: dict[str, KpiInput] = {}
    known_kpis = {k.id: k for k in body.kpis}
    for kpi_id in data["kpis"]:
        kpi = known_kpis.get(kpi_id)
        if kpi is None:  # another body's, or none (said above when strict; skipped else)
            continue
        given = _kpi_input(doc, kpi, rules, problems)
        if given is not None:
            kpis[kpi_id] = given
    problems = _empty_values_summed(problems, path.parent.name)
    contact = data.get("contact")
    person_phone = None
    if isinstance(contact, dict) and (contact.get("person") or contact.get("phone")):
        person_phone = (str(contact.get("person") or ""), str(contact.get("phone") or ""))
    return BodyInput(body.id, kpis, doc.file, person_phone), problems


EMPTY_LISTED = 3  # more empty values than this in one file are one problem, not a line each


def _empty_values_summed(problems: list[Problem], quarter: str) -> list[Problem]:
    """A file still being filled in (a new quarter, a form not yet returned) gives one line
    that says how many values are empty and where the first is, not a line per value."""
    empty = [p for p in problems if p.code == "number-empty"]
    if len(empty) <= EMPTY_LISTED:
        return problems
    kpis = list(dict.fromkeys(p.kpi for p in empty))
    shown = ", ".join(kpis) if len(kpis) <= 4 else f"{kpis[0]}, {kpis[1]}, …, {kpis[-1]}"
    summed = Problem(empty[0].where, "values-empty", args={"count": len(empty), "kpis": shown, "quarter": quarter})
    return [p for p in problems if p.code != "number-empty"] + [summed]


def _kpi_input(doc: YamlDocument, kpi: Kpi, rules: RulesVersion, problems: list[Problem]) -> KpiInput | None:
    kpi_id = kpi.id
    spec = doc.data["kpis"][kpi_id]
    variant = rules.methodology.variants[kpi.variant]
    before = len(problems)
    a = quantity_at(doc, ("kpis", kpi_id, "a"), problems, kpi_id)
    b = quantity_at(doc, ("kpis", kpi_id, "b"), problems, kpi_id) if "b" in spec else None
    problems += run_checks(QUARTER_VALUES, ValuesEntry(doc, kpi_id, spec, variant, a, b))
    if len(problems) > before or a is None:
        return None
    return KpiInput(kpi_id, a, b, doc.where(("kpis", kpi_id)))


def _load_published(
    workspace: Workspace, path: Path, rules: RulesVersion
) -> tuple[dict[str, PublishedBody] | None, list[Problem]]:
    doc, problems = read_document(workspace, path, "published", _published_kpi)
    if doc is None:
        return None, problems
    problems += run_checks(PUBLISHED_FIGURES, PublishedFile(doc, rules))
    published: dict[str, PublishedBody] = {}
    for body_id, spec in doc.data["bodies"].items():
        base: PathKey = ("bodies", body_id)
        body = rules.body(body_id)
        if body is None:  # said by the stage
            continue
        kpis: dict[str, PublishedKpi] = {}
        known_kpis = [k.id for k in body.kpis]
        for kpi_id, figures in spec["kpis"].items():
            k_path: PathKey = (*base, "kpis", kpi_id)
            if kpi_id not in known_kpis:
                continue
            share = quantity_at(doc, (*k_path, "share"), problems, kpi_id) if "share" in figures else None
            assigned = quantity_at(doc, (*k_path, "assigned"), problems, kpi_id)
            kpis[kpi_id] = PublishedKpi(share, assigned, doc.where(k_path))
        directions: dict[str, Quantity] = {}
        known_directions = [d.id for d in body.directions]
        for direction_id in spec.get("directions", {}):
            d_path: PathKey = (*base, "directions", direction_id)
            if direction_id not in known_directions:
                continue
            total = quantity_at(doc, d_path, problems)
            if total is not None:
                directions[direction_id] = total
        score = quantity_at(doc, (*base, "score"), problems)
        if score is not None:
            published[body_id] = PublishedBody(score, spec["rank"], directions, kpis, doc.where(base))
    return (None if problems else published), problems


def _published_kpi(data: Any, path: PathKey) -> str:
    return str(path[3]) if len(path) >= 4 and path[0] == "bodies" and path[2] == "kpis" else ""


@dataclass(frozen=True)
class Entered:
    """A quarter's body files as entered: per body its file and its a and b ("" where not
    given), and the files that do not read (each reported where it is used)."""

    files: dict[str, Path]
    values: dict[str, dict[str, tuple[str, str]]]
    unreadable: tuple[Path, ...]


def entered(workspace: Workspace, quarter_id: str) -> Entered:
    """The body files of a quarter read without its rules."""
    files: dict[str, Path] = {}
    values: dict[str, dict[str, tuple[str, str]]] = {}
    unreadable = []
    folder = workspace.quarter_dir(quarter_id)
    for path in workspace.yaml_files(folder):
        if path.name in (QUARTER, PUBLISHED):
            continue
        doc, problems = read_document(workspace, path, "quarter-body")
        if doc is None or problems:
            unreadable.append(path)
            continue
        files[doc.data["body"]] = path
        values[doc.data["body"]] = {
            str(kpi): (_text(doc, ("kpis", kpi, "a")), _text(doc, ("kpis", kpi, "b"))) for kpi in doc.data["kpis"]
        }
    return Entered(files, values, tuple(unreadable))


def entered_values(workspace: Workspace, quarter_id: str) -> dict[str, dict[str, tuple[str, str]]]:
    """a and b as entered in a quarter's body files ("" where not given); a file that does not
    read is left out (it is reported where it is used)."""
    return entered(workspace, quarter_id).values


def _text(doc: YamlDocument, path: PathKey) -> str:
    text = doc.text(path)
    return text.strip() if text is not None else ""
