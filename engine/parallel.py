"""One piece of work on the second core: computed in a forked process while this one does
another, its result pickled back (`alongside`); and a list of items shared out between the two
processes as they go (`from_both_ends`: engine.rules checks a large rules version's body files
this way while engine.quarter parses the quarter's data here).

Only where it helps and is safe: an OS with fork and fcntl (not Windows: there everything is
done in this process, one item after another), a process with no other thread, and not
turned off (KPI_PARALLEL=off). Any failure of the fork or of the child — an error, a signal,
a result that does not unpickle — and the work is done here instead, as if nothing had been
tried: the result never depends on where it was computed. Ctrl-C stops both processes.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import signal
import struct
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
X = TypeVar("X")


def available() -> bool:
    off = os.environ.get("KPI_PARALLEL", "").strip().lower() in ("off", "0", "no", "false")
    return _posix() and not off and threading.active_count() == 1


def _posix() -> bool:
    """fork, the lock of the shared ends and SIGKILL: all POSIX, none on Windows."""
    if not (hasattr(os, "fork") and hasattr(signal, "SIGKILL")):
        return False
    try:
        import fcntl  # noqa: F401
    except ImportError:
        return False
    return True


def alongside(work: Callable[[], T], meanwhile: Callable[[], None]) -> T:
    """work() in a forked child while meanwhile() runs here; then work()'s result."""
    if not available():
        meanwhile()
        return work()
    try:
        source, sink = os.pipe()
    except OSError:  # no descriptors left: one at a time
        meanwhile()
        return work()
    try:
        child = os.fork()
    except OSError:  # no processes left, a sandbox that forbids fork: one at a time
        os.close(source)
        os.close(sink)
        meanwhile()
        return work()
    if child == 0:  # pragma: no cover - the forked process (its lines run, but not under coverage)
        code = 1
        try:
            os.close(source)
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(sink, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)  # no atexit, no flushing of the parent's buffers
    os.close(sink)
    with os.fdopen(source, "rb") as received:  # closed however meanwhile() ends
        try:
            meanwhile()
            data = received.read()
            _, status = os.waitpid(child, 0)
        except BaseException:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            raise
    if os.waitstatus_to_exitcode(status) == 0:
        try:
            result: T = pickle.loads(data)  # noqa: S301  (our own child's bytes, through a pipe)
            return result
        except Exception:  # noqa: BLE001, S110  (a broken result is computed again here)
            pass
    return work()


def from_both_ends(items: Sequence[X], each: Callable[[X], T], meanwhile: Callable[[], None]) -> list[T]:
    """[each(item) for item in items], in their order, with meanwhile() done first here. A
    forked child takes the items from the front while meanwhile() runs; this process then takes
    them from the back, until the two meet: however long each part takes, neither process
    waits for the other more than one item. Each process calls `each` on its own items only,
    the child from the first on, this process from the last back; when `each` raises, what
    one pass raises is raised."""
    if not available() or len(items) < 2:
        meanwhile()
        return [each(item) for item in items]
    with _ends(len(items)) as take:

        def front() -> list[T]:
            done = []
            while (index := take(True)) is not None:
                done.append(each(items[index]))
            return done

        back: list[T] = []

        def here() -> None:
            meanwhile()
            with contextlib.suppress(Exception):  # the item is done again below, in order
                while (index := take(False)) is not None:
                    back.append(each(items[index]))

        first = alongside(front, here)
    if len(first) + len(back) != len(items):
        # the child failed, or an item failed here: every item before those done from the back
        # is done here in order, so that the first item to fail raises, as in one pass
        first = [each(item) for item in items[: len(items) - len(back)]]
    return first + back[::-1]


@contextlib.contextmanager
def _ends(count: int) -> Iterator[Callable[[bool], int | None]]:
    """`take(from_front)`: the next index of range(count) from the front or the back, or None
    once the two ends meet; safe between a process and its forked child. The two ends are kept
    in shared memory, under a lock the system releases if a process dies holding it."""
    import fcntl  # here, not at the top: Windows has none, and never comes here (available())

    with tempfile.TemporaryFile() as lock, mmap.mmap(-1, 16) as ends:
        struct.pack_into("qq", ends, 0, 0, count)

        def take(from_front: bool) -> int | None:
            fcntl.lockf(lock, fcntl.LOCK_EX)
            try:
                first: int
                last: int
                first, last = struct.unpack_from("qq", ends)
                if first >= last:
                    return None
                if from_front:
                    struct.pack_into("q", ends, 0, first + 1)
                    return first
                struct.pack_into("q", ends, 8, last - 1)
                return last - 1
            finally:
                fcntl.lockf(lock, fcntl.LOCK_UN)

        yield take
