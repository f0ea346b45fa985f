"""One piece of work on the second core: computed in a forked process while this one does
another, its result pickled back (engine.rules checks most of a large rules version's body
files this way while engine.quarter parses the quarter's data here).

Only where it helps and is safe: an OS with fork, a process with no other thread, and not
turned off (KPI_PARALLEL=off). Any failure of the fork or of the child — an error, a signal,
a result that does not unpickle — and the work is done here instead, as if nothing had been
tried: the result never depends on where it was computed. Ctrl-C stops both processes.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def available() -> bool:
    off = os.environ.get("KPI_PARALLEL", "").strip().lower() in ("off", "0", "no", "false")
    return hasattr(os, "fork") and not off and threading.active_count() == 1


def alongside(work: Callable[[], T], meanwhile: Callable[[], None]) -> T:
    """work() in a forked child while meanwhile() runs here; then work()'s result."""
    if not available():
        meanwhile()
        return work()
    try:
        source, sink = os.pipe()
        child = os.fork()
    except OSError:  # no processes left, a sandbox that forbids fork: one at a time
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
    try:
        meanwhile()
        with os.fdopen(source, "rb") as received:
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
