"""The command line in the chosen language: help texts, usage lines, typer's own words and
its usage errors, all from the message catalogues (engine/locale).

The language is known before typer parses anything: `--lang X` anywhere on the command line
(before the command or after it), else KPI_LANG, else Russian; an unknown one leaves the help
in Russian and the command itself reports it. Texts are attached to the command tree by path:
the help of `kpi rules validate` is the message `help-rules-validate`, of its argument
`version` `help-rules-validate-version` (else `help-rules-version`, else `help-param-version`).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from difflib import get_close_matches
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from engine.cli import coercion
from engine.cli.usage import CommandLineError, escaped, from_click, show, show_aborted
from engine.i18n import LANGUAGES, known, tr
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


def localise(command: Any, lang: str, path: tuple[str, ...] = (), parent: Any = None) -> None:
    """Put the texts of `lang` on `command` and everything under it, and make each command and
    plain parameter kpi's own (LocalisedCommand, LocalisedSubgroup, engine.cli.coercion): a
    subclass of typer's public class that adds no state, so the object typer built keeps all
    it holds and gains kpi's overrides of click's documented methods."""
    if type(command) is TyperCommand:
        command.__class__ = LocalisedCommand
    elif type(command) is TyperGroup:
        command.__class__ = LocalisedSubgroup
    command.language = lang
    command.help = tr(help_code(path), lang)
    command.short_help = None
    command.options_metavar = tr("usage-options", lang)
    ctx = typer.Context(command, info_name=path[-1] if path else "kpi", parent=parent)
    if isinstance(command, TyperGroup):
        command.subcommand_metavar = tr("usage-command", lang)
        for name, sub in command.commands.items():
            localise(sub, lang, (*path, name), ctx)
    for param in command.params:
        _localise_param(param, lang, path)
        coercion.make_plain(param)
    option = command.get_help_option(ctx)
    if option is not None:  # typer makes it once per command, in English
        option.help = tr("cli-help-option", lang)
        option.metavar = ""
        coercion.make_plain(option)
    _panels(command, option, lang)


def _localise_param(param: Any, lang: str, path: tuple[str, ...]) -> None:
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


def _no_type(ctx: Any) -> None:
    return None


# --- typer's own words -------------------------------------------------------------------------


def _panels(command: Any, help_option: Any, lang: str) -> None:
    """The titles of the help's panels in `lang`, through typer's documented rich_help_panel
    (a parameter or command with a panel of its own keeps it)."""
    for param in [*command.params, help_option]:
        if isinstance(param, TyperArgument | TyperOption) and not param.rich_help_panel:
            param.rich_help_panel = tr("cli-arguments" if isinstance(param, TyperArgument) else "cli-options", lang)
    for sub in getattr(command, "commands", {}).values():
        if not sub.rich_help_panel:  # None, or typer's placeholder for "not given"
            sub.rich_help_panel = tr("cli-commands", lang)


@contextlib.contextmanager
def _required_word(lang: str) -> Iterator[None]:
    """typer's help marks a required parameter with a word it has no setting for (its own
    translation, through gettext, is read once, when typer.rich_utils is imported): it is
    `lang`'s for the time one help page is drawn, typer's again after."""
    from typer import rich_utils

    before = rich_utils.REQUIRED_LONG_STRING
    rich_utils.REQUIRED_LONG_STRING = tr("cli-required", lang)
    try:
        yield
    finally:
        rich_utils.REQUIRED_LONG_STRING = before


def _looks_like_option(name: str) -> bool:
    """Whether click reads `name` as an option: a prefix (`-`, `--`, `+`…) before it."""
    return bool(name) and not name[:1].isalnum()


def _parse(command: Any, parse: Any, ctx: Any, args: list[str]) -> list[str]:
    """click's parse_args, its usage errors kpi's: no arguments where help is asked for them,
    the parser's errors (engine.cli.usage.from_click), extra arguments checked here."""
    if not args and command.no_args_is_help and not ctx.resilient_parsing:
        ctx.get_help()  # typer's rich help prints itself
        raise CommandLineError(None, ctx)
    allowed = ctx.allow_extra_args
    ctx.allow_extra_args = True
    try:
        rest: list[str] = parse(ctx, args)
    except CommandLineError:
        raise
    except Exception as error:
        mine = from_click(error, ctx)
        if mine is None:
            raise
        raise mine from None
    finally:
        ctx.allow_extra_args = allowed
    if rest and not allowed and not ctx.resilient_parsing:
        raise CommandLineError("cli-extra-arguments", ctx, args=shown(" ".join(escaped(str(arg)) for arg in rest)))
    return rest


