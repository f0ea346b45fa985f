"""The seal of an official quarter: what it was published with, kept so that no later edit
goes unseen.

`kpi quarter publish` writes into quarter.yaml a SHA-256 of every file of the quarter's rules
(`rules_files`) and of every data file of the quarter (`data_files`: the body files and
published.yaml). Every command that reads an official quarter compares them with the files:
a terminal command warns first, naming each changed file; a document (report, chart, export)
is refused until the files are restored or the change is made properly (a new rules version;
`kpi quarter unpublish` with a reason, then publish again). An official quarter without a
seal is a problem of its own.

This module says what differs from a seal; what a command then does (warn through the sink
of its engine.checks.CommandChecks, or refuse) is engine.checks.quarter's `seal_check`.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from engine.problems import Problem, Where
from engine.workspace import QUARTER, Workspace

if TYPE_CHECKING:  # engine.quarter reads YAML: loaded only by a command that reads a quarter
    from engine.quarterheader import QuarterHeader


def data_fingerprint(workspace: Workspace, header: QuarterHeader) -> dict[str, str]:
    """`{file name: "sha256:…"}` of every data file of the quarter (all its YAML but quarter.yaml)."""
    prints: dict[str, str] = {}
    for path in workspace.yaml_files(header.folder):
        if path.name == QUARTER:
            continue
        text, _ = workspace.read_text(path)
        prints[path.name] = "unreadable" if text is None else "sha256:" + digest(text)
    return prints


def digest(text: str) -> str:
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def seal_problems(workspace: Workspace, header: QuarterHeader, severity: str = "warning") -> list[Problem]:
    """Every file of an official quarter (its rules, its data) that differs from its seal; an
    official quarter without a seal. Nothing for a quarter that is not official."""
    from engine.rulesversions import fingerprint

    if header.status != "official":
        return []
    where = Where(header.file)
    if not header.rules_files or header.data_files is None:
        return [Problem(where, "seal-missing", args={"quarter": header.id}, severity=severity)]
    rules_now, _ = fingerprint(workspace, header.rules)
    data_now = data_fingerprint(workspace, header)
    problems: list[Problem] = []
    codes = {
        "rules": {
            "changed": "rules-protected-changed",
            "added": "rules-protected-added",
            "removed": "rules-protected-removed",
        },
        "data": {"changed": "seal-changed", "added": "seal-added", "removed": "seal-removed"},
    }
    for folder, sealed, now, kind in (
        (workspace.rules_root / header.rules, header.rules_files, rules_now, "rules"),
        (header.folder, header.data_files, data_now, "data"),
    ):
        for name in sorted(set(sealed) | set(now)):
            if sealed.get(name) == now.get(name):
                continue
            change = "changed" if name in sealed and name in now else "added"
            if name not in now:
                change = "removed"
            display = workspace.display(folder / name)
            args = {"quarter": header.id, "version": header.rules, "file": display}
            problems.append(Problem(Where(display), codes[kind][change], args=args, severity=severity))
    return problems


def first_published(workspace: Workspace, header: QuarterHeader) -> tuple[str, str] | None:
    """In a git workspace, the commit where the quarter was first committed as official with a
    seal, and quarter.yaml's text there; None outside git, without git, or never committed so."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        return None
    path = header.folder / QUARTER

    def run(*argv: str) -> str | None:
        try:
            done = subprocess.run([git, "-C", str(workspace.root), *argv], capture_output=True, timeout=20, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None

    relative = workspace.display(path)  # from the workspace's folder, where git runs (-C)
    commits = run("log", "--reverse", "--format=%H", "--", relative)
    for commit in (commits or "").split()[:500]:
        text = run("show", f"{commit}:./{relative}")
        if text and _SEALED.search(text):
            return commit, text
    return None


_SEALED = re.compile(r"^status\s*:\s*official\s*$(?s:.*)^rules_files\s*:", re.M)
_ENTRY = re.compile(r"^  ([^\s:]+\.yaml)\s*:\s*(sha256:[0-9a-f]{64}|unreadable)\s*$")


def _block(text: str, key: str) -> dict[str, str]:
    found: dict[str, str] = {}
    inside = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if re.match(rf"{key}\s*:", line):
            inside = True
            continue
        if inside:
            entry = _ENTRY.match(line)
            if entry:
                found[entry.group(1)] = entry.group(2)
            elif line.strip() and not line.startswith(" "):
                inside = False
    return found


def reseal_problems(workspace: Workspace, header: QuarterHeader) -> list[Problem]:
    """`kpi check` in a git workspace: the seal compared with the one committed when the quarter
    was first published. A seal changed since is said, file by file, unless the quarter records
    an unpublishing (`kpi quarter unpublish`, with its reason) made after that commit."""
    if header.status != "official" or not header.rules_files:
        return []
    first = first_published(workspace, header)
    if first is None:
        return []
    commit, text = first
    current, _ = workspace.read_text(header.folder / QUARTER)
    if current is None or current.count("\n  - date:") > text.count("\n  - date:"):
        return []  # re-sealed on the record
    changed = []
    for key, now in (("rules_files", header.rules_files), ("data_files", header.data_files or {})):
        then = _block(text, key)
        if key == "data_files" and not then:
            continue  # first sealed before data were sealed
        changed += sorted(name for name in set(then) | set(now) if then.get(name) != now.get(name))
    if not changed:
        return []
    args = {"quarter": header.id, "commit": commit[:10], "files": ", ".join(changed)}
    return [Problem(Where(header.file), "seal-resealed", args=args, severity="warning")]
