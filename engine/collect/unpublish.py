"""`kpi quarter unpublish Q --reason "…"`: an official quarter back to a draft, on the record.

Official data never change silently: an import into an official quarter is refused, and so is
publishing it again over changed data. To correct it, staff unpublish it with a reason; the
quarter keeps every such step in `unpublished:` (date and reason), `status:` becomes draft,
and its seal stays in the file until `kpi quarter publish` writes the new one — so the record
shows that the quarter was re-sealed, and why. quarter.yaml is edited as text, its comments
and layout kept.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from engine.errors import ProblemsFound, UsageError
from engine.safetext import first_unsafe
from engine.workspace import Workspace

MAX_REASON = 4000


@dataclass(frozen=True)
class Unpublished:
    quarter: str
    date: str


def unpublish_quarter(workspace: Workspace, quarter: str, reason: str, now: dt.datetime | None = None) -> Unpublished:
    from engine.scoring import quarter_header
    from engine.writing import write_file

    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON or first_unsafe(reason) is not None or "\n" in reason:
        raise UsageError("unpublish-reason", limit=MAX_REASON)
    header = quarter_header(workspace, quarter)
    if header.status != "official":
        raise UsageError("unpublish-not-official", quarter=header.id, status=header.status)
    path = header.folder / "quarter.yaml"
    text, refused = workspace.read_text(path)
    if text is None:
        raise ProblemsFound(refused)
    date = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    write_file(path, unpublished_text(text, date, reason).encode("utf-8"), force=True)
    return Unpublished(header.id, date)


def unpublished_text(text: str, date: str, reason: str) -> str:
    """quarter.yaml's text with `status: draft` and one more `unpublished:` entry."""
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    for index, line in enumerate(lines):
        if re.match(r"status\s*:", line):
            lines[index] = "status: draft"
            break
    entry = [f"  - date: {json.dumps(date)}", f"    reason: {json.dumps(reason, ensure_ascii=False)}"]
    start = next((i for i, line in enumerate(lines) if re.match(r"unpublished\s*:", line)), None)
    if start is None:
        lines += ["# Снятия с публикации (kpi quarter unpublish): когда и почему.", "unpublished:", *entry]
    else:
        end = start + 1
        while end < len(lines) and (lines[end].startswith((" ", "\t", "-")) or not lines[end].strip()):
            end += 1
        lines[end:end] = entry
    return "\n".join(lines) + "\n"
