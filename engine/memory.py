"""The cycle collector kept out of the building of large structures.

Reading and scoring a quarter builds millions of small objects that all stay alive until the
command ends. Python's cycle collector, which runs after every so many new objects, looks at
the young ones again and again, and at all of them once they are old: at 5000 bodies × 20
KPIs it took 3 s of a 21 s run and found nothing to free. As Mercurial does while it reads
large structures (util.nogc), the collector is paused while they are built. Objects are still
freed the moment nothing refers to them; only reference cycles wait for the collector.

A process that ends with its command (the command line says so: `short_lived`) also sets what
was built aside from later collections (gc.freeze), as servers do before they fork: the
collector then never walks it again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_short_lived = False


def short_lived() -> None:
    """This process ends when its command does: what `building` built is kept out of the
    collector's sight for good (a library's caller, a test run, keeps collecting it)."""
    global _short_lived
    _short_lived = True


@contextmanager
def building() -> Iterator[None]:
    """The cycle collector paused for the block, and left as it was after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _short_lived:
            gc.freeze()
        if enabled:
            gc.enable()
