"""The checks of a quarter: of a body file against its rules (QUARTER_FILES: the body, its KPIs),
of the quarter's body files together (QUARTER_BODIES: one per body), of published.yaml against
the rules (PUBLISHED) and of each KPI's values as a body file gives them (QUARTER_VALUES), all
run by engine.quarter as it reads the files; and of the quarter's files against the seals of
official quarters, which every command that reads a quarter runs (`seal_check`), and
`kpi quarter validate` too (`run_checks(SEAL, …)`).

An official quarter's own rules and data files are compared with its seal (engine.seal): a
terminal command warns, a command that makes a document is refused, validate fails. Any other
quarter's rules are compared with the seals of the official quarters scored with the same
version: an edit of official rules is said (a warning) wherever those rules are read."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine.checks import ERROR, WARNING, Check, CommandChecks, Stage, run_checks
from engine.checks.rules import PROTECTED_CODES, RULES_PROTECTION, Protected
from engine.errors import ProblemsFound
from engine.method import Variant
from engine.model import Body, RulesVersion
from engine.numbers import Quantity
from engine.problems import Problem, Where
from engine.suggest import did_you_mean
from engine.workspace import Workspace
from engine.yamlfile import YamlDocument

if TYPE_CHECKING:  # engine.quarter reads YAML: loaded only by a command that reads a quarter
    from engine.quarterheader import QuarterHeader


@dataclass(frozen=True)
class BodyData:
    """A body file of a quarter as read (`doc`, its file's name without `.yaml`: `stem`), the
    rules it is read under, and whether they are the quarter's own (`strict`: every KPI of the
    rules must have data, every value must belong to a KPI of them; else what the other
    version lacks is skipped, for comparison)."""

    doc: YamlDocument
    stem: str
    rules: RulesVersion
    strict: bool = True

    @property
    def body(self) -> Body | None:
        return self.rules.body(self.doc.data["body"])


def _known_body(data: BodyData) -> list[Problem]:
    """The file names a body of the rules."""
    if not data.strict or data.body is not None:
        return []
    name = data.doc.data["body"]
    known = [b.id for b in data.rules.bodies]
    args = {"name": name, "known": ", ".join(known), "suggestion": did_you_mean(name, known) or ""}
    return [Problem(data.doc.where(("body",)), "unknown-body", args=args)]


def _body_matches_file(data: BodyData) -> list[Problem]:
    """The body a file names is its file's name (mvd.yaml holds МВД's data)."""
    name = data.doc.data["body"]
    if data.body is None or name == data.stem:
        return []
    return [Problem(data.doc.where(("body",)), "body-id-mismatch", args={"id": name, "stem": data.stem})]


def _known_kpis(data: BodyData) -> list[Problem]:
    """Each KPI given is one of the body's."""
    body = data.body
    if not data.strict or body is None:
        return []
    known = {k.id for k in body.kpis}
    return [
        unknown_kpi(data.doc.key_where(("kpis", kpi)), str(kpi), body, data.rules)
        for kpi in data.doc.data["kpis"]
        if kpi not in known
    ]


def _kpis_present(data: BodyData) -> list[Problem]:
    """Each KPI of the body is given."""
    body = data.body
    if not data.strict or body is None:
        return []
    given = data.doc.data["kpis"]
    where = data.doc.key_where(("kpis",))
    return [
        Problem(where, "kpi-data-missing", kpi.id, {"name": kpi.name, "no": kpi.no})
        for kpi in body.kpis
        if kpi.id not in given
    ]


def unknown_kpi(where: Where, kpi_id: str, body: Body, rules: RulesVersion, published: bool = False) -> Problem:
    """A KPI id that is not one of `body`'s: the body it belongs to when it is another body's
    (and where its figures go: that body's file, or its part of published.yaml), else what
    this body has."""
    found = rules.kpi(kpi_id)
    owner = rules.body(found.body) if found is not None and found.body != body.id else None
    if owner is not None:
        code = "kpi-of-other-body-published" if published else "kpi-of-other-body"
        return Problem(where, code, kpi_id, {"owner": owner.short, "body": body.short, "id": owner.id})
    known = [k.id for k in body.kpis]
    args = {
        "name": kpi_id,
        "body": body.short,
        "known": ", ".join(known),
        "suggestion": did_you_mean(kpi_id, known) or "",
    }
    return Problem(where, "unknown-kpi", kpi_id, args)


