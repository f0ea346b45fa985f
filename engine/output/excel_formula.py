"""A kpi formula (parsed and whitelisted by engine.formula) as a spreadsheet formula.

`x if c else y` becomes IF(c, x, y), `and`/`or`/`not` AND/OR/NOT, `==` and `!=` `=` and `<>`,
a chain `a < b < c` AND(a<b, b<c), min/max/abs MIN/MAX/ABS; names become the cells that hold
them, literals their exact decimal. The declared rounding wraps a figure, spelt as its mode's
entry in engine.rounding.ROUNDING_MODES spells it (TRUNC for truncate, …). A spreadsheet
computes in binary floating point: 57 / 100 × 100 is 56,999…99 there, which TRUNC would cut
to 56,9. So every figure is first rounded to SNAP decimals, which removes that noise (about
10⁻¹⁴) but not a real difference (one of at least 10⁻¹⁰ whenever the denominators of the data
are below 10⁹).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from fractions import Fraction

from engine.formats import exact_text
from engine.formula import Formula
from engine.rounding import Rounding

SNAP = 10
_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_COMPARISONS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "=", ast.NotEq: "<>"}
_FUNCTIONS = {"min": "MIN", "max": "MAX", "abs": "ABS"}


def excel(formula: Formula, cells: Mapping[str, str]) -> str:
    """The formula's expression in spreadsheet syntax, `cells` naming the cell of each name."""
    return _expression(formula.tree.body, cells)


def rounded(expression: str, rounding: Rounding) -> str:
    """The declared rounding of a figure, after the floating-point noise is snapped off."""
    return rounding.excel(f"ROUND({expression},{SNAP})")


def _expression(node: ast.AST, cells: Mapping[str, str]) -> str:
    if isinstance(node, ast.BinOp):
        return f"({_expression(node.left, cells)}{_OPERATORS[type(node.op)]}{_expression(node.right, cells)})"
    if isinstance(node, ast.UnaryOp):
        inner = _expression(node.operand, cells)
        if isinstance(node.op, ast.Not):
            return f"NOT({inner})"
        return f"(-{inner})" if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        parts = [
            f"{_expression(left, cells)}{_COMPARISONS[type(op)]}{_expression(right, cells)}"
            for left, op, right in zip(operands, node.ops, operands[1:], strict=False)
        ]
        return parts[0] if len(parts) == 1 else f"AND({','.join(parts)})"
    if isinstance(node, ast.BoolOp):
        name = "AND" if isinstance(node.op, ast.And) else "OR"
        return f"{name}({','.join(_expression(v, cells) for v in node.values)})"
    if isinstance(node, ast.IfExp):
        test, body, other = (_expression(n, cells) for n in (node.test, node.body, node.orelse))
        return f"IF({test},{body},{other})"
    if isinstance(node, ast.Name):
        return cells[node.id]
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, (Fraction, int))  # engine.formula made every literal a Fraction
        return _literal(node.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return f"{_FUNCTIONS[node.func.id]}({','.join(_expression(a, cells) for a in node.args)})"
    raise ValueError(f"no spreadsheet form for {type(node).__name__}")  # pragma: no cover - whitelisted


def _literal(value: Fraction | int) -> str:
    text = exact_text(Fraction(value))
    return f"({text})" if "/" in text else text
