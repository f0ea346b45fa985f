"""`kpi rules export` / `kpi rules import`: the rules through a workbook the ministries edit.

The oracle is the rules files themselves: a workbook exported and imported with no edit gives
OLD's files back byte for byte (but for the year and status lines); each plausible edit changes
exactly the lines it should, read back with a YAML reader that is not ours (PyYAML); each bad
edit is refused at its cell, in the YAML checks' own words, and writes nothing.
"""

from __future__ import annotations

import difflib
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import Result

from tests.conftest import libreoffice_convert, needs_libreoffice, tree_digest

Cli = Callable[..., Result]


@pytest.fixture
def ws(scratch: Callable[[str], Path]) -> Path:
    return scratch("repo")


def export(cli: Cli, ws: Path, version: str = "2023") -> Path:
    target = ws / f"rules-{version}.xlsx"
    result = cli("rules", "export", version, "-o", str(target), "-w", str(ws))
    assert result.exit_code == 0, result.output
    return target


def edit(path: Path, change: Callable[[Any], None]) -> Path:
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def row_of(sheet: Any, kpi: str) -> int:
    return next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 2).value == kpi)


def run_import(cli: Cli, ws: Path, *paths: Path, new: str = "2099", extra: tuple[str, ...] = ()) -> Result:
    return cli("rules", "import", new, *map(str, paths), "--from", "2023", "-w", str(ws), *extra)


def changed_lines(ws: Path, name: str, new: str = "2099") -> list[tuple[str, str]]:
    """(old line, new line) of every line that differs ("" for none)."""
    old = (ws / "rules" / "2023" / name).read_text(encoding="utf-8").splitlines()
    now = (ws / "rules" / new / name).read_text(encoding="utf-8").splitlines()
    pairs = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=now, autojunk=False).get_opcodes():
        if tag != "equal":
            width = max(i2 - i1, j2 - j1)
            olds, news = old[i1:i2] + [""] * width, now[j1:j2] + [""] * width
            pairs += list(zip(olds[:width], news[:width], strict=True))
    return pairs


def kpis(ws: Path, body: str, version: str = "2099") -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((ws / "rules" / version / f"{body}.yaml").read_text(encoding="utf-8"))
    return {k["id"]: k for d in data["directions"] for k in d["kpis"]}


def assert_only(ws: Path, body: str) -> None:
    """Every file but `body`'s and the methodology is OLD's, byte for byte."""
    for path in (ws / "rules" / "2023").iterdir():
        if path.name not in (f"{body}.yaml", "methodology.yaml"):
            assert (ws / "rules" / "2099" / path.name).read_bytes() == path.read_bytes(), path.name


# --- the round trip -------------------------------------------------------------------------


def test_round_trip_without_edits_gives_the_same_files(cli: Cli, ws: Path) -> None:
    book = export(cli, ws)
    result = run_import(cli, ws, book)
    assert result.exit_code == 0, result.output
    old, new = ws / "rules" / "2023", ws / "rules" / "2099"
    assert sorted(p.name for p in new.iterdir()) == sorted(p.name for p in old.iterdir())
    for path in old.iterdir():
        if path.name != "methodology.yaml":
            assert (new / path.name).read_bytes() == path.read_bytes(), path.name
    assert changed_lines(ws, "methodology.yaml") == [
        ("year: 2023", "year: 2099"),
        ("", "status: draft          # черновик: не использовать для официальных кварталов"),
    ]
    assert cli("rules", "validate", "2099", "-w", str(ws)).exit_code == 0
    assert "Влияние на последний официальный квартал 2024Q1" in result.output
    assert "Создана версия правил 2099 (черновик)" in result.output


def test_a_changed_target(cli: Cli, ws: Path) -> None:
    def change(book: Any) -> None:
        sheet = book["МВД"]
        sheet.cell(row_of(sheet, "mvd-04"), 7).value = "2,5"  # typed as text, with a decimal comma

    result = run_import(cli, ws, edit(export(cli, ws), change))
    assert result.exit_code == 0, result.output
    assert changed_lines(ws, "mvd.yaml") == [("        target: 1.5", "        target: 2.5")]
    assert kpis(ws, "mvd")["mvd-04"]["target"] == 2.5
    assert_only(ws, "mvd")


