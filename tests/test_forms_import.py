"""`kpi quarter forms` and `kpi quarter import`: the forms, the round trip, and every bad cell
staff plausibly type, each placed at its cell, none changing a file."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import warnings
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from engine.numbers import parse_text
from tests.conftest import REPO, libreoffice_convert, needs_libreoffice, run_cli, tree_digest

Edit = Callable[[Any], None]


def workbook(path: Path) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_workbook(path)


@pytest.fixture
def ws(scratch: Callable[[str], Path]) -> Path:
    """The repository's workspace with an empty 2024Q2 and the forms of 2024Q1 made for it."""
    root = scratch("repo")
    assert run_cli("quarter", "new", "2024Q2", "-w", str(root)).exit_code == 0
    assert run_cli("quarter", "forms", "2024Q1", "-o", str(root / "source"), "-w", str(root)).exit_code == 0
    assert run_cli("quarter", "forms", "2024Q2", "-o", str(root / "blank"), "-w", str(root)).exit_code == 0
    (root / "filled").mkdir()
    for path in sorted((root / "source").glob("*.xlsx")):  # 2024Q1's values, typed into 2024Q2's forms
        source = workbook(path)
        name = path.name.replace("2024Q1", "2024Q2")
        book = workbook(root / "blank" / name)
        for title in source.sheetnames[:1]:
            for row in source[title].iter_rows(min_row=7, min_col=7, max_col=8):
                for cell in row:
                    book[title][cell.coordinate] = cell.value
        book.save(root / "filled" / path.name)  # under 2024Q1's names, as the tests name them
    return root


def edited(ws: Path, name: str, edit: Edit) -> Path:
    """A copy of one filled form with `edit` applied to its workbook, alone in a folder."""
    folder = ws / "edited"
    folder.mkdir(exist_ok=True)
    target = folder / name
    book = workbook(ws / "filled" / name)
    edit(book)
    book.save(target)
    return target


def imported(ws: Path, *paths: Path | str, extra: tuple[str, ...] = ()) -> Any:
    return run_cli("quarter", "import", "2024Q2", *map(str, paths), *extra, "-w", str(ws))


def test_a_form_is_protected_and_says_what_it_is(scratch: Callable[[str], Path]) -> None:
    root = scratch("repo")
    result = run_cli("quarter", "forms", "2024Q1", "-o", str(root / "forms"), "-w", str(root))
    assert result.exit_code == 0, result.output
    assert len(list((root / "forms").glob("*.xlsx"))) == 14
    book = workbook(root / "forms" / "mvd-2024Q1.xlsx")
    sheet = book["МВД"]
    assert sheet["A2"].value == "МВД — Министерство внутренних дел РК"
    assert [c.value for c in sheet[6]] == ["№", "KPI", "Наименование KPI", "Ед.", "U, %", "N", "a", "b"]
    assert [sheet.cell(r, 2).value for r in range(7, 14)] == [f"mvd-0{i}" for i in range(1, 8)]
    assert (sheet["G7"].value, sheet["H7"].value) == (156710, 363249)  # the quarter's values, carried
    assert sheet.protection.sheet and not sheet["G7"].protection.locked and sheet["C7"].protection.locked
    assert sheet["H11"].protection.locked  # mvd-05 is a count: no b
    rules = sorted((str(dv.sqref), dv.formula1) for dv in sheet.data_validations.dataValidation)
    assert [r[0] for r in rules] == ["G7:G13", "H7:H13"]
    assert rules[0][1].startswith('OR(AND(ISNUMBER(G7),G7>=0),G7="-",') and rules[1][1].startswith(
        "OR(AND(ISNUMBER(H7)"
    )
    assert sheet["G7"].number_format == "#,##0.######"  # 177363 shows as 177 363
    assert (sheet["A5"].value, sheet["D5"].value) == ("Ответственный:", "Телефон:")
    assert not sheet["C5"].protection.locked and not sheet["G5"].protection.locked
    assert book["_kpi"].sheet_state == "veryHidden"
    assert [list(r) for r in book["_kpi"].iter_rows(values_only=True)][:4] == [
        ["format", "kpi-workbook/1", None, None],
        ["quarter", "2024Q1", None, None],
        ["rules", "2023", None, None],
        ["body", "mvd", "МВД", book["_kpi"]["D4"].value],
    ]
    assert len(book["_kpi"]["D4"].value) == 32  # the form's token, never the secret
    again = run_cli("quarter", "forms", "2024Q1", "-o", str(root / "forms"), "-w", str(root))
    assert again.exit_code == 2  # no form is written over without --force


