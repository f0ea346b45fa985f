"""`kpi quarter …`: a quarter's data — new, validate, status (and the forms: forms, import)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from engine.cli.common import (
    Invocation,
    JsonOption,
    LangOption,
    StrictOption,
    WorkspaceOption,
    group_options,
    handled,
    workbooks_named,
)
from engine.cli.exits import EXIT_PROBLEMS
from engine.cli.report_cmd import ForceOption
from engine.errors import KpiError, ProblemsFound

if TYPE_CHECKING:
    from engine.collect.apply import ImportChange

app = typer.Typer(no_args_is_help=True)
app.callback(invoke_without_command=True)(group_options)

QuarterName = Annotated[str, typer.Argument(show_default=False)]


@app.command("new")
@handled
def new(
    quarter: QuarterName,
    rules: Annotated[
        str | None,
        typer.Option("--rules", show_default=False),
    ] = None,
    replace_example: Annotated[bool, typer.Option("--replace-example")] = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """`kpi quarter new` (its help: the message help-quarter-new)."""
    from engine.collect.newquarter import check_period, default_rules, new_quarter
    from engine.safetext import shown
    from engine.scoring import rules_version

    ctx = Invocation(lang, workspace, writes=True)
    check_period(quarter)
    version = rules_version(
        ctx.workspace, ctx.workspace.rules_dir(rules).name if rules else default_rules(ctx.workspace)
    )
    replacing = replace_example and (ctx.workspace.quarters_root / quarter).is_dir()
    folder = new_quarter(ctx.workspace, quarter, version, replace_example)
    if replacing:
        ctx.echo(ctx.t("quarter-example-replaced", quarter=quarter))
    kpis = sum(len(b.kpis) for b in version.bodies)
    ctx.echo(
        ctx.t(
            "quarter-created",
            quarter=quarter,
            folder=shown(ctx.workspace.display(folder)),
            rules=version.id,
            bodies=len(version.bodies),
            kpis=kpis,
        )
    )


@app.command("validate")
@handled
def validate(
    quarter: QuarterName,
    strict: StrictOption = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """`kpi quarter validate` (its help: the message help-quarter-validate)."""
    from engine.collect.progress import progress
    from engine.output.views.problems import validation_json
    from engine.quarter import load_quarter
    from engine.scoring import quarter_header, rules_version

    ctx = Invocation(lang, workspace)
    header = quarter_header(ctx.workspace, quarter)
    rules = rules_version(ctx.workspace, header.rules)
    _, problems = load_quarter(ctx.workspace, header, rules)
    from engine.checks import ERROR, run_checks
    from engine.checks.quarter import SEAL, QuarterRead

    # an official quarter's files as published (errors); its rules as official quarters sealed them
    sealed = run_checks(SEAL, QuarterRead(ctx.workspace, header, ERROR))
    problems += [p for p in sealed if p.severity == ERROR]
    warnings = [p for p in sealed if p.severity != ERROR]
    warnings += progress(ctx.workspace, header, rules).warnings
    failed = bool(problems) or (strict and bool(warnings))
    if as_json:
        ctx.json(validation_json(header.id, rules.id, header.status, not failed, problems, warnings, ctx.lang))
    else:
        ctx.problems([*problems, *warnings], to_stderr=False)
        if problems or warnings:
            ctx.echo(ctx.t("quarter-validate-found", quarter=header.id, problems=len(problems), warnings=len(warnings)))
        else:
            kpis = sum(len(b.kpis) for b in rules.bodies)
            ctx.echo(ctx.t("quarter-validate-ok", quarter=header.id, bodies=len(rules.bodies), kpis=kpis))
    if failed:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command("status")
@handled
def status(
    quarter: QuarterName,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """`kpi quarter status` (its help: the message help-quarter-status)."""
    from engine.collect.progress import progress
    from engine.output.terminal.progress import print_progress
    from engine.output.views.progress import progress_json
    from engine.scoring import quarter_header, rules_version

    ctx = Invocation(lang, workspace)
    header = quarter_header(ctx.workspace, quarter)
    from engine.checks.quarter import seal_check

    seal_check(ctx.workspace, header, ctx.checks)  # a changed official file is said first
    found = progress(ctx.workspace, header, rules_version(ctx.workspace, header.rules))
    if as_json:
        ctx.json(progress_json(found))
        return
    print_progress(ctx.out, found, ctx.lang)


@app.command("forms")
@handled
def forms(
    quarter: QuarterName,
    output: Annotated[Path, typer.Option("--output", "-o", show_default=False)],
    force: ForceOption = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """`kpi quarter forms` (its help: the message help-quarter-forms)."""
    from engine.quarter import entered_values
    from engine.safetext import shown_path
    from engine.scoring import quarter_header, rules_version
    from engine.writing import check_target, write_file

    ctx = Invocation(lang, workspace)
    header = quarter_header(ctx.workspace, quarter)
    from engine.checks.quarter import seal_check

    seal_check(ctx.workspace, header, ctx.checks)  # files as the official quarters sealed them, or said first
    rules = rules_version(ctx.workspace, header.rules)
    folder = Path(output)
    if not folder.parent.is_dir():
        check_target(folder / "x", force)  # says the folder is missing
    targets = {body.id: folder / f"{body.id}-{header.id}.xlsx" for body in rules.bodies}
    if folder.is_dir():
        for target in targets.values():
            check_target(target, force)  # every file before any is written
    from engine.collect.forms import form_workbook
    from engine.collect.token import make_secret

    secret = make_secret(ctx.workspace.root)
    entered = entered_values(ctx.workspace, header.id)
    forms = {}
    from engine.collect.bodyfile import contact_of

    for body in rules.bodies:
        values = {k: (a or None, b or None) for k, (a, b) in entered.get(body.id, {}).items()}
        text, _ = ctx.workspace.read_text(header.folder / f"{body.id}.yaml")
        contact = contact_of(text) if text is not None else None
        forms[targets[body.id]] = form_workbook(rules, body, header.id, values, ctx.lang, secret, contact)
    if folder.is_dir():
        for target, form in forms.items():
            write_file(target, form, force)
    else:  # a new folder appears whole or not at all: a killed run leaves no folder of some forms
        from engine.writing import write_files

        write_files(folder, {t.name: f for t, f in forms.items()})
    ctx.echo(ctx.t("forms-written", count=len(targets), folder=shown_path(folder), quarter=header.id, rules=rules.id))


@app.command("import")
@handled
def import_(
    quarter: QuarterName,
    sources: Annotated[list[Path], typer.Argument(show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run")] = False,
    force: Annotated[bool, typer.Option("--force")] = False,
    partial: Annotated[bool, typer.Option("--partial")] = False,
    strict: StrictOption = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """`kpi quarter import` (its help: the message help-quarter-import)."""
    from engine.safetext import shown_path
    from engine.scoring import quarter_header, rules_version

    ctx = Invocation(lang, workspace, writes=not dry_run)
    header = quarter_header(ctx.workspace, quarter)
    if header.status == "official" and not dry_run:  # official data change only on the record: unpublish first
        raise KpiError("import-official", quarter=header.id)  # exit 1, nothing written
    from engine.checks.quarter import seal_check

    seal_check(ctx.workspace, header, ctx.checks)  # files as the official quarters sealed them, or said first
    rules = rules_version(ctx.workspace, header.rules)
    from engine.collect.apply import plan, write_all
    from engine.collect.importer import read_all
    from engine.collect.token import read_secret

    paths = workbooks_named(sources)
    secret = read_secret(ctx.workspace.root)
    imported = read_all(((p, shown_path(p)) for p in paths), rules, header.id, secret, partial)
    problems = [p for w in imported for p in w.problems]
    warnings = [w for i in imported for w in i.warnings]
    if not problems:
        found = plan(ctx.workspace, header, rules, imported, force)
        problems += found.problems
    if problems or (strict and warnings):
        raise ProblemsFound(problems + (warnings if strict else []))
    ctx.problems(warnings, to_stderr=True)
    for line in _change_lines(ctx, found.changes):
        ctx.echo(line)
    if not dry_run:
        write_all(found.files)
    code = "import-checked" if dry_run else "import-done"
    ctx.echo(ctx.t(code, forms=len(imported), changes=len(found.changes), files=len(found.files), quarter=header.id))
    if found.waiting:  # whose form has not come back yet
        ctx.echo(ctx.t("import-waiting", bodies=", ".join(found.waiting), count=len(found.waiting)))


def _change_lines(ctx: Invocation, changes: tuple[ImportChange, ...]) -> list[str]:
    """Every value the import changes, old → new; an empty one is said to be empty."""
    empty = ctx.t("import-was-empty")
    return [f"{c.body} {c.kpi} {c.key}: {c.old if c.old is not None else empty} → {c.new}" for c in changes]


@app.command("publish")
@handled
def publish(
    quarter: QuarterName,
    reviewed: Annotated[bool, typer.Option("--reviewed")] = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """`kpi quarter publish` (its help: the message help-quarter-publish)."""
    from engine.collect.publish import publish_quarter

    ctx = Invocation(lang, workspace, writes=True)
    done = publish_quarter(ctx.workspace, quarter, reviewed)
    code = "quarter-published" if done.written else "quarter-already-published"
    ctx.echo(ctx.t(code, quarter=done.quarter, rules=done.rules, files=done.files))
    if done.reviewed:
        ctx.echo(ctx.t("publish-reviewed", warnings=done.reviewed))
    if done.written:
        ctx.echo(ctx.t("publish-regenerate", quarter=done.quarter))


@app.command("unpublish")
@handled
def unpublish(
    quarter: QuarterName,
    reason: Annotated[str, typer.Option("--reason", show_default=False)],
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """`kpi quarter unpublish` (its help: the message help-quarter-unpublish)."""
    from engine.collect.unpublish import unpublish_quarter

    ctx = Invocation(lang, workspace, writes=True)
    done = unpublish_quarter(ctx.workspace, quarter, reason)
    ctx.echo(ctx.t("quarter-unpublished", quarter=done.quarter, date=done.date))
