"""The collection campaign's progress in its JSON form (`kpi quarter status --json`); the
terminal draws the same CollectionProgress (engine.output.terminal.progress)."""

from __future__ import annotations

from typing import Any

from engine.collect.progress import CollectionProgress


def progress_json(found: CollectionProgress) -> dict[str, Any]:
    """`kpi quarter status --json`: the collection campaign, body by body."""
    return {
        "quarter": found.header.id,
        "rules": found.rules.id,
        "status": found.header.status,
        "complete": found.complete,
        "bodies": [
            {
                "id": b.body.id,
                "short": b.body.short,
                "file": b.file,
                "kpis": b.total,
                "filled": b.filled,
                "missing": b.missing,
                "problems": b.problems,
                "warnings": b.warnings,
            }
            for b in found.bodies
        ],
    }
