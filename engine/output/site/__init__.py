"""`kpi site`: the rating as a static web site, built from the same views as the other writers
(quarter, history, comparison, plan, robustness) with Jinja2 templates, autoescape on.

Every page is self-contained: its style and its few lines of script are inline, allowed by the
page's Content-Security-Policy by their SHA-256 (nothing else may load: no CDN, no font, no
image from elsewhere), and its charts are inline SVG drawn here from the view. The content is
read without the script (which only adds sorting to the ranking tables). Russian pages are at
the top of the folder, the Kazakh and English ones in kk/ and en/, each linking to the same
page in the other languages.

The site is written into a new folder beside the target, which then takes the target's name
(engine.writing): a reader finds an earlier site or the new one whole, never a mix. With --force
an earlier site (a folder holding this module's marker file) is moved aside first — for a moment
there is none — and removed after; a folder of anything else is never replaced.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from engine.errors import KpiError, UsageError
from engine.formats import number, signed
from engine.i18n import tr
from engine.output.views.comparison import ComparisonView
from engine.output.views.history import HistoryView, move_text
from engine.output.views.plan import PlanView
from engine.output.views.quarter import KPI_COLUMNS, QuarterView
from engine.output.views.robustness import RobustnessView
from engine.safetext import shown_path
from engine.writing import write_files

MARKER = "kpi-site.txt"  # in every site folder: what --force may replace
SITE_LANGUAGES = ("ru", "kk", "en")
LANGUAGE_NAMES = {"ru": "Русский", "kk": "Қазақша", "en": "English"}
HEAT_LEVELS = 6
# The messages the templates say (t("…")): listed here, where the catalogue checks look for codes;
# tests/test_site.py holds the templates to this list.
TEMPLATE_CODES = (
    "col-a",
    "col-assigned",
    "col-b",
    "col-body",
    "col-compare-score",
    "col-delta",
    "col-drivers",
    "col-history-change",
    "col-kpi",
    "col-kpi-id",
    "col-move",
    "col-name",
    "col-no",
    "col-plan-missing",
    "col-plan-needed",
    "col-plan-score-if",
    "col-quarter",
    "col-rank",
    "col-rank-interval",
    "col-score",
    "col-share",
    "col-target",
    "col-unit",
    "col-weight",
    "history-absent",
    "history-body-title",
    "notes",
    "site-bodies",
    "site-body-absent",
    "site-body-history",
    "site-body-kpis",
    "site-body-plan",
    "site-chart-caption",
    "site-compare",
    "site-compare-caption",
    "site-footer",
    "site-heat-caption",
    "site-history-caption",
    "site-home",
    "site-intro",
    "site-languages",
    "site-name",
    "site-nav",
    "site-plan-caption",
    "site-plan-full",
    "site-quarter-more",
    "site-quarters",
    "site-ranking-caption",
    "site-skip",
    "site-source",
    "site-title",
)


class SiteError(KpiError):
    """The site cannot be written where the user asked (exit 1)."""


@dataclass(frozen=True)
class SiteData:
    """What the site shows, in one language: built by the command from the views."""

    lang: str
    history: HistoryView
    quarters: tuple[QuarterView, ...]  # oldest first, as the history
    comparisons: dict[str, ComparisonView]  # by the later quarter: with the one before it
    latest: QuarterView  # the latest official quarter (the latest of all where none is)
    plans: dict[str, PlanView]  # by body id, in the latest quarter
    robustness: RobustnessView | None  # of the latest quarter


def page_name(kind: str, key: str = "") -> str:
    """index.html, quarter-2024Q1.html, body-mvd.html: ASCII names (ids are ASCII)."""
    return "index.html" if kind == "index" else f"{kind}-{key}.html"


def prefix(lang: str) -> str:
    """Where a page of `lang` is, from the top of the site."""
    return "" if lang == "ru" else f"{lang}/"


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def policy(css: str, js: str) -> str:
    """The Content-Security-Policy of every page: only its own inline style and script."""
    return (
        f"default-src 'none'; style-src '{_digest(css)}'; script-src '{_digest(js)}'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader(__package__, "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def build(data: Sequence[SiteData]) -> dict[str, str]:
    """Every page of the site, by its path inside the folder."""
    env = environment()
    css, js = _asset("site.css"), _asset("site.js")
    common = {"css": css, "js": js, "csp": policy(css, js), "languages": SITE_LANGUAGES, "names": LANGUAGE_NAMES}
    pages: dict[str, str] = {}
    for one in data:
        lang = one.lang

        def t(code: str, /, _lang: str = lang, **args: object) -> str:
            return tr(code, _lang, **args)

        def render(template: str, path: str, title: str, _lang: str = lang, **context: Any) -> None:
            pages[prefix(_lang) + path] = env.get_template(template).render(
                **common,
                **context,
                t=t,
                lang=_lang,
                title=title,
                page=path,
                up="" if _lang == "ru" else "../",
                num=lambda value, _l=_lang: number(value, _l),
                signed=lambda value, _l=_lang: signed(value, _l),
                move_text=move_text,
                plain=_plain,
                prefix=prefix,
            )

        history = one.history
        charts = {q.quarter: ranking_svg(q, t("site-chart-title", quarter=q.quarter)) for q in one.quarters}
        render(
            "index.html",
            page_name("index"),
            t("site-title"),
            history=history,
            latest=one.latest,
            chart=charts[one.latest.quarter],
            quarters=one.quarters,
            bodies=_bodies(history),
        )
        for quarter in one.quarters:
            comparison = one.comparisons.get(quarter.quarter)
            render(
                "quarter.html",
                page_name("quarter", quarter.quarter),
                quarter.title,
                quarter=quarter,
                chart=charts[quarter.quarter],
                comparison=comparison,
                **_comparison_words(comparison, lang),
                robustness=one.robustness if quarter.quarter == one.latest.quarter else None,
                heat=_heat,
                history=history,
            )
        for line in history.lines:
            body = one.latest.body(line.body.id)
            render(
                "body.html",
                page_name("body", line.body.id),
                f"{line.body.short} — {line.body.name}",
                line=line,
                history=history,
                latest=one.latest,
                body=body,
                plan=one.plans.get(line.body.id),
                kpi_columns=KPI_COLUMNS,
            )
    return pages


def _comparison_words(comparison: ComparisonView | None, lang: str) -> dict[str, Any]:
    """The comparison's words, as the report and the terminal say them (views.comparison)."""
    if comparison is None:
        return {}
    from engine.output.views.comparison import drivers, move, scores, summary

    found = comparison.comparison
    return {
        "compare_move": lambda b: move(b, lang).text,
        "compare_scores": lambda b: scores(b, lang),
        "compare_drivers": lambda b: [d for d in drivers(found, b, lang).split("\n") if d],
        "compare_summary": lambda: summary(found, lang),
    }


