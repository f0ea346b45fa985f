"""A problem in a file is a value: where it is, what it is, and how to say it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# The longest text from a file that a message quotes (a formula is at most 300 characters).
ARG_LENGTH = 320
# Problems shown for one file: past this, the file is more likely the wrong file than a file
# with that many mistakes, and the rest are summed up in one line.
MAX_PER_FILE = 100


@dataclass(frozen=True, order=True)
class Where:
    """A position in a workspace file; line and column are 1-based. A cell of a spreadsheet
    is named in `file` itself (`forms/mvd.xlsx!МВД!G7`), with line 0."""

    file: str
    line: int = 1
    column: int = 1

    def shifted(self, columns: int) -> Where:
        return Where(self.file, self.line, self.column + columns)

    def __str__(self) -> str:
        from engine.safetext import escape

        # a file name is the user's too: a line break or an escape sequence in it stays visible
        if self.line == 0:  # a spreadsheet's cell: file.xlsx!Sheet!C7 says it all
            return escape(self.file)
        return f"{escape(self.file)}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place. `code` names a message in `engine.i18n`."""

    where: Where
    code: str
    kpi: str = ""
    args: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    severity: str = field(default="error", compare=False)
    # two problems of one kind at one place differ by their arguments (two missing fields)
    detail: str = field(init=False, default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "detail", repr(sorted(self.args.items(), key=lambda item: item[0])))

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def message(self, lang: str) -> str:
        """`KPI id: message`, in the given language. Text from the file that fills the message
        is shown escaped and cut (engine.safetext): a problem is one line of bounded length."""
        from engine.i18n import tr
        from engine.safetext import shown

        args = {k: shown(v, ARG_LENGTH) if isinstance(v, str) else v for k, v in self.args.items()}
        prefix = tr("problem-kpi-prefix", lang, kpi=shown(self.kpi, ARG_LENGTH)) if self.kpi else ""
        if not self.is_error:
            prefix = tr("warning-prefix", lang) + prefix
        return prefix + tr(self.code, lang, **args)

    def render(self, lang: str) -> str:
        """`file:line:col: KPI id: message`, in the given language."""
        return f"{self.where}: {self.message(lang)}"


def capped(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted, at most MAX_PER_FILE of each file, then one line saying that file has
    more (placed just after the last one shown, so it sorts there too)."""
    by_file: dict[str, list[Problem]] = {}
    for problem in sorted(set(problems)):
        by_file.setdefault(problem.where.file, []).append(problem)
    kept: list[Problem] = []
    for shown in by_file.values():
        kept.extend(shown[:MAX_PER_FILE])
        if len(shown) > MAX_PER_FILE:
            last = shown[MAX_PER_FILE - 1].where
            more = Where(last.file, last.line, last.column + 1)
            kept.append(Problem(more, "problems-more", args={"limit": MAX_PER_FILE}))
    return sorted(kept)


def count_text(problems: Iterable[Problem]) -> str:
    """How many problems a report holds: "7", or "100+" when a file had more than it shows
    (the rest were not counted: reading stopped)."""
    listed = list(problems)
    real = sum(1 for p in listed if p.code != "problems-more")
    return f"{real}+" if real != len(listed) else str(real)