QUARTER_FILES: Stage[BodyData] = Stage(
    "quarter_files",
    (
        Check("known_body", ("unknown-body",), ERROR, _known_body),
        Check("body_matches_file", ("body-id-mismatch",), ERROR, _body_matches_file),
        Check("known_kpis", ("unknown-kpi", "kpi-of-other-body"), ERROR, _known_kpis),
        Check("kpis_present", ("kpi-data-missing",), ERROR, _kpis_present),
    ),
)


@dataclass(frozen=True)
class BodiesGiven:
    """The bodies whose data files of a quarter were read, and the files that had problems
    (displayed as in messages), under the quarter's own rules."""

    workspace: Workspace
    folder: Path
    rules: RulesVersion
    bodies: frozenset[str]
    files_with_problems: frozenset[str]


def _body_files_present(given: BodiesGiven) -> list[Problem]:
    """A data file for each body of the rules (one that is there with problems says those)."""
    problems = []
    for body in given.rules.bodies:
        stem = f"/{body.id}.yaml"
        if body.id in given.bodies or any(file.endswith(stem) for file in given.files_with_problems):
            continue
        expected = given.workspace.display(given.folder / f"{body.id}.yaml")
        problems.append(Problem(Where(expected), "body-data-missing", args={"short": body.short, "file": expected}))
    return problems


QUARTER_BODIES: Stage[BodiesGiven] = Stage(
    "quarter_bodies", (Check("body_files_present", ("body-data-missing",), ERROR, _body_files_present),)
)


@dataclass(frozen=True)
class PublishedFile:
    """published.yaml of a quarter as read, under the quarter's rules."""

    doc: YamlDocument
    rules: RulesVersion


def _published_bodies(published: PublishedFile) -> list[Problem]:
    """Each body the published figures name is one of the rules."""
    known = [b.id for b in published.rules.bodies]
    return [
        Problem(
            published.doc.key_where(("bodies", body_id)),
            "unknown-body",
            args={"name": body_id, "known": ", ".join(known), "suggestion": did_you_mean(body_id, known) or ""},
        )
        for body_id in published.doc.data["bodies"]
        if published.rules.body(body_id) is None
    ]


def _published_kpis(published: PublishedFile) -> list[Problem]:
    """Each KPI of a body's published figures is one of that body's."""
    problems = []
    for body_id, spec in published.doc.data["bodies"].items():
        body = published.rules.body(body_id)
        if body is None:
            continue
        known = [k.id for k in body.kpis]
        for kpi_id in spec["kpis"]:
            if kpi_id not in known:
                where = published.doc.key_where(("bodies", body_id, "kpis", kpi_id))
                problems.append(unknown_kpi(where, str(kpi_id), body, published.rules, published=True))
    return problems


def _published_directions(published: PublishedFile) -> list[Problem]:
    """Each direction of a body's published figures is one of that body's."""
    problems = []
    for body_id, spec in published.doc.data["bodies"].items():
        body = published.rules.body(body_id)
        if body is None:
            continue
        known = [d.id for d in body.directions]
        for direction_id in spec.get("directions", {}):
            if direction_id in known:
                continue
            args = {
                "name": direction_id,
                "known": ", ".join(known),
                "suggestion": did_you_mean(str(direction_id), known) or "",
            }
            where = published.doc.key_where(("bodies", body_id, "directions", direction_id))
            problems.append(Problem(where, "unknown-direction", args=args))
    return problems


PUBLISHED: Stage[PublishedFile] = Stage(
    "published",
    (
        Check("published_bodies", ("unknown-body",), ERROR, _published_bodies),
        Check("published_kpis", ("unknown-kpi", "kpi-of-other-body-published"), ERROR, _published_kpis),
        Check("published_directions", ("unknown-direction",), ERROR, _published_directions),
    ),
)


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


def _as_first_published(subject: QuarterRead) -> list[Problem]:
    """In git: an official quarter's seal as committed when it was first published, unless an
    unpublishing on the record came after (engine.seal.reseal_problems)."""
    from engine.seal import reseal_problems

    return reseal_problems(subject.workspace, subject.header)


# `kpi check` only: it asks git for the quarter's history
RESEAL: Stage[QuarterRead] = Stage(
    "reseal", (Check("as_first_published", ("seal-resealed",), WARNING, _as_first_published),)
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
