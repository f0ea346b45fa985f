"""The view of `kpi compare`: who moved, by how much and why, in words; for the terminal, the
JSON and the report's comparison section alike."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.compare import BodyShift, Comparison, KpiShift, Side
from engine.formats import decimal_text, number, signed
from engine.i18n import tr
from engine.output.views import Labelled
from engine.output.views.causes import cause_text
from engine.output.views.quarter import not_collected, not_collected_title

# the text of each kind of move, for writers that show no colour
MOVE_NEW, MOVE_GONE, MOVE_UP, MOVE_DOWN, MOVE_SAME = "new", "gone", "up", "down", "same"


@dataclass(frozen=True)
class Move:
    kind: str  # MOVE_*
    text: str  # «▲ 2», «▼ 1», «=», «новый», «выбыл»


@dataclass(frozen=True)
class ComparisonView(Labelled):
    comparison: Comparison
    title: str
    banners: tuple[tuple[str, str], ...]  # (status, text) of each side that is not official
    # per side whose data lack KPIs of its rules: the title and a line per body (W = 0)
    not_collected: tuple[tuple[str, tuple[str, ...]], ...] = ()


def comparison_view(comparison: Comparison, lang: str) -> ComparisonView:
    from engine.names import comparison_in

    comparison = comparison_in(comparison, lang)  # the bodies as the document's language names them
    banners = tuple(
        (status, tr(f"status-{status}", lang))
        for status in dict.fromkeys((comparison.before.status, comparison.after.status))
        if status != "official"
    )
    title = tr(
        "compare-title", lang, before=side_title(comparison.before, lang), after=side_title(comparison.after, lang)
    )
    missing = tuple(
        (not_collected_title(side.result, lang), lines)
        for side in (comparison.before, comparison.after)
        if (lines := not_collected(side.result, lang))
    )
    return ComparisonView(lang=lang, comparison=comparison, title=title, banners=banners, not_collected=missing)


def side_title(side: Side, lang: str) -> str:
    # a side changed in memory (kpi whatif) carries its star: on the rules when they changed
    quarter = side.quarter + ("*" if side.changed and not side.rules.endswith("*") else "")
    if side.status == "official":
        return tr("compare-side", lang, quarter=quarter, rules=side.rules)
    status = tr(f"status-word-{side.status}", lang)
    return tr("compare-side-status", lang, quarter=quarter, rules=side.rules, status=status)


def move(body: BodyShift, lang: str) -> Move:
    if body.status != "kept":
        return Move(body.status, tr(f"move-{body.status}", lang))
    places = body.move or 0
    if places > 0:
        return Move(MOVE_UP, f"▲ {places}")
    if places < 0:
        return Move(MOVE_DOWN, f"▼ {-places}")
    return Move(MOVE_SAME, "=")


def scores(body: BodyShift, lang: str) -> str:
    return f"{number(body.score_from, lang)} → {number(body.score_to, lang)}"


def drivers(comparison: Comparison, body: BodyShift, lang: str) -> str:
    """The KPIs that moved R most, one a line: a narrow column wraps inside a driver, never
    across two."""
    items = []
    for kpi in body.drivers:
        cause = cause_text(kpi, comparison, lang)
        items.append(f"{kpi.id} {signed(kpi.delta, lang)}" + (f" ({cause})" if cause else ""))
    return "\n".join(items)


def split_note(body: BodyShift, comparison: Comparison, lang: str) -> str | None:
    """Why this body's ΔR has no data/rules split, in words (None when it has one)."""
    if body.blocker is None:
        return None
    return tr(
        body.blocker.code,
        lang,
        short=body.short,
        quarter=comparison.after.quarter,
        rules=comparison.before.rules,
        kpis=", ".join(body.blocker.args.get("kpis", ())),
    )


def summary(comparison: Comparison, lang: str) -> str:
    """Biggest rise, biggest fall, and the ties on each side; what did not happen is not said
    («никто», «нет»), and a ranking where no place moved says so once."""

    def moved(bodies: tuple[BodyShift, ...]) -> str:
        return ", ".join(f"{b.short} {move(b, lang).text} ({signed(b.delta or Decimal(0), lang)})" for b in bodies)

    parts = []
    if comparison.biggest_rise:
        parts.append(tr("compare-rise", lang, bodies=moved(comparison.biggest_rise)))
    if comparison.biggest_fall:
        parts.append(tr("compare-fall", lang, bodies=moved(comparison.biggest_fall)))
    if not parts:
        parts.append(tr("compare-no-moves", lang))
    ties = []
    for side, label in (("from", comparison.before.label), ("to", comparison.after.label)):
        groups = comparison.ties(side)
        if groups:
            text = "; ".join(f"{' = '.join(b.body.short for b in g)} ({number(g[0].score, lang)})" for g in groups)
            ties.append(f"{label} — {text}")
    if ties:
        parts.append(tr("compare-ties", lang, ties="; ".join(ties)))
    return " ".join(parts)


