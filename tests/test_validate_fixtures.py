"""`kpi rules validate` on broken rules: each case folder in tests/data/rules/invalid/ holds
files that replace files of rules/t/ in the minimal workspace, and expected.txt, the exact
problem lines (Russian, sorted) the command must print for them.

To add a case: copy a file of tests/data/workspaces/minimal/rules/t/ into a new folder, break
it, and write expected.txt by hand from the file and engine/i18n.py — then run the test.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from engine.formula import compile_formula
from engine.formulalimits import FormulaError
from engine.method import ASSIGNED_NAMES, SHARE_NAMES
from tests.conftest import DATA, run_cli, tree_digest

INVALID = DATA / "rules" / "invalid"
CASES = sorted(path for path in INVALID.iterdir() if path.is_dir())

# Cases the engine still gets wrong: name -> why. Each stays xfail(strict=True) until fixed;
# its expected.txt says what it should print.
KNOWN_WRONG: dict[str, str] = {}


def overlay(case: Path, workspace: Path) -> None:
    """Put the case's replacement files into rules/t/ of the workspace."""
    replacements = sorted(case.glob("*.yaml"))
    assert replacements, f"{case.name}: no replacement files"
    for path in replacements:
        target = workspace / "rules" / "t" / path.name
        assert target.is_file(), f"{case.name}: {path.name} replaces nothing"
        shutil.copyfile(path, target)


def expected_lines(case: Path) -> list[str]:
    return case.joinpath("expected.txt").read_text(encoding="utf-8").splitlines()


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def params() -> list[object]:
    return [
        pytest.param(
            case,
            id=case.name,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[case.name])] if case.name in KNOWN_WRONG else [],
        )
        for case in CASES
    ]


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 20
    for case in CASES:
        assert expected_lines(case), f"{case.name}: expected.txt is empty"


@pytest.mark.parametrize("case", params())
def test_invalid_rules_give_exactly_the_expected_problems(case: Path, scratch: Callable[[str], Path]) -> None:
    workspace = scratch("minimal")
    overlay(case, workspace)
    before = tree_digest(workspace)

    result = run_cli("rules", "validate", "t", "--workspace", str(workspace))

    expected = expected_lines(case)
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [*expected, f"Правила t: проблем — {len(expected)}"]
    assert result.stderr == ""
    assert tree_digest(workspace) == before, "validate must not change any file"


def test_minimal_workspace_is_clean(scratch: Callable[[str], Path]) -> None:
    workspace = scratch("minimal")
    before = tree_digest(workspace)

    result = run_cli("rules", "validate", "t", "--workspace", str(workspace))

    assert_no_traceback(result)
    assert result.exit_code == 0
    # no name is given in Kazakh: one warning, counted by hand from the two files
    # (alpha: name, short, 1 direction, 3 KPIs, «ед.»; beta: name, short, 2 directions, 3 KPIs, only «%»)
    assert result.stdout == (
        "rules/t:1:1: предупреждение: наименований на казахском нет — 14 (по органам, нет/всего: АЛЬФА 7/7, "
        "БЕТА 7/7); документ на казахском покажет их по-русски и отметит это; подробно по органам: "
        "kpi rules validate t --strict\n"
        "Правила t: проблем нет (2 органа, 6 KPI, 3 примера сходятся)\n"
    )
    assert tree_digest(workspace) == before
    strict = run_cli("rules", "validate", "t", "--strict", "--workspace", str(workspace))
    assert strict.exit_code == 1
    assert strict.stdout == (
        "rules/t/alpha.yaml:1:1: АЛЬФА: наименований на казахском нет — 7 из 7 (орган: 2, направления: 1, "
        "KPI: 3, единицы: 1); документ на казахском покажет их по-русски\n"
        "rules/t/beta.yaml:1:1: БЕТА: наименований на казахском нет — 7 из 7 (орган: 2, направления: 2, "
        "KPI: 3, единицы: 0); документ на казахском покажет их по-русски\n"
        "Правила t: проблем — 2\n"
    )
    assert tree_digest(workspace) == before


def test_minimal_workspace_scores(scratch: Callable[[str], Path]) -> None:
    workspace = scratch("minimal")

    result = run_cli("score", "2030Q1", "--json", "--workspace", str(workspace))

    assert_no_traceback(result)
    assert result.exit_code == 0
    ranking = json.loads(result.stdout)
    # alpha: 28.7 + 30 + 10; beta: mean of (56.7 + 0) and 0, truncated
    assert [(b["id"], b["rank"], b["R"]) for b in ranking["bodies"]] == [
        ("alpha", 1, "68.7"),
        ("beta", 2, "28.3"),
    ]


ENGLISH = [
    "rules/t/alpha.yaml:7:9: the weights of the direction 'Основное' add up to 105, not 100: 50 + 35 + 20",
    "rules/t/alpha.yaml:12:18: KPI alpha-01: unknown formula variant 'share_hihger'; "
    "known: share_higher, share_lower, count; did you mean 'share_higher'?",
    "rules/t/alpha.yaml:27:15: KPI alpha-03: the unit '%' does not fit the variant count, which needs 'ед.'",
    "Rules t: problems: 3",
]


@pytest.mark.parametrize(
    ("env_lang", "flags"), [("ru", ["--lang", "en"]), ("en", [])], ids=["--lang en", "KPI_LANG=en"]
)
def test_english_on_request(env_lang: str, flags: list[str], scratch: Callable[[str], Path]) -> None:
    workspace = scratch("minimal")
    overlay(INVALID / "several-in-one-file", workspace)

    result = run_cli("rules", "validate", "t", "--workspace", str(workspace), *flags, lang=env_lang)

    assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ENGLISH


TOO_LONG = "U if Z >= N else Z / N * U" + " + 0" * 70


@pytest.mark.parametrize(
    ("case", "source", "code"),
    [
        ("formula-import", "__import__('os')", "formula-function"),
        ("formula-power", "9**9**9", "formula-power"),
        ("formula-string-repeat", "'a'*10**9", "formula-string"),
        ("formula-attribute", "(1).__class__", "formula-attribute"),
        ("formula-open-file", "open('/etc/passwd')", "formula-function"),
        ("formula-lambda", "lambda: U", "formula-lambda"),
        ("formula-comprehension", "max([a for a in (a, N)]) / N * U", "formula-construct"),
        ("formula-too-long", TOO_LONG, "formula-too-long"),
        ("formula-unknown-name", "U if Zz >= N else Z / N * U", "formula-unknown-name"),
        ("formula-syntax", "(a / b * 100", "formula-bracket-unclosed"),
    ],
)
def test_formula_cases_are_refused_before_any_evaluation(case: str, source: str, code: str) -> None:
    # validate refuses these at compile time, so none of them ever runs: that is what keeps
    # validate fast on them (timing itself belongs to a benchmark, not to a test)
    assert source in (INVALID / case / "methodology.yaml").read_text(encoding="utf-8")
    names = SHARE_NAMES if case == "formula-syntax" else ASSIGNED_NAMES
    with pytest.raises(FormulaError) as caught:
        compile_formula(source, names)
    assert caught.value.code == code
