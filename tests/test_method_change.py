"""One method, asked everywhere: a draft rules version whose methodology.yaml changes a
variant's formula, the rounding (mode and places) and the body aggregation is followed by
every command that computes a figure — `score`, `explain`, `whatif`, `plan`, robustness at
zero perturbation, the exported workbook as a spreadsheet engine (the `formulas` package)
recalculates it, and the report's method block.

The oracle is written here, in Fractions, from the YAML files themselves (no engine code
computes a figure): under the draft

    share_higher   W = U if Z >= N else min(U / 2, Z / N * U)     partial credit capped at U / 2
    rounding       half_up to 2 places (halves away from zero), every step from the rounded one
    body           R = Σ of the direction results (was: their mean)

and, to prove every check can fail, the same oracle under the official method (truncate to 1
place, no cap, mean) gives other figures for most bodies."""

from __future__ import annotations

import json
import math
import re
import shutil
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import run_cli

OLD_W = 'assigned: "U if Z >= N else Z / N * U"     # W = ЕСЛИ(Z >= N; U; Z / N * U)'
NEW_W = 'assigned: "U if Z >= N else min(U / 2, Z / N * U)"'


@dataclass(frozen=True)
class Method:
    """What the oracle needs to know of a method: the cap, the rounding and R's aggregation."""

    capped: bool
    mode: str  # "half_up" or "truncate"
    places: int
    body_sum: bool

    def cut(self, value: Fraction) -> Fraction:
        unit = 10**self.places
        scaled = value * unit
        half = Fraction(1, 2) if self.mode == "half_up" else 0  # half_up: halves away from zero
        whole = math.floor(abs(scaled) + half)
        return Fraction(whole if scaled >= 0 else -whole, unit)


DRAFT = Method(capped=True, mode="half_up", places=2, body_sum=True)
OFFICIAL = Method(capped=False, mode="truncate", places=1, body_sum=False)


def number(raw: Any) -> Fraction | None:
    """A value as the files write it: 156 710, "3 714 388,81", "4,05 млрд", "-" (no data)."""
    if raw is None:
        return None
    text = str(raw).replace("\u00a0", " ").strip()
    if text in ("-", "--"):
        return None
    scale = 1
    for word, factor in (("тенге", 1), ("млрд", 10**9), ("млн", 10**6)):
        if word in text:
            text, scale = text.replace(word, ""), scale * factor
    return Fraction(text.replace(" ", "").replace(",", ".")) * scale


