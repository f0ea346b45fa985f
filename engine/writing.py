"""Writing a file a command produces (a report, a chart): whole or not at all, never over an
existing file without --force, and a clear error for a folder that is not there or cannot be
written to.

The bytes go to a temporary file in the target's own folder, are flushed to disk, and the
temporary file then takes the target's name: without --force by a hard link, which fails if
the name exists (so a file that appeared meanwhile is not overwritten either), with --force
by a rename over it. A reader never sees half a file, and a failed command leaves no file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from engine.errors import KpiError, UsageError
from engine.safetext import shown_path


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
    """Write `data` to `path` atomically; see the module's note."""
    check_target(path, force)
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    name = shown_path(target)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputFileError("output-not-writable", path=name, reason=exc.strerror or str(exc)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        if force:
            os.replace(temporary, target)
        else:
            _claim(temporary, target)
    except FileExistsError:
        raise UsageError("output-exists", path=name) from None
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        code = "output-disk-full" if exc.errno == errno.ENOSPC else "output-not-writable"
        raise OutputFileError(code, path=name, reason=reason) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
