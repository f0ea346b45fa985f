"""A checked formula compiled once into a Python function over exact integer ratios.

`engine.formula` evaluates a formula with simpleeval over `fractions.Fraction`, recording the
branches it takes: that is the audited path, which `kpi explain` shows step by step. Scoring
a quarter, a comparison or ten thousand robustness runs need only the value, the same value:
here the checked tree becomes one Python function in which every number is a pair
(numerator, denominator) of integers in lowest terms, denominator positive. Each of + - * /
is integer arithmetic, reduced by gcd and bounded exactly as the audited path bounds a
Fraction (|value| ≤ MAGNITUDE, denominator ≤ MAX_DENOMINATOR), so the two paths give the
same value and raise the same errors; the tests prove it on every KPI of 2024Q1 and on random
formulas and values, truncation boundaries included.

Truth values stay Python's bools, as they do in the audited path (`Z >= N`, `not x`); `and`,
`or`, `x if c else y`, min and max return one of their operands, as Python does. Only nodes
that passed the formula check are in the tree, so the function can do nothing a formula
cannot, and its size is the tree's.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from math import gcd
from typing import Any, TypeGuard

from engine.formulalimits import FUNCTIONS, MAGNITUDE, MAX_DENOMINATOR, FormulaError

Ratio = tuple[int, int]
Value = Ratio | bool


def as_ratio(value: Any) -> Value:
    """A Fraction, Decimal, int or bool as what the compiled code computes with."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Fraction | Decimal | int):
        return value.as_integer_ratio()
    raise FormulaError("formula-not-a-number", value=str(value))


def _pair(x: Value) -> Ratio:
    return x if isinstance(x, tuple) else (int(x), 1)


def _bounded(n: int, d: int) -> Ratio:
    g = gcd(n, d)
    if g != 1:
        n //= g
        d //= g
    if abs(n) > MAGNITUDE * d:
        raise FormulaError("formula-overflow", limit=MAGNITUDE)
    if d > MAX_DENOMINATOR:
        raise FormulaError("formula-precision")
    return n, d


def _add(x: Value, y: Value) -> Ratio:
    (a, b), (c, d) = _pair(x), _pair(y)
    return _bounded(a * d + c * b, b * d)


def _sub(x: Value, y: Value) -> Ratio:
    (a, b), (c, d) = _pair(x), _pair(y)
    return _bounded(a * d - c * b, b * d)


def _mul(x: Value, y: Value) -> Ratio:
    (a, b), (c, d) = _pair(x), _pair(y)
    return _bounded(a * c, b * d)


def _div(x: Value, y: Value) -> Ratio:
    (a, b), (c, d) = _pair(x), _pair(y)
    if c == 0:
        raise ZeroDivisionError("division by zero in a formula")
    if c < 0:
        a, c = -a, -c
    return _bounded(a * d, b * c)


# The same operations on two operands known to be ratios when the formula is compiled (names,
# numbers, arithmetic): no test of what they are.
def _add_rr(x: Ratio, y: Ratio) -> Ratio:
    return _bounded(x[0] * y[1] + y[0] * x[1], x[1] * y[1])


def _sub_rr(x: Ratio, y: Ratio) -> Ratio:
    return _bounded(x[0] * y[1] - y[0] * x[1], x[1] * y[1])


def _mul_rr(x: Ratio, y: Ratio) -> Ratio:
    return _bounded(x[0] * y[0], x[1] * y[1])


def _div_rr(x: Ratio, y: Ratio) -> Ratio:
    return _div(x, y)


def _lt_rr(x: Ratio, y: Ratio) -> bool:
    return x[0] * y[1] < y[0] * x[1]


def _le_rr(x: Ratio, y: Ratio) -> bool:
    return x[0] * y[1] <= y[0] * x[1]


def _gt_rr(x: Ratio, y: Ratio) -> bool:
    return x[0] * y[1] > y[0] * x[1]


def _ge_rr(x: Ratio, y: Ratio) -> bool:
    return x[0] * y[1] >= y[0] * x[1]


def _neg(x: Value) -> Ratio:
    a, b = _pair(x)
    return -a, b


def _pos(x: Value) -> Ratio:
    return _pair(x)


def _truth(x: Value) -> bool:
    return x[0] != 0 if isinstance(x, tuple) else x


def _lt(x: Value, y: Value) -> bool:
    (a, b), (c, d) = _pair(x), _pair(y)
    return a * d < c * b


def _le(x: Value, y: Value) -> bool:
    (a, b), (c, d) = _pair(x), _pair(y)
    return a * d <= c * b


def _gt(x: Value, y: Value) -> bool:
    (a, b), (c, d) = _pair(x), _pair(y)
    return a * d > c * b


def _ge(x: Value, y: Value) -> bool:
    (a, b), (c, d) = _pair(x), _pair(y)
    return a * d >= c * b


def _eq(x: Value, y: Value) -> bool:
    return _pair(x) == _pair(y)  # both in lowest terms


