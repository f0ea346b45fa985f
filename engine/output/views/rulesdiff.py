"""The view of `kpi rules diff`: one row per change (body, KPI, what, before, after) in words,
the methodology's changes, and the summary line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.formats import number
from engine.i18n import tr
from engine.output.views import Labelled
from engine.output.views.changes import change_json, field_label, value_text
from engine.rulesdiff import KpiDiff, RulesChange, RulesDiff

Row = tuple[str, str, str, str, str]  # body, KPI, change, before, after


@dataclass(frozen=True)
class RulesDiffView(Labelled):
    diff: RulesDiff
    title: str
    changes: tuple[Row, ...]  # bodies and KPIs
    methodology_title: str
    methodology: tuple[tuple[str, str, str], ...]  # setting, before, after
    summary: str
    renames: tuple[str, ...] = ()  # «МВД: mvd-05 → mvd-05a»: probable renames, said under the table


def rules_diff_view(diff: RulesDiff, lang: str) -> RulesDiffView:
    rows: list[Row] = []
    for body in diff.bodies:
        if body.status == "changed":
            rows += [(body.body.short, "", *_change_cells(c, lang)) for c in body.changes]
        else:
            rows.append(
                (
                    body.body.short,
                    "",
                    *_one_side(f"change-body-{body.status}", f"{body.body.short} — {body.body.name}", lang),
                )
            )
    for kpi in diff.kpis:
        if kpi.status == "changed":
            rows += [(kpi.short, kpi.id, *_change_cells(c, lang)) for c in kpi.changes]
        else:
            rows.append((kpi.short, kpi.id, *_one_side(f"change-{kpi.status}", _kpi_summary(kpi, lang), lang)))
    summary = tr(
        "rules-diff-summary",
        lang,
        added=diff.count("added"),
        removed=diff.count("removed"),
        changed=diff.count("changed"),
        bodies_added=sum(1 for b in diff.bodies if b.status == "added"),
        bodies_removed=sum(1 for b in diff.bodies if b.status == "removed"),
        methodology=len(diff.methodology),
    )
    return RulesDiffView(
        diff=diff,
        lang=lang,
        title=tr("rules-diff-title", lang, before=diff.before, after=diff.after),
        changes=tuple(rows),
        methodology_title=tr("rules-diff-methodology", lang, before=diff.before, after=diff.after),
        methodology=tuple((c.field, *_change_cells(c, lang)[1:]) for c in diff.methodology),
        summary=summary,
        renames=tuple(
            tr("rules-diff-rename", lang, short=old.short, before=old.id, after=new.id) for old, new in diff.renames
        ),
    )


def _change_cells(change: RulesChange, lang: str) -> tuple[str, str, str]:
    return field_label(change.field, lang), value_text(change.before, lang), value_text(change.after, lang)


def _one_side(code: str, shown: str, lang: str) -> tuple[str, str, str]:
    """An added thing shows under "after", a removed one under "before"."""
    return (tr(code, lang), "", shown) if code.endswith("added") else (tr(code, lang), shown, "")


def _kpi_summary(kpi: KpiDiff, lang: str) -> str:
    """«name» · U 15 · N 80 · % · share_higher: a KPI that exists on one side only."""
    k = kpi.kpi
    figures = f"U {number(k.weight, lang)} · N {number(k.target, lang)} · {k.unit} · {k.variant}"
    return f"«{k.name}» · {figures}"


# --- the JSON form (--json), as the README documents it; decimals are exact strings ---


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
        "probable_renames": [{"body": old.kpi.body, "from": old.id, "to": new.id} for old, new in diff.renames],
    }
