"""`kpi history --json`: the history as the README documents it. Decimals are exact strings."""

from __future__ import annotations

from typing import Any

from engine.formats import decimal_text
from engine.output.views.history import HistoryView


def history_json(view: HistoryView, body_id: str | None = None) -> dict[str, Any]:
    history = view.history
    bodies = [b for b in history.bodies if body_id is None or b.id == body_id]
    return {
        "quarters": [
            {
                "quarter": e.quarter,
                "rules": e.rules,
                "status": e.status,
                "bodies": e.count,
                "rules_changed": e.rules_changed,
            }
            for e in history.editions
        ],
        "bodies": [
            {
                "id": b.id,
                "short": b.short,
                "name": b.name,
                "history": [
                    {"quarter": e.quarter, "present": False}
                    if s is None
                    else {
                        "quarter": e.quarter,
                        "present": True,
                        "rank": s.rank,
                        "R": decimal_text(s.score),
                        "move": s.move,
                        "delta": decimal_text(s.delta),
                    }
                    for e, s in zip(history.editions, b.standings, strict=True)
                ],
            }
            for b in bodies
        ],
        "skipped": list(history.skipped),
        "notes": list(view.notes),
    }
