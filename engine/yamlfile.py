"""Untrusted YAML in, plain values out, every value remembering where it was written.

Files are composed with ruamel.yaml into nodes (never constructed into Python objects), and
walked by hand: mappings become dicts, sequences lists, scalars str / int / Decimal / bool /
None. Integers and decimals are read from the text as written, so 14.7 stays 14.7.

Refused, each as a Problem with its position: tab characters, anchors and aliases, explicit
tags, duplicate keys, several documents, non-finite or non-decimal numbers, and anything the
YAML parser itself rejects (bad indentation, unclosed quotes ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from engine.problems import Problem, Where

PathKey = tuple[Any, ...]

MAX_FILE_BYTES = 2_000_000

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


def load_yaml(path: Path, display: str) -> tuple[YamlDocument, list[Problem]]:
    """Read one YAML file. Returns the document (data None if unreadable) and its problems."""
    doc = YamlDocument(display)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return doc, [Problem(Where(display), "file-unreadable", args={"reason": exc.strerror})]
    if len(raw) > MAX_FILE_BYTES:
        return doc, [Problem(Where(display), "file-too-large", args={"limit": MAX_FILE_BYTES})]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return doc, [Problem(Where(display, line), "file-not-utf8")]
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> tuple[YamlDocument, list[Problem]]:
    """Parse YAML text that claims to come from `display` (used in every position)."""
    doc = YamlDocument(display)
    problems = _character_problems(text, display)
    if problems:
        return doc, problems
    yaml = YAML(typ="rt", pure=True)
    try:
        problems = _event_problems(yaml, text, display)
        if problems:
            return doc, problems
        node = yaml.compose(text)
    except MarkedYAMLError as exc:
        return doc, [_syntax_problem(exc, display)]
    except YAMLError as exc:  # pragma: no cover - ruamel raises marked errors for all we know
        detail = " ".join(str(exc).split())  # a problem is one line
        return doc, [Problem(Where(display), "yaml-syntax", args={"detail": detail})]
    if node is None:
        return doc, [Problem(Where(display), "yaml-empty")]
    walker = _Walker(doc, text)
    doc.data = walker.value(node, ())
    return doc, walker.problems


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


def _event_problems(yaml: YAML, text: str, display: str) -> list[Problem]:
    problems = []
    documents = 0
    for event in yaml.parse(text):
        mark = event.start_mark
        where = Where(display, mark.line + 1, mark.column + 1)
        name = type(event).__name__
        if name == "DocumentStartEvent":
            documents += 1
            if documents == 2:
                problems.append(Problem(where, "yaml-several-documents"))
        if isinstance(event, AliasEvent):
            problems.append(Problem(where, "yaml-alias", args={"name": event.anchor}))
        elif isinstance(event, (ScalarEvent, CollectionStartEvent)):
            if event.anchor is not None:
                problems.append(Problem(where, "yaml-anchor", args={"name": event.anchor}))
            tag = getattr(event, "tag", None)
            if tag is not None and str(tag) not in ("", "!"):
                problems.append(Problem(where, "yaml-tag", args={"tag": _as_written(str(tag))}))
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


def _syntax_problem(exc: MarkedYAMLError, display: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if (exc.context, exc.problem) in _AT_TOKEN_START and exc.context_mark is not None:
        mark = exc.context_mark
    where = Where(display, mark.line + 1, mark.column + 1) if mark else Where(display)
    detail = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    hint = next((h for pattern, h in _SYNTAX_HINTS.items() if pattern in detail), "")
    return Problem(where, "yaml-syntax", args={"detail": detail, "hint": hint})


class _Walker:
    """Turns composed nodes into plain values, recording positions and problems."""

    def __init__(self, doc: YamlDocument, text: str) -> None:
        self.doc = doc
        self.text = text
        self.problems: list[Problem] = []

    def where(self, node: Node) -> Where:
        return Where(self.doc.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def value(self, node: Node, path: PathKey) -> Any:
        self.doc.positions[path] = self.where(node)
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        self.doc.texts[path] = _scalar_text(node)
        self.doc.sources[path] = self.text[node.start_mark.index : node.end_mark.index]
        return self.scalar(node)

    def mapping(self, node: MappingNode, path: PathKey) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Where] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problems.append(Problem(self.where(key_node), "yaml-complex-key"))
                continue
            key = self.scalar(key_node)
            if not isinstance(key, str):
                key = _scalar_text(key_node)  # keys are names: `2023:` means the name "2023"
            here = self.where(key_node)
            if key in first_seen:
                self.problems.append(
                    Problem(here, "yaml-duplicate-key", args={"key": key, "first": first_seen[key].line})
                )
                continue
            first_seen[key] = here
            self.doc.key_positions[(*path, key)] = here
            result[key] = self.value(value_node, (*path, key))
            if _is_empty(value_node):
                # `target:` with nothing after it: the parser places the empty value at the next
                # token, often the next key on the next line; what is missing is this key's value
                self.doc.positions[(*path, key)] = here
        return result

    def scalar(self, node: ScalarNode) -> Any:
        text = _scalar_text(node)
        tag = str(node.tag)
        if node.style in ("'", '"', "|", ">") or tag == _TAG + "str":
            return text
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return text.lower() == "true"
        if tag == _TAG + "int":
            if _INT.fullmatch(text):
                return int(text)
            self.problems.append(Problem(self.where(node), "yaml-odd-number", args={"text": text}))
            return text
        if tag == _TAG + "float":
            if _DECIMAL.fullmatch(text):
                return Decimal(text)
            self.problems.append(Problem(self.where(node), "yaml-odd-number", args={"text": text}))
            return text
        return text


def _is_empty(node: Node) -> bool:
    """`key:` with no value written: an empty plain scalar."""
    return isinstance(node, ScalarNode) and node.style is None and not node.value


def _scalar_text(node: ScalarNode) -> str:
    """A scalar's text. In round-trip mode ruamel marks every fold of a `>` block scalar with a
    BEL character (to write the folds back); it is not part of the value."""
    text: str = node.value
    return text.replace("\a", "") if node.style == ">" else text
