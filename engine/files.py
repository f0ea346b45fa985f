"""The file-access policy: the one way `kpi` reads a workspace file.

Every file a command reads comes from the workspace, and every reader goes through
`read_text`. What it refuses, each with a message of its own and before reading a byte:

- anything whose real path (symbolic links followed) is outside the workspace: a link to
  /etc/passwd is refused, not followed, and nothing of it is ever printed;
- anything that is not a regular file: a folder named `x.yaml`, a FIFO (opened without
  waiting, so it cannot hang the command), a device such as /dev/zero, a socket;
- a name Windows gives to a device (`con.yaml`, `aux.xlsx`: engine.portable), on every
  system and before opening: on Windows it would open the console or a port;
- a file with other names (hard links): its path is inside the workspace, but the same file
  may be /etc/passwd, and nothing tells where its other names are;
- a dangling link, a loop of links, a file the system will not open;
- a file larger than `MAX_FILE_BYTES` (checked on the open descriptor, before reading; the
  read itself stops one byte past the limit, should the file grow meanwhile);
- text that is not UTF-8.

Listings (`yaml_entries`) return every `*.yaml` entry whatever its kind, so that a folder or
a FIFO with that name is reported by `read_text` instead of being skipped in silence.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from engine.portable import device_name, name_problem
from engine.problems import Problem, Where

MAX_FILE_BYTES = 1_000_000

# POSIX: never wait on a FIFO, never take a terminal, never pass the descriptor on. Windows has
# none of these (and no FIFOs); there O_BINARY keeps the C library from turning CR LF into LF
# and stopping at a Ctrl-Z, and Python's descriptors are not inherited anyway.
_FLAGS = os.O_RDONLY
for _flag in ("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC", "O_BINARY"):
    _FLAGS |= getattr(os, _flag, 0)
_KINDS = (
    (stat.S_ISDIR, "file-kind-directory"),
    (stat.S_ISFIFO, "file-kind-fifo"),
    (stat.S_ISCHR, "file-kind-device"),
    (stat.S_ISBLK, "file-kind-device"),
    (stat.S_ISSOCK, "file-kind-socket"),
)


def inside(root: Path, path: Path, real_root: str | None = None) -> bool:
    """Whether the real path of `path` (every link followed) lies within the real `root`
    (`real_root`, when the caller has it already)."""
    real_root = real_root or os.path.realpath(root)
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def read_text(
    root: Path, path: Path, display: str, limit: int = MAX_FILE_BYTES, real_root: str | None = None
) -> tuple[str | None, list[Problem]]:
    """The text of a workspace file, or None and the one problem that says why not."""
    where = Where(display)
    if device_name(path.name):  # first: on Windows such a name exists, resolves and opens
        return None, [_device(where, path.name)]
    if not os.path.lexists(path):
        return None, [Problem(where, "file-missing")]
    if not inside(root, path, real_root):
        return None, [Problem(where, "file-outside-workspace")]
    raw, problems = _read_regular(path, where, limit, one_name=True)
    if raw is None:
        return None, problems
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(Where(display, line), "file-not-utf8")]


def read_named(path: Path, display: str, limit: int) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a file the user named on the command line (a form to import, say): any
    folder, but a regular file all the same, opened without waiting, its size checked first."""
    where = Where(display)
    if device_name(path.name):
        return None, [_device(where, path.name)]
    if not os.path.lexists(path):
        return None, [Problem(where, "file-missing")]
    return _read_regular(path, where, limit, one_name=False)


def _device(where: Where, name: str) -> Problem:
    """The problem engine.portable gives the name (the same value, so that a folder's check
    and the reader's say it once)."""
    found = name_problem(name)
    assert found is not None
    return Problem(where, found[0], args=found[1])


def _read_regular(path: Path, where: Where, limit: int, one_name: bool) -> tuple[bytes | None, list[Problem]]:
    try:
        descriptor = os.open(path, _FLAGS)
    except OSError as exc:
        return None, [_open_problem(where, exc)]
    try:
        info = os.fstat(descriptor)
        for test, code in _KINDS:
            if test(info.st_mode):
                return None, [Problem(where, "file-not-regular", args={"kind": code})]
        if one_name and info.st_nlink > 1:
            return None, [Problem(where, "file-hard-link", args={"links": info.st_nlink})]
        if info.st_size > limit:
            return None, [Problem(where, "file-too-large", args={"limit": limit, "size": info.st_size})]
        raw = _read_at_most(descriptor, limit + 1)
    except OSError as exc:
        return None, [Problem(where, "file-unreadable", args={"reason": _reason(exc)})]
    finally:
        os.close(descriptor)
    if len(raw) > limit:
        return None, [Problem(where, "file-too-large", args={"limit": limit, "size": len(raw)})]
    return raw, []


def _read_at_most(descriptor: int, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = os.read(descriptor, min(left, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _open_problem(where: Where, exc: OSError) -> Problem:
    if exc.errno == errno.ENOENT:  # the entry exists (checked above): a link to nothing
        return Problem(where, "file-dangling-link")
    if exc.errno == errno.ELOOP:
        return Problem(where, "file-link-loop")
    return Problem(where, "file-unreadable", args={"reason": _reason(exc)})


def _reason(exc: OSError) -> str:
    """The system's reason without the path (the message names the file already)."""
    return exc.strerror or type(exc).__name__


def yaml_entries(folder: Path) -> list[Path]:
    """Every `*.yaml` entry of a folder, sorted by name, of any kind (see the module's note)."""
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith(".yaml"))
    except OSError:
        return []
    return [folder / name for name in names]
