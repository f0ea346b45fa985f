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
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from tests.conftest import REPO, libreoffice_convert, run_cli
from tests.report import read_report


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


TITLE = (
    "Отчет по достижению KPI для цифровых заместителей первых руководителей государственных органов"
    " Республики Казахстан (рейтинг среди 14 ЦГО) за I квартал 2024 года"
)
SUMMARY_HEADINGS = [
    "№ п/п",
    "Наименование KPI",
    "Предусмотр. удельный вес (U, %)",
    "Предусмотр. значение на 2023 год (N)",
    "Ед. изм",
    "Числитель (a)",
    "Знаменатель (b)",
    "Расчет доли удельного веса (Z)",
    "Присвоенный удельный вес (W, %)",
]


def grouped(value: str) -> str:
    """A JSON figure as the report prints it: 1318826 → 1 318 826 (no-break spaces), 43.1 → 43,1."""
    whole, _, fraction = value.partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return "\u00a0".join(groups) + ("," + fraction if fraction else "")


def entered(text: str | None, value: str | None) -> str:
    """a or b: a plain number grouped the report's way (1537 → 1 537), any other text as entered
    («628,54 млрд тенге»), its digit groups kept together by no-break spaces."""
    if text is None:
        return "-"
    if value is not None and re.fullmatch(r"-?[\d \u00a0]+(,\d+)?", text):
        return grouped(value)
    return re.sub(r"(?<=\d) (?=\d{3}\b)", "\u00a0", text)


def everything(document: Any) -> str:
    """The whole text of a document: paragraphs, every table cell, headers and footers."""
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def summary_table(document: Any) -> list[list[str]]:
    return next(cells(t) for t in document.tables if t.rows[0].cells[0].text == "№ п/п" and len(t.columns) == 9)


def test_the_title_and_the_ranking_as_published(report: Path, scored: dict[str, Any]) -> None:
    document = Document(str(report))
    assert TITLE in [p.text for p in document.paragraphs[:3]]
    assert document.core_properties.title == TITLE
    ranking = next(cells(t) for t in document.tables if len(t.columns) == 4)
    assert ranking[0] == ["№ п/п", "Наименование ГО", "Направление", "Присвоенный удельный вес (%)"]
    # the published report's ranking (an independent reading of its text) joins МПС's directions so
    published, _ = read_report(REPO / "quarters" / "2024Q1" / "source-report.txt")
    assert len(ranking) == 15
    for row, body in zip(ranking[1:], scored["bodies"], strict=True):
        directions = "; ".join(d["name"] for d in body["directions"])
        assert row == [str(body["rank"]), body["name"], directions, grouped(body["R"])]
    assert ranking[4][2] == "Строительство; Промышленность; Геология и недропользование"
    assert [row[1] for row in ranking[1:]] == [name for name, _ in published]  # the same places as published


