"""JSON text exactly as json.dumps(data, ensure_ascii=False, indent=2) writes it, in pieces,
at the speed of the C encoder.

With an indent, the standard library encodes in pure Python, one call per value: at 1000
bodies × 20 KPIs that is 0,6 s of a 5 s run. Here each container that holds only plain values
(a KPI's fields, a list of names) is encoded by the C encoder in one call, its items separated
by a line break and its depth's indent; only the containers above them are walked in Python.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

INDENT = "  "
_PLAIN = frozenset({str, int, float, bool, type(None)})
_CONTAINERS = (dict, list, tuple)


def write(data: Any, emit: Callable[[str], None]) -> None:
    """The JSON of `data`, given to `emit` in pieces whose concatenation is json.dumps(data,
    ensure_ascii=False, indent=2): a container of plain values is one piece."""
    _write(data, 0, emit, set())


def _write(data: Any, depth: int, emit: Callable[[str], None], open_: set[int]) -> None:
    """`open_`: the containers being written around this one, as json marks them, so that
    one holding itself is refused as json refuses it."""
    if not isinstance(data, _CONTAINERS) or not data:
        emit(_encoder(depth)(data))
        return
    items = data.values() if isinstance(data, dict) else data
    if _PLAIN.issuperset(map(type, items)):
        text = _encoder(depth)(data)  # "{" first item ,⏎ indent … last item "}", in one call
        emit(f"{text[0]}\n{INDENT * (depth + 1)}{text[1:-1]}\n{INDENT * depth}{text[-1]}")
        return
    if id(data) in open_:
        raise ValueError("Circular reference detected")
    open_.add(id(data))
    inner = "\n" + INDENT * (depth + 1)
    if isinstance(data, dict):
        emit("{")
        for number, (key, value) in enumerate(data.items()):
            emit(f"{',' if number else ''}{inner}{_key(key)}: ")
            _write(value, depth + 1, emit, open_)
        emit("\n" + INDENT * depth + "}")
    else:
        emit("[")
        for number, value in enumerate(data):
            emit(f"{',' if number else ''}{inner}")
            _write(value, depth + 1, emit, open_)
        emit("\n" + INDENT * depth + "]")
    open_.discard(id(data))


@cache
def _encoder(depth: int) -> Callable[[Any], str]:
    """The C encoder, its items separated as indent=2 separates them at `depth`. It is only
    given plain values and containers of plain values, which cannot hold themselves."""
    standard = json.JSONEncoder(ensure_ascii=False, separators=(",\n" + INDENT * (depth + 1), ": "))
    make = json.encoder.c_make_encoder  # type: ignore[attr-defined]
    if make is None:  # pragma: no cover - a Python built without _json
        return standard.encode
    # the arguments JSONEncoder.iterencode gives it, without the circularity markers
    encode = make(
        None,
        standard.default,
        json.encoder.encode_basestring,
        None,
        standard.key_separator,
        standard.item_separator,
        False,
        False,
        True,
    )
    return lambda data: "".join(encode(data, 0))


def _key(key: Any) -> str:
    """A key as the standard encoder writes it: text as a string, and a number, true, false
    or null as the string of its JSON; any other key is refused as json refuses it."""
    if not isinstance(key, str):
        if key is not None and not isinstance(key, (int, float)):
            raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")
        key = json.dumps(key)
    return str(json.encoder.encode_basestring(key))
