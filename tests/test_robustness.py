"""`kpi robustness`: Monte Carlo over weights (and targets), checked against exact answers.

The synthetic workspaces below use the test methodology (tests/data/workspaces/minimal):
count KPIs (W = U if a >= N else a / N * U, cut to tenths), direction sum, body mean.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from engine.analysis.robustness import Settings, robustness
from engine.analysis.runs import NOMINAL, QuarterRuns
from engine.method import Methodology
from engine.scoring import score
from engine.workspace import find_workspace
from tests.conftest import DATA, REPO

# (body, [(kpi weight, target, a)]): one direction per body
Bodies = dict[str, list[tuple[int, int, int]]]


def workspace(root: Path, bodies: Bodies) -> Path:
    rules, quarter = root / "rules" / "t", root / "quarters" / "2030Q1"
    rules.mkdir(parents=True)
    quarter.mkdir(parents=True)
    shutil.copy(DATA / "workspaces" / "minimal" / "rules" / "t" / "methodology.yaml", rules)
    shutil.copy(DATA / "workspaces" / "minimal" / "quarters" / "2030Q1" / "quarter.yaml", quarter)
    for body, kpis in bodies.items():
        lines = [f"id: {body}", f"short: {body.upper()}", f'name: "Орган {body}"', "directions:"]
        lines += ["  - id: main", '    name: "Основное"', "    kpis:"]
        data = [f"body: {body}", "kpis:"]
        for number, (weight, target, a) in enumerate(kpis, start=1):
            kpi = f"{body}-{number:02d}"
            lines += [f"      - id: {kpi}", f'        name: "KPI {number}"', "        variant: count"]
            lines += [f"        weight: {weight}", f"        target: {target}", "        unit: ед."]
            data += [f"  {kpi}:", f"    a: {a}"]
        (rules / f"{body}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (quarter / f"{body}.yaml").write_text("\n".join(data) + "\n", encoding="utf-8")
    return root


RESULT = score(find_workspace(explicit=REPO), "2024Q1", published=False)


def scored(root: Path):  # type: ignore[no-untyped-def]
    return score(find_workspace(explicit=root), "2030Q1", published=False)


def test_zero_perturbation_keeps_every_rank_with_probability_one() -> None:
    result = score(find_workspace(explicit=REPO), "2024Q1", published=False)
    found = robustness(result, Settings(0, 0, 200, 7))
    assert found.runs == 200 and found.nominal_order == 200
    for body in found.bodies:
        assert body.keep_share == 1.0 and body.quantile(0.05) == body.quantile(0.95) == body.rank
    assert found.spearman_mean == pytest.approx(1.0)
    assert found.sensitivity == ()  # nothing varies: no factor to rank


def test_every_run_scores_as_the_rules_do() -> None:
    """Perturbed weights rescored by engine.analysis.runs and, independently, in Fractions
    from the KPI results of 2024Q1 (W = U' if Z >= N else Z / N * U', cut to tenths; a
    policy W stays)."""
    result = score(find_workspace(explicit=REPO), "2024Q1", published=False)
    model = QuarterRuns(result)
    rng = random.Random(3)
    for _ in range(20):
        weights = [NOMINAL - 200 + rng.randrange(401) for _ in range(model.slots)]
        targets = [NOMINAL - 100 + rng.randrange(201) for _ in range(model.slots)]
        assert model.scores(weights, targets) == reference_scores(result, weights, targets)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_property_runs_score_as_the_rules_do(data: st.DataObject) -> None:
    """The same check on hypothesis' draws, which favour the grid's ends and repeats."""
    model = QuarterRuns(RESULT)
    weights = data.draw(st.lists(st.integers(800, 1200), min_size=model.slots, max_size=model.slots))
    targets = data.draw(st.lists(st.integers(900, 1100), min_size=model.slots, max_size=model.slots))
    assert model.scores(weights, targets) == reference_scores(RESULT, weights, targets)


def test_equal_multipliers_give_the_nominal_figures_exactly() -> None:
    """Every weight times the same factor renormalises to the rules' own weights: R on every
    truncation boundary of 2024Q1 must come back to the last tenth."""
    model = QuarterRuns(RESULT)
    nominal = [int(b.score * 10) for b in RESULT.bodies]
    for m in (800, 801, 999, 1000, 1001, 1199, 1200):
        assert model.scores([m] * model.slots, model.nominal) == nominal, m


def reference_scores(result, weights: list[int], targets: list[int]) -> list[int]:  # type: ignore[no-untyped-def]
    slot, expected = 0, []
    for body in result.bodies:
        totals = []
        for direction in body.directions:
            spread = sum(Fraction(k.kpi.weight) * weights[slot + i] for i, k in enumerate(direction.kpis))
            total = Fraction(0)
            for i, k in enumerate(direction.kpis):
                u = 100 * Fraction(k.kpi.weight) * weights[slot + i] / spread
                total += reference_w(k, u, targets[slot + i])
            totals.append(total)
            slot += len(direction.kpis)
        expected.append(int(sum(totals) / len(totals) * 10))  # R cut to tenths, in tenths (R >= 0)
    return expected


def reference_w(k, u: Fraction, multiplier: int) -> Fraction:  # type: ignore[no-untyped-def]
    if k.assessment.reason:
        return Fraction(k.assigned)
    n = Fraction(k.kpi.target) * multiplier / 1000
    if k.kpi.variant == "count":
        a = Fraction(k.a.value)
        exact = u if a >= n else a / n * u
    else:
        z = Fraction(k.share)
        higher = k.kpi.variant == "share_higher"
        exact = (u if z >= n else z / n * u) if higher else (u if z <= n else n / z * u)
    return Fraction(int(exact * 10), 10)


def test_monte_carlo_place_probabilities_within_their_stated_error(tmp_path: Path) -> None:
    """Body A: two count KPIs of weight 50, one met (W = U'), one at 0; so R_A = the first's
    renormalised weight, 100·m1 / (m1 + m2), cut to tenths. Body B: one KPI, weight 100
    (renormalised, still 100), half met: R_B = 50 always. A ranks first (alone or tied)
    when R_A >= 50, that is when m1 >= m2; B ranks first when R_A cut is <= 50. The exact
    probabilities count the 401 × 401 equally likely multiplier pairs."""
    root = workspace(tmp_path, {"a": [(50, 10, 10), (50, 10, 0)], "b": [(100, 10, 5)]})
    result = scored(root)
    grid = range(NOMINAL - 200, NOMINAL + 201)
    a_first = b_first = 0
    for m1 in grid:
        for m2 in grid:
            r_a = 1000 * m1 // (m1 + m2)  # R_A in tenths, cut
            a_first += r_a >= 500
            b_first += r_a <= 500
    total = len(grid) ** 2
    found = robustness(result, Settings(200, 0, 20_000, 11))
    shares = {b.body.id: b.share(1) for b in found.bodies}
    error = found.share_error
    assert error == pytest.approx(1.96 * (0.25 / 20_000) ** 0.5)
    assert abs(shares["a"] - a_first / total) <= error, (shares, a_first / total)
    assert abs(shares["b"] - b_first / total) <= error, (shares, b_first / total)
    assert 0.45 < a_first / total < 0.55  # the case is a real coin toss, not a certainty


def test_sensitivity_puts_the_dominant_weight_first(tmp_path: Path) -> None:
    """Body A's direction: x (weight 10, not met: W 0), y and z (45 each, met: W = U'). R_A =
    100·(45·my + 45·mz) / (10·mx + 45·my + 45·mz): at the nominal point dR/dmx = -9 and
    dR/dmy = dR/dmz = 4,5 (per unit of multiplier), so x's weight carries four times the
    variance of each of the others. Body B holds R 89, a point below A's nominal 90, so the
    places turn on A's R falling under 89 — mostly through x's weight."""
    root = workspace(tmp_path, {"a": [(10, 10, 0), (45, 10, 10), (45, 10, 10)], "b": [(100, 100, 89)]})
    found = robustness(scored(root), Settings(200, 0, 4000, 5))
    first = found.sensitivity[0]
    assert (first.factor.kpi, first.factor.parameter) == ("a-01", "weight")
    indices = {e.factor.kpi: e.indices for e in found.sensitivity}
    x, y, z = indices["a-01"], indices["a-02"], indices["a-03"]
    assert x.first_order > 2 * max(y.first_order, z.first_order)  # type: ignore[operator]
    for other in (y, z):  # apart by more than both estimates' errors
        assert x.total - other.total > x.total_error + other.total_error  # type: ignore[operator]
    assert indices["b-01"].total == 0  # B's only weight is always 100
    assert found.bodies[0].driver is not None and found.bodies[0].driver.factor.kpi == "a-01"


def test_targets_move_w(tmp_path: Path) -> None:
    """A count KPI half met (a 5, N 10) gets W = 5 / N' * 100: only its target moves R."""
    root = workspace(tmp_path, {"a": [(100, 10, 5)], "b": [(100, 10, 5)]})
    found = robustness(scored(root), Settings(0, 100, 400, 2))
    assert found.nominal_order < 400  # the tie of 50 and 50 breaks in most runs
    assert {e.factor.parameter for e in found.sensitivity} == {"target"}


