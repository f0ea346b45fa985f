"""CPU time and peak memory of every hostile case, each as a real `kpi` process (`make hostile`).

    .venv/bin/python benchmarks/hostile.py [NAME_PATTERN…]

Each case of tests/hostile/cases.py runs as `python -m engine …` in a fresh workspace; its CPU
time (user + system) and peak resident memory come from wait4. Beside them, the same command
on the untouched workspace (the floor: start-up, imports and the work itself), and the ratio.
The acceptance bounds are 1 s of CPU and 300 MB per command; a case over either is marked.
Every case is also judged as in the tests (exit code, exact lines, nothing leaked or changed).
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile.cases import CASES  # noqa: E402
from tests.hostile.harness import Case, run_case  # noqa: E402

CPU_LIMIT, MEMORY_LIMIT = 1.0, 300.0


# the same command, valid, on the untouched workspace: what start-up and the work itself cost
FLOORS = {
    "score": ("score", "2030Q1"),
    "explain": ("explain", "2030Q1", "alpha"),
    "check": ("check", "2030Q1"),
    "compare": ("compare", "2030Q1", "2030Q1"),
    "rules": ("rules", "validate"),
}


def command(case: Case) -> str:
    return case.argv[0] if case.argv else ""


def floor(case: Case, runs: int = 3) -> float:
    """Median CPU of the case's command, valid, on the untouched workspace."""
    argv = FLOORS.get(command(case), case.argv)
    plain = replace(case, argv=argv, setup=(), stream="", env={}, stderr=None, exit=-1, workspace_option=True, cwd="")
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            outcome, _ = run_case(plain, Path(tmp), as_process=True)
        times.append(outcome.cpu)
    return statistics.median(times)


def main(patterns: list[str]) -> int:
    chosen = [c for c in CASES if not patterns or any(re.search(p, c.name) for p in patterns)]
    floors: dict[str, float] = {}
    rows = []
    failed = 0
    for case in chosen:
        key = command(case)
        if key not in floors:
            floors[key] = floor(case)
        with tempfile.TemporaryDirectory() as tmp:
            outcome, problems = run_case(case, Path(tmp), as_process=True)
        over = outcome.cpu > CPU_LIMIT or outcome.peak_mb > MEMORY_LIMIT
        failed += bool(problems) or over
        rows.append((case, outcome.cpu, outcome.peak_mb, floors[key], problems, over))
        mark = "FAIL" if problems else ("OVER" if over else "ok")
        print(
            f"{case.name:40} {case.group:18} exit {outcome.exit:>3}  cpu {outcome.cpu:5.2f} s"
            f" (floor {floors[key]:4.2f}, x{outcome.cpu / floors[key]:4.2f})  peak {outcome.peak_mb:6.1f} MB  {mark}",
            flush=True,
        )
        for problem in problems:
            print("    " + problem.splitlines()[0])
    worst_cpu = max(rows, key=lambda r: r[1])
    worst_extra = max(rows, key=lambda r: r[1] - r[3])
    worst_memory = max(rows, key=lambda r: r[2])
    print()
    print(f"cases: {len(rows)}, failing or over a bound: {failed}")
    print(f"most CPU:     {worst_cpu[0].name}: {worst_cpu[1]:.2f} s (the same command untouched: {worst_cpu[3]:.2f} s)")
    print(f"most added:   {worst_extra[0].name}: +{worst_extra[1] - worst_extra[3]:.2f} s over {worst_extra[3]:.2f} s")
    print(f"most memory:  {worst_memory[0].name}: {worst_memory[2]:.1f} MB")
    print(f"bounds: {CPU_LIMIT:.0f} s of CPU, {MEMORY_LIMIT:.0f} MB per command")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
