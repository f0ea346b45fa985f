"""How a change between two rules versions is said: `U 10 → 15` in text, and in JSON.

Shared by `kpi rules diff` and `kpi compare`, so that a change reads the same in both.
"""

from __future__ import annotations

from decimal import Decimal

from engine.formats import number
from engine.i18n import known, tr
from engine.rulesdiff import Change, Value


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


def change_text(change: Change, lang: str) -> str:
    """`U 10 → 15`; a new wording only says that the name changed (it is long)."""
    if change.field == "name":
        return tr("field-name-changed", lang)
    before, after = value_text(change.before, lang), value_text(change.after, lang)
    return f"{field_label(change.field, lang)} {before} → {after}"
