"""What staff read in the terminal names bodies as people know them: tables of bodies in the
published order of the report (МВД, МТСЗН, МП, МЮ, …), never by a Latin id."""

from __future__ import annotations

import json
import re

from tests.conftest import REPO, run_cli
from tests.report import read_report
from tests.tablecells import table_rows


def test_the_status_table_in_the_published_order_without_latin_ids() -> None:
    result = run_cli("quarter", "status", "2024Q1", "-w", str(REPO))
    assert result.exit_code == 0, result.output
    rows = table_rows(result.stdout)
    assert rows[0][0] == "Орган"
    shorts = [row[0] for row in rows[1:] if row[0] != "Всего"]
    assert not any(re.search(r"[A-Za-z]", short) for short in shorts)
    names = {
        b["short"]: b["name"]
        for b in json.loads(run_cli("score", "2024Q1", "--json", "-w", str(REPO)).stdout)["bodies"]
    }
    # the order of the published report's summary table, read from the report itself
    _, published = read_report(REPO / "quarters" / "2024Q1" / "source-report.txt")
    assert [names[short] for short in shorts] == [body.name for body in published]
