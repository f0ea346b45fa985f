"""Untrusted YAML in, plain values out, every value remembering where it was written.

Files are parsed into events (never constructed into Python objects), and built by hand in
one pass: mappings become dicts, sequences lists, scalars str / int / Decimal / bool / None,
each with its file, line and column. Integers and decimals are read from the text as written,
so 14.7 stays 14.7.

The events come from libyaml (PyYAML's C parser): linear and fast on any file up to the size
limit. When libyaml refuses a file of at most PURE_LIMIT characters, the file is read again
by ruamel.yaml's pure-Python parser, whose positions are the ones staff know; a larger
broken file gets libyaml's position. Either parser's error is said in the user's words, with
its fix (engine.yamlsyntax). Without the C parser, everything is read by ruamel.yaml.

Refused, each as a Problem with its position: tab characters, invisible characters in any
text (engine.safetext), anchors and aliases, explicit tags, duplicate keys, several
documents, nesting deeper than MAX_NESTING, numbers out of bounds (engine.bounds),
non-finite or non-decimal numbers, and anything the YAML parser itself rejects (bad
indentation, unclosed quotes ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from engine.bounds import number_problem, text_too_long
from engine.problems import MAX_PER_FILE, Problem, Where, capped
from engine.safetext import describe, first_unsafe, safe_lines
from engine.yamlsyntax import explain

PathKey = tuple[Any, ...]
Mark = tuple[int, int]  # 1-based line and column

# A workspace file nests a few levels (published.yaml: bodies → body → kpis → KPI → figure);
# deeper is a mistake or an attack, and a parser's cost can grow with the depth.
MAX_NESTING = 20
# Values (scalars, mappings, sequences; keys included) in one file: the work of reading a
# file, checking it against its schema and using it grows with this, not with its bytes. The
# largest file of the 2024Q1 workspace holds about 700.
MAX_VALUES = 10_000
# Characters in one text (a name, a formula, a note): the longest KPI name of the report has
# about 300; the schemas bound each field more tightly, this bounds what any text costs.
MAX_TEXT = 10_000
# A broken file up to this many characters is read again by the pure-Python parser for its
# familiar messages; a larger one is said in libyaml's words, as the pure parser's time grows
# with every character.
PURE_LIMIT = 16_000
# The unclosed-quote finder tries this many suspect lines, each by parsing the file again, and
# parses at most QUOTE_BUDGET characters in all.
QUOTE_TRIES = 20
QUOTE_BUDGET = 4_000_000

_INT = re.compile(r"[-+]?[0-9]+")
_DECIMAL = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")
_TAG = "tag:yaml.org,2002:"


@dataclass
class YamlDocument:
    """A loaded file: its plain data, and the position and source text of every value."""

    file: str
    data: Any = None
    # (line, column) of every value and key: a Where is made only when one is asked for
    positions: dict[PathKey, Mark] = field(default_factory=dict)
    key_positions: dict[PathKey, Mark] = field(default_factory=dict)
    texts: dict[PathKey, str] = field(default_factory=dict)
    # where each scalar is written in `source`: its text as written is cut out when asked for
    spans: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    source: str = ""
    # the data path of a problem found in a value, so that its KPI can be named
    problem_paths: dict[Problem, PathKey] = field(default_factory=dict)

    def where(self, path: PathKey) -> Where:
        """Position of the value at `path`, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        mark = self.positions.get(path)
        return Where(self.file, *mark) if mark else Where(self.file)

    def key_where(self, path: PathKey) -> Where:
        """Position of the key whose value is at `path` (falls back to the value)."""
        mark = self.key_positions.get(tuple(path))
        return Where(self.file, *mark) if mark else self.where(path)

    def text(self, path: PathKey) -> str | None:
        return self.texts.get(tuple(path))

    def inner_where(self, path: PathKey, offset: int) -> Where:
        """Position in the file of character `offset` of the text at `path` (see `_inner`)."""
        path = tuple(path)
        return _inner(self.where(path), self.texts.get(path), self.written(path), offset)

    def written(self, path: PathKey) -> str | None:
        """The scalar at `path` as written in the file: quotes, escapes and all."""
        span = self.spans.get(tuple(path))
        return self.source[span[0] : span[1]] if span else None


