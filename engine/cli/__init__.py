"""The `kpi` command: typer sub-apps per noun; the engine computes, this package presents."""
