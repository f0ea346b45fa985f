"""`kpi quarter new`: a quarter's folder, ready to be filled — quarter.yaml (status: draft) and
one data file per body with every KPI of the rules and empty values. Never over an existing
quarter; the folder appears whole or not at all (made aside, then renamed into place)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from engine.collect.bodyfile import body_file
from engine.errors import KpiError, UnknownName, UsageError
from engine.model import RulesVersion
from engine.workspace import Workspace
from engine.writing import platform_text, write_files

PERIOD = re.compile(r"[0-9]{4}Q[1-4]")


def check_period(quarter: str) -> None:
    if not PERIOD.fullmatch(quarter):
        raise UsageError("quarter-period", quarter=quarter)


def default_rules(workspace: Workspace) -> str:
    """The rules a new quarter uses unless told: those of the latest quarter, else the last
    version (by name)."""
    from engine.scoring import quarter_header

    quarters = workspace.quarters()
    if quarters:
        return quarter_header(workspace, quarters[-1]).rules
    versions = workspace.rules_versions()
    if not versions:
        raise UnknownName("rules", "", [])
    return versions[-1]


def new_quarter(workspace: Workspace, quarter: str, rules: RulesVersion, replace_example: bool = False) -> Path:
    """Create quarters/<quarter>/; returns its path. A quarter of that name that exists is
    kept, unless it is an example (status: example) and `replace_example` says to replace it."""
    check_period(quarter)
    texts = {"quarter.yaml": _quarter_file(quarter, rules.id)}
    texts.update({f"{body.id}.yaml": body_file(rules, body, quarter, {}) for body in rules.bodies})
    files = {name: platform_text(text) for name, text in texts.items()}
    existing = workspace.quarters_root / quarter
    if os.path.lexists(existing):
        status = _status(workspace, quarter)
        if status == "example" and replace_example:
            return write_files(existing, files, "replace")
        if status == "example":
            raise UsageError("quarter-exists-example", quarter=quarter)
        if replace_example:
            raise UsageError("quarter-replace-not-example", quarter=quarter, status=status or "?")
    return write_files(existing, files, taken=UsageError("quarter-exists", quarter=quarter))


def _status(workspace: Workspace, quarter: str) -> str | None:
    """The status an existing quarter's quarter.yaml gives; None where it cannot be read."""
    from engine.quarterheader import load_header

    try:
        header, _ = load_header(workspace, quarter)
    except KpiError:  # a folder without quarter.yaml, say: not a quarter kpi knows
        return None
    return header.status if header is not None else None


def _quarter_file(quarter: str, rules: str) -> str:
    return (
        "# yaml-language-server: $schema=../../schemas/quarter.schema.json\n"
        f"# {quarter}: данные собираются (черновик). Когда все значения проверены, укажите в source,\n"
        f"# откуда взяты данные, и опубликуйте квартал: kpi quarter publish {quarter}\n"
        f"period: {quarter}\n"
        f'rules: "{rules}"\n'
        "status: draft\n"
        f'source: "Формы центральных государственных органов за {_in_words(quarter)}"\n'
    )


def _in_words(quarter: str) -> str:
    """2024Q2 → «II квартал 2024 года»: the source is printed in the report, where quarters are
    named in words."""
    year, _, number = quarter.partition("Q")
    roman = {"1": "I", "2": "II", "3": "III", "4": "IV"}.get(number, number)
    return f"{roman} квартал {year} года"