def test_a_weight_pair_that_still_sums_to_100_and_its_effect(cli: Cli, ws: Path) -> None:
    def change(book: Any) -> None:
        sheet = book["МВД"]
        sheet.cell(row_of(sheet, "mvd-01"), 6).value = 25
        sheet.cell(row_of(sheet, "mvd-03"), 6).value = 15

    result = run_import(cli, ws, edit(export(cli, ws), change))
    assert result.exit_code == 0, result.output
    assert changed_lines(ws, "mvd.yaml") == [
        ("        weight: 20", "        weight: 25"),
        ("        weight: 20", "        weight: 15"),
    ]
    assert [kpis(ws, "mvd")[k]["weight"] for k in ("mvd-01", "mvd-03")] == [25, 15]
    assert_only(ws, "mvd")
    # by hand, 2024Q1: mvd-01 Z = 43,1 < 75, W = 43,1 / 75 × 25 = 14,36… → 14,3 (was 11,4);
    # mvd-03 reaches its target, W = U = 15 (was 20): R = 90,1 + 2,9 − 5 = 88
    assert "90,1 → 88 " in result.output


def test_a_renamed_kpi(cli: Cli, ws: Path) -> None:
    name = 'Доля «автоматизированных» отчетов: "всего"'

    def change(book: Any) -> None:
        sheet = book["МВД"]
        sheet.cell(row_of(sheet, "mvd-07"), 3).value = name

    result = run_import(cli, ws, edit(export(cli, ws), change))
    assert result.exit_code == 0, result.output
    [(before, after)] = changed_lines(ws, "mvd.yaml")
    assert before.strip().startswith("name:") and after.strip().startswith("name:")
    assert kpis(ws, "mvd")["mvd-07"]["name"] == name
    assert_only(ws, "mvd")


def test_a_new_kpi_gets_the_next_id(cli: Cli, ws: Path) -> None:
    def change(book: Any) -> None:
        sheet = book["МВД"]
        spare = row_of(sheet, "mvd-07") + 1
        sheet.cell(row_of(sheet, "mvd-06"), 6).value = 10
        sheet.cell(spare, 3).value = "Количество видеорегистраторов"
        sheet.cell(spare, 4).value = "Количество в единицах (ед.)"
        sheet.cell(spare, 6).value = 5
        sheet.cell(spare, 7).value = 1000

    result = run_import(cli, ws, edit(export(cli, ws), change))
    assert result.exit_code == 0, result.output
    assert "Новый KPI МВД mvd-08: «Количество видеорегистраторов» (" in result.output
    found = kpis(ws, "mvd")
    assert list(found)[-1] == "mvd-08"
    assert found["mvd-08"] == {
        "id": "mvd-08",
        "name": "Количество видеорегистраторов",
        "variant": "count",
        "weight": 5,
        "target": 1000,
        "unit": "ед.",
    }
    assert found["mvd-06"]["weight"] == 10
    old = kpis(ws, "mvd", "2023")
    assert {k: v for k, v in found.items() if k not in ("mvd-06", "mvd-08")} == {
        k: v for k, v in old.items() if k != "mvd-06"
    }
    assert_only(ws, "mvd")


@pytest.mark.parametrize("how", ["deleted", "marked"])
def test_a_removed_kpi(cli: Cli, ws: Path, how: str) -> None:
    def change(book: Any) -> None:
        sheet = book["МВД"]
        sheet.cell(row_of(sheet, "mvd-06"), 6).value = 30
        if how == "deleted":
            sheet.delete_rows(row_of(sheet, "mvd-07"))
        else:
            sheet.cell(row_of(sheet, "mvd-07"), 8).value = "x"

    result = run_import(cli, ws, edit(export(cli, ws), change))
    assert result.exit_code == 0, result.output
    found = kpis(ws, "mvd")
    assert "mvd-07" not in found and found["mvd-06"]["weight"] == 30
    old = kpis(ws, "mvd", "2023")
    assert {k: v for k, v in found.items() if k != "mvd-06"} == {
        k: v for k, v in old.items() if k not in ("mvd-06", "mvd-07")
    }
    assert_only(ws, "mvd")


def test_a_changed_variant(cli: Cli, ws: Path) -> None:
    def change(book: Any) -> None:
        sheet = book["МВД"]
        sheet.cell(row_of(sheet, "mvd-01"), 4).value = "Доля, чем меньше — тем лучше"

    result = run_import(cli, ws, edit(export(cli, ws), change))
    assert result.exit_code == 0, result.output
    assert changed_lines(ws, "mvd.yaml") == [("        variant: share_higher", "        variant: share_lower")]
    assert_only(ws, "mvd")


