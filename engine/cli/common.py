"""What every command shares: options, consoles, language, and errors mapped to exit codes."""

from __future__ import annotations

import contextlib
import contextvars
import errno
import functools
import os
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from engine.cli.exits import EXIT_INTERNAL, EXIT_PROBLEMS, EXIT_USAGE
from engine.cli.streams import OutputError, report
from engine.errors import KpiError, ProblemsFound, UsageError
from engine.formats import number
from engine.i18n import LANGUAGES, tr
from engine.problems import Problem, count_text
from engine.safetext import json_safe, shown
from engine.workspace import Workspace, find_workspace

JSON_BLOCK = 8_000  # pieces of JSON (a value, a key, punctuation) written at a time

# Help texts of every option come from the catalogues (engine.cli.language).
WorkspaceOption = Annotated[Path | None, typer.Option("--workspace", "-w", show_default=False)]
LangOption = Annotated[str | None, typer.Option("--lang", show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json")]
StrictOption = Annotated[bool, typer.Option("--strict")]

F = TypeVar("F", bound=Callable[..., Any])


def version_text() -> str:
    """`kpi 0.1.0`: the installed distribution's version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return "kpi " + version("kpi-cdto")
    except PackageNotFoundError:
        return "kpi (not installed)"


def group_options(ctx: typer.Context, lang: LangOption = None, workspace: WorkspaceOption = None) -> None:
    """`--lang` and `--workspace` of a command group, passed to its commands (engine.cli.language);
    given alone (`kpi rules --lang en`), the group's help, as `kpi rules` gives."""
    if ctx.invoked_subcommand is None:
        sys.stdout.write(ctx.get_help() + "\n")


def chosen_language(lang: str | None) -> str:
    """The language of this run: --lang (after the command or before it), else KPI_LANG, else
    Russian. An unknown one is a usage error either way, naming where it came from (a typo in
    KPI_LANG is not silently ignored)."""
    if lang is not None:
        source, value = "--lang", lang
    else:
        source, value = "KPI_LANG", os.environ.get("KPI_LANG", "")
    chosen = value.strip().lower()
    if not chosen and source == "KPI_LANG":
        return "ru"
    if chosen not in LANGUAGES:
        raise UsageError("unknown-language", lang=shown(value), source=source, known=", ".join(LANGUAGES))
    return chosen


def message_language(lang: str | None) -> str:
    """The language to report an error in: the chosen one if it is valid, else Russian."""
    try:
        return chosen_language(lang)
    except UsageError:
        return "ru"


MIN_WIDTH, MAX_WIDTH = 40, 1000


def terminal_width() -> int:
    """The width to draw tables at: COLUMNS when it is a plain number, else the terminal's,
    else 80; kept within 40..1000 (COLUMNS=0 drew nothing at all, COLUMNS=100000 drew panels
    a hundred kilobytes wide)."""
    text = os.environ.get("COLUMNS", "").strip()
    width = 0
    if text.isascii() and text.isdigit() and len(text) <= 6:
        width = int(text)
    else:
        try:
            width = os.get_terminal_size(sys.__stdout__.fileno() if sys.__stdout__ else 1).columns
        except (OSError, ValueError, AttributeError):
            width = 0
    return min(max(width or 80, MIN_WIDTH), MAX_WIDTH)


class Invocation:
    """The resolved language and workspace of one invocation, and its consoles. Rich reads
    no markup or emoji codes in anything we print: names come from files and arguments."""

    def __init__(self, lang: str | None, workspace: Path | None, writes: bool = False) -> None:
        self.lang = chosen_language(lang)
        self._writes = writes  # the workspace's lock: exclusive for a command that writes into it
        self._explicit = workspace
        width = terminal_width()
        self.out = Console(highlight=False, soft_wrap=False, markup=False, emoji=False, width=width)
        self.err = Console(stderr=True, highlight=False, markup=False, emoji=False, width=width)
        from engine.checks import CommandChecks

        # what this command's checks share (engine.checks): a changed official file is said
        # before anything else; a document command refuses it (checks.refuse_broken())
        self.checks = CommandChecks(self.problems)
        held = _held.get()
        if held is not None:  # warnings a document command held are said when it ends, however
            held.push(self._release)

    def _release(self, kind: object, error: BaseException | None, trace: object) -> bool:
        """The end of the command: the warnings it held said, but for the files its refusal names."""
        self.checks.release(error.problems if isinstance(error, ProblemsFound) else ())
        return False

    @functools.cached_property
    def workspace(self) -> Workspace:
        """The workspace, locked for the rest of the command (engine.lock): shared to read it,
        exclusive to write into it."""
        found = find_workspace(explicit=self._explicit)
        held = _held.get()
        if held is not None:
            from engine.lock import hold

            held.enter_context(hold(found.root, write=self._writes))
        return found

    def t(self, code: str, **args: Any) -> str:
        return tr(code, self.lang, **args)

    def num(self, value: Decimal | None) -> str:
        return number(value, self.lang)

    def echo(self, text: str = "") -> None:
        """Plain text to stdout, never wrapped: lines editors and scripts can parse."""
        sys.stdout.write(text + "\n")

    def problems(self, problems: Sequence[Problem], to_stderr: bool = True) -> None:
        stream = sys.stderr if to_stderr else sys.stdout
        for problem in sorted(problems):
            stream.write(problem.render(self.lang) + "\n")

    def json(self, data: Any) -> None:
        """`data` as JSON on standard output, the text json.dumps(data, ensure_ascii=False,
        indent=2) gives, written as the standard encoder gives it, in blocks: a large quarter
        is never held as one string (it was the peak of a run's memory). Every invisible
        character is escaped (engine.safetext.json_safe)."""
        import json

        block: list[str] = []
        for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
            block.append(piece)
            if len(block) >= JSON_BLOCK:
                sys.stdout.write(json_safe("".join(block)))
                block.clear()
        sys.stdout.write(json_safe("".join(block)) + "\n")


def handled(command: F) -> F:
    """Run a command with errors mapped to exit codes: 1 problems, 2 usage, never a traceback."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        lang = message_language(kwargs.get("lang"))
        try:
            return mapped(lang, args, kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # a fault while an error was being said: a message all the same
            return _internal(exc, lang)

    def mapped(lang: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        locks = contextlib.ExitStack()  # the workspace's lock, released however the command ends
        token = _held.set(locks)
        try:
            with locks:
                return command(*args, **kwargs)
        except OutputError as exc:
            raise typer.Exit(output_failed(exc, lang)) from None
        except ProblemsFound as exc:
            lines = [problem.render(lang) for problem in exc.problems]
            closing = {**exc.args_, "count": count_text(exc.problems)}
            say_error([*lines, tr(exc.code, lang, **closing)])
            raise typer.Exit(EXIT_PROBLEMS) from None
        except UsageError as exc:
            say_error([tr(exc.code, lang, **exc.args_)])
            raise typer.Exit(EXIT_USAGE) from None
        except KpiError as exc:
            say_error([tr(exc.code, lang, **exc.args_)])
            raise typer.Exit(EXIT_PROBLEMS) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except OSError as exc:  # a folder that cannot be written (read-only, full): one line, exit 1
            if exc.errno not in _CANNOT_WRITE or os.environ.get("KPI_DEBUG"):
                return _internal(exc, lang)
            where = shown(str(exc.filename or "?"), 300)
            say_error([tr("output-not-writable", lang, path=where, reason=os.strerror(exc.errno))])
            raise typer.Exit(EXIT_PROBLEMS) from None
        except Exception as exc:  # the last guard: a message, not a traceback
            return _internal(exc, lang)
        finally:
            _held.reset(token)

    return run  # type: ignore[return-value]


def _internal(exc: Exception, lang: str) -> Any:
    if os.environ.get("KPI_DEBUG"):
        raise exc
    say_error([tr("internal-error", lang, detail=shown(f"{type(exc).__name__}: {exc}", 300))])
    raise typer.Exit(EXIT_INTERNAL) from None


_CANNOT_WRITE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT}
_held: contextvars.ContextVar[contextlib.ExitStack | None] = contextvars.ContextVar("kpi_lock", default=None)


def workbooks_named(sources: list[Path]) -> list[Path]:
    """The .xlsx files named, and those in the folders named (sorted; no others): what
    `kpi quarter import` and `kpi rules import` read. None at all is a usage error."""
    from engine.safetext import shown_path

    paths: list[Path] = []
    for source in sources:
        if source.is_dir():
            paths += sorted(
                p for p in source.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith((".", "~$"))
            )
        else:
            paths.append(source)
    if not paths:
        raise UsageError("import-nothing", sources=", ".join(shown_path(s) for s in sources))
    return paths


def say_error(lines: Sequence[str]) -> None:
    """Error lines to standard error. When standard error itself is closed or broken, the
    command still ends with the exit code of its error (as `ls missing 2>&-` does)."""
    with contextlib.suppress(OutputError):
        sys.stderr.write("".join(line + "\n" for line in lines))


def output_failed(error: OutputError, lang: str) -> int:
    """Say that the output could not be written (see engine.cli.streams), give the exit code."""
    return report(error, tr("output-failed", lang, stream=error.stream, reason=error.reason))
