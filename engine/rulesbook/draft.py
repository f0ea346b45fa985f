"""What edited rules workbooks make of a rules version: the new version's files, checked.

Each body the workbooks hold is OLD's YAML file edited in place through ruamel.yaml's round
trip: a value that did not change is not touched (its text, its comments and its place stay
as they were), a changed one is written as a person types it (20, 1.5, "-"), a renamed KPI
gets its new name, a changed variant its variant and the unit that variant counts in, a new
KPI a new stable id (the body's pattern, the next number never used in it) and a removed one
leaves with its comments. A body no workbook holds, and the methodology (but for its `year`
and `status: draft` lines), stay byte for byte as in OLD.

The files are then checked by the YAML checks themselves (`kpi rules validate`'s), in a
scratch folder outside the workspace, and each problem is moved to the cell it came from
(`файл!МВД!F9`), its wording unchanged. Nothing is written here.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.model import Body, RulesVersion
from engine.numbers import plain
from engine.problems import Problem, Where
from engine.rulesbook.reader import BookRead, Row, SheetRead
from engine.rulesversions import draft_methodology
from engine.workspace import METHODOLOGY, Workspace

FIELDS = ("id", "name", "variant", "weight", "target", "unit")
_NUMBERED = re.compile(r"^(.*?)([0-9]+)$")


@dataclass(frozen=True)
class NewKpi:
    body: str  # short name
    id: str
    name: str
    cell: str


@dataclass
class Draft:
    files: dict[str, str] = field(default_factory=dict)  # file name → text
    added: list[NewKpi] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rules: RulesVersion | None = None  # the new version as checked, when clean


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never folds a long name: the files keep one line per value
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _number_node(value: Decimal) -> Any:
    """A number as ruamel writes it back exactly as typed: 20, 1.5, 0.25."""
    return _yaml().load(plain(value))


def _quoted(text: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def build(workspace: Workspace, old: RulesVersion, books: Sequence[BookRead], version: str, year: int) -> Draft:
    """The files of the new version `version` and the problems of them, at their cells."""
    draft = Draft()
    folder = workspace.rules_dir(old.id)
    sheets = {sheet.body: sheet for book in books for sheet in book.sheets}
    used_ids = {kpi.id for body in old.bodies for kpi in body.kpis}
    cell_maps: dict[str, dict[tuple[int, int], str]] = {}
    for path in workspace.yaml_files(folder):
        text, problems = workspace.read_text(path)
        if text is None:
            draft.problems += problems
            continue
        text = text.replace("\r\n", "\n")
        if path.name == METHODOLOGY:
            text = draft_methodology(text, year)
        elif path.stem in sheets:
            body = old.body(path.stem)
            assert body is not None
            text, cells = _edited(text, body, old, sheets[path.stem], used_ids, draft)
            cell_maps[path.name] = cells
        draft.files[path.name] = text
    draft.problems += _duplicate_names(sheets.values())
    if not draft.problems:
        draft.rules, problems = _checked(draft.files, version, cell_maps)
        draft.problems += problems
    return draft


def _edited(
    text: str, body: Body, old: RulesVersion, sheet: SheetRead, used_ids: set[str], draft: Draft
) -> tuple[str, dict[tuple[int, int], str]]:
    """OLD's body file with the sheet's edits; and the cell of each value it writes."""
    yaml = _yaml()
    data = yaml.load(text)
    nodes = {kpi["id"]: kpi for direction in data["directions"] for kpi in direction["kpis"]}
    variants = old.methodology.variants
    placed: dict[tuple[int, int, str], str] = {}  # (direction, KPI, field) → cell
    direction_cells: dict[int, str] = {}
    for d_index, direction in enumerate(data["directions"]):
        rows = sheet.directions[direction["id"]]  # the reader refuses a sheet that lacks one
        direction_cells[d_index] = sheet.direction_cells[direction["id"]]
        wanted: list[Any] = []
        for row in rows:
            if row.removed:
                continue
            node = nodes.get(row.kpi) if row.kpi else None
            if node is None:
                node = _new_node(body, direction, row, old, used_ids)
                draft.added.append(NewKpi(body.short, str(node["id"]), row.name, row.cells["name"]))
            else:
                _apply(node, row, variants)
            for key in FIELDS:
                placed[(d_index, len(wanted), key)] = row.cells["variant" if key == "unit" else key]
            wanted.append(node)
        kpis = direction["kpis"]
        if [id(n) for n in kpis] != [id(n) for n in wanted]:
            _replace_items(kpis, wanted)
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue()
    return result, _cell_map(result, placed, direction_cells)


def _replace_items(sequence: Any, items: list[Any]) -> None:
    """A sequence's items replaced in place (a KPI's own comments live in its mapping and go
    where it goes)."""
    while len(sequence):
        del sequence[len(sequence) - 1]
    for item in items:
        sequence.append(item)


def _unit(unit: str) -> Any:
    """A unit as the files write it: "%" quoted (a bare % cannot start a YAML value), ед. bare
    (and bare even where it replaces a quoted "%": ruamel would otherwise keep the quotes)."""
    from ruamel.yaml.scalarstring import PlainScalarString

    return _quoted(unit) if unit == "%" else PlainScalarString(unit)


def _apply(node: Any, row: Row, variants: Any) -> None:
    if row.name != node["name"]:
        node["name"] = _quoted(row.name)
    if row.variant is not None and row.variant != node["variant"]:
        node["variant"] = row.variant
        unit = variants[row.variant].unit
        if unit != node["unit"]:
            node["unit"] = _unit(unit)
    for key, value in (("weight", row.weight), ("target", row.target)):
        current = node[key]
        if isinstance(value, Decimal):
            if _same_number(current, value):
                continue
            node[key] = _number_node(value)
        elif value == "-":
            if current != "-":
                node[key] = _quoted("-")
        elif value is not None and value != current:
            node[key] = value  # not a number: the YAML checks refuse it, at the cell


def _same_number(current: Any, value: Decimal) -> bool:
    """A YAML number equal to `value` (20 and 20.0 are equal: the text already there stays)."""
    if isinstance(current, bool) or not isinstance(current, (int, float)):
        return False
    return Decimal(repr(current) if isinstance(current, float) else current) == value


def _new_node(body: Body, direction: Any, row: Row, old: RulesVersion, used_ids: set[str]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    kpi_id = _new_id(body, [str(k["id"]) for k in direction["kpis"]], used_ids)
    used_ids.add(kpi_id)
    variant = row.variant or ""
    unit = old.methodology.variants[variant].unit if variant in old.methodology.variants else "%"
    node = CommentedMap()
    node["id"] = kpi_id
    node["name"] = _quoted(row.name)
    node["variant"] = variant
    for key, value in (("weight", row.weight), ("target", row.target)):
        if isinstance(value, Decimal):
            node[key] = _number_node(value)
        elif value == "-":
            node[key] = _quoted("-")
        else:
            node[key] = value if value is not None else ""
    node["unit"] = _unit(unit)
    return node


def _new_id(body: Body, direction_ids: list[str], used: set[str]) -> str:
    """The next id of the direction's (else the body's) pattern: mvd-07 → mvd-08, mps-str-08
    → mps-str-09; a number never used before in the whole version."""
    for ids in (direction_ids, [k.id for k in body.kpis]):
        numbered = [(m.group(1), m.group(2)) for i in ids if (m := _NUMBERED.match(i))]
        if numbered:
            prefix, digits = numbered[-1]
            width = len(digits)
            number = max(int(d) for p, d in numbered if p == prefix) + 1
            while f"{prefix}{number:0{width}d}" in used:
                number += 1
            return f"{prefix}{number:0{width}d}"
    number = 1
    while f"{body.id}-{number:02d}" in used:
        number += 1
    return f"{body.id}-{number:02d}"


def _cell_map(
    text: str, placed: dict[tuple[int, int, str], str], directions: dict[int, str]
) -> dict[tuple[int, int], str]:
    """(line, column) of each value of the written file → the cell it came from."""
    from engine.yamlfile import parse_yaml

    doc, _ = parse_yaml(text, "")
    cells: dict[tuple[int, int], str] = {}
    for path, mark in [*doc.positions.items(), *doc.key_positions.items()]:
        cell = None
        if len(path) >= 5 and path[0] == "directions" and path[2] == "kpis":
            cell = placed.get((path[1], path[3], str(path[4])))
        elif len(path) == 4 and path[0] == "directions" and path[2] == "kpis":
            cell = placed.get((path[1], path[3], "id"))
        elif len(path) >= 2 and path[0] == "directions":
            cell = directions.get(path[1])
        if cell is not None:
            cells.setdefault(mark, cell)
    return cells


def _duplicate_names(sheets: Any) -> list[Problem]:
    """Two KPIs of one direction with one name (as a reader of the report would see them;
    МПС has KPIs of one name in different directions)."""
    problems = []
    for sheet in sheets:
        for rows in sheet.directions.values():
            first: dict[str, str] = {}
            for row in rows:
                if row.removed or not row.name:
                    continue
                key = " ".join(row.name.split()).casefold()
                if key in first:
                    where = Where(row.cells["name"], 0, 0)
                    problems.append(Problem(where, "rulesbook-duplicate-name", row.kpi or "", {"first": first[key]}))
                else:
                    first[key] = row.cells["name"]
    return problems


def _checked(
    files: dict[str, str], version: str, cells: dict[str, dict[tuple[int, int], str]]
) -> tuple[RulesVersion | None, list[Problem]]:
    """`kpi rules validate`'s checks of the new files, in a scratch workspace; each problem
    of a value that came from a cell placed at that cell."""
    from engine.rules import load_rules

    scratch = Path(tempfile.mkdtemp(prefix="kpi-rules-import-"))
    try:
        folder = scratch / "rules" / version
        folder.mkdir(parents=True)
        (scratch / "quarters").mkdir()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        rules, problems = load_rules(Workspace(scratch.resolve()), version)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    placed = []
    for problem in problems:
        name = problem.where.file.rsplit("/", 1)[-1]
        mapping = cells.get(name, {})
        cell = mapping.get((problem.where.line, problem.where.column))
        if cell is None:  # the nearest value written on that line
            on_line = sorted((col, c) for (line, col), c in mapping.items() if line == problem.where.line)
            cell = on_line[-1][1] if on_line else None
        placed.append(replace(problem, where=Where(cell, 0, 0)) if cell else problem)
    return rules, placed
