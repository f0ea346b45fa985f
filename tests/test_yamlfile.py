"""Untrusted YAML: exact values, positions for every value, and everything dangerous refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.problems import Where
from engine.yamlfile import parse_yaml


def codes(text: str) -> list[tuple[int, int, str]]:
    _, problems = parse_yaml(text, "f.yaml")
    return [(p.where.line, p.where.column, p.code) for p in problems]


def test_values_are_exact_and_positioned() -> None:
    doc, problems = parse_yaml('a: 14.7\nb:\n  - 20\n  - "1 318 826"\nc: text\nd: true\ne:\n', "f.yaml")
    assert problems == []
    assert doc.data == {"a": Decimal("14.7"), "b": [20, "1 318 826"], "c": "text", "d": True, "e": None}
    assert isinstance(doc.data["a"], Decimal) and isinstance(doc.data["b"][0], int)
    assert doc.where(("a",)) == Where("f.yaml", 1, 4)
    assert doc.where(("b", 1)) == Where("f.yaml", 4, 5)
    assert doc.key_where(("c",)) == Where("f.yaml", 5, 1)
    assert doc.text(("a",)) == "14.7"
    assert doc.text(("b", 1)) == "1 318 826"
    # a path that does not exist points at its nearest existing ancestor
    assert doc.where(("b", 7)) == Where("f.yaml", 3, 3)


def test_inner_position_skips_the_opening_quote() -> None:
    doc, _ = parse_yaml('f: "a + b"\ng: a + b\n', "f.yaml")
    assert doc.inner_where(("f",), 4) == Where("f.yaml", 1, 9)  # the "b" inside the quotes
    assert doc.inner_where(("g",), 4) == Where("f.yaml", 2, 8)


def test_keys_are_names_even_when_they_look_like_numbers() -> None:
    doc, problems = parse_yaml("2023: x\n", "f.yaml")
    assert problems == [] and doc.data == {"2023": "x"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a:\n\tb: 1\n", [(2, 1, "yaml-tab")]),
        ("a: 1\nb: 2\na: 3\n", [(3, 1, "yaml-duplicate-key")]),
        ("a: &x 1\nb: *x\n", [(1, 4, "yaml-anchor"), (2, 4, "yaml-alias")]),
        ("a: !!python/object:os.system 1\n", [(1, 4, "yaml-tag")]),
        ("a: !custom 1\n", [(1, 4, "yaml-tag")]),
        ("a: 1\n---\nb: 2\n", [(2, 1, "yaml-several-documents")]),
        ("a: 0x1F\n", [(1, 4, "yaml-odd-number")]),
        ("a: 1_000\n", [(1, 4, "yaml-odd-number")]),
        ("a: .inf\n", [(1, 4, "yaml-odd-number")]),
        ("a: -\n", [(1, 4, "yaml-dash")]),
        ("a: 1\n b: 2\n", [(2, 3, "yaml-indent")]),
        ('a: "open\n', [(1, 4, "yaml-unclosed-quote")]),  # at the quote that is never closed
        ('a: "open\nb: 1\nc: "x"\n', [(1, 4, "yaml-unclosed-quote")]),  # not where the parser gives up
        ('a: "multi\n  line"\nb: [\n', [(4, 1, "yaml-bracket-eof")]),  # a quote closed on a later line is fine
        ("? [a, b]\n: 1\n", [(1, 3, "yaml-complex-key")]),
        ("", [(1, 1, "yaml-empty")]),
    ],
)
def test_refused(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert codes(text) == expected


def test_duplicate_key_names_the_first_line() -> None:
    _, problems = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert problems[0].args == {"key": "a", "first": 1}


def test_an_unquoted_dash_is_explained_with_its_fix() -> None:
    _, problems = parse_yaml("a: -\n", "f.yaml")
    assert problems[0].render("ru") == (
        "f.yaml:1:4: одиночный «-» YAML читает как начало списка; если это «нет данных», "
        'возьмите прочерк в кавычки: a: "-"'
    )
