"""What an import changes in a quarter, and the writing of it: all files or none.

A value given in a form fills an empty one; a value equal to the one already there (as a
number: 1318826 and "1 318 826" are equal) keeps the text already there; a different value
replaces a non-empty one only with --force, and every change is listed (KPI, old → new). The
body files are written to temporary files in the quarter's folder first, then renamed into
place, so a failed import leaves every file as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from engine.collect.bodyfile import body_file, contact_of
from engine.collect.importer import Imported
from engine.model import RulesVersion
from engine.numbers import NumberFormatError, parse_text
from engine.problems import Problem, Where
from engine.quarter import QuarterHeader, entered
from engine.workspace import Workspace


@dataclass(frozen=True)
class Change:
    body: str  # short name
    kpi: str
    key: str  # a or b
    old: str | None
    new: str


@dataclass(frozen=True)
class Plan:
    files: dict[Path, str]  # the body files to write, and their text
    changes: tuple[Change, ...]
    problems: tuple[Problem, ...]  # changes refused without --force, values given twice
    waiting: tuple[str, ...] = ()  # short names of the bodies with no value yet, this import done


def plan(
    workspace: Workspace, header: QuarterHeader, rules: RulesVersion, imported: list[Imported], force: bool
) -> Plan:
    current = entered(workspace, header.id)
    merged = {body: {k: (a or None, b or None) for k, (a, b) in kpis.items()} for body, kpis in current.values.items()}
    changes: list[Change] = []
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
                    changes.append(Change(body.short, kpi_id, key, old, new))
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
    return Plan(files, tuple(changes), tuple(sorted(problems)), waiting)


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
    """Every file or none, across a crash too (engine.lock). Each file is written beside its
    target first (`.NAME.xxxx.part`, flushed to disk); then a journal listing the renames is
    written in one step — the point of commit — and the renames are made, and the journal
    removed. Killed before the journal: the next command removes the .part files (nothing
    changed); after it: the next command finishes the renames (everything changed). An error
    here before the point of commit removes what was staged; a folder that cannot be written
    is a one-line error."""
    from engine.lock import JOURNAL
    from engine.safetext import shown_path
    from engine.writing import OutputFileError

    if not files:
        return
    folders = {target.parent for target in files}
    assert len(folders) == 1, "an import writes into one quarter's folder"
    folder = next(iter(folders))
    staged: list[tuple[str, Path]] = []
    committed = False
    try:
        for target, text in files.items():
            staged.append((_staged(target.parent, target.name, text.encode("utf-8")), target))
        entries = [[Path(temporary).name, target.name] for temporary, target in staged]
        journal = _staged(folder, JOURNAL, json.dumps(entries).encode("utf-8"))
        os.replace(journal, folder / JOURNAL)  # the point of commit
        committed = True
        for temporary, target in staged:
            os.replace(temporary, target)
        os.unlink(folder / JOURNAL)
    except OSError as exc:
        if committed:
            raise  # the next command rolls the journal forward
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise OutputFileError("output-not-writable", path=shown_path(folder), reason=reason) from None
    finally:
        if not committed:
            for temporary, _ in staged:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)


def _staged(folder: Path, name: str, data: bytes) -> str:
    """`data` in a new file `.NAME.xxxx.part` of `folder`, flushed to disk: its path."""
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return temporary
