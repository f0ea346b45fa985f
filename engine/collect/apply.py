"""What an import changes in a quarter, and the writing of it.

A value given in a form fills an empty one; a value equal to the one already there (as a
number: 1318826 and "1 318 826" are equal) keeps the text already there; a different value
replaces a non-empty one only with --force, and every change is listed (KPI, old → new). The
body files are written to temporary files in the quarter's folder first, then renamed into
place after a journal listing the renames (engine.writing.write_files, "update"): an import
that fails before the journal is written changes no file; one killed after it is finished by
the next command that takes the workspace's lock. A rename that fails while the command runs
leaves the files renamed so far, and the journal to finish the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.collect.bodyfile import body_file, contact_of
from engine.collect.importer import Imported
from engine.model import RulesVersion
from engine.numbers import NumberFormatError, parse_text
from engine.problems import Problem, Where
from engine.quarter import entered
from engine.quarterheader import QuarterHeader
from engine.workspace import Workspace
from engine.writing import write_files


@dataclass(frozen=True)
class ImportChange:
    body: str  # short name
    kpi: str
    key: str  # a or b
    old: str | None
    new: str


@dataclass(frozen=True)
class ImportPlan:
    files: dict[Path, str]  # the body files to write, and their text
    changes: tuple[ImportChange, ...]
    problems: tuple[Problem, ...]  # changes refused without --force, values given twice
    waiting: tuple[str, ...] = ()  # short names of the bodies with no value yet, this import done


def plan(
    workspace: Workspace, header: QuarterHeader, rules: RulesVersion, imported: list[Imported], force: bool
) -> ImportPlan:
    current = entered(workspace, header.id)
    merged = {body: {k: (a or None, b or None) for k, (a, b) in kpis.items()} for body, kpis in current.values.items()}
    changes: list[ImportChange] = []
    # a body file that does not read would be written over and what it holds lost: fix it first
    problems = [Problem(Where(workspace.display(p)), "import-unreadable-body") for p in current.unreadable]
    given: dict[tuple[str, str], tuple[str, str]] = {}  # (KPI, key) → (value, where) from the forms
    touched: set[str] = set()
    origin: dict[str, str] = {}  # KPI id → the cell of the workbook that gave it
    for workbook in imported:
        for body_id, kpis in workbook.values.items():
            body = rules.body(body_id)
            assert body is not None
            touched.add(body_id)
            values = merged.setdefault(body_id, {})
            for kpi_id, pair in kpis.items():
                if pair != (None, None):  # a KPI is given by one workbook of an import only
                    where = workbook.cells.get((kpi_id, "a"), workbook.file)
                    if kpi_id in origin:
                        problems.append(
                            Problem(Where(where, 0, 0), "import-kpi-twice", kpi_id, {"first": origin[kpi_id]})
                        )
                        continue
                    origin[kpi_id] = where
                old_a, old_b = values.get(kpi_id, (None, None))
                new_pair = [old_a, old_b]
                for index, key in enumerate(("a", "b")):
                    new = pair[index]
                    if new is None:
                        continue  # an empty cell gives nothing
                    where = workbook.cells.get((kpi_id, key), workbook.file)
                    earlier = given.get((kpi_id, key))
                    if earlier is not None and not _same(earlier[0], new):
                        args = {"key": key, "first": earlier[1], "value": new, "other": earlier[0]}
                        problems.append(Problem(Where(where, 0, 0), "import-given-twice", kpi_id, args))
                        continue
                    given[(kpi_id, key)] = (new, where)
                    old = new_pair[index]
                    if old is not None and _same(old, new):
                        continue  # the same value: the text already there stays
                    if old is not None and not force:
                        args = {"key": key, "old": old, "new": new}
                        problems.append(Problem(Where(where, 0, 0), "import-would-change", kpi_id, args))
                        continue
                    new_pair[index] = new
                    changes.append(ImportChange(body.short, kpi_id, key, old, new))
                values[kpi_id] = (new_pair[0], new_pair[1])
    files = {}
    for body_id in sorted(touched):
        body = rules.body(body_id)
        assert body is not None
        target = current.files.get(body_id, header.folder / f"{body_id}.yaml")
        contact = next((w.contacts[body_id] for w in reversed(imported) if body_id in w.contacts), None)
        existing = _current_text(workspace, target)
        if contact is None and existing is not None:  # kept from the body file when the form gives none
            contact = contact_of(existing)
        text = body_file(rules, body, header.id, merged[body_id], contact)
        if existing != text:  # a file that would stay the same is not written again
            files[target] = text
    waiting = tuple(
        body.short
        for body in rules.bodies
        if not any(a is not None or b is not None for a, b in merged.get(body.id, {}).values())
    )
    return ImportPlan(files, tuple(changes), tuple(sorted(problems)), waiting)


def _current_text(workspace: Workspace, path: Path) -> str | None:
    if not path.exists():
        return None
    return workspace.read_text(path)[0]


def _same(old: str, new: str) -> bool:
    """Equal as values: "1 318 826" and "1318826", "-" and "--"."""
    try:
        return parse_text(old).value == parse_text(new).value
    except NumberFormatError:
        return old.strip() == new.strip()


def write_all(files: dict[Path, str]) -> None:
    """The body files of one quarter's folder replaced through engine.writing.write_files
    ("update"): every file or none once the next command has finished a killed import's
    renames; see there for what a failure leaves."""
    if not files:
        return
    folders = {target.parent for target in files}
    assert len(folders) == 1, "an import writes into one quarter's folder"
    written = {target.name: text.encode("utf-8") for target, text in files.items()}
    write_files(next(iter(folders)), written, "update")
