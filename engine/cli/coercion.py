"""Arguments turned into values without pydantic.

typer 0.29 coerces every parameter through a pydantic TypeAdapter, built on first use: the
first run of a command imports pydantic and builds its adapters, about 230 ms, more than
reading and scoring a whole quarter. kpi's parameters are all of a few plain kinds (text,
whole number, flag, path, and lists of these), which need no schema to read: `install` gives
each such parameter a RuntimeParam that converts it directly, with the same checks and the
same BadParameter on a bad value (said in the user's language by engine.cli.language). Any
other annotation is left to typer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from typer import _click
from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam
from typer._param_types import coerce_cli_path
from typer.core import _TyperParameter


def _text(value: Any, runtime: PlainRuntimeParam, param: Any, ctx: Any) -> Any:
    return value if isinstance(value, str) else str(value)


_WHOLE = re.compile(r"[+-]?[0-9]{1,18}")


def _whole(value: Any, runtime: PlainRuntimeParam, param: Any, ctx: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not _WHOLE.fullmatch(text):  # ASCII digits, one sign at most, no 5000-digit number
        raise BadParameter(f"{value!r} is not a whole number.", ctx=ctx, param=param)
    return int(text)


def _flag(value: Any, runtime: PlainRuntimeParam, param: Any, ctx: Any) -> Any:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in {"1", "true", "t", "yes", "y", "on"}:
        return True
    if word in {"0", "false", "f", "no", "n", "off"}:
        return False
    raise BadParameter(f"{value!r} is not a flag value.", ctx=ctx, param=param)


def _path(value: Any, runtime: PlainRuntimeParam, param: Any, ctx: Any) -> Any:
    # typer's own checks (exists, file or folder, readable) on a value that is already a Path
    return coerce_cli_path(Path(value), runtime.parameter_info, path_type=Path, param=param, ctx=ctx)


_CONVERT = {str: _text, int: _whole, bool: _flag, Path: _path}


@dataclass(frozen=True)
class PlainRuntimeParam(RuntimeParam):
    """typer's coercion contract for one plain parameter (or a list of them)."""

    many: bool = False

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        kind = get_args(self.annotation)[0] if self.many else self.annotation
        convert = _CONVERT[kind]
        if self.many:
            items = value if isinstance(value, list | tuple) else [value]
            return [convert(item, self, param, ctx) for item in items]
        return convert(value, self, param, ctx)


def _plain(param: _TyperParameter) -> PlainRuntimeParam | None:
    descriptor = param.type_descriptor
    info = descriptor.parameter_info
    annotation: Any = descriptor.annotation
    if descriptor.file_annotation is not None or info.parser is not None:
        return None
    if info.min is not None or info.max is not None or info.path_type is not None:
        return None
    many = get_origin(annotation) is list
    kind = get_args(annotation)[0] if many else annotation
    if kind not in _CONVERT:
        return None
    return PlainRuntimeParam(parameter_info=info, annotation=annotation, many=many)


def install(command: _click.Command) -> None:
    """Plain coercion for every plain parameter of `command` and the commands under it (its
    --help option included, once engine.cli.language has made it)."""
    for param in [*command.params, command._help_option]:
        if isinstance(param, _TyperParameter) and param._runtime_param is None:
            param._runtime_param = _plain(param)
    for sub in getattr(command, "commands", {}).values():
        install(sub)
