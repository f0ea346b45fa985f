"""How a change between two rules versions is said: `U 10 → 15` in text, and in JSON.

Shared by `kpi rules diff` and `kpi compare`, so that a change reads the same in both.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.formats import decimal_text, number
from engine.i18n import known, tr
from engine.rulesdiff import RulesChange, Value


def value_text(value: Value, lang: str) -> str:
    if isinstance(value, Decimal):
        return number(value, lang)
    return "-" if value is None else value


def field_label(name: str, lang: str) -> str:
    """`U`, `N`, «вариант» ...; a body's `directions.<id>` becomes «направление <id>»."""
    if name.startswith("directions."):
        return tr("field-directions", lang, id=name.split(".", 1)[1])
    code = f"field-{name}"
    return tr(code, lang) if known(code) else name


def change_text(change: RulesChange, lang: str) -> str:
    """`U 10 → 15`; a new wording only says that the name changed (it is long)."""
    if change.field == "name":
        return tr("field-name-changed", lang)
    before, after = value_text(change.before, lang), value_text(change.after, lang)
    return f"{field_label(change.field, lang)} {before} → {after}"


# --- the JSON form (--json), as the README documents it; decimals are exact strings ---


def _value_json(value: Value) -> str | None:
    return value if value is None or isinstance(value, str) else decimal_text(value)


def change_json(change: RulesChange, lang: str) -> dict[str, Any]:
    return {
        "field": change.field,
        "from": _value_json(change.before),
        "to": _value_json(change.after),
        "text": change_text(change, lang),
    }
