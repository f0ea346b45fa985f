"""The Kazakh catalogue's last rough edges (issue 23), each rule with its test: Kazakh word
order, Excel's menu names in both languages (a ministry may run Russian Excel), the translator's
`#. ru:` comment kept equal to the Russian text; and the issue's new messages in all three
languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from engine.i18n import LOCALE, tr
from tests.conftest import REPO, run_cli


def entries(lang: str) -> dict[str, object]:
    with open(LOCALE / lang / "LC_MESSAGES" / "kpi.po", "rb") as file:
        return {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in read_po(file, locale=lang) if m.id}


def text(message: object) -> str:
    string = message.string  # type: ignore[attr-defined]
    return " | ".join(string) if isinstance(string, tuple) else str(string)


def flat(value: str) -> str:
    return re.sub(r"\s+", " ", value.replace(" / ", " ")).strip()


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_every_translator_comment_is_the_russian_text(lang: str) -> None:
    """`#. ru: …` is what a translator reads: a stale one hides a changed Russian message.
    (Lines of a paragraph each start with "ru:"; " / " stands for a line break.)"""
    russian = entries("ru")
    stale = []
    for code, message in entries(lang).items():
        lines = [c[3:] if c.startswith("ru:") else c for c in message.auto_comments]  # type: ignore[attr-defined]
        if flat(" ".join(lines)) != flat(text(russian[code]).replace("\n", " ")):
            stale.append(code)
    assert not stale


# Excel's own words, as its Kazakh and Russian interfaces name them
EXCEL_WORDS = {
    "«Жалпы»": "«Общий»",
    "«Excel кітабы (.xlsx)»": "«Книга Excel (.xlsx)»",
    "(Болдырмау": "Отменить",
    "Рецензиялау →": "Рецензирование →",
}


def test_excel_menu_names_are_given_in_both_languages() -> None:
    used = {word: 0 for word in EXCEL_WORDS}
    for code, message in entries("kk").items():
        kk = text(message)
        for word, russian in EXCEL_WORDS.items():
            if word in kk:
                used[word] += 1
                assert russian in kk, code
    assert all(used.values()), used  # the rule is about messages that exist


def test_an_unknown_name_in_kazakh_word_order() -> None:
    result = run_cli("score", "2024Q9", "-w", str(REPO), lang="kk")
    assert result.exit_code == 2
    assert result.output.startswith("«2024Q9» тоқсаны жоқ")
    result = run_cli("explain", "2024Q1", "xyz", "-w", str(REPO), lang="kk")
    assert result.exit_code == 2
    assert result.output.startswith("«xyz» органы жоқ")


def test_validate_says_the_version_s_rules_in_kazakh() -> None:
    result = run_cli("rules", "validate", "2023", "-w", str(REPO), lang="kk")
    assert result.exit_code == 0
    assert result.output.splitlines()[-1].startswith("2023 ережелері: мәселе жоқ (14 орган, 115 KPI")


def test_the_polished_kazakh_wording() -> None:
    assert tr("robustness-factors-title", "kk").startswith("Орындарға не әсер етеді: ")  # a statement
    assert tr("col-changed", "kk") == "Өзгерістер"
    assert tr("robustness-heat-title", "kk") == "Әр орынның ықтималдығы, итерациялар үлесі (%)"
    share = tr("cause-share-arithmetic", "kk", a="1", b="2", exact="50", computed="50", printed="5")
    assert "есептеу" not in share  # «есеп» is the report: not «есептегі есептеу қатесі»
    for code in ("plan-top3", "plan-next"):
        args = {"rank": 3, "score": "80", "holder": "МЗ", "changes": "…", "after": "81", "rank_after": 3}
        assert "(МЗ нәтижесі" in tr(code, "kk", **args)
    assert tr("validate-failed", "kk", version="2025", count="1").startswith("2025 ережелері: ")


ISSUE_23 = {
    "kazakh-names-missing": (
        {"version": "2023", "missing": 116, "counts": "МВД 7/11"},
        ("наименований на казахском нет", "Kazakh names missing", "қазақша атаулар жоқ"),
    ),
    "kazakh-names-missing-body": (
        {"short": "МВД", "missing": 7, "total": 11, "body": 0, "directions": 0, "kpis": 7, "units": 0},
        (
            "МВД: наименований на казахском нет — 7 из 11",
            "МВД: Kazakh names missing — 7 of 11",
            "МВД: қазақша атаулар жоқ — 11 ішінен 7",
        ),
    ),
    "duplicate-short-kk": (
        {"short": "ҚМ", "other": "rules/2023/mf.yaml"},
        ("в документах на казахском", "in Kazakh documents", "қазақ тіліндегі құжаттарда"),
    ),
    "unit-kk-mismatch": (
        {"unit": "ед.", "unit_kk": "%", "expected": "бірл."},
        ("не соответствует", "does not match", "сәйкес емес"),
    ),
}


@pytest.mark.parametrize("code", sorted(ISSUE_23))
def test_the_new_messages_in_all_three_languages(code: str) -> None:
    args, words = ISSUE_23[code]
    for lang, word in zip(("ru", "en", "kk"), words, strict=True):
        said = tr(code, lang, **args)
        assert word in said and "{" not in said, (lang, said)


def test_the_catalogue_block_of_issue_23_closes_each_file() -> None:
    for lang in ("ru", "en", "kk"):
        po = Path(LOCALE / lang / "LC_MESSAGES" / "kpi.po").read_text(encoding="utf-8")
        assert "\n# --- issue 23 ---\n" in po