_ESCAPE_WIDTH = {"x": 4, "u": 6, "U": 10}
_BLANK = frozenset(" \t\r\n")  # what folding changes; a no-break space or U+2028 is a character


def _escape_value(unit: str) -> str:
    """The character a double-quoted escape such as `\\e`, `\\x1b` or `\\u202e` stands for
    (as far as blank or not matters)."""
    if unit[1] in _ESCAPE_WIDTH:
        try:
            return chr(int(unit[2:], 16))
        except ValueError:
            return "?"
    return {"t": "\t", "n": "\n", "r": "\r", " ": " ", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}.get(
        unit[1], unit[1]
    )


def _inner(start: Where, value: str | None, source: str | None, offset: int) -> Where:
    """Position in the file of character `offset` of a scalar's value, given where the scalar
    starts and its source as written: past an opening quote or a block indicator (`>`, `|`),
    across line breaks and indentation, and over escapes (`\\e`, `\\u202e`, `''`), so that a
    character written as an escape is found at its backslash."""
    if value is None or not source:
        return start.shifted(offset)
    # The n-th non-blank character of the value is the n-th non-blank unit written: folding
    # only ever changes blanks, and an escape is one unit.
    wanted = sum(char not in _BLANK for char in value[:offset])
    line, column, index = start.line, start.column, 0
    quote = source[0] if source[0] in "'\"" else ""
    if source[0] in "|>":
        index, line, column = source.find("\n") + 1, line + 1, 1
    elif quote:
        index, column = 1, column + 1
    while index < len(source):
        char = source[index]
        width, stands_for = 1, char
        if char == "\n":
            line, column, index = line + 1, 1, index + 1
            continue
        if quote == '"' and char == "\\" and index + 1 < len(source):
            if source[index + 1] == "\n":  # an escaped line break joins the lines: nothing of the value
                index += 1
                continue
            width = _ESCAPE_WIDTH.get(source[index + 1], 2)
            stands_for = _escape_value(source[index : index + width])
        elif quote == "'" and source.startswith("''", index):
            width = 2
        if stands_for not in _BLANK:
            if wanted == 0:
                break
            wanted -= 1
        column += width
        index += width
    return Where(start.file, line, column)


def parse_yaml(text: str, display: str) -> tuple[YamlDocument, list[Problem]]:
    """Parse YAML text that claims to come from `display` (used in every position)."""
    problems = _character_problems(text, display)
    if problems:
        return YamlDocument(display), capped(problems)
    fast = _fast_parser()
    if fast is not None:
        events, errors = fast
        try:
            return _build(text, display, events(text))
        except errors as exc:
            # libyaml's own nesting bound is met before ours when brackets open faster than
            # events come out; the pure parser would take seconds to say the same
            if len(text) > PURE_LIMIT or _too_deep(exc):
                return YamlDocument(display), [_broken(text, display, exc)]
    try:
        return _build(text, display, _pure_events(text))
    except MarkedYAMLError as exc:
        return YamlDocument(display), [_broken(text, display, exc)]
    except YAMLError as exc:  # pragma: no cover - ruamel raises marked errors for all we know
        detail = " ".join(str(exc).split())  # a problem is one line
        return YamlDocument(display), [Problem(Where(display), "yaml-syntax", args={"detail": detail})]


Events = Iterator[Any]


@cache
def _fast_parser() -> tuple[Callable[[str], Events], type[Exception]] | None:
    """libyaml's event stream through PyYAML's C extension, and its error class; None
    where the extension is not built (then ruamel.yaml reads everything)."""
    try:
        from yaml import YAMLError as CError
        from yaml._yaml import CParser, _set_max_nest_level
    except ImportError:  # pragma: no cover - the wheels carry it
        return None
    # libyaml reads brackets ahead of the events it gives (a `[` may open a key), so a file
    # of 100 000 `[` reaches its own bound (1000) before ours: make its bound ours
    _set_max_nest_level(MAX_NESTING)

    def events(text: str) -> Events:
        parser = CParser(text)
        get = parser.get_event
        try:
            event = get()
            while event is not None:  # None after the end of the stream
                yield event
                event = get()
        finally:
            parser.dispose()

    return events, CError


