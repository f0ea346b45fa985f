"""Forms and exports from outside, as a hostile ministry would make them (issue 22): names that
would be formulas, hidden sheets, a form pointed at another body, a KPI given twice, tampered
metadata, a workbook of millions of empty cells. Every workbook is built here, in the test."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import REPO, run_cli, tree_digest, unpublished


def workbook(path: Path) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_workbook(path)


def raw_cells(path: Path) -> str:
    """Every worksheet's XML of a workbook, as text: what a spreadsheet reads."""
    with zipfile.ZipFile(path) as archive:
        return "".join(
            archive.read(name).decode("utf-8") for name in archive.namelist() if name.startswith("xl/worksheets/")
        )


@pytest.fixture
def ws(scratch: Callable[[str], Path]) -> Path:
    """The repository's workspace with an empty 2024Q2, its forms made and МВД's filled."""
    root = scratch("repo")
    assert run_cli("quarter", "new", "2024Q2", "-w", str(root)).exit_code == 0
    assert run_cli("quarter", "forms", "2024Q2", "-o", str(root / "forms"), "-w", str(root)).exit_code == 0
    book = workbook(root / "forms" / "mvd-2024Q2.xlsx")
    for row, (a, b) in enumerate([(156710, 363249), (10, 20), (5, 7), (1, 2), (3, None), (8, 9), (4, 4)], start=7):
        book["МВД"][f"G{row}"] = a
        if b is not None:
            book["МВД"][f"H{row}"] = b
    book.save(root / "mvd.xlsx")
    return root


def imported(ws: Path, *paths: Path, extra: tuple[str, ...] = ()) -> Any:
    return run_cli("quarter", "import", "2024Q2", *map(str, paths), *extra, "-w", str(ws))


def rename_bodies(root: Path, names: dict[str, tuple[str, str]]) -> None:
    """Give bodies of rules/2023 hostile short names and names (id → (short, name))."""
    for path in (root / "rules" / "2023").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for body_id, (short, name) in names.items():
            if f"\nid: {body_id}\n" in text or text.startswith(f"id: {body_id}\n"):
                lines = text.split("\n")
                for index, line in enumerate(lines):
                    if line.startswith("short:"):
                        lines[index] = "short: " + _quoted(short)
                    elif line.startswith("name:"):
                        lines[index] = "name: " + _quoted(name)
                text = "\n".join(lines)
        path.write_text(text, encoding="utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- text is text ---

HOSTILE_NAMES = {
    "mvd": ("=2+5", '=HYPERLINK("http://evil.example/","click")'),
    "mju": ("'МЮ'", "=cmd|' /C calc'!A0"),
    "mtszn": ("РЕЙТИНГ", "http://evil.example/x"),
    "mp": ("_kpi", "@SUM(1+1)"),
    "mti": ("М/Ю", "+1+1"),
    "mt": ("М:Ю", "-2+3"),
    "mz": ("history", "Министерство"),
}


def test_names_are_written_as_text_never_as_formulas_or_links(scratch: Callable[[str], Path]) -> None:
    root = scratch("repo")
    unpublished(root, "2024Q1")  # its rules are edited here: not the official quarter's any more
    rename_bodies(root, HOSTILE_NAMES)
    assert run_cli("rules", "validate", "2023", "-w", str(root)).exit_code in (0, 1)
    export = root / "rating.xlsx"
    result = run_cli("export", "2024Q1", "-o", str(export), "-w", str(root))
    assert result.exit_code == 0, result.output
    forms = run_cli("quarter", "forms", "2024Q1", "-o", str(root / "forms"), "-w", str(root))
    assert forms.exit_code == 0, forms.output
    for path in [export, *sorted((root / "forms").glob("*.xlsx"))]:
        xml = raw_cells(path)
        for short, name in HOSTILE_NAMES.values():
            assert "<f>" + short[1:] not in xml and "<f>" + name[1:] not in xml.replace("&quot;", '"')
        with zipfile.ZipFile(path) as archive:
            assert not any("hyperlink" in n.lower() for n in archive.namelist())
            rels = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".rels"))
            assert "evil.example" not in rels
    book = workbook(export)
    titles = book.sheetnames
    assert len({t.casefold() for t in titles}) == len(titles)  # unique as Excel compares them
    for title in titles:
        assert len(title) <= 31 and not set("[]:*?/\\") & set(title)
        assert not title.startswith("'") and not title.endswith("'") and title.casefold() != "history"
    assert "М_Ю" in titles and "М_Ю (2)" in titles and "МЮ" in titles and "РЕЙТИНГ (2)" in titles
    # the names themselves, read back, are the text as given, in every place
    # the export names a body by its name (issue 18: one name, no short name in parentheses)
    hyperlink = '=HYPERLINK("http://evil.example/","click")'
    mvd = next(book[t] for t in titles if book[t]["A2"].value == hyperlink)
    assert mvd["A2"].data_type == "s"
    assert any(book["Рейтинг"].cell(row, 2).value == "=2+5" for row in range(1, 30))
    form = workbook(root / "forms" / "mvd-2024Q1.xlsx")
    assert form.worksheets[0]["A2"].data_type == "s"
    # and every workbook imports back: the metadata, not the title, says which sheet is whose
    again = run_cli("quarter", "import", "2024Q1", str(export), "--dry-run", "-w", str(root))
    assert again.exit_code == 0, again.output
    back = run_cli("quarter", "import", "2024Q1", str(root / "forms"), "--dry-run", "-w", str(root))
    assert back.exit_code == 0, back.output


