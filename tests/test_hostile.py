"""Hostile inputs (tests/hostile/cases.py): each ends in its expected exit code and exact lines,
never in an internal error, a traceback, a leak, an escape sequence or a changed file.

CPU time and memory per case are measured by `make hostile`, not asserted here.
"""

from __future__ import annotations

import faulthandler
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.cases import CASES
from tests.hostile.harness import EXPECTED, FROM_FILE, Case, run_case

HANG = 60  # seconds: a case still running by then has hung; the whole run stops with a traceback


@pytest.fixture(autouse=True)
def watchdog() -> Iterator[None]:
    faulthandler.dump_traceback_later(HANG, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input_is_refused_cleanly(case: Case, tmp_path: Path) -> None:
    _, problems = run_case(case, tmp_path)
    assert not problems, f"{case.name}:\n" + "\n".join(problems)


def test_the_suite_covers_every_kind_of_input() -> None:
    groups = Counter(case.group for case in CASES)
    assert len(CASES) >= 80
    assert set(groups) == {
        "formulas",
        "rules values",
        "quarter data",
        "published figures",
        "files",
        "yaml structure",
        "text",
        "arguments",
        "environment",
        "streams",
        "forms",
        "seal",
    }
    assert len({case.name for case in CASES}) == len(CASES)


def test_every_expected_file_belongs_to_a_case() -> None:
    named = {case.name for case in CASES if case.stderr is FROM_FILE}
    files = {path.stem for path in EXPECTED.glob("*.txt")}
    assert files == named
