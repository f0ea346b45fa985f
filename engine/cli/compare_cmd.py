"""`kpi compare A B`: who moved between two rankings, by how much, and which KPIs moved them."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from engine.cli.causes import cause_text, changed_text
from engine.cli.common import Context, JsonOption, LangOption, WorkspaceOption, handled
from engine.cli.compare_json import comparison_json, split_note
from engine.cli.render import banner
from engine.compare import BodyShift, Comparison, Side, compare
from engine.errors import UnknownName
from engine.output.formats import signed
from engine.scoring import find_body

SideArgument = Annotated[
    str,
    typer.Argument(
        help="Квартал, например 2023Q4; 2024Q1@2024-draft — квартал по другой версии правил.",
        show_default=False,
    ),
]


@handled
def compare_command(
    before: SideArgument,
    after: SideArgument,
    body: Annotated[
        str | None,
        typer.Option("--body", "-b", help="Изменения по KPI одного органа: МВД или mvd.", show_default=False),
    ] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Сравнение двух рейтингов: сдвиги мест, ΔR и KPI, которые их дали.

    Если у сторон разные версии правил, ΔR делится на изменение данных и изменение правил.
    Сторона вида 2024Q1@2024-draft — квартал по другой версии правил."""
    ctx = Context(lang, workspace)
    comparison = compare(ctx.workspace, before, after)
    chosen = _chosen_body(comparison, body) if body is not None else None
    if as_json:
        ctx.json(comparison_json(comparison, ctx.lang, chosen.id if chosen else None))
        return
    for status in dict.fromkeys((comparison.before.status, comparison.after.status)):
        banner(ctx, status)
    if chosen is None:
        _ranking(ctx, comparison)
    else:
        _body(ctx, comparison, chosen)


def _chosen_body(comparison: Comparison, name: str) -> BodyShift:
    """The body named by --body, in B's rules or, for a body gone from B, in A's."""
    for side in (comparison.after, comparison.before):
        try:
            found = find_body(side.result.rules, name)
        except UnknownName:
            continue
        shift = comparison.body(found.id)
        assert shift is not None
        return shift
    raise UnknownName("body", name, [f"{b.short} ({b.id})" for b in comparison.bodies])


def side_title(ctx: Context, side: Side) -> str:
    if side.status == "official":
        return ctx.t("compare-side", quarter=side.quarter, rules=side.rules)
    status = ctx.t(f"status-word-{side.status}")
    return ctx.t("compare-side-status", quarter=side.quarter, rules=side.rules, status=status)


def _title(ctx: Context, comparison: Comparison) -> str:
    return ctx.t(
        "compare-title",
        before=side_title(ctx, comparison.before),
        after=side_title(ctx, comparison.after),
    )


def move_text(ctx: Context, body: BodyShift) -> Text:
    if body.status != "kept":
        return Text(ctx.t(f"move-{body.status}"), style="bold cyan" if body.status == "new" else "dim")
    move = body.move or 0
    if move > 0:
        return Text(f"▲ {move}", style="green")
    if move < 0:
        return Text(f"▼ {-move}", style="red")
    return Text("=", style="dim")


def delta_text(ctx: Context, value: Decimal | None) -> Text:
    if value is None:
        return Text("")
    style = "green" if value > 0 else "red" if value < 0 else "dim"
    return Text(signed(value, ctx.lang), style=style)


def _scores(ctx: Context, body: BodyShift) -> str:
    return f"{ctx.num(body.score_from)} → {ctx.num(body.score_to)}"


def _drivers(ctx: Context, comparison: Comparison, body: BodyShift) -> str:
    items = []
    for kpi in body.drivers:
        cause = cause_text(kpi, comparison, ctx.lang)
        items.append(f"{kpi.id} {signed(kpi.delta, ctx.lang)}" + (f" ({cause})" if cause else ""))
    # one driver a line: a narrow terminal wraps inside a driver, never across two
    return "\n".join(items)


def _ranking(ctx: Context, comparison: Comparison) -> None:
    split = comparison.rules_changed
    table = Table(title=_title(ctx, comparison), title_justify="left")
    table.add_column(ctx.t("col-rank"), justify="right")
    table.add_column(ctx.t("col-move"), no_wrap=True)
    table.add_column(ctx.t("col-body"), no_wrap=True)
    # the sides are named in the title; a header naming them again would take the width
    # the drivers need (2024Q1@2023 → 2024Q1@2024-draft is 33 characters)
    table.add_column(ctx.t("col-compare-score"), justify="right", no_wrap=True)
    table.add_column(ctx.t("col-delta"), justify="right", no_wrap=True)
    if split:
        table.add_column(ctx.t("col-data-part"), justify="right", no_wrap=True)
        table.add_column(ctx.t("col-rules-part"), justify="right", no_wrap=True)
    table.add_column(ctx.t("col-drivers"), ratio=1)
    notes: list[str] = []
    for body in comparison.bodies:
        row: list[str | Text] = [
            str(body.rank_to) if body.rank_to is not None else "-",
            move_text(ctx, body),
            body.short,
            _scores(ctx, body),
            delta_text(ctx, body.delta),
        ]
        if split:
            note = None if comparison.via_problems else split_note(body, comparison, ctx.lang)
            if comparison.via_problems and body.status == "kept":
                row += [Text("-", style="dim"), Text("-", style="dim")]
            elif note is not None:
                notes.append(note)
                marker = Text(f"- [{len(notes)}]", style="dim")
                row += [marker, marker]
            else:
                row += [delta_text(ctx, body.data_part), delta_text(ctx, body.rules_part)]
        row.append(Text(_drivers(ctx, comparison, body)))
        table.add_row(*row)
    ctx.out.print(table)
    ctx.out.print(Text(_summary(ctx, comparison)))
    if split:
        _split_legend(ctx, comparison, notes)