def test_a_kpi_named_as_a_formula_stays_text(scratch: Callable[[str], Path]) -> None:
    root = scratch("repo")
    unpublished(root, "2024Q1")
    path = root / "rules" / "2023" / "mvd.yaml"
    text = path.read_text(encoding="utf-8")
    first = next(line for line in text.split("\n") if line.startswith("        name:"))
    path.write_text(text.replace(first, first.split("name:")[0] + "name: \"=cmd|' /C calc'!A0\"", 1), encoding="utf-8")
    export = root / "rating.xlsx"
    assert run_cli("export", "2024Q1", "-o", str(export), "-w", str(root)).exit_code == 0
    assert run_cli("quarter", "forms", "2024Q1", "-o", str(root / "f"), "-w", str(root)).exit_code == 0
    for book in (workbook(export)["МВД"], workbook(root / "f" / "mvd-2024Q1.xlsx")["МВД"]):
        names = [c for c in book["C"] if c.value == "=cmd|' /C calc'!A0"]
        assert names and all(c.data_type == "s" for c in names)


# --- a form fills only what it shows, for whom it was sent ---


def test_a_filled_form_imports(ws: Path) -> None:
    result = imported(ws, ws / "mvd.xlsx")
    assert result.exit_code == 0, result.output
    assert "МВД mvd-01 a: (пусто) → 156 710" in result.output


def edited(ws: Path, edit: Callable[[Any], None], name: str = "edited.xlsx") -> Path:
    book = workbook(ws / "mvd.xlsx")
    edit(book)
    target = ws / name
    book.save(target)
    return target


def _hidden_copy(state: str) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        copy = book.copy_worksheet(book["МВД"])
        copy["G7"] = 999
        copy.sheet_state = state

    return edit


def _meta_body(body: str) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        for row in book["_kpi"].iter_rows():
            if row[0].value == "body":
                row[1].value = body

    return edit


def _meta_token(token: str) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        for row in book["_kpi"].iter_rows():
            if row[0].value == "body":
                row[3].value = token

    return edit


def _mju_rows_hidden(book: Any) -> None:
    sheet = book.create_sheet("x")
    for column, value in enumerate(["№", "KPI", "name", "unit", "U", "N", "a", "b"], start=1):
        sheet.cell(6, column, value)
    sheet.cell(7, 2, "mju-01")
    sheet.cell(7, 7, 27)
    sheet.sheet_state = "hidden"