def test_forms_filled_with_2024q1_import_to_the_same_values_and_scores(ws: Path) -> None:
    dry = imported(ws, ws / "filled", extra=("--dry-run",))
    assert dry.exit_code == 0 and "Ничего не записано" in dry.output
    assert "- " not in (ws / "quarters" / "2024Q2" / "mvd.yaml").read_text(encoding="utf-8").split("kpis:")[1]
    result = imported(ws, ws / "filled")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("Загружено форм: 14; изменений: 227; записано файлов: 14")
    assert "МВД mvd-01 a: (пусто) → 156 710" in result.output.splitlines()  # every change is said
    original = json.loads(run_cli("score", "2024Q1", "--json", "-w", str(REPO)).output)
    copied = json.loads(run_cli("score", "2024Q2", "--json", "-w", str(ws)).output)
    assert [b["R"] for b in copied["bodies"]] == [b["R"] for b in original["bodies"]]
    for body_a, body_b in zip(original["bodies"], copied["bodies"], strict=True):
        for d_a, d_b in zip(body_a["directions"], body_b["directions"], strict=True):
            for k_a, k_b in zip(d_a["kpis"], d_b["kpis"], strict=True):
                assert (k_b["a"], k_b["b"], k_b["W"]) == (k_a["a"], k_a["b"], k_a["W"])
    # importing the same forms again changes nothing
    again = imported(ws, ws / "filled")
    assert again.exit_code == 0 and "изменений: 0" in again.output


