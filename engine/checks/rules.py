"""The checks of a rules version: of a body file, of each KPI and each direction in it as it is
read, of the version's bodies together, of its Kazakh names, and of its files against the seals
of the official quarters scored with it. engine.rules runs the first four stages while it reads
a version; `kpi rules validate` and `kpi quarter publish` run the others."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.checks import ERROR, WARNING, Check, Stage
from engine.method import Methodology, Variant
from engine.model import Body, Kpi, RulesVersion, kazakh_names
from engine.numbers import plain
from engine.portable import device_name
from engine.problems import Problem, Where
from engine.suggest import did_you_mean
from engine.workspace import Workspace
from engine.yamlfile import PathKey, YamlDocument


@dataclass(frozen=True)
class BodyEntry:
    """A body file of a rules version as read (`doc`), and its file's name without `.yaml`."""

    doc: YamlDocument
    stem: str


def _id_matches_file(entry: BodyEntry) -> list[Problem]:
    """The body's id is its file's name (mvd.yaml holds the body mvd)."""
    body_id = entry.doc.data["id"]
    if body_id == entry.stem:
        return []
    return [Problem(entry.doc.where(("id",)), "body-id-mismatch", args={"id": body_id, "stem": entry.stem})]


def _portable_id(entry: BodyEntry) -> list[Problem]:
    """An id Windows takes for a device (aux): its file, <id>.yaml, could not exist there."""
    body_id = entry.doc.data["id"]
    if not device_name(body_id):
        return []
    return [Problem(entry.doc.where(("id",)), "portable-device-id", args={"id": body_id})]


def _unique_directions(entry: BodyEntry) -> list[Problem]:
    """No direction id given twice in the file (each repeat named with the first one's place)."""
    problems = []
    seen: dict[str, Where] = {}
    for index, direction in enumerate(entry.doc.data["directions"]):
        here = entry.doc.where(("directions", index, "id"))
        if direction["id"] in seen:
            args = {"id": direction["id"], "first": str(seen[direction["id"]])}
            problems.append(Problem(here, "duplicate-direction", args=args))
        else:
            seen[direction["id"]] = here
    return problems


RULES_BODY: Stage[BodyEntry] = Stage(
    "rules_body",
    (
        Check("id_matches_file", ("body-id-mismatch",), ERROR, _id_matches_file),
        Check("portable_id", ("portable-device-id",), ERROR, _portable_id),
        Check("unique_directions", ("duplicate-direction",), ERROR, _unique_directions),
    ),
)


@dataclass(frozen=True)
class KpiEntry:
    """One KPI of a body file as written (`spec`, at `path` in `doc`), under its methodology."""

    doc: YamlDocument
    path: PathKey
    spec: dict[str, Any]
    methodology: Methodology


def _unknown_variant(entry: KpiEntry) -> list[Problem]:
    """A variant the methodology does not define (one it refuses is said by the methodology)."""
    name = entry.spec["variant"]
    if name in entry.methodology.variants or name in entry.methodology.refused_variants:
        return []
    known = list(entry.methodology.variants)
    args = {"name": name, "known": ", ".join(known), "suggestion": did_you_mean(name, known) or ""}
    return [Problem(entry.doc.where((*entry.path, "variant")), "unknown-variant", entry.spec["id"], args)]


def _variant(entry: KpiEntry) -> Variant | None:
    """The KPI's variant; None for one the methodology does not define or refuses."""
    if entry.spec["variant"] in entry.methodology.refused_variants:
        return None
    return entry.methodology.variants.get(entry.spec["variant"])


def _unit_mismatch(entry: KpiEntry) -> list[Problem]:
    """A unit other than its variant's."""
    variant = _variant(entry)
    if variant is None or variant.unit == entry.spec["unit"]:
        return []
    args = {"unit": entry.spec["unit"], "variant": variant.id, "expected": variant.unit}
    return [Problem(entry.doc.where((*entry.path, "unit")), "unit-mismatch", entry.spec["id"], args)]


