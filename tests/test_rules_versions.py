"""Rules versions made safely: `kpi rules new` copies a version as a draft and never touches an
existing one; `kpi quarter publish` makes a quarter official with the fingerprint of its rules;
`kpi rules validate` reports any later edit of those rules, naming the file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from tests.conftest import REPO, tree_digest

Cli = Callable[..., Result]


def test_new_version_is_a_draft_copy(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    result = cli("rules", "new", "2025", "--from", "2023", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert "Создана версия правил 2025 (черновик) — копия 2023, год 2025" in result.output
    new, old = ws / "rules" / "2025", ws / "rules" / "2023"
    assert sorted(p.name for p in new.iterdir()) == sorted(p.name for p in old.iterdir())
    for path in old.iterdir():  # every body file as it was, but the year its comments name the rules by
        if path.name != "methodology.yaml":
            before, after = path.read_text(encoding="utf-8"), (new / path.name).read_text(encoding="utf-8")
            assert "правила 2023 года (цели N — на 2023 год)" in before.splitlines()[1]
            assert after == before.replace(
                "правила 2023 года (цели N — на 2023 год)", "правила 2025 года (цели N — на 2025 год)"
            )
            assert "за I квартал 2024 года" in after  # the report a KPI comes from keeps its year
    text = (new / "methodology.yaml").read_text(encoding="utf-8")
    assert "\nyear: 2025\n" in text and "\nstatus: draft " in text
    assert "правила 2025 года" in text.splitlines()[1] and "2023" not in text.split("\nvariants:")[0]
    assert text.startswith("# yaml-language-server: $schema=../../schemas/methodology.schema.json\n")
    validated = cli("rules", "validate", "2025", "-w", str(ws))
    assert validated.exit_code == 0, validated.output
    diff = cli("rules", "diff", "2023", "2025", "-w", str(ws))
    assert "year" in diff.output and "KPI: добавлено 0, исключено 0, изменено 0" in " ".join(diff.output.split())


def test_new_version_never_touches_an_existing_one(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    before = tree_digest(ws)
    result = cli("rules", "new", "2024-draft", "--from", "2023", "-w", str(ws))
    assert result.exit_code == 2
    assert "версия правил 2024-draft уже есть" in result.output
    assert tree_digest(ws) == before


def test_new_version_year(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    result = cli("rules", "new", "proekt", "--from", "2023", "-w", str(ws))
    assert result.exit_code == 2 and "--year 2024" in result.output
    result = cli("rules", "new", "proekt", "--from", "2023", "--year", "2026", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert "\nyear: 2026\n" in (ws / "rules" / "proekt" / "methodology.yaml").read_text(encoding="utf-8")
    bad = cli("rules", "new", "../x", "--from", "2023", "-w", str(ws))
    assert bad.exit_code == 2 and "не годится как имя версии" in bad.output
    missing = cli("rules", "new", "2030", "--from", "1999", "-w", str(ws))
    assert missing.exit_code == 2 and "Версии правил «1999» нет" in missing.output
    assert not (ws / "rules" / "2030").exists()


def test_the_repository_quarter_keeps_the_fingerprint_of_its_rules() -> None:
    """2024Q1 is official: its quarter.yaml lists a SHA-256 per file of rules/2023, computed
    here independently (LF line ends)."""
    text = (REPO / "quarters" / "2024Q1" / "quarter.yaml").read_text(encoding="utf-8")
    for path in sorted((REPO / "rules" / "2023").glob("*.yaml")):
        digest = hashlib.sha256(path.read_text(encoding="utf-8").replace("\r\n", "\n").encode()).hexdigest()
        assert f"  {path.name}: sha256:{digest}\n" in text, path.name


def test_an_edit_of_official_rules_is_reported(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    body = ws / "rules" / "2023" / "mvd.yaml"
    body.write_text(body.read_text(encoding="utf-8").replace("weight: 20", "weight: 25", 1), encoding="utf-8")
    result = cli("rules", "validate", "2023", "-w", str(ws))
    assert result.exit_code == 1
    assert (
        "rules/2023/mvd.yaml:1:1: файл изменён после публикации квартала 2024Q1: правила 2023 защищены — по ним "
        "посчитан официальный квартал. Верните файл (git checkout -- rules/2023/mvd.yaml) или сделайте новую "
        "версию: kpi rules new <версия> --from 2023"
    ) in result.output
    other = cli("rules", "validate", "2024-draft", "-w", str(ws))
    assert other.exit_code == 0, other.output


def test_added_and_removed_files_are_reported(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    (ws / "rules" / "2023" / "mt.yaml").unlink()
    result = cli("rules", "validate", "2023", "-w", str(ws))
    assert result.exit_code == 1
    assert "rules/2023/mt.yaml:1:1: файл удалён после публикации квартала 2024Q1" in result.output


def test_line_ends_are_not_an_edit(cli: Cli, scratch: Callable[[str], Path]) -> None:
    """A Windows checkout (core.autocrlf) turns LF into CRLF: the rules are the same."""
    ws = scratch("repo")
    for path in (ws / "rules" / "2023").glob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    result = cli("rules", "validate", "2023", "-w", str(ws))
    assert result.exit_code == 0, result.output


def test_publish_makes_a_quarter_official(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    created = cli("quarter", "new", "2024Q2", "--rules", "2023", "-w", str(ws))
    assert created.exit_code == 0, created.output
    # an empty quarter is not published: every value is missing
    refused = cli("quarter", "publish", "2024Q2", "-w", str(ws))
    assert refused.exit_code == 1
    quarter = ws / "quarters" / "2024Q2"
    for path in (ws / "quarters" / "2024Q1").glob("m*.yaml"):  # the data of 2024Q1, as if collected again
        (quarter / path.name).write_text(
            path.read_text(encoding="utf-8").replace("period: 2024Q1", "period: 2024Q2"), encoding="utf-8"
        )
    draft = (quarter / "quarter.yaml").read_text(encoding="utf-8")
    # every body's values as in 2024Q1: fourteen warnings, listed; nothing is published until reviewed
    open_warnings = cli("quarter", "publish", "2024Q2", "-w", str(ws))
    assert open_warnings.exit_code == 1
    lines = open_warnings.stderr.strip().splitlines()
    assert lines[0] == (
        "quarters/2024Q2/me.yaml:1:1: предупреждение: все значения совпадают с кварталом 2024Q1"
        " — не скопирован ли файл без изменений?"
    )
    assert len(lines) == 15 and lines[-1] == (
        "Квартал 2024Q2 не опубликован: открытых предупреждений — 14 (выше). Проверьте каждое; если данные"
        " верны, опубликуйте с --reviewed"
    )
    assert (quarter / "quarter.yaml").read_text(encoding="utf-8") == draft
    published = cli("quarter", "publish", "2024Q2", "--reviewed", "-w", str(ws))
    assert published.exit_code == 0, published.output
    assert published.output.splitlines() == [
        "Квартал 2024Q2 опубликован: статус official, контрольные суммы 15 файлов правил 2023 записаны в quarter.yaml",
        "Предупреждений просмотрено и оставлено как есть: 14",
        "Отчёт и выгрузка, сформированные до публикации, — черновики (с пометкой ЧЕРНОВИК). Сформируйте их"
        " заново: kpi report 2024Q2 -o … --force, kpi export 2024Q2 -o … --force",
    ]
    text = (quarter / "quarter.yaml").read_text(encoding="utf-8")
    assert "\nstatus: official\n" in text and text.count("rules_files:") == 1
    # the note at the top says what the quarter now is, not «данные собираются (черновик)»
    assert "черновик)" not in text and "kpi quarter publish 2024Q2" not in text
    assert text.splitlines()[1:3] == [
        "# 2024Q2: квартал опубликован (kpi quarter publish), данные окончательные.",
        "# Отчёт и выгрузку, сформированные до публикации, сформируйте заново: те были черновиками.",
    ]
    again = cli("quarter", "publish", "2024Q2", "--reviewed", "-w", str(ws))
    assert again.exit_code == 0 and "уже опубликован" in again.output
    assert (quarter / "quarter.yaml").read_text(encoding="utf-8") == text
    assert cli("quarter", "validate", "2024Q2", "-w", str(ws)).exit_code == 0


def test_a_quarter_is_not_published_under_draft_rules(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    assert cli("quarter", "new", "2024Q2", "--rules", "2024-draft", "-w", str(ws)).exit_code == 0
    before = tree_digest(ws)
    result = cli("quarter", "publish", "2024Q2", "-w", str(ws))
    assert result.exit_code == 2
    assert "считается по черновику правил 2024-draft" in result.output
    assert tree_digest(ws) == before


def test_a_damaged_fingerprint_does_not_switch_the_protection_off(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    quarter = ws / "quarters" / "2024Q1" / "quarter.yaml"
    quarter.write_text(quarter.read_text(encoding="utf-8").replace("mz.yaml: sha256:b095", "mz.yaml: sha256:B095"))
    result = cli("rules", "validate", "2023", "-w", str(ws))
    assert result.exit_code == 1
    assert "квартал 2024Q1 хранит контрольные суммы правил, но его quarter.yaml не читается" in result.output


def test_an_unreadable_rules_file_is_changed_not_removed(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    path = ws / "rules" / "2023" / "mvd.yaml"
    path.write_bytes(path.read_bytes() + b"\xff\xfe")
    result = cli("rules", "validate", "2023", "-w", str(ws))
    assert "rules/2023/mvd.yaml:1:1: файл изменён после публикации квартала 2024Q1" in result.output
    assert "удалён" not in result.output


def test_an_example_quarter_is_not_published(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    before = tree_digest(ws)
    result = cli("quarter", "publish", "2023Q4", "-w", str(ws))
    assert result.exit_code == 2
    assert "квартал 2023Q4 — пример (status: example)" in result.output
    assert tree_digest(ws) == before


def test_a_crlf_source_gives_a_copy_with_one_kind_of_line_end(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    for path in (ws / "rules" / "2023").glob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert cli("rules", "new", "2030", "--from", "2023", "-w", str(ws)).exit_code == 0
    for path in (ws / "rules" / "2030").glob("*.yaml"):
        assert b"\r" not in path.read_bytes(), path.name


def test_version_names_and_years_are_checked(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    dot = cli("rules", "new", "2025.", "--from", "2023", "-w", str(ws))
    assert dot.exit_code == 2 and "не годится как имя версии" in dot.output
    for written in ("abc", "+-3025", "--3025", "-+5", "9" * 5000, "٥"):  # review: two signs, 5000 digits crashed
        year = cli("rules", "new", "2025", "--from", "2023", "--year", written, "-w", str(ws))
        assert year.exit_code == 2, written
        assert "недопустимое значение '--year': ожидается целое число" in " ".join(year.output.split())
        assert "Input should" not in year.output and "Traceback" not in year.output


def test_check_says_when_the_official_rules_were_edited(cli: Cli, scratch: Callable[[str], Path]) -> None:
    """Otherwise a changed target would be blamed on the published report."""
    ws = scratch("repo")
    path = ws / "rules" / "2023" / "mvd.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("target: 75", "target: 50", 1), encoding="utf-8")
    result = cli("check", "2024Q1", "-w", str(ws))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "rules/2023/mvd.yaml:1:1: предупреждение: файл изменён после публикации квартала 2024Q1"
    )
    clean = cli("check", "2024Q1", "-w", str(REPO))
    assert "после публикации" not in clean.stderr