def test_a_body_file_that_does_not_read_is_not_written_over(ws: Path) -> None:
    broken = ws / "quarters" / "2024Q2" / "mvd.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "  mvd-01: [\n", encoding="utf-8")
    before = tree_digest(ws / "quarters")
    result = imported(ws, ws / "filled")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("quarters/2024Q2/mvd.yaml:1:1: файл органа не читается")
    assert tree_digest(ws / "quarters") == before


@needs_libreoffice
def test_forms_saved_again_by_libreoffice_import_unchanged(ws: Path) -> None:
    # what a ministry does with no Excel: open the form in LibreOffice Calc, save it as .xlsx
    assert imported(ws, ws / "filled").exit_code == 0
    before = tree_digest(ws / "quarters")
    libreoffice_convert(sorted((ws / "filled").glob("*.xlsx")), "xlsx", ws / "resaved")
    again = imported(ws, ws / "resaved")
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[-1].startswith("Загружено форм: 14; изменений: 0; записано файлов: 0")
    assert tree_digest(ws / "quarters") == before


def test_a_changed_value_needs_force_and_is_listed(ws: Path) -> None:
    assert imported(ws, ws / "filled").exit_code == 0
    before = tree_digest(ws / "quarters")

    def change(book: Any) -> None:
        book["МВД"]["G7"] = 200000

    form = edited(ws, "mvd-2024Q1.xlsx", change)
    refused = imported(ws, form)
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == (
        f"{form}!МВД!G7: KPI mvd-01: a уже заполнено: «156 710», в форме — «200 000»; чтобы заменить, добавьте --force"
    )
    assert tree_digest(ws / "quarters") == before
    forced = imported(ws, form, extra=("--force",))
    assert forced.exit_code == 0
    assert forced.output.splitlines()[0] == "МВД mvd-01 a: 156 710 → 200 000"
    assert 'a: "200 000"' in (ws / "quarters" / "2024Q2" / "mvd.yaml").read_text(encoding="utf-8")


def test_a_form_sorted_and_renamed_still_imports(ws: Path) -> None:
    def shuffle(book: Any) -> None:
        sheet = book["МВД"]
        rows = [[sheet.cell(r, c).value for c in range(1, 9)] for r in range(7, 14)]
        for offset, values in enumerate(reversed(rows)):
            for column, value in enumerate(values, start=1):
                sheet.cell(7 + offset, column).value = value
        sheet.title = "Лист1"

    form = edited(ws, "mvd-2024Q1.xlsx", shuffle)
    assert imported(ws, form).exit_code == 0
    text = (ws / "quarters" / "2024Q2" / "mvd.yaml").read_text(encoding="utf-8")
    assert "mvd-01:  # №1" in text and 'a: "156 710"' in text


def _set(cell: str, value: Any, number_format: str | None = None) -> Edit:
    def edit(book: Any) -> None:
        book["МВД"][cell] = value
        if number_format:
            book["МВД"][cell].number_format = number_format

    return edit


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        (_set("G7", "много"), "{f}!МВД!G7: KPI mvd-01: «много» — не число; ожидается, например, 156710"),
        (_set("G7", "12%"), "{f}!МВД!G7: KPI mvd-01: «12%» — процент; в ячейку вписывают само количество"),
        (_set("G7", "45 %"), "{f}!МВД!G7: KPI mvd-01: «45 %» — процент; в ячейку вписывают само количество"),
        (_set("G7", "1.234,5"), "{f}!МВД!G7: KPI mvd-01: «1.234,5» — тысячи отделены точкой; впишите число без точек"),
        (_set("G7", "1.234.567"), "{f}!МВД!G7: KPI mvd-01: «1.234.567» — тысячи отделены точкой"),
        (_set("G7", "1,234.5"), "{f}!МВД!G7: KPI mvd-01: «1,234.5» — тысячи отделены запятой, а дробная часть точкой"),
        (_set("G7", "1,234"), "{f}!МВД!G7: KPI mvd-01: «1,234» читается двояко: 1 234 или 1,2340?"),
        (
            _set("G7", None),
            "{f}!МВД!G7: KPI mvd-01: ячейка не заполнена; впишите значение, а если данных нет — дефис (-)",
        ),
        (_set("H12", "  "), "{f}!МВД!H12: KPI mvd-06: ячейка не заполнена"),
        (_set("G7", "—"), "{f}!МВД!G7: KPI mvd-01: «—» — длинное тире; если данных нет, впишите дефис (-)"),
        (_set("G7", -5), "{f}!МВД!G7: KPI mvd-01: «-5» — отрицательное значение; числитель и знаменатель"),
        (_set("G7", "20,100"), "{f}!МВД!G7: KPI mvd-01: «20,100» читается двояко: 20 100 или 20,1?"),
        (
            _set("G7", dt.datetime(2024, 3, 5)),
            "{f}!МВД!G7: KPI mvd-01: в ячейке дата (2024-03-05 00:00:00): Excel превратил",
        ),
        (_set("G7", "=1+1"), "{f}!МВД!G7: KPI mvd-01: формула в ячейке ввода (=1+1); впишите само значение"),
        (_set("G7", 0.12, "0%"), "{f}!МВД!G7: KPI mvd-01: процентный формат: в ячейке 0.12, а на экране — проценты"),
        (_set("G7", True), "{f}!МВД!G7: KPI mvd-01: в ячейке «истина/ложь», а нужно число"),
        (_set("B7", "mvd-99"), "{f}!МВД!B7: «mvd-99» — не KPI этих правил; в столбце KPI должен остаться"),
        (_set("B8", "mvd-01"), "{f}!МВД!B8: KPI mvd-01: строка этого KPI повторяется (первая — в B7); оставьте одну"),
        (lambda book: book["МВД"].delete_rows(9), "{f}!МВД: KPI mvd-03: нет строки KPI №3: её удалили?"),
        (
            lambda book: book["МВД"].merge_cells("G8:H8"),
            "{f}!МВД!B8: объединённые ячейки в строках KPI; разъедините их",
        ),
        (_set("B7", "mju-01"), "{f}!МВД!B7: KPI mju-01: строка KPI органа МЮ, а лист — органа mvd"),
    ],
)
def test_every_bad_cell_is_placed_and_changes_nothing(ws: Path, edit: Edit, line: str) -> None:
    form = edited(ws, "mvd-2024Q1.xlsx", edit)
    before = tree_digest(ws / "quarters")
    result = imported(ws, form)
    assert result.exit_code == 1, result.output
    assert any(out.startswith(line.format(f=form)) for out in result.stderr.splitlines()), result.stderr
    assert "внутренняя ошибка" not in result.stderr
    for word in ('"', "YAML", "кавычк", "field", "поле "):  # a clerk is told in a clerk's words
        assert word not in result.stderr.replace(str(form), ""), (word, result.stderr)
    assert tree_digest(ws / "quarters") == before


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"not a workbook at all", "это не файл .xlsx (или он повреждён, или защищён паролем)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "это не файл .xlsx (или он повреждён, или защищён паролем)"),
        (b"PK\x03\x04" + bytes(100), "это не файл .xlsx (или он повреждён, или защищён паролем)"),
    ],
    ids=["text", "encrypted", "corrupt"],
)
def test_what_is_not_a_form(ws: Path, content: bytes, line: str) -> None:
    target = ws / "bad.xlsx"
    target.write_bytes(content)
    result = imported(ws, target)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"{target}: {line}")


