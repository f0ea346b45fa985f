"""`kpi rules ...`: check a rules version (and, with issue 3, compare two)."""

from __future__ import annotations

from typing import Annotated

import typer

from engine.cli.common import EXIT_PROBLEMS, Context, JsonOption, LangOption, WorkspaceOption, handled
from engine.rules import load_rules

app = typer.Typer(help="Правила: проверка и сравнение версий.", no_args_is_help=True)


@app.command("validate")
@handled
def validate(
    version: Annotated[
        str | None, typer.Argument(help="Версия правил (папка в rules/); без неё — все версии.", show_default=False)
    ] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Схема, смысловые проверки и проверочные примеры; код выхода 1, если есть проблемы."""
    ctx = Context(lang, workspace)
    versions = [ctx.workspace.rules_dir(version).name] if version else ctx.workspace.rules_versions()
    report = []
    failed = False
    for name in versions:
        rules, problems = load_rules(ctx.workspace, name)
        failed = failed or bool(problems)
        report.append((name, rules, problems))
    if as_json:
        ctx.json(
            {
                "versions": [
                    {
                        "version": name,
                        "valid": not problems,
                        "problems": [
                            {
                                "file": p.where.file,
                                "line": p.where.line,
                                "column": p.where.column,
                                "kpi": p.kpi or None,
                                "code": p.code,
                                "message": p.message(ctx.lang),
                            }
                            for p in problems
                        ],
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
                ctx.echo(
                    ctx.t(
                        "validate-ok",
                        version=name,
                        bodies=len(rules.bodies),
                        kpis=kpis,
                        examples=len(rules.methodology.examples),
                    )
                )
            else:
                ctx.echo(ctx.t("validate-failed", version=name, count=len(problems)))
    if failed:
        raise typer.Exit(EXIT_PROBLEMS)
