"""Show what kpi prints for hostile cases: `python -m tests.hostile.show [NAME_PATTERN…]`.

For writing a new case's expected/NAME.txt: read every line against the input before saving
it (`--write` saves what was printed for cases that have no expected file yet).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from tests.hostile.cases import CASES
from tests.hostile.harness import EXPECTED, FROM_FILE, run_case


def main(argv: list[str]) -> int:
    write = "--write" in argv
    patterns = [a for a in argv if a != "--write"]
    for case in CASES:
        if patterns and not any(re.search(p, case.name) for p in patterns):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            outcome, problems = run_case(case, Path(tmp))
        err = outcome.stderr.decode(case.encoding, "surrogateescape")
        out = outcome.stdout.decode(case.encoding, "surrogateescape")
        print(f"=== {case.name} [{case.group}] exit {outcome.exit} (expected {case.exit}), cpu {outcome.cpu:.2f} s")
        print("--- stderr"), print(err[:3000], end="")
        print("--- stdout (start)"), print(out[:600], end="")
        print("\n--- problems:", "; ".join(p.splitlines()[0] for p in problems) or "none")
        target = EXPECTED / f"{case.name}.txt"
        if write and case.stderr is FROM_FILE and not target.exists():
            EXPECTED.mkdir(exist_ok=True)
            target.write_text(out if case.channel == "stdout" else err, encoding="utf-8", errors="surrogateescape")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
