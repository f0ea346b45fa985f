"""What kpi keeps between runs (engine.readcache): the same figures whether kept or read, never
a stale one, nothing kept in a folder others may write to or when the user says off."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine import readcache, scoring
from tests.conftest import REPO


def kpi(workspace: Path, cache: Path | None, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KPI_LANG": "ru", "COLUMNS": "120"}
    if cache is None:
        env["KPI_CACHE"] = "off"
    else:
        env["KPI_CACHE_DIR"] = str(cache)
    command = [sys.executable, "-m", "engine", *arguments, "-w", str(workspace)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(REPO / "rules", root / "rules")
    shutil.copytree(REPO / "quarters", root / "quarters")
    return root


@pytest.fixture
def in_process_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KPI_CACHE_DIR", str(folder))
    yield folder


def entries(cache: Path) -> list[str]:
    return sorted(p.name.split("-")[0] for p in cache.rglob("*") if p.is_file())


def test_kept_and_read_give_the_same_output(workspace: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for command in (["score", "2024Q1", "--json"], ["explain", "2024Q1", "МВД", "5"], ["compare", "2023Q4", "2024Q1"]):
        read = kpi(workspace, None, *command)
        first = kpi(workspace, cache, *command)  # reads, and keeps
        kept = kpi(workspace, cache, *command)  # from what was kept
        assert read.returncode == first.returncode == kept.returncode == 0, kept.stderr
        assert read.stdout == first.stdout == kept.stdout
    assert {"rules", "quarter"} <= set(entries(cache))


def test_an_edited_file_is_read_again(workspace: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = json.loads(kpi(workspace, cache, "score", "2024Q1", "--json").stdout)
    data = workspace / "quarters" / "2024Q1" / "mvd.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace('a: "156 710"', 'a: "363 249"'), encoding="utf-8")
    rules = workspace / "rules" / "2023" / "mju.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("target: 50", "target: 40", 1), encoding="utf-8")
    after = json.loads(kpi(workspace, cache, "score", "2024Q1", "--json").stdout)
    fresh = json.loads(kpi(workspace, None, "score", "2024Q1", "--json").stdout)
    assert after == fresh != before
    mvd = next(b for b in after["bodies"] if b["id"] == "mvd")
    assert mvd["directions"][0]["kpis"][0]["W"] == "20"  # a = b: Z = 100 >= 75, W = U


def test_problems_are_never_kept_and_always_said(workspace: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    rules = workspace / "rules" / "2023" / "mvd.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("weight: 20", 'weight: "двадцать"', 1), encoding="utf-8")
    for _ in range(2):
        done = kpi(workspace, cache, "score", "2024Q1")
        assert done.returncode == 1 and "mvd.yaml" in done.stderr
    assert "rules" not in entries(cache)


def test_a_damaged_entry_is_read_again_from_the_files(workspace: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    good = kpi(workspace, cache, "score", "2024Q1", "--json").stdout
    for entry in (p for p in cache.rglob("*") if p.is_file()):
        entry.write_bytes(b"not a pickle" + entry.read_bytes()[:100])
    assert kpi(workspace, cache, "score", "2024Q1", "--json").stdout == good


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_folder_others_may_write_to_is_not_used(workspace: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o777)
    assert kpi(workspace, cache, "score", "2024Q1").returncode == 0
    assert entries(cache) == []


def test_off_means_nothing_is_written(workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("KPI_CACHE_DIR", raising=False)
    assert kpi(workspace, None, "score", "2024Q1").returncode == 0
    assert not home.exists()


def test_another_code_version_does_not_read_this_one_s_entries(
    in_process_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.workspace import Workspace

    scoring.score(Workspace(REPO), "2024Q1")
    first = {p.parent.name for p in in_process_cache.rglob("*") if p.is_file()}
    monkeypatch.setattr(readcache, "_code_version", lambda: "another-version")
    scoring.score(Workspace(REPO), "2024Q1")
    second = {p.parent.name for p in in_process_cache.rglob("*") if p.is_file()}
    assert second == first | {"another-version"}


def test_kept_rules_explain_by_the_audited_path(in_process_cache: Path) -> None:
    """A kept rules version has no compiled code with it (engine.formula.__getstate__): the
    compiled and audited paths still agree after it is loaded."""
    from engine.workspace import Workspace

    scoring.score(Workspace(REPO), "2024Q1")
    result = scoring.score(Workspace(REPO), "2024Q1")  # rules and quarter loaded from the cache
    methodology = result.rules.methodology
    for kpi_result in (k for body in result.bodies for k in body.kpis):
        kpi_ = kpi_result.kpi
        audited = methodology.assess(kpi_result.variant, kpi_.weight, kpi_.target, kpi_result.a, kpi_result.b)
        assert (audited.assigned, audited.steps) == (kpi_result.assigned, kpi_result.assessment.steps)


def test_a_home_that_does_not_exist_is_not_made(workspace: Path, tmp_path: Path) -> None:
    """HOME=/nonexistent (a service account, a sandbox): kpi works, and creates no folder."""
    home = tmp_path / "missing" / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("KPI_CACHE_DIR", "XDG_CACHE_HOME")}
    env |= {"HOME": str(home), "KPI_LANG": "ru"}
    command = [sys.executable, "-m", "engine", "score", "2024Q1", "-w", str(workspace)]
    assert subprocess.run(command, capture_output=True, env=env, cwd=REPO).returncode == 0
    assert not (tmp_path / "missing").exists()
    home.mkdir(parents=True)  # an existing home gets its ~/.cache, as other tools make it
    assert subprocess.run(command, capture_output=True, env=env, cwd=REPO).returncode == 0
    assert (home / ".cache" / "kpi").is_dir()


def test_the_oldest_entries_go_first(in_process_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readcache, "KEEP_ENTRIES", 3)
    for number in range(5):
        readcache.keep({"n": number}, "quarter", str(number))
        time.sleep(0.02)  # file times are coarse (a few ms)
    folder = next(p for p in in_process_cache.iterdir() if p.is_dir())
    assert len([p for p in folder.iterdir() if p.is_file()]) == 3
    assert readcache.load("quarter", "0") is None
    assert readcache.load("quarter", "4") == {"n": 4}


def test_only_kpi_s_own_folders_are_ever_deleted(workspace: Path, tmp_path: Path) -> None:
    """KPI_CACHE_DIR may name any folder (the review set it to the workspace): a new code
    version forgets old versions' folders, never anything else that folder holds."""
    cache = tmp_path / "anything"
    for name in (".git", "docs", "0123456789abcdef01234567"):  # the last: named like a version
        (cache / name).mkdir(parents=True)
        (cache / name / "keep.txt").write_text("mine", encoding="utf-8")
        os.utime(cache / name, (0, 0))
    for number in range(4):  # old versions of kpi's own, oldest first
        old = cache / f"{number:024x}"
        old.mkdir()
        (old / ("rules-" + "0" * 64)).write_bytes(b"x")
        os.utime(old, (number, number))
    assert kpi(workspace, cache, "score", "2024Q1").returncode == 0
    for name in (".git", "docs", "0123456789abcdef01234567"):
        assert (cache / name / "keep.txt").read_text(encoding="utf-8") == "mine"
    versions = [p.name for p in cache.iterdir() if p.name.startswith("0000")]
    # with this version's own, the newest KEEP_VERSIONS stay: the two newest old ones
    assert sorted(versions) == [f"{2:024x}", f"{3:024x}"]


