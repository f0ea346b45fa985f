"""The method block of the report, generated from methodology.yaml: every variant's Z and W in
the report's notation, the policies for no target and no data, how directions and R are
totalled, the declared rounding in words, and the legend of symbols with the targets' year.
A changed methodology changes the block by itself: nothing here names a variant or a formula."""

from __future__ import annotations

from dataclasses import dataclass

from engine.formats import number
from engine.i18n import tr
from engine.method import Methodology
from engine.output.notation import notation

# the legend's order, as the published report gives it; a symbol is listed when the method uses it
LEGEND = ("a", "b", "Z", "U", "N", "W", "R")


@dataclass(frozen=True)
class MethodBlock:
    formulas: tuple[str, ...]  # «Z=a/b*100», «Доля, чем больше — тем лучше: W=ЕСЛИ(Z>=N;U;Z/N*U)», …
    rounding: str  # the declared rounding in words
    legend: tuple[str, ...]  # «a – числитель», …, «N – предусмотренное значение на 2023 год», …


def method_block(methodology: Methodology, lang: str) -> MethodBlock:
    variants = list(methodology.variants.values())
    shares = {v.share.source for v in variants if v.share is not None}
    one_share = len(shares) == 1
    formulas: list[str] = []
    if one_share:
        share = next(v.share for v in variants if v.share is not None)
        assert share is not None
        formulas.append(f"Z={notation(share, lang)}")
    for variant in variants:
        parts = []
        if variant.share is not None and not one_share:
            parts.append(f"Z={notation(variant.share, lang)}")
        parts.append(f"W={notation(variant.assigned, lang)}")
        formulas.append(tr("method-variant", lang, title=variant.title, formulas="; ".join(parts)))
    formulas.append(tr("method-no-target", lang, value=number(methodology.no_target_assigned, lang)))
    formulas.append(tr("method-no-data", lang, value=number(methodology.no_data_assigned, lang)))
    # each rounding mode's and aggregation's words in the catalogues, keyed by its registry name
    formulas.append(tr(f"method-direction-{methodology.direction_aggregation.name}", lang))
    formulas.append(tr(f"method-body-{methodology.body_aggregation.name}", lang))
    rounding = methodology.rounding
    rounding_text = tr(
        f"method-rounding-{rounding.mode}",
        lang,
        places=tr("method-places", lang, n=rounding.places) if rounding.places else tr("method-places-0", lang),
    )
    used = {name for v in variants for f in (v.share, v.assigned) if f is not None for name in f.names}
    used |= {"Z"} if any(v.share is not None for v in variants) else set()
    legend = tuple(
        tr(f"legend-{symbol}", lang, year=methodology.year)
        if symbol != "R"
        else tr(f"legend-R-{methodology.direction_aggregation.name}", lang)
        for symbol in LEGEND
        if symbol in used or symbol in ("W", "R")
    )
    return MethodBlock(tuple(formulas), rounding_text, legend)