def split_legend(comparison: Comparison, notes: list[str], lang: str) -> list[str]:
    """The lines under a table with the data/rules split: what the split means, why it is
    missing where it is, and what changed in the rules."""
    before, after = comparison.before, comparison.after
    # one quarter under two rules versions: the data part is nothing, and «2024Q1@2023 против
    # 2024Q1@2023» would name one side twice
    same = before.quarter == after.quarter and not after.changed
    lines = [
        tr(
            "compare-split-legend-one-quarter" if same else "compare-split-legend",
            lang,
            quarter=after.quarter,
            via=comparison.via_label,
            before=before.label,
            after=after.label,
            rules_before=before.rules,
            rules_after=after.rules,
        )
    ]
    if comparison.via_problems:
        lines.append(tr("split-unreadable", lang, quarter=after.quarter, rules=before.rules))
        lines += [problem.render(lang) for problem in comparison.via_problems]
    lines += [f"[{number}] {note}" for number, note in enumerate(notes, start=1)]
    diff = comparison.rules
    if diff is not None:
        lines.append(
            tr(
                # rules changed in memory (kpi whatif) are no version kpi rules diff can name
                "compare-rules-summary-memory" if after.changed else "compare-rules-summary",
                lang,
                before=diff.before,
                after=diff.after,
                added=diff.count("added"),
                removed=diff.count("removed"),
                changed=diff.count("changed"),
                methodology=len(diff.methodology),
            )
        )
    return lines


def body_title(comparison: Comparison, body: BodyShift, lang: str) -> str:
    return tr(
        "compare-body-title",
        lang,
        short=body.short,
        name=body.name,
        before=side_title(comparison.before, lang),
        after=side_title(comparison.after, lang),
    )


def body_one_side(comparison: Comparison, body: BodyShift, lang: str) -> str:
    """A body on one side only: nothing to compare, its R and place where it is."""
    side = comparison.after if body.status == "new" else comparison.before
    result = body.after if body.status == "new" else body.before
    assert result is not None
    return tr(
        "compare-body-one-side",
        lang,
        short=body.short,
        side=side.label,
        score=number(result.score, lang),
        rank=result.rank,
    )


def body_lines(comparison: Comparison, body: BodyShift, lang: str) -> tuple[str, list[str]]:
    """The bold line with R before and after, and the lines under it (the split, or why not)."""
    assert body.delta is not None
    headline = tr(
        "compare-body-line",
        lang,
        short=body.short,
        before=number(body.score_from, lang),
        after=number(body.score_to, lang),
        delta=signed(body.delta, lang),
        rank_before=body.rank_from,
        rank_after=body.rank_to,
    )
    lines = []
    split = comparison.rules_changed and body.blocker is None
    if split and body.data_part is not None and body.rules_part is not None:
        lines.append(
            tr(
                "compare-body-split",
                lang,
                delta=signed(body.delta, lang),
                data=signed(body.data_part, lang),
                rules=signed(body.rules_part, lang),
            )
        )
    note = split_note(body, comparison, lang)
    if note is not None:
        lines.append(note)
        if comparison.via_problems:
            lines += [problem.render(lang) for problem in comparison.via_problems]
    return headline, lines


# --- the JSON form (--json), as the README documents it; decimals are exact strings ---


def side_json(side: Side) -> dict[str, Any]:
    return {
        "spec": str(side.spec),
        "quarter": side.quarter,
        "rules": side.rules,
        "status": side.status,
        "note": side.result.quarter.note or None,
    }


def kpi_shift_json(shift: KpiShift, comparison: Comparison, lang: str) -> dict[str, Any]:
    return {
        "kpi": shift.id,
        "name": shift.name,
        "status": shift.status,
        "W_from": decimal_text(shift.before.assigned) if shift.before else None,
        "W_to": decimal_text(shift.after.assigned) if shift.after else None,
        "dW": decimal_text(shift.delta),
        "dW_data": decimal_text(shift.data_part),
        "dW_rules": decimal_text(shift.rules_part),
        "changed": [*shift.data_changes, *(c.field for c in shift.rules_changes)],
        "cause": cause_text(shift, comparison, lang) or None,
    }


def driver_json(shift: KpiShift, comparison: Comparison, lang: str) -> dict[str, Any]:
    return {
        "kpi": shift.id,
        "dW": decimal_text(shift.delta),
        "dW_data": decimal_text(shift.data_part),
        "dW_rules": decimal_text(shift.rules_part),
        "cause": cause_text(shift, comparison, lang),
    }


def body_shift_json(body: BodyShift, comparison: Comparison, lang: str) -> dict[str, Any]:
    return {
        "id": body.id,
        "short": body.short,
        "name": body.name,
        "status": body.status,
        "rank_from": body.rank_from,
        "rank_to": body.rank_to,
        "move": body.move,
        "R_from": decimal_text(body.score_from),
        "R_to": decimal_text(body.score_to),
        "dR": decimal_text(body.delta),
        "dR_data": decimal_text(body.data_part),
        "dR_rules": decimal_text(body.rules_part),
        "split_note": split_note(body, comparison, lang),
        "drivers": [driver_json(k, comparison, lang) for k in body.drivers],
        "kpis": [kpi_shift_json(k, comparison, lang) for k in body.kpis],
    }


def comparison_json(view: ComparisonView, body_id: str | None = None) -> dict[str, Any]:
    comparison, lang = view.comparison, view.lang
    bodies = [b for b in comparison.bodies if body_id is None or b.id == body_id]
    return {
        "from": side_json(comparison.before),
        "to": side_json(comparison.after),
        "rules_changed": comparison.rules_changed,
        "via": comparison.via_label if comparison.rules_changed else None,
        "via_problems": [p.render(lang) for p in comparison.via_problems],
        "bodies": [body_shift_json(b, comparison, lang) for b in bodies],
        "summary": {
            "rise": [b.id for b in comparison.biggest_rise],
            "fall": [b.id for b in comparison.biggest_fall],
            "ties_from": [[b.body.id for b in group] for group in comparison.ties("from")],
            "ties_to": [[b.body.id for b in group] for group in comparison.ties("to")],
        },
    }
