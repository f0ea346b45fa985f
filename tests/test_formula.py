"""engine.formula: exact rational arithmetic, recorded branches, a whitelist nothing gets past."""

from __future__ import annotations

import ast
from decimal import Decimal
from fractions import Fraction

import pytest
from simpleeval import FeatureNotAvailable, NameNotDefined

from engine.formula import MAX_DEPTH, MAX_LENGTH, MAX_NODES, Formula, compile_formula
from engine.formulalimits import MAGNITUDE, FormulaError
from engine.method import ASSIGNED_NAMES, INVARIANT_NAMES, SHARE_NAMES

PARTIAL = "U if Z >= N else Z / N * U"


def values(**given: str) -> dict[str, Decimal]:
    return {name: Decimal(text) for name, text in given.items()}


def evaluate(source: str, **given: str) -> Fraction:
    return compile_formula(source, ASSIGNED_NAMES).evaluate(values(**given)).value


def refused(source: str, names: frozenset[str] = ASSIGNED_NAMES) -> FormulaError:
    with pytest.raises(FormulaError) as caught:
        compile_formula(source, names)
    return caught.value


# --- what a formula may do, and that it does it exactly ---


def test_arithmetic_is_exact() -> None:
    assert evaluate("a + b", a="0.1", b="0.2") == Fraction(3, 10)
    assert evaluate("0.1 + 0.2") == Fraction(3, 10)  # literals are read as written, not as floats
    assert evaluate("a * 3", a="14.7") == Fraction(441, 10)
    assert isinstance(evaluate("1"), Fraction)
    assert evaluate("a / 3 * 3", a="1") == 1  # 28-digit decimals give 0,999…9


def test_no_intermediate_rounding_on_a_truncation_boundary() -> None:
    # Z = 4, N = 30, U = 6 (share below target): Z / N * U is exactly 0,8. Computed with Z / N
    # first at 28 digits it was 0,1333…3 · 6 = 0,7999…98, cut to 0,7.
    outcome = compile_formula(PARTIAL, ASSIGNED_NAMES).evaluate(values(Z="4", N="30", U="6"))
    assert outcome.value == Fraction(4, 5)


def test_share_of_the_report() -> None:
    formula = compile_formula("a / b * 100", SHARE_NAMES)
    share = formula.evaluate(values(a="156710", b="363249")).value
    assert share == Fraction(15671000, 363249)


def test_partial_credit_below_target() -> None:
    outcome = compile_formula(PARTIAL, ASSIGNED_NAMES).evaluate(values(Z="43.1", N="75", U="20"))
    assert outcome.value == Fraction(431 * 20, 10 * 75)  # 11,4933…
    [branch] = outcome.branches
    assert (branch.condition, branch.held, branch.taken) == ("Z >= N", False, "Z / N * U")


def test_full_weight_when_target_met() -> None:
    outcome = compile_formula(PARTIAL, ASSIGNED_NAMES).evaluate(values(Z="80", N="75", U="20"))
    assert outcome.value == Decimal("20")
    [branch] = outcome.branches
    assert (branch.condition, branch.held, branch.taken) == ("Z >= N", True, "U")


def test_nested_branches_are_recorded_in_order() -> None:
    formula = compile_formula("0 if b == 0 else (U if a >= N else a / N * U)", ASSIGNED_NAMES)
    outcome = formula.evaluate(values(a="150", b="1", N="300", U="20"))
    assert outcome.value == Decimal("10")
    assert [(b.condition, b.held, b.taken) for b in outcome.branches] == [
        ("b == 0", False, "U if a >= N else a / N * U"),
        ("a >= N", False, "a / N * U"),
    ]
    assert compile_formula("a / b", ASSIGNED_NAMES).evaluate(values(a="1", b="2")).branches == ()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("min(Z / N * U, U)", "20"),
        ("max(a, b, 7)", "7"),
        ("abs(a - b)", "1"),
        ("-a + +b", "1"),
        ("U if Z >= N and a > 0 else 0", "20"),
        ("U if Z < N or not a else 0", "0"),
        ("U if 0 <= a < b != N else 0", "20"),
    ],
)
def test_allowed_constructs(source: str, expected: str) -> None:
    assert evaluate(source, a="1", b="2", Z="80", N="75", U="20") == Decimal(expected)


def test_conditions_hold_or_not() -> None:
    invariant = compile_formula("W <= U", INVARIANT_NAMES)
    assert invariant.holds(values(W="20", U="20"))
    assert not invariant.holds(values(W="20.1", U="20"))


def test_names_used_are_known() -> None:
    assert compile_formula(PARTIAL, ASSIGNED_NAMES).names == frozenset({"U", "Z", "N"})


def test_whitespace_is_collapsed() -> None:
    assert compile_formula("  a /\n b ", ASSIGNED_NAMES).source == "a / b"


# --- what goes wrong while evaluating ---


def test_division_by_zero() -> None:
    with pytest.raises(ZeroDivisionError):
        evaluate("a / b", a="1", b="0")
    with pytest.raises(ZeroDivisionError):
        evaluate("Z / N * U", Z="1", N="0", U="20")


