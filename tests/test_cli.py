"""The `kpi` command as a user meets it: exact lines, exit codes, no tracebacks, no writes."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from typer.testing import Result

from engine.output.terminal.quarter import bar
from tests.conftest import REPO, REPORT, tree_digest, unpublished
from tests.report import read_report

RANKING, BODIES = read_report(REPORT)
SHORT = {
    "Министерство юстиции РК": "МЮ",
    "Министерство внутренних дел РК": "МВД",
    "Министерство труда и социальной защиты населения РК": "МТСЗН",
    "Министерство промышленности и строительства РК": "МПС",
    "Министерство сельского хозяйства РК": "МСХ",
    "Министерство здравоохранения РК": "МЗ",
    "Министерство науки и высшего образования РК": "МНВО",
    "Министерство торговли и интеграции РК": "МТИ",
    "Министерство просвещения РК": "МП",
    "Министерство финансов РК": "МФ",
    "Министерство экологии и природных ресурсов РК": "МЭПР",
    "Министерство энергетики РК": "МЭ",
    "Министерство обороны РК": "МО",
    "Министерство транспорта РК": "МТ",
}
Cli = Callable[..., Result]


def rows(output: str) -> list[list[str]]:
    """The cells of every body row of a rich table (lines between │ borders)."""
    return [
        [cell.strip() for cell in line.strip().strip("│").split("│")]
        for line in output.splitlines()
        if line.startswith("│")
    ]


def test_score_prints_the_published_ranking(cli: Cli) -> None:
    result = cli("score", "2024Q1", "-w", str(REPO))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].strip() == "Рейтинг ЦГО по KPI CDTO — 2024Q1 (правила 2023)"
    expected = []
    for rank, (name, printed) in enumerate(RANKING, start=1):
        score = "40,5" if SHORT[name] == "МЭ" else printed  # the report's own error, see test_scoring_2024q1
        expected.append([str(rank), SHORT[name], score, bar(Decimal(score.replace(",", "."))), name])
    assert rows(result.output) == expected


def test_bar_is_proportional_in_eighths() -> None:
    assert bar(Decimal(100)) == "█" * 25
    assert bar(Decimal(0)) == ""
    assert bar(Decimal("96.4")) == "█" * 24  # 96,4 % of 25 cells = 24,1 → 24 full, 0,8 eighth → none
    assert bar(Decimal("90.1")) == "█" * 22 + "▌"  # 22,525 cells = 22 full + 4 eighths
    assert bar(Decimal(150)) == "█" * 25  # never longer than the scale


def test_score_body_prints_the_report_table(cli: Cli) -> None:
    result = cli("score", "2024Q1", "--body", "мвд", "-w", str(REPO))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "МВД — Министерство внутренних дел РК, 2024Q1 (правила 2023)"
    table = [r for r in rows(result.output) if r[0]]  # first line of each KPI row
    printed = BODIES[0].directions[0].kpis
    assert [r[0] for r in table] == [k.no for k in printed]
    # U, N, unit, a, b, Z, W as in the report (N and a/b exactly as printed),
    # except W of №5: 3,75 in the report, 3,7 truncated
    for row, kpi in zip(table, printed, strict=True):
        unit = "ед." if kpi.unit.strip() in ("ед", "eд") else kpi.unit
        w = "3,7" if kpi.no == "5" else kpi.assigned
        shown = [cell.replace("\u00a0", " ") for cell in row[2:]]  # thousands apart by a no-break space
        assert shown == [kpi.weight, kpi.target, unit, kpi.a, kpi.b, kpi.share, w]
    assert "Результат МВД (R): 90,1 (место 2 из 14)" in lines


def test_score_body_notes_every_policy_zero(cli: Cli) -> None:
    result = cli("score", "2024Q1", "--body", "МТИ", "-w", str(REPO))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[-3:] == [
        "Примечания:",
        "[1] mti-04: нет данных (a = «-», b = «-»), поэтому W = 0",
        "[2] mti-05: нет данных (a = «-», b = «-»), поэтому W = 0",
    ]


def test_score_in_english(cli: Cli) -> None:
    result = cli("score", "2024Q1", "-w", str(REPO), "--lang", "en")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].strip() == "CDTO KPI ranking — 2024Q1 (rules 2023)"
    assert rows(result.output)[0][:3] == ["1", "МЮ", "96.4"]


def test_score_json_is_exact_and_in_report_order(cli: Cli) -> None:
    result = cli("score", "2024Q1", "--json", "-w", str(REPO))
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert (data["quarter"], data["rules"], data["status"]) == ("2024Q1", "2023", "official")
    assert [b["short"] for b in data["bodies"]] == [SHORT[name] for name, _ in RANKING]
    mps = next(b for b in data["bodies"] if b["id"] == "mps")
    assert (mps["rank"], mps["R"]) == (4, "83.5")
    assert [d["sum"] for d in mps["directions"]] == ["66.4", "96", "88.3"]
    mvd = next(b for b in data["bodies"] if b["id"] == "mvd")
    first = mvd["directions"][0]["kpis"][0]
    assert first == {
        "id": "mvd-01",
        "no": 1,
        "name": BODIES[0].directions[0].kpis[0].name,
        "variant": "share_higher",
        "U": "20",
        "N": "75",
        "unit": "%",
        "a": "156710",
        "a_text": "156 710",
        "b": "363249",
        "b_text": "363 249",
        "Z": "43.1",
        "W": "11.4",
        "reason": None,
        "reason_text": None,
    }
    assert [k["no"] for k in mvd["directions"][0]["kpis"]] == list(range(1, 8))
    # every decimal is a string that Decimal reads back exactly
    for body in data["bodies"]:
        assert Decimal(body["R"]) == Decimal(body["R"]).quantize(Decimal("0.1"))


def test_score_json_for_one_body(cli: Cli) -> None:
    data = json.loads(cli("score", "2024Q1", "--body", "mf", "--json", "-w", str(REPO)).output)
    assert [b["id"] for b in data["bodies"]] == ["mf"]
    mf05 = data["bodies"][0]["directions"][0]["kpis"][4]
    assert (mf05["id"], mf05["variant"], mf05["Z"], mf05["W"]) == ("mf-05", "share_lower", "8.6", "15")


def test_explain_one_kpi_step_by_step(cli: Cli) -> None:
    result = cli("explain", "2024Q1", "МВД", "1", "-w", str(REPO))
    assert result.exit_code == 0, result.output
    # 156710 / 363249 * 100 = 43.14120616986…, shown cut (never rounded) to 10 decimals; 43.1 / 75 * 20 = 11.49333…
    assert result.output.splitlines()[2:] == [
        "KPI mvd-01 (№1) Доля уголовных и административных правонарушений в общественных местах, "
        "выявленных с помощью камер видеонаблюдения",
        "  Вариант: share_higher — Доля, чем больше — тем лучше",
        "  U = 20, N = 75, единица %",
        "  a = «156 710» (как введено) → 156\u00a0710",  # the report's notation: grouped, ЕСЛИ, a comma
        "  b = «363 249» (как введено) → 363\u00a0249",
        "  Z = a/b*100",
        "    = 156\u00a0710/363\u00a0249*100 = 43,1412061698…",
        "    → 43,1 (отбрасывание до 1 знака после запятой)",
        "  W = ЕСЛИ(Z>=N;U;Z/N*U)",
        "      условие Z>=N: 43,1>=75 — не выполнено",
        "    = 43,1/75*20 = 11,4933333333…",
        "    → 11,4 (отбрасывание до 1 знака после запятой)",
        "  Итог: W = 11,4 из 20",
    ]


def test_explain_says_why_a_weight_is_zero(cli: Cli) -> None:
    no_target = cli("explain", "2024Q1", "МЭ", "me-06", "-w", str(REPO)).output.splitlines()
    assert "  цель N не установлена (N = -), поэтому W = 0" in no_target
    assert "  U = 10, N = - (не установлена), единица %" in no_target
    zero_b = cli("explain", "2024Q1", "МП", "2", "-w", str(REPO)).output.splitlines()
    assert "  знаменатель b = 0: доля не определена, поэтому W = 0" in zero_b
    units = cli("explain", "2024Q1", "МВД", "mvd-05", "-w", str(REPO)).output.splitlines()
    assert "  b = «-» (как введено) → нет данных — не используется вариантом" in units
    assert "      условие a>=N: 225>=300 — не выполнено" in units
    assert "    = 225/300*5 = 3,75" in units
    assert "    → 3,7 (отбрасывание до 1 знака после запятой)" in units


def test_explain_whole_body_ends_with_the_totals(cli: Cli) -> None:
    lines = cli("explain", "2024Q1", "МПС", "-w", str(REPO)).output.splitlines()
    assert lines[-5:] == [
        "Направление «Строительство»: сумма W = 0 + 0 + 10 + 10 + 8 + 2,6 + 7,2 + 9,9 + 8,7 + 10 = 66,4 "
        "→ 66,4 (отбрасывание до 1 знака после запятой)",
        "Направление «Промышленность»: сумма W = 25 + 25 + 11 + 35 = 96 → 96 (отбрасывание до 1 знака после запятой)",
        "Направление «Геология и недропользование»: сумма W = 30 + 18,3 + 20 + 20 = 88,3 "
        "→ 88,3 (отбрасывание до 1 знака после запятой)",
        "R = среднее итогов направлений = (66,4 + 96 + 88,3) / 3 = 83,5666666666… "
        "→ 83,5 (отбрасывание до 1 знака после запятой)",
        "Результат МПС (R): 83,5 (место 4 из 14)",
    ]


def test_explain_json_carries_every_step(cli: Cli) -> None:
    data = json.loads(cli("explain", "2024Q1", "mt", "mt-01", "--json", "-w", str(REPO)).output)
    steps = data["kpis"][0]["steps"]
    assert [(s["quantity"], s["rounded"]) for s in steps] == [("Z", "50"), ("W", "6.6")]
    assert steps[1]["conditions"] == [{"formula": "Z >= N", "substituted": "50 >= 75", "held": False}]
    assert steps[1]["substituted"] == "50 / 75 * 10"
    assert steps[1]["exact"] == "20/3"  # exact: 50 / 75 * 10, never a rounded 6.666…67
    assert steps[0]["exact"] == "50"


def test_check_lists_the_reports_errors_and_fails(cli: Cli) -> None:
    result = cli("check", "2024Q1", "-w", str(REPO))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "Расхождений: 15 у органов: МВД, МЗ, МНВО, МО, МП, МПС, МТ, МЭ, МЭПР. R совпадает у 13 из 14." in lines
    assert "МЭ: R в отчёте 40,9, по методике 40,5 (место 12 → 12)" in lines
    assert lines[-1] == "Порядок рейтинга совпадает с опубликованным."
    me = [r for r in rows(result.output) if r[0] == "МЭ"]
    assert [r[:6] for r in me] == [
        ["МЭ", "me-12", "W", "5,4", "5", "-0,4"],
        ["МЭ", "", "R", "40,9", "40,5", "-0,4"],
    ]


def test_check_json(cli: Cli) -> None:
    result = cli("check", "2024Q1", "--json", "-w", str(REPO))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["consistent"] is False
    me = next(b for b in data["bodies"] if b["id"] == "me")
    assert me == {
        "id": "me",
        "short": "МЭ",
        "R_published": "40,9",
        "R_computed": "40.5",
        "rank_published": 12,
        "rank_computed": 12,
    }
    w = next(d for d in data["discrepancies"] if d["kpi"] == "me-12")
    assert w["effect_on_R"] == "-0.4"
    assert w["cause_text"] == ("в отчёте W = 5,4 больше веса U = 5 (нарушено условие W <= U); по методике W = 5")


def test_validate_clean_rules(cli: Cli) -> None:
    result = cli("rules", "validate", "-w", str(REPO))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[-1] == "Правила 2024-draft (черновик): проблем нет (14 органов, 115 KPI, 10 примеров сходятся)"
    assert "Правила 2023: проблем нет (14 органов, 115 KPI, 10 примеров сходятся)" in lines
    # the rules give every body's names and directions in Kazakh but no KPI name (there is no
    # official Kazakh wording at hand), and МО no Kazakh short name: МВД misses its 7 KPI names
    # of 11 names (name, short, direction, 7 KPIs, «%»: "%" needs none), МО 9 KPIs and its short
    warnings = [line for line in lines if ": предупреждение: " in line]
    assert len(warnings) == 2 and warnings[0].startswith("rules/2023:1:1: предупреждение: ")
    assert "МВД 7/11," in warnings[0] and "МО 10/13," in warnings[0]
    strict = cli("rules", "validate", "2023", "--strict", "-w", str(REPO))
    assert strict.exit_code == 1
    mo = "rules/2023/mo.yaml:1:1: МО: наименований на казахском нет — 10 из 13 (орган: 1, направления: 0, KPI: 9, "
    assert mo in strict.output
    assert strict.output.endswith("Правила 2023: проблем — 14\n")


def test_unknown_quarter_lists_what_exists(cli: Cli) -> None:
    result = cli("score", "2025q1", "-w", str(REPO))
    assert result.exit_code == 2
    assert result.output.startswith("Квартала «2025q1» нет; возможно, имелось в виду «2024Q1». Есть: ")
    assert "Traceback" not in result.output


def test_quarter_names_are_case_insensitive(cli: Cli) -> None:
    assert cli("score", "2024q1", "-w", str(REPO)).exit_code == 0


def test_unknown_body_and_kpi(cli: Cli) -> None:
    body = cli("score", "2024Q1", "--body", "МВДД", "-w", str(REPO))
    assert body.exit_code == 2
    assert body.output.startswith("Органа «МВДД» нет; возможно, имелось в виду «МВД (mvd)».")
    kpi = cli("explain", "2024Q1", "МВД", "mvd-5", "-w", str(REPO))
    assert kpi.exit_code == 2
    assert kpi.output.startswith("KPI «mvd-5» нет; возможно, имелось в виду «mvd-05».")


def test_unknown_rules_version(cli: Cli) -> None:
    result = cli("rules", "validate", "2024", "-w", str(REPO), lang="en")
    assert result.exit_code == 2
    assert result.output == "there is no rules version '2024'; did you mean '2023'? — known: 2023, 2024-draft\n"


def test_no_workspace(cli: Cli, tmp_path: Path) -> None:
    result = cli("score", "2024Q1", "-w", str(tmp_path))
    assert result.exit_code == 2
    assert result.output == f"{tmp_path} — не рабочая папка: в ней нет папок rules/ и quarters/\n"


def test_broken_quarter_data_is_reported_with_position_and_changes_nothing(
    cli: Cli, scratch: Callable[[str], Path]
) -> None:
    workspace = scratch("repo")
    unpublished(workspace, "2024Q1")  # its data are edited here: not the official quarter's any more
    data = workspace / "quarters" / "2024Q1" / "mvd.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace('a: "156 710"', 'a: "156 71O"').replace('b: "7"', "b: 7%"), encoding="utf-8")
    before = tree_digest(workspace)
    result = cli("score", "2024Q1", "-w", str(workspace))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    line_a = next(i for i, t in enumerate(text.splitlines(), 1) if 'a: "156 710"' in t)
    line_b = next(i for i, t in enumerate(text.splitlines(), 1) if 'b: "7"' in t)
    assert lines == [
        f"quarters/2024Q1/mvd.yaml:{line_a}:8: KPI mvd-01: «156 71O» — не число; ожидается, например, 156710, "
        '"1 318 826", "3 714 388,81", "4,05 млрд", "628,54 млрд тенге" '
        '(по-казахски тоже: "12 мың", "628,54 млрд теңге") или "-", если данных нет',
        f"quarters/2024Q1/mvd.yaml:{line_b}:8: KPI mvd-07: «7%» — не число; ожидается, например, 156710, "
        '"1 318 826", "3 714 388,81", "4,05 млрд", "628,54 млрд тенге" '
        '(по-казахски тоже: "12 мың", "628,54 млрд теңге") или "-", если данных нет',
        "найдено проблем: 2",
    ]
    assert tree_digest(workspace) == before


def test_unquoted_dash_gets_a_hint(cli: Cli, scratch: Callable[[str], Path]) -> None:
    workspace = scratch("repo")
    unpublished(workspace, "2024Q1")  # its data are edited here: not the official quarter's any more
    data = workspace / "quarters" / "2024Q1" / "mti.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace('a: "-"', "a: -", 1), encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if 'a: "-"' in t)
    result = cli("score", "2024Q1", "-w", str(workspace))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"quarters/2024Q1/mti.yaml:{line}:8: одиночный «-» YAML читает как начало списка; "
        'если это «нет данных», возьмите прочерк в кавычки: a: "-"'
    )


def test_missing_and_unknown_kpi_data(cli: Cli, scratch: Callable[[str], Path]) -> None:
    workspace = scratch("repo")
    unpublished(workspace, "2024Q1")  # its data are edited here: not the official quarter's any more
    data = workspace / "quarters" / "2024Q1" / "mt.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("  mt-08:", "  mt-8:"), encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("  mt-08:"))
    kpis_line = next(i for i, t in enumerate(text.splitlines(), 1) if t == "kpis:")
    result = cli("score", "2024Q1", "-w", str(workspace))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"quarters/2024Q1/mt.yaml:{kpis_line}:1: KPI mt-08: нет данных для KPI №8 «Доля автоматизированных "
        'отчетов от общего количества отчетов»; добавьте a и b ("-", если данных нет)',
        f"quarters/2024Q1/mt.yaml:{line}:3: KPI mt-8: у МТ нет такого KPI; есть: mt-01, mt-02, mt-03, mt-04, "
        "mt-05, mt-06, mt-07, mt-08; возможно, имелось в виду «mt-08»",
        "найдено проблем: 2",
    ]


def test_score_body_all_prints_every_body_in_ranking_order(cli: Cli) -> None:
    result = cli("score", "2024Q1", "--body", "all", "-w", str(REPO))
    assert result.exit_code == 0, result.output
    headings = [line.split(" — ")[0] for line in result.output.splitlines() if line.endswith("(правила 2023)")]
    assert headings == [SHORT[name] for name, _ in RANKING]


def test_a_narrow_table_keeps_every_column_and_every_figure(cli: Cli) -> None:
    data = json.loads(cli("score", "2024Q1", "--body", "МПС", "--json", "-w", str(REPO)).output)
    for columns in (40, 80):
        output = cli("score", "2024Q1", "--body", "МПС", "-w", str(REPO), columns=columns).output
        assert all(d["name"] in output for d in data["bodies"][0]["directions"])
        header = next(line for line in output.splitlines() if line.startswith("┃"))
        assert header.split("┃")[-2].strip() == "W", header
        # each KPI's W, whole, in the last column of its first row
        firsts = [r for r in rows(output) if r[0]]
        weights = [k["W"].replace(".", ",") for d in data["bodies"][0]["directions"] for k in d["kpis"]]
        assert [r[-1].split(" [")[0] for r in firsts] == weights