def _mju_rows_visible(book: Any) -> None:
    sheet = book.create_sheet("МЮ")
    for column, value in enumerate(["№", "KPI", "name", "unit", "U", "N", "a", "b"], start=1):
        sheet.cell(6, column, value)
    sheet.cell(7, 2, "mju-01")
    sheet.cell(7, 7, 27)


def _meta_line(key: str, value: str) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        for row in book["_kpi"].iter_rows():
            if row[0].value == key:
                row[1].value = value

    return edit


def _twice_in_book(book: Any) -> None:
    copy = book.copy_worksheet(book["МВД"])
    copy.title = "МВД2"


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        (_hidden_copy("veryHidden"), "{f}!МВД Copy!A1: данные на скрытом листе «МВД Copy»"),
        (_hidden_copy("hidden"), "{f}!МВД Copy!A1: данные на скрытом листе «МВД Copy»"),
        (_mju_rows_hidden, "{f}!x!A6: данные на скрытом листе «x»"),
        (_mju_rows_visible, "{f}!МЮ!B7: KPI mju-01: строка KPI органа МЮ, а лист — органа mvd"),
        (_meta_body("mju"), "{f}: форма не совпадает с выданной органу МЮ за 2024Q2"),
        (_meta_token("0" * 32), "{f}: форма не совпадает с выданной органу МВД за 2024Q2"),
        (_meta_token(None), "{f}: форма не совпадает с выданной органу МВД за 2024Q2"),  # type: ignore[arg-type]
        (_meta_body("../../etc/passwd"), "{f}: служебный лист формы изменён («../../etc/passwd»)"),
        (_meta_body("mvd\nmju"), "{f}: служебный лист формы изменён («mvd\\x0amju»)"),
        (_meta_line("quarter", "2024Q2\n"), "{f}: форма за квартал 2024Q2\\x0a, а загружается в 2024Q2"),
        (_twice_in_book, "{f}!МВД2!B7: KPI mvd-01: строка этого KPI повторяется (первая — в МВД!B7)"),
    ],
    ids=[
        "very-hidden-copy",
        "hidden-copy",
        "hidden-other-body",
        "visible-other-body",
        "meta-points-at-mju",
        "token-zeros",
        "token-removed",
        "meta-path",
        "meta-line-break",
        "meta-quarter-line-break",
        "kpi-twice-in-book",
    ],
)
def test_a_form_cannot_fill_what_it_does_not_show_or_another_body(
    ws: Path, edit: Callable[[Any], None], line: str
) -> None:
    form = edited(ws, edit)
    before = tree_digest(ws / "quarters")
    result = imported(ws, form)
    assert result.exit_code == 1, result.output
    assert any(out.startswith(line.format(f=form)) for out in result.stderr.splitlines()), result.stderr
    assert "внутренняя ошибка" not in result.stderr
    assert tree_digest(ws / "quarters") == before


def test_a_token_message_says_to_use_the_form_sent(ws: Path) -> None:
    form = edited(ws, _meta_body("mju"))
    result = imported(ws, form)
    assert "заполните форму, отправленную этому органу" in result.stderr


def test_a_kpi_in_two_files_of_one_import(ws: Path) -> None:
    second = ws / "again.xlsx"
    second.write_bytes((ws / "mvd.xlsx").read_bytes())
    before = tree_digest(ws / "quarters")
    result = imported(ws, ws / "mvd.xlsx", second)
    assert result.exit_code == 1
    line = f"{second}!МВД!G7: KPI mvd-01: этот KPI уже дан в другой форме этой загрузки ({ws / 'mvd.xlsx'}!МВД!G7)"
    assert any(out.startswith(line) for out in result.stderr.splitlines()), result.stderr
    assert tree_digest(ws / "quarters") == before