def test_same_seed_same_json(cli: Callable[..., Result]) -> None:
    args = ("robustness", "2024Q1", "--runs", "300", "--seed", "42", "-w", str(REPO), "--json")
    first, second = cli(*args), cli(*args)
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    data = json.loads(first.output)
    assert {"quarter", "runs", "seed", "weights", "targets", "nominal_order_share", "spearman_mean"} <= data.keys()
    body = data["bodies"][0]
    assert {"id", "short", "rank", "median_rank", "rank_p05", "rank_p95", "keep_share", "place_share"} <= body.keys()
    assert sum(body["place_share"].values()) == pytest.approx(1.0)
    assert {"kpi", "parameter", "first_order", "total"} <= data["sensitivity"][0].keys()
    assert (data["runs"], data["seed"], data["weights"], data["targets"]) == (300, 42, 20, 0)


def test_robustness_in_russian(cli: Callable[..., Result]) -> None:
    out = cli("robustness", "2024Q1", "--runs", "400", "--seed", "1", "-w", str(REPO))
    assert out.exit_code == 0, out.output
    text = " ".join(out.output.split())
    for words in ("Устойчивость мест рейтинга", "прочное", "зависит от весов", "Вероятность каждого места", "Saltelli"):
        assert words in text, words
    # the main output explains itself in Russian; the method's names and indices only in the footnote
    main, footnote = text.split("¹ Как это посчитано:")
    for jargon in ("Sᵢ", "Sᵀᵢ", "Saltelli", "Jansen", "Спирмен", "5–95", "Медиана", "индекс"):
        assert jargon not in main, jargon
    assert "Saltelli" in footnote and "Jansen" in footnote and "Спирмена" in footnote
    assert "«прочное» — не менее чем в 95 % прогонов, иначе место зависит от весов" in main
    assert "«9 из 10» — между какими местами орган оказывается в 9 прогонах из 10" in main


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--weights", "abc"], "--weights «abc»"),
        (["--weights", "100%"], "от 0 до 99,9"),
        (["--targets", "0,05"], "с шагом 0,1"),
        (["--runs", "0"], "--runs 0"),
        (["--runs", "2000000"], "от 1 до 1000000"),
        (["--weights", "٢٠"], "--weights «٢٠»"),
        (["--weights", "1e1"], "--weights «1e1»"),
        (["--seed", "-5"], "--seed «-5»"),
    ],
)
def test_bad_options_are_usage_errors(cli: Callable[..., Result], args: list[str], expected: str) -> None:
    out = cli("robustness", "2024Q1", *args, "-w", str(REPO))
    assert out.exit_code == 2, out.output
    assert expected in out.output


