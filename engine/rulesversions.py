"""Rules versions made safely: a new version is a copy of an old one marked as a draft, and a
version that scored an official quarter is protected by the fingerprint that quarter keeps.

A fingerprint is one SHA-256 per YAML file of the version, of its text with line ends made
LF (a checkout on Windows that turns them into CRLF is not an edit). `kpi quarter publish`
writes it into quarter.yaml (`rules_files`); `kpi rules validate` compares it with the files (engine.checks.rules).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from engine.errors import ProblemsFound, UsageError
from engine.portable import name_problem
from engine.problems import Problem
from engine.workspace import Workspace
from engine.writing import platform_text, write_files

VERSION_NAME = re.compile(r"[0-9A-Za-z](?:[0-9A-Za-z._-]{0,38}[0-9A-Za-z])?")  # no trailing dot (Windows drops it)
YEAR = re.compile(r"^((?:19|20|21)[0-9]{2})")


def fingerprint(workspace: Workspace, version: str) -> tuple[dict[str, str], list[Problem]]:
    """`{file name: "sha256:…"}` of every YAML file of rules/<version>."""
    folder = workspace.rules_root / version
    prints: dict[str, str] = {}
    problems: list[Problem] = []
    for path in workspace.yaml_files(folder):
        text, found = workspace.read_text(path)
        problems += found
        # a file that cannot be read is there all the same: it differs from what was published
        prints[path.name] = "unreadable" if text is None else "sha256:" + _digest(text)
    return prints, problems


def _digest(text: str) -> str:
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def check_name(version: str) -> None:
    if not VERSION_NAME.fullmatch(version):  # no slash, no trailing dot: what a version name is
        raise UsageError("rules-version-name", version=version)
    found = name_problem(version)  # a device name (con, aux.2025), which the pattern lets through
    if found is not None:
        raise UsageError(found[0], **found[1])


def year_of(version: str) -> int | None:
    found = YEAR.match(version)
    return int(found.group(1)) if found else None


def new_version(workspace: Workspace, version: str, source: str, year: int, old_year: int | None = None) -> Path:
    """rules/<version>: a copy of rules/<source> with `year` and `status: draft` set in its
    methodology.yaml (comments and layout kept), and the year the comments name the rules by
    (`old_year`: «правила 2023 года (цели N — на 2023 год)») made the new one. Never over an
    existing version; the folder appears whole or not at all."""
    check_name(version)
    files = {}
    for path in workspace.yaml_files(workspace.rules_dir(source)):
        text, problems = workspace.read_text(path)
        if text is None:
            raise ProblemsFound(problems)
        text = text.replace("\r\n", "\n")  # written back in the platform's own line ends
        if old_year is not None and old_year != year:
            text = renamed_year(text, old_year, year)
        files[path.name] = draft_methodology(text, year) if path.name == "methodology.yaml" else text
    taken = UsageError("rules-version-exists", version=version)
    written = {name: platform_text(text) for name, text in files.items()}
    return write_files(workspace.rules_root / version, written, taken=taken)


def renamed_year(text: str, old: int, new: int) -> str:
    """The comments' mentions of the rules' year made `new`: «правила 2023 года», «правил 2023
    года», «цели N — на 2023 год». Another year (the report a KPI comes from, «за I квартал 2024
    года») and anything outside a comment stay as they are."""
    mentions = re.compile(rf"((?:правила|правил|на)\s+){old}(?=\s+год)")

    def comment(line: str) -> str:
        if not line.lstrip().startswith("#"):
            return line
        return mentions.sub(lambda m: f"{m.group(1)}{new}", line)

    return "\n".join(comment(line) for line in text.split("\n"))


def draft_methodology(text: str, year: int) -> str:
    """methodology.yaml with its top-level `year:` set and `status: draft` (added after the
    year when the file has no status)."""
    lines = text.split("\n")
    year_at = next((i for i, line in enumerate(lines) if re.match(r"year\s*:", line)), None)
    status_at = next((i for i, line in enumerate(lines) if re.match(r"status\s*:", line)), None)
    if year_at is None:
        lines.insert(0, f"year: {year}")
        year_at = 0
        if status_at is not None:
            status_at += 1
    else:
        lines[year_at] = f"year: {year}" + _comment(lines[year_at])
    status = "status: draft          # черновик: не использовать для официальных кварталов"
    if status_at is None:
        lines.insert(year_at + 1, status)
    else:
        lines[status_at] = status
    return "\n".join(lines)


def _comment(line: str) -> str:
    """A trailing `# comment` of a plain `key: value` line, kept with its spacing."""
    found = re.search(r"\s+#.*$", line)
    return found.group(0) if found else ""