def test_a_name_that_looks_like_a_formula_stays_text(cli: Cli, ws: Path) -> None:
    name = '=HYPERLINK("http://example.invalid","x")'

    def change(book: Any) -> None:
        sheet = book["МВД"]
        cell = sheet.cell(row_of(sheet, "mvd-07"), 3)
        cell.value = name
        cell.data_type = "s"  # typed with a leading apostrophe: text

    assert run_import(cli, ws, edit(export(cli, ws), change)).exit_code == 0
    assert kpis(ws, "mvd")["mvd-07"]["name"] == name
    again = export(cli, ws, "2099")
    sheet = load_workbook(again)["МВД"]
    cell = sheet.cell(row_of(sheet, "mvd-07"), 3)
    assert cell.data_type == "s" and cell.value == name
    with zipfile.ZipFile(again) as archive:  # no formula element anywhere but the totals
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert xml.count("<f>") == xml.count("<f>SUM(") == 16


def test_dry_run_writes_nothing_and_shows_the_diff(cli: Cli, ws: Path) -> None:
    def change(book: Any) -> None:
        sheet = book["МВД"]
        sheet.cell(row_of(sheet, "mvd-04"), 7).value = 3

    book = edit(export(cli, ws), change)
    before = tree_digest(ws / "rules")
    result = run_import(cli, ws, book, extra=("--dry-run",))
    assert result.exit_code == 0, result.output
    assert tree_digest(ws / "rules") == before
    assert "mvd-04" in result.output and "ничего не записано" in result.output


# --- the workbook itself ----------------------------------------------------------------------


def test_the_workbook(cli: Cli, ws: Path) -> None:
    book = load_workbook(export(cli, ws))
    assert book.sheetnames[0] == "Инструкция" and "Методика" in book.sheetnames
    assert book["_kpi_rules"].sheet_state == "veryHidden"
    sheet = book["МВД"]
    assert sheet.protection.sheet and not sheet.protection.password
    row = row_of(sheet, "mvd-01")
    assert [sheet.cell(row, c).value for c in range(1, 8)] == [
        1,
        "mvd-01",
        "Доля уголовных и административных правонарушений в общественных местах, выявленных с помощью "
        "камер видеонаблюдения",
        "Доля, чем больше — тем лучше",
        "%",
        20,
        75,
    ]
    assert [sheet.cell(row, c).protection.locked for c in range(1, 9)] == [True] * 5 + [False] * 3
    assert sheet.column_dimensions["B"].hidden
    # the only formulas: one live total per direction, over its KPIs' U (and the empty rows)
    formulas = {
        (s.title, c.coordinate): c.value
        for s in book.worksheets
        for r in s.iter_rows()
        for c in r
        if c.data_type == "f"
    }
    mps = book["МПС"]
    assert len([k for k in formulas if k[0] == "МПС"]) == 3
    assert len(formulas) == 16  # 13 bodies of one direction, МПС of three
    for (title, coordinate), formula in formulas.items():
        cells = book[title][formula.removeprefix("=SUM(").removesuffix(")")]
        assert sum(c[0].value or 0 for c in cells) == 100, (title, coordinate)
    assert mps["F6"].value.startswith("=SUM(F7:")


@needs_libreoffice
def test_a_spreadsheet_program_shows_the_totals(cli: Cli, ws: Path, tmp_path: Path) -> None:
    """LibreOffice, not kpi, computes the totals: each direction's is 100; and what it saves
    imports back unchanged."""
    out = tmp_path / "lo"
    libreoffice_convert([export(cli, ws)], "xlsx", out)
    book = load_workbook(out / "rules-2023.xlsx", data_only=True)
    totals = [
        s.cell(r, 6).value
        for s in book.worksheets
        for r in range(1, s.max_row + 1)
        if str(s.cell(r, 2).value or "").startswith("dir:")
    ]
    assert totals == [100] * 16
    # saved by a spreadsheet program that is not openpyxl, the workbook still imports as it was
    result = run_import(cli, ws, out / "rules-2023.xlsx")
    assert result.exit_code == 0, result.output
    for path in (ws / "rules" / "2023").iterdir():
        if path.name != "methodology.yaml":
            assert (ws / "rules" / "2099" / path.name).read_bytes() == path.read_bytes(), path.name


# --- bad edits: refused at the cell, nothing written ------------------------------------------