def _usage(command: Any, ctx: Any, formatter: Any) -> None:
    """click's format_usage with the prefix in the command's language."""
    pieces = command.collect_usage_pieces(ctx)
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=tr("cli-usage", command.language))


GIVEN_BEFORE = ("lang", "workspace")  # options a command also takes from the groups before it


class LocalisedCommand(TyperCommand):
    """A kpi command: help and usage line in its language, usage errors kpi's own, and the
    options given before it (`kpi --lang en score`, `kpi rules -w ws validate`) passed to it."""

    language = "ru"

    def invoke(self, ctx: Any) -> Any:
        """The command called with its parameters (click's documented `Context.params`), each
        of GIVEN_BEFORE it was not given taken from the nearest group before it that was."""
        for name in GIVEN_BEFORE:
            group = ctx.parent
            while name in ctx.params and ctx.params[name] is None and group is not None:
                ctx.params[name] = group.params.get(name)
                group = group.parent
        return super().invoke(ctx)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return _parse(self, super().parse_args, ctx, args)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _usage(self, ctx, formatter)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with _required_word(self.language):
            super().format_help(ctx, formatter)


class LocalisedSubgroup(TyperGroup):
    """A kpi command group: as LocalisedCommand, and an unknown command is kpi's error."""

    language = "ru"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return _parse(self, super().parse_args, ctx, args)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _usage(self, ctx, formatter)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with _required_word(self.language):
            super().format_help(ctx, formatter)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CommandLineError:
            raise
        except Exception as error:
            # A group that runs nothing of its own, before any command is chosen, fails only
            # when no command is given (typer's TyperGroup.invoke).
            if (
                self.invoke_without_command
                or ctx.invoked_subcommand is not None
                or getattr(error, "ctx", None) is not ctx
            ):
                raise
            raise CommandLineError("cli-missing-command", ctx) from None

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0]
        if self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            if _looks_like_option(name):  # as click does: an option after the command's place is the parser's error
                self.parse_args(ctx, args)
            close = get_close_matches(name, list(self.commands)) if self.suggest_commands else []
            suggestion = shown(", ".join(repr(match) for match in close)) if close else None
            raise CommandLineError("cli-no-such-command", ctx, suggestion, name=shown(repr(name)))
        return super().resolve_command(ctx, args)


class LocalisedGroup(LocalisedSubgroup):
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
            from typer.completion import get_completion_inspect_parameters

            get_completion_inspect_parameters()  # registers typer's bash, zsh, fish and PowerShell classes
            try:
                return super().main(argv, prog_name or "kpi", complete_var, standalone_mode, **extra)
            except (KeyError, ValueError):  # a hand-made request (no COMP_WORDS): nothing to offer
                sys.exit(1)
        lang = requested_language(argv)
        localise(self, lang)
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(argv, prog_name or "kpi", complete_var, standalone_mode=False, **extra)
        except CommandLineError as error:
            if not error.silent:
                show(error, lang)
            sys.exit(error.exit_code)
        except typer.Abort:
            show_aborted(lang)
            sys.exit(1)
        except Exception as error:
            mine = _foreign(error)
            if mine is None:
                raise
            show(mine, lang)
            sys.exit(mine.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def _foreign(error: Exception) -> CommandLineError | None:
    """A usage error of typer's that kpi did not meet while parsing, or None for any other
    exception: typer's ClickException (`exit_code`, `ctx`, `format_message()`, as click
    documents them), in typer's words where kpi has none of its own."""
    ctx = getattr(error, "ctx", None)
    mine = from_click(error, ctx)
    if mine is not None:
        return mine
    code, message = getattr(error, "exit_code", None), getattr(error, "format_message", None)
    if not isinstance(code, int) or not callable(message):
        return None
    return CommandLineError.as_given(str(message()), ctx, code)
