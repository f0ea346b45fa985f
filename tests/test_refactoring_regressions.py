"""What the first round of issue 19 changed without meaning to, found by running the commands
against the code before it (5c29ee9) on the same workspaces: each test here failed on main
after that round and passes on the code before it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

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
