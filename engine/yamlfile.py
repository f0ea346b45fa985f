"""Untrusted YAML in, plain values out, every value remembering where it was written.

Files are parsed by ruamel.yaml into events (never constructed into Python objects), and built
by hand in one pass: mappings become dicts, sequences lists, scalars str / int / Decimal / bool /
None, each with its file, line and column. Integers and decimals are read from the text as
written, so 14.7 stays 14.7. The safe parser is used rather than the round-trip one: reading
needs the positions, not the comments, and skipping the comment bookkeeping is 4x faster.

Refused, each as a Problem with its position: tab characters, anchors and aliases, explicit
tags, duplicate keys, several documents, non-finite or non-decimal numbers, and anything the
YAML parser itself rejects (bad indentation, unclosed quotes ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.nodes import ScalarNode

from engine.problems import Problem, Where

PathKey = tuple[Any, ...]

_INT = re.compile(r"[-+]?[0-9]+")
_DECIMAL = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")
_TAG = "tag:yaml.org,2002:"


@dataclass
class YamlDocument:
    """A loaded file: its plain data, and the position and source text of every value."""

    file: str
    data: Any = None
    positions: dict[PathKey, Where] = field(default_factory=dict)
    key_positions: dict[PathKey, Where] = field(default_factory=dict)
    texts: dict[PathKey, str] = field(default_factory=dict)
    sources: dict[PathKey, str] = field(default_factory=dict)

    def where(self, path: PathKey) -> Where:
        """Position of the value at `path`, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, Where(self.file))

    def key_where(self, path: PathKey) -> Where:
        """Position of the key whose value is at `path` (falls back to the value)."""
        return self.key_positions.get(tuple(path)) or self.where(path)

    def text(self, path: PathKey) -> str | None:
        return self.texts.get(tuple(path))

    def inner_where(self, path: PathKey, offset: int) -> Where:
        """Position in the file of character `offset` of the text at `path`: past an opening
        quote or a block indicator (`>`, `|`), across line breaks and indentation. Escapes in
        quotes (\\" or '') are not undone, so a position after one is off by one column."""
        path = tuple(path)
        start = self.where(path)
        value, source = self.texts.get(path), self.sources.get(path)
        if value is None or not source:
            return start.shifted(offset)
        # The n-th non-blank character of the value is the n-th non-blank one written:
        # folding only ever changes blanks.
        wanted = sum(not char.isspace() for char in value[:offset])
        line, column, index = start.line, start.column, 0
        if source[0] in "|>":
            index, line, column = source.find("\n") + 1, line + 1, 1
        elif source[0] in "'\"":
            index, column = 1, column + 1
        for char in source[index:]:
            if char == "\n":
                line, column = line + 1, 1
                continue
            if not char.isspace():
                if wanted == 0:
                    break
                wanted -= 1
            column += 1
        return Where(self.file, line, column)


def parse_yaml(text: str, display: str) -> tuple[YamlDocument, list[Problem]]:
    """Parse YAML text that claims to come from `display` (used in every position)."""
    doc = YamlDocument(display)
    problems = _character_problems(text, display)
    if problems:
        return doc, problems
    builder = _Builder(doc, YAML(typ="safe", pure=True), text)
    try:
        for event in builder.yaml.parse(text):
            builder.feed(event)
    except MarkedYAMLError as exc:
        quote = _unclosed_quote(text, exc)
        if quote is not None:
            line, column = quote
            return doc, [Problem(Where(display, line, column), "yaml-unclosed-quote")]
        return doc, [_syntax_problem(exc, display)]
    except YAMLError as exc:  # pragma: no cover - ruamel raises marked errors for all we know
        detail = " ".join(str(exc).split())  # a problem is one line
        return doc, [Problem(Where(display), "yaml-syntax", args={"detail": detail})]
    if not builder.has_root:
        return doc, [Problem(Where(display), "yaml-empty")]
    return doc, builder.problems


# Line breaks as the YAML 1.2 parser counts them (str.splitlines also breaks at \v, \f, \x85 ...).
_LINE_BREAK = re.compile("\r\n|[\r\n]")
# Characters YAML does not allow in a file. The parser refuses them too, but gives a character
# offset instead of a line and column, in a message over two lines.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _character_problems(text: str, display: str) -> list[Problem]:
    """Tabs, and invisible control characters such as the vertical tab that text copied from
    documents brings along: the first of each kind on every line, with its line and column."""
    problems = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        column = line.find("\t")
        if column >= 0:
            problems.append(Problem(Where(display, number, column + 1), "yaml-tab"))
        control = _NOT_PRINTABLE.search(line)
        if control:
            where = Where(display, number, control.start() + 1)
            char = f"U+{ord(control.group()):04X}"
            problems.append(Problem(where, "yaml-control", args={"char": char}))
    return problems