def _target_percent_over_100(entry: KpiEntry) -> list[Problem]:
    """A target above 100 for a KPI in per cent."""
    variant = _variant(entry)
    if variant is None or variant.unit != entry.spec["unit"] or variant.unit != "%":
        return []
    target = entry.spec.get("target")
    numeric = isinstance(target, int | float | Decimal) and not isinstance(target, bool)
    if not numeric or Decimal(str(target)) <= 100:
        return []
    where = entry.doc.where((*entry.path, "target"))
    return [Problem(where, "target-percent-over-100", entry.spec["id"], {"target": str(target)})]


RULES_KPI: Stage[KpiEntry] = Stage(
    "rules_kpi",
    (
        Check("unknown_variant", ("unknown-variant",), ERROR, _unknown_variant),
        Check("unit_mismatch", ("unit-mismatch",), ERROR, _unit_mismatch),
        Check("target_percent_over_100", ("target-percent-over-100",), ERROR, _target_percent_over_100),
    ),
)


@dataclass(frozen=True)
class DirectionEntry:
    """One direction of a body file as written, its KPIs as read, and the total its weights
    must make (the methodology's weights_total)."""

    doc: YamlDocument
    path: PathKey
    spec: dict[str, Any]
    kpis: tuple[Kpi, ...]
    expected: Decimal


def _weights_total(entry: DirectionEntry) -> list[Problem]:
    """The weights of a direction's KPIs add up to the methodology's total."""
    total = sum((k.weight for k in entry.kpis), Decimal(0))
    if total == entry.expected:
        return []
    args = {
        "direction": entry.spec["name"],
        "total": plain(total),
        "expected": plain(entry.expected),
        "terms": " + ".join(plain(k.weight) for k in entry.kpis),
    }
    return [Problem(entry.doc.where((*entry.path, "id")), "weights-total", args=args)]


RULES_DIRECTION: Stage[DirectionEntry] = Stage(
    "rules_direction", (Check("weights_total", ("weights-total",), ERROR, _weights_total),)
)


@dataclass(frozen=True)
class BodiesRead:
    """The bodies of a version as read, its methodology (None when it could not be read), and
    whether any body file had problems (then the order of bodies is not checked)."""

    methodology: Methodology | None
    bodies: tuple[Body, ...]
    body_problems: bool


def _unique_short_names(read: BodiesRead) -> list[Problem]:
    """Short names tell bodies apart in every table: in Russian, and in Kazakh as a Kazakh
    document shows them (short_kk, or the Russian one where it is missing)."""
    problems = []
    for code, short_of in (("duplicate-short", _short), ("duplicate-short-kk", _short_kk)):
        seen: dict[str, Body] = {}
        for body in read.bodies:
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


def _order(read: BodiesRead) -> list[Problem]:
    """The report's order of bodies names each body of the version once: no unknown id, no
    repeat, none left out."""
    methodology = read.methodology
    if methodology is None or read.body_problems or not methodology.order:
        return []
    known = [body.id for body in read.bodies]
    problems = []
    seen: set[str] = set()
    for body_id, where in zip(methodology.order, methodology.order_where, strict=False):
        if body_id in seen:
            problems.append(Problem(where, "order-repeated-body", args={"id": body_id}))
        seen.add(body_id)
        if body_id not in known:
            args = {"id": body_id, "known": ", ".join(known), "suggestion": did_you_mean(body_id, known) or ""}
            problems.append(Problem(where, "order-unknown-body", args=args))
    missing = [body for body in read.bodies if body.id not in methodology.order]
    if missing:
        where = methodology.order_where[-1] if methodology.order_where else Where(methodology.file)
        names = ", ".join(f"{body.id} ({body.short})" for body in missing)
        problems.append(Problem(where, "order-missing-body", args={"bodies": names}))
    return problems


RULES_VERSION: Stage[BodiesRead] = Stage(
    "rules_version",
    (
        Check("unique_short_names", ("duplicate-short", "duplicate-short-kk"), ERROR, _unique_short_names),
        Check("order_of_bodies", ("order-repeated-body", "order-unknown-body", "order-missing-body"), ERROR, _order),
    ),
)