def test_the_summary_table_in_the_published_order_with_every_figure_scored(
    report: Path, scored: dict[str, Any]
) -> None:
    document = Document(str(report))
    table = summary_table(document)
    assert table[0] == SUMMARY_HEADINGS
    assert table[1] == [str(i) for i in range(1, 10)]
    for row in document.tables[[len(t.columns) for t in document.tables].index(9)].rows[:2]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None  # both repeat on every page
    _, published = read_report(REPO / "quarters" / "2024Q1" / "source-report.txt")
    by_name = {b["name"]: b for b in scored["bodies"]}
    spanning = [row[0] for row in table[2:] if len(set(row)) == 1]
    expected_spanning = []
    for body in published:  # the published report's own order: МВД, МТСЗН, МП, МЮ, …
        directions = by_name[body.name]["directions"]
        if len(directions) == 1:
            expected_spanning.append(f"{body.name} ({directions[0]['name']})")
        else:
            expected_spanning += [body.name, *(d["name"] for d in directions)]
    assert spanning == expected_spanning
    assert spanning[0] == "Министерство внутренних дел РК (Безопасность)"
    rows = iter(table[2:])
    checked = 0
    for body in (by_name[b.name] for b in published):
        next(rows)  # the body's spanning row
        for direction in body["directions"]:
            if len(body["directions"]) > 1:
                assert next(rows)[0] == direction["name"]
            for kpi in direction["kpis"]:
                no, name, u, n, unit, a, b, z, w = next(rows)
                assert (int(no), name, u, unit) == (kpi["no"], kpi["name"], grouped(kpi["U"]), kpi["unit"])
                assert n == (grouped(kpi["N"]) if kpi["N"] is not None else "-")
                assert (a, b) == (entered(kpi["a_text"], kpi["a"]), entered(kpi["b_text"], kpi["b"]))
                assert z == (grouped(kpi["Z"]) if kpi["Z"] is not None else "-")
                assert w == grouped(kpi["W"])
                checked += 1
            if len(body["directions"]) > 1:
                label, *_, value = next(rows)
                assert (label, value) == (f"Результат по направлению «{direction['name']}»", grouped(direction["sum"]))
        label, *_, value = next(rows)
        assert (label, value) == (f"Итоговый результат {body['short']} (R)", grouped(body["R"]))
    assert checked == 115 and next(rows, None) is None


def test_by_rank_on_request(tmp_path: Path, scored: dict[str, Any]) -> None:
    path = tmp_path / "by-rank.docx"
    assert run_cli("report", "2024Q1", "--order", "rank", "-o", str(path), "-w", str(REPO)).exit_code == 0
    table = summary_table(Document(str(path)))
    results = [row[0] for row in table if row[0].startswith("Итоговый результат")]
    assert results == [f"Итоговый результат {b['short']} (R)" for b in scored["bodies"]]
    wrong = run_cli("report", "2024Q1", "--order", "alpha", "-o", str(tmp_path / "x.docx"), "-w", str(REPO))
    assert (wrong.exit_code, wrong.stderr.strip()) == (2, "--order «alpha»: ожидается одно из: published, rank")
    assert not (tmp_path / "x.docx").exists()


def test_the_method_block_as_published(report: Path) -> None:
    text = [p.text for p in Document(str(report)).paragraphs]
    start = text.index("Расчет рейтинга производился на основании следующих формул:")
    block = text[start + 1 : text.index("R – сумма присвоенных удельных весов") + 1]
    assert block == [
        "Z=a/b*100",
        "Доля, чем больше — тем лучше: W=ЕСЛИ(Z>=N;U;Z/N*U)",
        "Доля, чем меньше — тем лучше: W=ЕСЛИ(Z<=N;U;N/Z*U)",
        "Количество в единицах (ед.): W=ЕСЛИ(a>=N;U;a/N*U)",
        "если N=0 или значение N не установлено: W=0",
        "если данные не представлены (нет a или b) или b=0: W=0",
        "результат по направлению=∑W его KPI",
        "R — среднее арифметическое результатов по направлениям органа (при одном направлении R равен"
        " результату по нему)",
        "Z, W, результаты по направлениям и R отбрасываются (не округляются) до 1 знака после запятой; каждый"
        " шаг считается от уже отброшенного значения предыдущего шага.",
        "где:",
        "a – числитель",
        "b – знаменатель",
        "Z – расчет доли удельного веса",
        "U – предусмотренный удельный вес",
        "N – предусмотренное значение на 2023 год",
        "W – присвоенный удельный вес",
        "R – сумма присвоенных удельных весов",
    ]


