"""Arguments turned into values without pydantic.

typer 0.29 coerces every parameter through a pydantic TypeAdapter, built on first use: each
run would import pydantic and build the adapters of the command it runs, a quarter of the CPU
time of `kpi score 2024Q1` (tests/test_public_api.py checks that a run imports no pydantic).
kpi's parameters are all of a few plain kinds (text, whole number, flag, path, and lists of
these), which need no schema to read. typer offers no public way to replace its coercion
(`parser=` still builds an adapter; `click_type=` is gone since typer vendors click), so
`make_plain` gives each such parameter kpi's own class, a subclass of typer's public
TyperOption or TyperArgument that overrides click's documented `Parameter.process_value`: the
value converted directly, then the required check and the callback, as typer does them. A bad
or missing value is a CommandLineError (engine.cli.usage), said in the user's language. Any
other annotation, or a path with checks asked of typer (exists=, dir_okay=…), is left to typer.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args, get_origin

from typer.core import TyperArgument, TyperOption

from engine.cli.usage import CommandLineError

_WHOLE = re.compile(r"[+-]?[0-9]{1,18}")


def _text(value: Any) -> Any:
    return value if isinstance(value, str) else str(value)


def _whole(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not _WHOLE.fullmatch(text):  # ASCII digits, one sign at most, no 5000-digit number
        raise ValueError(value)
    return int(text)


_TRUE = {"1", "true", "t", "yes", "y", "on"}
_FALSE = {"0", "false", "f", "no", "n", "off"}


def _flag(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise ValueError(value)


def _path(value: Any) -> Any:
    return value if isinstance(value, Path) else Path(value)


_CONVERT = {str: _text, int: _whole, bool: _flag, Path: _path}

# What a plain parameter leaves as typer's defaults (ParameterInfo's public fields): anything
# else asks typer for checks or conversions of its own, and the parameter stays typer's.
_TYPER_DEFAULTS = {
    "parser": None,
    "min": None,
    "max": None,
    "path_type": None,
    "exists": False,
    "file_okay": True,
    "dir_okay": True,
    "writable": False,
    "readable": True,
    "resolve_path": False,
    "allow_dash": False,
}


def _plain_kind(param: TyperOption | TyperArgument) -> tuple[Any, bool] | None:
    """The plain type of `param` and whether it is a list of them, or None: typer's to coerce."""
    descriptor = param.type_descriptor
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None:
        return None
    if any(getattr(info, name, default) != default for name, default in _TYPER_DEFAULTS.items()):
        return None
    annotation: Any = descriptor.annotation
    many = get_origin(annotation) is list
    kind = get_args(annotation)[0] if many else annotation
    return (kind, many) if kind in _CONVERT else None


def _process(param: PlainOption | PlainArgument, ctx: Any, value: Any) -> Any:
    """click's Parameter.process_value for a plain parameter: convert, check, call back."""
    kind, many = _plain_kind(param) or (str, False)
    convert = _CONVERT[kind]
    multi_value = param.multiple or param.nargs == -1
    if value is None:
        value = () if multi_value else None
    elif multi_value and isinstance(value, str):
        raise CommandLineError("cli-invalid-value-of", ctx, name=param.get_error_hint())
    elif not (kind is bool and isinstance(value, bool)):
        try:
            value = (
                [convert(item) for item in (value if isinstance(value, list | tuple) else [value])]
                if many
                else convert(value)
            )
        except ValueError:
            raise CommandLineError("cli-invalid-value-of", ctx, name=param.get_error_hint()) from None
    if param.required and param.value_is_missing(value):
        kind_code = "cli-missing-argument" if isinstance(param, TyperArgument) else "cli-missing-option"
        raise CommandLineError(kind_code, ctx, name=param.get_error_hint())
    if param.callback is not None:
        value = param.callback(ctx, param, value)
    return value


class PlainOption(TyperOption):
    """A typer option of a plain kind, converted by kpi."""

    def process_value(self, ctx: Any, value: Any) -> Any:
        return _process(self, ctx, value)


class PlainArgument(TyperArgument):
    """A typer argument of a plain kind, converted by kpi."""

    def process_value(self, ctx: Any, value: Any) -> Any:
        return _process(self, ctx, value)


def make_plain(param: Any) -> None:
    """Plain coercion for `param` if it is of a plain kind: its class becomes kpi's subclass of
    typer's (no state is added, only process_value differs); else it stays typer's."""
    if type(param) is TyperOption and _plain_kind(param) is not None:
        param.__class__ = PlainOption
    elif type(param) is TyperArgument and _plain_kind(param) is not None:
        param.__class__ = PlainArgument
