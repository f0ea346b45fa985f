"""`kpi cards`: a Word scorecard per body, read back and held to `kpi score --json`,
`kpi plan --json` and `kpi history --json`, and to figures worked by hand."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from tests.conftest import libreoffice_convert, needs_libreoffice, run_cli, tree_digest

D = Decimal


def ru(value: str | None) -> str:
    return "-" if value is None else value.replace(".", ",")


def spaces(text: str) -> str:
    return text.replace("\u00a0", " ")


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cards") / "cards"
    result = run_cli("cards", "2024Q1", "-o", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Карточек записано: 14 в ")
    return folder


def read(path: Path) -> tuple[str, list[list[list[str]]]]:
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return text, tables


def test_every_card_is_kpi_score_and_kpi_plan(cards: Path) -> None:
    scored = json.loads(run_cli("score", "2024Q1", "--json").stdout)
    assert sorted(p.name for p in cards.iterdir()) == sorted(f"{b['id']}-2024Q1.docx" for b in scored["bodies"])
    for body in scored["bodies"]:
        text, tables = read(cards / f"{body['id']}-2024Q1.docx")
        assert f"Место {body['rank']} из 14, R = {ru(body['R'])}" in text
        assert f"Цифровому заместителю первого руководителя: {body['name']}" in text
        kpi_tables = [t for t in tables if t[0][0] == "№"]  # a table per direction
        assert len(kpi_tables) == len(body["directions"])
        kpis = [k for d in body["directions"] for k in d["kpis"]]
        rows = [row for t in kpi_tables for row in t[1:]]
        for row, kpi in zip(rows, kpis, strict=True):
            no, name, u, n, a, b, z, w, note = row
            assert (int(no), name, u, n) == (kpi["no"], kpi["name"], ru(kpi["U"]), ru(kpi["N"]))
            assert (spaces(a), spaces(b)) == (spaces(kpi["a_text"] or ""), spaces(kpi["b_text"] or ""))
            assert (z, w) == (ru(kpi["Z"]), ru(kpi["W"]))
            assert bool(note) == (D(kpi["W"]) < D(kpi["U"]))  # a note for each W below U, and only there
            if kpi["reason_text"]:
                assert note == kpi["reason_text"]
        if len(body["directions"]) > 1:
            for direction in body["directions"]:
                assert f"Результат по направлению «{direction['name']}»: {ru(direction['sum'])}" in text
        planned = json.loads(run_cli("plan", "2024Q1", body["id"], "--json").stdout)
        for climb in ("next_place", "top3"):
            found = planned[climb]
            if found is not None and found["reachable"]:
                assert f"R {ru(found['R_after'])}, место {found['rank_after']}" in text
        # no internal codes: a KPI is named by its number
        assert not re.search(r"\b[a-z]{2,6}(-[a-z]{3})?-\d\d\b", text + json.dumps(tables, ensure_ascii=False))


def test_the_history_on_a_card_is_kpi_history(cards: Path) -> None:
    history = json.loads(run_cli("history", "2023Q4", "2024Q1", "--json").stdout)
    for body in history["bodies"]:
        _, tables = read(cards / f"{body['id']}-2024Q1.docx")
        [past] = [t for t in tables if t[0][0] == "Квартал"]
        words = {"2023Q4": "IV квартал 2023 года*", "2024Q1": "I квартал 2024 года"}
        assert [row[:3] for row in past[1:]] == [
            [words[h["quarter"]], str(h["rank"]), ru(h["R"])] for h in body["history"]
        ]


def test_no_internal_code_reaches_a_reader(cards: Path) -> None:
    """KPIs by № and name, quarters in words, rules «правила 2023 года»; no id, no quarter
    code, no product name — in the text, the tables, the header and footer, the properties."""
    ids = {k["id"] for b in json.loads(run_cli("score", "2024Q1", "--json").stdout)["bodies"] for d in b["directions"]
           for k in d["kpis"]}  # fmt: skip
    for path in sorted(cards.glob("*.docx")):
        document = Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
        parts += [p.text for s in document.sections for p in [*s.header.paragraphs, *s.footer.paragraphs]]
        parts += [document.core_properties.title or "", document.core_properties.author or ""]
        text = "\n".join(parts)
        assert re.search(r"\d{4}Q\d", text) is None, path.name
        assert re.search(r"\bkpi\b", text) is None, path.name
        assert not [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)], path.name
        assert "правила 2023 года" in text


def test_hand_worked_notes_strengths_and_the_way_up(cards: Path) -> None:
    text, tables = read(cards / "mt-2024Q1.docx")
    [kpi_table] = [t for t in tables if t[0][0] == "№"]
    notes = {row[0]: row[8] for row in kpi_table[1:]}
    # №2: a 0 of b 25 000, Z = 0 against N = 69: 69 points short
    assert notes["2"] == "ниже цели на 69 п.п. (Z = 0 при цели 69)"
    # №6: 1 / 19 = 5,26… → Z 5,2 against N = 30: 30 - 5,2 = 24,8 points short
    assert notes["6"] == "ниже цели на 24,8 п.п. (Z = 5,2 при цели 30)"
    assert notes["3"] == ""  # 25 000 of 25 000: full weight
    strengths = text.split("Сильные стороны")[1].split("Слабые стороны")[0]
    assert strengths.index("№3 ") < strengths.index("№1 ")  # W 10 of 10 before 6,6 of 10 (66 %)
    assert "W = 6,6 из 10 (66 %)" in strengths
    # kpi plan МТ: next place with mt-04's a = 1 (R 28,8), said as №4
    assert "Достаточно: №4: a = 1 → R 28,8, место 13." in text


def test_a_body_of_several_directions_names_a_kpi_with_its_direction(cards: Path) -> None:
    text, _ = read(cards / "mps-2024Q1.docx")
    # kpi plan 2024Q1 МПС: the top three with mps-geo-02's a = 4 (R 85,6); numbers restart per direction
    assert "Достаточно: №2 (Геология и недропользование): a = 4 → R 85,6, место 3." in text


def test_one_body_and_never_over_a_card_without_force(tmp_path: Path) -> None:
    out = tmp_path / "cards"
    assert run_cli("cards", "2024Q1", "-o", str(out), "--body", "МВД").exit_code == 0
    assert [p.name for p in out.iterdir()] == ["mvd-2024Q1.docx"]
    before = tree_digest(out)
    again = run_cli("cards", "2024Q1", "-o", str(out))
    assert again.exit_code == 2 and "mvd-2024Q1.docx" in again.stderr and "--force" in again.stderr
    assert tree_digest(out) == before  # refused before any card was written
    assert run_cli("cards", "2024Q1", "-o", str(out), "--force").exit_code == 0
    assert len(list(out.iterdir())) == 14
    unknown = run_cli("cards", "2024Q1", "-o", str(tmp_path / "x"), "--body", "Зета")
    assert unknown.exit_code == 2 and not (tmp_path / "x").exists()
    missing = run_cli("cards", "2024Q1", "-o", str(tmp_path / "no" / "cards"))
    assert missing.exit_code == 1 and not (tmp_path / "no").exists()


def test_an_example_quarter_says_so(tmp_path: Path) -> None:
    out = tmp_path / "cards"
    assert run_cli("cards", "2024Q3", "-o", str(out), "-b", "mt").exit_code == 0
    document = Document(str(out / "mt-2024Q3.docx"))
    banner = "ПРИМЕР: значения иллюстративные, не официальные"
    assert banner == document.paragraphs[0].text
    assert banner in [p.text for p in document.sections[0].header.paragraphs]


@needs_libreoffice
def test_libreoffice_opens_every_card_in_at_most_two_pages(cards: Path, tmp_path: Path) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo is not installed (apt-get install poppler-utils)")
    import subprocess

    chosen = [cards / f"{b}-2024Q1.docx" for b in ("mps", "me", "mt")]  # the longest tables
    libreoffice_convert(chosen, "pdf", tmp_path)
    for path in chosen:
        info = subprocess.run(["pdfinfo", str(tmp_path / (path.stem + ".pdf"))], capture_output=True, text=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
        assert 1 <= pages <= 2, (path.name, pages)


def test_the_contact_from_the_quarter_is_on_the_card(tmp_path: Path, scratch: Any) -> None:
    """The responsible person and phone a form carried into the quarter (issue 22) close the card."""
    ws = scratch("repo")
    data = ws / "quarters" / "2023Q4" / "mvd.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(
        text.replace(
            "kpis:", 'contact:\n  person: "Иванов И. И., начальник отдела"\n  phone: "+7 717 255 00 00"\nkpis:', 1
        ),
        encoding="utf-8",
    )
    out = tmp_path / "cards"
    result = run_cli("cards", "2023Q4", "--body", "МВД", "-o", str(out), "-w", str(ws))
    assert result.exit_code == 0, result.output
    text_of_card, _ = read(out / "mvd-2023Q4.docx")
    assert "Ответственный за данные органа: Иванов И. И., начальник отдела; телефон: +7 717 255 00 00" in text_of_card
    other = run_cli("cards", "2023Q4", "--body", "МЮ", "-o", str(tmp_path / "other"), "-w", str(ws))
    assert other.exit_code == 0 and "Ответственный" not in read(tmp_path / "other" / "mju-2023Q4.docx")[0]
