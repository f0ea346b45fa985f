"""Hostile cases of issue 22: forms from outside (built in the case's own workspace, with its own
secret, then tampered with), the official seal, and an argument the KPI's variant lacks.

The forms are the ones `kpi quarter forms` makes for the minimal workspace's 2030Q1 (bodies
alpha, beta), made by the engine itself in the setup, filled with the quarter's values, and
then edited as a hostile ministry would. The case runs as a process in the workspace's folder,
so that the forms are named by relative paths (`in/alpha.xlsx`) in what it prints.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.hostile.harness import Case, Setup, replace

Edit = Callable[[Any], None]
Q = "quarters/2030Q1"
VALUES = {"alpha": {7: (156710, 363249), 8: (8, 100), 9: (150, None)}}


def _form_bytes(ws: Path, body_id: str) -> bytes:
    from engine.collect.forms import form_workbook
    from engine.collect.token import make_secret
    from engine.scoring import rules_version
    from engine.workspace import Workspace

    rules = rules_version(Workspace(ws), "t")
    body = rules.body(body_id)
    assert body is not None
    return form_workbook(rules, body, "2030Q1", {}, "ru", make_secret(ws))


def form(name: str, body: str = "alpha", edit: Edit | None = None) -> Setup:
    """in/NAME: the form of `body`, filled with the quarter's values, then `edit`ed."""

    def plant(ws: Path) -> None:
        from openpyxl import load_workbook

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(_form_bytes(ws, body)))
        sheet = book.worksheets[0]
        for row, (a, b) in VALUES.get(body, {}).items():
            sheet[f"G{row}"] = a
            if b is not None:
                sheet[f"H{row}"] = b
        if edit is not None:
            edit(book)
        (ws / "in").mkdir(exist_ok=True)
        book.save(ws / "in" / name)

    return plant


def rezipped(name: str, source: str, parts: dict[str, bytes]) -> Setup:
    """in/NAME: in/SOURCE with some parts of its zip replaced."""

    def plant(ws: Path) -> None:
        with zipfile.ZipFile(ws / "in" / source) as original, zipfile.ZipFile(ws / "in" / name, "w") as copy:
            for item in original.infolist():
                data = parts.get(item.filename, original.read(item.filename))
                copy.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)

    return plant


def _meta(column: int, value: object) -> Edit:
    def edit(book: Any) -> None:
        for row in book["_kpi"].iter_rows():
            if row[0].value == "body":
                row[column].value = value

    return edit


def _hidden_copy(book: Any) -> None:
    copy = book.copy_worksheet(book.worksheets[0])
    copy["G7"] = 999
    copy.sheet_state = "veryHidden"


def _cell(cell: str, value: object) -> Edit:
    def edit(book: Any) -> None:
        book.worksheets[0][cell] = value

    return edit


SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
EMPTY_CELLS = SHEET_HEAD + b"<sheetData>" + (b"<row>" + b"<c/>" * 5950 + b"</row>") * 2000 + b"</sheetData></worksheet>"
FAR_CELL = SHEET_HEAD + b'<sheetData><row r="7"><c r="XFD7"><v>1</v></c></row></sheetData></worksheet>'
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(f'<!ENTITY {"a" * (n + 1)} "{("&" + "a" * n + ";") * 10}">'.encode() for n in range(1, 10))
    + b"]><x>&aaaaaaaaaa;</x>"
)
SHEET = "xl/worksheets/sheet1.xml"


def sealed(ws: Path) -> None:
    """2030Q1 made official with its seal, as `kpi quarter publish` would (an example quarter
    cannot be published: the status is changed first, then the seal written by the engine)."""
    from engine.collect.publish import published_text
    from engine.rulesversions import fingerprint
    from engine.scoring import quarter_header
    from engine.seal import data_fingerprint
    from engine.workspace import Workspace

    path = ws / Q / "quarter.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: example", "status: official"), encoding="utf-8")
    workspace = Workspace(ws)
    prints, _ = fingerprint(workspace, "t")
    data = data_fingerprint(workspace, quarter_header(workspace, "2030Q1"))
    path.write_text(published_text(path.read_text(encoding="utf-8"), "t", prints, data), encoding="utf-8")


def official_unsealed(ws: Path) -> None:
    path = ws / Q / "quarter.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: example", "status: official"), encoding="utf-8")


IMPORT = ("quarter", "import", "2030Q1")
ALPHA_FORM = form("alpha.xlsx")

