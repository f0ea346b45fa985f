"""A workspace is a folder with rules/ and quarters/; `kpi` finds it like git finds .git."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.errors import UnknownName, WorkspaceNotFound

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
        """How a file is named in messages: relative to the workspace, with forward slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def rules_versions(self) -> list[str]:
        return _children_with(self.rules_root, METHODOLOGY)

    def quarters(self) -> list[str]:
        return _children_with(self.quarters_root, QUARTER)

    def rules_dir(self, version: str) -> Path:
        return self.rules_root / _resolve("rules", version, self.rules_versions())

    def quarter_dir(self, quarter: str) -> Path:
        return self.quarters_root / _resolve("quarter", quarter, self.quarters())


def find_workspace(start: Path | None = None, explicit: Path | None = None) -> Workspace:
    """The workspace named by --workspace, or the nearest folder upward with rules/ and quarters/."""
    if explicit is not None:
        if _is_workspace(explicit):
            return Workspace(explicit.resolve())
        raise WorkspaceNotFound(path=str(explicit), explicit=True)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_workspace(folder):
            return Workspace(folder)
    raise WorkspaceNotFound(path=str(here), explicit=False)


def _is_workspace(folder: Path) -> bool:
    return (folder / "rules").is_dir() and (folder / "quarters").is_dir()


def _children_with(folder: Path, marker: str) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / marker).is_file())


def _resolve(kind: str, name: str, known: list[str]) -> str:
    """The exact folder name for `name` (case-insensitive), or UnknownName listing what exists."""
    for candidate in known:
        if candidate.casefold() == name.casefold():
            return candidate
    raise UnknownName(kind, name, known)
