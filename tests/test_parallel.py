"""engine.parallel: a large quarter's rules checked partly in a second process while the
quarter's data are parsed here, the files shared out between the two as they go. The result
never depends on where it was computed.

Each case runs in a fresh process: kpi forks only where no other thread runs, and the test
session has threads of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synthetic  # noqa: E402


def fresh(code: str, **env: str) -> str:
    """What `code` prints, run by a new Python with the engine importable."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env={**os.environ, **env},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_work_is_done_in_another_process_and_meanwhile_here() -> None:
    code = """
import os
from engine import parallel
seen = []
result = parallel.alongside(lambda: ("done", os.getpid()), lambda: seen.append(os.getpid()))
print(result[0], result[1] != os.getpid(), seen == [os.getpid()])
"""
    assert fresh(code) == "done True True"  # computed by the child, meanwhile here


@pytest.mark.parametrize("how", ["raises", "killed"])
def test_a_failing_child_means_the_work_is_done_here(how: str) -> None:
    code = f"""
import os, signal
from engine import parallel
here = os.getpid()
def work():
    if os.getpid() != here:  # only in the child
        if "{how}" == "raises":
            raise RuntimeError("the child fails")
        os.kill(os.getpid(), signal.SIGKILL)
    return 42
print(parallel.alongside(work, lambda: None))
"""
    assert fresh(code) == "42"


def test_off_means_one_process() -> None:
    code = "import os\nfrom engine import parallel\nprint(parallel.alongside(os.getpid, lambda: None) == os.getpid())"
    assert fresh(code, KPI_PARALLEL="off") == "True"


def test_items_shared_from_both_ends_come_back_in_order_from_both_processes() -> None:
    code = """
import os, time
from engine import parallel
here = os.getpid()
def each(item):
    time.sleep(0.002)
    return item, os.getpid() == here
done = parallel.from_both_ends(list(range(200)), each, lambda: time.sleep(0.1))
mine = [item for item, by_me in done if by_me]
print([item for item, _ in done] == list(range(200)), 0 < len(mine) < 200, mine == list(range(200 - len(mine), 200)))
"""
    assert fresh(code) == "True True True"  # the child from the front, this process from the back


@pytest.mark.parametrize("at", [0, 57])
def test_a_child_killed_while_sharing_means_its_items_are_done_here(at: int) -> None:
    code = f"""
import os, signal, time
from engine import parallel
here = os.getpid()
def each(item):
    if os.getpid() != here and item == {at}:
        os.kill(os.getpid(), signal.SIGKILL)  # with items taken and not sent back
    time.sleep(0.001)
    return item * item
print(parallel.from_both_ends(list(range(120)), each, lambda: time.sleep(0.05)) == [n * n for n in range(120)])
"""
    assert fresh(code) == "True"


@pytest.mark.parametrize(("failing", "said"), [("{2, 8}", "item 2"), ("{8}", "item 8"), ("{2}", "item 2")])
def test_an_item_that_fails_fails_as_in_one_pass(failing: str, said: str) -> None:
    """The first item to fail in the items' order says why, whichever process met it."""
    code = f"""
import os, time
from engine import parallel
def each(item):
    time.sleep(0.002)
    if item in {failing}:
        raise ValueError(f"item {{item}}")
    return item
fds = len(os.listdir("/proc/self/fd"))
for _ in range(3):
    try:
        parallel.from_both_ends(list(range(10)), each, lambda: time.sleep(0.005))
    except ValueError as exc:
        said = str(exc)
print(said, len(os.listdir("/proc/self/fd")) - fds)
"""
    assert fresh(code) == f"{said} 0"  # and no descriptor left open


def test_meanwhile_that_fails_leaves_no_descriptor_open() -> None:
    code = """
import os
from engine import parallel
fds = len(os.listdir("/proc/self/fd"))
def meanwhile():
    raise KeyError("meanwhile")
for _ in range(3):
    try:
        parallel.alongside(lambda: 1, meanwhile)
    except KeyError:
        pass
print(len(os.listdir("/proc/self/fd")) - fds)
"""
    assert fresh(code) == "0"


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """70 bodies: more files than engine.scoring.PARALLEL_FILES."""
    return synthetic.write_workspace(tmp_path_factory.mktemp("large") / "ws", 70, 4)