def read(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@dataclass
class Figures:
    z: dict[str, Fraction | None]
    w: dict[str, Fraction]
    directions: dict[tuple[str, str], Fraction]
    r: dict[str, Fraction]
    rank: dict[str, int]


def kpi_w(method: Method, variant: str, u: Fraction, n: Fraction | None, a: Fraction | None, b: Fraction | None):  # type: ignore[no-untyped-def]
    """Z and W of one KPI, the methodology's policies written out: no target (N "-" or 0),
    no data ("-" in a, or in b where the variant has a share) and b = 0 give W = 0."""
    share = None
    if variant != "count" and a is not None and b is not None and b != 0:
        share = method.cut(a / b * 100)
    if n is None or n == 0:
        return share, Fraction(0)
    if a is None or (variant != "count" and (b is None or b == 0)):
        return share, Fraction(0)
    if variant == "count":
        exact = u if a >= n else a / n * u
    elif variant == "share_lower":
        assert share is not None
        exact = u if share <= n else n / share * u
    else:
        assert share is not None
        partial = share / n * u
        exact = u if share >= n else (min(u / 2, partial) if method.capped else partial)
    return share, method.cut(exact)


def oracle(
    workspace: Path, rules: str, quarter: str, method: Method, changed: Mapping[tuple[str, str], str] = {}
) -> Figures:
    """Every figure of `quarter` under `rules` by `method`; `changed`: (kpi, "a"|"b") → new text."""
    figures = Figures({}, {}, {}, {}, {})
    for path in sorted((workspace / "rules" / rules).glob("*.yaml")):
        if path.name == "methodology.yaml":
            continue
        body = read(path)
        data_path = workspace / "quarters" / quarter / path.name
        data = (read(data_path) or {}).get("kpis", {}) if data_path.exists() else {}
        totals = []
        for direction in body["directions"]:
            total = Fraction(0)
            for kpi in direction["kpis"]:
                given = data.get(kpi["id"], {})
                a = number(changed.get((kpi["id"], "a"), given.get("a")))
                b = number(changed.get((kpi["id"], "b"), given.get("b")))
                target = number(kpi["target"])
                z, w = kpi_w(method, kpi["variant"], Fraction(str(kpi["weight"])), target, a, b)
                figures.z[kpi["id"]], figures.w[kpi["id"]] = z, w
                total += w
            total = method.cut(total)
            figures.directions[(body["id"], direction["id"])] = total
            totals.append(total)
        whole = sum(totals, Fraction(0))
        figures.r[body["id"]] = method.cut(whole if method.body_sum else whole / len(totals))
    ordered = sorted(figures.r.values(), reverse=True)
    figures.rank = {body: ordered.index(r) + 1 for body, r in figures.r.items()}  # ties: 1, 2, 2, 4
    return figures


def dec(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def text_of(value: Fraction) -> str:
    """A figure as `--json` writes it: 43.14, 20, 11.5."""
    shown = format(dec(value), "f")
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def ru(value: Fraction) -> str:
    return text_of(value).replace(".", ",")


def draft_workspace(root: Path) -> Path:
    """The repository's rules 2023 and 2024Q1's data copied as draft rules "2025" (the method
    changed) and a draft quarter 2025Q1 scored under them."""
    for part in ("rules", "quarters"):
        shutil.copytree(Path(__file__).resolve().parent.parent / part, root / part)
    result = run_cli("rules", "new", "2025", "--from", "2023", "-w", str(root))
    assert result.exit_code == 0, result.output
    path = root / "rules" / "2025" / "methodology.yaml"
    text = path.read_text(encoding="utf-8")
    assert OLD_W in text and "mode: truncate\n  places: 1" in text and "  body: mean" in text
    text = text.replace(OLD_W, NEW_W)
    text = text.replace("mode: truncate\n  places: 1", "mode: half_up\n  places: 2")
    text = text.replace("  body: mean", "  body: sum")
    text = text.replace('    - "R <= 100"     # до 100 баллов', '    - "R <= 300"     # сумма трёх направлений')
    text = text[: text.index("\nexamples:")] + "\n" + EXAMPLES
    path.write_text(text, encoding="utf-8")
    quarter = root / "quarters" / "2025Q1"
    shutil.copytree(root / "quarters" / "2024Q1", quarter)
    header = 'period: 2025Q1\nrules: "2025"\nstatus: draft\nsource: "данные министерств"\n'
    (quarter / "quarter.yaml").write_text(header, encoding="utf-8")
    (quarter / "published.yaml").unlink()
    (quarter / "source-report.txt").unlink(missing_ok=True)
    return root


# The worked examples, worked again for the new method by hand:
#   МВД №1: Z = 156 710 / 363 249 * 100 = 43,1412… → 43,14; 43,14 / 75 * 20 = 11,504 > U / 2 = 10 → 10
#   МТ №1: Z = 50; 50 / 75 * 10 = 6,666… > 5 → 5
#   МО №1: Z = 226 / 1537 * 100 = 14,7039… → 14,7; 14,7 / 70 * 10 = 2,1 < 5 → 2,1
#   share_lower, not met: 45 / 60 * 15 = 11,25 (no rounding left to do at 2 places)
#   МТИ №3: Z = 628,54 / 4 044 * 100 = 15,5425… → 15,54 >= 14 → 10
EXAMPLES = """examples:
  - title: "МВД №1: частичный вес ограничен половиной U"
    variant: share_higher
    weight: 20
    target: 75
    a: "156 710"
    b: "363 249"
    share: 43.14
    assigned: 10
  - title: "МТ №1: 6,67 больше половины U — W = 5"
    variant: share_higher
    weight: 10
    target: 75
    a: 2
    b: 4
    share: 50
    assigned: 5
  - title: "МО №1: частичный вес ниже половины U"
    variant: share_higher
    weight: 10
    target: 70
    a: 226
    b: 1537
    share: 14.7
    assigned: 2.1
  - title: "Меньше — лучше, цель не достигнута"
    variant: share_lower
    weight: 15
    target: 45
    a: 60
    b: 100
    share: 60
    assigned: 11.25
  - title: "МТИ №3: миллиарды тенге"
    variant: share_higher
    weight: 10
    target: 14
    a: "628,54 млрд тенге"
    b: "4 044 млрд тенге"
    share: 15.54
    assigned: 10
  - title: "МТИ №4: нет данных — W = 0"
    variant: share_higher
    weight: 15
    target: 30
    a: "-"
    b: "-"
    share: "-"
    assigned: 0
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return draft_workspace(tmp_path_factory.mktemp("method") / "ws")


@pytest.fixture(scope="module")
def expected(workspace: Path) -> Figures:
    return oracle(workspace, "2025", "2025Q1", DRAFT)


@pytest.fixture(scope="module")
def scored(workspace: Path) -> dict[str, Any]:
    result = run_cli("score", "2025Q1", "--json", "-w", str(workspace))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_changed_method_changes_the_figures(workspace: Path, expected: Figures) -> None:
    """The draft's method matters: under the official method the same data give other R for
    most bodies, other W where the cap bites, other Z where the second place shows."""
    official = oracle(workspace, "2025", "2025Q1", OFFICIAL)
    assert sum(expected.r[b] != official.r[b] for b in expected.r) >= 10
    assert sum(expected.w[k] != official.w[k] for k in expected.w) >= 20
    assert sum(expected.z[k] != official.z[k] for k in expected.z) >= 20
    assert expected.r["mps"] > 100  # the sum of three directions
    assert expected.rank != official.rank


def test_the_draft_validates_with_its_reworked_examples(workspace: Path) -> None:
    result = run_cli("rules", "validate", "2025", "-w", str(workspace))
    assert result.exit_code == 0, result.output


def test_score(scored: dict[str, Any], expected: Figures) -> None:
    checked = 0
    for body in scored["bodies"]:
        assert body["R"] == text_of(expected.r[body["id"]]), body["id"]
        assert body["rank"] == expected.rank[body["id"]], body["id"]
        for direction in body["directions"]:
            assert direction["sum"] == text_of(expected.directions[(body["id"], direction["id"])])
            for kpi in direction["kpis"]:
                z = expected.z[kpi["id"]]
                assert kpi["Z"] == (None if z is None else text_of(z)), kpi["id"]
                assert kpi["W"] == text_of(expected.w[kpi["id"]]), kpi["id"]
                checked += 1
    assert checked == len(expected.w) == 115


def test_explain(workspace: Path, expected: Figures) -> None:
    data = json.loads(run_cli("explain", "2025Q1", "МПС", "--json", "-w", str(workspace)).output)
    assert data["rounding"] == {"mode": "half_up", "places": 2}
    assert data["R"] == text_of(expected.r["mps"])
    assert (data["step"]["formula"], data["step"]["exact"]) == ("sum", text_of(expected.r["mps"]))
    for kpi in data["kpis"]:
        assert kpi["W"] == text_of(expected.w[kpi["id"]])
    text = " ".join(run_cli("explain", "2025Q1", "МПС", "-w", str(workspace)).output.split())
    directions = [expected.directions[("mps", d)] for d in ("stroitelstvo", "promyshlennost", "geologiya")]
    assert f"= {' + '.join(ru(d) for d in directions)} = {ru(expected.r['mps'])}" in text
    assert f"→ {ru(expected.r['mps'])} (округление до 2 знака после запятой)" in text
    mvd = " ".join(run_cli("explain", "2025Q1", "МВД", "1", "-w", str(workspace)).output.split())
    assert "W = ЕСЛИ(Z>=N;U;МИН(U/2;Z/N*U))" in mvd
    assert f"→ {ru(expected.w['mvd-01'])} (округление до 2 знака после запятой)" in mvd


def test_whatif(workspace: Path, expected: Figures) -> None:
    # mo-05 (share_higher, U 10, N 100, a 34 368, no b): with b = 40 000, Z = 85,92 and
    # W = min(5, 85,92 / 100 * 10 = 8,592) = 5
    out = run_cli("whatif", "2025Q1", "--set", "mo-05.b=40 000", "--json", "-w", str(workspace))
    assert out.exit_code == 0, out.output
    found = json.loads(out.output)
    changed = oracle(workspace, "2025", "2025Q1", DRAFT, {("mo-05", "b"): "40 000"})
    assert changed.w["mo-05"] == 5 and changed.r["mo"] != expected.r["mo"]
    for body in found["bodies"]:
        assert (body["R_from"], body["rank_from"]) == (text_of(expected.r[body["id"]]), expected.rank[body["id"]])
        assert (body["R_to"], body["rank_to"]) == (text_of(changed.r[body["id"]]), changed.rank[body["id"]])


def test_plan(workspace: Path, expected: Figures) -> None:
    out = run_cli("plan", "2025Q1", "МО", "--json", "-w", str(workspace))
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert (data["R"], data["rank"]) == (text_of(expected.r["mo"]), expected.rank["mo"])
    rules = {k["id"]: k for d in read(workspace / "rules" / "2025" / "mo.yaml")["directions"] for k in d["kpis"]}
    tried = 0
    for kpi in data["kpis"]:
        assert kpi["W"] == text_of(expected.w[kpi["id"]])
        needed, assumes = kpi["needed_a"], kpi.get("needed_a_assumes") or {}
        if needed is None:
            continue
        changes = {(kpi["id"], "a"): needed, **{(kpi["id"], k): v for k, v in assumes.items()}}
        full = oracle(workspace, "2025", "2025Q1", DRAFT, changes)
        assert full.w[kpi["id"]] == Fraction(str(rules[kpi["id"]]["weight"])), kpi["id"]
        assert kpi["R_if"] == text_of(full.r["mo"]), kpi["id"]
        short = oracle(workspace, "2025", "2025Q1", DRAFT, {**changes, (kpi["id"], "a"): str(Fraction(needed) - 1)})
        assert short.w[kpi["id"]] < full.w[kpi["id"]], kpi["id"]
        tried += 1
    assert tried >= 3


def test_robustness_at_zero_perturbation(workspace: Path, expected: Figures) -> None:
    from engine.analysis.robustness import Settings, robustness
    from engine.analysis.runs import QuarterRuns
    from engine.scoring import score
    from engine.workspace import find_workspace

    result = score(find_workspace(explicit=workspace), "2025Q1", published=False)
    runs = QuarterRuns(result)
    nominal = runs.scores(runs.nominal, runs.nominal)  # in units of the last kept place: hundredths
    assert nominal == [int(expected.r[b.body.id] * 100) for b in result.bodies]
    found = robustness(result, Settings(0, 0, 50, 7))
    for body in found.bodies:
        assert (body.rank, body.keep_share) == (expected.rank[body.body.id], 1.0)
    out = run_cli(
        "robustness", "2025Q1", "--weights", "0", "--runs", "50", "--seed", "1", "--json", "-w", str(workspace)
    )
    assert out.exit_code == 0, out.output
    for body in json.loads(out.output)["bodies"]:
        assert body["rank"] == body["rank_p05"] == body["rank_p95"] == expected.rank[body["id"]]


def test_the_export_recalculated_by_a_spreadsheet_engine(workspace: Path, expected: Figures, tmp_path: Path) -> None:
    """The `formulas` package (1.3.4) rounds an exact half down (ROUND(1.005, 2) = 1), where
    Excel and LibreOffice round it up, as kpi does: 2024Q1's data have no W or Z exactly half
    way at two places, so it serves here; data that had one would need LibreOffice
    (tests/test_export.py recalculates with it)."""
    import formulas
    from openpyxl import load_workbook

    path = tmp_path / "rating.xlsx"
    result = run_cli("export", "2025Q1", "-o", str(path), "-w", str(workspace))
    assert result.exit_code == 0, result.output
    model = formulas.ExcelModel().loads(str(path)).finish()
    values = {}
    for key, value in model.calculate().items():
        sheet, _, cell = key.rpartition("!")
        values[(sheet.split("]")[-1].strip("'").upper(), cell.upper())] = value.value[0][0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = load_workbook(path)
    shorts = {
        read(p)["short"]: read(p)["id"]
        for p in (workspace / "rules" / "2025").glob("m*.yaml")
        if p.name != "methodology.yaml"
    }
    ranking = book.worksheets[0]
    wrong, checked = [], 0

    def check(sheet: str, cell: str, want: Fraction | str | None) -> None:
        nonlocal checked
        got = values.get((sheet.upper(), cell))
        if want is None:
            ok = got == "-"
        else:
            ok = (
                isinstance(got, (int, float))
                and not isinstance(got, bool)
                and Decimal(repr(float(got))) == dec(Fraction(want))
            )
        if not ok:
            wrong.append((sheet, cell, got, want))
        checked += 1

    for row in range(4, 4 + len(shorts)):
        body = shorts[ranking.cell(row, 2).value]
        check(ranking.title, f"A{row}", Fraction(expected.rank[body]))
        check(ranking.title, f"D{row}", expected.r[body])
    for short, body in shorts.items():
        sheet = book[short]
        for r in range(1, sheet.max_row + 1):
            kpi, label = sheet.cell(r, 2).value, sheet.cell(r, 3).value
            if kpi in expected.w:
                check(short, f"I{r}", expected.z[kpi])
                check(short, f"J{r}", expected.w[kpi])
            elif isinstance(label, str) and label.startswith("Результат по направлению"):
                name = re.search(r"«(.*)»", label)
                assert name is not None
                ids = {d["name"]: d["id"] for d in read(workspace / "rules" / "2025" / f"{body}.yaml")["directions"]}
                check(short, f"J{r}", expected.directions[(body, ids[name.group(1)])])
            elif label == f"Итоговый результат {short} (R)":
                check(short, f"J{r}", expected.r[body])
    assert not wrong, wrong[:10]
    assert checked == 14 * 2 + 115 * 2 + 16 + 14


def test_the_report_method_block(workspace: Path, tmp_path: Path) -> None:
    from docx import Document

    path = tmp_path / "r.docx"
    result = run_cli("report", "2025Q1", "-o", str(path), "-w", str(workspace))
    assert result.exit_code == 0, result.output
    text = [p.text for p in Document(str(path)).paragraphs]
    assert "Доля, чем больше — тем лучше: W=ЕСЛИ(Z>=N;U;МИН(U/2;Z/N*U))" in text
    assert "Доля, чем больше — тем лучше: W=ЕСЛИ(Z>=N;U;Z/N*U)" not in text
    assert (
        "Z, W, результаты по направлениям и R округляются до 2 знаков после запятой (5 и больше — в большую"
        " сторону); каждый шаг считается от уже округленного значения предыдущего шага."
    ) in text
    assert "R — сумма результатов по направлениям органа (при одном направлении R равен результату по нему)" in text
    assert not any(line.startswith("R — среднее арифметическое") for line in text)


def test_the_oracle_knows_the_published_figures() -> None:
    """The oracle itself, held to the published report: under the official method it gives
    МЮ's 96,4, МВД's 90,1 and МПС's 83,5 (the mean of 66,4, 96 and 88,3)."""
    root = Path(__file__).resolve().parent.parent
    official = oracle(root, "2023", "2024Q1", OFFICIAL)
    assert (official.r["mju"], official.r["mvd"], official.r["mps"]) == (
        Fraction("96.4"),
        Fraction("90.1"),
        Fraction("83.5"),
    )
    assert official.directions[("mps", "stroitelstvo")] == Fraction("66.4")
