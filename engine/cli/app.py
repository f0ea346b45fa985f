"""The `kpi` command line."""

from __future__ import annotations

import gc
import sys
from typing import Annotated

import typer

from engine.cli import quarter_cmd, rules_cmd, streams
from engine.cli.analysis_cmd import plan_command, robustness_command, whatif_command
from engine.cli.cards_cmd import cards_command
from engine.cli.check_cmd import check_command
from engine.cli.common import LangOption, WorkspaceOption, message_language, output_failed
from engine.cli.compare_cmd import compare_command
from engine.cli.explain_cmd import explain_command
from engine.cli.history_cmd import history_chart_command, history_command
from engine.cli.language import LocalisedGroup
from engine.cli.report_cmd import chart_command, export_command, report_command
from engine.cli.score_cmd import score_command
from engine.cli.site_cmd import site_command

# Every help text is in the message catalogues (help-<command path>), see engine.cli.language.
app = typer.Typer(
    name="kpi",
    cls=LocalisedGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        from engine.cli.common import version_text

        sys.stdout.write(version_text() + "\n")
        raise typer.Exit(0)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    lang: LangOption = None,
    workspace: WorkspaceOption = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
) -> None:
    """Global options: --lang and --workspace before the command work as after it (the
    commands read them from the root context when they are not given to themselves)."""
    if ctx.invoked_subcommand is None:  # `kpi --lang en`: the help, in that language
        sys.stdout.write(ctx.get_help() + "\n")


app.add_typer(rules_cmd.app, name="rules")
app.add_typer(quarter_cmd.app, name="quarter")
app.command("score")(score_command)
app.command("explain")(explain_command)
app.command("check")(check_command)
app.command("compare")(compare_command)
app.command("report")(report_command)
app.command("chart")(chart_command)
app.command("export")(export_command)
app.command("whatif")(whatif_command)
app.command("robustness")(robustness_command)
app.command("plan")(plan_command)
app.command("history")(history_command)  # issue 20
app.command("history-chart")(history_chart_command)
app.command("site")(site_command)
app.command("cards")(cards_command)


def main() -> None:
    """The `kpi` command: output streams guarded (engine.cli.streams), exit code mapped."""
    # A run builds many small containers that live until it ends: the cycle collector runs a
    # hundred times less often than its default, as in other short-lived command-line tools.
    gc.set_threshold(100_000, 20, 100)
    streams.prepare()
    sys.argv = streams.utf8_arguments(sys.argv)
    try:
        app()
        code: int = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except streams.OutputError as exc:  # a write outside a command (click's usage and help text)
        code = output_failed(exc, message_language(None))
    failed = streams.finish()
    if failed is not None and code not in (streams.EXIT_PIPE, streams.EXIT_IO):
        code = output_failed(failed, message_language(None))
    # The process ends here: what it built is set aside from the collector (gc.freeze), so that
    # the interpreter's last collection at exit does not walk every object of the run again.
    gc.freeze()
    sys.exit(code)
