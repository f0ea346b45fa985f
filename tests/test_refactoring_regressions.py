"""What a review of issue 19's first round found by running every command against the code
before it (5c29ee9) on the same workspaces, hostile ones included: each test here failed on
main before its fix (a regression of the round, or a fault both versions shared)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Cli = Callable[..., Result]


def _share_divides_by_zero(ws: Path) -> None:
    """The draft's share formulas divide by zero for every a and b: no Z can be computed."""
    path = ws / "rules" / "2024-draft" / "methodology.yaml"
    text = path.read_text(encoding="utf-8")
    changed = re.sub(r'share: "a / b \* 100"', 'share: "a / (b - b) * 100"', text)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


def test_a_worked_example_whose_share_cannot_be_computed_is_a_problem_not_an_internal_error(
    cli: Cli, scratch: Callable[[str], Path]
) -> None:
    """The example of МВД №1 expects Z = 43,1; with the share dividing by zero there is none,
    which the message says as the report does, "-" (before: exit 70, a TypeError)."""
    ws = scratch("repo")
    _share_divides_by_zero(ws)
    for lang, expected in (("ru", "Z ожидался 43,1, получился -"), ("en", "Z expected 43.1, got -")):
        result = cli("rules", "validate", "2024-draft", "-w", str(ws), "--lang", lang)
        assert result.exit_code == 1, result.output
        assert expected in result.output
        scored = cli("score", "2024Q1@2024-draft", "-w", str(ws), "--lang", lang)
        assert scored.exit_code == 1, scored.output
        assert expected in scored.output


def test_cards_into_a_file_say_the_cards_not_the_site(cli: Cli, scratch: Callable[[str], Path]) -> None:
    """`kpi cards -o FILE` named a folder "for the site" (the site's message, borrowed)."""
    ws = scratch("repo")
    (ws / "out").write_text("x", encoding="utf-8")
    for lang, expected in (
        ("ru", "out — не папка; укажите для карточек папку"),
        ("en", "out is not a folder; name a folder for the scorecards"),
        ("kk", "out — қалта емес; карточкалар үшін қалтаны көрсетіңіз"),
    ):
        result = cli("cards", "2024Q1", "-o", str(ws / "out"), "-w", str(ws), "--lang", lang)
        assert result.exit_code == 1, result.output
        assert result.output.strip().endswith(expected), result.output


def test_a_fault_while_problems_are_said_is_an_internal_error_not_a_traceback(
    cli: Cli, scratch: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example above once failed while its problem was being written (a TypeError in the
    message's fields): the command ended with Python's traceback and exit 1, as if the input
    were at fault. A fault there is kpi's own: exit 70 and the one line that says so."""
    from engine.problems import Problem

    def broken(self: Problem, lang: str) -> str:
        raise TypeError("a message that cannot be written")

    ws = scratch("repo-history")
    # an example quarter: no seal to check, so the first problem written is the command's error
    (ws / "quarters" / "2024Q2" / "mvd.yaml").write_text("a: [\n", encoding="utf-8")
    monkeypatch.delenv("KPI_DEBUG", raising=False)
    monkeypatch.setattr(Problem, "render", broken)
    result = cli("score", "2024Q2", "-w", str(ws))
    assert result.exit_code == 70, result.output
    assert result.output.strip() == (
        "внутренняя ошибка kpi: TypeError: a message that cannot be written. "
        "Сообщите разработчикам; подробности — с KPI_DEBUG=1"
    )
