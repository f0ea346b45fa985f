"""Names a reader sees, in the document's language (issue 23): the rules give each name in
Russian and, optionally, in Kazakh (`name_kk`, `short_kk`, `title_kk`, `unit_kk`). A document in
Kazakh is built from the rules and results with every name replaced by its Kazakh form where the
rules give it (engine.model.in_language), the Russian one otherwise; `untranslated` lists the
names left in Russian, for the document's notes. Only names change: ids, numbers, formulas and
the Russian fields' `*_kk` twins stay, so the figures are those of the Russian document."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from engine.evaluate import BodyResult, DirectionResult, KpiResult, QuarterResult
from engine.i18n import tr
from engine.method import Methodology, Variant
from engine.model import KAZAKH, Body, Direction, Kpi, RulesVersion, in_language, needs_kazakh


def _variant(variant: Variant, lang: str) -> Variant:
    return dataclasses.replace(
        variant,
        title=in_language(variant.title, variant.title_kk, lang),
        unit=in_language(variant.unit, variant.unit_kk, lang),
    )


def _kpi(kpi: Kpi, lang: str) -> Kpi:
    return dataclasses.replace(
        kpi, name=in_language(kpi.name, kpi.name_kk, lang), unit=in_language(kpi.unit, kpi.unit_kk, lang)
    )


def _direction(direction: Direction, lang: str) -> Direction:
    return dataclasses.replace(
        direction,
        name=in_language(direction.name, direction.name_kk, lang),
        kpis=tuple(_kpi(k, lang) for k in direction.kpis),
    )


def _body(body: Body, lang: str) -> Body:
    return dataclasses.replace(
        body,
        short=in_language(body.short, body.short_kk, lang),
        name=in_language(body.name, body.name_kk, lang),
        directions=tuple(_direction(d, lang) for d in body.directions),
    )


def _methodology(methodology: Methodology, lang: str) -> Methodology:
    return dataclasses.replace(methodology, variants={k: _variant(v, lang) for k, v in methodology.variants.items()})


def rules_in(rules: RulesVersion, lang: str) -> RulesVersion:
    """`rules` with every name a reader sees in `lang` (only Kazakh differs from the files)."""
    if lang != KAZAKH or rules.shown_in == KAZAKH:
        return rules
    return dataclasses.replace(
        rules,
        methodology=_methodology(rules.methodology, lang),
        bodies=tuple(_body(b, lang) for b in rules.bodies),
        shown_in=KAZAKH,
        untranslated=untranslated(rules),
    )


def result_in(result: QuarterResult, lang: str) -> QuarterResult:
    """A scored quarter with its names in `lang`; the figures are untouched."""
    if lang != KAZAKH or result.rules.shown_in == KAZAKH:
        return result
    rules = rules_in(result.rules, lang)

    def kpi(line: KpiResult) -> KpiResult:
        shown = rules.kpi(line.kpi.id)
        variant = rules.methodology.variants.get(line.variant.id, line.variant)
        return dataclasses.replace(line, kpi=shown or _kpi(line.kpi, lang), variant=variant)

    def direction(part: DirectionResult, body: Body | None) -> DirectionResult:
        shown = next((d for d in body.directions if d.id == part.direction.id), None) if body else None
        return dataclasses.replace(
            part, direction=shown or _direction(part.direction, lang), kpis=tuple(kpi(k) for k in part.kpis)
        )

    def body(part: BodyResult) -> BodyResult:
        shown = rules.body(part.body.id)
        return dataclasses.replace(
            part,
            body=shown or _body(part.body, lang),
            directions=tuple(direction(d, shown) for d in part.directions),
        )

    return dataclasses.replace(result, rules=rules, bodies=tuple(body(b) for b in result.bodies))


if TYPE_CHECKING:
    from engine.compare import Comparison


def comparison_in(comparison: Comparison, lang: str) -> Comparison:
    """A comparison with each body's short name and name in `lang`; the figures are untouched."""
    if lang != KAZAKH:
        return comparison
    after = rules_in(comparison.after.result.rules, lang)
    before = rules_in(comparison.before.result.rules, lang)

    def shift(part: Any) -> Any:
        shown = after.body(part.id) or before.body(part.id)
        return dataclasses.replace(part, short=shown.short, name=shown.name) if shown is not None else part

    return dataclasses.replace(
        comparison,
        before=dataclasses.replace(comparison.before, result=result_in(comparison.before.result, lang)),
        after=dataclasses.replace(comparison.after, result=result_in(comparison.after.result, lang)),
        via=result_in(comparison.via, lang) if comparison.via is not None else None,
        bodies=tuple(shift(b) for b in comparison.bodies),
    )


def untranslated(rules: RulesVersion) -> tuple[tuple[str, str, str], ...]:
    """The names the rules give in Russian only: (the body's short name as a Kazakh document
    shows it, kind, the Russian name — for a KPI its №, with its direction where the body has
    several), in the order of the rules. Kinds: body, short, direction, kpi, unit."""
    if rules.shown_in == KAZAKH:
        return rules.untranslated
    found: list[tuple[str, str, str]] = []
    for body in rules.bodies:
        short = body.short_kk or body.short
        if not body.name_kk:
            found.append((short, "body", body.name))
        if not body.short_kk:
            found.append((short, "short", body.short))
        several = len(body.directions) > 1
        for direction in body.directions:
            if not direction.name_kk:
                found.append((short, "direction", direction.name))
            where = f" ({direction.name_kk or direction.name})" if several else ""
            found += [(short, "kpi", f"№{k.no}{where}") for k in direction.kpis if not k.name_kk]
        units = dict.fromkeys(k.unit for k in body.kpis if not k.unit_kk and needs_kazakh(k.unit))
        found += [(short, "unit", unit) for unit in units]
    return tuple(found)


def untranslated_text(names: tuple[tuple[str, str, str], ...], lang: str) -> tuple[str, ...]:
    """The names left in Russian, one line per body: «ІІМ: KPI №1, №2; бірлік «ед.»»."""
    by_body: dict[str, list[str]] = {}
    for short, what, name in names:
        by_body.setdefault(short, []).append(name if what == "kpi" else tr(f"untranslated-{what}", lang, name=name))
    lines = []
    for short, items in by_body.items():
        # the KPIs' numbers, by direction where the body has several: «№1, №2 (Құрылыс)»
        groups: dict[str, list[str]] = {}
        for item in (i for i in items if i.startswith("№")):
            number, _, direction = item.partition(" ")
            groups.setdefault(direction, []).append(number)
        kpis = "; ".join(" ".join(filter(None, (", ".join(n), d))) for d, n in groups.items())
        others = [i for i in items if not i.startswith("№")]
        parts = others + ([tr("untranslated-kpis", lang, numbers=kpis)] if kpis else [])
        lines.append(f"{short}: " + "; ".join(parts))
    return tuple(lines)
