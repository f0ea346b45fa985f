"""`kpi whatif` on a terminal: the changes made, then the comparison as `kpi compare` draws it."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from engine.compare import BodyShift
from engine.output.terminal.compare import print_banners, print_body, print_ranking
from engine.output.views.whatif import WhatIfView


def print_whatif(console: Console, view: WhatIfView, body: BodyShift | None) -> None:
    print_banners(console, view.comparison)
    console.print(Text(view.label("whatif-changes" if view.changes else "whatif-no-changes"), style="bold"))
    for line in view.changes:
        console.print(Text(f"  {line.text}"))
    if view.reweighted:
        console.print(Text(view.label("whatif-renormalised"), style="bold"))
        for line in view.reweighted:
            console.print(Text(f"  {line.text}"))
    console.print()
    if body is None:
        print_ranking(console, view.comparison)
    else:
        print_body(console, view.comparison, body)
    console.print(Text(view.note, style="dim"))
