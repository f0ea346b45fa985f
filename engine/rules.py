"""A rules version: rules/<version>/methodology.yaml and one file per government body."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.documents import read_document
from engine.methodology import check_examples, load_methodology
from engine.model import Body, Direction, Kpi, Methodology, RulesVersion, kazakh_names
from engine.numbers import plain
from engine.portable import device_name, entry_problems, folder_problems
from engine.problems import Problem, Where, capped
from engine.suggest import did_you_mean
from engine.workspace import METHODOLOGY, Workspace
from engine.yamlfile import PathKey, YamlDocument


def load_rules(workspace: Workspace, version: str) -> tuple[RulesVersion | None, list[Problem]]:
    """Load and check one rules version. The version is returned only when nothing is wrong;
    the problems are all of them, sorted, across every file of the version."""
    folder = workspace.rules_dir(version)
    methodology, problems = load_methodology(workspace, folder / METHODOLOGY)
    # a version Windows cannot check out: its folder's name, and every file in it
    problems += entry_problems(workspace.rules_root, folder.name, workspace.display(workspace.rules_root))
    problems += folder_problems(folder, workspace.display(folder))
    if methodology is not None and not problems:
        problems += check_examples(methodology)
    paths = [path for path in workspace.yaml_files(folder) if path.name != METHODOLOGY]
    bodies, body_problems = _load_bodies(workspace, paths, methodology)
    problems += body_problems
    problems += _unique_short_names(bodies)
    if methodology is not None and not body_problems:
        problems += _order_problems(methodology, bodies)
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
    if data["id"] != path.stem:
        problems.append(Problem(doc.where(("id",)), "body-id-mismatch", args={"id": data["id"], "stem": path.stem}))
    if device_name(data["id"]):  # its file, <id>.yaml, could not exist on Windows
        problems.append(Problem(doc.where(("id",)), "portable-device-id", args={"id": data["id"]}))
    directions = []
    direction_ids: dict[str, Where] = {}
    for d_index, d_spec in enumerate(data["directions"]):
        d_path: PathKey = ("directions", d_index)
        _unique(doc, (*d_path, "id"), direction_ids, "duplicate-direction", problems)
        kpis = []
        for k_index, k_spec in enumerate(d_spec["kpis"]):
            k_path: PathKey = (*d_path, "kpis", k_index)
            if _unique(doc, (*k_path, "id"), seen_kpis, "duplicate-kpi", problems, k_spec["id"]):
                problems += _variant_problems(doc, k_path, k_spec, methodology)
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
            problems += _weights_problems(doc, d_path, d_spec, kpis, methodology.weights_total)
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


def _variant_problems(
    doc: YamlDocument, path: PathKey, spec: dict[str, Any], methodology: Methodology | None
) -> list[Problem]:
    if methodology is None:
        return []
    variant = methodology.variants.get(spec["variant"])
    kpi = spec["id"]
    if spec["variant"] in methodology.refused_variants:
        return []
    if variant is None:
        known = list(methodology.variants)
        return [
            Problem(
                doc.where((*path, "variant")),
                "unknown-variant",
                kpi,
                {
                    "name": spec["variant"],
                    "known": ", ".join(known),
                    "suggestion": did_you_mean(spec["variant"], known) or "",
                },
            )
        ]
    if variant.unit != spec["unit"]:
        return [
            Problem(
                doc.where((*path, "unit")),
                "unit-mismatch",
                kpi,
                {"unit": spec["unit"], "variant": variant.id, "expected": variant.unit},
            )
        ]
    target = spec.get("target")
    numeric = isinstance(target, int | float | Decimal) and not isinstance(target, bool)
    if variant.unit == "%" and numeric and Decimal(str(target)) > 100:
        return [Problem(doc.where((*path, "target")), "target-percent-over-100", kpi, {"target": str(target)})]
    return []


def _weights_problems(
    doc: YamlDocument, path: PathKey, spec: dict[str, Any], kpis: list[Kpi], expected: Decimal
) -> list[Problem]:
    total = sum((k.weight for k in kpis), Decimal(0))
    if total == expected:
        return []
    return [
        Problem(
            doc.where((*path, "id")),
            "weights-total",
            args={
                "direction": spec["name"],
                "total": plain(total),
                "expected": plain(expected),
                "terms": " + ".join(plain(k.weight) for k in kpis),
            },
        )
    ]


def _unique_short_names(bodies: list[Body]) -> list[Problem]:
    """Short names tell bodies apart in every table: in Russian, and in Kazakh as a Kazakh
    document shows them (short_kk, or the Russian one where it is missing)."""
    problems = []
    for code, short_of in (("duplicate-short", _short), ("duplicate-short-kk", _short_kk)):
        seen: dict[str, Body] = {}
        for body in bodies:
            key = short_of(body).casefold()
            if key in seen:
                args = {"short": short_of(body), "other": seen[key].file}
                problems.append(Problem(body.where, code, args=args))
            else:
                seen[key] = body
    if any(p.code == "duplicate-short" for p in problems):  # the same names said twice
        problems = [p for p in problems if p.code == "duplicate-short"]
    return problems


def _short(body: Body) -> str:
    return body.short


def _short_kk(body: Body) -> str:
    return body.short_kk or body.short


def kazakh_warnings(rules: RulesVersion, folder: str, strict: bool = False) -> list[Problem]:
    """The names a reader sees that the rules give in Russian only (a Kazakh document shows
    those in Russian): one warning for the version, `folder`, with the count per body; with
    `strict`, one problem per body, with the count of each kind, at the body's file."""
    per_body = []
    for body in rules.bodies:
        names = kazakh_names(body)
        missing = [what for what, _, kk in names if not kk]
        if missing:
            per_body.append((body, missing, names))
    if not per_body:
        return []
    if not strict:
        counts = ", ".join(f"{body.short} {len(missing)}/{len(names)}" for body, missing, names in per_body)
        total = sum(len(missing) for _, missing, _ in per_body)
        args = {"version": rules.id, "missing": total, "counts": counts}
        return [Problem(Where(folder, 1, 1), "kazakh-names-missing", args=args, severity="warning")]
    problems = []
    for body, missing, names in per_body:
        args = {
            "short": body.short,
            "missing": len(missing),
            "total": len(names),
            "body": missing.count("body") + missing.count("short"),
            "directions": missing.count("direction"),
            "kpis": missing.count("kpi"),
            "units": missing.count("unit"),
        }
        problems.append(Problem(Where(body.file, 1, 1), "kazakh-names-missing-body", args=args))
    return problems


def _order_problems(methodology: Methodology, bodies: list[Body]) -> list[Problem]:
    """The report's order of bodies names each body of the version once: no unknown id, no
    repeat, none left out."""
    if not methodology.order:
        return []
    known = [body.id for body in bodies]
    problems = []
    seen: set[str] = set()
    for body_id, where in zip(methodology.order, methodology.order_where, strict=False):
        if body_id in seen:
            problems.append(Problem(where, "order-repeated-body", args={"id": body_id}))
        seen.add(body_id)
        if body_id not in known:
            args = {"id": body_id, "known": ", ".join(known), "suggestion": did_you_mean(body_id, known) or ""}
            problems.append(Problem(where, "order-unknown-body", args=args))
    missing = [body for body in bodies if body.id not in methodology.order]
    if missing:
        where = methodology.order_where[-1] if methodology.order_where else Where(methodology.file)
        names = ", ".join(f"{body.id} ({body.short})" for body in missing)
        problems.append(Problem(where, "order-missing-body", args={"bodies": names}))
    return problems
