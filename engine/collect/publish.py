"""`kpi quarter publish`: a quarter becomes official, and keeps the fingerprint of the rules it
was scored with (engine.rulesversions) so that any later edit of those rules is seen.

quarter.yaml is edited as text, its comments and layout kept: `status:` becomes official and
a `rules_files:` block (replaced if there was one) lists a SHA-256 per rules file."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.errors import OpenWarnings, ProblemsFound, UsageError
from engine.problems import Problem
from engine.workspace import Workspace

BLOCK_NOTE = (
    "# Контрольные суммы правил {rules}, по которым квартал опубликован (kpi quarter publish).\n"
    "# Не правьте их: по ним kpi rules validate замечает любую правку официальных правил.\n"
)


# the comment `kpi quarter new` writes at the top of a draft quarter, and what replaces it on publishing
DRAFT_NOTE = re.compile(r"# (\S+): данные собираются \(черновик\)\.")
PUBLISHED_NOTE = (
    "# {quarter}: квартал опубликован (kpi quarter publish), данные окончательные.\n"
    "# Отчёт и выгрузку, сформированные до публикации, сформируйте заново: те были черновиками."
)


@dataclass(frozen=True)
class Published:
    quarter: str
    rules: str
    files: int  # rules files fingerprinted
    written: bool  # False: it was published already, with these rules
    reviewed: int = 0  # warnings said to be reviewed (--reviewed)


def publish_quarter(workspace: Workspace, quarter: str, reviewed: bool = False) -> Published:
    """Make `quarter` official, or say why not: an example never becomes official, a quarter
    under draft rules neither, nor one with problems or whose rules changed since another
    official quarter was scored with them, nor one with open warnings unless `reviewed` says
    someone looked at them. quarter.yaml is written only when it changes: its status, the
    comment that says it, and the rules' fingerprint."""
    from engine.checks import run_checks
    from engine.checks.publication import PUBLICATION, Publishing
    from engine.collect.progress import progress
    from engine.quarter import load_quarter
    from engine.rulesversions import fingerprint
    from engine.scoring import quarter_header, rules_version
    from engine.seal import data_fingerprint
    from engine.writing import write_file

    header = quarter_header(workspace, quarter)
    rules = rules_version(workspace, header.rules)
    prints, unreadable = fingerprint(workspace, rules.id)
    data = data_fingerprint(workspace, header)
    status = rules.methodology.status
    found = run_checks(
        PUBLICATION,
        Publishing(workspace, header.id, rules.id, prints, header.status, status, data, header.data_files, header.file),
    )
    _refuse(found, "publish-example", "publish-draft-rules")
    _, problems = load_quarter(workspace, header, rules)
    problems += [problem for problem in found if problem.code not in REFUSALS]
    if problems or unreadable:
        raise ProblemsFound([*problems, *unreadable])
    warnings = list(progress(workspace, header, rules).warnings)
    if warnings and not reviewed:
        raise OpenWarnings(warnings, header.id)
    path = header.folder / "quarter.yaml"
    text, refused = workspace.read_text(path)
    if text is None:
        raise ProblemsFound(refused)
    _refuse(found, "publish-official-changed")
    updated = published_text(text, rules.id, prints, data)
    written = updated != text.replace("\r\n", "\n")
    if written:
        write_file(path, updated.encode("utf-8"), force=True)
    return Published(header.id, rules.id, len(prints), written, len(warnings))


# the checks of PUBLICATION (engine.checks.publication) that refuse the command itself: a usage
# error (exit 2), each at its point in publish_quarter, not a problem in the files (exit 1)
REFUSALS = ("publish-example", "publish-draft-rules", "publish-official-changed")


def _refuse(found: list[Problem], *codes: str) -> None:
    """UsageError for the first of `found` whose code is one of `codes`."""
    for problem in found:
        if problem.code in codes:
            raise UsageError(problem.code, **problem.args)


def published_text(text: str, rules: str, prints: dict[str, str], data: dict[str, str] | None = None) -> str:
    """quarter.yaml's text with `status: official` and the rules' fingerprint."""
    lines = _without_block(text.replace("\r\n", "\n").rstrip("\n").split("\n"))
    for index, line in enumerate(lines):
        if re.match(r"status\s*:", line):
            lines[index] = "status: official"
            break
    else:
        lines.append("status: official")
    lines = _published_note(lines)
    block = (
        BLOCK_NOTE.format(rules=rules)
        + "rules_files:\n"
        + "".join(f"  {name}: {digest}\n" for name, digest in sorted(prints.items()))
    )
    if data is not None:  # the quarter's own data files: engine.seal
        block += "data_files:\n" + "".join(f"  {name}: {digest}\n" for name, digest in sorted(data.items()))
    return "\n".join(lines).rstrip("\n") + "\n" + block


def _without_block(lines: list[str]) -> list[str]:
    """The lines without an earlier `rules_files:` block and its note."""
    kept: list[str] = []
    inside = False
    for line in lines:
        if re.match(r"(rules_files|data_files)\s*:", line):
            inside = True
            while kept and kept[-1].startswith("# ") and "kpi quarter publish" in "".join(kept[-2:]):
                kept.pop()
            continue
        if inside and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        inside = False
        kept.append(line)
    return kept


def _published_note(lines: list[str]) -> list[str]:
    """The draft's note at the top («данные собираются (черновик)» and the line after it, which
    says how to publish) replaced by one saying the quarter is published."""
    for index, line in enumerate(lines):
        found = DRAFT_NOTE.match(line)
        if found:
            end = index + 1
            while end < len(lines) and lines[end].startswith("# ") and "kpi quarter publish" in lines[end]:
                end += 1
            return [*lines[:index], *PUBLISHED_NOTE.format(quarter=found.group(1)).split("\n"), *lines[end:]]
    return lines
