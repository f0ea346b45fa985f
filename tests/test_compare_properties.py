"""Properties of `compare` that hold for any data: ΔR is R_to − R_from, rank moves are the
difference of the `score` ranks, and data part + rules part = ΔR exactly."""

from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.compare import compare
from engine.scoring import score
from engine.workspace import Workspace
from tests.conftest import DATA

# a and b of every KPI the fixture's rules v1 have (b-03 is a count: a only)
V1_KPIS = {
    "alpha": ("a-01", "a-02"),
    "beta": ("b-01", "b-02", "b-03"),
    "gamma": ("g-01",),
    "delta": ("d-01",),
}
COUNTS = {"b-03"}


@st.composite
def values(draw: st.DrawFn, count: bool) -> tuple[str, str]:
    """A plausible (a, b): often whole numbers with a <= b, sometimes "-" or b = 0."""
    if draw(st.integers(0, 9)) == 0:
        return "-", "-"
    if count:
        return str(draw(st.integers(0, 30))), "-"
    b = draw(st.integers(0, 2000))
    return str(draw(st.integers(0, max(b, 0)))), str(b)


@st.composite
def quarter_data(draw: st.DrawFn) -> dict[str, dict[str, tuple[str, str]]]:
    return {body: {kpi: draw(values(kpi in COUNTS)) for kpi in kpis} for body, kpis in V1_KPIS.items()}


def write_quarter(root: Path, quarter: str, data: dict[str, dict[str, tuple[str, str]]]) -> None:
    for body, kpis in data.items():
        text = f"body: {body}\nkpis:\n" + "".join(
            f'  {kpi}:\n    a: "{a}"\n    b: "{b}"\n' for kpi, (a, b) in kpis.items()
        )
        (root / "quarters" / quarter / f"{body}.yaml").write_text(text, encoding="utf-8")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quarter_data(), quarter_data())
def test_deltas_and_moves_agree_with_score(
    first: dict[str, dict[str, tuple[str, str]]], second: dict[str, dict[str, tuple[str, str]]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ws"
        shutil.copytree(DATA / "workspaces" / "compare", root)
        write_quarter(root, "2023Q3", first)
        write_quarter(root, "2023Q4", second)
        workspace = Workspace(root)
        for before, after in (("2023Q3", "2023Q4"), ("2023Q4", "2024Q1"), ("2023Q3@v2", "2023Q4")):
            result = compare(workspace, before, after)
            scored_before, scored_after = score(workspace, before), score(workspace, after)
            assert [b.id for b in result.bodies if b.after] == [b.body.id for b in scored_after.bodies]
            for body in result.bodies:
                old, new = scored_before.body(body.id), scored_after.body(body.id)
                assert (body.before is None) == (old is None) and (body.after is None) == (new is None)
                if old is None or new is None:
                    assert body.delta is None and body.move is None
                    continue
                assert body.delta == new.score - old.score
                assert body.move == old.rank - new.rank
                if body.data_part is not None and body.rules_part is not None:
                    assert body.data_part + body.rules_part == body.delta
                elif not result.rules_changed:
                    raise AssertionError(f"{body.id}: same rules must always split")
                # every KPI of either side is in the per-KPI diff, none twice
                total = sum((k.delta for k in body.kpis), Decimal(0))
                assert total == sum((k.assigned for k in new.kpis), Decimal(0)) - sum(
                    (k.assigned for k in old.kpis), Decimal(0)
                )
