"""The checks of names Windows cannot check out (engine.portable says what Windows lacks): a
rules version's or a quarter's folder, its name among its siblings and every entry in it. Run
by engine.rules and engine.quarterheader as they read a version or a quarter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.checks import ERROR, Check, Stage
from engine.portable import entry_problems, folder_problems
from engine.problems import Problem

PORTABLE_CODES = ("portable-device-name", "portable-trailing", "portable-character", "portable-case-clash")


@dataclass(frozen=True)
class Folder:
    """A folder of a workspace (a rules version, a quarter): `parent` holds it, each named in
    messages as `parent_display` and `display`."""

    parent: Path
    name: str
    parent_display: str
    display: str

    @property
    def path(self) -> Path:
        return self.parent / self.name


def _folder_name(folder: Folder) -> list[Problem]:
    """The folder's own name: one Windows can hold, and not another entry's but for case."""
    return entry_problems(folder.parent, folder.name, folder.parent_display)


def _entry_names(folder: Folder) -> list[Problem]:
    """Every entry of the folder: names Windows can hold, none equal to another but for case."""
    return folder_problems(folder.path, folder.display)


PORTABILITY: Stage[Folder] = Stage(
    "portability",
    (
        Check("folder_name", PORTABLE_CODES, ERROR, _folder_name),
        Check("entry_names", PORTABLE_CODES, ERROR, _entry_names),
    ),
)