def test_a_changed_methodology_changes_the_block_by_itself(scratch: Any) -> None:
    """A draft rules version with another rounding, another formula and another year: the
    block, the legend and the summary's heading follow the rules, not the code."""
    workspace = scratch("repo")
    assert run_cli("rules", "new", "2025", "--from", "2023", "-w", str(workspace)).exit_code == 0
    methodology = workspace / "rules" / "2025" / "methodology.yaml"
    text = methodology.read_text(encoding="utf-8")
    text = text.replace('assigned: "U if Z >= N else Z / N * U"', 'assigned: "min(U, Z / N * U * 1.5)"')
    text = text.replace("mode: truncate\n  places: 1", "mode: half_up\n  places: 2")
    text = text.replace("\nyear: 2023", "\nyear: 2025").replace("\nyear: 2024", "\nyear: 2025")
    text = text[: text.index("\nexamples:")] + "\nexamples: []\n"  # the examples were for the old method
    methodology.write_text(text, encoding="utf-8")
    quarter = workspace / "quarters" / "2025Q1"
    shutil.copytree(workspace / "quarters" / "2024Q1", quarter)
    header = 'period: 2025Q1\nrules: "2025"\nstatus: draft\nsource: "данные министерств"\n'
    (quarter / "quarter.yaml").write_text(header, encoding="utf-8")
    (quarter / "published.yaml").unlink(missing_ok=True)
    path = workspace / "r.docx"
    result = run_cli("report", "2025Q1", "-o", str(path), "-w", str(workspace))
    assert result.exit_code == 0, result.output + result.stderr
    document = Document(str(path))
    text = [p.text for p in document.paragraphs]
    assert "Доля, чем больше — тем лучше: W=МИН(U;Z/N*U*1,5)" in text
    assert "Доля, чем больше — тем лучше: W=ЕСЛИ(Z>=N;U;Z/N*U)" not in text
    assert (
        "Z, W, результаты по направлениям и R округляются до 2 знаков после запятой (5 и больше — в большую"
        " сторону); каждый шаг считается от уже округленного значения предыдущего шага."
    ) in text
    assert "N – предусмотренное значение на 2025 год" in text
    assert summary_table(document)[0][3] == "Предусмотр. значение на 2025 год (N)"
    assert "Отчет по достижению KPI" in text[1] and text[1].endswith("за I квартал 2025 года")
    assert text[0] == "ЧЕРНОВИК: данные не окончательные"


def test_no_internal_code_reaches_the_reader(report: Path, scored: dict[str, Any], tmp_path: Path) -> None:
    compared = tmp_path / "compared.docx"
    assert run_cli("report", "2024Q1", "--compare", "2023Q4", "-o", str(compared), "-w", str(REPO)).exit_code == 0
    ids = {k["id"] for b in scored["bodies"] for d in b["directions"] for k in d["kpis"]} | {
        b["id"] for b in scored["bodies"]
    }
    for path in (report, compared):
        text = everything(Document(str(path)))
        assert not re.search(r"\d{4}Q\d", text)
        words = set(re.findall(r"[a-z][a-z0-9-]*", text))
        assert not words & ids, words & ids
        assert "kpi" not in words and "программой" not in text and ") (" not in text
    assert "IV квартал 2023 года" in everything(Document(str(compared)))


def test_annexes_after_the_published_part(report: Path, scored: dict[str, Any]) -> None:
    document = Document(str(report))
    text = [p.text for p in document.paragraphs]
    summary_at = text.index("Сводная информация по предоставленным данным и расчетам")
    annexes = [i for i, line in enumerate(text) if re.fullmatch(r"Приложение \d+", line)]
    # 1 how the figures were obtained, 2 the zeros, 3 «Динамика» (2023Q4 is the quarter before)
    assert [text[i] for i in annexes] == ["Приложение 1", "Приложение 2", "Приложение 3"]
    assert annexes[0] > summary_at
    assert text[annexes[1] + 1] == "Примечания к нулевым значениям присвоенного удельного веса"
    assert text[annexes[2] + 1] == "Динамика"
    zeros = next(cells(t) for t in document.tables if t.rows[0].cells[0].text == "Орган")
    expected = [
        (b["short"], k["no"], k["reason_text"])
        for b in scored["bodies"]
        for d in b["directions"]
        for k in d["kpis"]
        if k["reason"] is not None
    ]
    assert sorted((row[0], int(row[1].split(",")[0]), row[2]) for row in zeros[1:]) == sorted(expected)
    assert "Расчет за I квартал 2024 года выполнен по действующим правилам расчета (правила 2023 года)" in " ".join(
        text
    )
    assert (
        "Первое место занимает Министерство юстиции РК (R=96,4), последнее — Министерство транспорта РК (R=19,2)"
        in " ".join(text)
    )