def _split_legend(ctx: Context, comparison: Comparison, notes: list[str]) -> None:
    before, after = comparison.before, comparison.after
    ctx.out.print(
        Text(
            ctx.t(
                "compare-split-legend",
                via=comparison.via_label,
                before=before.label,
                after=after.label,
                rules_before=before.rules,
                rules_after=after.rules,
            )
        )
    )
    if comparison.via_problems:
        ctx.out.print(Text(ctx.t("split-unreadable", quarter=after.quarter, rules=before.rules)))
        for problem in comparison.via_problems:
            ctx.out.print(Text(problem.render(ctx.lang)))
    for number, note in enumerate(notes, start=1):
        ctx.out.print(Text(f"[{number}] {note}"))
    diff = comparison.rules
    if diff is not None:
        ctx.out.print(
            Text(
                ctx.t(
                    "compare-rules-summary",
                    before=diff.before,
                    after=diff.after,
                    added=diff.count("added"),
                    removed=diff.count("removed"),
                    changed=diff.count("changed"),
                    methodology=len(diff.methodology),
                )
            )
        )


def _summary(ctx: Context, comparison: Comparison) -> str:
    def moved(bodies: tuple[BodyShift, ...]) -> str:
        if not bodies:
            return ctx.t("compare-nobody")
        return ", ".join(
            f"{b.short} {move_text(ctx, b).plain} ({signed(b.delta or Decimal(0), ctx.lang)})" for b in bodies
        )

    ties = []
    for side, label in (("from", comparison.before.label), ("to", comparison.after.label)):
        groups = comparison.ties(side)
        text = "; ".join(f"{' = '.join(b.body.short for b in g)} ({ctx.num(g[0].score)})" for g in groups)
        ties.append(f"{label} — {text or ctx.t('compare-no-ties')}")
    return ctx.t(
        "compare-summary",
        rise=moved(comparison.biggest_rise),
        fall=moved(comparison.biggest_fall),
        ties="; ".join(ties),
    )


def _body(ctx: Context, comparison: Comparison, body: BodyShift) -> None:
    before, after = comparison.before, comparison.after
    title = ctx.t(
        "compare-body-title",
        short=body.short,
        name=body.name,
        before=side_title(ctx, before),
        after=side_title(ctx, after),
    )
    ctx.out.print(Text(title, style="bold"))
    if body.status != "kept":
        side = after if body.status == "new" else before
        result = body.after if body.status == "new" else body.before
        assert result is not None
        ctx.out.print(
            Text(
                ctx.t(
                    "compare-body-one-side",
                    short=body.short,
                    side=side.label,
                    score=ctx.num(result.score),
                    rank=result.rank,
                )
            )
        )
        return
    split = comparison.rules_changed and body.blocker is None
    table = Table(title_justify="left")
    # the name is only a reminder: it gives way (cut with "…") before the figures and the
    # changes do, which keep about 50 and 25 columns for themselves (more with the split)
    name_width = max(8, min(40, ctx.out.width - (102 if split else 76)))
    table.add_column(ctx.t("col-kpi-id"), no_wrap=True)
    table.add_column(ctx.t("col-kpi"), no_wrap=True, max_width=name_width, overflow="ellipsis")
    table.add_column(ctx.t("col-w-side", side=before.label), justify="right", no_wrap=True)
    table.add_column(ctx.t("col-w-side", side=after.label), justify="right", no_wrap=True)
    table.add_column(ctx.t("col-dw"), justify="right", no_wrap=True)
    if split:
        table.add_column(ctx.t("col-dw-data"), justify="right", no_wrap=True)
        table.add_column(ctx.t("col-dw-rules"), justify="right", no_wrap=True)
    table.add_column(ctx.t("col-changed"), min_width=20)
    for kpi in body.kpis:
        row: list[str | Text] = [
            kpi.id,
            Text(kpi.name),
            ctx.num(kpi.before.assigned) if kpi.before else "-",
            ctx.num(kpi.after.assigned) if kpi.after else "-",
            delta_text(ctx, kpi.delta),
        ]
        if split:
            row += [delta_text(ctx, kpi.data_part), delta_text(ctx, kpi.rules_part)]
        what = changed_text(kpi, ctx.lang, "\n") if kpi.status == "kept" else cause_text(kpi, comparison, ctx.lang)
        row.append(Text(what))
        table.add_row(*row)
    ctx.out.print(table)
    assert body.delta is not None
    ctx.out.print(
        Text(
            ctx.t(
                "compare-body-line",
                short=body.short,
                before=ctx.num(body.score_from),
                after=ctx.num(body.score_to),
                delta=signed(body.delta, ctx.lang),
                rank_before=body.rank_from,
                rank_after=body.rank_to,
            ),
            style="bold",
        )
    )
    if split and body.data_part is not None and body.rules_part is not None:
        ctx.out.print(
            Text(
                ctx.t(
                    "compare-body-split",
                    delta=signed(body.delta, ctx.lang),
                    data=signed(body.data_part, ctx.lang),
                    rules=signed(body.rules_part, ctx.lang),
                )
            )
        )
    note = split_note(body, comparison, ctx.lang)
    if note is not None:
        ctx.out.print(Text(note))
        if comparison.via_problems:
            for problem in comparison.via_problems:
                ctx.out.print(Text(problem.render(ctx.lang)))
