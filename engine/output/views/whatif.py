"""The view of `kpi whatif`: the comparison view of the quarter as it is against the changed
one, with every change said as it was made (and every weight --renormalise moved)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.analysis.whatif import WhatIf
from engine.evaluate import KpiResult
from engine.formats import decimal_text, number
from engine.i18n import tr
from engine.output.views import Labelled
from engine.output.views.comparison import ComparisonView, comparison_json, comparison_view


@dataclass(frozen=True)
class ChangeLine:
    kpi: str
    field: str
    before: Decimal | None  # as it is: the value entered, or the rules' U or N (None: none)
    after: Decimal | None
    text: str  # «mo-05.b: - → 40 000»: values as entered, figures as the report prints them


@dataclass(frozen=True)
class WhatIfView(Labelled):
    whatif: WhatIf
    comparison: ComparisonView
    changes: tuple[ChangeLine, ...]
    reweighted: tuple[ChangeLine, ...]  # field "U", for --renormalise
    note: str  # nothing was written


def whatif_view(whatif: WhatIf, lang: str) -> WhatIfView:
    comparison = whatif.comparison
    base = whatif.base or comparison.before.result  # the rules and data the changes were made to
    results = {k.kpi.id: k for b in base.bodies for k in b.kpis}
    lines = []
    for change in whatif.changes:
        was, was_text = _as_is(results.get(change.kpi), change.field, lang)
        now = change.value.text if change.field in ("a", "b") else number(change.value.value, lang)
        lines.append(_line(change.kpi, change.field, (was, was_text), (change.value.value, now)))
    moved = tuple(
        _line(r.kpi, "U", (r.before, number(r.before, lang)), (r.after, number(r.after, lang)))
        for r in whatif.reweighted
    )
    title = tr(
        "whatif-title" if comparison.after.rules == comparison.before.rules else "whatif-title-rules",
        lang,
        quarter=comparison.before.quarter,
        rules=comparison.before.rules,
        changed_rules=comparison.after.rules,
    )
    return WhatIfView(
        lang=lang,
        whatif=whatif,
        comparison=dataclasses.replace(comparison_view(comparison, lang), title=title),
        changes=tuple(lines),
        reweighted=moved,
        note=tr("whatif-nothing-written", lang),
    )


def _as_is(result: KpiResult | None, field: str, lang: str) -> tuple[Decimal | None, str]:
    """What the field is now and how it is said: the value as entered (a, b) or the rules'
    figure (U, N); "-" for none (or a KPI only the other rules version has)."""
    if result is None:
        return None, "-"
    if field in ("a", "b"):
        entered = result.a if field == "a" else result.b
        return (entered.value, entered.text) if entered is not None else (None, "-")
    value = result.kpi.weight if field == "U" else result.kpi.target
    return value, number(value, lang)


def _line(kpi: str, field: str, before: tuple[Decimal | None, str], after: tuple[Decimal | None, str]) -> ChangeLine:
    return ChangeLine(kpi, field, before[0], after[0], f"{kpi}.{field}: {before[1]} → {after[1]}")


# --- the JSON form (--json), as the README documents it; decimals are exact strings ---


def whatif_json(view: WhatIfView, body_id: str | None = None) -> dict[str, Any]:
    """`kpi compare --json`'s shape ("from": the quarter as it is), and the changes made."""

    def line(change: Any) -> dict[str, Any]:
        return {
            "kpi": change.kpi,
            "field": change.field,
            "from": decimal_text(change.before),
            "to": decimal_text(change.after),
            "text": change.text,
        }

    found = comparison_json(view.comparison, body_id)
    found["to"]["in_memory"] = True  # the changed side exists only in this calculation
    return {
        **found,
        "changes": [line(c) for c in view.changes],
        "renormalised": [line(c) for c in view.reweighted],
    }
