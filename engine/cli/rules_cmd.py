"""`kpi rules ...`: check a rules version, show what changed between two, make a new one
(from an old one, or from workbooks the ministries edited), export one as a workbook."""

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

if TYPE_CHECKING:
    from engine.compare import Comparison
    from engine.model import RulesVersion
    from engine.problems import Problem
    from engine.rulesbook.draft import Draft
    from engine.rulesbook.reader import BookRead

app = typer.Typer(no_args_is_help=True)
app.callback(invoke_without_command=True)(group_options)


@app.command("validate")
@handled
def validate(
    version: Annotated[str | None, typer.Argument(show_default=False)] = None,
    strict: StrictOption = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """`kpi rules validate` (its help: the message help-rules-validate)."""
    from engine.checks import run_checks
    from engine.checks.rules import RULES_NAMES, RULES_PROTECTION, NamesRead, Protected
    from engine.output.views.problems import problem_json
    from engine.problems import count_text
    from engine.rules import load_rules

    ctx = Invocation(lang, workspace)
    versions = [ctx.workspace.rules_dir(version).name] if version is not None else ctx.workspace.rules_versions()
    report = []
    warned: dict[str, list[Problem]] = {}  # names a Kazakh document would show in Russian
    failed = False
    for name in versions:
        rules, problems = load_rules(ctx.workspace, name)
        problems = [*problems, *run_checks(RULES_PROTECTION, Protected(ctx.workspace, name))]
        warned[name] = []
        if rules is not None and not problems:
            # --strict: the missing Kazakh names are problems of the version, one per body
            folder = ctx.workspace.display(ctx.workspace.rules_dir(name))
            missing = run_checks(RULES_NAMES, NamesRead(rules, folder, strict))
            problems, warned[name] = (missing, []) if strict else (problems, missing)
        if problems:
            rules = None
        failed = failed or bool(problems)
        report.append((name, rules, problems))
    if version is None and ctx.workspace.unnamable_versions():
        # a folder that cannot be named is reported, not passed over in silence
        report.append(("?", None, ctx.workspace.unnamable_versions()))
        failed = True
    if as_json:
        ctx.json(
            {
                "versions": [
                    {
                        "version": name,
                        "valid": not problems,
                        "problems": [problem_json(p, ctx.lang) for p in problems],
                        "warnings": [problem_json(w, ctx.lang) for w in warned.get(name, [])],
                    }
                    for name, _, problems in report
                ]
            }
        )
    else:
        for name, rules, problems in report:
            ctx.problems([*problems, *warned.get(name, [])], to_stderr=False)
            if rules is not None:
                kpis = sum(len(b.kpis) for b in rules.bodies)
                shown_name = name
                if rules.methodology.status == "draft":
                    shown_name = f"{name} ({ctx.t('status-word-draft')})"
                ctx.echo(
                    ctx.t(
                        "validate-ok",
                        version=shown_name,
                        bodies=len(rules.bodies),
                        kpis=kpis,
                        examples=len(rules.methodology.examples),
                    )
                )
            else:
                ctx.echo(ctx.t("validate-failed", version=name, count=count_text(problems)))
    if failed:
        raise typer.Exit(EXIT_PROBLEMS)


VersionArgument = Annotated[str, typer.Argument(show_default=False)]


@app.command("diff")
@handled
def diff(
    before: VersionArgument,
    after: VersionArgument,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """`kpi rules diff` (its help: the message help-rules-diff)."""
    from engine.output.terminal.rulesdiff import print_rules_diff
    from engine.output.views.rulesdiff import rules_diff_json, rules_diff_view
    from engine.rulesdiff import diff_rules
    from engine.scoring import rules_version

    ctx = Invocation(lang, workspace)
    result = diff_rules(rules_version(ctx.workspace, before), rules_version(ctx.workspace, after))
    if as_json:
        ctx.json(rules_diff_json(result, ctx.lang))
        return
    if result.empty:
        ctx.echo(ctx.t("rules-diff-none", before=result.before, after=result.after))
        return
    print_rules_diff(ctx.out, rules_diff_view(result, ctx.lang))


@app.command("new")
@handled
def new(
    version: VersionArgument,
    source: Annotated[str, typer.Option("--from", show_default=False)],
    year: Annotated[int | None, typer.Option("--year", show_default=False)] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """`kpi rules new` (its help: the message help-rules-new)."""
    from engine.errors import ProblemsFound, UsageError
    from engine.rules import load_rules
    from engine.rulesversions import check_name, new_version, year_of
    from engine.scoring import rules_version

    ctx = Invocation(lang, workspace, writes=True)
    check_name(version)
    origin = rules_version(ctx.workspace, source)  # a source with problems is not copied
    chosen = year if year is not None else year_of(version)
    if chosen is None:
        raise UsageError("rules-new-year", version=version)
    if not 2000 <= chosen <= 2100:
        raise UsageError("rules-new-year-range", year=chosen)
    folder = new_version(ctx.workspace, version, origin.id, chosen, origin.methodology.year)
    rules, problems = load_rules(ctx.workspace, folder.name)
    if rules is None:  # cannot happen for a clean source; said rather than hidden
        raise ProblemsFound(problems)
    ctx.echo(
        ctx.t(
            "rules-created",
            version=folder.name,
            source=origin.id,
            year=chosen,
            folder=ctx.workspace.display(folder),
            files=len(list(folder.glob("*.yaml"))),
        )
    )


@app.command("export")
@handled
def export(
    version: VersionArgument,
    output: Annotated[Path, typer.Option("--output", "-o", show_default=False)],
    body: Annotated[list[str] | None, typer.Option("--body", "-b", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force")] = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """`kpi rules export` (its help: the message help-rules-export)."""
    from engine.rulesversions import fingerprint
    from engine.safetext import shown_path
    from engine.scoring import find_body, rules_version
    from engine.writing import check_target, write_file

    ctx = Invocation(lang, workspace)
    rules = rules_version(ctx.workspace, version)
    chosen = [find_body(rules, name) for name in body] if body else list(rules.bodies)
    chosen = [b for b in rules.bodies if b in chosen]  # in the rules' order, each once
    check_target(output, force)  # before the work of making the workbook
    hashes, _ = fingerprint(ctx.workspace, rules.id)
    from engine.rulesbook.export import rules_workbook

    write_file(output, rules_workbook(rules, hashes, ctx.lang, chosen), force)
    kpis = sum(len(b.kpis) for b in chosen)
    ctx.echo(ctx.t("rulesbook-written", path=shown_path(output), version=rules.id, bodies=len(chosen), kpis=kpis))


@app.command("import")
@handled
def import_(
    version: VersionArgument,
    sources: Annotated[list[Path], typer.Argument(show_default=False)],
    source: Annotated[str, typer.Option("--from", show_default=False)],
    year: Annotated[int | None, typer.Option("--year", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run")] = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """`kpi rules import` (its help: the message help-rules-import)."""
    from engine.errors import ProblemsFound, UsageError
    from engine.rulesversions import check_name, year_of
    from engine.safetext import shown_path
    from engine.scoring import rules_version

    ctx = Invocation(lang, workspace)
    check_name(version)
    if any(v.casefold() == version.casefold() for v in ctx.workspace.rules_versions()):
        raise UsageError("rules-version-exists", version=version)
    old = rules_version(ctx.workspace, source)  # a source with problems is not imported onto
    chosen = year if year is not None else year_of(version)
    if chosen is None:
        raise UsageError("rules-new-year", version=version)
    if not 2000 <= chosen <= 2100:
        raise UsageError("rules-new-year-range", year=chosen)
    from engine.rulesbook.draft import build
    from engine.rulesbook.reader import read_rulesbook

    paths = workbooks_named(sources)
    books = [read_rulesbook(path, shown_path(path), old) for path in paths]
    problems = [p for book in books for p in book.problems] + _stale(ctx, old.id, books) + _twice(books)
    if problems and not all(p.where.file.count("!") == 2 for p in problems):
        raise ProblemsFound(problems)  # a workbook refused whole: its cells say nothing
    # the YAML checks too, so that every problem is said at once: a value a cell refused is
    # left as it was, and what the checks then say of that cell is not said twice
    draft = build(ctx.workspace, old, books, version, chosen)
    refused = {p.where.file for p in problems}
    problems += [p for p in draft.problems if p.where.file not in refused]
    if problems or draft.rules is None:
        raise ProblemsFound(problems)
    impact = _impact(ctx, old.id, draft.rules)
    if not dry_run:
        from engine.writing import platform_text, write_files

        files = {name: platform_text(text) for name, text in draft.files.items()}
        taken = UsageError("rules-version-exists", version=version)
        write_files(ctx.workspace.rules_root / version, files, taken=taken)
    _print_import(ctx, old, draft, impact)
    folder = ctx.workspace.display(ctx.workspace.rules_root / version)
    code = "rulesbook-checked" if dry_run else "rulesbook-imported"
    ctx.echo(ctx.t(code, version=version, source=old.id, year=chosen, folder=folder, books=len(books)))


def _stale(ctx: Invocation, version: str, books: list[BookRead]) -> list[Problem]:
    """A workbook made before a file it holds (a body's, or the methodology) changed in OLD:
    its unchanged cells would undo that change, so it is refused."""
    from engine.problems import Problem, Where
    from engine.rulesversions import fingerprint

    current, _ = fingerprint(ctx.workspace, version)
    problems = []
    for book in books:
        for name in ["methodology.yaml", *(f"{sheet.body}.yaml" for sheet in book.sheets)]:
            if book.hashes.get(name) != current.get(name):
                args = {"version": version, "file": name}
                problems.append(Problem(Where(book.file, 0, 0), "rulesbook-stale", args=args))
    return problems


def _twice(books: list[BookRead]) -> list[Problem]:
    """A body in two workbooks: which of them holds the ministry's word is not for kpi to guess."""
    from engine.problems import Problem, Where

    first: dict[str, str] = {}
    problems = []
    for book in books:
        for sheet in book.sheets:
            if sheet.body in first:
                args = {"body": sheet.body, "first": first[sheet.body]}
                problems.append(Problem(Where(sheet.where, 0, 0), "rulesbook-body-twice", args=args))
            else:
                first[sheet.body] = sheet.where
    return problems


def _impact(ctx: Invocation, old: str, new: RulesVersion) -> Comparison | list[str] | None:
    """The latest official quarter under OLD and under the new rules (kpi compare Q@OLD Q@NEW),
    the new rules held in memory; None when no quarter is official."""
    from engine.analysis.whatif import rescored
    from engine.compare import Side, line_up
    from engine.errors import ProblemsFound
    from engine.quarterheader import load_header
    from engine.scoring import QuarterSpec, score

    official = []
    for quarter in ctx.workspace.quarters():
        header, _ = load_header(ctx.workspace, quarter)
        if header is not None and header.status == "official":
            official.append(quarter)
    if not official:
        return None
    latest = max(official)
    try:
        before = score(ctx.workspace, QuarterSpec(latest, old), published=False, checks=ctx.checks)
        after = rescored(new, before.quarter)
    except ProblemsFound as exc:  # the draft stands; only its effect cannot be shown
        return [p.render(ctx.lang) for p in exc.problems[:5]]
    return line_up(Side(QuarterSpec(latest, old), before), Side(QuarterSpec(latest, new.id), after), before)


def _print_import(ctx: Invocation, old: RulesVersion, draft: Draft, impact: Comparison | list[str] | None) -> None:
    from engine.output.terminal.compare import print_banners, print_ranking
    from engine.output.terminal.rulesdiff import print_rules_diff
    from engine.output.views.comparison import comparison_view
    from engine.output.views.rulesdiff import rules_diff_view
    from engine.rulesdiff import diff_rules

    assert draft.rules is not None
    result = diff_rules(old, draft.rules)
    if result.empty:
        ctx.echo(ctx.t("rules-diff-none", before=result.before, after=result.after))
    else:
        print_rules_diff(ctx.out, rules_diff_view(result, ctx.lang))
    for kpi in draft.added:
        ctx.echo(ctx.t("rulesbook-new-id", body=kpi.body, id=kpi.id, name=kpi.name, cell=kpi.cell))
    if impact is None:
        ctx.echo(ctx.t("rulesbook-no-official"))
        return
    if isinstance(impact, list):
        ctx.echo(ctx.t("rulesbook-impact-failed"))
        for line in impact:
            ctx.echo(line)
        return
    ctx.echo(ctx.t("rulesbook-impact", quarter=impact.after.quarter))
    view = comparison_view(impact, ctx.lang)
    print_banners(ctx.out, view)
    print_ranking(ctx.out, view)
