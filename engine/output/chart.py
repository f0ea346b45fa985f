"""The ranking chart, as in the report: horizontal bars sorted by R, the value at each bar.

Drawn with matplotlib (imported here, so only `kpi chart` and `kpi report` pay for it) in
DejaVu Sans, the font that ships with matplotlib and has Cyrillic; PNG at print resolution
(300 dpi) or SVG.
"""

from __future__ import annotations

import io
import os
from decimal import Decimal

from engine.formats import number
from engine.output.views.quarter import QuarterView

WIDTH_CM = 16.0  # the text width of an A4 page with the report's margins
DPI = 300
FORMATS = ("png", "svg")


def ranking_chart(view: QuarterView, fmt: str = "png") -> bytes:
    """The chart of a quarter's ranking, as PNG or SVG bytes."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.figure import Figure

    bodies = list(view.bodies)
    labels = [b.short for b in bodies]
    scores = [float(b.score) for b in bodies]  # the drawing only; every figure shown is exact text
    height_cm = 1.6 + 0.62 * len(bodies)
    figure: Figure = plt.figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI)
    try:
        axes = figure.add_axes((0.14, 0.10, 0.80, 0.80))
        with matplotlib.rc_context({"font.family": "DejaVu Sans", "svg.fonttype": "none"}):
            positions = list(range(len(bodies)))[::-1]  # the first place at the top
            bars = axes.barh(positions, scores, height=0.62, color="#2f5d8a")
            axes.set_yticks(positions, labels, fontsize=8, fontfamily="DejaVu Sans")
            axes.set_xlim(0, 100)
            axes.set_xticks(range(0, 101, 20), [number(Decimal(t), view.lang) for t in range(0, 101, 20)])
            axes.tick_params(axis="x", labelsize=7)
            axes.spines[["top", "right"]].set_visible(False)
            axes.xaxis.grid(True, color="#dddddd", linewidth=0.6)
            axes.set_axisbelow(True)
            for bar, body in zip(bars, bodies, strict=True):
                axes.text(
                    bar.get_width() + 1,
                    bar.get_y() + bar.get_height() / 2,
                    number(body.score, view.lang),
                    va="center",
                    fontsize=7.5,
                    fontfamily="DejaVu Sans",
                )
            axes.set_title(
                view.label("chart-title", period=view.period or view.quarter),
                fontsize=9,
                fontfamily="DejaVu Sans",
                loc="left",
            )
            axes.set_xlabel(view.label("chart-axis"), fontsize=7.5, fontfamily="DejaVu Sans")
            buffer = io.BytesIO()
            metadata = {"Software": None} if fmt == "png" else {"Date": None}
            figure.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    finally:
        plt.close(figure)
    return buffer.getvalue()