def _bodies(history: HistoryView) -> list[tuple[str, str, str]]:
    return [(line.body.id, line.body.short, line.body.name) for line in history.lines]


def _plain(value: Decimal | None) -> str:
    """A figure for a machine (the sorting script, a test): 96.4."""
    from engine.numbers import plain

    return "" if value is None else plain(value)


def _heat(share: str) -> int:
    """The heat class (0..5) of a place's share «37», «<1», «>99», "" (never taken)."""
    if not share:
        return 0
    text = share.lstrip("<>").replace(",", ".")
    value = float(text)
    return min(HEAT_LEVELS - 1, 1 + int(value / 100 * (HEAT_LEVELS - 1)))


def ranking_svg(view: QuarterView, title: str) -> str:
    """The ranking as horizontal bars, as SVG markup: every text in it escaped here (_esc), the
    template includes it as it is. Presentation attributes only: the policy allows no style
    attribute."""
    bar_height, gap, left, width, right = 20, 6, 62, 300, 46
    count = len(view.bodies)
    height = count * (bar_height + gap) + 28
    total = left + width + right
    parts = [
        f'<svg class="chart" viewBox="0 0 {total} {height}" role="img" aria-labelledby="chart-{view.quarter}" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="chart-{view.quarter}">{_esc(title)}</title>'
    ]
    for tick in range(0, 101, 20):
        x = left + width * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 22}" stroke="#d0d0d0" stroke-width="1"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{height - 8}" font-size="12" text-anchor="middle" fill="#333333">{tick}</text>'
        )
    for index, body in enumerate(view.bodies):
        y = index * (bar_height + gap) + 2
        w = width * float(min(max(body.score, Decimal(0)), Decimal(100))) / 100
        parts.append(
            f'<text x="{left - 6}" y="{y + 15}" font-size="14" text-anchor="end" fill="#1a1a1a">'
            f"{_esc(body.short)}</text>"
        )
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="#2f5d8a"/>')
        parts.append(
            f'<text x="{left + w + 4:.1f}" y="{y + 15}" font-size="14" fill="#1a1a1a">'
            f"{_esc(number(body.score, view.lang))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _esc(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


# --- writing the folder ---------------------------------------------------------------------


def check_folder(target: Path, force: bool) -> None:
    """Before the work: the target is new (or an empty folder), or --force and an earlier site."""
    name = shown_path(target)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise SiteError("output-folder-missing", path=name, folder=shown_path(parent))
    if not os.path.lexists(target):
        return
    if not target.is_dir() or target.is_symlink():
        raise SiteError("site-not-a-folder", path=name)
    if not any(target.iterdir()):
        return
    if not force:
        raise UsageError("output-exists", path=name)
    if not (target / MARKER).is_file():
        raise SiteError("site-not-a-site", path=name, marker=MARKER)


def write_site(target: Path, pages: dict[str, str], marker: str, force: bool) -> None:
    """All the pages in a folder that takes the target's place whole (engine.writing)."""
    check_folder(target, force)
    files = {path: text.encode("utf-8") for path, text in {**pages, MARKER: marker}.items()}
    write_files(target, files, "replace" if os.path.lexists(target) else "refuse")