def _pure_events(text: str) -> Events:
    return iter(YAML(typ="safe", pure=True).parse(text))


def _build(text: str, display: str, events: Events) -> tuple[YamlDocument, list[Problem]]:
    doc = YamlDocument(display, source=text)
    builder = _Builder(doc, text)
    try:
        for event in events:
            builder.feed(event)
    except _TooMuch as much:
        return YamlDocument(display), [Problem(much.where, much.code, args={"limit": much.limit})]
    except _Enough:
        return YamlDocument(display), capped(builder.problems)
    if not builder.has_root:
        return doc, [Problem(Where(display), "yaml-empty")]
    return doc, builder.problems


def _broken(text: str, display: str, exc: Any) -> Problem:
    """The one problem of a file the parser refuses: an unclosed quote where one is found,
    else the parser's own words, placed and hinted."""
    if _too_deep(exc):
        mark = exc.problem_mark
        return Problem(Where(display, mark.line + 1, mark.column + 1), "yaml-too-deep", args={"limit": MAX_NESTING})
    quote = _unclosed_quote(text, exc)
    if quote is not None:
        line, column = quote
        return Problem(Where(display, line, column), "yaml-unclosed-quote")
    return _syntax_problem(exc, text, display)


def _too_deep(exc: Any) -> bool:
    """libyaml's own bound on nesting (1000 levels) was met."""
    return "maximum nesting depth" in str(getattr(exc, "problem", ""))


class _Enough(Exception):
    """More problems than a file's report shows (engine.problems.MAX_PER_FILE): stop reading."""


class _TooMuch(Exception):
    """A bound of the reader is passed: reading stops there, with one problem."""

    def __init__(self, where: Where, code: str, limit: int) -> None:
        super().__init__(where, code)
        self.where, self.code, self.limit = where, code, limit


# Line breaks as the YAML 1.2 parser counts them (str.splitlines also breaks at \v, \f, \x85 ...).
_LINE_BREAK = re.compile("\r\n|[\r\n]")
# Characters YAML does not allow in a file. The parser refuses them too, but gives a character
# offset instead of a line and column, in a message over two lines.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _character_problems(text: str, display: str) -> list[Problem]:
    """Tabs, and invisible control characters such as the vertical tab that text copied from
    documents brings along: the first of each kind on every line, with its line and column."""
    if "\t" not in text and _NOT_PRINTABLE.search(text) is None:
        return []  # the usual file, at regex speed
    problems: list[Problem] = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if len(problems) > MAX_PER_FILE:
            break
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


# Errors found while scanning a token that can run on past its line (a key looking for its
# colon, quoted text looking for its closing quote) are detected where the scanner gave up —
# the next line, or the end of the file. The mistake is where the token starts.
_AT_TOKEN_START = {
    ("while scanning a simple key", "could not find expected ':'"),
    ("while scanning a quoted scalar", "found unexpected end of stream"),
    ("while scanning a quoted scalar", "found unexpected document separator"),
}


_QUOTE_EVENTS = re.compile("[\"'\\\\#]")


