"""Why a KPI's W moved between the two sides of `kpi compare`, in words.

Used by the table and by the JSON (`"cause"`), so that both say the same thing.
"""

from __future__ import annotations

from engine.compare import Comparison, KpiShift
from engine.evaluate import KpiResult
from engine.formats import number
from engine.i18n import tr
from engine.output.views.changes import change_text


def state_text(result: KpiResult, lang: str) -> str:
    """What decided W, in a few characters: `Z 43,1`, `a 225` (a count), or the policy."""
    reason = result.assessment.reason
    if reason:
        return tr(f"state-{reason}", lang)
    if result.share is not None:
        return f"Z {number(result.share, lang)}"
    if result.a is not None and result.a.value is not None:
        return f"a {result.a.text}"
    return tr("state-formula", lang)


def cause_text(shift: KpiShift, comparison: Comparison, lang: str) -> str:
    """Why a KPI's W moved: KPI added or removed, rules fields that changed, and how the
    data changed (`Z 25,7 → 38,3`, `Z 21,7 → b = 0`)."""
    rules = comparison.after.rules
    if shift.status == "added":
        return tr("cause-kpi-added", lang, rules=rules)
    if shift.status == "removed":
        return tr("cause-kpi-removed", lang, rules=rules)
    assert shift.before is not None and shift.after is not None
    parts = [change_text(c, lang) for c in shift.scoring_changes]
    if not parts and shift.rules_part:
        # nothing in the KPI's own definition changed, yet the rules moved its W
        parts.append(tr("cause-methodology", lang))
    was, now = state_text(shift.before, lang), state_text(shift.after, lang)
    if was != now:
        # "Z 25,7 → 38,3" rather than "Z 25,7 → Z 38,3"
        same = was[:2] == now[:2] and was[:2] in ("Z ", "a ")
        parts.append(f"{was} → {now[2:] if same else now}")
    return "; ".join(parts)


def changed_text(shift: KpiShift, lang: str, separator: str = "; ") -> str:
    """Everything that differs for one KPI, for `kpi compare --body`: a, b, Z as entered,
    rules fields, and what decided W when that changed."""
    if shift.before is None or shift.after is None:
        return ""
    was, now = shift.before, shift.after
    parts = []
    for name in shift.data_changes:
        if name == "a":
            parts.append(f"a {was.a.text if was.a else '-'} → {now.a.text if now.a else '-'}")
        elif name == "b":
            parts.append(f"b {was.b.text if was.b else '-'} → {now.b.text if now.b else '-'}")
        elif name == "Z":
            parts.append(f"Z {number(was.share, lang)} → {number(now.share, lang)}")
        else:
            parts.append(f"W: {_decided(was, lang)} → {_decided(now, lang)}")
    parts += [change_text(c, lang) for c in shift.rules_changes]
    return separator.join(parts)


def _decided(result: KpiResult, lang: str) -> str:
    reason = result.assessment.reason
    return tr(f"state-{reason}" if reason else "state-formula", lang)