def test_ctrl_c_returns_what_was_computed() -> None:
    result = score(find_workspace(explicit=REPO), "2024Q1", published=False)
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done >= 300:
            raise KeyboardInterrupt

    found = robustness(result, Settings(200, 0, 1000, 1), progress)
    assert found.interrupted and found.runs == 300
    assert all(sum(b.places) == 300 for b in found.bodies)
    assert found.sensitivity == ()


def test_ranks_share_places_on_ties() -> None:
    assert Methodology.ranks([900, 850, 850, 800]) == [1, 2, 2, 4]


def test_ctrl_c_in_a_real_process_shows_what_was_computed() -> None:
    """SIGINT to a running `kpi robustness`: the runs done are shown, exit 130, no traceback."""
    import os
    import signal
    import subprocess
    import sys
    import time

    env = {**os.environ, "COLUMNS": "100", "KPI_LANG": "ru"}
    command = [sys.executable, "-m", "engine", "robustness", "2024Q1", "--runs", "1000000", "-w", str(REPO)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    time.sleep(4)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err.decode()
    assert b"Traceback" not in err + out
    assert "Остановлено (Ctrl-C): выполнено" in out.decode()


def test_ctrl_c_while_the_command_line_loads_ends_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins
    import sys

    import engine.cli

    real = builtins.__import__

    def interrupted(name: str, *args: object, **kwargs: object) -> object:
        if name == "engine.cli.app":
            raise KeyboardInterrupt
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.delitem(sys.modules, "engine.cli.app", raising=False)
    monkeypatch.setattr(builtins, "__import__", interrupted)
    with pytest.raises(SystemExit) as stopped:
        engine.cli.main()
    assert stopped.value.code == 130


def test_ctrl_c_in_the_sensitivity_design_is_said() -> None:
    from engine.output.views.robustness import robustness_view

    def progress(done: int, total: int) -> None:
        if done > 2100:  # every run done (2 000), then some factors
            raise KeyboardInterrupt

    found = robustness(RESULT, Settings(200, 0, 2000, 1), progress)
    assert found.runs == 2000 and found.interrupted and not found.sensitivity_complete
    assert 0 < found.factors_done < found.factors
    view = robustness_view(found, "ru")
    assert view.stopped is not None and "при расчёте индексов чувствительности" in view.stopped
    assert f"факторов k = {found.factors_done}" in " ".join(view.method)