def test_a_relative_cache_folder_is_not_used(workspace: Path) -> None:
    """A relative folder would put the cache wherever kpi runs, inside a workspace too."""
    env = {**os.environ, "KPI_LANG": "ru", "KPI_CACHE_DIR": ".cache"}
    command = [sys.executable, "-m", "engine", "score", "2024Q1", "-w", str(workspace)]
    assert subprocess.run(command, capture_output=True, env=env, cwd=workspace).returncode == 0
    env = {k: v for k, v in env.items() if k != "KPI_CACHE_DIR"} | {"XDG_CACHE_HOME": ".cache"}
    env["HOME"] = str(workspace.parent / "home")
    assert subprocess.run(command, capture_output=True, env=env, cwd=workspace).returncode == 0
    assert not (workspace / ".cache").exists()


def test_a_file_edited_while_a_run_reads_it_is_never_kept_stale(
    workspace: Path, in_process_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review: quarter.yaml saved between the header's read and the key's read left the old
    header kept under the new text. Every part of a run now comes from one read."""
    from engine.workspace import Workspace

    header = workspace / "quarters" / "2024Q1" / "quarter.yaml"
    original = Workspace.read_text

    def read_then_edit(self: Workspace, path: Path) -> tuple[str | None, list[Any]]:
        found = original(self, path)
        if path == header:  # an editor saves the file just after kpi has read it
            header.write_text(header.read_text(encoding="utf-8").replace("status: official", "status: draft"))
        return found

    monkeypatch.setattr(Workspace, "read_text", read_then_edit)
    assert scoring.score(Workspace(workspace), "2024Q1").quarter.status == "official"  # what was read
    monkeypatch.setattr(Workspace, "read_text", original)
    assert scoring.score(Workspace(workspace), "2024Q1").quarter.status == "draft"  # what the file says now


def test_a_write_that_fails_keeps_nothing_and_says_nothing(
    in_process_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """keep writes through engine.writing: a full disk there (its one-line error) is silence
    here, and no staged file is left behind."""
    import errno
    import tempfile

    def full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    readcache.keep({"n": 0}, "quarter", "0")  # the version folder made
    monkeypatch.setattr(tempfile, "mkstemp", full)
    readcache.keep({"n": 1}, "quarter", "1")
    assert readcache.load("quarter", "1") is None
    folder = next(p for p in in_process_cache.iterdir() if p.is_dir())
    assert [p.name.split("-")[0] for p in folder.iterdir()] == ["quarter"]


def test_what_a_killed_write_left_goes_after_an_hour(in_process_cache: Path) -> None:
    readcache.keep({"n": 0}, "quarter", "0")
    folder = next(p for p in in_process_cache.iterdir() if p.is_dir())
    old, fresh = (
        folder / (".quarter-" + "a" * 64 + ".x1y2z3w4.part"),
        folder / (".rules-" + "b" * 64 + ".abcdefgh.part"),
    )
    for left in (old, fresh):
        left.write_bytes(b"half")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    readcache.keep({"n": 1}, "quarter", "1")
    assert not old.exists() and fresh.exists()
    assert readcache._only_entries(folder)  # an old version's folder with it is still forgotten whole
