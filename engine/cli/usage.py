"""Usage errors of the command line (an unknown option, a missing argument, a bad value…): kpi's
own exception, raised by kpi's command and parameter classes (engine.cli.language,
engine.cli.coercion) with a message code and its fields, and shown in the user's language as
typer shows its errors: the usage line, where to find help, the message in a red panel.

typer's errors are never read as text: kpi raises its own where it decides (extra arguments,
an unknown command, a missing or bad value), and the two the option parser raises are told
apart by the attributes click documents for them (`option_name`, `possibilities`) and by the
option's own definition.
"""

from __future__ import annotations

import re
from typing import Any

from engine.cli.exits import EXIT_USAGE
from engine.i18n import tr


class CommandLineError(Exception):
    """A usage error: the message `code` with `args` (and `suggestions`, said as "did you
    mean"), for the command whose context is `ctx` (None: nothing to show but the message).
    Without a code it is either typer's own text (as_given) or nothing at all: the help already
    shown for a command given without its arguments (exit 2, as click does)."""

    exit_code = EXIT_USAGE

    def __init__(self, code: str | None, ctx: Any, suggestions: str | None = None, **args: Any) -> None:
        super().__init__(code)
        self.code, self.ctx, self.suggestions, self.args_ = code, ctx, suggestions, args
        self.untranslated: str | None = None

    @classmethod
    def as_given(cls, text: str, ctx: Any, exit_code: int) -> CommandLineError:
        """A usage error kpi has no message of its own for: typer's text, as typer says it."""
        error = cls(None, ctx)
        error.untranslated, error.exit_code = text, exit_code
        return error

    @property
    def silent(self) -> bool:
        """Nothing to say: the help was shown instead."""
        return self.code is None and self.untranslated is None

    def text(self, lang: str) -> str:
        if self.untranslated is not None:
            return self.untranslated
        if self.code is None:
            return ""
        text = tr(self.code, lang, **self.args_)
        return text + (tr("cli-did-you-mean", lang, names=self.suggestions) if self.suggestions else "")


def from_click(error: Exception, ctx: Any) -> CommandLineError | None:
    """A usage error typer raised while parsing with `ctx`, as kpi's; None for anything else
    (each keeps the context typer gave it, so the usage line is shown where it was). Told apart by
    type where typer makes the type public (BadParameter; MissingParameter is the one with
    `param_type`), else by the attributes click documents: NoSuchOption (`option_name`,
    `possibilities`) and BadOptionUsage (`option_name`: a flag given a value, or an option given
    none — which, the option's own definition says)."""
    import typer
    from typer.core import TyperArgument

    from engine.safetext import shown

    if isinstance(error, typer.BadParameter):
        param = error.param
        if param is None:
            return CommandLineError("cli-invalid-value", error.ctx, detail=shown(error.message))
        if hasattr(error, "param_type"):
            kind = "cli-missing-argument" if isinstance(param, TyperArgument) else "cli-missing-option"
            return CommandLineError(kind, error.ctx, name=param.get_error_hint())
        return CommandLineError("cli-invalid-value-of", error.ctx, name=param.get_error_hint())
    option = getattr(error, "option_name", None)
    if not isinstance(option, str):
        return None
    where = getattr(error, "ctx", None)  # shown with the usage line when the parser gave it
    if hasattr(error, "possibilities"):
        possible = getattr(error, "possibilities", None) or ()
        return CommandLineError("cli-no-such-option", where, ", ".join(sorted(possible)) or None, option=option)

    for param in ctx.command.get_params(ctx) if ctx is not None else ():
        if option in (*param.opts, *param.secondary_opts):
            code = "cli-option-no-value" if getattr(param, "is_flag", False) else "cli-option-needs-value"
            return CommandLineError(code, where, option=shown(repr(option)))
    return None


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def escaped(value: str) -> str:
    """`value` with terminal control characters as \\xNN (as click echoes what was typed)."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match[0]):02x}", value)


def show(error: CommandLineError, lang: str) -> None:
    """`error` on standard error as typer shows a usage error (typer.rich_utils' styles and
    console settings), in `lang`: the command's usage line, where the help is, the message in a
    panel titled in `lang`."""
    from rich.console import Console
    from rich.markup import escape
    from rich.panel import Panel
    from rich.theme import Theme
    from typer import rich_utils as style

    theme = {
        "option": style.STYLE_OPTION,
        "switch": style.STYLE_SWITCH,
        "negative_option": style.STYLE_NEGATIVE_OPTION,
        "negative_switch": style.STYLE_NEGATIVE_SWITCH,
        "types": style.STYLE_TYPES,
        "types_sep": style.STYLE_TYPES_SEPARATOR,
        "usage": style.STYLE_USAGE,
    }
    console = Console(
        theme=Theme(theme),
        highlighter=style.highlighter,
        color_system=style.COLOR_SYSTEM,
        force_terminal=style.FORCE_TERMINAL,
        width=style.MAX_WIDTH,
        stderr=True,
    )
    ctx = error.ctx
    if ctx is not None:
        console.print(style.highlighter(ctx.get_usage()), style=style.STYLE_USAGE_COMMAND)
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        hint = tr("cli-try-help", lang, command_path=escape(ctx.command_path), help_option=ctx.help_option_names[0])
        console.print(hint, style=style.STYLE_ERRORS_SUGGESTION)
    console.print(
        Panel(
            style.highlighter(error.text(lang)),
            border_style=style.STYLE_ERRORS_PANEL_BORDER,
            title=tr("cli-error", lang),
            title_align=style.ALIGN_ERRORS_PANEL,
        )
    )


def show_aborted(lang: str) -> None:
    """Ctrl-D at a prompt, as typer says it, in `lang`."""
    from rich.console import Console
    from typer import rich_utils as style

    Console(
        color_system=style.COLOR_SYSTEM, force_terminal=style.FORCE_TERMINAL, width=style.MAX_WIDTH, stderr=True
    ).print(tr("cli-aborted", lang), style=style.STYLE_ABORTED)