# `kpi score --json` in a fresh process, saying on its last line how often it forked
SCORE = """
import sys
from engine import parallel
real, forks = parallel.alongside, []
def counted(work, meanwhile):
    forks.append(parallel.available())
    return real(work, meanwhile)
parallel.alongside = counted
sys.argv = ["kpi", "score", "2099Q1", "-w", sys.argv[1], "--json"]
from engine.cli import main
try:
    main()
except SystemExit as stop:
    print(f"exit={stop.code} forks={forks}")
"""


def scored(workspace: Path, parallel_on: bool) -> tuple[str, str]:
    """(the output, `exit=… forks=…`) of `kpi score --json`, every file read."""
    env = {**os.environ, "KPI_CACHE": "off", "KPI_PARALLEL": "on" if parallel_on else "off", "KPI_LANG": "ru"}
    done = subprocess.run(
        [sys.executable, "-c", SCORE, str(workspace)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=env,
        timeout=300,
    )
    output, _, said = done.stdout.rstrip("\n").rpartition("\n")
    return output + done.stderr, said


def test_the_same_figures_either_way(large: Path) -> None:
    (on, said_on), (off, said_off) = scored(large, True), scored(large, False)
    assert said_on == "exit=0 forks=[True]"  # the rules were checked partly in a second process
    assert said_off == "exit=0 forks=[]"  # and here, off: in one pass
    assert on == off
    assert len(json.loads(on)["bodies"]) == 70


def broken_copy(large: Path, tmp_path: Path) -> Path:
    import shutil

    broken = tmp_path / "ws"
    shutil.copytree(large, broken)
    return broken


def test_the_same_problems_either_way(large: Path, tmp_path: Path) -> None:
    broken = broken_copy(large, tmp_path)
    rules = broken / "rules" / "synthetic"
    first = sorted(rules.glob("b*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("weight:", "weigth:", 1), encoding="utf-8")
    data = sorted((broken / "quarters" / "2099Q1").glob("b*.yaml"))[1]
    data.write_text(data.read_text(encoding="utf-8") + "  : [\n", encoding="utf-8")
    (on, said_on), (off, said_off) = scored(broken, True), scored(broken, False)
    assert (said_on, said_off) == ("exit=1 forks=[True]", "exit=1 forks=[]")
    assert on == off
    assert "weigth" in on


def test_a_kpi_id_in_both_parts_is_said_as_one_pass_says_it(large: Path, tmp_path: Path) -> None:
    """A KPI id of a body in the first part (checked in the second process) used again by a
    body in the last part: the duplicate is worded by one pass, as without the second core."""
    import re

    broken = broken_copy(large, tmp_path)
    rules = sorted((broken / "rules" / "synthetic").glob("b*.yaml"))
    first_id = re.search(r"- id: (\S+)", rules[0].read_text(encoding="utf-8").split("kpis:", 1)[1])
    assert first_id is not None
    last = rules[-1]
    text = last.read_text(encoding="utf-8")
    own = re.search(r"- id: (\S+)", text.split("kpis:", 1)[1])
    assert own is not None
    last.write_text(text.replace(f"- id: {own[1]}", f"- id: {first_id[1]}", 1), encoding="utf-8")
    (on, said_on), (off, said_off) = scored(broken, True), scored(broken, False)
    assert (said_on, said_off) == ("exit=1 forks=[True]", "exit=1 forks=[]")
    assert on == off
    assert "уже занят" in on and first_id[1] in on


def test_a_duplicate_among_the_last_files_is_said_as_one_pass_says_it(large: Path, tmp_path: Path) -> None:
    """The last files are checked from the back here: a KPI id used by the last two files is
    worded as one pass words it (the later file names the earlier)."""
    import re

    broken = broken_copy(large, tmp_path)
    rules = sorted((broken / "rules" / "synthetic").glob("b*.yaml"))
    earlier = re.search(r"- id: (\S+)", rules[-2].read_text(encoding="utf-8").split("kpis:", 1)[1])
    assert earlier is not None
    text = rules[-1].read_text(encoding="utf-8")
    own = re.search(r"- id: (\S+)", text.split("kpis:", 1)[1])
    assert own is not None
    rules[-1].write_text(text.replace(f"- id: {own[1]}", f"- id: {earlier[1]}", 1), encoding="utf-8")
    (on, said_on), (off, said_off) = scored(broken, True), scored(broken, False)
    assert (said_on, said_off) == ("exit=1 forks=[True]", "exit=1 forks=[]")
    assert on == off
    assert rules[-1].name in on.split("уже занят")[0].splitlines()[-1]  # said at the later file
