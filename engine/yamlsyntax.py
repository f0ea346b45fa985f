"""What broke a YAML file, said for the person who wrote it.

The parsers (ruamel.yaml's pure-Python one, libyaml) say what their grammar expected:
"mapping values are not allowed here", "did not find expected key". The author of the file
needs what to change. Each common failure is recognised from the parser's words (in either
parser's wording) and from the line the parser points at, and becomes a message with the fix:
the value in quotes, the column the line should start in, the space after the colon.

Only a failure none of these recognise keeps the parser's own (English) words, and the message
says they are the parser's. The position of the problem is not chosen here (engine.yamlfile).
"""

from __future__ import annotations

import re
from typing import Any

# The longest value quoted in a fix: a fix shows what to write, not the whole paragraph.
FIX_LENGTH = 60

_LINE_BREAK = re.compile("\r\n|[\r\n]")
# `key: value`, `- key: value`, `- - key:` ...: the key, and where its value starts
_KEY_LINE = re.compile(
    r"""^(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>"[^"]*"|'[^']*'|[^\s#'"\[\]{}:,-][^:#]*?|-[^\s:#][^:#]*?)"""
    r"""[ ]*:(?:[ ]+|$)(?P<value>.*)$"""
)
_ITEM_LINE = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)+)(?P<value>.*)$")
_BARE_LINE = re.compile(r"^(?P<lead>[ ]*)(?P<value>\S.*)$")  # a value alone on its line
# A key glued to its value: `weight:50`
_NO_SPACE = re.compile(r"^(?P<key>[^\s:#'\"\[\]{}-][^:#\s]*):(?P<value>[^\s:].*)$")
# Characters YAML reads as syntax at the start of a plain value.
_SPECIAL = frozenset("%@`&*!|>?[]{},")
_QUOTES = "\"'"
_CLOSING = {"[": "]", "{": "}"}


def explain(exc: Any, text: str, mark: Any) -> tuple[str, dict[str, Any]]:
    """The message code and arguments for a parser error `exc` at `mark` (0-based line and
    column, the position the problem is reported at) in `text`."""
    context = str(getattr(exc, "context", None) or "")
    problem = str(getattr(exc, "problem", None) or "")
    detail = " ".join(part for part in (context, problem) if part)
    if mark is None:
        return "yaml-syntax", {"detail": detail}
    lines = _LINE_BREAK.split(text)
    number, column = mark.line, mark.column
    line = lines[number] if number < len(lines) else ""
    found = _recognise(context, problem, lines, number, column, line)
    if found is None:
        return "yaml-syntax", {"detail": detail}
    opened = getattr(exc, "context_mark", None)
    if found[0] == "yaml-bracket-unclosed":  # where the bracket was opened: its line
        found[1]["line"] = opened.line + 1 if opened is not None else number + 1
    return found


def _recognise(
    context: str, problem: str, lines: list[str], number: int, column: int, line: str
) -> tuple[str, dict[str, Any]] | None:
    if "sequence entries are not allowed" in problem:
        return _dash(line, column)
    if "could not find expected ':'" in problem:
        return _no_colon(line[column:])
    if "unknown escape character" in problem:
        return "yaml-escape", {}
    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        return "yaml-quote-never-closed", {}
    if "flow sequence" in context or "flow mapping" in context:
        opening = "[" if "sequence" in context else "{"
        return "yaml-bracket-unclosed", {"open": opening, "close": _CLOSING[opening]}
    if "flow node" in context and not line[column:].strip() and not any(rest.strip() for rest in lines[number + 1 :]):
        return "yaml-bracket-eof", {}
    if "directive" in problem:  # `%YAML 1.1` twice: no mistake of a kpi file
        return None
    special = _special_start(line, column)
    if special is not None:
        return special
    if "mapping values are not allowed" in problem:
        return _colon_in_value(line, column) or _indentation(lines, number)
    if any(
        words in problem
        for words in ("expected <block end>", "did not find expected key", "'-' indicator", "<document start>")
    ):
        return _misplaced(lines, number, column, line)
    return None


def _quoted(value: str) -> str:
    """`value` as a YAML quoted scalar: double quotes, or single quotes when it holds a double
    quote or a backslash; cut to FIX_LENGTH."""
    if len(value) > FIX_LENGTH:
        value = value[: FIX_LENGTH - 1] + "…"
    if '"' in value or "\\" in value:
        return "'" + value.replace("'", "''") + "'"
    return '"' + value + '"'


def _plain(value: str) -> str:
    """A plain value without the comment that may follow it."""
    return re.split(r"[ ]#", value, maxsplit=1)[0].rstrip()


