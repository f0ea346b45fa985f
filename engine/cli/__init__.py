"""The `kpi` command: typer sub-apps per noun; the engine computes, this package presents."""

from __future__ import annotations

import sys

from engine.cli.exits import EXIT_INTERRUPTED


def main() -> None:
    """The `kpi` entry point: Ctrl-C while the command line is still being loaded ends the run
    quietly, as it does once a command runs (engine.cli.app.main), never with a traceback."""
    try:
        from engine.cli.app import main as run
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    run()
