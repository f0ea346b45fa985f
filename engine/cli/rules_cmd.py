"""`kpi rules ...`: check a rules version, and show what changed between two."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from engine.cli.changes import field_label, rules_diff_json, value_text
from engine.cli.common import EXIT_PROBLEMS, Context, JsonOption, LangOption, WorkspaceOption, handled
from engine.problems import count_text
from engine.rules import load_rules
from engine.rulesdiff import Change, KpiDiff, RulesDiff, diff_rules
from engine.scoring import rules_version

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
    versions = [ctx.workspace.rules_dir(version).name] if version is not None else ctx.workspace.rules_versions()
    report = []
    failed = False
    for name in versions:
        rules, problems = load_rules(ctx.workspace, name)
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
                ctx.echo(ctx.t("validate-failed", version=name, count=count_text(problems)))
    if failed:
        raise typer.Exit(EXIT_PROBLEMS)


VersionArgument = Annotated[str, typer.Argument(help="Версия правил (папка в rules/).", show_default=False)]


@app.command("diff")
@handled
def diff(
    before: VersionArgument,
    after: VersionArgument,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Что изменилось между двумя версиями правил.

    KPI добавлены, исключены, переименованы; веса U, цели N, единицы, варианты; методика
    (формулы, округление, агрегирование, правила для нулей, инварианты)."""
    ctx = Context(lang, workspace)
    result = diff_rules(rules_version(ctx.workspace, before), rules_version(ctx.workspace, after))
    if as_json:
        ctx.json(rules_diff_json(result, ctx.lang))
        return
    if result.empty:
        ctx.echo(ctx.t("rules-diff-none", before=result.before, after=result.after))
        return
    if result.bodies or result.kpis:
        ctx.out.print(_changes_table(ctx, result))
    if result.methodology:
        ctx.out.print(_methodology_table(ctx, result))
    summary = ctx.t(
        "rules-diff-summary",
        added=result.count("added"),
        removed=result.count("removed"),
        changed=result.count("changed"),
        bodies_added=sum(1 for b in result.bodies if b.status == "added"),
        bodies_removed=sum(1 for b in result.bodies if b.status == "removed"),
        methodology=len(result.methodology),
    )
    ctx.out.print(Text(summary))


def _changes_table(ctx: Context, result: RulesDiff) -> Table:
    """One row per change: body, KPI, what changed, before, after."""
    title = ctx.t("rules-diff-title", before=result.before, after=result.after)
    table = Table(title=title, title_justify="left")
    for code in ("col-body", "col-kpi-id", "col-change"):
        table.add_column(ctx.t(code), no_wrap=True)
    table.add_column(ctx.t("col-before"), ratio=1)
    table.add_column(ctx.t("col-after"), ratio=1)
    for body in result.bodies:
        if body.status == "changed":
            for change in body.changes:
                table.add_row(body.body.short, "", *_change_cells(ctx, change))
        else:
            shown = Text(f"{body.body.short} — {body.body.name}")
            cells = _one_side_cells(ctx, f"change-body-{body.status}", shown)
            table.add_row(body.body.short, "", *cells)
    for kpi in result.kpis:
        if kpi.status == "changed":
            for change in kpi.changes:
                table.add_row(kpi.short, kpi.id, *_change_cells(ctx, change))
        else:
            shown = Text(_kpi_summary(ctx, kpi))
            table.add_row(kpi.short, kpi.id, *_one_side_cells(ctx, f"change-{kpi.status}", shown))
    return table


def _methodology_table(ctx: Context, result: RulesDiff) -> Table:
    title = ctx.t("rules-diff-methodology", before=result.before, after=result.after)
    table = Table(title=title, title_justify="left")
    table.add_column(ctx.t("col-setting"), no_wrap=True)
    table.add_column(ctx.t("col-before"), ratio=1)
    table.add_column(ctx.t("col-after"), ratio=1)
    for change in result.methodology:
        table.add_row(change.field, *_change_cells(ctx, change)[1:])
    return table


def _change_cells(ctx: Context, change: Change) -> tuple[str, Text, Text]:
    before, after = value_text(change.before, ctx.lang), value_text(change.after, ctx.lang)
    return field_label(change.field, ctx.lang), Text(before), Text(after)


def _one_side_cells(ctx: Context, code: str, shown: Text) -> tuple[str, Text, Text]:
    """An added thing shows under "after", a removed one under "before"."""
    empty = Text("")
    return (ctx.t(code), empty, shown) if code.endswith("added") else (ctx.t(code), shown, empty)


def _kpi_summary(ctx: Context, kpi: KpiDiff) -> str:
    """«name» · U 15 · N 80 · % · share_higher: a KPI that exists on one side only."""
    k = kpi.kpi
    figures = f"U {ctx.num(k.weight)} · N {ctx.num(k.target)} · {k.unit} · {k.variant}"
    return f"«{k.name}» · {figures}"
