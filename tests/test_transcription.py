"""Our rules and quarter files against the published report they were transcribed from.

Every KPI of all 14 bodies: name, weight, target, unit and variant in rules/2023; a and b in
quarters/2024Q1; Z, W, direction results, R and rank in quarters/2024Q1/published.yaml.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.model import Quarter, RulesVersion
from engine.numbers import parse_text
from engine.quarter import load_quarter
from engine.quarterheader import load_header
from engine.rules import load_rules
from engine.workspace import Workspace
from tests.conftest import REPO, REPORT
from tests.report import ReportBody, read_report

RANKING, BODIES = read_report(REPORT)


@pytest.fixture(scope="module")
def rules() -> RulesVersion:
    loaded, problems = load_rules(Workspace(REPO), "2023")
    assert problems == [] and loaded is not None
    return loaded


@pytest.fixture(scope="module")
def quarter(rules: RulesVersion) -> Quarter:
    header, problems = load_header(Workspace(REPO), "2024Q1")
    assert header is not None, problems
    loaded, problems = load_quarter(Workspace(REPO), header, rules)
    assert problems == [] and loaded is not None
    return loaded


def _words(text: str) -> str:
    """The report breaks lines inside names and uses no-break and double spaces; our names
    keep every word and character, with each run of whitespace written as one space."""
    return " ".join(text.split())


def test_the_report_has_14_bodies_and_115_kpis() -> None:
    assert len(BODIES) == 14
    assert sum(len(d.kpis) for b in BODIES for d in b.directions) == 115
    assert len(RANKING) == 14


@pytest.mark.parametrize("printed", BODIES, ids=lambda b: b.name)
def test_every_kpi_is_in_the_rules_exactly(printed: ReportBody, rules: RulesVersion) -> None:
    body = next(b for b in rules.bodies if b.name == printed.name)
    assert [d.name for d in body.directions] == [d.name for d in printed.directions]
    for direction, printed_direction in zip(body.directions, printed.directions, strict=True):
        assert len(direction.kpis) == len(printed_direction.kpis)
        for kpi, cell in zip(direction.kpis, printed_direction.kpis, strict=True):
            assert str(kpi.no) == cell.no
            assert kpi.name == _words(cell.name)
            assert kpi.weight == parse_text(cell.weight).value
            target = parse_text(cell.target).value
            assert kpi.target == target  # "-" (no target) is None on both sides
            unit = cell.unit.strip()
            if unit == "%":
                assert kpi.unit == "%"
                assert kpi.variant == ("share_lower" if kpi.id == "mf-05" else "share_higher")
            else:
                # "ед", and once "eд" with a latin e (МВД №5): one unit, "ед."
                assert unit in ("ед", "eд") and kpi.unit == "ед." and kpi.variant == "count"


def test_the_one_kpi_where_less_is_better_is_mf_05(rules: RulesVersion) -> None:
    lower = [k for b in rules.bodies for k in b.kpis if k.variant == "share_lower"]
    assert [k.id for k in lower] == ["mf-05"]
    assert "свыше 4 часов" in lower[0].name


@pytest.mark.parametrize("printed", BODIES, ids=lambda b: b.name)
def test_every_a_and_b_is_as_printed(printed: ReportBody, rules: RulesVersion, quarter: Quarter) -> None:
    body = next(b for b in rules.bodies if b.name == printed.name)
    data = quarter.bodies[body.id].kpis
    cells = [c for d in printed.directions for c in d.kpis]
    for kpi, cell in zip(body.kpis, cells, strict=True):
        given = data[kpi.id]
        assert given.a.text == cell.a.strip()
        assert given.b is not None and given.b.text == cell.b.strip()


@pytest.mark.parametrize("printed", BODIES, ids=lambda b: b.name)
def test_published_figures_are_as_printed(printed: ReportBody, rules: RulesVersion, quarter: Quarter) -> None:
    body = next(b for b in rules.bodies if b.name == printed.name)
    assert quarter.published is not None
    figures = quarter.published[body.id]
    assert figures.score.text == printed.score.strip()
    assert figures.rank == [name for name, _ in RANKING].index(printed.name) + 1
    cells = [c for d in printed.directions for c in d.kpis]
    for kpi, cell in zip(body.kpis, cells, strict=True):
        entry = figures.kpis[kpi.id]
        assert entry.share is not None and entry.share.text == cell.share.strip()
        assert entry.assigned is not None and entry.assigned.text == cell.assigned.strip()
    results = {d.name: d.result for d in printed.directions if d.result}
    assert {d.name: figures.directions[d.id].text for d in body.directions if d.id in figures.directions} == results


def test_ranking_table_and_body_tables_agree_in_the_report() -> None:
    """The report prints each R twice (ranking table, body table); they agree."""
    scores = {b.name: b.score.strip() for b in BODIES}
    assert all(scores[name] == score for name, score in RANKING)


def test_weights_of_each_direction_add_up_to_100(rules: RulesVersion) -> None:
    for body in rules.bodies:
        for direction in body.directions:
            assert sum((k.weight for k in direction.kpis), Decimal(0)) == 100, (body.id, direction.id)
