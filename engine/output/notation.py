"""A kpi formula (parsed and whitelisted by engine.formula) in the report's notation, as the
office writes its method: Z=a/b*100, W=ЕСЛИ(Z>=N;U;Z/N*U), numbers with a decimal comma.

`x if c else y` becomes ЕСЛИ(c;x;y), `and`/`or`/`not` И/ИЛИ/НЕ, `==` and `!=` = and <>, a chain
`a < b < c` И(a<b;b<c), min/max/abs МИН/МАКС/ABS (the names of Russian Excel). Brackets only
where the order of operations needs them; literals as exact decimals (or a fraction).
The English notation keeps IF, AND, MIN… and a decimal point.
"""

from __future__ import annotations

import ast
from decimal import Decimal
from fractions import Fraction

from engine.formats import exact_text, grouped
from engine.formula import Formula

_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2}
_COMPARISONS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "=", ast.NotEq: "<>"}
_WORDS = {
    "ru": {"if": "ЕСЛИ", "and": "И", "or": "ИЛИ", "not": "НЕ", "min": "МИН", "max": "МАКС", "abs": "ABS"},
    "en": {"if": "IF", "and": "AND", "or": "OR", "not": "NOT", "min": "MIN", "max": "MAX", "abs": "ABS"},
}


def notation(formula: Formula, lang: str) -> str:
    """The formula's expression as the report writes it: `U if Z >= N else Z / N * U` →
    ЕСЛИ(Z>=N;U;Z/N*U) (ru, kk) or IF(Z>=N,U,Z/N*U) (en)."""
    words = _WORDS.get(lang, _WORDS["ru"])
    separator = "," if lang == "en" else ";"
    return _expression(formula.tree.body, words, separator, lang)


def _expression(node: ast.AST, words: dict[str, str], separator: str, lang: str, outer: int = 0) -> str:
    def inner(child: ast.AST, level: int = 0) -> str:
        return _expression(child, words, separator, lang, level)

    if isinstance(node, ast.BinOp):
        level = _PRECEDENCE[type(node.op)]
        # a - (b - c), a / (b * c): the right operand of the same level keeps its brackets
        text = f"{inner(node.left, level)}{_OPERATORS[type(node.op)]}{inner(node.right, level + 1)}"
        return f"({text})" if level < outer else text
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            return f"{words['not']}({inner(node.operand)})"
        text = ("-" if isinstance(node.op, ast.USub) else "") + inner(node.operand, 3)
        return f"({text})" if outer else text
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        parts = [
            f"{inner(left)}{_COMPARISONS[type(op)]}{inner(right)}"
            for left, op, right in zip(operands, node.ops, operands[1:], strict=False)
        ]
        return parts[0] if len(parts) == 1 else f"{words['and']}({separator.join(parts)})"
    if isinstance(node, ast.BoolOp):
        name = words["and"] if isinstance(node.op, ast.And) else words["or"]
        return f"{name}({separator.join(inner(v) for v in node.values)})"
    if isinstance(node, ast.IfExp):
        return f"{words['if']}({separator.join(inner(n) for n in (node.test, node.body, node.orelse))})"
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, (Fraction, int))  # engine.formula made every literal a Fraction
        text = exact_text(Fraction(node.value))
        if "/" in text:
            return f"({text})" if outer else text
        return grouped(Decimal(text), lang)  # 156 710, 43,1: as the report prints figures
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return f"{words[node.func.id]}({separator.join(inner(a) for a in node.args)})"
    raise ValueError(f"no notation for {type(node).__name__}")  # pragma: no cover - whitelisted


def notation_text(source: str, lang: str) -> str:
    """A formula's text, or one with the values put in («43.1 / 75 * 20»), in the report's
    notation («43,1/75*20»); a text that is not a formula stays as it is."""
    from engine.formula import compile_formula
    from engine.formulalimits import FormulaError
    from engine.method import INVARIANT_NAMES

    try:
        return notation(compile_formula(source, INVARIANT_NAMES), lang)
    except FormulaError:
        return source
