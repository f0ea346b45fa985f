"""quarter.yaml, a quarter's header: which period, which rules version, how official, and the
seals of an official quarter. Read before the quarter's data, by the commands and by the checks
of seals and publication (engine.checks), which the reading of the data runs in turn."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.checks import run_checks
from engine.checks.header import QUARTER_HEADER, HeaderFile
from engine.checks.portability import PORTABILITY, Folder
from engine.documents import read_document
from engine.problems import Problem, Where
from engine.workspace import QUARTER, Workspace


@dataclass(frozen=True)
class QuarterHeader:
    """quarter.yaml: which period, which rules version, how official."""

    id: str
    rules: str
    status: str
    source: str
    note: str
    folder: Path
    file: str
    rules_where: Where
    rules_files: dict[str, str] | None = None  # the fingerprint of the rules an official quarter scored
    data_files: dict[str, str] | None = None  # and of its own data files (engine.seal)


def load_header(workspace: Workspace, quarter_id: str) -> tuple[QuarterHeader | None, list[Problem]]:
    folder = workspace.quarter_dir(quarter_id)
    doc, problems = read_document(workspace, folder / QUARTER, "quarter")
    # a quarter Windows cannot check out: its folder's name, and every file in it
    root = workspace.quarters_root
    problems += run_checks(PORTABILITY, Folder(root, folder.name, workspace.display(root), workspace.display(folder)))
    if doc is None:
        return None, sorted(set(problems))
    data = doc.data
    problems += run_checks(QUARTER_HEADER, HeaderFile(doc, folder.name, tuple(workspace.rules_versions())))
    rules = str(data["rules"])
    if problems:
        return None, problems
    header = QuarterHeader(
        folder.name,
        rules,
        data["status"],
        data["source"],
        data.get("note", ""),
        folder,
        doc.file,
        doc.where(("rules",)),
        dict(data["rules_files"]) if isinstance(data.get("rules_files"), dict) else None,
        dict(data["data_files"]) if isinstance(data.get("data_files"), dict) else None,
    )
    return header, []
