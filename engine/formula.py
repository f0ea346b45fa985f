"""Formulas written by people, not programmers.

A formula such as `U if Z >= N else Z / N * U` is parsed once, checked against a whitelist
(arithmetic + - * /, comparisons, `and` / `or` / `not`, `x if c else y`, numbers, the declared
names, and the functions min, max, abs), bounded in length, depth, size and magnitude, and then
evaluated any number of times with simpleeval over exact rationals (`fractions.Fraction`).

Arithmetic is exact: `Z / N * U` with Z = 4, N = 30, U = 6 is 0,8, not 0,7999…; the only
rounding is the one methodology.yaml declares, applied to the result (`engine.rounding`).

Nothing in a formula can reach a Python object: there are no attributes, subscripts, strings,
calls to anything but the three functions, powers, comprehensions or lambdas, so the work of
one evaluation is bounded by the size of the tree, every number stays below `MAGNITUDE` and
every denominator below `MAX_DENOMINATOR`.
"""

from __future__ import annotations

import ast
import functools
import operator
import re
import unicodedata
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from simpleeval import SimpleEval

from engine.formulacode import Compiled
from engine.formulalimits import FUNCTIONS, MAGNITUDE, MAX_DENOMINATOR, FormulaError
from engine.safetext import describe
from engine.suggest import did_you_mean

MAX_LENGTH = 300
MAX_DEPTH = 30
MAX_NODES = 100
MAX_ARGS = 5
MAX_LITERAL_DIGITS = 12
MAX_LITERAL = 10**MAX_LITERAL_DIGITS  # a literal is at most 10**12 with at most 12 decimals


def _checked(op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def run(left: Any, right: Any) -> Any:
        result = op(left, right)
        if isinstance(result, Fraction):
            if abs(result) > MAGNITUDE:
                raise FormulaError("formula-overflow", limit=MAGNITUDE)
            if result.denominator > MAX_DENOMINATOR:
                raise FormulaError("formula-precision")
        return result

    return run


def _divide(left: Any, right: Any) -> Any:
    if right == 0:
        raise ZeroDivisionError("division by zero in a formula")
    if not isinstance(left, Fraction) and not isinstance(right, Fraction):
        left = Fraction(left)  # (a > 0) / (b > 0): True / True is 1, not the float 1.0
    return left / right


_ARITHMETIC: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: _checked(operator.add),
    ast.Sub: _checked(operator.sub),
    ast.Mult: _checked(operator.mul),
    ast.Div: _checked(lambda left, right: _divide(left, right)),
}
_COMPARISONS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_UNARY: dict[type, Callable[[Any], Any]] = {
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
    ast.Not: operator.not_,
}
OPERATORS: dict[type, Any] = {**_ARITHMETIC, **_COMPARISONS, **_UNARY}

# Syntax a formula may use, and what simpleeval may evaluate (defence in depth).
_STRUCTURE = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.IfExp)
_LEAVES = (ast.Name, ast.Constant, ast.Call, ast.Load, ast.And, ast.Or)
_SYMBOLS = {
    ast.Pow: "**",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
    ast.Invert: "~",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}
