"""`kpi site -o DIR [--force]`: the rating of the whole workspace as a static web site
(engine.output.site). Jinja2 is imported here, when this command runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from engine.cli.common import Invocation, LangOption, WorkspaceOption, handled
from engine.cli.report_cmd import ForceOption

SiteOutputOption = Annotated[Path, typer.Option("--output", "-o", show_default=False)]
ROBUSTNESS_RUNS = 1_000  # the heat table's: a fixed seed, so that the same workspace gives the same site
ROBUSTNESS_SEED = 2024
ROBUSTNESS_WEIGHTS = 200  # ±20 %, as kpi robustness by default


@handled
def site_command(
    output: SiteOutputOption,
    force: ForceOption = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
) -> None:
    """`kpi site` (its help: the message help-site)."""
    from engine.analysis.history import history
    from engine.analysis.plan import plan
    from engine.analysis.robustness import Settings, robustness
    from engine.compare import compare
    from engine.names import result_in
    from engine.output.site import SITE_LANGUAGES, SiteData, build, check_folder, write_site
    from engine.output.views.comparison import comparison_view
    from engine.output.views.history import history_view
    from engine.output.views.plan import plan_view
    from engine.output.views.quarter import quarter_view
    from engine.output.views.robustness import robustness_view
    from engine.safetext import shown_path

    ctx = Invocation(lang, workspace)
    ctx.checks.refuse_broken()  # a document is never made from official files changed since publishing
    check_folder(output, force)  # before the work, not after it
    found = history(ctx.workspace, checks=ctx.checks)
    editions = found.editions
    latest = next((e for e in reversed(editions) if e.status == "official"), editions[-1])
    comparisons = {
        after.quarter: compare(ctx.workspace, before.quarter, after.quarter, checks=ctx.checks)
        for before, after in zip(editions, editions[1:], strict=False)
    }
    # a plan's words name bodies and KPIs: worked out on the quarter as each language names them
    plans = {}
    for language in SITE_LANGUAGES:
        shown = result_in(latest.result, language)
        plans[language] = {b.body.id: plan(shown, b.body) for b in shown.bodies}
    runs = robustness(latest.result, Settings(ROBUSTNESS_WEIGHTS, 0, ROBUSTNESS_RUNS, ROBUSTNESS_SEED))
    data = []
    for language in SITE_LANGUAGES:
        quarters = tuple(quarter_view(e.result, language) for e in editions)
        data.append(
            SiteData(
                lang=language,
                history=history_view(found, language),
                quarters=quarters,
                comparisons={q: comparison_view(c, language) for q, c in comparisons.items()},
                latest=quarters[editions.index(latest)],
                plans={b: plan_view(p, language) for b, p in plans[language].items()},
                robustness=robustness_view(runs, language),
            )
        )
    pages = build(data)
    marker = ctx.t("site-marker", quarters=", ".join(e.quarter for e in editions))
    write_site(output, pages, marker + "\n", force)
    ctx.echo(ctx.t("site-written", pages=len(pages), path=shown_path(output)))
