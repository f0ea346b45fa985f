"""A body's data file (quarters/<quarter>/<body>.yaml) written from values: the schema line at
the top, the body, then every KPI of the rules in their order, each value's exact text.

Written as text, not dumped by a YAML library, so that the file reads like the hand-written
ones: a comment naming each KPI, values in double quotes (as staff write "1 318 826"),
empty where nothing was given yet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from engine.model import Body, RulesVersion

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/quarter-body.schema.json"
EMPTY = ' ""'
Values = Mapping[str, tuple[str | None, str | None]]  # KPI id → (a, b) as entered; None: not given


def body_file(
    rules: RulesVersion, body: Body, quarter: str, values: Values, contact: tuple[str, str] | None = None
) -> str:
    """The text of a body's data file for `quarter` under `rules`; `contact`: who filled the
    body's form, and a phone (from the form)."""
    lines = [
        SCHEMA_LINE,
        f"# {body.short} — {body.name}: числитель a и знаменатель b за {quarter} (правила {rules.id}).",
        '# Числа — как в отчёте: "1 318 826", "3 714 388,81", "4,05 млрд"; нет данных — "-";',
        "# пусто — ещё не заполнено.",
        f"body: {body.id}",
    ]
    if contact is not None and any(contact):
        lines += ["contact:  # ответственный за данные органа (из формы)"]
        lines += [f"  person:{_value(contact[0]) or EMPTY}", f"  phone:{_value(contact[1]) or EMPTY}"]
    lines.append("kpis:")
    for kpi in body.kpis:
        variant = rules.methodology.variants[kpi.variant]
        a, b = values.get(kpi.id, (None, None))
        name = kpi.name if len(kpi.name) <= 70 else kpi.name[:69] + "…"
        lines.append(f"  {kpi.id}:  # №{kpi.no} {name}")
        lines.append(f"    a:{_value(a)}")
        if "b" in variant.inputs or b is not None:
            lines.append(f"    b:{_value(b)}")
    return "\n".join(lines) + "\n"


def _value(text: str | None) -> str:
    """` "156 710"` — a value in double quotes, exactly as entered; nothing for no value."""
    if text is None or text == "":
        return ""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f' "{escaped}"'


_CONTACT = re.compile(r'^  (person|phone): "((?:[^"\\\\]|\\\\.)*)"', re.M)


def contact_of(text: str) -> tuple[str, str] | None:
    """The contact a body file written by body_file keeps, or None."""
    if "\ncontact:" not in text:
        return None
    found = {key: value.replace('\\"', '"').replace("\\\\", "\\") for key, value in _CONTACT.findall(text)}
    return (found.get("person", ""), found.get("phone", "")) if found else None