def _ne(x: Value, y: Value) -> bool:
    return _pair(x) != _pair(y)


def _min(*items: Value) -> Value:
    best = items[0]
    for item in items[1:]:
        if _lt(item, best):  # as Python's min: the first of equal smallest
            best = item
    return best


def _max(*items: Value) -> Value:
    best = items[0]
    for item in items[1:]:
        if _gt(item, best):
            best = item
    return best


def _abs(x: Value) -> Ratio:
    a, b = _pair(x)
    return abs(a), b


_ARITHMETIC = {ast.Add: "_add", ast.Sub: "_sub", ast.Mult: "_mul", ast.Div: "_div"}
_UNARY = {ast.USub: "_neg", ast.UAdd: "_pos"}
_COMPARE = {ast.Lt: "_lt", ast.LtE: "_le", ast.Gt: "_gt", ast.GtE: "_ge", ast.Eq: "_eq", ast.NotEq: "_ne"}
_HELPERS: dict[str, Any] = {
    "_add_rr": _add_rr,
    "_sub_rr": _sub_rr,
    "_mul_rr": _mul_rr,
    "_div_rr": _div_rr,
    "_lt_rr": _lt_rr,
    "_le_rr": _le_rr,
    "_gt_rr": _gt_rr,
    "_ge_rr": _ge_rr,
    "_add": _add,
    "_sub": _sub,
    "_mul": _mul,
    "_div": _div,
    "_neg": _neg,
    "_pos": _pos,
    "_truth": _truth,
    "_lt": _lt,
    "_le": _le,
    "_gt": _gt,
    "_ge": _ge,
    "_eq": _eq,
    "_ne": _ne,
    "_f_min": _min,
    "_f_max": _max,
    "_f_abs": _abs,
}
assert {f"_f_{name}" for name in FUNCTIONS} <= _HELPERS.keys()


def _kind(node: ast.AST) -> str:
    """What a checked node gives, known before it runs: "ratio" (names, numbers, arithmetic),
    "bool" (comparisons, not) or "any" (and, or, and branches that differ)."""
    if isinstance(node, ast.Name | ast.BinOp):
        return "ratio"
    if isinstance(node, ast.Constant):
        return "bool" if isinstance(node.value, bool) else "ratio"
    if isinstance(node, ast.UnaryOp):
        return "bool" if isinstance(node.op, ast.Not) else "ratio"
    if isinstance(node, ast.Compare):
        return "bool"
    if isinstance(node, ast.IfExp):
        body, orelse = _kind(node.body), _kind(node.orelse)
        return body if body == orelse else "any"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id == "abs":
            return "ratio"
        return "ratio" if all(_kind(argument) == "ratio" for argument in node.args) else "any"
    return "any"


def _load(name: str) -> ast.Name:
    return ast.Name(name, ast.Load())


def _call(helper: str, *arguments: ast.expr) -> ast.Call:
    return ast.Call(_load(helper), list(arguments), [])