def refused(cli: Cli, ws: Path, book: Path, *expected: str) -> str:
    before = tree_digest(ws / "rules")
    result = run_import(cli, ws, book)
    assert result.exit_code == 1, result.output
    assert tree_digest(ws / "rules") == before
    assert not (ws / "rules" / "2099").exists()
    for line in expected:
        assert line in result.output, result.output
    return result.output


def set_cell(sheet: str, kpi: str, col: int, value: Any, fmt: str | None = None) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        page = book[sheet]
        cell = page.cell(row_of(page, kpi), col)
        cell.value = value
        if fmt:
            cell.number_format = fmt

    return change


def test_weights_that_do_not_sum(cli: Cli, ws: Path) -> None:
    book = edit(export(cli, ws), set_cell("МВД", "mvd-01", 6, 30))
    refused(
        cli,
        ws,
        book,
        f"{book}!МВД!F6: веса направления «Безопасность» в сумме 110, а должны 100: 30 + 10 + 20 + 15 + 5 + 15 + 15",
    )


def test_text_in_a_number_cell(cli: Cli, ws: Path) -> None:
    book = edit(export(cli, ws), set_cell("МВД", "mvd-02", 7, "сто"))
    out = refused(cli, ws, book, f"{book}!МВД!G8: KPI mvd-02: target (цель N): «сто» не подходит (число не меньше 0")
    assert "rules/2099" not in out


def test_a_percent_sign(cli: Cli, ws: Path) -> None:
    book = edit(export(cli, ws), set_cell("МВД", "mvd-01", 6, "12%"))
    refused(cli, ws, book, f"{book}!МВД!F7: KPI mvd-01: weight (удельный вес U, %): ожидается число, получено «12%»")


def test_a_percent_format(cli: Cli, ws: Path) -> None:
    book = edit(export(cli, ws), set_cell("МВД", "mvd-01", 6, 0.2, "0%"))
    refused(cli, ws, book, f"{book}!МВД!F7: KPI mvd-01: процентный формат")


def test_a_formula(cli: Cli, ws: Path) -> None:
    book = edit(export(cli, ws), set_cell("МВД", "mvd-01", 6, "=10+10"))
    refused(cli, ws, book, f"{book}!МВД!F7: KPI mvd-01: формула в ячейке ввода (=10+10)")


def test_an_unknown_variant(cli: Cli, ws: Path) -> None:
    book = edit(export(cli, ws), set_cell("МВД", "mvd-01", 4, "Доля"))
    refused(cli, ws, book, f"{book}!МВД!D7: KPI mvd-01: неизвестный вариант формулы «Доля»")


def test_a_duplicate_name(cli: Cli, ws: Path) -> None:
    first = (
        "Доля уголовных и административных правонарушений в общественных местах, выявленных с помощью "
        "камер видеонаблюдения"
    )
    book = edit(export(cli, ws), set_cell("МВД", "mvd-02", 3, first))
    refused(cli, ws, book, f"{book}!МВД!C8: KPI mvd-02: такое наименование уже у KPI в {book}!МВД!C7")


def test_a_merged_row(cli: Cli, ws: Path) -> None:
    def change(book: Any) -> None:
        book["МВД"].merge_cells("C7:D7")

    book = edit(export(cli, ws), change)
    refused(cli, ws, book, f"{book}!МВД!C7: объединённые ячейки")


def test_a_deleted_id_column(cli: Cli, ws: Path) -> None:
    def change(book: Any) -> None:
        book["МВД"].delete_cols(2)

    book = edit(export(cli, ws), change)
    refused(cli, ws, book, f"{book}!МВД: нет столбца «KPI id»: его удалили?")


def test_a_sheet_of_another_version(cli: Cli, ws: Path) -> None:
    other = load_workbook(export(cli, ws, "2024-draft"))["МВД"]

    def change(book: Any) -> None:  # the МВД sheet's cells replaced by those of the 2024-draft export
        sheet = book["МВД"]
        for row in other.iter_rows():
            for cell in row:
                if cell.coordinate not in sheet.merged_cells:
                    sheet.cell(cell.row, cell.column).value = cell.value

    book = edit(export(cli, ws), change)
    refused(cli, ws, book, f"{book}!МВД: лист из книги правил 2024-draft, а книга — версии 2023")


def test_a_workbook_of_another_version(cli: Cli, ws: Path) -> None:
    book = export(cli, ws, "2024-draft")
    refused(cli, ws, book, f"{book}: книга выгружена из правил 2024-draft, а импорт идёт от 2023")