def _as_written(tag: str) -> str:
    """`!!python/object` as the user typed it, not the parser's `tag:yaml.org,2002:python/object`,
    which is nowhere in the file."""
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


_SYNTAX_HINTS = {
    "sequence entries are not allowed here": "yaml-hint-dash",
    "mapping values are not allowed here": "yaml-hint-colon",
    "could not find expected ':'": "yaml-hint-colon",
    "did not find expected key": "yaml-hint-indent",
    "expected <block end>": "yaml-hint-indent",
    "found unexpected end of stream": "yaml-hint-quote",
    "found unknown escape character": "yaml-hint-escape",
    "expected a single document": "yaml-hint-single",
}


# Errors found while scanning a token that can run on past its line (a key looking for its
# colon, quoted text looking for its closing quote) are detected where the scanner gave up —
# the next line, or the end of the file. The mistake is where the token starts.
_AT_TOKEN_START = {
    ("while scanning a simple key", "could not find expected ':'"),
    ("while scanning a quoted scalar", "found unexpected end of stream"),
    ("while scanning a quoted scalar", "found unexpected document separator"),
}


def _open_quote(line: str) -> int | None:
    """The 0-based column of a quote that opens a value on this line and is not closed on it."""
    quote, start, index = "", 0, 0
    while index < len(line):
        char = line[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if quote:
            if char == quote and quote == "'" and line[index + 1 : index + 2] == "'":
                index += 2  # '' is a quote inside single quotes
                continue
            if char == quote:
                quote = ""
        elif char in "\"'" and (index == 0 or line[:index].rstrip().endswith((":", "-")) or not line[:index].strip()):
            quote, start = char, index
        elif char == "#" and (index == 0 or line[index - 1] == " "):
            break
        index += 1
    return start if quote else None


def _unclosed_quote(text: str, exc: MarkedYAMLError) -> tuple[int, int] | None:
    """Where a quote was opened and never closed, when that is what broke the file.

    The parser notices an unclosed quote only where the text that follows stops making sense,
    often lines later. A line before that point whose quote does not close is the suspect; it is
    named only if closing it there makes the reported error go away (or move further on)."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    lines = text.split("\n")
    for number, line in enumerate(lines[: mark.line + 1]):
        column = _open_quote(line)
        if column is None:
            continue
        mended = "\n".join([*lines[:number], line + line[column], *lines[number + 1 :]])
        try:
            for _ in YAML(typ="safe", pure=True).parse(mended):
                pass
        except MarkedYAMLError as again:
            later = again.problem_mark or again.context_mark
            if later is None or later.line <= mark.line:
                continue
        return number + 1, column + 1
    return None


def _syntax_problem(exc: MarkedYAMLError, display: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if (exc.context, exc.problem) in _AT_TOKEN_START and exc.context_mark is not None:
        mark = exc.context_mark
    where = Where(display, mark.line + 1, mark.column + 1) if mark else Where(display)
    detail = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    hint = next((h for pattern, h in _SYNTAX_HINTS.items() if pattern in detail), "")
    return Problem(where, "yaml-syntax", args={"detail": detail, "hint": hint})


class _Frame:
    """An open mapping or sequence while events stream in."""

    def __init__(self, value: dict[Any, Any] | list[Any] | None, path: PathKey) -> None:
        self.value = value  # None: a complex key being skipped
        self.path = path
        self.key: Any = None  # a mapping's key waiting for its value
        self.has_key = False
        self.first_seen: dict[Any, Where] = {}


class _Builder:
    """Builds plain values from ruamel's event stream in one pass, recording the position and
    source text of every value; a single parse, no comment bookkeeping, no Python objects."""

    def __init__(self, doc: YamlDocument, yaml: YAML, text: str) -> None:
        self.doc = doc
        self.yaml = yaml
        self.text = text
        self.resolver = yaml.resolver
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.documents = 0
        self.has_root = False

    def where(self, event: Any) -> Where:
        return Where(self.doc.file, event.start_mark.line + 1, event.start_mark.column + 1)

    def feed(self, event: Any) -> None:
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents == 2:
                self.problems.append(Problem(self.where(event), "yaml-several-documents"))
            return
        if self.documents > 1 or not isinstance(event, (NodeEvent, CollectionEndEvent)):
            return
        if isinstance(event, CollectionEndEvent):
            self.stack.pop()
            return
        self._refuse_decorations(event)
        if self.stack and self.stack[-1].value is None:  # inside a skipped complex key
            if isinstance(event, CollectionStartEvent):
                self.stack.append(_Frame(None, ()))
            return
        parent = self.stack[-1] if self.stack else None
        if parent is not None and isinstance(parent.value, dict) and not parent.has_key:
            self._key(parent, event)
            return
        path = self._child_path(parent)
        here = self.where(event)
        self.doc.positions[path] = here
        if isinstance(event, AliasEvent):
            value: Any = None
        elif isinstance(event, ScalarEvent):
            self.doc.texts[path] = event.value
            self.doc.sources[path] = self.text[event.start_mark.index : event.end_mark.index]
            value = self._scalar(event, here)
            if parent is not None and isinstance(parent.value, dict) and _is_empty(event):
                # `target:` with nothing after it: the parser places the empty value at the next
                # token, often the next key on the next line; what is missing is this key's value
                self.doc.positions[path] = self.doc.key_positions.get(path, here)
        else:
            value = {} if isinstance(event, MappingStartEvent) else []
        self._attach(parent, path, value)
        if isinstance(event, CollectionStartEvent):
            self.stack.append(_Frame(value, path))

    def _refuse_decorations(self, event: Any) -> None:
        here = self.where(event)
        if isinstance(event, AliasEvent):
            self.problems.append(Problem(here, "yaml-alias", args={"name": event.anchor}))
            return
        if event.anchor is not None:
            self.problems.append(Problem(here, "yaml-anchor", args={"name": event.anchor}))
        tag = getattr(event, "tag", None)
        if tag is not None and str(tag) not in ("", "!"):
            self.problems.append(Problem(here, "yaml-tag", args={"tag": _as_written(str(tag))}))

    def _key(self, frame: _Frame, event: Any) -> None:
        here = self.where(event)
        if not isinstance(event, ScalarEvent):
            self.problems.append(Problem(here, "yaml-complex-key"))
            frame.key, frame.has_key = _SKIP, True
            if isinstance(event, CollectionStartEvent):
                self.stack.append(_Frame(None, ()))
            return
        key = self._scalar(event, here, report=False)
        if not isinstance(key, str):
            key = event.value  # keys are names: `2023:` means the name "2023"
        if key in frame.first_seen:
            first = frame.first_seen[key].line
            self.problems.append(Problem(here, "yaml-duplicate-key", args={"key": key, "first": first}))
            key = _SKIP
        else:
            frame.first_seen[key] = here
            self.doc.key_positions[(*frame.path, key)] = here
        frame.key, frame.has_key = key, True

    def _child_path(self, parent: _Frame | None) -> PathKey:
        if parent is None:
            return ()
        if isinstance(parent.value, list):
            return (*parent.path, len(parent.value))
        return (*parent.path, parent.key)

    def _attach(self, parent: _Frame | None, path: PathKey, value: Any) -> None:
        if parent is None:
            self.doc.data, self.has_root = value, True
        elif isinstance(parent.value, list):
            parent.value.append(value)
        else:
            assert isinstance(parent.value, dict)
            if parent.key is not _SKIP:
                parent.value[parent.key] = value
            else:  # a duplicate or complex key: keep the first, drop the positions of this one
                self.doc.positions.pop(path, None)
            parent.key, parent.has_key = None, False

    def _scalar(self, event: ScalarEvent, here: Where, report: bool = True) -> Any:
        text = event.value
        if event.style in ("'", '"', "|", ">"):
            return text
        tag = str(self.resolver.resolve(ScalarNode, text, event.implicit))
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return text.lower() == "true"
        if tag == _TAG + "int" and _INT.fullmatch(text):
            return int(text)
        if tag == _TAG + "float" and _DECIMAL.fullmatch(text):
            return Decimal(text)
        if tag in (_TAG + "int", _TAG + "float") and report:
            self.problems.append(Problem(here, "yaml-odd-number", args={"text": text}))
        return text


_SKIP = object()


def _is_empty(event: ScalarEvent) -> bool:
    """`key:` with no value written: an empty plain scalar."""
    return event.style is None and not event.value