class _ToCode(ast.NodeTransformer):
    """The checked tree rewritten over ratios: every operation a call of a helper above."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.parameters = {name: f"_n{index}" for index, name in enumerate(names)}
        self.scope: dict[str, Any] = {"__builtins__": {}, **_HELPERS}
        self.temporaries = 0

    def _temporary(self) -> str:
        self.temporaries += 1
        return f"_t{self.temporaries}"

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return _load(self.parameters[node.id])

    def visit_Constant(self, node: ast.Constant) -> ast.expr:
        name = f"_c{len(self.scope)}"
        self.scope[name] = as_ratio(node.value)  # checked and made exact by engine.formula
        return _load(name)

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        helper = _ARITHMETIC[type(node.op)]
        if _kind(node.left) == _kind(node.right) == "ratio":
            helper += "_rr"
        return _call(helper, self.visit(node.left), self.visit(node.right))

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.expr:
        operand = self.visit(node.operand)
        if isinstance(node.op, ast.Not):
            return ast.UnaryOp(ast.Not(), _call("_truth", operand))
        return _call(_UNARY[type(node.op)], operand)

    def visit_Compare(self, node: ast.Compare) -> ast.expr:
        # a < b <= c: each operand evaluated once and only when needed, as Python chains do
        left, left_node = self.visit(node.left), node.left
        tests: list[ast.expr] = []
        for index, (op, comparator) in enumerate(zip(node.ops, node.comparators, strict=True)):
            right = self.visit(comparator)
            if index < len(node.ops) - 1:
                kept = self._temporary()
                right = ast.NamedExpr(ast.Name(kept, ast.Store()), right)
                tests.append(_call(self._compare(op, left_node, comparator), left, right))
                left = _load(kept)
            else:
                tests.append(_call(self._compare(op, left_node, comparator), left, right))
            left_node = comparator
        return tests[0] if len(tests) == 1 else ast.BoolOp(ast.And(), tests)

    @staticmethod
    def _compare(op: ast.cmpop, left: ast.AST, right: ast.AST) -> str:
        helper = _COMPARE[type(op)]
        ordered = helper not in ("_eq", "_ne")
        return helper + "_rr" if ordered and _kind(left) == _kind(right) == "ratio" else helper

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.expr:
        # x and y: x when x is false, else y (x or y: x when x is true), operands kept as they are
        values: list[ast.expr] = [self.visit(value) for value in node.values]
        result = values[-1]
        for value in reversed(values[:-1]):
            kept = self._temporary()
            test: ast.expr = _call("_truth", ast.NamedExpr(ast.Name(kept, ast.Store()), value))
            if isinstance(node.op, ast.And):
                test = ast.UnaryOp(ast.Not(), test)
            result = ast.IfExp(test, _load(kept), result)
        return result

    def visit_IfExp(self, node: ast.IfExp) -> ast.expr:
        test, body, orelse = (self.visit(part) for part in (node.test, node.body, node.orelse))
        # a comparison is a bool already: Python's own test of it is the same
        return ast.IfExp(test if _kind(node.test) == "bool" else _call("_truth", test), body, orelse)

    def visit_Call(self, node: ast.Call) -> ast.expr:
        assert isinstance(node.func, ast.Name)  # the formula check allows min, max, abs only
        return _call(f"_f_{node.func.id}", *(self.visit(argument) for argument in node.args))

    def generic_visit(self, node: ast.AST) -> ast.AST:
        raise FormulaError("formula-construct", getattr(node, "col_offset", 0), construct=type(node).__name__)


class Compiled:
    """A formula's compiled code. Called with a mapping of names to exact values; `positional`
    takes the ratios of `names`, in that order, as (numerator, denominator) pairs in lowest
    terms, for loops that keep their values as ratios (engine.analysis.runs)."""

    def __init__(self, tree: ast.Expression, audited: Callable[[Mapping[str, Any]], Any]) -> None:
        used = {node.id for node in ast.walk(tree.body) if isinstance(node, ast.Name)} - FUNCTIONS.keys()
        self.names = tuple(sorted(used))
        transformer = _ToCode(self.names)
        body = transformer.visit(copy.deepcopy(tree.body))
        parameters = [ast.arg(transformer.parameters[name]) for name in self.names]
        arguments = ast.arguments([], parameters, None, [], [], None, [])
        expression = ast.fix_missing_locations(ast.Expression(ast.Lambda(arguments, body)))
        self.positional: Callable[..., Value] = eval(  # noqa: S307  (a checked tree, helpers only)
            compile(expression, "<formula>", "eval"), transformer.scope
        )
        self._comparison = _comparison(tree.body, self.names)
        self._audited = audited

    def __call__(self, values: Mapping[str, Any]) -> Value:
        """The value; a name without a value is left to the audited run (simpleeval), so
        that it fails, or not, as it does there."""
        try:
            given = [values[name] for name in self.names]
        except KeyError:
            return as_ratio(self._audited(values))
        if self._comparison is not None and _DECIMALS.issuperset(map(type, given)):
            return self._comparison(*given)
        return self.positional(*[value.as_integer_ratio() for value in given])


def _whole(value: object) -> TypeGuard[Fraction]:
    """A formula's number (a Fraction: engine.formula makes every number exact) that is whole."""
    return isinstance(value, Fraction) and value.denominator == 1


# What a comparison of names and whole numbers may compare as it is: decimals and integers
# compare exactly in Python, as ratios do (bools are left to the ratio code).
_DECIMALS = frozenset({Decimal, int})


def _comparison(node: ast.expr, names: tuple[str, ...]) -> Callable[..., bool] | None:
    """A comparison of names and whole numbers only (`0 <= W`, `W <= U`, the usual invariant)
    as Python's own comparison of the values, positional over `names`; None for any other
    formula. Nothing is computed, so nothing needs a bound."""
    if not isinstance(node, ast.Compare):
        return None
    operands: list[ast.expr] = []
    for operand in (node.left, *node.comparators):
        if isinstance(operand, ast.Name):
            operands.append(ast.Name(f"_n{names.index(operand.id)}", ast.Load()))
        elif isinstance(operand, ast.Constant) and _whole(operand.value):
            operands.append(ast.Constant(int(operand.value)))
        else:
            return None
    arguments = ast.arguments([], [ast.arg(f"_n{index}") for index in range(len(names))], None, [], [], None, [])
    body = ast.Compare(operands[0], list(node.ops), operands[1:])
    expression = ast.fix_missing_locations(ast.Expression(ast.Lambda(arguments, body)))
    function: Callable[..., bool] = eval(  # noqa: S307  (names, whole numbers and comparisons only)
        compile(expression, "<formula>", "eval"), {"__builtins__": {}}
    )
    return function


def compiled(tree: ast.Expression, audited: Callable[[Mapping[str, Any]], Any]) -> Compiled:
    """The code computing `tree` (see Compiled)."""
    return Compiled(tree, audited)
