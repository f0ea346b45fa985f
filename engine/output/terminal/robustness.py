"""`kpi robustness` on a terminal: places with their intervals, a heat table of place
probabilities, the KPIs that drive the ranking, and how it was computed."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from engine.output.terminal import print_whole
from engine.output.views.robustness import SHOWN_FACTORS, RobustnessView

# the heat of a place's share: background from pale to deep as the share grows
_HEAT = ((0.9, "bold white on dark_green"), (0.5, "black on green3"), (0.2, "black on dark_sea_green2"), (0.0, "dim"))


def print_robustness(console: Console, view: RobustnessView) -> None:
    if view.stopped:
        console.print(Text(view.stopped, style="bold yellow"))
    table = Table(title=view.title, title_justify="left", caption=view.settings, caption_justify="left")
    table.add_column(view.label("col-rank"), justify="right")
    table.add_column(view.label("col-body"), no_wrap=True)
    table.add_column(view.label("col-score"), justify="right", no_wrap=True)
    table.add_column(view.label("col-median-rank"), justify="right", no_wrap=True)
    table.add_column(view.label("col-rank-interval"), justify="right", no_wrap=True)
    table.add_column(view.label("col-keep"), justify="right", no_wrap=True)
    table.add_column(view.label("col-verdict"), ratio=1)
    for line in view.bodies:
        verdict = Text(line.verdict, style="green" if line.solid else "yellow")
        if line.driver:
            verdict.append(f"\n{line.driver}", style="dim")
        table.add_row(str(line.ranks.rank), line.short, line.score, line.median, line.interval, line.keep, verdict)
    print_whole(console, table)
    print_heat(console, view)
    for said in view.summary:
        console.print(Text(said))
    if view.factors:
        print_factors(console, view)
    for said in view.method:
        console.print(Text(said, style="dim"))


def print_heat(console: Console, view: RobustnessView) -> None:
    heat = Table(
        title=view.label("robustness-heat-title"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 0),
        pad_edge=False,
    )
    heat.add_column(view.label("col-body"), no_wrap=True)
    places = len(view.bodies)
    for place in range(1, places + 1):
        heat.add_column(str(place), justify="right", no_wrap=True, min_width=4)
    for line in view.bodies:
        cells = []
        for place, text in enumerate(line.places, start=1):
            share = line.ranks.share(place)
            style = next(s for limit, s in _HEAT if share > limit or limit == 0.0)
            cells.append(Text(text or "·", style=style if text else "dim"))
        heat.add_row(Text(line.short, style="bold"), *cells)
    print_whole(console, heat)


def print_factors(console: Console, view: RobustnessView) -> None:
    table = Table(title=view.label("robustness-factors-title"), title_justify="left")
    table.add_column(view.label("col-kpi-id"), no_wrap=True)
    table.add_column(view.label("col-body"), no_wrap=True)
    table.add_column(view.label("col-parameter"), no_wrap=True)
    table.add_column(view.label("col-first-order"), justify="right", no_wrap=True)
    table.add_column(view.label("col-total-index"), justify="right", no_wrap=True)
    for line in view.factors[:SHOWN_FACTORS]:
        table.add_row(line.kpi, line.body, line.parameter, line.first_order, line.total)
    print_whole(console, table)
    if len(view.factors) > SHOWN_FACTORS:
        console.print(Text(view.label("robustness-factors-more", n=len(view.factors) - SHOWN_FACTORS), style="dim"))
