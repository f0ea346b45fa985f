"""`kpi cards QUARTER -o DIR [--body B] [--force]`: a Word scorecard per body
(engine.output.cards). python-docx is imported here, when this command runs."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Annotated

import typer

from engine.cli.common import Invocation, LangOption, WorkspaceOption, handled
from engine.cli.report_cmd import ForceOption
from engine.cli.score_cmd import QuarterArgument
from engine.errors import KpiError

CardsOutputOption = Annotated[Path, typer.Option("--output", "-o", show_default=False)]


@handled
def cards_command(
    quarter: QuarterArgument,
    output: CardsOutputOption,
    body: Annotated[str | None, typer.Option("--body", "-b", show_default=False)] = None,
    force: ForceOption = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """`kpi cards` (its help: the message help-cards)."""
    from engine.analysis.history import history, quarter_key
    from engine.analysis.plan import plan
    from engine.output.views.history import history_view
    from engine.output.views.plan import plan_view
    from engine.output.views.quarter import quarter_view
    from engine.safetext import shown_path
    from engine.scoring import find_body, score
    from engine.writing import OutputFileError, check_target, write_file

    ctx = Invocation(lang, workspace)
    ctx.checks.refuse_broken()  # a document is never made from official files changed since publishing
    folder = output
    parent = folder.parent if str(folder.parent) else Path(".")
    if not parent.is_dir():
        raise OutputFileError("output-folder-missing", path=shown_path(folder), folder=shown_path(parent))
    if os.path.lexists(folder) and not folder.is_dir():
        raise OutputFileError("cards-not-a-folder", path=shown_path(folder))
    result = score(ctx.workspace, quarter, published=False, checks=ctx.checks)
    chosen = [find_body(result.rules, body).id] if body is not None else [b.body.id for b in result.bodies]
    targets = {b: folder / f"{b}-{result.quarter.id}.docx" for b in chosen}
    for path in targets.values():  # before the work: every file can be written
        if folder.is_dir():
            check_target(path, force)
    # the history up to this quarter: the place and R of every earlier quarter
    earlier = [q for q in ctx.workspace.quarters() if quarter_key(q) <= quarter_key(result.quarter.id)]
    found = history(ctx.workspace, earlier, lenient=True, checks=ctx.checks)
    from engine.names import result_in

    result = result_in(result, ctx.lang)  # the plan's words name the bodies as the card does
    view = quarter_view(result, ctx.lang)
    past = history_view(found, ctx.lang)
    from engine.output.cards import card_document, generated_date

    generated = generated_date()

    documents = {}
    for body_id in chosen:
        part = view.body(body_id)
        assert part is not None
        found_plan = plan_view(plan(result, next(b.body for b in result.bodies if b.body.id == body_id)), ctx.lang)
        documents[body_id] = card_document(view, part, past, found_plan, generated)
    made_folder = not folder.exists()
    if made_folder:
        try:
            folder.mkdir()
        except OSError as exc:
            raise OutputFileError(
                "output-not-writable", path=shown_path(folder), reason=exc.strerror or str(exc)
            ) from None
    written: list[Path] = []
    try:
        for body_id, data in documents.items():
            path = targets[body_id]
            existed = os.path.lexists(path)
            write_file(path, data, force)
            if not existed:
                written.append(path)
    except (KpiError, OSError):
        for path in written:  # a failed command leaves none of the cards it began
            with contextlib.suppress(OSError):
                path.unlink()
        if made_folder:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    ctx.echo(ctx.t("cards-written", count=len(documents), path=shown_path(folder)))
