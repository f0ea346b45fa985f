"""engine.parallel: a large quarter's rules checked in a second process while the quarter's
YAML is parsed here. The result never depends on where it was computed."""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from engine import parallel, scoring
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synthetic  # noqa: E402


def test_the_work_is_done_in_another_process_and_meanwhile_here() -> None:
    here = os.getpid()
    seen: list[int] = []
    result = parallel.alongside(lambda: ("done", os.getpid()), lambda: seen.append(os.getpid()))
    assert result[0] == "done" and result[1] != here  # computed by the child
    assert seen == [here]  # meanwhile ran in this process


@pytest.mark.parametrize("how", ["raises", "killed"])
def test_a_failing_child_means_the_work_is_done_here(how: str) -> None:
    here = os.getpid()

    def work() -> int:
        if os.getpid() != here:  # only in the child
            if how == "raises":
                raise RuntimeError("the child fails")
            os.kill(os.getpid(), signal.SIGKILL)
        return 42

    assert parallel.alongside(work, lambda: None) == 42


def test_off_means_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_PARALLEL", "off")
    here = os.getpid()
    assert parallel.alongside(os.getpid, lambda: None) == here


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """70 bodies: more files than engine.scoring.PARALLEL_FILES."""
    return synthetic.write_workspace(tmp_path_factory.mktemp("large") / "ws", 70, 4)


def scored(cli: Callable[..., Result], workspace: Path, parallel_on: bool, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.setenv("KPI_CACHE", "off")  # every file read: the path that forks
    monkeypatch.setattr(scoring, "_RULES", {})  # nor kept in this process
    monkeypatch.setenv("KPI_PARALLEL", "on" if parallel_on else "off")
    return cli("score", "2099Q1", "-w", str(workspace), "--json")


def test_the_same_figures_either_way(cli: Callable[..., Result], large: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forked: list[bool] = []
    real = parallel.alongside

    def counted(work: Callable[[], object], meanwhile: Callable[[], None]) -> object:
        forked.append(parallel.available())
        return real(work, meanwhile)

    monkeypatch.setattr(parallel, "alongside", counted)
    both = scored(cli, large, True, monkeypatch), scored(cli, large, False, monkeypatch)
    assert forked == [True]  # the rules were checked alongside, then (off) in one pass here
    assert both[0].exit_code == both[1].exit_code == 0, both[0].output
    assert both[0].output == both[1].output
    assert len(json.loads(both[0].output)["bodies"]) == 70


def test_the_same_problems_either_way(
    cli: Callable[..., Result], large: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    broken = tmp_path / "ws"
    shutil.copytree(large, broken)
    rules = broken / "rules" / "synthetic"
    first = sorted(rules.glob("b*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("weight:", "weigth:", 1), encoding="utf-8")
    data = sorted((broken / "quarters" / "2099Q1").glob("b*.yaml"))[1]
    data.write_text(data.read_text(encoding="utf-8") + "  : [\n", encoding="utf-8")
    both = scored(cli, broken, True, monkeypatch), scored(cli, broken, False, monkeypatch)
    assert both[0].exit_code == both[1].exit_code == 1
    assert both[0].output == both[1].output
    assert "weigth" in both[0].output


def test_a_kpi_id_in_both_parts_is_said_as_one_pass_says_it(
    cli: Callable[..., Result], large: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A KPI id of a body in the first part (checked in the second process) used again by a
    body in the last part: the duplicate is worded by one pass, as without the second core."""
    import re
    import shutil

    broken = tmp_path / "ws"
    shutil.copytree(large, broken)
    rules = sorted((broken / "rules" / "synthetic").glob("b*.yaml"))
    first_id = re.search(r"- id: (\S+)", rules[0].read_text(encoding="utf-8").split("kpis:", 1)[1])
    assert first_id is not None
    last = rules[-1]
    text = last.read_text(encoding="utf-8")
    own = re.search(r"- id: (\S+)", text.split("kpis:", 1)[1])
    assert own is not None
    last.write_text(text.replace(f"- id: {own[1]}", f"- id: {first_id[1]}", 1), encoding="utf-8")
    both = scored(cli, broken, True, monkeypatch), scored(cli, broken, False, monkeypatch)
    assert both[0].exit_code == both[1].exit_code == 1
    assert both[0].output == both[1].output
    assert first_id[1] in both[0].output
