"""A test mode without the APIs Windows' CPython lacks: `pytest -p tests.windows_like …`.

What `make test` runs under it: the CLI tests, the guide and the Windows tests (tests marked
`posix_only` are skipped, each saying why). In this process the APIs are hidden as this plugin
is loaded, before the engine is imported; every Python the tests start hides them too, through
the `sitecustomize` beside this file on PYTHONPATH. See `sitecustomize` for what it catches and
what it does not.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.windows_like import sitecustomize

HERE = str(Path(__file__).resolve().parent)
os.environ["PYTHONPATH"] = os.pathsep.join([HERE, *filter(None, [os.environ.get("PYTHONPATH")])])
os.environ["KPI_TEST_WINDOWS_LIKE"] = "1"  # tests that change their expectation read it


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    # pytest names its temporary folder after os.getuid() unless given one (as on Windows)
    if not config.option.basetemp:
        config.option.basetemp = tempfile.mkdtemp(prefix="pytest-windows-like-")
    # after the project's "error": filelock's note that it has no fcntl here (see sitecustomize)
    config.addinivalue_line("filterwarnings", "ignore:only soft file lock is available")


def pytest_report_header() -> str:
    return (
        "windows_like: hidden "
        f"{len(sitecustomize.MODULES)} modules, {len(sitecustomize.OS_NAMES)} os names, "
        f"{len(sitecustomize.SIGNAL_NAMES)} signal names"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        marker = item.get_closest_marker("posix_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else "needs a POSIX API"
            item.add_marker(pytest.mark.skip(reason=f"windows_like mode: {reason}"))