def test_a_password_protected_or_corrupt_file(cli: Cli, ws: Path) -> None:
    encrypted = ws / "encrypted.xlsx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)  # how an encrypted .xlsx begins
    refused(cli, ws, encrypted, f"{encrypted}: книга защищена паролем на открытие")
    corrupt = ws / "corrupt.xlsx"
    corrupt.write_bytes(export(cli, ws).read_bytes()[:3000])
    refused(cli, ws, corrupt, f"{corrupt}: это не файл .xlsx")


def test_a_zip_bomb_is_refused_before_it_is_opened(cli: Cli, ws: Path) -> None:
    bomb = ws / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<" + " " * 30_000_000 + ">")
    refused(cli, ws, bomb, f"{bomb}: ")


def test_a_workbook_older_than_its_rules(cli: Cli, ws: Path) -> None:
    book = export(cli, ws)
    path = ws / "rules" / "2023" / "mvd.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# правка\n", encoding="utf-8")
    refused(cli, ws, book, f"{book}: книга выгружена до изменения mvd.yaml в правилах 2023")


def test_an_existing_version_is_refused(cli: Cli, ws: Path) -> None:
    book = export(cli, ws)
    before = tree_digest(ws / "rules")
    result = run_import(cli, ws, book, new="2024-draft")
    assert result.exit_code == 2 and "версия правил 2024-draft уже есть" in result.output
    assert tree_digest(ws / "rules") == before


def test_export_never_overwrites_without_force(cli: Cli, ws: Path) -> None:
    target = export(cli, ws)
    again = cli("rules", "export", "2023", "-o", str(target), "-w", str(ws))
    assert again.exit_code == 2
    assert cli("rules", "export", "2023", "-o", str(target), "--force", "-w", str(ws)).exit_code == 0


def test_one_body_per_workbook(cli: Cli, ws: Path) -> None:
    """Each ministry gets its own workbook; the bodies no workbook holds stay as in OLD."""
    books = []
    for body, kpi, target in (("МВД", "mvd-04", 2), ("МЮ", "mju-01", 50)):
        path = ws / f"{body}.xlsx"
        made = cli("rules", "export", "2023", "-o", str(path), "--body", body, "-w", str(ws))
        assert made.exit_code == 0, made.output
        assert [s for s in load_workbook(path).sheetnames if s not in ("Инструкция", "Методика", "_kpi_rules")] == [
            body
        ]
        books.append(edit(path, set_cell(body, kpi, 7, target)))
    result = run_import(cli, ws, *books)
    assert result.exit_code == 0, result.output
    assert kpis(ws, "mvd")["mvd-04"]["target"] == 2 and kpis(ws, "mju")["mju-01"]["target"] == 50
    for path in (ws / "rules" / "2023").iterdir():
        if path.name not in ("mvd.yaml", "mju.yaml", "methodology.yaml"):
            assert (ws / "rules" / "2099" / path.name).read_bytes() == path.read_bytes(), path.name
    twice = ws / "twice.xlsx"
    twice.write_bytes(books[0].read_bytes())
    again = run_import(cli, ws, books[0], twice, new="2098")
    assert again.exit_code == 1 and not (ws / "rules" / "2098").exists()
    assert f"{twice}!МВД: второй лист органа mvd (первый — {books[0]}!МВД); оставьте один" in again.output


def test_sheet_titles_are_legal_and_unique() -> None:
    from engine.rulesbook.layout import legal_title

    taken: set[str] = set()
    titles = [legal_title(t, taken) for t in ("МВД[1]:*?/\\", "мвд", "МВД", "'x'", "Я" * 40, "Я" * 40, "")]
    assert titles == ["МВД_1______", "мвд", "МВД (2)", "x", "Я" * 31, "Я" * 27 + " (2)", "Лист"]


def test_a_new_variant_brings_its_unit(cli: Cli, ws: Path) -> None:
    def change(book: Any) -> None:
        sheet = book["МВД"]
        sheet.cell(row_of(sheet, "mvd-04"), 4).value = "Количество в единицах (ед.)"

    result = run_import(cli, ws, edit(export(cli, ws), change))
    assert result.exit_code == 0, result.output
    assert changed_lines(ws, "mvd.yaml") == [
        ("        variant: share_higher", "        variant: count"),
        ('        unit: "%"', "        unit: ед."),
    ]


