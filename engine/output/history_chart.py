"""The history chart: each body's place over the quarters, a line per body, its short name
written at both ends of its line (no legend to hunt through), the first place at the top.

Drawn as the ranking chart is (engine.output.chart): matplotlib imported here only, DejaVu
Sans (it has Cyrillic), PNG at 300 dpi or SVG; an example quarter is marked on the axis as
the history marks it (2024Q2*), and the marks are explained under the chart.
"""

from __future__ import annotations

import io
import os

from engine.output.chart import DPI, WIDTH_CM
from engine.output.views.history import HistoryView

# Colours told apart in print and by readers with a colour-vision deficiency (Okabe-Ito, and
# darker shades of it), each with a dash pattern of its own after the first eight
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C6D1F")
DASHES = ("-", "--", ":")
FONT = "DejaVu Sans"


def history_chart(view: HistoryView, fmt: str = "png") -> bytes:
    """The chart of a history, as PNG or SVG bytes."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.figure import Figure

    columns = view.columns
    count = max(e.count for e in view.history.editions)
    height_cm = 3.0 + 0.55 * count
    figure: Figure = plt.figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI)
    try:
        with matplotlib.rc_context({"font.family": FONT, "svg.fonttype": "none"}):
            bottom = (1.0 + 0.35 * len(view.notes)) / height_cm  # the quarters and the notes under the lines
            top = 1 - 1.0 / height_cm  # the title above them
            axes = figure.add_axes((0.17, bottom, 0.66, top - bottom))
            xs = list(range(len(columns)))
            left: dict[int, list[str]] = {}
            right: dict[int, list[str]] = {}
            for index, line in enumerate(view.lines):
                colour = COLOURS[index % len(COLOURS)]
                dash = DASHES[(index // len(COLOURS)) % len(DASHES)]
                ys = [float(s.rank) if s is not None else float("nan") for s in line.body.standings]
                axes.plot(xs, ys, color=colour, linestyle=dash, linewidth=1.4, marker="o", markersize=3)
                present = [(x, s) for x, s in zip(xs, line.body.standings, strict=True) if s is not None]
                if present:
                    first, last = present[0], present[-1]
                    left.setdefault(first[1].rank if first[0] == 0 else -1, []).append(line.body.short)
                    if last[0] == xs[-1]:
                        right.setdefault(last[1].rank, []).append(line.body.short)
                    else:  # gone before the last quarter: named where its line ends
                        axes.annotate(
                            line.body.short,
                            (last[0], last[1].rank),
                            xytext=(4, 4),
                            textcoords="offset points",
                            fontsize=6,
                            color=colour,
                        )
                    if first[0] != 0:  # came later: named where its line begins
                        axes.annotate(
                            line.body.short,
                            (first[0], first[1].rank),
                            xytext=(-4, 4),
                            textcoords="offset points",
                            fontsize=6,
                            color=colour,
                            ha="right",
                        )
            for rank, names in right.items():
                axes.text(xs[-1] + 0.12, rank, f"{rank}  {', '.join(names)}", va="center", fontsize=6.5)
            for rank, names in left.items():
                if rank > 0:
                    axes.text(-0.12, rank, f"{', '.join(names)}  {rank}", va="center", ha="right", fontsize=6.5)
            axes.set_ylim(count + 0.6, 0.4)  # the first place at the top
            axes.set_yticks([])
            axes.set_xlim(-0.05, max(xs[-1], 1) + 0.05)
            axes.set_xticks(xs, [c.heading for c in columns], fontsize=7)
            axes.spines[["top", "right", "left"]].set_visible(False)
            axes.xaxis.grid(True, color="#dddddd", linewidth=0.6)
            axes.set_axisbelow(True)
            figure.suptitle(view.label("history-chart-title"), fontsize=9, x=0.02, ha="left")
            if view.notes:
                figure.text(0.02, 0.02, "\n".join(view.notes), fontsize=6, va="bottom", wrap=True)
            buffer = io.BytesIO()
            metadata = {"Software": None} if fmt == "png" else {"Date": None}
            figure.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    finally:
        plt.close(figure)
    return buffer.getvalue()
