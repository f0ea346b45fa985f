"""Writing the files a command produces, below every layer that produces them: one file
(`write_file`: a report, a chart, a body file) or a set of files (`write_files`: a new quarter,
a rules version, the forms, a site, an import's body files).

Every file's bytes go to a temporary file or folder beside the target and are flushed to disk
before anything takes the target's name, so a reader never sees half a file; what then takes
the name is a rename (or, for one new file, a hard link). How whole a set of files stays is as
much as renames give: a new folder appears by one rename, whole or not at all; a folder
replaced whole is moved aside and the new one renamed in (two renames: between them the name is
briefly free); files replaced inside a folder are renamed one by one after a journal listing
the renames is written, which the next kpi command that takes the workspace's lock finishes
(engine.lock calls finish_journal). The folders themselves are not flushed: after a power cut a rename may be lost
even though the command ended. A failed command removes what it staged; a write that was
killed leaves hidden `.NAME.xxxxxxxx` folders and `.NAME.xxxxxxxx.part` files, which
engine.lock removes in a workspace's quarters/ and rules/.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal

from engine.errors import KpiError, UsageError
from engine.portable import check_new_name
from engine.safetext import shown_path

JOURNAL = ".kpi-import.journal"  # in a folder while write_files renames files into it


def _claim(temporary: str, target: Path) -> None:
    """Give the temporary file the target's name only if the name is free. A hard link fails
    if it is taken meanwhile; a file system without hard links (FAT on a USB stick) gets a
    check and a rename."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError as exc:
        # EINVAL: Windows' answer ("incorrect function") for a FAT or exFAT stick
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EOPNOTSUPP, errno.EMLINK, errno.EINVAL):
            raise
        if os.path.lexists(target):
            raise FileExistsError(str(target)) from None
        os.rename(temporary, target)


class OutputFileError(KpiError):
    """The file cannot be written where the user asked (exit 1)."""


