"""The checks of quarter.yaml, a quarter's header, run by engine.quarterheader as it reads it
(a module apart: engine.checks.quarter checks what the header is read for)."""

from __future__ import annotations

from dataclasses import dataclass

from engine.checks import ERROR, Check, Stage
from engine.problems import Problem
from engine.suggest import did_you_mean
from engine.yamlfile import YamlDocument


@dataclass(frozen=True)
class HeaderFile:
    """quarter.yaml as read, its folder's name and the rules versions of the workspace."""

    doc: YamlDocument
    folder: str
    versions: tuple[str, ...]


def _period_is_folder(header: HeaderFile) -> list[Problem]:
    """The period the header names is its folder's name (quarters/2024Q1 holds 2024Q1)."""
    period = header.doc.data["period"]
    if period == header.folder:
        return []
    return [Problem(header.doc.where(("period",)), "period-mismatch", args={"period": period, "folder": header.folder})]


def _known_rules(header: HeaderFile) -> list[Problem]:
    """The rules version the quarter is scored with is one of the workspace."""
    rules = str(header.doc.data["rules"])
    if rules in header.versions:
        return []
    known = list(header.versions)
    args = {"name": rules, "known": ", ".join(known), "suggestion": did_you_mean(rules, known) or ""}
    return [Problem(header.doc.where(("rules",)), "unknown-rules-in-quarter", args=args)]


QUARTER_HEADER: Stage[HeaderFile] = Stage(
    "quarter_header",
    (
        Check("period_is_folder", ("period-mismatch",), ERROR, _period_is_folder),
        Check("known_rules", ("unknown-rules-in-quarter",), ERROR, _known_rules),
    ),
)
