"""The command line in the chosen language: help texts, usage lines, typer's own words and
its usage errors, all from the message catalogues (engine/locale).

The language is known before typer parses anything: `--lang X` anywhere on the command line
(before the command or after it), else KPI_LANG, else Russian; an unknown one leaves the help
in Russian and the command itself reports it. Texts are attached to the command tree by path:
the help of `kpi rules validate` is the message `help-rules-validate`, of its argument
`version` `help-rules-validate-version` (else `help-rules-version`, else `help-param-version`).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from typer import Abort, _click
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from engine.cli import coercion
from engine.i18n import LANGUAGES, known, template, tr
from engine.safetext import shown

ARG_LANG = "--lang"


def requested_language(args: Sequence[str]) -> str:
    """The language named by `--lang X` / `--lang=X` anywhere before `--`, else KPI_LANG,
    else Russian; an unknown one gives Russian (the command then says it is unknown)."""
    chosen = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == ARG_LANG and index + 1 < len(args):
            chosen = args[index + 1]
        elif arg.startswith(ARG_LANG + "="):
            chosen = arg.split("=", 1)[1]
    if chosen is None:
        chosen = os.environ.get("KPI_LANG", "")
    chosen = chosen.strip().lower()
    return chosen if chosen in LANGUAGES else "ru"


def _first_known(codes: Sequence[str]) -> str | None:
    return next((code for code in codes if known(code)), None)


def help_code(path: Sequence[str]) -> str:
    """The message that describes the command at `path` (`help-kpi` for the root)."""
    return "help-" + ("-".join(path) if path else "kpi")


def param_codes(path: Sequence[str], name: str) -> list[str]:
    """Where the help of parameter `name` of the command at `path` is looked up, most
    particular first: help-quarter-import-force, help-quarter-force, help-param-force."""
    return [f"help-{'-'.join(path[:size])}-{name}" for size in range(len(path), 0, -1)] + [f"help-param-{name}"]


def metavar_codes(path: Sequence[str], name: str) -> list[str]:
    return [f"metavar-{'-'.join(path[:size])}-{name}" for size in range(len(path), 0, -1)] + [f"metavar-{name}"]


def localise(command: _click.Command, lang: str, path: tuple[str, ...] = ()) -> None:
    """Put the texts of `lang` on `command` and everything under it."""
    command.help = tr(help_code(path), lang)
    command.short_help = None
    command.options_metavar = tr("usage-options", lang)
    if isinstance(command, TyperGroup):
        command.subcommand_metavar = tr("usage-command", lang)
        for name, sub in command.commands.items():
            localise(sub, lang, (*path, name))
    for param in command.params:
        _localise_param(param, lang, path)
    option = command.get_help_option(_click.Context(command, info_name=path[-1] if path else "kpi"))
    if option is not None:  # typer makes it once per command, in English
        option.help = tr("cli-help-option", lang)
        option.metavar = ""


def _localise_param(param: _click.Parameter, lang: str, path: tuple[str, ...]) -> None:
    name = param.name or ""
    code = _first_known(param_codes(path, name))
    if code is not None and isinstance(param, TyperArgument | TyperOption):
        param.help = tr(code, lang, languages=", ".join(LANGUAGES))
    metavar = _first_known(metavar_codes(path, name))
    if isinstance(param, TyperArgument):
        param.metavar = tr(metavar, lang) if metavar else name.upper()
        param.display_type_rich = _no_type  # type: ignore[method-assign]  # the name says it
    elif isinstance(param, TyperOption):
        if param.is_flag:
            param.metavar = ""
        else:
            param.metavar = tr(metavar or "metavar-text", lang)


def _no_type(ctx: _click.Context) -> None:
    return None


# --- typer's own words -------------------------------------------------------------------------

_PANEL_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "cli-arguments",
    "OPTIONS_PANEL_TITLE": "cli-options",
    "COMMANDS_PANEL_TITLE": "cli-commands",
    "ERRORS_PANEL_TITLE": "cli-error",
    "REQUIRED_LONG_STRING": "cli-required",
    "ABORTED_TEXT": "cli-aborted",
    "RICH_HELP": "cli-try-help",
}


def _patch_typer_words(lang: str) -> None:
    """typer's panel titles, "[required]", "Usage:" and "Show this message and exit." in `lang`
    (typer 0.29 carries its own copy of click with these words fixed in English)."""
    from typer import rich_utils

    for name, code in _PANEL_TEXTS.items():
        setattr(rich_utils, name, template(code, lang))  # typer fills in the fields
    usage = tr("cli-usage", lang)
    formatter = _click.formatting.HelpFormatter
    original = getattr(formatter, "_kpi_write_usage", formatter.write_usage)
    formatter._kpi_write_usage = original  # type: ignore[attr-defined]

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, usage if prefix is None else prefix)

    formatter.write_usage = write_usage  # type: ignore[method-assign]


def _translated(error: _click.exceptions.ClickException, lang: str) -> str:
    """A usage error of the parser, said in `lang`."""
    exceptions = _click.exceptions
    if isinstance(error, exceptions.NoSuchOption):
        text = tr("cli-no-such-option", lang, option=error.option_name)
        if error.possibilities:
            text += tr("cli-did-you-mean", lang, names=", ".join(sorted(error.possibilities)))
        return text
    if isinstance(error, exceptions.MissingParameter) and error.param is not None:
        param = error.param
        name = param.get_error_hint()
        kind = "cli-missing-argument" if isinstance(param, TyperArgument) else "cli-missing-option"
        return tr(kind, lang, name=name)
    message = error.message
    for pattern, code in _MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            # what the user typed, echoed escaped and cut (1 MB of arguments is not a message)
            args = {key: shown(value) if value else value for key, value in found.groupdict().items()}
            suggestion = args.pop("suggestion", None)
            text = tr(code, lang, **args)
            return text + (tr("cli-did-you-mean", lang, names=suggestion) if suggestion else "")
    if isinstance(error, exceptions.BadParameter):
        # typer's own sentence here is pydantic's English ("Input should be a valid integer")
        if error.param is not None:
            return tr("cli-invalid-value-of", lang, name=error.param.get_error_hint())
        return tr("cli-invalid-value", lang, detail=error.format_message())
    return message


_MESSAGES = [
    (re.compile(r"Option (?P<option>'.+') does not take a value\."), "cli-option-no-value"),
    (re.compile(r"Option (?P<option>'.+') requires (an argument|\d+ arguments)\."), "cli-option-needs-value"),
    (re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)"), "cli-extra-arguments"),
    (
        re.compile(r"No such command (?P<name>'.*')\.(?: Did you mean (?P<suggestion>.+)\?)?", re.S),
        "cli-no-such-command",
    ),
    (re.compile(r"Missing command\."), "cli-missing-command"),
]


class LocalisedGroup(TyperGroup):
    """The root `kpi` group: texts in the requested language before parsing, usage errors
    said in it too."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if os.environ.get("_KPI_COMPLETE"):  # shell completion (README): typer's classes, on demand
            from typer._completion_classes import completion_init

            completion_init()
            try:
                return super().main(argv, prog_name or "kpi", complete_var, standalone_mode, **extra)
            except (KeyError, ValueError):  # a hand-made request (no COMP_WORDS): nothing to offer
                sys.exit(1)
        lang = requested_language(argv)
        localise(self, lang)
        coercion.install(self)
        _CURRENT[0] = lang
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(argv, prog_name or "kpi", complete_var, standalone_mode=False, **extra)
        except _click.exceptions.ClickException as error:
            if type(error).__name__ != "NoArgsIsHelpError":
                _patch_typer_words(lang)
                text = _translated(error, lang)
                error.format_message = lambda: text  # type: ignore[method-assign]
                from typer import rich_utils

                rich_utils.rich_format_error(error)
            sys.exit(error.exit_code)
        except Abort:
            _patch_typer_words(lang)
            from typer import rich_utils

            rich_utils.rich_abort_error()
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


_CURRENT = ["ru"]


def _format_help_in_language(original: Any) -> Any:
    def format_help(self: _click.Command, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        _patch_typer_words(_CURRENT[0])
        original(self, ctx, formatter)

    return format_help


# Help is rendered by typer's rich_utils (66 ms to import): its words are set only when help is shown.
for _class in (TyperGroup, TyperCommand):
    _class.format_help = _format_help_in_language(_class.format_help)  # type: ignore[method-assign]
