"""`kpi rules ...`: check a rules version, and show what changed between two."""

from __future__ import annotations

from typing import Annotated

import typer

from engine.cli.common import EXIT_PROBLEMS, Context, JsonOption, LangOption, WorkspaceOption, group_options, handled

app = typer.Typer(no_args_is_help=True)
app.callback(invoke_without_command=True)(group_options)


@app.command("validate")
@handled
def validate(
    version: Annotated[str | None, typer.Argument(show_default=False)] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """`kpi rules validate` (its help: the message help-rules-validate)."""
    from engine.output.json_forms import problem_json
    from engine.problems import count_text
    from engine.rules import load_rules
    from engine.rulesversions import protection_problems

    ctx = Context(lang, workspace)
    versions = [ctx.workspace.rules_dir(version).name] if version is not None else ctx.workspace.rules_versions()
    report = []
    failed = False
    for name in versions:
        rules, problems = load_rules(ctx.workspace, name)
        problems = [*problems, *protection_problems(ctx.workspace, name)]
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
                    }
                    for name, _, problems in report
                ]
            }
        )
    else:
        for name, rules, problems in report:
            ctx.problems(problems, to_stderr=False)
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
    from engine.output.json_forms import rules_diff_json
    from engine.output.terminal.rulesdiff import print_rules_diff
    from engine.output.views.rulesdiff import rules_diff_view
    from engine.rulesdiff import diff_rules
    from engine.scoring import rules_version

    ctx = Context(lang, workspace)
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

    ctx = Context(lang, workspace, writes=True)
    check_name(version)
    origin = rules_version(ctx.workspace, source)  # a source with problems is not copied
    chosen = year if year is not None else year_of(version)
    if chosen is None:
        raise UsageError("rules-new-year", version=version)
    if not 2000 <= chosen <= 2100:
        raise UsageError("rules-new-year-range", year=chosen)
    folder = new_version(ctx.workspace, version, origin.id, chosen)
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
