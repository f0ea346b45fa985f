"""«Динамика», a section of the quarterly report (issue 20): each body's place and R in the
previous quarter of the workspace and the change since, from the history view
(engine.output.views.history), in the report's typography (engine.output.docx_parts).

Kept out of engine.output.report: the report calls `dynamics_section` once, near its end."""

from __future__ import annotations

from docx.document import Document as Docx

from engine.analysis.history import line_up, quarter_key
from engine.checks import CommandChecks
from engine.errors import ProblemsFound
from engine.evaluate import QuarterResult
from engine.formats import codes_in_words, number, quarter_words, signed
from engine.output.docx_parts import RED, styled, table
from engine.output.views.history import HistoryView, history_view, move_text
from engine.workspace import Workspace

WIDTHS_CM = (2.7, 2.3, 2.2, 2.3, 2.2, 2.2, 2.6)  # 16,5 cm: the text width


def previous_quarter(workspace: Workspace, quarter: str) -> str | None:
    """The workspace's quarter just before `quarter`, if any."""
    earlier = [q for q in workspace.quarters() if quarter_key(q) < quarter_key(quarter)]
    return max(earlier, key=quarter_key) if earlier else None


def dynamics(
    workspace: Workspace, result: QuarterResult, lang: str, checks: CommandChecks | None = None
) -> HistoryView | None:
    """The history of the previous quarter and this one; None where there is no previous
    quarter or it cannot be scored (a draft still being collected, an official quarter whose
    seal is broken): the section is left out. `checks`: the command's (engine.checks)."""
    from engine.scoring import score

    before = previous_quarter(workspace, result.quarter.id)
    if before is None:
        return None
    try:
        previous = score(workspace, before, published=False, checks=checks)
    except ProblemsFound:
        return None
    return history_view(line_up([previous, result]), lang)


def dynamics_section(document: Docx, view: HistoryView) -> None:
    """A sentence saying what is compared (and any mark), the table; quarters in words, as
    the rest of the report names them (the report gives the annex its heading)."""
    before, after = view.columns
    lang = view.lang
    words = (quarter_words(before.quarter, lang), quarter_words(after.quarter, lang))
    intro = document.add_paragraph(view.label("report-dynamics-intro", before=words[0], after=words[1]))
    intro.paragraph_format.keep_with_next = True  # the heading, the words and the table on one page
    for note in view.notes:
        text = codes_in_words(note, lang)
        marked = document.add_paragraph(text)
        styled(marked, size=10, colour=RED if note.startswith(("*", "†")) else None)
        marked.paragraph_format.keep_with_next = True
    headers = [
        view.label("col-body"),
        view.label("col-dynamics-rank", quarter=words[0]),
        view.label("col-dynamics-score", quarter=words[0]),
        view.label("col-dynamics-rank", quarter=words[1]),
        view.label("col-dynamics-score", quarter=words[1]),
        view.label("col-dynamics-move"),
        view.label("col-delta"),
    ]
    rows = []
    for line in view.lines:
        was, now = line.body.standings
        if now is None:
            continue  # a body gone from this quarter is not in its report
        rows.append(
            [
                line.body.short,
                str(was.rank) if was is not None else "—",
                number(was.score, view.lang) if was is not None else "—",
                str(now.rank),
                number(now.score, view.lang),
                move_text(now.move) if now.move is not None else view.label("move-new"),
                signed(now.delta, view.lang) if now.delta is not None else "",
            ]
        )
    table(document, headers, rows, WIDTHS_CM, numeric={1, 2, 3, 4, 5, 6})