@dataclass(frozen=True)
class NamesRead:
    """A valid rules version, the folder to name in a warning, and whether --strict was given."""

    rules: RulesVersion
    folder: str
    strict: bool = False


def _kazakh_names(read: NamesRead) -> list[Problem]:
    """The names a reader sees that the rules give in Russian only (a Kazakh document shows
    those in Russian): one warning for the version, `folder`, with the count per body; with
    `strict`, one problem per body, with the count of each kind, at the body's file."""
    per_body = []
    for body in read.rules.bodies:
        names = kazakh_names(body)
        missing = [what for what, _, kk in names if not kk]
        if missing:
            per_body.append((body, missing, names))
    if not per_body:
        return []
    if not read.strict:
        counts = ", ".join(f"{body.short} {len(missing)}/{len(names)}" for body, missing, names in per_body)
        total = sum(len(missing) for _, missing, _ in per_body)
        args = {"version": read.rules.id, "missing": total, "counts": counts}
        return [Problem(Where(read.folder, 1, 1), "kazakh-names-missing", args=args, severity=WARNING)]
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


RULES_NAMES: Stage[NamesRead] = Stage(
    "rules_names",
    (Check("kazakh_names", ("kazakh-names-missing", "kazakh-names-missing-body"), WARNING, _kazakh_names),),
)


@dataclass(frozen=True)
class Protected:
    """A rules version of a workspace; `current`: its fingerprint, when the caller has it
    already (engine.rulesversions.fingerprint); `skip`: a quarter whose seal is not compared
    (the one being published, whose seal publishing writes)."""

    workspace: Workspace
    version: str
    current: dict[str, str] | None = None
    skip: str | None = None


def _protection(subject: Protected) -> list[Problem]:
    """Every file of the version that differs from what an official quarter scored with it
    sealed; an official quarter of the version without its seal."""
    from engine.quarterheader import load_header
    from engine.rulesversions import fingerprint

    workspace, version, current = subject.workspace, subject.version, subject.current
    problems: list[Problem] = []
    for quarter in workspace.quarters():
        if quarter == subject.skip:
            continue
        header, _ = load_header(workspace, quarter)
        if header is None:
            problems += _unreadable_seal(workspace, quarter, version)
            continue
        if header.rules != version or header.status != "official":
            continue
        if not header.rules_files:  # an official quarter whose seal was deleted protects nothing
            args = {"quarter": quarter}
            problems.append(
                Problem(Where(workspace.display(header.folder / "quarter.yaml")), "seal-missing", args=args)
            )
            continue
        if current is None:
            current, _ = fingerprint(workspace, version)
        for name in sorted(set(header.rules_files) | set(current)):
            recorded, now = header.rules_files.get(name), current.get(name)
            if recorded == now:
                continue
            code = "rules-protected-changed" if recorded and now else "rules-protected-added"
            if now is None:
                code = "rules-protected-removed"
            display = workspace.display(workspace.rules_root / version / name)
            problems.append(
                Problem(Where(display), code, args={"version": version, "quarter": quarter, "file": display})
            )
    return problems


def _unreadable_seal(workspace: Workspace, quarter: str, version: str) -> list[Problem]:
    """A quarter.yaml that keeps a fingerprint but cannot be read (a digit of a checksum
    changed by hand): the protection it gives must not lapse in silence."""
    path = workspace.quarters_root / quarter / "quarter.yaml"
    text, _ = workspace.read_text(path)
    if text is None or not re.search(r"^rules_files\s*:", text, re.M):
        return []
    display = workspace.display(path)
    return [Problem(Where(display), "rules-protection-unreadable", args={"quarter": quarter, "version": version})]


PROTECTED_CODES = (
    "rules-protected-changed",
    "rules-protected-added",
    "rules-protected-removed",
    "seal-missing",
    "rules-protection-unreadable",
)
RULES_PROTECTION: Stage[Protected] = Stage(
    "rules_protection", (Check("rules_protection", PROTECTED_CODES, ERROR, _protection),)
)