def check_target(path: Path, force: bool = False) -> None:
    """Whether `path` can be written: called before the work of making the file, and again
    when it is written."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    name = shown_path(target)
    if not folder.is_dir():
        raise OutputFileError("output-folder-missing", path=name, folder=shown_path(folder))
    if target.is_dir():
        raise OutputFileError("output-is-folder", path=name)
    if os.path.lexists(target) and not (target.is_symlink() or target.is_file()):
        # a device or a FIFO (-o /dev/null): never replaced, even with --force
        raise OutputFileError("output-not-a-file", path=name)
    if os.path.lexists(target) and not force:
        raise UsageError("output-exists", path=name)


def write_file(path: Path, data: bytes, force: bool = False) -> None:
    """Write `data` to `path`: a new name is taken by a hard link, which fails if the name
    appeared meanwhile (a file system without hard links gets a check and a rename); with
    `force` an existing file is replaced by a rename over it."""
    check_target(path, force)
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    name = shown_path(target)
    try:
        temporary = _staged(folder, target.name, data)
    except OSError as exc:
        raise _failed(exc, name, file=True) from None
    try:
        if force:
            os.replace(temporary, target)
        else:
            _claim(temporary, target)
    except FileExistsError:
        raise UsageError("output-exists", path=name) from None
    except OSError as exc:
        raise _failed(exc, name, file=True) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


Existing = Literal["refuse", "replace", "update"]


def write_files(
    folder: Path, files: Mapping[str, bytes], existing: Existing = "refuse", taken: KpiError | None = None
) -> Path:
    """The files (name → bytes; a name may hold `/` for a subfolder, but not with "update")
    in `folder`; returns the folder. What happens to a folder that exists, `existing` says:

    - "refuse": the folder is new. It is written aside in its parent and renamed into place;
      the rename fails if the name was taken meanwhile by a file or a folder that holds
      anything (on POSIX a rename replaces an empty folder). `taken` (default: output-exists) is
      raised for a name taken before or at the rename; UsageError for a name Windows cannot
      hold or that equals an existing entry but for case.
    - "replace": the folder (which exists) goes, and a new one holding only `files` takes its
      name: the new one written aside, the old one moved aside, the new one renamed in, the old
      one removed. Should the second rename fail, the old folder is put back.
    - "update": the files are written into the folder (which exists), other files kept: each
      staged beside its target, then the journal (`JOURNAL`, the point of commit), then the
      renames, then the journal removed. An error before the journal removes what was staged
      and changes nothing; killed after it, the next command that takes the workspace's lock
      finishes the renames (engine.lock). For a folder in a workspace only: elsewhere nothing
      would finish them.

    A folder that cannot be written is a one-line error (OutputFileError) naming the folder
    written into."""
    if existing == "update":
        _update(folder, files)
        return folder
    parent = folder.parent if str(folder.parent) else Path(".")
    if existing == "refuse":
        check_new_name(parent, folder.name)
        if os.path.lexists(folder):
            raise taken or UsageError("output-exists", path=shown_path(folder))
        with _said(parent):
            parent.mkdir(exist_ok=True)
    with _said(parent):
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    aside: Path | None = None
    try:
        with _said(parent):
            for name, data in files.items():
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
            for made in (staging, *(p for p in staging.rglob("*") if p.is_dir())):
                os.chmod(made, 0o755)
            if existing == "replace":
                aside = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
                os.rmdir(aside)  # a free hidden name beside it (Windows cannot rename onto a folder)
                os.rename(folder, aside)
                try:
                    os.rename(staging, folder)
                except BaseException:
                    os.rename(aside, folder)
                    aside = None
                    raise
            else:
                try:
                    os.rename(staging, folder)  # fails if the name appeared meanwhile: nothing is replaced
                except OSError:
                    if os.path.lexists(folder):
                        raise taken or UsageError("output-exists", path=shown_path(folder)) from None
                    raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
    return folder


def platform_text(text: str) -> bytes:
    """Text as a file opened for writing text writes it: UTF-8, each line end the platform's
    own (CRLF on Windows), for files people edit in the workspace."""
    return text.replace("\n", os.linesep).encode("utf-8")


def _update(folder: Path, files: Mapping[str, bytes]) -> None:
    """write_files' "update": staged, journal, renames (see there)."""
    staged: list[tuple[str, Path]] = []
    committed = False
    try:
        with _said(folder):
            for name, data in files.items():
                assert "/" not in name and "\\" not in name, "an update writes files of the folder itself"
                staged.append((_staged(folder, name, data), folder / name))
            entries = [[Path(temporary).name, target.name] for temporary, target in staged]
            journal = _staged(folder, JOURNAL, json.dumps(entries).encode("utf-8"))
            os.replace(journal, folder / JOURNAL)  # the point of commit
        committed = True
        for temporary, target in staged:
            os.replace(temporary, target)
        os.unlink(folder / JOURNAL)
    finally:
        if not committed:
            for temporary, _ in staged:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)


def finish_journal(journal: Path) -> None:
    """Finish an update that was killed after its point of commit: the renames the journal
    (`JOURNAL`, written by write_files' "update") lists that are not done yet, then the journal
    removed. A journal that cannot be read finishes nothing and is removed; its entries are names
    in the journal's own folder, never paths out of it, and an entry is done only when its first
    name is a regular file staged for its second (`.NAME.xxxxxxxx.part` for NAME)."""
    folder = journal.parent
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entries = []
    if isinstance(entries, list):
        for entry in entries:
            if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(e, str) for e in entry)):
                continue
            part, target = (folder / Path(e).name for e in entry)
            # only what write_files staged for that very name: a planted journal renames nothing
            # else (quarter.yaml over a body file, one rules version over another)
            staged = re.fullmatch(rf"\.{re.escape(target.name)}\.[A-Za-z0-9_]+\.part", part.name)
            if staged and part.is_file() and not part.is_symlink() and not target.is_dir():
                os.replace(part, target)
    journal.unlink()


def _staged(folder: Path, name: str, data: bytes) -> str:
    """`data` in a new file `.NAME.xxxxxxxx.part` of `folder`, flushed to disk: its path."""
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return temporary


def _failed(exc: OSError, name: str, file: bool = False) -> OutputFileError:
    """The one-line error for a write the system refused: a full disk said so for one file."""
    reason = os.strerror(exc.errno) if exc.errno else str(exc)
    code = "output-disk-full" if file and exc.errno == errno.ENOSPC else "output-not-writable"
    return OutputFileError(code, path=name, reason=reason)


@contextlib.contextmanager
def _said(folder: Path) -> Iterator[None]:
    """An OSError in the block as the one-line error naming `folder`."""
    try:
        yield
    except OSError as exc:
        raise _failed(exc, shown_path(folder)) from None
