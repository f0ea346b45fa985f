"""Checked rules versions and quarters kept between runs, as mypy, ruff and black keep theirs.

Reading the files of a rules version or a quarter (YAML with positions, schemas, numbers, the
checks of the method) is most of what a command does on a large quarter, and the same
unchanged files are read by every `score`, `explain`, `compare` and `report` of a working
session. What reading gave, when it found no problem, is kept in the user's cache folder
under a key made of everything it depends on:

- the text and name of every file read (every position names its file);
- what was asked (the rules version, the quarter, under which rules, how strictly);
- the code that reads and checks (every source file of the engine, the schemas, the Python
  and library versions): any change of `kpi` reads everything again.

What is kept is exactly what reading the files gave, so a figure never depends on whether it
came from here. Nothing is kept when there were problems (the files are read again, and the
problems said again). The folder is the user's own (`$KPI_CACHE_DIR`, else `$XDG_CACHE_HOME/kpi` or
`~/.cache/kpi`; on Windows `%LOCALAPPDATA%\\kpi`), never a workspace's: a workspace can come
from anyone, and what is kept here is loaded with pickle. A folder that others may write to
is not used; an entry that cannot be loaded is read again from the files. At most
KEEP_ENTRIES entries of the KEEP_VERSIONS newest code versions stay. `KPI_CACHE=off` turns all
of it off; deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import re
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from engine.errors import KpiError
from engine.writing import write_file

T = TypeVar("T")

KEEP_VERSIONS = 3  # code versions whose entries stay (one per kpi installed, say)
KEEP_ENTRIES = 64  # entries per code version: the oldest go first (every edit makes new ones)


def _folder() -> Path | None:
    """The folder to keep in: made if need be, but never its user's home or profile folder
    (a HOME that does not exist is not created); None when there is none or it is turned off."""
    if os.environ.get("KPI_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    explicit = os.environ.get("KPI_CACHE_DIR")
    if explicit:
        # an absolute path only: a relative one would put the cache wherever kpi runs, a
        # workspace included (as the XDG specification says of its own variables)
        if not Path(explicit).is_absolute():
            return None
        folder = Path(explicit)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        base = Path(local) if local and Path(local).is_absolute() else None
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(xdg) if Path(xdg).is_absolute() else Path.home() / ".cache"
        if base.is_absolute() and base.parent.is_dir():
            base.mkdir(exist_ok=True, mode=0o700)  # ~/.cache, as other tools make it
    if base is None or not base.is_absolute() or not base.is_dir():
        return None
    folder = base / "kpi"
    folder.mkdir(exist_ok=True, mode=0o700)
    return folder


@cache
def _code_version() -> str:
    """What reading depends on besides the file: the engine's code and data, and versions."""
    digest = hashlib.sha256()
    engine = Path(__file__).resolve().parent
    schemas = engine / "schemas" if (engine / "schemas").is_dir() else engine.parent / "schemas"
    for path in sorted([*engine.rglob("*.py"), *schemas.glob("*.json")]):
        digest.update(path.relative_to(path.parents[1]).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for package in ("yaml", "ruamel.yaml", "jsonschema", "simpleeval"):
        # the installed copy, by its first file (importlib.metadata reads every installed
        # distribution's metadata to say one version)
        spec = importlib.util.find_spec(package)
        origin = spec.origin if spec is not None else None
        if origin and os.path.exists(origin):
            info = os.stat(origin)
            digest.update(f"{package}:{origin}:{info.st_size}:{info.st_mtime_ns}".encode())
        else:
            digest.update(package.encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:24]


def _versions_folder() -> Path | None:
    """This code version's folder, made if need be; None when there is none to use. Asked
    again each time: the folder and the settings that name it are the environment's."""
    try:
        folder = _folder()
        if folder is None or not _private(folder):
            return None
        mine = folder / _code_version()
        if not mine.is_dir():
            mine.mkdir(mode=0o700)
            with contextlib.suppress(OSError):  # what cannot be forgotten now is, another time
                _forget_old(folder, mine)
        return mine
    except (OSError, RuntimeError):  # RuntimeError: no home folder can be found
        return None


def _private(folder: Path) -> bool:
    """Only its owner may write to it (POSIX); elsewhere the user's own profile folder."""
    getuid = getattr(os, "getuid", None)  # POSIX only; Windows: the profile folder is the user's
    if os.name != "posix" or getuid is None:
        return True
    info = folder.stat()
    return info.st_uid == getuid() and not info.st_mode & 0o022


_VERSION = re.compile("[0-9a-f]{24}")
# an entry, or what a write that never finished left: engine.writing's `.NAME.xxxxxxxx.part`
# (`.tmp-…` by kpi before it wrote through engine.writing)
_ENTRY = re.compile(r"(rules|quarter)-[0-9a-f]{64}|\.(rules|quarter)-[0-9a-f]{64}\.[a-z0-9_]{8}\.part|\.tmp-.*")


def _forget_old(folder: Path, mine: Path) -> None:
    """Entries of code versions other than the newest KEEP_VERSIONS are deleted: only folders
    kpi made (a version's name, holding nothing but entries), whatever else the folder holds
    ($KPI_CACHE_DIR may name any folder)."""
    ours = [p for p in folder.iterdir() if p != mine and _VERSION.fullmatch(p.name) and _only_entries(p)]
    ours.sort(key=lambda p: p.stat().st_mtime)
    for old in ours[: max(0, len(ours) - (KEEP_VERSIONS - 1))]:
        for entry in old.iterdir():
            entry.unlink()
        old.rmdir()


def _only_entries(folder: Path) -> bool:
    return (
        folder.is_dir()
        and not folder.is_symlink()
        and all(
            _ENTRY.fullmatch(entry.name) and entry.is_file() and not entry.is_symlink() for entry in folder.iterdir()
        )
    )


def _entry(kind: str, parts: tuple[str, ...]) -> Path | None:
    folder = _versions_folder()
    if folder is None:
        return None
    key = hashlib.sha256("\0".join((kind, *parts)).encode("utf-8", "surrogatepass")).hexdigest()
    return folder / f"{kind}-{key}"


def load(kind: str, *parts: str) -> Any | None:
    """What was kept under this key, or None."""
    entry = _entry(kind, parts)
    if entry is None:
        return None
    try:
        with entry.open("rb") as handle:
            value = pickle.load(handle)  # noqa: S301  (the user's own private folder, see above)
        with contextlib.suppress(OSError):
            os.utime(entry)  # used now: the last to be forgotten
        return value
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001  (a damaged entry: read again from the files, and kept again)
        return None


def remembered(
    kind_of: type[T], load_files: Callable[[], tuple[T | None, list[Any]]], kind: str, *parts: str
) -> tuple[T | None, list[Any]]:
    """What was kept under this key when it is a `kind_of`; else `load_files()`, kept when it
    gave a value and no problem."""
    found = load(kind, *parts)
    if isinstance(found, kind_of):
        return found, []
    value, problems = load_files()
    if value is not None and not problems:
        keep(value, kind, *parts)
    return value, problems


def keep(value: Any, kind: str, *parts: str) -> None:
    """Keep `value` under this key (engine.writing's one-file write: staged beside, renamed
    over); silently nothing when the folder cannot be written."""
    entry = _entry(kind, parts)
    if entry is None:
        return
    try:
        write_file(entry, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), force=True)
        _forget_oldest(entry.parent)
    except (KpiError, OSError, pickle.PicklingError, TypeError, AttributeError):
        return


def _forget_oldest(folder: Path) -> None:
    """Entries past KEEP_ENTRIES are deleted, least recently used first."""
    entries = []
    for entry in os.scandir(folder):
        if not entry.is_file(follow_symlinks=False):
            continue
        if entry.name.startswith("."):  # left by a write that never finished
            if time.time() - entry.stat().st_mtime > 3600:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
            continue
        entries.append(entry)
    if len(entries) <= KEEP_ENTRIES:
        return
    entries.sort(key=lambda entry: entry.stat().st_mtime_ns)
    for old in entries[: len(entries) - KEEP_ENTRIES]:
        with contextlib.suppress(OSError):
            os.unlink(old.path)


def digest(texts: dict[Path, tuple[str | None, list[Any]]]) -> str:
    """The contents of files as read (a refused file by why it was refused), names included."""
    found = hashlib.sha256()
    for path, (text, refused) in sorted(texts.items()):
        name = path.name.encode("utf-8", "surrogateescape")  # a name need not be UTF-8
        found.update(name + b"\0" + (text or repr(refused)).encode("utf-8", "surrogatepass") + b"\0")
    return found.hexdigest()
