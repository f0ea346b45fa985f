"""A quarter scored under a rules version other than its own (`QUARTER@RULES`): what the
other version lacks is skipped, what the quarter lacks scores 0 as "not collected"."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from engine.scoring import score
from engine.workspace import Workspace


def test_bodies_and_kpis_unknown_to_the_other_rules_are_skipped(
    scratch: Callable[[str], Path],
) -> None:
    # tests/data/workspaces/compare: 2024Q1 was collected under v2, which has a body
    # (Эпсилон) and a KPI (b-04) that v1 lacks, and lacks b-03 and Дельта, which v1 has
    result = score(Workspace(scratch("compare")), "2024Q1@v1")
    assert result.rules.id == "v1"
    got = [(b.body.short, b.rank, b.score) for b in result.bodies]
    assert got == [
        ("Гамма", 1, Decimal("90")),  # 72 / 80 * 100
        ("Альфа", 2, Decimal("78")),  # 40 / 50 * 60 = 48, 75 / 100 * 40 = 30
        ("Бета", 3, Decimal("54")),  # 60 / 100 * 50 = 30, 40 / 50 * 30 = 24, b-03 not collected: 0
        ("Дельта", 4, Decimal("0")),  # no data file at all
    ]
    beta = result.body("beta")
    assert beta is not None
    assert [(k.kpi.id, k.assessment.reason) for k in beta.kpis] == [
        ("b-01", ""),
        ("b-02", ""),
        ("b-03", "reason-not-in-data"),
    ]
