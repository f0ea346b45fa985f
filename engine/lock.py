"""One writer at a time, and no reader in the middle of a write: the workspace's lock, and the
clean-up of what a killed write left.

The lock is filelock's ReadWriteLock (an SQLite database, `.kpi/lock.db`, locked through
SQLite's own file locks: on every platform, and released by the system when a process dies).
A command that writes into the workspace (`quarter new`, `import`, `publish`, `unpublish`,
`rules new`) holds it exclusively for the whole command, so a second import waits and then
sees the first's values as existing ones; a command that reads holds it shared, so it never
sees half an import. A workspace that cannot be written to (a read-only checkout) is read
without a lock — nothing can write it either.

What a killed write leaves — a staging folder (`quarters/.2024Q3.x1y2z3w4/`), a `.part` file,
an import's journal — is cleaned by the next command that can take the lock exclusively:
a journal is rolled forward (the write had reached its point of commit), everything else is
removed (it had not). engine.writing writes them all and finishes a journal (finish_journal).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from engine.errors import KpiError
from engine.writing import JOURNAL, finish_journal

LOCK_FILE = Path(".kpi") / "lock.db"
WAIT = 60.0  # seconds a command waits for another to finish writing
_STAGING = re.compile(r"\.[^.].*\.[a-z0-9_]{8}")  # tempfile.mkdtemp(prefix=".NAME.")
_PART = re.compile(r"\..+\.part")  # tempfile.mkstemp(prefix=".NAME.", suffix=".part")


class WorkspaceBusy(KpiError):
    code = "workspace-busy"


class WorkspaceNotWritable(KpiError):
    code = "workspace-not-writable"


def _wait() -> float:
    text = os.environ.get("KPI_LOCK_WAIT", "")
    try:
        return max(0.0, min(float(text), 3600.0)) if text else WAIT
    except ValueError:
        return WAIT


def _lock(root: Path, create: bool) -> object | None:
    """The workspace's lock, or None when there is none and it cannot be made (read only)."""
    from filelock import ReadWriteLock

    path = root / LOCK_FILE
    if not path.exists():
        try:
            path.parent.mkdir(exist_ok=True)
            path.touch(exist_ok=True)
        except OSError as exc:
            if create:
                raise WorkspaceNotWritable(path=str(path.parent), reason=exc.strerror or str(exc)) from None
            return None
    elif not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        if create:
            raise WorkspaceNotWritable(path=str(path.parent), reason=os.strerror(13))
        return None
    return ReadWriteLock(str(path), timeout=_wait(), is_singleton=False)


@contextlib.contextmanager
def hold(root: Path, write: bool) -> Iterator[None]:
    """The lock, exclusive for a writer and shared for a reader, for the `with` block;
    leftovers of a killed write cleaned first."""
    from filelock import Timeout

    if leftovers(root):
        _clean_exclusively(root)
    lock = _lock(root, create=write)
    if lock is None:
        yield
        return
    try:
        try:
            holding = lock.write_lock() if write else lock.read_lock()  # type: ignore[attr-defined]
            holding.__enter__()
        except Timeout:
            raise WorkspaceBusy(seconds=int(_wait())) from None
        except Exception as exc:  # an SQLite file that is not one, a file system without locks
            raise WorkspaceNotWritable(path=str(root / LOCK_FILE), reason=str(exc)) from None
        try:
            if write:
                clean(root)
            yield
        finally:
            holding.__exit__(None, None, None)
    finally:
        lock.close()  # type: ignore[attr-defined]


def _clean_exclusively(root: Path) -> None:
    from filelock import Timeout

    lock = _lock(root, create=False)
    if lock is None:
        return
    try:
        with lock.write_lock():  # type: ignore[attr-defined]
            clean(root)
    except Timeout:
        raise WorkspaceBusy(seconds=int(_wait())) from None
    finally:
        lock.close()  # type: ignore[attr-defined]


def _folders(root: Path) -> list[Path]:
    """Where a write of kpi leaves its staging: quarters/, rules/, each folder in them, .kpi/."""
    found: list[Path] = []
    for parent in (root / "quarters", root / "rules"):
        if parent.is_dir() and not parent.is_symlink():
            found.append(parent)
            with contextlib.suppress(OSError):
                found += [p for p in parent.iterdir() if p.is_dir() and not p.is_symlink() and p.name[:1] != "."]
    if (root / ".kpi").is_dir():
        found.append(root / ".kpi")
    return found


def leftovers(root: Path) -> list[Path]:
    """What a killed write of kpi left: journals, .part files, staging folders."""
    left: list[Path] = []
    for folder in _folders(root):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if (
                name == JOURNAL
                or _PART.fullmatch(name)
                and entry.is_file(follow_symlinks=False)
                or (
                    folder.name in ("quarters", "rules")
                    and _STAGING.fullmatch(name)
                    and entry.is_dir(follow_symlinks=False)
                )
            ):
                left.append(Path(entry.path))
    return left


def clean(root: Path) -> None:
    """Roll every journal forward, then remove every other leftover (under the exclusive lock)."""
    for path in leftovers(root):
        if path.name == JOURNAL:
            finish_journal(path)
    for path in leftovers(root):
        with contextlib.suppress(OSError):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
