"""methodology.yaml: formula variants, policies, rounding, aggregation, invariants, examples."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.checks import run_checks
from engine.checks.methodology import METHODOLOGY
from engine.documents import read_document
from engine.formula import Formula, compile_formula
from engine.formulalimits import FormulaError
from engine.method import (
    ASSIGNED_NAMES,
    BODY_INVARIANT_NAMES,
    INVARIANT_NAMES,
    SHARE_NAMES,
    Example,
    Methodology,
    Variant,
)
from engine.numbers import NumberFormatError, Quantity, parse_quantity
from engine.problems import Problem
from engine.rounding import Rounding
from engine.workspace import Workspace
from engine.yamlfile import PathKey, YamlDocument


def formula_at(
    doc: YamlDocument, path: PathKey, names: frozenset[str], problems: list[Problem], kpi: str = ""
) -> Formula | None:
    """Compile the formula written at `path`; a refused formula becomes a problem that
    points at the offending character."""
    source = doc.data
    for key in path:
        source = source[key]
    try:
        return compile_formula(str(source), names)
    except FormulaError as exc:
        where = doc.inner_where(path, exc.offset)
        shown = " ".join(str(source).split())  # one line, as checked: a problem is one line
        problems.append(Problem(where, exc.code, kpi, {"formula": shown, **exc.args_}))
        return None


def quantity_at(doc: YamlDocument, path: PathKey, problems: list[Problem], kpi: str = "") -> Quantity | None:
    """Parse the value at `path` as a number in the report's formats, or record why not."""
    raw: Any = doc.data
    for key in path:
        raw = raw[key]
    try:
        quantity = parse_quantity(raw)
    except NumberFormatError as exc:
        args = {"text": exc.text, "field": path[-1], **exc.details}
        problems.append(Problem(doc.where(path), exc.code, kpi, args))
        return None
    text = doc.text(path)
    return Quantity(text.strip(), quantity.value, quantity.currency) if text else quantity


def load_methodology(workspace: Workspace, path: Path) -> tuple[Methodology | None, list[Problem]]:
    """Read and check methodology.yaml; its own checks are the stage METHODOLOGY
    (engine.checks.methodology); its worked examples, EXAMPLES, are computed by engine.rules.

    With problems in its formulas the methodology is still returned (without the refused
    variants) so that the body files can be checked against it; it must not be used to score."""
    doc, problems = read_document(workspace, path, "methodology")
    if doc is None:
        return None, problems
    data = doc.data
    variants: dict[str, Variant] = {}
    for variant_id, spec in data["variants"].items():
        base = ("variants", variant_id)
        share = formula_at(doc, (*base, "share"), SHARE_NAMES, problems) if "share" in spec else None
        names = ASSIGNED_NAMES if "share" in spec else ASSIGNED_NAMES - {"Z"}
        assigned = formula_at(doc, (*base, "assigned"), names, problems)
        if assigned is not None and ("share" not in spec or share is not None):
            variants[variant_id] = Variant(
                variant_id,
                spec["title"],
                spec["unit"],
                assigned,
                share,
                doc.key_where(base),
                title_kk=spec.get("title_kk"),
                unit_kk=spec.get("unit_kk"),
            )
    invariants = []
    for index, _ in enumerate(data["invariants"]["kpi"]):
        formula = formula_at(doc, ("invariants", "kpi", index), INVARIANT_NAMES, problems)
        if formula is not None:
            invariants.append(formula)
    body_invariants = []
    for index, _ in enumerate(data["invariants"].get("body", [])):
        formula = formula_at(doc, ("invariants", "body", index), BODY_INVARIANT_NAMES, problems)
        if formula is not None:
            body_invariants.append(formula)
    problems += run_checks(METHODOLOGY, doc)
    examples = _examples(doc, variants, problems)
    methodology = Methodology(
        title=data["title"],
        year=data["year"],
        variants=variants,
        rounding=Rounding(data["rounding"]["mode"], data["rounding"]["places"]),
        direction_total=data["aggregation"]["direction"],
        body_total=data["aggregation"]["body"],
        no_target_assigned=Decimal(data["no_target"]["assigned"]),
        no_data_assigned=Decimal(data["no_data"]["assigned"]),
        invariants=tuple(invariants),
        weights_total=Decimal(data["invariants"]["direction_weights_total"]),
        examples=tuple(examples),
        file=doc.file,
        refused_variants=frozenset(data["variants"]) - frozenset(variants),
        status=data.get("status", "official"),
        order=tuple(data.get("order", ())),
        order_where=(
            (*(doc.where(("order", i)) for i in range(len(data["order"]))), doc.key_where(("order",)))
            if "order" in data
            else ()
        ),
        body_invariants=tuple(body_invariants),
    )
    return methodology, problems


def _target(value: Any) -> Decimal | None:
    return None if value == "-" else Decimal(value)


def _examples(doc: YamlDocument, variants: Mapping[str, Variant], problems: list[Problem]) -> list[Example]:
    examples = []
    for index, spec in enumerate(doc.data["examples"]):
        base: PathKey = ("examples", index)
        if spec["variant"] not in variants:
            continue  # not declared (engine.checks.methodology), or its formula was refused
        a = quantity_at(doc, (*base, "a"), problems)
        b = quantity_at(doc, (*base, "b"), problems) if "b" in spec else None
        if a is None or ("b" in spec and b is None):
            continue
        share = spec.get("share")
        examples.append(
            Example(
                title=spec["title"],
                variant=spec["variant"],
                weight=Decimal(spec["weight"]),
                target=_target(spec["target"]),
                a=a,
                b=b,
                share=None if share in (None, "-") else Decimal(share),
                assigned=Decimal(spec["assigned"]),
                where=doc.where(base),
                share_where=doc.where((*base, "share")),
                assigned_where=doc.where((*base, "assigned")),
            )
        )
    return examples
