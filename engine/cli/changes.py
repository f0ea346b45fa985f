"""How a change between two rules versions is said: `U 10 → 15` in text, and in JSON.

Shared by `kpi rules diff` and `kpi compare`, so that a change reads the same in both.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.i18n import tr
from engine.output.formats import decimal_text, number
from engine.rulesdiff import Change, RulesDiff, Value


def value_text(value: Value, lang: str) -> str:
    if isinstance(value, Decimal):
        return number(value, lang)
    return "-" if value is None else value


def field_label(name: str, lang: str) -> str:
    """`U`, `N`, «вариант» ...; a body's `directions.<id>` becomes «направление <id>»."""
    if name.startswith("directions."):
        return tr("field-directions", lang, id=name.split(".", 1)[1])
    code = f"field-{name}"
    label = tr(code, lang)
    return name if label == code else label


def change_text(change: Change, lang: str) -> str:
    """`U 10 → 15`; a new wording only says that the name changed (it is long)."""
    if change.field == "name":
        return tr("field-name-changed", lang)
    before, after = value_text(change.before, lang), value_text(change.after, lang)
    return f"{field_label(change.field, lang)} {before} → {after}"


def _value_json(value: Value) -> str | None:
    return value if value is None or isinstance(value, str) else decimal_text(value)


def change_json(change: Change, lang: str) -> dict[str, Any]:
    return {
        "field": change.field,
        "from": _value_json(change.before),
        "to": _value_json(change.after),
        "text": change_text(change, lang),
    }


def rules_diff_json(diff: RulesDiff, lang: str) -> dict[str, Any]:
    return {
        "from": diff.before,
        "to": diff.after,
        "same": diff.empty,
        "bodies": [
            {
                "id": b.id,
                "short": b.body.short,
                "status": b.status,
                "changes": [change_json(c, lang) for c in b.changes],
            }
            for b in diff.bodies
        ],
        "kpis": [
            {
                "id": k.id,
                "body": k.kpi.body,
                "short": k.short,
                "status": k.status,
                "name_from": k.before.name if k.before else None,
                "name_to": k.after.name if k.after else None,
                "changes": [change_json(c, lang) for c in k.changes],
            }
            for k in diff.kpis
        ],
        "methodology": [change_json(c, lang) for c in diff.methodology],
    }
