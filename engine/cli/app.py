"""The `kpi` command line."""

from __future__ import annotations

import typer

from engine.cli import rules_cmd
from engine.cli.check_cmd import check_command
from engine.cli.compare_cmd import compare_command
from engine.cli.explain_cmd import explain_command
from engine.cli.score_cmd import score_command

app = typer.Typer(
    name="kpi",
    help="Рейтинг цифровых заместителей (CDTO) по KPI: правила в YAML, расчёт, объяснение, сверка.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(rules_cmd.app, name="rules")
app.command("score")(score_command)
app.command("explain")(explain_command)
app.command("check")(check_command)
app.command("compare")(compare_command)


def main() -> None:
    app()
