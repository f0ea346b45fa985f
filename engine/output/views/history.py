"""The view of the rating's history (engine.analysis.history): per quarter its heading and
marks (an example, rules that changed), per body its place and R in each quarter, the change
since the previous one and a compact trend; read by the terminal, JSON, the chart, the
report's «Динамика», the cards and the web site."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.analysis.history import BodyHistory, Edition, History, Standing
from engine.formats import decimal_text, number, signed
from engine.i18n import tr
from engine.output.views import Labelled

EXAMPLE_MARK = "*"
RULES_MARK = "†"
_SPARKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class QuarterColumn:
    quarter: str
    rules: str
    status: str
    rules_changed: bool
    previous_rules: str | None
    heading: str  # «2024Q2*», «2025Q1†»
    label: str  # «2024Q2 (правила 2023, пример)»


@dataclass(frozen=True)
class HistoryLine:
    body: BodyHistory
    cells: tuple[str, ...]  # «1 · 96,4», «—» where the body was not in the quarter
    change: str  # since the previous quarter: «▲ 3 (+4,2)», «= (−0,1)», «новый», «выбыл»
    trend: str  # R as a sparkline, a blank where the body was absent


@dataclass(frozen=True)
class HistoryView(Labelled):
    history: History
    title: str
    columns: tuple[QuarterColumn, ...]
    lines: tuple[HistoryLine, ...]
    notes: tuple[str, ...]  # what the marks mean

    def line(self, body_id: str) -> HistoryLine | None:
        return next((line for line in self.lines if line.body.id == body_id), None)


def history_view(history: History, lang: str) -> HistoryView:
    from engine.analysis.history import line_up
    from engine.model import KAZAKH
    from engine.names import result_in

    if lang == KAZAKH:  # the bodies' names in Kazakh where the rules give them (engine.names)
        shown = line_up([result_in(e.result, lang) for e in history.editions])
        history = dataclasses.replace(shown, skipped=history.skipped)
    editions = history.editions
    columns = tuple(_column(e, editions[i - 1] if i else None, lang) for i, e in enumerate(editions))
    first, last = editions[0].quarter, editions[-1].quarter
    title = (
        tr("history-title", lang, first=first, last=last)
        if first != last
        else tr("history-title-one", lang, quarter=first)
    )
    notes = []
    if any(c.status == "example" for c in columns):
        quarters = ", ".join(c.quarter for c in columns if c.status == "example")
        notes.append(tr("history-note-example", lang, mark=EXAMPLE_MARK, quarters=quarters))
    if any(c.status == "draft" for c in columns):
        quarters = ", ".join(c.quarter for c in columns if c.status == "draft")
        notes.append(tr("history-note-draft", lang, mark=EXAMPLE_MARK, quarters=quarters))
    for column in columns:
        if column.rules_changed:
            notes.append(
                tr(
                    "history-note-rules",
                    lang,
                    mark=RULES_MARK,
                    quarter=column.quarter,
                    rules=column.rules,
                    before=column.previous_rules,
                )
            )
    for quarter in history.skipped:
        notes.append(tr("history-note-skipped", lang, quarter=quarter))
    scores = [s.score for b in history.bodies for s in b.standings if s is not None]
    low, high = min(scores, default=Decimal(0)), max(scores, default=Decimal(100))
    lines = tuple(_line(body, low, high, lang) for body in history.bodies)
    return HistoryView(lang=lang, history=history, title=title, columns=columns, lines=lines, notes=tuple(notes))


def _column(edition: Edition, previous: Edition | None, lang: str) -> QuarterColumn:
    marks = (EXAMPLE_MARK if edition.status != "official" else "") + (RULES_MARK if edition.rules_changed else "")
    if edition.status == "official":
        label = tr("compare-side", lang, quarter=edition.quarter, rules=edition.rules)
    else:
        status = tr(f"status-word-{edition.status}", lang)
        label = tr("compare-side-status", lang, quarter=edition.quarter, rules=edition.rules, status=status)
    return QuarterColumn(
        edition.quarter,
        edition.rules,
        edition.status,
        edition.rules_changed,
        previous.rules if previous is not None else None,
        edition.quarter + marks,
        label,
    )


def standing_text(standing: Standing | None, lang: str) -> str:
    """«1 · 96,4»; «—» for a quarter without the body."""
    return "—" if standing is None else f"{standing.rank} · {number(standing.score, lang)}"


def move_text(move: int) -> str:
    """▲ 3, ▼ 1, = (places gained or lost)."""
    return f"▲ {move}" if move > 0 else f"▼ {-move}" if move < 0 else "="


def change_text(body: BodyHistory, lang: str) -> str:
    """The change in the last quarter of the history since the one before it."""
    standings = body.standings
    if len(standings) < 2:
        return ""
    last, before = standings[-1], standings[-2]
    if last is None:
        return tr("move-gone", lang) if before is not None else ""
    if before is None:
        return tr("move-new", lang)
    return f"{move_text(last.move or 0)} ({signed(last.delta or Decimal(0), lang)})"


def sparkline(standings: tuple[Standing | None, ...], low: Decimal, high: Decimal) -> str:
    """R over the quarters in eight heights, from the lowest R of the history to the highest
    (a blank where the body was absent)."""
    span = high - low
    marks = []
    for standing in standings:
        if standing is None:
            marks.append(" ")
        else:
            level = int((standing.score - low) / span * 7) if span > 0 else 7
            marks.append(_SPARKS[level])
    return "".join(marks)


def _line(body: BodyHistory, low: Decimal, high: Decimal, lang: str) -> HistoryLine:
    return HistoryLine(
        body,
        tuple(standing_text(s, lang) for s in body.standings),
        change_text(body, lang),
        sparkline(body.standings, low, high),
    )


# --- the JSON form (--json), as the README documents it; decimals are exact strings ---


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
