"""A workspace is a folder with rules/ and quarters/; `kpi` finds it like git finds .git."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from engine import files
from engine.errors import UnknownName, WorkspaceNotFound
from engine.problems import Problem, Where
from engine.safetext import describe, first_unsafe, shown

METHODOLOGY = "methodology.yaml"
QUARTER = "quarter.yaml"
PUBLISHED = "published.yaml"


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def rules_root(self) -> Path:
        return self.root / "rules"

    @property
    def quarters_root(self) -> Path:
        return self.root / "quarters"

    def display(self, path: Path) -> str:
        """How a file is named in messages: relative to the workspace, with forward slashes.
        Lexical, links not followed: a link is named where it is, not where it leads."""
        relative = os.path.relpath(os.path.abspath(path), self.root)
        return Path(relative).as_posix() if not relative.startswith("..") else path.as_posix()

    def read_text(self, path: Path) -> tuple[str | None, list[Problem]]:
        """A file of this workspace, read under the file-access policy (`engine.files`)."""
        return files.read_text(self.root, path, self.display(path), real_root=self.real_root)

    @cached_property
    def real_root(self) -> str:
        """The root with every link followed, found once (each file read is checked against it)."""
        return os.path.realpath(self.root)

    def read_folder(self, folder: Path) -> tuple[Workspace, dict[Path, tuple[str | None, list[Problem]]]]:
        """Every YAML file of `folder` read now, under the file-access policy (a refused file
        by why it was refused): the texts, and this workspace giving that listing and those
        texts again instead of reading again, so that what is loaded is exactly what was
        hashed (engine.scoring, engine.readcache)."""
        texts = {path: self.read_text(path) for path in self.yaml_files(folder)}
        return _AlreadyRead(self.root, texts, {folder: list(texts)}), texts

    def yaml_files(self, folder: Path) -> list[Path]:
        return files.yaml_entries(folder)

    def rules_versions(self) -> list[str]:
        return _children_with(self.rules_root, METHODOLOGY)

    def unnamable_versions(self) -> list[Problem]:
        return unnamable(self.rules_root, METHODOLOGY)

    def quarters(self) -> list[str]:
        return _children_with(self.quarters_root, QUARTER)

    def rules_dir(self, version: str) -> Path:
        return self.rules_root / _resolve("rules", version, self.rules_versions())

    def quarter_dir(self, quarter: str) -> Path:
        return self.quarters_root / _resolve("quarter", quarter, self.quarters())


@dataclass(frozen=True)
class _AlreadyRead(Workspace):
    texts: dict[Path, tuple[str | None, list[Problem]]] = field(default_factory=dict, compare=False)
    listings: dict[Path, list[Path]] = field(default_factory=dict, compare=False)

    def read_text(self, path: Path) -> tuple[str | None, list[Problem]]:
        found = self.texts.get(path)
        return found if found is not None else super().read_text(path)

    def yaml_files(self, folder: Path) -> list[Path]:
        listed = self.listings.get(folder)
        return list(listed) if listed is not None else super().yaml_files(folder)


def find_workspace(start: Path | None = None, explicit: Path | None = None) -> Workspace:
    """The workspace named by --workspace, or the nearest folder upward with rules/ and quarters/."""
    if explicit is not None:
        if _is_workspace(explicit):
            return Workspace(explicit.resolve())
        raise WorkspaceNotFound("workspace-not-found-explicit", path=shown(str(explicit)))
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the current folder was deleted, or cannot be read
        raise WorkspaceNotFound("workspace-no-cwd") from None
    for folder in (here, *here.parents):
        if _is_workspace(folder):
            return Workspace(folder)
    raise WorkspaceNotFound(path=shown(str(here)))


def _is_workspace(folder: Path) -> bool:
    try:
        return (folder / "rules").is_dir() and (folder / "quarters").is_dir()
    except OSError:  # a path too long, a name the system refuses
        return False


def _children_with(folder: Path, marker: str) -> list[str]:
    """Folders holding `marker` in any form: one that is a folder or a FIFO is then reported
    by the reader, not mistaken for a quarter or a version that does not exist. A folder
    whose name holds an invisible or control character (or is not UTF-8) is no version and
    no quarter: its name would reach every heading (see `unnamable`)."""
    return [name for name in _with_marker(folder, marker) if first_unsafe(name) is None]


def _with_marker(folder: Path, marker: str) -> list[str]:
    try:
        return sorted(p.name for p in folder.iterdir() if p.is_dir() and os.path.lexists(p / marker))
    except OSError:
        return []


def unnamable(folder: Path, marker: str) -> list[Problem]:
    """A problem for each folder that would be a version or a quarter but for its name."""
    return [
        Problem(Where(f"{folder.name}/{shown(name)}"), "folder-name-invisible", args={"char": describe(name[index])})
        for name in _with_marker(folder, marker)
        if (index := first_unsafe(name)) is not None
    ]


def _resolve(kind: str, name: str, known: list[str]) -> str:
    """The exact folder name for `name` (case-insensitive), or UnknownName listing what exists."""
    for candidate in known:
        if candidate.casefold() == name.casefold():
            return candidate
    raise UnknownName(kind, name, known)