FORMS = [
    Case(
        "forms-hidden-copy",
        "forms",
        (*IMPORT, "in/h.xlsx"),
        1,
        setup=(form("h.xlsx", edit=_hidden_copy),),
        process=True,
    ),
    Case(
        "forms-meta-other-body",
        "forms",
        (*IMPORT, "in/o.xlsx"),
        1,
        setup=(form("o.xlsx", edit=_meta(1, "beta")),),
        process=True,
    ),
    Case(
        "forms-meta-path",
        "forms",
        (*IMPORT, "in/p.xlsx"),
        1,
        setup=(form("p.xlsx", edit=_meta(1, "../../etc/passwd")),),
        process=True,
    ),
    Case(
        "forms-meta-line-break",
        "forms",
        (*IMPORT, "in/n.xlsx"),
        1,
        setup=(form("n.xlsx", edit=_meta(1, "alpha\nbeta")),),
        process=True,
    ),
    Case(
        "forms-token-removed",
        "forms",
        (*IMPORT, "in/t.xlsx"),
        1,
        setup=(form("t.xlsx", edit=_meta(3, None)),),
        process=True,
    ),
    Case(
        "forms-kpi-twice-two-files",
        "forms",
        (*IMPORT, "in/alpha.xlsx", "in/again.xlsx"),
        1,
        setup=(ALPHA_FORM, form("again.xlsx")),
        process=True,
    ),
    Case(
        "forms-empty-cells-11m",
        "forms",
        (*IMPORT, "in/cells.xlsx"),
        1,
        setup=(ALPHA_FORM, rezipped("cells.xlsx", "alpha.xlsx", {SHEET: EMPTY_CELLS})),
        process=True,
    ),
    Case(
        "forms-cell-far-away",
        "forms",
        (*IMPORT, "in/far.xlsx"),
        1,
        setup=(ALPHA_FORM, rezipped("far.xlsx", "alpha.xlsx", {SHEET: FAR_CELL})),
        process=True,
    ),
    Case(
        "forms-entities",
        "forms",
        (*IMPORT, "in/laughs.xlsx"),
        1,
        setup=(ALPHA_FORM, rezipped("laughs.xlsx", "alpha.xlsx", {SHEET: LAUGHS})),
        process=True,
    ),
    Case(
        "forms-empty-cell",
        "forms",
        (*IMPORT, "in/e.xlsx"),
        1,
        setup=(form("e.xlsx", edit=_cell("G8", None)),),
        process=True,
    ),
    Case(
        "forms-percent",
        "forms",
        (*IMPORT, "in/pc.xlsx"),
        1,
        setup=(form("pc.xlsx", edit=_cell("G7", "12%")),),
        process=True,
    ),
    Case(
        "forms-point-thousands",
        "forms",
        (*IMPORT, "in/pt.xlsx"),
        1,
        setup=(form("pt.xlsx", edit=_cell("G7", "1.234,5")),),
        process=True,
    ),
]

SEAL = [
    Case(
        "seal-import-official",
        "seal",
        (*IMPORT, "in/alpha.xlsx", "--force"),
        1,
        setup=(ALPHA_FORM, sealed),
        process=True,
    ),
    Case(
        "seal-rules-edited-report",
        "seal",
        ("report", "2030Q1", "-o", "out.docx"),
        1,
        setup=(sealed, replace("rules/t/alpha.yaml", "weight: 50", "weight: 45")),
        process=True,
    ),
    Case(
        "seal-data-edited-export",
        "seal",
        ("export", "2030Q1", "-o", "out.xlsx"),
        1,
        setup=(sealed, replace(f"{Q}/alpha.yaml", "a: 150", "a: 151")),
        process=True,
    ),
    Case(
        "seal-missing-report",
        "seal",
        ("report", "2030Q1", "-o", "out.docx"),
        1,
        setup=(official_unsealed,),
        process=True,
    ),
    Case("seal-unpublish-no-reason", "seal", ("quarter", "unpublish", "2030Q1", "--reason", " "), 2, setup=(sealed,)),
    Case(
        "seal-unpublish-line-break", "seal", ("quarter", "unpublish", "2030Q1", "--reason", "a\nb"), 2, setup=(sealed,)
    ),
    Case("whatif-set-b-of-count", "arguments", ("whatif", "2030Q1", "--set", "alpha-03.b=5"), 2),
]

CASES = [*FORMS, *SEAL]
