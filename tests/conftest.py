"""Shared test helpers: the repository workspace, scratch workspaces and the CLI runner."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import engine.i18n
from engine.cli.app import app

# A message code missing from the catalogues fails the test that says it (here and in the
# processes the tests start), instead of printing the code.
os.environ[engine.i18n.STRICT_VARIABLE] = "1"
# What kpi keeps between runs (engine.readcache) goes to a folder of this test session, here and
# in the processes the tests start: every test after the first reads what an earlier one kept.
os.environ["KPI_CACHE_DIR"] = tempfile.mkdtemp(prefix="kpi-test-cache-")

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
REPORT = REPO / "quarters" / "2024Q1" / "source-report.txt"


def run_cli(*args: str, lang: str = "ru", columns: int = 200) -> Result:
    """Invoke `kpi` in-process with a fixed language and terminal width."""
    runner = CliRunner()
    return runner.invoke(app, list(args), env={"KPI_LANG": lang, "COLUMNS": str(columns), "NO_COLOR": "1"})


needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-calc libreoffice-writer)",
)


def libreoffice_convert(paths: list[Path], to: str, out: Path) -> None:
    """Open each file in LibreOffice headless and save it as `to` into folder `out` (a separate
    profile beside `out`, so that a running LibreOffice of the user is not disturbed)."""
    profile = out.parent / f".{out.name}-libreoffice-profile"
    command = ["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", to]
    subprocess.run([*command, "--outdir", str(out), *map(str, paths)], check=True, capture_output=True, timeout=600)


def tree_digest(root: Path) -> str:
    """A fingerprint of every file under root: proves a command changed nothing."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.relative_to(root).as_posix() != ".kpi/lock.db":  # the lock (engine.lock)
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def cli() -> Callable[..., Result]:
    return run_cli


@pytest.fixture
def repo_workspace() -> Path:
    return REPO


HISTORY_EXAMPLES = ("2024Q2", "2024Q3", "2024Q4")  # example quarters that give the workspace a history


@pytest.fixture
def scratch(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a workspace from tests/data/workspaces/<name> (or the repository's own, for
    name "repo") into a temporary folder and return its path."""

    def make(name: str) -> Path:
        target = tmp_path / name
        if name in ("repo", "repo-history"):
            target.mkdir()
            # "repo": without the example quarters of the history (2024Q2-2024Q4), so that a
            # test can create 2024Q2 as staff do; "repo-history": all of it
            skip = shutil.ignore_patterns(*HISTORY_EXAMPLES) if name == "repo" else None
            for part in ("rules", "quarters"):
                shutil.copytree(REPO / part, target / part, ignore=skip)
        else:
            shutil.copytree(DATA / "workspaces" / name, target)
        return target

    return make


# `pytest --hypothesis-profile=deep tests/test_fuzz.py`: a longer search than the default run
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("deep", max_examples=5000)


def unpublished(workspace: Path, quarter: str) -> None:
    """The copy of an official quarter made a draft, for a test that edits its data to see
    something else than the seal (engine.seal) say so."""
    path = workspace / "quarters" / quarter / "quarter.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: official", "status: draft"), encoding="utf-8")
