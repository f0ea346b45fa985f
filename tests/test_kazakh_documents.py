"""Documents in Kazakh (issue 23): `kpi report`, `kpi export`, `kpi quarter forms` and `kpi chart`
with --lang kk name every body, direction, KPI and unit in Kazakh where the rules give it, the
Russian name otherwise, listed once in the document's notes; the figures are those of the Russian
documents; a Kazakh form carries the Russian instruction too and imports like a Russian one."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.conftest import REPO, run_cli

# the ministries' official Kazakh names (rules/2023), by the Russian short name
KAZAKH = {
    "МВД": ("ІІМ", "ҚР Ішкі істер министрлігі", ["Қауіпсіздік"]),
    "МЮ": ("ӘМ", "ҚР Әділет министрлігі", ["Әділет"]),
    "МПС": (
        "ӨҚМ",
        "ҚР Өнеркәсіп және құрылыс министрлігі",
        ["Құрылыс", "Өнеркәсіп", "Геология және жер қойнауын пайдалану"],
    ),
    "МО": ("МО", "ҚР Қорғаныс министрлігі", ["Қорғаныс"]),  # no Kazakh short name in the rules
}


def workbook(path: Path) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_workbook(path)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kk")
    for lang in ("kk", "ru"):
        for command, name in (("report", "report.docx"), ("export", "export.xlsx")):
            result = run_cli(command, "2024Q1", "-o", str(out / f"{lang}-{name}"), "-w", str(REPO), lang=lang)
            assert result.exit_code == 0, result.output
    return out


def test_the_kazakh_report_names_the_bodies_in_kazakh_with_the_same_figures(documents: Path) -> None:
    kk, ru = Document(str(documents / "kk-report.docx")), Document(str(documents / "ru-report.docx"))
    text = "\n".join(p.text for p in kk.paragraphs)
    assert text.startswith("Қазақстан Республикасы мемлекеттік органдары")  # the Kazakh title
    assert "Рейтинг мына формулалар негізінде есептелді" in text  # the Kazakh method block
    assert "Бірлікпен есептелетін сан (бірл.)" in text  # a variant's Kazakh title
    ranking_kk = [[c.text for c in row.cells] for row in kk.tables[0].rows]
    ranking_ru = [[c.text for c in row.cells] for row in ru.tables[0].rows]
    assert len(ranking_kk) == len(ranking_ru) == 15
    for row_kk, row_ru in zip(ranking_kk[1:], ranking_ru[1:], strict=True):
        assert row_kk[0] == row_ru[0] and row_kk[-1] == row_ru[-1]  # place and R: the same
        assert "Министерство" not in row_kk[1] and row_kk[1].endswith("министрлігі")
    assert ranking_kk[2] == ["2", "ҚР Ішкі істер министрлігі", "Қауіпсіздік", "90,1"]
    # the summary table: every figure as in the Russian report; KPI names in Russian (no
    # official Kazakh wording in the rules), the unit «ед.» as «бірл.»
    cells_kk = [[c.text for c in row.cells] for t in kk.tables[1:2] for row in t.rows]
    cells_ru = [[c.text for c in row.cells] for t in ru.tables[1:2] for row in t.rows]
    assert len(cells_kk) == len(cells_ru)
    for row_kk, row_ru in zip(cells_kk, cells_ru, strict=True):
        if len(set(row_ru)) > 1 and row_ru[0].isdigit() and not row_ru[1].isdigit():  # a KPI row
            assert row_kk[0] == row_ru[0] and row_kk[2:4] == row_ru[2:4] and row_kk[5:] == row_ru[5:]
            assert row_kk[1] == row_ru[1]  # the KPI's Russian name, said in the notes
            assert row_kk[4] == {"%": "%", "ед.": "бірл.", "ед": "бірл."}[row_ru[4]]
    # said once, in the notes: each body's KPI names left in Russian, and МО's short name
    note = "Ережелерде келесі атаулардың ресми қазақша редакциясы жоқ, сондықтан олар орыс тілінде келтірілген:"
    assert text.count(note) == 1
    assert "ІІМ: KPI атаулары: №1, №2, №3, №4, №5, №6, №7" in text
    assert "МО: қысқа атауы «МО»; KPI атаулары:" in text
    assert "ӨҚМ: KPI атаулары: №1, №2, №3, №4, №5, №6, №7, №8, №9, №10 (Құрылыс); №1, №2, №3, №4 (Өнеркәсіп);" in text


def test_the_russian_report_has_no_kazakh_note(documents: Path) -> None:
    text = "\n".join(p.text for p in Document(str(documents / "ru-report.docx")).paragraphs)
    assert "министрлігі" not in text and "ресми қазақша" not in text


def test_the_kazakh_export_has_kazakh_sheets_and_the_same_formulas(documents: Path) -> None:
    kk, ru = workbook(documents / "kk-export.xlsx"), workbook(documents / "ru-export.xlsx")
    assert kk.sheetnames[1:4] == ["ӘМ", "ІІМ", "ЕХӘҚМ"] and ru.sheetnames[1:4] == ["МЮ", "МВД", "МТСЗН"]
    ranking_kk, ranking_ru = kk.worksheets[0], ru.worksheets[0]
    for row in range(4, 18):
        assert ranking_kk.cell(row, 1).value == ranking_ru.cell(row, 1).value  # =RANK(…)
        assert ranking_kk.cell(row, 3).value.endswith("министрлігі")
    sheet_kk, sheet_ru = kk["ІІМ"], ru["МВД"]
    for row_kk, row_ru in zip(sheet_kk.iter_rows(values_only=True), sheet_ru.iter_rows(values_only=True), strict=True):
        for value_kk, value_ru in zip(row_kk, row_ru, strict=True):
            if isinstance(value_ru, str) and value_ru.startswith("="):
                assert value_kk == value_ru  # every formula the same: the same figures
    notes = [ranking_kk.cell(row, 1).value for row in range(19, 40)]
    assert notes[0].startswith("Қазақша атаулар 2023 ережелері бойынша берілді.")
    assert "ІІМ: KPI атаулары: №1, №2, №3, №4, №5, №6, №7" in notes


def test_a_kazakh_form_carries_both_instructions_and_imports_as_a_russian_one(
    scratch: Callable[[str], Path],
) -> None:
    root = scratch("repo")
    assert run_cli("quarter", "new", "2024Q2", "-w", str(root)).exit_code == 0
    result = run_cli("quarter", "forms", "2024Q1", "-o", str(root / "kk"), "-w", str(root), lang="kk")
    assert result.exit_code == 0, result.output
    book = workbook(root / "kk" / "mvd-2024Q1.xlsx")
    sheet = book["ІІМ"]
    assert sheet["A2"].value == "ІІМ — ҚР Ішкі істер министрлігі"
    from engine.i18n import tr

    instruction = sheet["A4"].value
    assert tr("form-instruction", "kk") in instruction and tr("form-instruction", "ru") in instruction
    assert "ІІМ: KPI атаулары: №1, №2, №3, №4, №5, №6, №7" in instruction
    assert sheet["D11"].value == "бірл."  # mvd-05, police stations: a count
    # 2024Q1's values typed into 2024Q2's Kazakh forms: they import, and score as 2024Q1
    blank = run_cli("quarter", "forms", "2024Q2", "-o", str(root / "blank"), "-w", str(root), lang="kk")
    assert blank.exit_code == 0, blank.output
    for path in sorted((root / "kk").glob("*.xlsx")):
        source = workbook(path)
        target = root / "blank" / path.name.replace("2024Q1", "2024Q2")
        book = workbook(target)
        title = source.sheetnames[0]
        for row in source[title].iter_rows(min_row=7, min_col=7, max_col=8):
            for cell in row:
                book[title][cell.coordinate] = cell.value
        book.save(target)
    imported = run_cli("quarter", "import", "2024Q2", str(root / "blank"), "-w", str(root), lang="kk")
    assert imported.exit_code == 0, imported.output
    original = json.loads(run_cli("score", "2024Q1", "--json", "-w", str(REPO)).output)
    copied = json.loads(run_cli("score", "2024Q2", "--json", "-w", str(root)).output)
    assert [b["R"] for b in copied["bodies"]] == [b["R"] for b in original["bodies"]]


def test_the_kazakh_chart_names_the_bodies_by_their_kazakh_short_names(tmp_path: Path) -> None:
    result = run_cli("chart", "2024Q1", "-o", str(tmp_path / "kk.svg"), "-w", str(REPO), lang="kk")
    assert result.exit_code == 0, result.output
    svg = (tmp_path / "kk.svg").read_text(encoding="utf-8")
    for short in ("ІІМ", "ӨҚМ", "ЕХӘҚМ", "МО"):
        assert short in svg or all(f"&#{ord(ch)};" in svg or ch in svg for ch in short)


def test_a_kazakh_card_and_the_history_name_the_bodies_in_kazakh(tmp_path: Path) -> None:
    result = run_cli("cards", "2024Q1", "-o", str(tmp_path / "cards"), "--body", "МВД", "-w", str(REPO), lang="kk")
    assert result.exit_code == 0, result.output
    text = [p.text for p in Document(str(tmp_path / "cards" / "mvd-2024Q1.docx")).paragraphs]
    assert any("ҚР Ішкі істер министрлігі" in line for line in text)
    # the plan's words too: МЮ, first with 96,4, is ӘМ in Kazakh
    assert any("(ӘМ нәтижесі;" in line for line in text) and not any("МЮ" in line for line in text)
    assert any(line.endswith("ІІМ: KPI атаулары: №1, №2, №3, №4, №5, №6, №7") for line in text)
    history = run_cli("history", "2023Q4", "2024Q1", "-w", str(REPO), lang="kk", columns=120)
    assert history.exit_code == 0, history.output
    assert "ІІМ" in history.output and "МВД" not in history.output


# --- the terminal and the web site in Kazakh: the bodies as the Kazakh documents name them ---------

# Russian short names of the bodies the rules give a Kazakh one (МО has none: ҚМ is МФ's)
RUSSIAN_SHORTS = ("МЮ", "МВД", "МТСЗН", "МПС", "МСХ", "МЗ", "МНВО", "МТИ", "МП", "МФ", "МЭПР", "МЭ", "МТ")
_LETTER = r"[\wА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]"


def russian_shorts_in(text: str) -> list[str]:
    import re

    return [s for s in RUSSIAN_SHORTS if re.search(rf"(?<!{_LETTER}){s}(?!{_LETTER})", text)]


def test_explain_plan_and_compare_in_kazakh_name_the_bodies_in_kazakh() -> None:
    explained = run_cli("explain", "2024Q1", "МВД", "1", "-w", str(REPO), lang="kk")  # named as staff type it
    assert explained.exit_code == 0 and explained.stdout.startswith("ІІМ — ҚР Ішкі істер министрлігі")
    planned = run_cli("plan", "2024Q1", "МО", "-w", str(REPO), lang="kk")
    assert planned.exit_code == 0 and russian_shorts_in(planned.stdout) == [], planned.stdout
    compared = run_cli("compare", "2023Q4", "2024Q1", "-w", str(REPO), lang="kk")
    assert compared.exit_code == 0 and russian_shorts_in(compared.stdout) == []
    assert "ӘМ" in compared.stdout and "ІІМ" in compared.stdout
    # and in Russian, as before
    assert "МВД" in run_cli("compare", "2023Q4", "2024Q1", "-w", str(REPO)).stdout


def test_the_kazakh_web_pages_name_the_bodies_in_kazakh(tmp_path: Path) -> None:
    import html
    import re

    site = tmp_path / "site"
    assert run_cli("site", "-o", str(site), "-w", str(REPO)).exit_code == 0
    for page in ("index.html", "quarter-2024Q1.html", "body-mo.html", "body-mvd.html"):
        text = html.unescape(re.sub(r"<[^>]+>", " ", (site / "kk" / page).read_text(encoding="utf-8")))
        assert russian_shorts_in(text) == [], page
