"""`python -m engine`: the `kpi` command, for a checkout without the entry point installed."""

from engine.cli import main

main()