_DECIMAL_COMMA = re.compile(r"(?<![\w.])(\d+),(\d+)(?![\w.])")
_COLLECTIONS = (ast.List, ast.Tuple, ast.Set, ast.Dict, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_MARKERS = (ast.operator, ast.cmpop, ast.unaryop, ast.boolop, ast.expr_context)
_CONSTRUCTS = {
    ast.Attribute: "formula-attribute",
    ast.Subscript: "formula-subscript",
    ast.Lambda: "formula-lambda",
    ast.JoinedStr: "formula-string",
}


Exact = Decimal | Fraction | int  # what a formula takes: exact values only, never floats


@dataclass(frozen=True)
class Branch:
    """One `x if condition else y` met during evaluation: the condition and the way taken."""

    condition: str
    held: bool
    taken: str
    condition_node: ast.expr = field(compare=False, repr=False)
    taken_node: ast.expr = field(compare=False, repr=False)


@dataclass(frozen=True)
class Outcome:
    """The value of one evaluation and the branches it took (for explanations)."""

    value: Fraction
    branches: tuple[Branch, ...] = ()


@dataclass(frozen=True)
class Formula:
    """A compiled formula. Build it with `compile_formula`, evaluate with `evaluate`."""

    source: str
    tree: ast.Expression = field(compare=False, repr=False)
    names: frozenset[str] = frozenset()

    def evaluate(self, values: Mapping[str, Exact]) -> Outcome:
        """Evaluate to an exact number. Raises ZeroDivisionError on a division by zero and
        FormulaError when a value would exceed `MAGNITUDE` or the result is not a number."""
        result, branches = self._run(values)
        if isinstance(result, bool) or not isinstance(result, (int, Fraction)):
            raise FormulaError("formula-not-a-number", value=str(result))
        return Outcome(Fraction(result), branches)

    def holds(self, values: Mapping[str, Exact]) -> bool:
        """Evaluate a condition such as `0 <= W`; raises like `evaluate`."""
        result, _ = self._run(values)
        return bool(result)

    def _run(self, values: Mapping[str, Exact]) -> tuple[Any, tuple[Branch, ...]]:
        branches: list[Branch] = []
        names = {name: Fraction(value) for name, value in values.items()}  # exact: Decimal → Fraction
        evaluator = _ExactEval(self.source, names, branches)
        result = evaluator.eval(self.source, previously_parsed=self.tree.body)
        return result, tuple(branches)

    def value(self, values: Mapping[str, Exact]) -> Fraction:
        """What `evaluate` gives, without the branches (engine.formulacode)."""
        return Fraction(*self.ratio(values))

    def ratio(self, values: Mapping[str, Exact]) -> tuple[int, int]:
        """The value as numerator and denominator in lowest terms, computed by the formula's
        compiled code: the same exact arithmetic, bounds and errors as `evaluate`."""
        result = self._code(values)
        if isinstance(result, bool):
            raise FormulaError("formula-not-a-number", value=str(result))
        numerator, denominator = result
        return numerator, denominator

    def test(self, values: Mapping[str, Exact]) -> bool:
        """What `holds` gives, by the compiled code."""
        result = self._code(values)
        return result if isinstance(result, bool) else result[0] != 0

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (engine.readcache) without its compiled code, made again when first used."""
        return {name: value for name, value in self.__dict__.items() if name != "_code"}

    @functools.cached_property
    def _code(self) -> Compiled:
        return Compiled(self.tree, lambda values: self._run(values)[0])

    @property
    def code(self) -> Compiled:
        """The compiled code itself, for loops that call it positionally over ratios."""
        return self._code

    def segment(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or self.source

    def substitute(self, values: Mapping[str, str], node: ast.expr | None = None) -> str:
        """The source of `node` (default: the whole formula) with each name replaced by
        the text given for it in `values`; names not given are left as they are."""
        node = node if node is not None else self.tree.body
        start, end = node.col_offset, node.end_col_offset or len(self.source)
        text = self.source[start:end]
        names = sorted(
            (n for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in values),
            key=lambda n: n.col_offset,
            reverse=True,
        )
        for name in names:
            left, right = name.col_offset - start, (name.end_col_offset or 0) - start
            text = text[:left] + values[name.id] + text[right:]
        return text


def compile_formula(source: str, allowed_names: Mapping[str, str] | frozenset[str]) -> Formula:
    """Parse and check a formula once. Raises FormulaError saying what is not allowed."""
    written = str(source)
    source = " ".join(written.split())
    try:
        if not source:
            raise FormulaError("formula-empty")
        if len(source) > MAX_LENGTH:
            raise FormulaError("formula-too-long", MAX_LENGTH, length=len(source), limit=MAX_LENGTH)
        _check_characters(source)
        try:
            tree = _parse(source)
        except SyntaxError as exc:
            # Python's own words ("invalid syntax") are never shown: what was meant is
            raise _syntax_error(source, exc.offset) from exc
        except (ValueError, RecursionError, MemoryError) as exc:
            raise FormulaError("formula-syntax", 0) from exc
        used = _check(tree, source, frozenset(allowed_names))
    except FormulaError as exc:
        exc.offset = _written_offset(written, exc.offset)
        raise
    return Formula(source, tree, used)


def _parse(source: str) -> ast.Expression:
    """Python's parse of a formula, without the warnings it prints on its own (`1if x else 0`:
    "SyntaxWarning: invalid decimal literal" is Python's English, on standard error)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        return ast.parse(source, mode="eval")


# Cyrillic letters that look like the Latin ones a formula uses (а/a, е/e, с/c, ...).
_CYRILLIC_LOOKALIKES = dict(zip("аеорсухАВЕКМНОРСТХ", "aeopcyxABEKMHOPCTX", strict=True))
# the formula's own names (a, b, U, N, Z, W) typed in Cyrillic, by sound or by look
_CYRILLIC_NAMES = {"а": "a", "А": "a", "б": "b", "Б": "b", "в": "b", "В": "b", "У": "U", "у": "U", "Н": "N", "н": "N"}
_CYRILLIC_NAMES |= {"З": "Z", "з": "Z", "Ш": "W", "ш": "W"}
_SYMBOLS_MEANT = {"≥": ">=", "≤": "<=", "≠": "!=", "×": "*", "·": "*", "÷": "/", "−": "-", "–": "-", "—": "-"}
# Excel's IF: ЕСЛИ anywhere (Cyrillic is never part of a formula), IF( at the start (where a
# kpi formula cannot have its `if`), and IF( anywhere unless written as Python's `if`
_EXCEL_IF = re.compile(r"(?i:(ЕСЛИ))\s*\(|^\s*(?i:(IF))\s*\(|\b(IF|If|iF)\s*\(")


def _check_characters(source: str) -> None:
    """A formula is plain ASCII. Python would read `Ｕ` (fullwidth) as U and a Cyrillic `а`
    as a name of its own; both are refused here, at the character, with what was meant."""
    excel = _EXCEL_IF.search(source)
    if excel:
        name = next(group for group in excel.groups() if group)
        offset = source.index(name, excel.start())
        rewritten = _from_excel(source)
        if rewritten is not None:
            raise FormulaError("formula-excel-if-rewrite", offset, name=name, fix=rewritten)
        raise FormulaError("formula-excel-if", offset, name=name)
    for offset, char in enumerate(source):
        if " " <= char <= "~":
            continue
        if unicodedata.name(char, "").startswith("CYRILLIC"):
            # a Russian speaker typing Н means N, not the H it looks like: the formula's names first
            name = _CYRILLIC_NAMES.get(char) or _CYRILLIC_LOOKALIKES.get(char)
            if name:
                raise FormulaError("formula-cyrillic", offset, char=char, meant=name)
            raise FormulaError("formula-cyrillic-bare", offset, char=char)
        meant = _CYRILLIC_LOOKALIKES.get(char) or _SYMBOLS_MEANT.get(char) or unicodedata.normalize("NFKC", char)
        if not (meant.isascii() and meant.isprintable()):
            meant = ""
        raise FormulaError("formula-character", offset, char=describe(char), meant=meant)


# --- what a formula that does not parse meant ---------------------------------------------------

# The formula's tokens as a reader sees them (Python's tokenizer differs between versions and
# stops at the first bracket left open).
_TOKEN = re.compile(
    r"(?P<number>(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?[jJ]?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>==|!=|<=|>=|<>|=>|=<|\*\*|//|:=|\S)"
)
_KEYWORDS = frozenset({"if", "else", "and", "or", "not", "in", "is", "lambda", "for", "None", "True", "False"})
_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = {close: opening for opening, close in _OPENING.items()}
# Operators that need a value on their left (`-`, `+` and `not` can start a value).
_BINARY = frozenset({"*", "/", "**", "//", "%", "==", "!=", "<", ">", "<=", ">=", "<>", "=>", "=<", "="})
# What cannot end a formula: an operator, a word that needs what follows, an open bracket.
_DANGLING = frozenset({*_BINARY, "+", "-", "(", "[", "{", ",", "if", "else", "and", "or", "not"})
# Excel's and other languages' comparison spellings: code, and what a kpi formula writes
_SLIPS = {"<>": "formula-excel-not-equal", "=>": "formula-arrow-ge", "=<": "formula-arrow-le"}
_SPELT_COMPARISONS = re.compile(r"<>|=>|=<|(?<![=<>!:])=(?!=)")
_MEANT = {"<>": "!=", "=>": ">=", "=<": "<="}


@dataclass(frozen=True)
class _Token:
    text: str
    kind: str  # "number", "name", "word" (a keyword) or "op"
    offset: int

    @property
    def operand_end(self) -> bool:
        return self.kind in ("number", "name") or self.text in _CLOSING

    @property
    def operand_start(self) -> bool:
        return self.kind in ("number", "name") or self.text in _OPENING


def _tokens(source: str) -> list[_Token]:
    tokens = []
    for found in _TOKEN.finditer(source):
        kind = found.lastgroup or "op"
        if kind == "name" and found.group() in _KEYWORDS:
            kind = "word"
        tokens.append(_Token(found.group(), kind, found.start()))
    return tokens


def _syntax_error(source: str, python_offset: int | None) -> FormulaError:
    """What a formula that does not parse meant, at the character where it goes wrong: Excel's
    and other languages' spellings (`=>`, `<>`, `=`, `;`), a bracket left open or closed once
    too often, an `if` without its `else`, a formula that stops at an operator, two values with
    nothing between them. Anything else: that it does not parse there, in our words."""
    comma = _decimal_comma(source)  # «U if Z >= 97,5 else 0»
    if comma is not None:
        return comma
    tokens = _tokens(source)
    for index, token in enumerate(tokens):
        if token.text in _SLIPS:
            return FormulaError(_SLIPS[token.text], token.offset)
        if token.text == "=":
            split = _split_operator(tokens, index)
            if split is not None:
                return split
            return FormulaError("formula-leading-equals" if index == 0 else "formula-single-equals", token.offset)
        if token.text == ";":
            last = index == len(tokens) - 1
            return FormulaError("formula-semicolon-end" if last else "formula-semicolon", token.offset)
        if token.text == "%":
            return FormulaError("formula-operator", token.offset, symbol="%")
    bracket = _bracket_error(tokens)
    if bracket is not None:
        return bracket
    ifs = [token for token in tokens if token.text == "if"]
    if len(ifs) > sum(token.text == "else" for token in tokens):
        return FormulaError("formula-if-without-else", ifs[-1].offset)
    if tokens and tokens[-1].text in _DANGLING:
        return FormulaError("formula-incomplete", tokens[-1].offset, last=tokens[-1].text)
    for before, token in zip(tokens, tokens[1:], strict=False):
        call = before.kind == "name" and token.text == "("
        if before.operand_end and token.operand_start and not call:
            return FormulaError("formula-missing-operator", token.offset, left=before.text, right=token.text)
        if token.text in _BINARY and (before.kind == "word" or (before.kind == "op" and not before.operand_end)):
            return FormulaError("formula-operand-missing", token.offset, symbol=token.text)
    if tokens and tokens[0].text in _BINARY:
        return FormulaError("formula-operand-missing", tokens[0].offset, symbol=tokens[0].text)
    offset = python_offset - 1 if python_offset else len(source)
    return FormulaError("formula-syntax", min(max(offset, 0), len(source)))


def _split_operator(tokens: list[_Token], index: int) -> FormulaError | None:
    """`a ! = b`, `a < = b`, `a = = b`: an operator of two signs written with a space."""
    before = tokens[index - 1] if index > 0 else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if before is not None and before.text in ("!", "<", ">"):
        return FormulaError(
            "formula-split-operator", before.offset, written=f"{before.text} =", meant=f"{before.text}="
        )
    if after is not None and after.text == "=":
        return FormulaError("formula-split-operator", tokens[index].offset, written="= =", meant="==")
    return None


def _bracket_error(tokens: list[_Token]) -> FormulaError | None:
    """A closing bracket that closes nothing or the wrong one, or one left open (the last
    opened: the one to close first)."""
    opened: list[_Token] = []
    for token in tokens:
        if token.text in _OPENING:
            opened.append(token)
        elif token.text in _CLOSING:
            if not opened:
                return FormulaError("formula-bracket-extra", token.offset, bracket=token.text)
            last = opened.pop()
            if _OPENING[last.text] != token.text:
                args = {"bracket": token.text, "opening": last.text, "closing": _OPENING[last.text]}
                return FormulaError("formula-bracket-mismatch", token.offset, **args)
    if opened:
        last = opened[-1]
        return FormulaError("formula-bracket-unclosed", last.offset, bracket=last.text, closing=_OPENING[last.text])
    return None


def _from_excel(source: str) -> str | None:
    """`ЕСЛИ(Z >= N; U; Z / N * U)` as a kpi formula, `U if Z >= N else Z / N * U` (every
    ЕСЛИ/IF in it, its comparisons written as a kpi formula writes them); None when it cannot
    be rewritten into a formula that parses."""
    parts: list[str] = []
    position = 0
    for excel in _EXCEL_IF.finditer(source):
        if excel.start() < position:
            continue  # inside a call already rewritten
        opening = source.index("(", excel.start())
        closing, arguments = _arguments(source, opening)
        if closing is None or len(arguments) != 3:
            return None
        arguments[0] = _SPELT_COMPARISONS.sub(lambda slip: _MEANT.get(slip.group(), "=="), arguments[0])
        rewritten = [_from_excel(argument.strip()) for argument in arguments]
        if any(not argument for argument in rewritten):
            return None
        # an `x if c else y` as the condition or the first value needs its brackets; as the
        # last value it chains: `U if Z >= N else 0 if a > 0 else 1`
        condition, yes = (
            f"({argument})" if _is_conditional(str(argument)) else str(argument) for argument in rewritten[:2]
        )
        expression = f"{yes} if {condition} else {rewritten[2]}"
        whole = not source[: excel.start()].strip() and not source[closing + 1 :].strip()
        parts += [source[position : excel.start()], expression if whole else f"({expression})"]
        position = closing + 1
    text = "".join([*parts, source[position:]])
    try:
        _parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return text if text.isascii() else None


def _is_conditional(text: str) -> bool:
    return isinstance(_parse(text).body, ast.IfExp)


def _arguments(source: str, opening: int) -> tuple[int | None, list[str]]:
    """The closing bracket of the call whose `(` is at `opening`, and its arguments (split at
    the `;` or `,` outside inner brackets)."""
    arguments: list[str] = []
    depth, start = 0, opening + 1
    for index in range(opening, len(source)):
        char = source[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index, [*arguments, source[start:index]]
        elif char in ";," and depth == 1:
            arguments.append(source[start:index])
            start = index + 1
    return None, arguments


def _written_offset(written: str, offset: int) -> int:
    """Where character `offset` of the whitespace-collapsed formula is in the text as written
    (the formula is checked collapsed, but the user must be pointed into what they typed)."""
    position = 0
    for word in re.finditer(r"\S+", written):
        length = word.end() - word.start()
        if offset < position + length:
            return word.start() + max(offset - position, 0)
        position += length + 1
    return len(written.rstrip())


def _check(tree: ast.Expression, source: str, allowed: frozenset[str]) -> frozenset[str]:
    used: set[str] = set()
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        offset = getattr(node, "col_offset", 0)
        if depth > MAX_DEPTH:
            raise FormulaError("formula-too-deep", offset, limit=MAX_DEPTH)
        if count > MAX_NODES:
            raise FormulaError("formula-too-complex", offset, limit=MAX_NODES)
        _check_node(node, source, allowed, used)
        children = list(ast.iter_child_nodes(node))
        if isinstance(node, ast.Call):
            children.remove(node.func)  # checked by _check_call
        for child in reversed(children):  # reversed onto the stack: checked in reading order
            stack.append((child, depth + (0 if isinstance(child, _MARKERS) else 1)))
    return frozenset(used)


def _check_node(node: ast.AST, source: str, allowed: frozenset[str], used: set[str]) -> None:
    offset = getattr(node, "col_offset", 0)
    kind = type(node)
    if kind in _SYMBOLS:
        return  # reported by the parent with its position
    if isinstance(node, (ast.BinOp, ast.UnaryOp)) and type(node.op) in _SYMBOLS:
        code = "formula-power" if isinstance(node.op, ast.Pow) else "formula-operator"
        raise FormulaError(code, _operator_offset(node, source), symbol=_SYMBOLS[type(node.op)])
    if isinstance(node, ast.Compare):
        for left, op in zip([node.left, *node.comparators], node.ops, strict=False):
            if type(op) in _SYMBOLS:
                symbol = _SYMBOLS[type(op)]
                where = _symbol_offset(source, symbol, left)
                raise FormulaError("formula-operator", where, symbol=symbol)
    if isinstance(node, ast.Name):
        if node.id in allowed:
            used.add(node.id)
            return
        if node.id in FUNCTIONS:
            raise FormulaError("formula-function-not-called", offset, name=node.id)
        raise FormulaError(
            "formula-unknown-name",
            offset,
            name=node.id,
            allowed=", ".join(sorted(allowed)),
            suggestion=did_you_mean(node.id, allowed) or "",
        )
    if isinstance(node, ast.Call):
        _check_call(node, source, allowed)
        return
    if isinstance(node, ast.Constant):
        _check_constant(node, source)
        return
    if kind in _CONSTRUCTS:
        raise FormulaError(_CONSTRUCTS[kind], _construct_offset(node, source))
    if isinstance(node, (*_STRUCTURE, *_LEAVES, ast.operator, ast.cmpop, ast.unaryop)):
        return
    comma = _decimal_comma(source) if isinstance(node, ast.Tuple) else None
    if comma is not None:  # «Z / N * U * 1,5»: read by Python as a pair of numbers
        raise comma
    raise FormulaError("formula-construct", offset, construct=kind.__name__)


def _decimal_comma(source: str) -> FormulaError | None:
    """A Russian decimal comma in a number of the formula (1,5), said at the comma."""
    found = _DECIMAL_COMMA.search(source)
    if found is None:
        return None
    written = found.group(0)
    return FormulaError("formula-decimal-comma", found.start(2) - 1, written=written, meant=written.replace(",", "."))


def _check_call(node: ast.Call, source: str, allowed: frozenset[str]) -> None:
    func = node.func
    if not isinstance(func, ast.Name):
        if type(func) in _CONSTRUCTS:  # `(lambda: 1)()`, `abs.__class__()`: name the construct
            raise FormulaError(_CONSTRUCTS[type(func)], _construct_offset(func, source))
        raise FormulaError("formula-call", func.col_offset)
    if func.id not in FUNCTIONS:
        raise FormulaError(
            "formula-function",
            func.col_offset,
            name=func.id,
            allowed=", ".join(FUNCTIONS),
            suggestion=did_you_mean(func.id, FUNCTIONS) or "",
        )
    if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
        raise FormulaError("formula-call", node.col_offset)
    # abs takes one number; min and max compare two or more (one would be read by Python as a
    # list to look into, which a number is not)
    low, high = (1, 1) if func.id == "abs" else (2, MAX_ARGS)
    if any(isinstance(arg, _COLLECTIONS) for arg in node.args):
        return  # `max([…])`: the list or comprehension is what is refused, named by its own check
    if not low <= len(node.args) <= high:
        raise FormulaError("formula-arguments", node.col_offset, name=func.id)


def _check_constant(node: ast.Constant, source: str) -> None:
    value = node.value
    if isinstance(value, (str, bytes)):
        raise FormulaError("formula-string", node.col_offset)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FormulaError("formula-constant", node.col_offset, text=repr(value))
    text = (ast.get_source_segment(source, node) or repr(value)).replace("_", "")
    written = Decimal(value) if isinstance(value, int) else Decimal(text)
    # checked on the decimal's exponent before it becomes a rational: 1e999999999 must not
    # become an integer of a billion digits on its way to being refused
    if not written.is_finite() or written.adjusted() > MAX_LITERAL_DIGITS:
        raise FormulaError("formula-literal-too-big", node.col_offset, limit=MAX_LITERAL)
    if written and written.adjusted() < -MAX_LITERAL_DIGITS:
        raise FormulaError("formula-literal-too-precise", node.col_offset, places=MAX_LITERAL_DIGITS)
    number = Fraction(written)
    if abs(number) > MAX_LITERAL:
        raise FormulaError("formula-literal-too-big", node.col_offset, limit=MAX_LITERAL)
    if number.denominator > MAX_LITERAL:
        raise FormulaError("formula-literal-too-precise", node.col_offset, places=MAX_LITERAL_DIGITS)
    node.value = number  # type: ignore[assignment]  # evaluated as an exact rational, never a float


def _operator_offset(node: ast.BinOp | ast.UnaryOp, source: str) -> int:
    if isinstance(node, ast.UnaryOp):
        return node.col_offset
    return _symbol_offset(source, _SYMBOLS[type(node.op)], node.left)


def _construct_offset(node: ast.AST, source: str) -> int:
    """Point at the dot of `x.attr` and the bracket of `x[i]`, not at the start of x."""
    if isinstance(node, ast.Attribute):
        return _symbol_offset(source, ".", node.value)
    if isinstance(node, ast.Subscript):
        return _symbol_offset(source, "[", node.value)
    return getattr(node, "col_offset", 0)


def _symbol_offset(source: str, symbol: str, after: ast.expr) -> int:
    """The first `symbol` after the operand `after` ends (past any closing brackets)."""
    found = source.find(symbol, after.end_col_offset or after.col_offset)
    return found if found >= 0 else after.col_offset


class _ExactEval(SimpleEval):  # type: ignore[misc]
    """simpleeval with only the whitelisted nodes and operators, recording branches."""

    def __init__(self, source: str, names: dict[str, Fraction], branches: list[Branch]) -> None:
        super().__init__(operators=dict(OPERATORS), functions=dict(FUNCTIONS), names=names)
        self.source = source
        self.branches = branches
        allowed = (*_STRUCTURE, *_LEAVES)
        self.nodes: dict[type, Any] = {k: v for k, v in self.nodes.items() if k in allowed}
        self.nodes[ast.IfExp] = self._traced_ifexp

    def _traced_ifexp(self, node: ast.IfExp) -> Any:
        held = bool(self._eval(node.test))
        taken = node.body if held else node.orelse
        segment = ast.get_source_segment
        self.branches.append(
            Branch(
                segment(self.source, node.test) or "",
                held,
                segment(self.source, taken) or "",
                node.test,
                taken,
            )
        )
        return self._eval(taken)
