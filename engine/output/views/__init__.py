"""Views: each kind of result in a presentation-neutral form (values, labels, words), read by
every writer — the terminal (rich), the Word report, the chart, the site. Each view's module
also holds its JSON form (`quarter_json`, …): plain data in the shapes the README documents,
which the command line writes with the standard JSON encoder. No view imports a writer."""

from __future__ import annotations

from dataclasses import dataclass

from engine.i18n import tr


@dataclass(frozen=True)
class Labelled:
    """A view in one language, which its writers ask for its labels (column headings, …)."""

    lang: str

    def label(self, code: str, **args: object) -> str:
        return tr(code, self.lang, **args)