def test_a_target_that_cannot_be_a_share(cli: Cli, ws: Path) -> None:
    book = edit(export(cli, ws), set_cell("МВД", "mvd-01", 7, 150))
    refused(cli, ws, book, f"{book}!МВД!G7: KPI mvd-01: ")
    # a count becoming a share keeps its target of 300: refused at the target, not the variant
    book.unlink()
    book = edit(export(cli, ws), set_cell("МВД", "mvd-05", 4, "Доля, чем больше — тем лучше"))
    out = refused(cli, ws, book, f"{book}!МВД!G11: KPI mvd-05: ")
    assert "300" in out


def test_an_ambiguous_number(cli: Cli, ws: Path) -> None:
    book = edit(export(cli, ws), set_cell("МВД", "mvd-04", 7, "1,125"))
    refused(cli, ws, book, f"{book}!МВД!G10: KPI mvd-04: ")


def test_a_renamed_sheet_and_a_new_kpi_in_a_second_direction(cli: Cli, ws: Path) -> None:
    """Sheets are known by their hidden marks, not titles; a new KPI takes its direction's pattern."""

    def change(book: Any) -> None:
        sheet = book["МПС"]
        sheet.title = "Промышленность и строительство"
        spare = row_of(sheet, "mps-prom-04") + 1
        sheet.cell(row_of(sheet, "mps-prom-04"), 6).value = 30
        sheet.cell(spare, 3).value = "Доля цифровых паспортов предприятий"
        sheet.cell(spare, 4).value = "share_higher"  # the variant's name in the rules is taken too
        sheet.cell(spare, 6).value = "5"
        sheet.cell(spare, 7).value = "12,5"

    result = run_import(cli, ws, edit(export(cli, ws), change))
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((ws / "rules" / "2099" / "mps.yaml").read_text(encoding="utf-8"))
    prom = data["directions"][1]["kpis"]
    assert [k["id"] for k in prom] == ["mps-prom-01", "mps-prom-02", "mps-prom-03", "mps-prom-04", "mps-prom-05"]
    assert prom[-1] == {
        "id": "mps-prom-05",
        "name": "Доля цифровых паспортов предприятий",
        "variant": "share_higher",
        "weight": 5,
        "target": 12.5,
        "unit": "%",
    }
    assert prom[3]["weight"] == 30
    assert_only(ws, "mps")
    assert cli("rules", "validate", "2099", "-w", str(ws)).exit_code == 0


def test_a_deleted_direction_row_and_a_row_given_twice(cli: Cli, ws: Path) -> None:
    def drop(book: Any) -> None:
        sheet = book["МПС"]
        sheet.delete_rows(row_of(sheet, "dir:promyshlennost"))

    book = edit(export(cli, ws), drop)
    refused(cli, ws, book, f"{book}!МПС!C5: нет строки направления «Промышленность»: её удалили?")
    book.unlink()

    def copy(book: Any) -> None:  # a KPI's row copied into an empty row: its hidden id with it
        sheet = book["МВД"]
        source, spare = row_of(sheet, "mvd-01"), row_of(sheet, "mvd-07") + 1
        for col in range(1, 9):
            sheet.cell(spare, col).value = sheet.cell(source, col).value

    book = edit(export(cli, ws), copy)
    refused(cli, ws, book, f"{book}!МВД!C14: KPI mvd-01: строка этого KPI повторяется (первая — в {book}!МВД!C7)")


def test_a_sheet_too_large_is_refused(cli: Cli, ws: Path) -> None:
    def change(book: Any) -> None:
        book["МВД"]["C5000"] = "x"

    book = edit(export(cli, ws), change)
    refused(cli, ws, book, f"{book}!МВД: на листе больше 1000 строк или 40 столбцов")


def test_an_english_workbook_imports_too(cli: Cli, ws: Path) -> None:
    target = ws / "en.xlsx"
    made = cli("rules", "export", "2023", "-o", str(target), "--body", "mvd", "-w", str(ws), lang="en")
    assert made.exit_code == 0, made.output
    sheet = load_workbook(target)["МВД"]
    assert sheet["C5"].value == "KPI name" and sheet["D7"].value == "Доля, чем больше — тем лучше"
    result = run_import(cli, ws, edit(target, set_cell("МВД", "mvd-04", 7, 2)))
    assert result.exit_code == 0, result.output
    assert changed_lines(ws, "mvd.yaml") == [("        target: 1.5", "        target: 2")]