def _rezipped(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            copy.writestr(item.filename, replace.pop(item.filename, original.read(item.filename)))
        for name, data in replace.items():
            copy.writestr(name, data)
    return target


def test_hostile_workbooks_are_refused_in_bounded_time(ws: Path) -> None:
    form = ws / "filled" / "mvd-2024Q1.xlsx"
    bomb = _rezipped(form, ws / "bomb.xlsx", {"xl/media/zeros.bin": bytes(60_000_000)})  # 60 MB → 60 kB
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    for n in range(1, 10):
        laughs += f'<!ENTITY {"a" * (n + 1)} "{("&" + "a" * n + ";") * 10}">'.encode()
    laughs += b"]><x>&aaaaaaaaaa;</x>"
    entities = _rezipped(form, ws / "laughs.xlsx", {"xl/worksheets/sheet1.xml": laughs})
    fifo = ws / "pipe.xlsx"
    os.mkfifo(fifo)
    before = tree_digest(ws / "quarters")
    for path, line in (
        (bomb, "файл распаковывается больше чем в 50000000 байт"),
        (entities, "это не файл .xlsx"),
        (fifo, "это не файл, а канал (FIFO)"),
    ):
        result = imported(ws, path)
        assert result.exit_code == 1, (path, result.output)
        assert result.stderr.startswith(f"{path}: {line}"), result.stderr
        assert "внутренняя ошибка" not in result.stderr
    assert tree_digest(ws / "quarters") == before


def test_a_form_of_other_rules_or_another_quarter_is_refused(ws: Path) -> None:
    def meta(key: str, value: str) -> Edit:
        def edit(book: Any) -> None:
            for row in book["_kpi"].iter_rows():
                if row[0].value == key:
                    row[1].value = value

        return edit

    other_rules = edited(ws, "mvd-2024Q1.xlsx", meta("rules", "2024-draft"))
    assert imported(ws, other_rules).stderr.splitlines()[0] == (
        f"{other_rules}: форма сделана для правил 2024-draft, а квартал 2024Q2 считается по правилам 2023;"
        " сделайте формы заново: kpi quarter forms 2024Q2"
    )
    other_quarter = edited(ws, "mvd-2024Q1.xlsx", meta("quarter", "2023Q4"))
    assert "форма за квартал 2023Q4, а загружается в 2024Q2" in imported(ws, other_quarter).stderr
    plain = ws / "plain.xlsx"
    book = workbook(ws / "filled" / "mvd-2024Q1.xlsx")
    del book["_kpi"]
    book.save(plain)
    assert "это не форма kpi" in imported(ws, plain).stderr


def test_an_empty_form_is_a_warning(ws: Path) -> None:
    def empty(book: Any) -> None:
        for row in range(7, 14):
            book["МВД"][f"G{row}"] = None
            book["МВД"][f"H{row}"] = None

    form = edited(ws, "mvd-2024Q1.xlsx", empty)
    result = imported(ws, form)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"{form}: предупреждение: форма возвращена без единого значения"]
    assert imported(ws, form, extra=("--strict",)).exit_code == 1


def test_numeric_cells_are_read_exactly(ws: Path) -> None:
    def values(book: Any) -> None:
        book["МВД"]["G7"] = 3714388.81  # a binary float; its shortest decimal is what was typed
        book["МВД"]["H7"] = 1.125
        book["МВД"]["G8"] = 0.1234567  # seven decimals: beyond the bound, refused at its cell

    form = edited(ws, "mvd-2024Q1.xlsx", values)
    refused = imported(ws, form)
    assert refused.stderr.splitlines()[0] == (
        f"{form}!МВД!G8: KPI mvd-02: «0,1234567»: больше 6 знаков после запятой; округлите значение до 6 знаков"
    )
    book = workbook(form)
    book["МВД"]["G8"] = 100
    book.save(form)
    assert imported(ws, form).exit_code == 0
    text = (ws / "quarters" / "2024Q2" / "mvd.yaml").read_text(encoding="utf-8")
    assert 'a: "3 714 388,81"' in text
    assert 'b: "1,1250"' in text  # 1,125 would read two ways
    assert parse_text("1,1250").value == Decimal("1.125")