def test_the_chart_is_in_the_document_at_print_resolution(report: Path) -> None:
    document = Document(str(report))
    [shape] = document.inline_shapes
    assert abs(shape.width.cm - 16.5) < 0.01
    blob = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
    with Image.open(io.BytesIO(document.part.related_parts[blob].blob)) as image:
        assert image.format == "PNG" and image.width >= 1800 and 0.5 < image.height / image.width < 1.0


def test_header_rows_repeat_and_columns_fit_the_page(report: Path) -> None:
    """Portrait A4 for the text, landscape for the summary table; every table as wide as its page's text."""
    document = Document(str(report))
    portrait, landscape, annexes = document.sections
    assert (round(portrait.page_width.cm, 1), round(portrait.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(landscape.page_width.cm, 1), round(landscape.page_height.cm, 1)) == (29.7, 21.0)
    assert (round(annexes.page_width.cm, 1), round(annexes.page_height.cm, 1)) == (21.0, 29.7)
    widths = {s.page_width - s.left_margin - s.right_margin for s in document.sections}
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        width = sum(cell.width for cell in table.rows[0].cells)
        assert min(abs(width - text) for text in widths) < 20000  # EMU: within a fraction of a millimetre
    summary = next(t for t in document.tables if len(t.columns) == 9)
    text = landscape.page_width - landscape.left_margin - landscape.right_margin
    assert abs(sum(cell.width for cell in summary.rows[0].cells) - text) < 20000


def test_an_example_quarter_says_so_on_the_title_page_and_every_page(tmp_path: Path) -> None:
    path = tmp_path / "example.docx"
    assert run_cli("report", "2023Q4", "-o", str(path), "-w", str(REPO)).exit_code == 0
    document = Document(str(path))
    banner = "ПРИМЕР: значения иллюстративные, не официальные"
    assert banner in [p.text for p in document.paragraphs[:10]]
    assert banner in [p.text for p in document.sections[0].header.paragraphs]


def test_the_comparison_annex_is_compares_view(tmp_path: Path) -> None:
    path = tmp_path / "compared.docx"
    assert run_cli("report", "2024Q1", "--compare", "2023Q4", "-o", str(path), "-w", str(REPO)).exit_code == 0
    compared = json.loads(run_cli("compare", "2023Q4", "2024Q1", "--json", "-w", str(REPO)).output)
    document = Document(str(path))
    assert "Сравнение с результатами за IV квартал 2023 года" in [p.text for p in document.paragraphs]
    table = next(cells(t) for t in document.tables if t.rows[0].cells[1].text == "Сдвиг")
    assert [row[2] for row in table[1:]] == [b["name"] for b in compared["bodies"]]
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
    assert "(рейтинг среди 14 ЦГО) за I квартал 2024 года" in flat


# --- the layout, measured on the document as LibreOffice renders it (Liberation fonts) ---

CM = 72 / 2.54  # PDF points in a centimetre
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


class Word:
    def __init__(self, x0: str, y0: str, x1: str, y1: str, text: str) -> None:
        self.x0, self.y0, self.x1, self.y1 = float(x0), float(y0), float(x1), float(y1)
        self.text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')


class Page:
    def __init__(self, width: str, height: str, body: str) -> None:
        self.width, self.height = float(width), float(height)
        top, bottom = 2 * CM, self.height - 2 * CM  # the margins: the header and the page number lie outside
        self.words = [w for w in (Word(*m) for m in WORD.findall(body)) if top <= w.y0 and w.y1 <= bottom]
        self.landscape = self.width > self.height

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def fullness(self) -> float:
        """How far down the text area the page's text reaches (0 empty, 1 full); an image
        (the chart) counts through the text after it."""
        if not self.words:
            return 0.0
        return (max(w.y1 for w in self.words) - 2 * CM) / (self.height - 4 * CM)


@pytest.fixture(scope="module")
def pages(report: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or pdftotext is not installed (apt-get install libreoffice-writer poppler-utils)")
    out = tmp_path_factory.mktemp("pdf")
    libreoffice_convert([report], "pdf", out)
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(out / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [Page(*m) for m in PAGE.findall(bbox)]


def test_pages_are_full_but_a_sections_last(pages: list[Page]) -> None:
    """Portrait (title, ranking, chart, method), landscape (the summary), portrait (annexes):
    no page but a section's last is less than a third full."""
    kinds = [p.landscape for p in pages]
    assert kinds[0] is False and True in kinds and kinds[-1] is False
    for index, page in enumerate(pages):
        last_of_section = index == len(pages) - 1 or kinds[index + 1] != kinds[index]
        if not last_of_section:
            assert page.fullness() > 1 / 3, f"page {index + 1} is {page.fullness():.0%} full"


def test_small_tables_are_not_split(pages: list[Page], scored: dict[str, Any]) -> None:
    """The ranking (15 rows, up to 20) stays on one page."""
    ranking = next(i for i, p in enumerate(pages) if "Наименование ГО" in p.text)
    flat = re.sub(r"\s+", " ", pages[ranking].text)
    for body in scored["bodies"]:
        assert body["name"] in flat and body["R"].replace(".", ",") in flat


def test_no_heading_breaks_inside_a_word(pages: list[Page]) -> None:
    headings = [*SUMMARY_HEADINGS, "№ п/п", "Наименование ГО", "Направление", "Присвоенный удельный вес (%)"]
    summary_pages = [p for p in pages if p.landscape]
    assert summary_pages
    for page in [*summary_pages, next(p for p in pages if "Наименование ГО" in p.text)]:
        words = {w.text for w in page.words}
        for heading in headings[:9] if page.landscape else headings[9:]:
            for word in heading.split():
                assert word in words, f"«{word}» of «{heading}» is broken on a page"


def test_no_kpi_row_takes_more_than_six_lines(pages: list[Page]) -> None:
    """Rows start at the words of the № column (a number, a body's or a result's row); the
    lines of the name column between two starts are one row's."""
    left = 3 * CM
    number_right = left + 0.9 * CM
    name_right = number_right + 10.65 * CM
    worst = 0
    for page in (p for p in pages if p.landscape):
        starts = sorted({round(w.y0) for w in page.words if left - 2 <= w.x0 < number_right})
        names = [w for w in page.words if number_right <= w.x0 < name_right]
        for start, end in zip(starts, [*starts[1:], 10**6], strict=True):
            lines = {round(w.y0) for w in names if start - 1 <= w.y0 < end - 1}
            worst = max(worst, len(lines))
    assert 3 <= worst <= 6  # МПС's longest KPI: five or six lines, not the 12-16 of a narrow column


def test_the_mean_result_is_cut_as_the_method_cuts_r(tmp_path: Path) -> None:
    """The intro's mean R is cut as methodology.yaml cuts R (truncate, 1 place), not rounded:
    2024Q3's mean lies exactly half way between two tenths, where rounding would go up."""
    found = json.loads(run_cli("score", "2024Q3", "--json", "-w", str(REPO)).output)
    scores = [Fraction(body["R"]) for body in found["bodies"]]
    mean = sum(scores, Fraction(0)) / len(scores)
    assert (mean * 10) % 1 == Fraction(1, 2)  # the case that tells the two apart
    tenths = mean.numerator * 10 // mean.denominator  # cut towards zero (R is never negative)
    expected = f"{tenths // 10},{tenths % 10}"
    path = tmp_path / "q3.docx"
    assert run_cli("report", "2024Q3", "-o", str(path), "-w", str(REPO)).exit_code == 0
    assert f"средний результат — {expected}." in everything(Document(str(path)))
