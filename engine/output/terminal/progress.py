"""`kpi quarter status` on a terminal: the campaign's progress, body by body."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from engine.collect.progress import CollectionProgress
from engine.i18n import tr
from engine.output.terminal import print_whole

COLUMNS = ("col-body", "col-kpis", "col-filled", "col-missing", "col-problems", "col-warnings")


def print_progress(console: Console, progress: CollectionProgress, lang: str) -> None:
    title = tr("status-title", lang, quarter=progress.header.id, rules=progress.rules.id, status=progress.header.status)
    table = Table(title=title, title_justify="left", show_footer=True)
    totals = [
        tr("status-total", lang),
        *(
            str(sum(getattr(b, f) for b in progress.bodies))
            for f in ("total", "filled", "missing", "problems", "warnings")
        ),
    ]
    for index, code in enumerate(COLUMNS):
        table.add_column(tr(code, lang), footer=totals[index], justify="left" if index == 0 else "right", no_wrap=True)
    # the bodies in the rules' published order (the report's), by their short names, as people know them
    place = {body_id: index for index, body_id in enumerate(progress.rules.methodology.order)}
    for body in sorted(progress.bodies, key=lambda b: place.get(b.body.id, len(place))):
        cells = [str(body.total), str(body.filled), str(body.missing), str(body.problems), str(body.warnings)]
        style = "green" if body.filled == body.total and not body.problems else None
        table.add_row(body.body.short, *cells, style=style)
    print_whole(console, table)
    filled = sum(b.filled for b in progress.bodies)
    total = sum(b.total for b in progress.bodies)
    waiting = [b.body.short for b in progress.bodies if b.filled == 0 and b.problems == 0]
    if waiting:  # no value at all yet: the form has not come back
        console.print(tr("import-waiting", lang, bodies=", ".join(waiting), count=len(waiting)))
    console.print(tr("status-line" if not progress.complete else "status-complete", lang, filled=filled, total=total))