def test_forms_folder_problems(scratch: Callable[[str], Path]) -> None:
    root = scratch("repo")
    missing = run_cli("quarter", "forms", "2024Q1", "-o", str(root / "no" / "forms"), "-w", str(root))
    assert missing.exit_code == 1
    shutil.rmtree(root / "quarters" / "2023Q4")
    assert run_cli("quarter", "import", "2024Q1", str(root / "nothing"), "-w", str(root)).exit_code in (1, 2)


def test_a_form_being_filled_imports_with_partial_and_says_its_empty_cells_in_one_line(ws: Path) -> None:
    def half(book: Any) -> None:
        for row in (9, 10, 11):
            book["МВД"][f"G{row}"] = None

    form = edited(ws, "mvd-2024Q1.xlsx", half)
    assert imported(ws, form).exit_code == 1
    result = imported(ws, form, extra=("--partial",))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{form}: предупреждение: форма заполнена не полностью: пустых ячеек — 3 (G9, G10, G11)"
    ]
    # the summary names the bodies whose form has not come back; so does quarter status
    waiting = [line for line in result.stdout.splitlines() if line.startswith("Ещё не вернули форму")]
    assert waiting == ["Ещё не вернули форму (13): МЭ, МЭПР, МФ, МЮ, МНВО, МО, МП, МПС, МСХ, МТ, МТИ, МТСЗН, МЗ"]
    status = run_cli("quarter", "status", "2024Q2", "-w", str(ws))
    assert waiting[0] in status.output.splitlines()


def test_the_validation_accepts_what_the_import_accepts() -> None:
    """The form's validation formula, computed by a spreadsheet engine that is not ours
    (`formulas`, in its English locale: a decimal point), against what the import reads."""
    import formulas

    from engine.collect.forms import validation_formula

    check = formulas.Parser().ast("=" + validation_formula("A1").replace("A1", "X"))[1].compile()
    accepted = [177363, 0, 3714388.81, "-", "177 363", "1 318 826", "177\u00a0363", "4,05 млрд", "628,54 млрд тенге"]
    refused = [-5, "12%", "45 %", "много", "—", "x"]
    for value in accepted:
        assert bool(check(value)), value
    for value in refused:
        assert not bool(check(value)), value


def test_the_contact_is_carried_into_the_quarter(ws: Path) -> None:
    def contact(book: Any) -> None:
        book["МВД"]["C5"] = "Иванов И. И., начальник отдела"
        book["МВД"]["G5"] = "+7 717 255 00 00"

    form = edited(ws, "mvd-2024Q1.xlsx", contact)
    assert imported(ws, form).exit_code == 0
    text = (ws / "quarters" / "2024Q2" / "mvd.yaml").read_text(encoding="utf-8")
    assert '  person: "Иванов И. И., начальник отдела"\n  phone: "+7 717 255 00 00"\n' in text
    assert run_cli("quarter", "validate", "2024Q2", "-w", str(ws)).exit_code in (0, 1)
    assert "контакт" not in run_cli("quarter", "validate", "2024Q2", "-w", str(ws)).output  # the file reads
    # a form that gives none keeps it
    again = edited(ws, "mvd-2024Q1.xlsx", lambda book: None)
    assert imported(ws, again, extra=("--force",)).exit_code == 0
    assert '  phone: "+7 717 255 00 00"' in (ws / "quarters" / "2024Q2" / "mvd.yaml").read_text(encoding="utf-8")
    # forms made again carry it
    assert run_cli("quarter", "forms", "2024Q2", "-o", str(ws / "again"), "-w", str(ws)).exit_code == 0
    sheet = workbook(ws / "again" / "mvd-2024Q2.xlsx")["МВД"]
    assert (sheet["C5"].value, sheet["G5"].value) == ("Иванов И. И., начальник отдела", "+7 717 255 00 00")
