"""The engine's front door: name a quarter (optionally `QUARTER@RULES`), get it scored."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from engine import readcache
from engine.checks import CommandChecks
from engine.checks.quarter import seal_check
from engine.errors import AmbiguousKpi, ProblemsFound, UnknownName
from engine.evaluate import QuarterResult, score_quarter
from engine.model import Body, Kpi, Quarter, RulesVersion
from engine.plausibility import warnings
from engine.problems import Problem
from engine.quarter import load_quarter
from engine.quarterheader import QuarterHeader, load_header
from engine.rules import load_rules
from engine.suggest import did_you_mean
from engine.workspace import PUBLISHED, Workspace


@dataclass(frozen=True)
class QuarterSpec:
    """`2024Q1` or `2024Q1@2024-draft`: a quarter and, optionally, the rules to apply."""

    quarter: str
    rules: str | None = None

    @classmethod
    def parse(cls, text: str) -> QuarterSpec:
        quarter, _, rules = text.partition("@")
        return cls(quarter.strip(), rules.strip() or None)

    def __str__(self) -> str:
        return f"{self.quarter}@{self.rules}" if self.rules else self.quarter


def rules_version(workspace: Workspace, version: str) -> RulesVersion:
    """Load a rules version or raise ProblemsFound with everything wrong in it. A version read
    and checked before, whose files have not changed since, is taken from engine.readcache."""
    folder = workspace.rules_dir(version)
    read, texts = workspace.read_folder(folder)  # a refused file is part of the state
    contents = readcache.digest(texts)

    def load() -> tuple[RulesVersion | None, list[Problem]]:
        loaded, found = load_rules(read, folder.name)
        return (dataclasses.replace(loaded, contents=contents) if loaded else None), found

    rules, problems = readcache.remembered(RulesVersion, load, "rules", folder.name, contents)
    if rules is None:
        raise ProblemsFound(problems)
    return rules


def quarter_header(workspace: Workspace, quarter: str) -> QuarterHeader:
    header, problems = load_header(workspace, quarter)
    if header is None:
        raise ProblemsFound(problems)
    return header


def score(
    workspace: Workspace, spec: QuarterSpec | str, published: bool = True, checks: CommandChecks | None = None
) -> QuarterResult:
    """Score a quarter under its own rules version, or under the one `spec` names.

    Raises UnknownName for a quarter or rules version that does not exist and ProblemsFound
    when any file involved has problems. published=False: the quarter's published.yaml (the
    report's own figures, for `kpi check`) is not read. `checks`: the command's (engine.checks),
    which the quarter's seal check says its warnings through or refuses by."""
    spec = QuarterSpec.parse(spec) if isinstance(spec, str) else spec
    # the quarter's files read once: the header, the data and the key they are kept under
    # (engine.readcache) all come from the same texts
    workspace, _ = workspace.read_folder(workspace.quarter_dir(spec.quarter))
    header = quarter_header(workspace, spec.quarter)
    seal_check(workspace, header, checks)  # files as the official quarters sealed them, or said first
    version = header.rules
    if spec.rules is not None:
        version = workspace.rules_dir(spec.rules).name
    return _scored(workspace, header, version, published)


def _scored(workspace: Workspace, header: QuarterHeader, version: str, published: bool) -> QuarterResult:
    """score() once the quarter's files are read and its header checked."""
    rules = rules_version(workspace, version)
    strict = version == header.rules
    problems: list[Problem] = []
    if not strict:
        # the quarter must be sound under its own rules before it is read under others
        _, problems = _load_quarter(workspace, header, rules_version(workspace, header.rules), True, published)
    quarter, quarter_problems = _load_quarter(workspace, header, rules, strict, published)
    problems += quarter_problems
    if quarter is None or problems:
        raise ProblemsFound(problems)
    result = score_quarter(rules, quarter)
    if result.problems:
        raise ProblemsFound(list(result.problems))
    return dataclasses.replace(result, warnings=tuple(warnings(workspace, rules, quarter)))


def _load_quarter(
    workspace: Workspace, header: QuarterHeader, rules: RulesVersion, strict: bool, published: bool
) -> tuple[Quarter | None, list[Problem]]:
    """load_quarter (its files as `workspace` read them), and what it gave kept between runs
    (engine.readcache)."""
    texts = {
        path: workspace.read_text(path)
        for path in workspace.yaml_files(header.folder)
        if published or path.name != PUBLISHED
    }

    def load() -> tuple[Quarter | None, list[Problem]]:
        return load_quarter(workspace, header, rules, strict=strict, published=published)

    if not rules.contents:  # rules not read by rules_version: nothing to key them by
        return load()
    parts = (header.id, rules.id, rules.contents, readcache.digest(texts), f"strict={strict}", f"published={published}")
    return readcache.remembered(Quarter, load, "quarter", *parts)


def find_body(rules: RulesVersion, name: str) -> Body:
    """A body by id (mvd) or short name (МВД, мвд, «МВД РК»); UnknownName otherwise."""
    wanted = name.strip().casefold().removesuffix(" рк")
    for body in rules.bodies:
        if wanted in (body.id.casefold(), body.short.casefold()):
            return body
    labels = {b.id: f"{b.short} ({b.id})" for b in rules.bodies}
    names = {**{b.short: b.id for b in rules.bodies}, **{b.id: b.id for b in rules.bodies}}
    close = did_you_mean(name.strip().removesuffix(" РК"), names)
    raise UnknownName("body", name, list(labels.values()), labels[names[close]] if close else "")


def find_kpi(body: Body, name: str) -> Kpi:
    """A KPI of a body by id (mvd-05) or by its number in the report (5, №5); a number that
    several directions of the body use is AmbiguousKpi, a name that matches nothing UnknownName."""
    wanted = name.strip().casefold().lstrip("№#")
    for kpi in body.kpis:
        if wanted == kpi.id.casefold():
            return kpi
    # ASCII digits only: "٥" is not 5 to a reader of the report, though Python's int() says so
    numbered = [k for k in body.kpis if re.fullmatch("[0-9]{1,4}", wanted) and k.no == int(wanted)]
    if len(numbered) == 1:
        return numbered[0]
    if numbered:  # МПС numbers the KPIs of each of its three directions from 1
        directions = {direction.id: direction.name for direction in body.directions}
        raise AmbiguousKpi(
            body.short, int(wanted), [(k.id, directions.get(k.direction, k.direction)) for k in numbered]
        )
    raise UnknownName("kpi", name, [k.id for k in body.kpis])
