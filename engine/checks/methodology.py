"""The checks of methodology.yaml: its own (METHODOLOGY: the Kazakh unit of each variant, the
variant each worked example names), run by engine.methodology as it reads the file, and the
worked examples computed (EXAMPLES), run by engine.rules once nothing else is wrong."""

from __future__ import annotations

from engine.checks import ERROR, Check, Stage
from engine.formulalimits import FormulaError
from engine.method import Methodology
from engine.model import KAZAKH_UNITS
from engine.problems import Problem
from engine.suggest import did_you_mean
from engine.yamlfile import PathKey, YamlDocument


def _unit_kk(doc: YamlDocument) -> list[Problem]:
    """A variant's unit_kk is the Kazakh of its unit (KAZAKH_UNITS)."""
    problems = []
    for variant_id, spec in doc.data["variants"].items():
        unit_kk = spec.get("unit_kk")
        if unit_kk is None or KAZAKH_UNITS.get(spec["unit"]) == unit_kk:
            continue
        args = {"unit": spec["unit"], "unit_kk": unit_kk, "expected": KAZAKH_UNITS.get(spec["unit"], "")}
        problems.append(Problem(doc.where(("variants", variant_id, "unit_kk")), "unit-kk-mismatch", args=args))
    return problems


def _example_variants(doc: YamlDocument) -> list[Problem]:
    """Each worked example names a variant the file declares."""
    declared = list(doc.data["variants"])
    problems = []
    for index, spec in enumerate(doc.data["examples"]):
        if spec["variant"] in declared:
            continue
        path: PathKey = ("examples", index, "variant")
        args = {
            "name": spec["variant"],
            "known": ", ".join(declared),
            "suggestion": did_you_mean(spec["variant"], declared) or "",
        }
        problems.append(Problem(doc.where(path), "unknown-variant", args=args))
    return problems


METHODOLOGY: Stage[YamlDocument] = Stage(
    "methodology",
    (
        Check("unit_kk", ("unit-kk-mismatch",), ERROR, _unit_kk),
        Check("example_variants", ("unknown-variant",), ERROR, _example_variants),
    ),
)

# what computing an example can raise (engine.formula): a figure out of bounds or not a number
EVALUATION_CODES = ("formula-overflow", "formula-precision", "formula-not-a-number")


def _worked_examples(methodology: Methodology) -> list[Problem]:
    """Each worked example gives exactly its expected Z and W."""
    problems = []
    for example in methodology.examples:
        variant = methodology.variants[example.variant]
        try:
            got = methodology.assess(variant, example.weight, example.target, example.a, example.b)
        except FormulaError as exc:
            problems.append(Problem(example.where, exc.code, args={"formula": "", **exc.args_}))
            continue
        checks = (
            ("Z", example.share, got.share, example.share_where),
            ("W", example.assigned, got.assigned, example.assigned_where),
        )
        for figure, expected, actual, where in checks:
            if figure == "Z" and example.share is None and variant.share is None:
                continue
            if expected != actual:
                args = {"title": example.title, "figure": figure, "expected": expected, "got": actual}
                problems.append(Problem(where, "example-failed", args=args))
    return problems


EXAMPLES: Stage[Methodology] = Stage(
    "examples", (Check("worked_examples", ("example-failed", *EVALUATION_CODES), ERROR, _worked_examples),)
)