def _open_quote(line: str) -> int | None:
    """The 0-based column of a quote that opens a value on this line and is not closed on it.
    One pass over the line, jumping from one quote, backslash or `#` to the next."""
    quote, start = "", 0
    last = ""  # the last non-blank character outside quotes so far
    seen = 0  # where the text not yet looked at for `last` begins
    skip_to = 0
    for found in _QUOTE_EVENTS.finditer(line):
        index, char = found.start(), found.group()
        if index < skip_to:
            continue
        if quote:
            if quote == '"' and char == "\\":
                skip_to = index + 2
            elif char == quote and quote == "'" and line[index + 1 : index + 2] == "'":
                skip_to = index + 2  # '' is a quote inside single quotes
            elif char == quote:
                quote, last, seen = "", char, index + 1
            continue
        blank = line[seen:index].rstrip()
        if blank:
            last = blank[-1]
        seen = index + 1
        if char in "\"'" and last in ("", ":", "-"):
            quote, start = char, index
        elif char == "#" and (index == 0 or line[index - 1] == " "):
            break
        else:
            last = char
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
    fast = _fast_parser()
    parse, errors = fast if fast is not None else (_pure_events, MarkedYAMLError)
    tries = 0
    budget = min(QUOTE_TRIES, max(1, QUOTE_BUDGET // max(len(text), 1)))  # a large file: fewer tries
    for number, line in enumerate(lines[: mark.line + 1]):
        column = _open_quote(line)
        if column is None:
            continue
        tries += 1
        if tries > budget:
            break
        mended = "\n".join([*lines[:number], line + line[column], *lines[number + 1 :]])
        try:
            for _ in parse(mended):
                pass
        except errors as again:
            later = getattr(again, "problem_mark", None) or getattr(again, "context_mark", None)
            if later is None or later.line <= mark.line:
                continue
        return number + 1, column + 1
    return None


def _syntax_problem(exc: MarkedYAMLError, text: str, display: str) -> Problem:
    """The parser's error placed, and said with its fix (engine.yamlsyntax)."""
    mark = exc.problem_mark or exc.context_mark
    if (exc.context, exc.problem) in _AT_TOKEN_START and exc.context_mark is not None:
        mark = exc.context_mark
    where = Where(display, mark.line + 1, mark.column + 1) if mark else Where(display)
    code, args = explain(exc, text, mark)
    return Problem(where, code, args=args)


class _Frame:
    """An open mapping or sequence while events stream in."""

    def __init__(self, value: dict[Any, Any] | list[Any] | None, path: PathKey) -> None:
        self.value = value  # None: a complex key being skipped
        self.path = path
        self.key: Any = None  # a mapping's key waiting for its value
        self.has_key = False
        self.first_seen: dict[Any, Mark] = {}


_NODES = frozenset({"ScalarEvent", "AliasEvent", "MappingStartEvent", "SequenceStartEvent"})
_STARTS = frozenset({"MappingStartEvent", "SequenceStartEvent"})
_ENDS = frozenset({"MappingEndEvent", "SequenceEndEvent"})


@cache
def _implicit_tags() -> dict[str | None, tuple[tuple[str, Any], ...]]:
    """ruamel.yaml's YAML 1.2 table of what a plain scalar is (number, bool, null, text), by
    first character. Read once and matched here: its own `resolve` costs more than the parse."""
    table = YAML(typ="safe", pure=True).resolver.versioned_resolver
    return {
        # the table's patterns are lazy proxies; compiled plainly they match at regex speed
        first: tuple((str(tag), re.compile(regexp.pattern, regexp.flags)) for tag, regexp in entries)
        for first, entries in table.items()
    }


def _resolve(text: str, implicit: Any, resolved: dict[str, str]) -> str:
    """The tag of a scalar as ruamel.yaml's resolver gives it (its `resolve`, for scalars).
    Plain scalars repeat within a file (keys, variants, units): `resolved` holds the tags of
    the texts the file has given so far, so that each is matched once."""
    if not implicit[0]:
        return _TAG + "str"
    tag = resolved.get(text)
    if tag is None:
        tag = _TAG + "str"
        table = _implicit_tags()
        for candidate, regexp in (*table.get(text[:1], ()), *table.get(None, ())):
            if regexp.match(text):
                tag = candidate
                break
        resolved[text] = tag
    return tag


class _Builder:
    """Builds plain values from a YAML event stream in one pass, recording the position and
    source text of every value; no Python objects are constructed. Events are told apart by
    their class names, which libyaml's (PyYAML) and ruamel.yaml's events share."""

    def __init__(self, doc: YamlDocument, text: str) -> None:
        self.doc = doc
        self.text = text
        # A value holds only characters of the file, save those an escape (a backslash in
        # double quotes) writes: in a file with no backslash and nothing invisible outside its
        # line breaks, no value can hold an invisible character, and none is looked at.
        self.clean = "\\" not in text and safe_lines(text)
        self.problems: list[Problem] = []
        self.resolved: dict[str, str] = {}  # the tag of each plain text seen (_resolve)
        self.stack: list[_Frame] = []
        self.documents = 0
        self.values = 0
        self.has_root = False

    def at(self, mark: Mark) -> Where:
        return Where(self.doc.file, *mark)

    def feed(self, event: Any) -> None:
        kind = type(event).__name__  # libyaml's and ruamel's event classes share their names
        if kind == "ScalarEvent" and self.documents == 1 and self.stack and self.stack[-1].value is not None:
            self._scalar_in(self.stack[-1], event)  # most events: the same steps as below, in one place
            return
        if kind == "DocumentStartEvent":
            self.documents += 1
            if self.documents == 2:
                self.problems.append(Problem(self.at(_mark(event)), "yaml-several-documents"))
            return
        if self.documents > 1 or (kind not in _NODES and kind not in _ENDS):
            return
        if kind in _ENDS:
            self.stack.pop()
            return
        if kind in _STARTS and len(self.stack) >= MAX_NESTING:
            raise _TooMuch(self.at(_mark(event)), "yaml-too-deep", MAX_NESTING)
        self.values += 1
        if len(self.problems) > MAX_PER_FILE:
            raise _Enough()
        if self.values > MAX_VALUES:
            raise _TooMuch(self.at(_mark(event)), "yaml-too-many-values", MAX_VALUES)
        here = _mark(event)
        self._refuse_decorations(event, kind, here)
        if self.stack and self.stack[-1].value is None:  # inside a skipped complex key
            if kind in _STARTS:
                self.stack.append(_Frame(None, ()))
            return
        parent = self.stack[-1] if self.stack else None
        if parent is not None and isinstance(parent.value, dict) and not parent.has_key:
            self._key(parent, event, kind, here)
            return
        path = self._child_path(parent)
        self.doc.positions[path] = here
        if kind == "AliasEvent":
            value: Any = None
        elif kind == "ScalarEvent":  # the document's root (a scalar in a container: _scalar_in)
            self.doc.texts[path] = event.value
            self.doc.spans[path] = (event.start_mark.index, event.end_mark.index)
            value = self._scalar(event, here, path)
        else:
            value = {} if kind == "MappingStartEvent" else []
        self._attach(parent, path, value)
        if kind in _STARTS:
            self.stack.append(_Frame(value, path))

    def _scalar_in(self, parent: _Frame, event: Any) -> None:
        """`feed` of a scalar inside an open mapping or sequence: the same steps, in one place
        (most events are these)."""
        self.values += 1
        if len(self.problems) > MAX_PER_FILE:
            raise _Enough()
        start = event.start_mark
        here = (start.line + 1, start.column + 1)
        if self.values > MAX_VALUES:
            raise _TooMuch(self.at(here), "yaml-too-many-values", MAX_VALUES)
        if event.anchor is not None or getattr(event, "tag", None) is not None:
            self._refuse_decorations(event, "ScalarEvent", here)
        value = parent.value
        doc = self.doc
        text = event.value
        if isinstance(value, dict):
            if not parent.has_key:
                # in a file with nothing invisible, a scalar key is its text as written (_key:
                # a number or `true` as a key is a name too); _key's steps, without its calls
                if not self.clean or len(text) > MAX_TEXT or text in parent.first_seen:
                    self._key(parent, event, "ScalarEvent", here)  # says the duplicate
                    return
                parent.first_seen[text] = here
                doc.key_positions[(*parent.path, text)] = here
                parent.key, parent.has_key = text, True
                return
            path = (*parent.path, parent.key)
        else:
            path = (*parent.path, len(value))  # type: ignore[arg-type]
        doc.positions[path] = here
        doc.texts[path] = text
        doc.spans[path] = (start.index, event.end_mark.index)
        if self.clean and event.style in _QUOTED and len(text) <= MAX_TEXT:
            scalar: Any = text  # quoted text: _scalar's answer, without its steps
        else:
            scalar = self._scalar(event, here, path)
        if isinstance(value, dict):
            if _is_empty(event):
                # `target:` with nothing after it: the parser places the empty value at the next
                # token, often the next key on the next line; what is missing is this key's value
                doc.positions[path] = doc.key_positions.get(path, here)
            if parent.key is not _SKIP:
                value[parent.key] = scalar
            else:
                doc.positions.pop(path, None)
            parent.key, parent.has_key = None, False
        else:
            value.append(scalar)  # type: ignore[union-attr]

    def _refuse_decorations(self, event: Any, kind: str, here: Mark) -> None:
        if kind == "AliasEvent":
            self.problems.append(Problem(self.at(here), "yaml-alias", args={"name": event.anchor}))
            return
        if event.anchor is not None:
            self.problems.append(Problem(self.at(here), "yaml-anchor", args={"name": event.anchor}))
        tag = getattr(event, "tag", None)
        if tag is not None and str(tag) not in ("", "!"):
            self.problems.append(Problem(self.at(here), "yaml-tag", args={"tag": _as_written(str(tag))}))

    def _key(self, frame: _Frame, event: Any, kind: str, here: Mark) -> None:
        if kind != "ScalarEvent":
            self.problems.append(Problem(self.at(here), "yaml-complex-key"))
            frame.key, frame.has_key = _SKIP, True
            if kind in _STARTS:
                self.stack.append(_Frame(None, ()))
            return
        self._refuse_invisible(event, here, frame.path)
        key = self._scalar(event, here, None)
        if not isinstance(key, str):
            key = event.value  # keys are names: `2023:` means the name "2023"
        if key in frame.first_seen:
            first = frame.first_seen[key][0]
            self.problems.append(Problem(self.at(here), "yaml-duplicate-key", args={"key": key, "first": first}))
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

    def _report(self, problem: Problem, path: PathKey) -> None:
        """A problem with a value: where in the data it is, for the KPI it belongs to."""
        self.problems.append(problem)
        self.doc.problem_paths[problem] = path

    def _refuse_invisible(self, event: Any, here: Mark, path: PathKey) -> bool:
        """Text holding an invisible or control character (engine.safetext), placed at it;
        or text longer than MAX_TEXT."""
        if len(event.value) > MAX_TEXT:
            args = {"length": len(event.value), "limit": MAX_TEXT}
            self._report(Problem(self.at(here), "text-too-long", args=args), path)
            return True
        offset = None if self.clean else first_unsafe(event.value)
        if offset is None:
            return False
        source = self.text[event.start_mark.index : event.end_mark.index]
        where = _inner(self.at(here), event.value, source, offset)
        self._report(Problem(where, "text-invisible", args={"char": describe(event.value[offset])}), path)
        return True

    def _scalar(self, event: Any, here: Mark, path: PathKey | None) -> Any:
        """The value of a scalar; `path` None for a key (a key's number is a name, not checked)."""
        text = event.value
        if path is not None and self._refuse_invisible(event, here, path):
            return text
        if event.style in ("'", '"', "|", ">"):
            return text
        tag = _resolve(text, event.implicit, self.resolved)
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return text.lower() == "true"
        number = tag in (_TAG + "int", _TAG + "float")
        if not number or path is None:
            return text
        out_of_bounds = text_too_long(text)
        value: int | Decimal | None = None
        if out_of_bounds is None and tag == _TAG + "int" and _INT.fullmatch(text):
            value = int(text)
        elif out_of_bounds is None and tag == _TAG + "float" and _DECIMAL.fullmatch(text):
            value = Decimal(text)
        elif out_of_bounds is None:
            self._report(Problem(self.at(here), "yaml-odd-number", args={"text": text}), path)
            return text
        if value is not None:
            out_of_bounds = number_problem(value)
        if out_of_bounds is not None:
            code, args = out_of_bounds
            self._report(Problem(self.at(here), code, args={"text": text, **args}), path)
            return text
        return value


_SKIP = object()
_QUOTED = frozenset({"'", '"', "|", ">"})


def _mark(event: Any) -> Mark:
    start = event.start_mark
    return start.line + 1, start.column + 1


def _is_empty(event: Any) -> bool:
    """`key:` with no value written: an empty plain scalar (style None in ruamel, '' in libyaml)."""
    return not event.style and not event.value
