"""All or nothing, one writer at a time (issue 22): imports in concurrent processes, a reader
while a writer holds the workspace, a kill at each stage of an import's write (simulated by
ending the process where the next step would run), and what a killed run leaves cleaned by the
next command."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import REPO, run_cli, tree_digest


def workbook(path: Path) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_workbook(path)


def kpi(ws: Path, *argv: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "KPI_LANG": "ru", "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "engine", *argv, "-w", str(ws)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )


def finished(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    _, err = process.communicate(timeout=120)
    return process.returncode, err.decode()


@pytest.fixture
def ws(scratch: Callable[[str], Path]) -> Path:
    """The repository's workspace with an empty 2024Q2 and two sets of its forms: `one` (every
    KPI's a = 1) and `two` (a = 2), every b = 10."""
    root = scratch("repo")
    assert run_cli("quarter", "new", "2024Q2", "-w", str(root)).exit_code == 0
    assert run_cli("quarter", "forms", "2024Q2", "-o", str(root / "blank"), "-w", str(root)).exit_code == 0
    for value, name in ((1, "one"), (2, "two")):
        (root / name).mkdir()
        for path in sorted((root / "blank").glob("*.xlsx")):
            book = workbook(path)
            sheet = book.worksheets[0]
            for row in sheet.iter_rows(min_row=7):
                if isinstance(row[1].value, str) and not row[6].protection.locked:  # a KPI's row
                    row[6].value = value
                    if not row[7].protection.locked:
                        row[7].value = 10
            book.save(root / name / path.name)
    return root


def bodies(ws: Path) -> dict[str, str]:
    folder = ws / "quarters" / "2024Q2"
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.yaml"))}


def test_two_imports_at_once_one_wins_the_other_sees_its_values(ws: Path) -> None:
    for _ in range(3):
        first = kpi(ws, "quarter", "import", "2024Q2", str(ws / "one"))
        second = kpi(ws, "quarter", "import", "2024Q2", str(ws / "two"))
        outcomes = sorted(finished(p) for p in (first, second))
        assert [code for code, _ in outcomes] == [0, 1], outcomes
        assert "уже заполнено" in outcomes[1][1]  # the later saw the first's values as existing ones
        text = (ws / "quarters" / "2024Q2" / "mvd.yaml").read_text(encoding="utf-8")
        assert ('a: "1"' in text) != ('a: "2"' in text)  # one import's values, whole
        for path in (ws / "quarters" / "2024Q2").glob("*.yaml"):
            if path.name != "quarter.yaml":
                values = {line.split('"')[1] for line in path.read_text(encoding="utf-8").splitlines() if "a: " in line}
                assert len(values) == 1, (path, values)  # never a mix of the two imports in one file
        # back to an empty quarter for the next round
        (ws / "quarters" / "2024Q2").rename(ws / "old")
        shutil.rmtree(ws / "old")
        assert run_cli("quarter", "new", "2024Q2", "-w", str(ws)).exit_code == 0


def test_a_reader_waits_for_a_writer(ws: Path) -> None:
    from engine.lock import hold

    with hold(ws, write=True):
        code, err = finished(kpi(ws, "quarter", "status", "2024Q2", env={"KPI_LOCK_WAIT": "1"}))
    assert code == 1
    assert err.splitlines() == [
        "рабочий каталог занят другой командой kpi, которая записывает в него, дольше 1 с; повторите позже"
    ]
    assert finished(kpi(ws, "quarter", "status", "2024Q2"))[0] == 0  # once the writer is done


KILL = """
import os, sys, tempfile
stage, count = sys.argv[1], int(sys.argv[2])
calls = {"n": 0}
def dying(original):
    def step(*args, **kwargs):
        if calls["n"] == count:
            os._exit(9)  # killed here: no clean-up of any kind runs
        calls["n"] += 1
        return original(*args, **kwargs)
    return step
if stage == "stage":
    tempfile.mkstemp = dying(tempfile.mkstemp)
else:
    os.replace = dying(os.replace)
from engine.cli.app import main
sys.argv = ["kpi", *sys.argv[3:]]
main()
"""


@pytest.mark.parametrize(
    ("stage", "count"),
    [("stage", 0), ("stage", 7), ("stage", 14), ("rename", 0), ("rename", 1), ("rename", 8), ("rename", 14)],
    ids=["before-any", "half-staged", "journal", "before-commit", "just-committed", "half-renamed", "one-left"],
)
def test_a_kill_at_each_stage_leaves_all_or_nothing(ws: Path, stage: str, count: int) -> None:
    before = bodies(ws)
    env = {**os.environ, "KPI_LANG": "ru", "PYTHONPATH": str(REPO)}
    argv = ["quarter", "import", "2024Q2", str(ws / "one"), "-w", str(ws)]
    killed = subprocess.run([sys.executable, "-c", KILL, stage, str(count), *argv], env=env, capture_output=True)
    assert killed.returncode == 9, killed.stderr.decode()
    # the next command, whatever it is, takes the lock and finishes or undoes what was left
    status = run_cli("quarter", "status", "2024Q2", "-w", str(ws))
    assert status.exit_code == 0, status.output
    left = [p.name for p in (ws / "quarters" / "2024Q2").iterdir() if p.name.startswith(".")]
    assert left == []
    after = bodies(ws)
    changed = {name for name in after if after[name] != before.get(name)}
    if stage == "stage" or count == 0:  # os.replace 0 is the journal's: the point of commit
        assert changed == set()  # killed before the point of commit: nothing changed
    else:
        assert len(changed) == 14  # after it: every body file is the import's
        assert (
            run_cli("quarter", "import", "2024Q2", str(ws / "one"), "-w", str(ws))
            .output.splitlines()[-1]
            .startswith("Загружено форм: 14; изменений: 0")
        )


def test_leftovers_of_a_killed_run_are_cleaned_by_the_next_command(ws: Path) -> None:
    staging = ws / "quarters" / ".2024Q3.ab12cd34"
    staging.mkdir()
    (staging / "quarter.yaml").write_text("period: 2024Q3\n", encoding="utf-8")
    rules_staging = ws / "rules" / ".2025.zz99yy88"
    rules_staging.mkdir()
    part = ws / "quarters" / "2024Q2" / ".mvd.yaml.k2j3h4g5.part"
    part.write_text("half", encoding="utf-8")
    kept = ws / "quarters" / "2024Q2" / "notes.txt"  # not ours: never touched
    kept.write_text("keep", encoding="utf-8")
    assert run_cli("score", "2024Q1", "-w", str(ws)).exit_code == 0
    assert not staging.exists() and not rules_staging.exists() and not part.exists() and kept.exists()


def test_a_folder_that_cannot_be_written_is_one_line(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    real = tempfile.mkstemp

    def refused(*args: Any, **kwargs: Any) -> Any:
        if "quarters" in str(kwargs.get("dir", "")):
            raise PermissionError(13, "Permission denied", str(kwargs.get("dir")))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    before = tree_digest(ws / "quarters")
    result = run_cli("quarter", "import", "2024Q2", str(ws / "one"), "-w", str(ws))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"{ws / 'quarters' / '2024Q2'}: записать не удалось: Permission denied"
    assert tree_digest(ws / "quarters") == before

    def no_folder(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(kwargs.get("dir")))

    monkeypatch.setattr(tempfile, "mkdtemp", no_folder)
    made = run_cli("quarter", "new", "2024Q4", "-w", str(ws))
    assert made.exit_code == 1, made.output
    assert made.stderr.splitlines() == [f"{ws / 'quarters'}: записать не удалось: Permission denied"]