def test_a_form_from_another_workspace_is_refused(ws: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"  # a copy of the same workspace elsewhere: its own secret
    for part in ("rules", "quarters"):
        shutil.copytree(ws / part, other / part)
    assert run_cli("quarter", "forms", "2024Q2", "-o", str(other / "forms"), "-w", str(other)).exit_code == 0
    result = imported(ws, other / "forms" / "mvd-2024Q2.xlsx")
    assert result.exit_code == 1
    assert "форма не совпадает с выданной органу МВД за 2024Q2" in result.stderr
    secret = (ws / ".kpi" / "secret").read_text(encoding="ascii").strip()
    for path in (ws / "forms").glob("*.xlsx"):  # the secret is never in a form
        with zipfile.ZipFile(path) as archive:
            assert not any(secret in archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


# --- bounded before built ---


def empty_cells_form(source: Path, target: Path, rows: int, columns: int) -> Path:
    """`source` with its first sheet replaced by `rows` × `columns` empty cells (`<c/>`)."""
    row = "<row>" + "<c/>" * columns + "</row>"
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>" + row * rows + "</sheetData></worksheet>"
    ).encode()
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as copy,
    ):
        for item in original.infolist():
            data = body if item.filename == "xl/worksheets/sheet1.xml" else original.read(item.filename)
            copy.writestr(item.filename, data)
    return target


@pytest.mark.skipif(sys.platform == "win32", reason="the resource module (CPU, peak memory) is POSIX only")
def test_a_form_of_millions_of_empty_cells_is_refused_in_bounded_time_and_memory(ws: Path) -> None:
    form = empty_cells_form(ws / "mvd.xlsx", ws / "cells.xlsx", rows=2000, columns=5950)  # 11,9 million
    assert form.stat().st_size < 200_000
    with zipfile.ZipFile(form) as archive:
        assert sum(i.file_size for i in archive.infolist()) < 50_000_000  # under the size bound
    code = (
        "import resource, sys, time\n"
        "from typer.testing import CliRunner\n"
        "from engine.cli.app import app\n"
        f"r = CliRunner().invoke(app, ['quarter', 'import', '2024Q2', {str(form)!r}, '-w', {str(ws)!r}])\n"
        "u = resource.getrusage(resource.RUSAGE_SELF)\n"
        "peak = u.ru_maxrss\n"
        "try:  # this process's own peak (ru_maxrss may keep a large parent's from before exec)\n"
        "    peak = int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])\n"
        "except (OSError, IndexError, ValueError):\n"
        "    pass\n"
        "print(r.exit_code, u.ru_utime + u.ru_stime, peak)\n"
        "print(r.stderr)\n"
    )
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    first, *rest = out.stdout.splitlines()
    exit_code, cpu, peak_kb = first.split()
    assert exit_code == "1", out.stdout + out.stderr
    assert rest[0] == f"{form}: лист больше 2000 строк или 60 столбцов; это не форма kpi"
    assert float(cpu) < 5.0  # the whole process, start-up included (the read itself: well under 1 s)
    assert int(peak_kb) < 300 * 1024
    assert time.monotonic() - started < 60


@pytest.mark.parametrize(
    ("rows", "columns", "refused"),
    [(2000, 60, False), (2001, 1, True), (10, 61, True), (300_000, 0, True)],
    ids=["at-the-bounds", "one-row-over", "one-column-over", "many-empty-rows"],
)
def test_the_sheet_bounds_are_met_while_streaming(ws: Path, rows: int, columns: int, refused: bool) -> None:
    from engine.collect.scan import scan

    form = empty_cells_form(ws / "mvd.xlsx", ws / "b.xlsx", rows, columns)
    started = time.process_time()
    with zipfile.ZipFile(form) as archive:
        refusal = scan(archive, 50_000_000, 2000, 60)
    assert (refusal is not None) == refused
    assert time.process_time() - started < 1.0


def test_a_cell_far_away_is_refused_before_it_is_built(ws: Path) -> None:
    from engine.collect.scan import scan

    body = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="7"><c r="XFD7"><v>1</v></c></row></sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", body)
    with zipfile.ZipFile(buffer) as archive:
        refusal = scan(archive, 50_000_000, 2000, 60)
    assert refusal is not None and refusal.code == "import-sheet-too-large"