def test_magnitude_overflow() -> None:
    with pytest.raises(FormulaError) as caught:
        evaluate("a * b", a="10000000000", b="10000000000")
    assert caught.value.code == "formula-overflow"
    assert caught.value.args_ == {"limit": MAGNITUDE}
    with pytest.raises(FormulaError) as caught:
        evaluate("a * a * a * a", a="999999999999")
    assert caught.value.code == "formula-overflow"
    assert evaluate("a * b", a="1000000000", b="1000000000") == 10**18  # at the limit


def test_denominators_are_bounded() -> None:
    # each division by 10**12 adds 12 digits to the denominator: exact, but not without end
    chain = "a" + " / 1000000000000" * 9
    with pytest.raises(FormulaError) as caught:
        evaluate(chain, a="1")
    assert caught.value.code == "formula-precision"


def test_a_condition_is_not_a_number() -> None:
    with pytest.raises(FormulaError) as caught:
        evaluate("Z >= N", Z="1", N="2")
    assert caught.value.code == "formula-not-a-number"


# --- what a formula may not do: each refusal names the construct and where it starts ---


@pytest.mark.parametrize(
    ("source", "code", "offset"),
    [
        ("__import__('os')", "formula-function", 0),
        ("open('/etc/passwd')", "formula-function", 0),
        ("eval('1')", "formula-function", 0),
        ("U if Z >= N else sum(a, b)", "formula-function", 17),
        ("9**9**9", "formula-power", 1),
        ("a ** 2", "formula-power", 2),
        ("a // b", "formula-operator", 2),
        ("a % b", "formula-operator", 2),
        ("a << 64", "formula-operator", 2),
        ("a & b", "formula-operator", 2),
        ("~a", "formula-operator", 0),
        ("lambda: U", "formula-lambda", 0),
        ("[a for a in (a, b)]", "formula-construct", 0),
        ("{a: b}", "formula-construct", 0),
        ("(a, b)", "formula-construct", 0),
        ("(Z := 1)", "formula-construct", 1),
        ("'a'", "formula-string", 0),
        ("b'a'", "formula-string", 0),
        ("f'{a}'", "formula-string", 0),
        ("True", "formula-constant", 0),
        ("None", "formula-constant", 0),
        ("...", "formula-constant", 0),
        ("1j", "formula-constant", 0),
        ("a + 10000000000000", "formula-literal-too-big", 4),
        ("1e400", "formula-literal-too-big", 0),
        ("min", "formula-function-not-called", 0),
        ("max(a, key=b)", "formula-call", 0),
        ("max(*a)", "formula-call", 0),
        ("abs(a, b)", "formula-arguments", 0),
        ("min()", "formula-arguments", 0),
        ("min(a)", "formula-arguments", 0),  # Python would look into a as a list: TypeError, exit 70
        ("max(a, b, a, b, a, b)", "formula-arguments", 0),
        ("(a / b * 100", "formula-bracket-unclosed", 0),
        # the first offence in reading order is the one reported
        ("'a'*10**9", "formula-string", 0),
        ("a ** 2 + 'x'", "formula-power", 2),
        ("__import__('os') + 9**9", "formula-function", 0),
        # attributes and subscripts point at the dot and the bracket
        ("(1).__class__", "formula-attribute", 3),
        ("abs.__class__", "formula-attribute", 3),
        ("().__class__", "formula-attribute", 2),
        ("abs(a).real", "formula-attribute", 6),
        ("abs.__class__()", "formula-attribute", 3),
        ("a[0]", "formula-subscript", 1),
        ("(lambda: 1)()", "formula-lambda", 1),
        # comparison operators point at the operator
        ("a in b", "formula-operator", 2),
        ("U if Z is not N else 0", "formula-operator", 7),
        ("U if 0 < a not in b else 0", "formula-operator", 11),
        # offsets count in the formula as written, extra spaces and line breaks included
        ("U if  Zz >= N else Z", "formula-unknown-name", 6),
        ("  Zz", "formula-unknown-name", 2),
        ("a /\n  __import__('os')", "formula-function", 6),
        ("", "formula-empty", 0),
        ("  \n ", "formula-empty", 0),
        ("U if Zz >= N else Z / N * U", "formula-unknown-name", 5),
        ("__builtins__", "formula-unknown-name", 0),
    ],
)
def test_forbidden_constructs(source: str, code: str, offset: int) -> None:
    error = refused(source)
    assert (error.code, error.offset) == (code, offset)


def test_unknown_name_suggests_the_near_one() -> None:
    error = refused("U if Zz >= N else Z / N * U")
    assert error.args_ == {"name": "Zz", "allowed": "N, U, Z, a, b", "suggestion": "Z"}
    assert refused("Z * 2", SHARE_NAMES).args_["allowed"] == "N, U, a, b"  # no Z before the share


def test_unknown_function_suggests_the_near_one() -> None:
    assert refused("mx(a, b)").args_["suggestion"] == "max"
    assert refused("__import__('os')").args_["suggestion"] == ""


