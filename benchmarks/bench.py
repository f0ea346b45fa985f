"""Timings of the main paths, for the README (speed is measured here, never in tests).

    .venv/bin/python benchmarks/bench.py

Prints the median of several runs for: loading and checking rules 2023 (schema, semantics,
worked examples), scoring 2024Q1 end to end, comparing two quarters, one formula evaluation,
refusing hostile formulas, scoring a synthetic quarter of 200 bodies x 10 KPIs, and, as whole
`kpi` processes, the Word report, the Excel export and the import of 14 filled forms.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.compare import compare  # noqa: E402
from engine.formula import FormulaError, compile_formula  # noqa: E402
from engine.rules import load_rules  # noqa: E402
from engine.scoring import _load_rules_once, score  # noqa: E402
from engine.workspace import Workspace  # noqa: E402

HOSTILE = ["__import__('os')", "9**9**9", "'a'*10**9", "(1).__class__", "(" * 150 + "1" + ")" * 150]


def cold(action: Callable[..., object], *args: object) -> object:
    """Run as a fresh `kpi` process would: no rules version read before."""
    _load_rules_once.cache_clear()
    return action(*args)


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic_workspace(folder: Path, bodies: int, kpis: int) -> Workspace:
    shutil.copy(ROOT / "rules" / "2023" / "methodology.yaml", _mkdir(folder / "rules" / "big") / "methodology.yaml")
    quarter = _mkdir(folder / "quarters" / "2099Q1")
    (quarter / "quarter.yaml").write_text(
        'period: 2099Q1\nrules: big\nstatus: example\nsource: "synthetic benchmark"\n', encoding="utf-8"
    )
    weight = Decimal(100) / kpis
    for n in range(bodies):
        lines = [
            f"id: b{n}",
            f"short: B{n}",
            f'name: "Body {n}"',
            "directions:",
            "  - id: main",
            "    name: Main",
            "    kpis:",
        ]
        data = [f"body: b{n}", "kpis:"]
        for k in range(kpis):
            lines += [
                f"      - id: b{n}-{k:02d}",
                f'        name: "KPI {k}"',
                "        variant: share_higher",
                f"        weight: {weight}",
                f"        target: {40 + k}",
                '        unit: "%"',
            ]
            data += [f"  b{n}-{k:02d}:", f'    a: "{(n * 37 + k * 11) % 1000} {k:03d}"', '    b: "1 000 000"']
        (folder / "rules" / "big" / f"b{n}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (quarter / f"b{n}.yaml").write_text("\n".join(data) + "\n", encoding="utf-8")
    return Workspace(folder)


def kpi(*arguments: str, workspace: Path) -> None:
    command = [sys.executable, "-m", "engine", *arguments, "-w", str(workspace)]
    subprocess.run(command, check=True, capture_output=True)


def import_forms(folder: Path) -> float:
    """`kpi quarter import` of the 14 forms of 2024Q1 returned filled as 2024Q2's, into an empty quarter."""
    from openpyxl import load_workbook  # noqa: PLC0415  (openpyxl only for this row)

    root = folder / "import"
    shutil.copytree(ROOT / "rules", root / "rules")
    shutil.copytree(ROOT / "quarters" / "2024Q1", root / "quarters" / "2024Q1")
    kpi("quarter", "forms", "2024Q1", "-o", str(root / "filled"), workspace=root)
    for path in (root / "filled").glob("*.xlsx"):
        book = load_workbook(path)
        for row in book["_kpi"].iter_rows():
            if row[0].value == "quarter":
                row[1].value = "2024Q2"
        book.save(path)
    times = []
    for _ in range(3):
        shutil.rmtree(root / "quarters" / "2024Q2", ignore_errors=True)
        kpi("quarter", "new", "2024Q2", workspace=root)
        start = time.perf_counter()
        kpi("quarter", "import", "2024Q2", str(root / "filled"), workspace=root)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def main() -> None:
    workspace = Workspace(ROOT)
    rows = []
    rows.append(
        (
            "rules validate 2023 (14 bodies, 115 KPIs, 10 examples)",
            median_seconds(lambda: load_rules(workspace, "2023"), 7),
        )
    )
    rows.append(("score 2024Q1, files to ranking", median_seconds(lambda: cold(score, workspace, "2024Q1"), 7)))
    rows.append(
        (
            "compare 2023Q4 2024Q1 (two quarters scored)",
            median_seconds(lambda: cold(compare, workspace, "2023Q4", "2024Q1"), 5),
        )
    )
    formula = compile_formula("U if Z >= N else Z / N * U", frozenset({"U", "Z", "N"}))
    values = {"Z": Decimal("43.1"), "N": Decimal(75), "U": Decimal(20)}
    rows.append(
        ("one W formula evaluation", median_seconds(lambda: [formula.evaluate(values) for _ in range(1000)], 5) / 1000)
    )

    def refuse_all() -> None:
        for text in HOSTILE:
            try:
                compile_formula(text, frozenset({"a", "b"}))
            except FormulaError:
                continue
            raise AssertionError(text)

    rows.append((f"refuse {len(HOSTILE)} hostile formulas", median_seconds(refuse_all, 20)))
    with tempfile.TemporaryDirectory() as tmp:
        big = synthetic_workspace(Path(tmp), 200, 10)
        rows.append(
            ("score a synthetic quarter of 200 bodies x 10 KPIs", median_seconds(lambda: cold(score, big, "2099Q1"), 3))
        )
    with tempfile.TemporaryDirectory() as tmp:
        # a whole `kpi` process, start-up and imports included: the Word report with its chart
        def report() -> None:
            target = Path(tmp) / "report.docx"
            target.unlink(missing_ok=True)
            kpi("report", "2024Q1", "-o", str(target), workspace=ROOT)

        rows.append(("kpi report 2024Q1 -o report.docx (a whole process)", median_seconds(report, 3)))

        def export() -> None:
            target = Path(tmp) / "rating.xlsx"
            target.unlink(missing_ok=True)
            kpi("export", "2024Q1", "-o", str(target), workspace=ROOT)

        rows.append(("kpi export 2024Q1 -o rating.xlsx (a whole process)", median_seconds(export, 3)))
        rows.append(("kpi quarter import of 14 filled forms (a whole process)", import_forms(Path(tmp))))
    width = max(len(name) for name, _ in rows)
    print(f"Python {sys.version.split()[0]} on {sys.platform}")
    for name, seconds in rows:
        shown = f"{seconds * 1e6:,.0f} µs" if seconds < 0.001 else f"{seconds * 1e3:,.1f} ms"
        print(f"{name.ljust(width)}  {shown:>12}")


if __name__ == "__main__":
    main()
