"""`kpi quarter …`: a quarter's data — new, validate, status (and the forms: forms, import)."""

from __future__ import annotations

from typing import Annotated

import typer

from engine.cli.common import EXIT_PROBLEMS, Context, JsonOption, LangOption, StrictOption, WorkspaceOption, handled
from engine.collect.newquarter import check_period, default_rules, new_quarter
from engine.collect.progress import progress
from engine.output.json_forms import problem_json
from engine.output.terminal.progress import print_progress
from engine.quarter import load_quarter
from engine.safetext import shown
from engine.scoring import quarter_header, rules_version

app = typer.Typer(help="Данные квартала: новый квартал, проверка, ход сбора.", no_args_is_help=True)

QuarterName = Annotated[str, typer.Argument(help="Квартал, например 2024Q2.", show_default=False)]


@app.command("new")
@handled
def new(
    quarter: QuarterName,
    rules: Annotated[
        str | None,
        typer.Option(
            "--rules", help="Версия правил; по умолчанию — та же, что у последнего квартала.", show_default=False
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """Новый квартал: quarter.yaml (черновик) и по файлу на орган со всеми KPI правил и пустыми a и b."""
    ctx = Context(lang, workspace)
    check_period(quarter)
    version = rules_version(
        ctx.workspace, ctx.workspace.rules_dir(rules).name if rules else default_rules(ctx.workspace)
    )
    folder = new_quarter(ctx.workspace, quarter, version)
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
    """Проверить данные квартала без расчёта: каждое значение, каждый пропуск, предупреждения."""
    ctx = Context(lang, workspace)
    header = quarter_header(ctx.workspace, quarter)
    rules = rules_version(ctx.workspace, header.rules)
    _, problems = load_quarter(ctx.workspace, header, rules)
    warnings = list(progress(ctx.workspace, header, rules).warnings)
    failed = bool(problems) or (strict and bool(warnings))
    if as_json:
        ctx.json(
            {
                "quarter": header.id,
                "rules": rules.id,
                "status": header.status,
                "valid": not failed,
                "problems": [problem_json(p, ctx.lang) for p in problems],
                "warnings": [problem_json(w, ctx.lang) for w in warnings],
            }
        )
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
    """Ход сбора данных: по каждому органу — заполнено, не заполнено, ошибки, предупреждения."""
    ctx = Context(lang, workspace)
    header = quarter_header(ctx.workspace, quarter)
    found = progress(ctx.workspace, header, rules_version(ctx.workspace, header.rules))
    if as_json:
        ctx.json(
            {
                "quarter": header.id,
                "rules": found.rules.id,
                "status": header.status,
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
        )
        return
    print_progress(ctx.out, found, ctx.lang)