def test_syntax_error_says_why() -> None:
    error = refused("U if Z >= N else")
    assert (error.code, error.offset, error.args_) == ("formula-incomplete", 12, {"last": "else"})


def test_size_bounds() -> None:
    long = refused("a + " * 80 + "a")
    assert (long.code, long.offset) == ("formula-too-long", MAX_LENGTH)
    deep = refused("-" * (MAX_DEPTH + 5) + "a")
    assert (deep.code, deep.offset) == ("formula-too-deep", MAX_DEPTH)

    def balanced(leaves: int) -> str:
        return "a" if leaves == 1 else f"({balanced(leaves // 2)}+{balanced(leaves // 2)})"

    wide = balanced(32)
    assert len(wide) <= MAX_LENGTH
    assert refused(wide).code == "formula-too-complex"
    assert MAX_NODES < 4 * 32


# --- defence in depth: the evaluator alone cannot reach Python objects either ---


@pytest.mark.parametrize("source", ["abs.__class__", "().__class__", "(1).__class__", "a[0]", "lambda: 1"])
def test_evaluator_refuses_what_the_checker_would(source: str) -> None:
    unchecked = Formula(source, ast.parse(source, mode="eval"))
    with pytest.raises(FeatureNotAvailable):
        unchecked.evaluate(values(a="1"))


@pytest.mark.parametrize("name", ["__import__", "open", "__builtins__", "print", "exec"])
def test_evaluator_knows_only_the_given_names(name: str) -> None:
    unchecked = Formula(name, ast.parse(name, mode="eval"))
    with pytest.raises(NameNotDefined):
        unchecked.evaluate(values(a="1"))


def test_only_ascii_reaches_the_parser() -> None:
    # Python folds fullwidth letters into ASCII (Ｕ is U) and takes Cyrillic а for a name: both
    # are refused at the character, with what was meant
    fullwidth = refused("Ｕ if Z >= N else Z / N * U")
    assert (fullwidth.code, fullwidth.offset, fullwidth.args_["meant"]) == ("formula-character", 0, "U")
    cyrillic = refused("а / b * 100", SHARE_NAMES)
    assert (cyrillic.code, cyrillic.offset, cyrillic.args_["meant"]) == ("formula-cyrillic", 0, "a")
    # a Russian speaker's Н is the target N (by sound), not the H it looks like; У is U, З is Z
    for source, offset, meant in (("U if Z >= N else Z / Н * U", 21, "N"), ("У", 0, "U"), ("З / N * U", 0, "Z")):
        letter = refused(source)
        assert (letter.code, letter.offset, letter.args_["meant"]) == ("formula-cyrillic", offset, meant)
    assert refused("Ж * U").code == "formula-cyrillic-bare"
    sign = refused("U if Z ≥ N else 0")
    assert (sign.code, sign.offset, sign.args_["meant"]) == ("formula-character", 7, ">=")
    bidi = refused("U if Z >= N else 0\u202e")
    assert (bidi.code, bidi.offset, bidi.args_["meant"]) == ("formula-character", 18, "")
    assert bidi.args_["char"] == "U+202E RIGHT-TO-LEFT OVERRIDE"


def test_excel_if_is_named_as_such() -> None:
    excel = refused("ЕСЛИ(Z >= N; U; Z / N * U)")
    assert (excel.code, excel.offset) == ("formula-excel-if-rewrite", 0)
    assert excel.args_ == {"name": "ЕСЛИ", "fix": "U if Z >= N else Z / N * U"}
    assert refused("IF(Z >= N, U, 0)").args_["fix"] == "U if Z >= N else 0"
    assert refused("ЕСЛИ(Z >= N; U)").code == "formula-excel-if"  # two arguments: no rewrite
    compile_formula("U if (Z >= N) else 0", ASSIGNED_NAMES)  # Python's own `if (` stays allowed


def test_literals_are_bounded_before_they_are_expanded() -> None:
    assert refused("a * 1e999999999").code == "formula-literal-too-big"  # never 10**999999999 in memory
    assert refused("a * 1e-999999999").code == "formula-literal-too-precise"
    assert refused("a * 0.0000000000001").code == "formula-literal-too-precise"
    assert refused("a * 10000000000000").code == "formula-literal-too-big"
    assert evaluate("a * 0.000000000001", a="1000000000000") == 1


def test_a_decimal_comma_is_named_as_such() -> None:
    """Excel in Russian writes 1,5: in a formula it is 1.5 (Python would read a pair, or fail)."""
    for source, offset, written in (("Z / N * U * 1,5", 13, "1,5"), ("U if Z >= 97,5 else 0", 12, "97,5")):
        error = refused(source)
        assert (error.code, error.offset, error.args_) == (
            "formula-decimal-comma",
            offset,
            {"written": written, "meant": written.replace(",", ".")},
        )
    assert refused("a, b", SHARE_NAMES).code == "formula-construct"  # no number: a pair, as it was
