"""Validity in one place (issue 19, point 3): the registry of checks (engine.checks), each check
on a subject made by hand, and what the commands that read a quarter say of edited official
rules."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from engine.checks import ERROR, WARNING, CommandChecks, Stage, run_checks
from engine.checks.header import QUARTER_HEADER, HeaderFile
from engine.checks.methodology import EXAMPLES, METHODOLOGY
from engine.checks.portability import PORTABILITY, Folder
from engine.checks.publication import PUBLICATION, Publishing
from engine.checks.quarter import (
    PUBLISHED,
    QUARTER_BODIES,
    QUARTER_FILES,
    QUARTER_VALUES,
    RESEAL,
    SEAL,
    BodiesGiven,
    BodyData,
    PublishedFile,
    QuarterRead,
    ValuesEntry,
    seal_check,
)
from engine.checks.rules import (
    RULES_BODY,
    RULES_DIRECTION,
    RULES_KPI,
    RULES_NAMES,
    RULES_PROTECTION,
    RULES_VERSION,
    BodiesRead,
    BodyEntry,
    DirectionEntry,
    KpiEntry,
    NamesRead,
    Protected,
)
from engine.documents import read_document
from engine.errors import ProblemsFound
from engine.model import BodyInput, KpiInput, Quarter, RulesVersion
from engine.numbers import Quantity
from engine.plausibility import PLAUSIBILITY
from engine.plausibility import CheckContext as PlausibilityContext
from engine.problems import Problem, Where
from engine.quarter import kpi_in_data
from engine.quarterheader import load_header
from engine.rules import kpi_in_body
from engine.rulesversions import fingerprint
from engine.scoring import rules_version
from engine.workspace import Workspace
from engine.yamlfile import YamlDocument, parse_yaml
from tests.conftest import REPO, run_cli

STAGES: tuple[Stage[Any], ...] = (
    RESEAL,
    PORTABILITY,
    METHODOLOGY,
    EXAMPLES,
    RULES_BODY,
    RULES_KPI,
    RULES_DIRECTION,
    RULES_VERSION,
    RULES_NAMES,
    RULES_PROTECTION,
    QUARTER_HEADER,
    QUARTER_FILES,
    QUARTER_BODIES,
    PUBLISHED,
    QUARTER_VALUES,
    PLAUSIBILITY,
    SEAL,
    PUBLICATION,
)
CATALOGUES = REPO / "engine" / "locale"
MVD_WARNING = "rules/2023/mvd.yaml:1:1: предупреждение: файл изменён после публикации квартала 2024Q1: правила 2023"


def msgids(lang: str) -> set[str]:
    text = (CATALOGUES / lang / "LC_MESSAGES" / "kpi.po").read_text(encoding="utf-8")
    return set(re.findall(r'^msgid "([^"]+)"', text, re.M))


def test_every_check_is_named_once_has_a_severity_and_codes_each_catalogue_words() -> None:
    names = [(stage.name, check.name) for stage in STAGES for check in stage.checks]
    assert len(names) == len(set(names)) and len({stage.name for stage in STAGES}) == len(STAGES)
    for lang in ("ru", "en", "kk"):
        known = msgids(lang)
        for stage in STAGES:
            assert set(stage.codes) <= known, (lang, stage.name, set(stage.codes) - known)
            for check in stage.checks:
                assert check.severity in (ERROR, WARNING), check
                assert check.codes and check.run.__doc__, check


@pytest.fixture(scope="module")
def rules() -> RulesVersion:
    return rules_version(Workspace(REPO), "2023")


@pytest.fixture(scope="module")
def mvd() -> YamlDocument:
    doc, problems = read_document(Workspace(REPO), REPO / "rules" / "2023" / "mvd.yaml", "body", kpi_in_body)
    assert doc is not None and not problems
    return doc


def kpi_entry(mvd: YamlDocument, rules: RulesVersion, **changed: Any) -> KpiEntry:
    path = ("directions", 0, "kpis", 0)  # mvd-01: share_higher, "%", weight 20, target 75
    spec = {**mvd.data["directions"][0]["kpis"][0], **changed}
    return KpiEntry(mvd, path, spec, rules.methodology)


def codes(problems: list[Problem]) -> list[str]:
    return [problem.code for problem in problems]


def test_a_kpi_as_written_is_checked_for_its_variant_unit_and_target(mvd: YamlDocument, rules: RulesVersion) -> None:
    assert run_checks(RULES_KPI, kpi_entry(mvd, rules)) == []
    unknown = run_checks(RULES_KPI, kpi_entry(mvd, rules, variant="share_higer"))
    assert codes(unknown) == ["unknown-variant"] and unknown[0].args["suggestion"] == "share_higher"
    assert (unknown[0].kpi, unknown[0].where.line) == ("mvd-01", 32)  # the line of `variant:`
    assert codes(run_checks(RULES_KPI, kpi_entry(mvd, rules, unit="ед."))) == ["unit-mismatch"]
    # a mismatched unit says nothing of the target: the variant's unit is not the KPI's
    assert codes(run_checks(RULES_KPI, kpi_entry(mvd, rules, unit="ед.", target=150))) == ["unit-mismatch"]
    over = run_checks(RULES_KPI, kpi_entry(mvd, rules, target=100.5))
    assert codes(over) == ["target-percent-over-100"] and over[0].args == {"target": "100.5"}
    assert run_checks(RULES_KPI, kpi_entry(mvd, rules, target=100)) == []
    assert run_checks(RULES_KPI, kpi_entry(mvd, rules, target="-")) == []


def test_a_direction_weights_add_up_to_the_total(mvd: YamlDocument, rules: RulesVersion) -> None:
    body = next(b for b in rules.bodies if b.id == "mvd")
    direction = body.directions[0]
    spec = mvd.data["directions"][0]
    entry = DirectionEntry(mvd, ("directions", 0), spec, direction.kpis, Decimal(100))
    assert run_checks(RULES_DIRECTION, entry) == []
    heavier = (dataclasses.replace(direction.kpis[0], weight=Decimal("20.5")), *direction.kpis[1:])
    found = run_checks(RULES_DIRECTION, dataclasses.replace(entry, kpis=heavier))
    assert codes(found) == ["weights-total"] and found[0].args["total"] == "100.5"


def test_the_bodies_of_a_version_have_distinct_short_names_and_are_all_in_the_order(rules: RulesVersion) -> None:
    read = BodiesRead(rules.methodology, rules.bodies, False)
    assert run_checks(RULES_VERSION, read) == []
    first, second = rules.bodies[0], rules.bodies[1]
    twin = dataclasses.replace(second, short=first.short.lower())
    found = run_checks(RULES_VERSION, dataclasses.replace(read, bodies=(first, twin, *rules.bodies[2:])))
    assert codes(found) == ["duplicate-short"]  # its Kazakh twin, the same names again, is not said
    kk_twin = dataclasses.replace(second, short_kk=first.short_kk or first.short)
    found = run_checks(RULES_VERSION, dataclasses.replace(read, bodies=(first, kk_twin, *rules.bodies[2:])))
    assert codes(found) == ["duplicate-short-kk"]
    extra = dataclasses.replace(first, id="new-body", short="Новый", short_kk="Жаңа")
    found = run_checks(RULES_VERSION, dataclasses.replace(read, bodies=(*rules.bodies, extra)))
    assert codes(found) == ["order-missing-body"] and found[0].args["bodies"] == "new-body (Новый)"
    # with problems in a body file the order is not checked: the missing body may be the broken one
    assert run_checks(RULES_VERSION, BodiesRead(rules.methodology, (*rules.bodies, extra), True)) == []
    found = run_checks(RULES_VERSION, dataclasses.replace(read, bodies=rules.bodies[1:]))
    assert codes(found) == ["order-unknown-body"] and found[0].args["id"] == first.id


def test_names_in_russian_only_are_one_warning_or_with_strict_a_problem_per_body(rules: RulesVersion) -> None:
    body = rules.bodies[0]
    directions = tuple(
        dataclasses.replace(
            d, name_kk="атауы", kpis=tuple(dataclasses.replace(k, name_kk="атауы", unit_kk="бірлік") for k in d.kpis)
        )
        for d in body.directions
    )
    complete = dataclasses.replace(body, name_kk="атауы", short_kk="қысқа", directions=directions)
    assert run_checks(RULES_NAMES, NamesRead(dataclasses.replace(rules, bodies=(complete,)), "rules/2023")) == []
    version = dataclasses.replace(rules, bodies=(dataclasses.replace(complete, name_kk=None), complete))
    warned = run_checks(RULES_NAMES, NamesRead(version, "rules/2023"))
    assert codes(warned) == ["kazakh-names-missing"] and warned[0].severity == WARNING
    assert warned[0].args["missing"] == 1 and warned[0].where.file == "rules/2023"
    strict = run_checks(RULES_NAMES, NamesRead(version, "rules/2023", strict=True))
    assert codes(strict) == ["kazakh-names-missing-body"] and strict[0].severity == ERROR
    assert (strict[0].args["body"], strict[0].args["kpis"], strict[0].where.file) == (1, 0, body.file)


def edited(scratch: Callable[[str], Path]) -> Path:
    """A copy of the repository with two weights of МВД changed (still 100 in total), in the
    rules 2023, which the official quarter 2024Q1 was published with."""
    ws = scratch("repo-history")
    path = ws / "rules" / "2023" / "mvd.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("weight: 20\n        target: 75", "weight: 25\n        target: 75", 1)
    path.write_text(text.replace("weight: 10\n        target: 100", "weight: 5\n        target: 100", 1), "utf-8")
    return ws


def test_rules_as_official_quarters_sealed_them(scratch: Callable[[str], Path]) -> None:
    assert run_checks(RULES_PROTECTION, Protected(Workspace(REPO), "2023")) == []
    assert run_checks(RULES_PROTECTION, Protected(Workspace(REPO), "2024-draft")) == []
    workspace = Workspace(edited(scratch))
    found = run_checks(RULES_PROTECTION, Protected(workspace, "2023"))
    assert codes(found) == ["rules-protected-changed"] and found[0].severity == ERROR
    assert found[0].args == {"version": "2023", "quarter": "2024Q1", "file": "rules/2023/mvd.yaml"}
    assert run_checks(RULES_PROTECTION, Protected(workspace, "2023", skip="2024Q1")) == []
    prints, _ = fingerprint(workspace, "2023")
    assert run_checks(PUBLICATION, Publishing(workspace, "2024Q2", "2023", prints)) == found
    assert run_checks(PUBLICATION, Publishing(workspace, "2024Q1", "2023", prints)) == []


def test_the_seal_stage_of_an_official_quarter_and_of_one_scored_with_its_rules(
    scratch: Callable[[str], Path],
) -> None:
    workspace = Workspace(edited(scratch))
    official, example = (load_header(workspace, q)[0] for q in ("2024Q1", "2024Q2"))
    assert official is not None and example is not None
    own = run_checks(SEAL, QuarterRead(workspace, official, ERROR))
    assert codes(own) == ["rules-protected-changed"] and own[0].severity == ERROR
    other = run_checks(SEAL, QuarterRead(workspace, example, ERROR))  # never an error for another quarter
    assert codes(other) == ["rules-protected-changed"] and other[0].severity == WARNING
    assert other[0].args == own[0].args
    clean = load_header(Workspace(REPO), "2024Q2")[0]
    assert clean is not None and run_checks(SEAL, QuarterRead(Workspace(REPO), clean)) == []


def test_a_command_says_each_warning_once_and_a_document_is_refused(scratch: Callable[[str], Path]) -> None:
    workspace = Workspace(edited(scratch))
    official, example = (load_header(workspace, q)[0] for q in ("2024Q1", "2024Q2"))
    assert official is not None and example is not None
    said: list[list[Problem]] = []
    checks = CommandChecks(lambda problems: said.append(list(problems)))
    for header in (official, example, official, example):
        seal_check(workspace, header, checks)
    assert [codes(batch) for batch in said] == [["rules-protected-changed"]]  # the same file, said once
    seal_check(workspace, official, None)  # outside a command: nothing said, nothing refused
    document = CommandChecks(lambda problems: said.append(list(problems)))
    document.refuse_broken()
    seal_check(workspace, example, document)  # held until the document is written
    assert len(said) == 1 and codes(document.held) == ["rules-protected-changed"]
    with pytest.raises(ProblemsFound) as refused:
        seal_check(workspace, official, document)
    assert sorted(codes(list(refused.value.problems))) == ["rules-protected-changed", "seal-refused"]
    document.release(refused.value.problems)  # the refusal names the file: not said again
    assert len(said) == 1 and document.held == []


def test_score_explain_and_report_warn_once_of_edited_official_rules(scratch: Callable[[str], Path]) -> None:
    """2024Q2 is not official but is scored with the rules 2023 that the official 2024Q1 sealed:
    an edit of them was said by no command but those reading 2024Q1 and `kpi rules validate`."""
    ws = edited(scratch)
    for argv in (
        ("score", "2024Q2"),
        ("explain", "2024Q2", "МВД"),
        ("report", "2024Q2", "-o", str(ws / "r.docx")),
        ("compare", "2024Q2", "2024Q3"),
        ("quarter", "validate", "2024Q2"),
        ("quarter", "forms", "2024Q2", "-o", str(ws / "forms")),
    ):
        result = run_cli(*argv, "-w", str(ws))
        assert result.exit_code == 0, (argv, result.output)
        lines = (result.stdout if argv[1] == "validate" else result.stderr).splitlines()
        assert [line for line in lines if "после публикации" in line] == [lines[0]], (argv, lines)
        assert lines[0].startswith(MVD_WARNING), (argv, lines)
    assert (ws / "r.docx").is_file()
    validate = run_cli("quarter", "validate", "2024Q2", "--strict", "-w", str(ws))
    assert validate.exit_code == 1 and "проблем — 0, предупреждений — 1" in validate.stdout
    clean = run_cli("score", "2024Q2", "-w", str(REPO))
    assert clean.exit_code == 0 and "после публикации" not in clean.stderr


def quantity(text: str) -> Quantity:
    return Quantity(text, None if text in ("", "-") else Decimal(text))


def plausible(rules: RulesVersion, values: dict[str, tuple[str, str]], previous: dict[str, Any]) -> list[Problem]:
    """The plausibility stage on a quarter of one body, МВД, with `values` (KPI → a, b)."""
    kpis = {
        kpi: KpiInput(kpi, quantity(a), quantity(b), Where("quarters/2024Q1/mvd.yaml", 1, 1))
        for kpi, (a, b) in values.items()
    }
    quarter = Quarter("2024Q1", "2023", "draft", "", "", {"mvd": BodyInput("mvd", kpis, "quarters/2024Q1/mvd.yaml")})
    return run_checks(PLAUSIBILITY, PlausibilityContext(quarter, rules, "2023Q4" if previous else None, previous))


def test_data_that_score_but_deserve_a_second_look(rules: RulesVersion) -> None:
    # mvd-01 is a share (share_higher): a above b is Z above 100 %
    assert plausible(rules, {"mvd-01": ("30", "40")}, {}) == []
    above = plausible(rules, {"mvd-01": ("50", "40")}, {})
    assert codes(above) == ["warn-share-above-100"] and above[0].severity == WARNING
    assert (above[0].kpi, above[0].args) == ("mvd-01", {"a": "50", "b": "40"})
    # b = 0 with a > 0: the share is undefined (and is not above 100 %: b > 0 is needed for that)
    assert codes(plausible(rules, {"mvd-01": ("5", "0")}, {})) == ["warn-zero-denominator"]
    assert plausible(rules, {"mvd-01": ("0", "0")}, {}) == []
    # every value as in the quarter before: a file copied and not updated
    same = plausible(rules, {"mvd-01": ("30", "40")}, {"mvd": {"mvd-01": ("30", "40")}})
    assert codes(same) == ["warn-same-as-previous"] and same[0].args == {"previous": "2023Q4"}
    assert plausible(rules, {"mvd-01": ("31", "40")}, {"mvd": {"mvd-01": ("30", "40")}}) == []


def test_a_kpi_of_a_quarter_has_b_where_its_formula_needs_it_in_the_currency_of_a(rules: RulesVersion) -> None:
    path = REPO / "quarters" / "2024Q1" / "mvd.yaml"
    doc, problems = read_document(Workspace(REPO), path, "quarter-body", kpi_in_data)
    assert doc is not None and not problems
    share = rules.methodology.variants["share_higher"]  # Z = a / b
    a, b = Quantity("30", Decimal(30)), Quantity("40", Decimal(40))
    spec = {"a": 30, "b": 40}
    assert run_checks(QUARTER_VALUES, ValuesEntry(doc, "mvd-01", spec, share, a, b)) == []
    missing = run_checks(QUARTER_VALUES, ValuesEntry(doc, "mvd-01", {"a": 30}, share, a, None))
    assert codes(missing) == ["b-missing"] and missing[0].args == {"variant": "share_higher"}
    tenge = Quantity("40 тенге", Decimal(40), "тенге")
    mixed = run_checks(QUARTER_VALUES, ValuesEntry(doc, "mvd-01", spec, share, a, tenge))
    assert codes(mixed) == ["currency-mismatch"] and mixed[0].args == {"a": "30", "b": "40 тенге"}
    no_data = Quantity("-", None, "тенге")  # no figure: nothing to compare
    assert run_checks(QUARTER_VALUES, ValuesEntry(doc, "mvd-01", spec, share, a, no_data)) == []


def yaml(text: str, display: str) -> YamlDocument:
    doc, problems = parse_yaml(text, display)
    assert not problems, problems
    return doc


def test_folder_names_windows_cannot_check_out(tmp_path: Path) -> None:
    (tmp_path / "2023").mkdir()
    assert run_checks(PORTABILITY, Folder(tmp_path, "2023", "rules", "rules/2023")) == []
    (tmp_path / "aux").mkdir()
    (tmp_path / "aux" / "mvd.yaml").write_text("", "utf-8")
    assert codes(run_checks(PORTABILITY, Folder(tmp_path, "aux", "rules", "rules/aux"))) == ["portable-device-name"]
    (tmp_path / "2023" / "mvd.yaml").write_text("", "utf-8")
    (tmp_path / "2023" / "MVD.yaml").write_text("", "utf-8")  # one file on Windows
    found = run_checks(PORTABILITY, Folder(tmp_path, "2023", "rules", "rules/2023"))
    assert codes(found) == ["portable-case-clash"] and found[0].where.file == "rules/2023/mvd.yaml"
    (tmp_path / "AUX").mkdir()  # the folder's own name against its siblings, and a device
    found = run_checks(PORTABILITY, Folder(tmp_path, "aux", "rules", "rules/aux"))
    assert codes(found) == ["portable-device-name", "portable-case-clash"]


def test_methodology_yaml_own_checks_kazakh_units_and_the_examples_variants() -> None:
    text = (
        "variants:\n"
        "  share_higher: {unit: '%', unit_kk: '%'}\n"
        "  count: {unit: 'ед.', unit_kk: 'штук'}\n"
        "  bare: {unit: 'ед.'}\n"
        "examples:\n"
        "  - {variant: share_higher}\n"
        "  - {variant: share_higher}\n"
        "  - {variant: cuont}\n"
    )
    found = run_checks(METHODOLOGY, yaml(text, "rules/t/methodology.yaml"))
    assert codes(found) == ["unit-kk-mismatch", "unknown-variant"]
    assert found[0].args == {"unit": "ед.", "unit_kk": "штук", "expected": "бірл."}
    assert found[0].where.line == 3
    assert (found[1].where.line, found[1].args["suggestion"]) == (8, "count")
    fine = "variants:\n  share_higher: {unit: '%', unit_kk: '%'}\nexamples: []\n"
    assert run_checks(METHODOLOGY, yaml(fine, "rules/t/methodology.yaml")) == []


def test_worked_examples_give_their_z_and_w(rules: RulesVersion) -> None:
    methodology = rules.methodology
    assert methodology.examples and run_checks(EXAMPLES, methodology) == []
    first = methodology.examples[0]
    wrong = dataclasses.replace(first, assigned=first.assigned + 1)
    found = run_checks(EXAMPLES, dataclasses.replace(methodology, examples=(wrong,)))
    assert codes(found) == ["example-failed"] and found[0].args["figure"] == "W"
    assert (found[0].args["expected"], found[0].args["got"]) == (first.assigned + 1, first.assigned)


def test_a_body_file_of_the_rules_names_its_file_and_a_name_windows_can_hold(mvd: YamlDocument) -> None:
    assert run_checks(RULES_BODY, BodyEntry(mvd, "mvd")) == []
    other = run_checks(RULES_BODY, BodyEntry(mvd, "mvd-old"))
    assert codes(other) == ["body-id-mismatch"] and other[0].args == {"id": "mvd", "stem": "mvd-old"}
    device = run_checks(RULES_BODY, BodyEntry(yaml("short: X\nid: Aux\ndirections: []\n", "rules/t/Aux.yaml"), "Aux"))
    assert codes(device) == ["portable-device-id"] and device[0].where.line == 2
    text = "id: t\ndirections:\n  - id: a\n  - id: b\n  - id: a\n  - id: a\n"
    twice = run_checks(RULES_BODY, BodyEntry(yaml(text, "rules/t/t.yaml"), "t"))
    assert codes(twice) == ["duplicate-direction"] * 2 and [p.where.line for p in twice] == [5, 6]
    assert twice[0].args == {"id": "a", "first": "rules/t/t.yaml:3:9"}


def test_quarter_yaml_names_its_folder_and_a_rules_version_of_the_workspace() -> None:
    doc = yaml('period: 2024Q1\nrules: "2023"\n', "quarters/2024Q1/quarter.yaml")
    assert run_checks(QUARTER_HEADER, HeaderFile(doc, "2024Q1", ("2023", "2024-draft"))) == []
    moved = run_checks(QUARTER_HEADER, HeaderFile(doc, "2024Q2", ("2023",)))
    assert codes(moved) == ["period-mismatch"] and moved[0].args == {"period": "2024Q1", "folder": "2024Q2"}
    unknown = run_checks(QUARTER_HEADER, HeaderFile(doc, "2024Q1", ("2023a", "1990")))
    assert codes(unknown) == ["unknown-rules-in-quarter"] and unknown[0].where.line == 2
    assert unknown[0].args == {"name": "2023", "known": "2023a, 1990", "suggestion": "2023a"}


def test_a_body_file_of_a_quarter_names_a_body_and_its_kpis_all_of_them(rules: RulesVersion) -> None:
    path = "quarters/2024Q1/mvd.yaml"
    text = "body: mvd\nkpis:\n" + "".join(f"  mvd-0{n}: {{a: 1, b: 2}}\n" for n in range(1, 8))
    assert run_checks(QUARTER_FILES, BodyData(yaml(text, path), "mvd", rules)) == []
    assert codes(run_checks(QUARTER_FILES, BodyData(yaml(text, path), "mvd1", rules))) == ["body-id-mismatch"]
    text = "body: mvd\nkpis:\n  mvd-01: {a: 1, b: 2}\n  mju-01: {a: 1}\n  mvd-02x: {a: 1}\n"
    found = run_checks(QUARTER_FILES, BodyData(yaml(text, path), "mvd", rules))
    assert codes(found) == ["kpi-of-other-body", "unknown-kpi", *["kpi-data-missing"] * 6]
    assert found[0].args == {"owner": "МЮ", "body": "МВД", "id": "mju"} and found[0].where.line == 4
    assert found[1].args["suggestion"] == "mvd-02" and found[1].kpi == "mvd-02x"
    assert [p.kpi for p in found[2:]] == [f"mvd-0{n}" for n in range(2, 8)] and found[2].args["no"] == 2
    # under another rules version, for comparison: what that version lacks is skipped, not said
    assert run_checks(QUARTER_FILES, BodyData(yaml(text, path), "mvd", rules, strict=False)) == []
    unknown = yaml("body: mvdd\nkpis: {}\n", "quarters/2024Q1/mvdd.yaml")
    found = run_checks(QUARTER_FILES, BodyData(unknown, "mvdd", rules))
    assert codes(found) == ["unknown-body"] and found[0].args["suggestion"] == "mvd"
    assert run_checks(QUARTER_FILES, BodyData(unknown, "mvdd", rules, strict=False)) == []


def test_a_quarter_has_a_data_file_for_each_body(rules: RulesVersion) -> None:
    folder = REPO / "quarters" / "2024Q1"
    everyone = frozenset(body.id for body in rules.bodies)
    given = BodiesGiven(Workspace(REPO), folder, rules, everyone, frozenset())
    assert run_checks(QUARTER_BODIES, given) == []
    found = run_checks(QUARTER_BODIES, dataclasses.replace(given, bodies=everyone - {"mvd"}))
    assert codes(found) == ["body-data-missing"]
    assert found[0].args == {"short": "МВД", "file": "quarters/2024Q1/mvd.yaml"}
    # a file that is there but does not read says its own problems: not said missing too
    broken = dataclasses.replace(
        given, bodies=everyone - {"mvd"}, files_with_problems=frozenset({found[0].args["file"]})
    )
    assert run_checks(QUARTER_BODIES, broken) == []


def test_published_figures_name_bodies_kpis_and_directions_of_the_rules(rules: RulesVersion) -> None:
    path = "quarters/2024Q1/published.yaml"
    good = "bodies:\n  mvd:\n    kpis:\n      mvd-01: {}\n    directions:\n      bezopasnost: 1\n"
    assert run_checks(PUBLISHED, PublishedFile(yaml(good, path), rules)) == []
    text = (
        "bodies:\n"
        "  mvd:\n"
        "    kpis:\n"
        "      mvd-01: {}\n"
        "      mju-01: {}\n"
        "    directions:\n"
        "      bezopasnot: 1\n"
        "  mvdd:\n"
        "    kpis: {}\n"
    )
    found = run_checks(PUBLISHED, PublishedFile(yaml(text, path), rules))
    assert codes(found) == ["unknown-body", "kpi-of-other-body-published", "unknown-direction"]
    assert [p.where.line for p in found] == [8, 5, 7]
    assert found[0].args["suggestion"] == "mvd" and found[2].args["suggestion"] == "bezopasnost"


def test_what_may_not_be_published_at_all() -> None:
    workspace = Workspace(REPO)
    prints, _ = fingerprint(workspace, "2023")
    draft = Publishing(workspace, "2024Q2", "2023", prints, file="quarters/2024Q2/quarter.yaml")
    assert run_checks(PUBLICATION, draft) == []
    example = run_checks(PUBLICATION, dataclasses.replace(draft, status="example"))
    assert codes(example) == ["publish-example"] and example[0].args == {"quarter": "2024Q2"}
    assert example[0].where.file == "quarters/2024Q2/quarter.yaml"
    rules = run_checks(PUBLICATION, dataclasses.replace(draft, version="2024-draft", rules_status="draft"))
    assert codes(rules) == ["publish-draft-rules"] and rules[0].args == {"quarter": "2024Q2", "rules": "2024-draft"}
    sealed = {"mvd.yaml": "sha256:1"}
    official = dataclasses.replace(draft, status="official", data=sealed, sealed_data=dict(sealed))
    assert run_checks(PUBLICATION, official) == []
    changed = dataclasses.replace(official, data={"mvd.yaml": "sha256:2"})
    assert codes(run_checks(PUBLICATION, changed)) == ["publish-official-changed"]
    # an official quarter without a sealed record of its data: nothing to compare (its seal check says so)
    assert run_checks(PUBLICATION, dataclasses.replace(changed, sealed_data=None)) == []
