"""`kpi report` and `kpi chart`: the document read back and compared with `kpi score --json`,
the chart, the rules for writing a file, and LibreOffice's reading of the document."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PIL import Image

from tests.conftest import REPO, run_cli


@pytest.fixture(scope="module")
def scored() -> dict[str, Any]:
    return json.loads(run_cli("score", "2024Q1", "--json", "-w", str(REPO)).output)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.docx"
    result = run_cli("report", "2024Q1", "-o", str(path), "-w", str(REPO))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Записан файл {path}"
    return path


def ru(value: str) -> str:
    return value.replace(".", ",")


def spaces(text: str) -> str:
    return text.replace("\u00a0", " ")


def cells(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_every_figure_of_the_document_is_the_scored_one(report: Path, scored: dict[str, Any]) -> None:
    document = Document(str(report))
    tables = [cells(t) for t in document.tables]
    ranking = next(t for t in tables if t[0] == ["Место", "Орган", "Наименование", "R"])
    assert ranking[1:] == [[str(b["rank"]), b["short"], b["name"], ru(b["R"])] for b in scored["bodies"]]
    kpi_tables = [t for t in tables if t[0][0] == "№"]
    expected = [d for b in scored["bodies"] for d in b["directions"]]  # ranking order, then directions
    assert len(kpi_tables) == len(expected) == 16
    for table, direction in zip(kpi_tables, expected, strict=True):
        for row, kpi in zip(table[1:], direction["kpis"], strict=True):
            no, name, u, n, unit, a, b, z, w = row
            assert (int(no), name, u, unit) == (kpi["no"], kpi["name"], ru(kpi["U"]), kpi["unit"])
            assert n == (ru(kpi["N"]) if kpi["N"] is not None else "-")
            # as entered, but a number is never split between lines: its group spaces are no-break
            assert spaces(a) == spaces(kpi["a_text"] or "") and spaces(b) == spaces(kpi["b_text"] or "")
            assert z == (ru(kpi["Z"]) if kpi["Z"] is not None else "-")
            assert w.split(" [")[0] == ru(kpi["W"])  # all 115 W
            assert (" [" in w) == (kpi["reason"] is not None)  # a note for every zero a policy decided
    text = "\n".join(p.text for p in document.paragraphs)
    for body in scored["bodies"]:
        assert f"Итоговый результат {body['short']} (R): {ru(body['R'])}" in text
        assert f"Место {body['rank']} из 14, R = {ru(body['R'])}" in text
        if len(body["directions"]) > 1:
            for direction in body["directions"]:
                assert f"Результат по направлению «{direction['name']}»: {ru(direction['sum'])}" in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == [f"3.{i}. {b['short']} — {b['name']}" for i, b in enumerate(scored["bodies"], start=1)]
    assert "по итогам I квартала 2024 года" in text
    assert "Правила расчёта: версия 2023" in text
    assert (
        "Лидирует МЮ (Министерство юстиции РК) (96,4); замыкает рейтинг МТ (Министерство транспорта РК) (19,2)" in text
    )


def test_the_chart_is_in_the_document_at_print_resolution(report: Path) -> None:
    document = Document(str(report))
    [shape] = document.inline_shapes
    assert abs(shape.width.cm - 16.5) < 0.01
    blob = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
    with Image.open(io.BytesIO(document.part.related_parts[blob].blob)) as image:
        assert image.format == "PNG" and image.width >= 1800 and 0.5 < image.height / image.width < 1.0


def test_header_rows_repeat_and_columns_fit_the_page(report: Path) -> None:
    document = Document(str(report))
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        assert (
            table.rows[0]._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
            is not None
        )
        widths = [cell.width for cell in table.rows[0].cells]
        assert abs(sum(widths) - text_width) < 20000  # EMU: within a fraction of a millimetre
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_an_example_quarter_says_so_on_the_title_page_and_every_page(tmp_path: Path) -> None:
    path = tmp_path / "example.docx"
    assert run_cli("report", "2023Q4", "-o", str(path), "-w", str(REPO)).exit_code == 0
    document = Document(str(path))
    banner = "ПРИМЕР: значения иллюстративные, не официальные"
    assert banner in [p.text for p in document.paragraphs[:10]]
    assert banner in [p.text for p in document.sections[0].header.paragraphs]


def test_the_comparison_section_is_compares_view(tmp_path: Path) -> None:
    path = tmp_path / "compared.docx"
    assert run_cli("report", "2024Q1", "--compare", "2023Q4", "-o", str(path), "-w", str(REPO)).exit_code == 0
    compared = json.loads(run_cli("compare", "2023Q4", "2024Q1", "--json", "-w", str(REPO)).output)
    table = next(cells(t) for t in Document(str(path)).tables if t.rows[0].cells[1].text == "Сдвиг")
    assert [row[2] for row in table[1:]] == [b["short"] for b in compared["bodies"]]
    assert [row[4] for row in table[1:]] == [
        ("+" if b["dR"][0] not in "-0" else "") + ru(b["dR"]) for b in compared["bodies"]
    ]


def test_a_file_is_never_overwritten_without_force_and_appears_whole(tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    path.write_bytes(b"mine")
    refused = run_cli("report", "2024Q1", "-o", str(path), "-w", str(REPO))
    assert refused.exit_code == 2
    assert (
        refused.stderr.strip() == f"{path} уже существует; выберите другое имя или добавьте --force, чтобы заменить его"
    )
    assert path.read_bytes() == b"mine"
    assert run_cli("report", "2024Q1", "-o", str(path), "--force", "-w", str(REPO)).exit_code == 0
    assert path.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]  # no temporary file left


def test_where_a_file_cannot_go(tmp_path: Path) -> None:
    missing = run_cli("report", "2024Q1", "-o", str(tmp_path / "nope" / "r.docx"), "-w", str(REPO))
    assert (missing.exit_code, missing.stderr.strip()) == (
        1,
        f"{tmp_path / 'nope' / 'r.docx'}: папки {tmp_path / 'nope'} нет; создайте её или укажите другую",
    )
    folder = tmp_path / "r.docx"
    folder.mkdir()
    assert (
        run_cli("report", "2024Q1", "-o", str(folder), "-w", str(REPO)).stderr.strip()
        == f"{folder} — это папка; укажите имя файла"
    )
    wrong = run_cli("report", "2024Q1", "-o", str(tmp_path / "r.pdf"), "-w", str(REPO))
    assert (wrong.exit_code, wrong.stderr.strip()) == (
        2,
        f"{tmp_path / 'r.pdf'}: такой формат не создаётся; имя файла должно оканчиваться на .docx",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_an_unwritable_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = run_cli("report", "2024Q1", "-o", str(locked / "r.docx"), "-w", str(REPO))
    assert result.exit_code == 1 and "записать не удалось" in result.stderr


def test_the_chart_as_png_and_svg(tmp_path: Path, scored: dict[str, Any]) -> None:
    png, svg = tmp_path / "chart.png", tmp_path / "chart.svg"
    assert run_cli("chart", "2024Q1", "-o", str(png), "-w", str(REPO)).exit_code == 0
    assert run_cli("chart", "2024Q1", "-o", str(svg), "-w", str(REPO)).exit_code == 0
    with Image.open(png) as image:
        assert image.width >= 1800 and image.info.get("dpi", (0, 0))[0] > 299
    drawing = svg.read_text(encoding="utf-8")
    for body in scored["bodies"]:  # every body and its R, as text in the drawing
        assert f">{body['short']}<" in drawing and f">{ru(body['R'])}<" in drawing
    assert run_cli("chart", "2024Q1", "-o", str(tmp_path / "chart.gif"), "-w", str(REPO)).exit_code == 2


def test_score_pays_for_no_document_or_spreadsheet_library() -> None:
    code = (
        "import sys; sys.argv = ['kpi', 'score', '2024Q1', '-w', sys.argv[1]]\n"
        "from engine.cli.app import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "heavy = ('docx', 'matplotlib', 'PIL', 'numpy', 'openpyxl', 'xlsxwriter')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(REPO)], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer)"
)
@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext is not installed (apt-get install poppler-utils)"
)
def test_libreoffice_reads_every_body(report: Path, scored: dict[str, Any], tmp_path: Path) -> None:
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(report),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", " ", text)
    for body in scored["bodies"]:
        assert body["name"] in flat
    assert "по итогам I квартала 2024 года" in flat