def _written(lead: str, key: str) -> str:
    """What comes before the value in a fix: `key: `, `- key: `, `- `."""
    item = "- " if lead.strip() else ""
    return item + (key + ": " if key else "")


def _dash(line: str, column: int) -> tuple[str, dict[str, Any]]:
    """`target: -`: a dash after a key starts a list; as "no data" it is written "-"."""
    before, value = line[:column], _plain(line[column:])
    found = _KEY_LINE.match(before + "x")  # the key the dash is the value of
    prefix = _written(found["lead"], found["key"]) if found else ""
    if value == "-":
        return "yaml-dash", {"fix": prefix + '"-"'}
    return "yaml-dash-list", {"fix": prefix + _quoted(value)}


def _no_colon(token: str) -> tuple[str, dict[str, Any]]:
    """A line that is neither `key: value` nor `- item`: a colon without its space, or none."""
    token = _plain(token)
    glued = _NO_SPACE.match(token)
    if glued:
        return "yaml-colon-space", {"fix": f"{glued['key']}: {glued['value']}"}
    return "yaml-no-colon", {"text": token if len(token) <= FIX_LENGTH else token[: FIX_LENGTH - 1] + "…"}


def _special_start(line: str, column: int) -> tuple[str, dict[str, Any]] | None:
    """A value that starts with a character YAML reads as syntax (`%`, `@`, `*`, `[`, `>` ...)
    or with a quote that a quote inside the value closes early, the parser stopping in it."""
    found = _KEY_LINE.match(line) or _ITEM_LINE.match(line) or _BARE_LINE.match(line)
    if not found:
        return None
    start = found.start("value")
    value = found["value"].rstrip()
    if not value or column < start:
        return None
    key = found["key"] if "key" in found.groupdict() else ""
    prefix = _written(found["lead"], key)
    if value[0] in _QUOTES:
        if column <= start:
            return None
        inner = value[1:-1] if len(value) > 1 and value.endswith(value[0]) else value
        return "yaml-quote-inside", {"fix": prefix + _quoted(inner)}
    if value[0] in _SPECIAL:  # `[проект] Доля` too: text after the brackets
        return "yaml-special-start", {"char": value[0], "fix": prefix + _quoted(_plain(value))}
    return None


def _colon_in_value(line: str, column: int) -> tuple[str, dict[str, Any]] | None:
    """`name: Доля: услуг`: a colon and a space inside a value start another key."""
    found = _KEY_LINE.match(line)
    if not found or found.start("value") > column:
        return None
    prefix = _written(found["lead"], found["key"])
    return "yaml-colon-in-value", {"fix": prefix + _quoted(_plain(found["value"]))}


def _misplaced(lines: list[str], number: int, column: int, line: str) -> tuple[str, dict[str, Any]] | None:
    """The parser stopped at the start of a line: a line that is not a key, a line indented to
    no level above, or list items and keys at one level."""
    first = len(line) - len(line.lstrip(" "))
    if column != first or not line.strip():
        return None
    stripped = line.strip()
    if not stripped.startswith("-") and not _KEY_LINE.match(line):
        return _no_colon(stripped)
    return _indentation(lines, number)


def _indentation(lines: list[str], number: int) -> tuple[str, dict[str, Any]] | None:
    line = lines[number] if number < len(lines) else ""
    first = len(line) - len(line.lstrip(" "))
    levels = _levels(lines, number)
    if first in levels:
        item = line.lstrip(" ").startswith("-")
        if item != levels[first]:
            return "yaml-list-and-keys", {}
        return None
    left = [level for level in levels if level < first]
    right = [level for level in levels if level > first]
    columns = ([max(left) + 1] if left else []) + ([min(right) + 1] if right else [])
    if not columns:
        return None
    return "yaml-indent", {"column": first + 1, "columns": columns}


def _levels(lines: list[str], upto: int) -> dict[int, bool]:
    """The levels open before line `upto` (0-based): the column (0-based) each starts in, and
    whether it is a list (its lines start with `-`). A line `  - id: x` opens two: the list
    at its dash and the mapping at `id`."""
    stack: list[tuple[int, bool]] = []
    for line in lines[:upto]:
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        item = re.match(r"(-[ ]+)+", stripped)
        if not item:
            stack.append((indent, False))
            continue
        for dash in re.finditer(r"-[ ]+", item.group()):
            stack.append((indent + dash.start(), True))
        if stripped[item.end() :].strip():
            stack.append((indent + item.end(), False))
    return dict(stack)
