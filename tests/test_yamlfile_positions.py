"""engine.yamlfile: values as written, and where each one was written."""

from __future__ import annotations

from decimal import Decimal

from engine.yamlfile import parse_yaml


def test_folded_text_has_no_fold_markers() -> None:
    text = "name: >\n  Доля автоматизированных\n  отчетов\nkeep: |\n  a\n  b\n"
    doc, problems = parse_yaml(text, "f.yaml")
    assert problems == []
    assert doc.data == {"name": "Доля автоматизированных отчетов\n", "keep": "a\nb\n"}
    assert doc.text(("name",)) == "Доля автоматизированных отчетов\n"


def test_numbers_stay_exact_and_positions_are_kept() -> None:
    doc, problems = parse_yaml("a:\n  - 14.7\n  - '1 318 826'\n", "f.yaml")
    assert problems == []
    assert doc.data == {"a": [Decimal("14.7"), "1 318 826"]}
    assert str(doc.where(("a", 1))) == "f.yaml:3:5"
    assert str(doc.key_where(("a",))) == "f.yaml:1:1"


def test_inner_positions_follow_the_text_as_written() -> None:
    text = (
        'quoted: "U if Zz"\n'  # line 1
        "plain: U if  Zz\n"  # line 2: two spaces before Zz
        "folded: >\n"  # line 3
        "  U if Z >= N\n"
        "  else Zz\n"  # line 5
        "literal: |-\n"  # line 6
        "  U\n"
        "    Zz\n"  # line 8
        'multi: "U if\n'  # line 9
        '  Zz"\n'  # line 10
    )
    doc, problems = parse_yaml(text, "f.yaml")
    assert problems == []
    where = {key: str(doc.inner_where((key,), doc.data[key].index("Zz"))) for key in doc.data}
    assert where == {
        "quoted": "f.yaml:1:15",
        "plain": "f.yaml:2:14",
        "folded": "f.yaml:5:8",
        "literal": "f.yaml:8:5",
        "multi": "f.yaml:10:3",
    }
    assert str(doc.inner_where(("quoted",), 0)) == "f.yaml:1:10"


def test_an_empty_value_is_placed_at_its_key() -> None:
    doc, problems = parse_yaml("kpi:\n  target:\n  unit: '%'\n", "f.yaml")
    assert problems == []
    assert doc.data == {"kpi": {"target": None, "unit": "%"}}
    assert str(doc.where(("kpi", "target"))) == "f.yaml:2:3"  # not 3:3, where `unit` is


def test_tabs_and_control_characters_are_placed_by_line_and_column() -> None:
    # a form feed is no line break for YAML, so it must not shift the lines after it
    _, problems = parse_yaml("a: 1\x0c\nb:\t2\nc: '\x00'\n", "f.yaml")
    assert [(str(p.where), p.code, p.args) for p in problems] == [
        ("f.yaml:1:5", "yaml-control", {"char": "U+000C"}),
        ("f.yaml:2:3", "yaml-tab", {}),
        ("f.yaml:3:5", "yaml-control", {"char": "U+0000"}),
    ]


def test_inner_positions_step_over_escapes() -> None:
    # each escape is one character of the value, found at its backslash
    doc, problems = parse_yaml("f: \"a\\u00e9 \\x41 Zz\"\ng: 'it''s Zz'\n", "f.yaml")
    assert problems == []
    assert doc.data == {"f": "aé A Zz", "g": "it's Zz"}
    assert str(doc.inner_where(("f",), doc.data["f"].index("A"))) == "f.yaml:1:13"
    assert str(doc.inner_where(("f",), doc.data["f"].index("Z"))) == "f.yaml:1:18"
    assert str(doc.inner_where(("g",), doc.data["g"].index("Z"))) == "f.yaml:2:11"


def where_and_code(text: str) -> list[tuple[str, str]]:
    _, problems = parse_yaml(text, "f.yaml")
    return [(str(p.where), p.code) for p in problems]


def test_invisible_characters_in_any_text_are_refused_where_they_are_written() -> None:
    assert where_and_code('name: "Мин\\e[31mистерство"\n') == [("f.yaml:1:11", "text-invisible")]
    assert where_and_code("name: abc\u202edef\n") == [("f.yaml:1:10", "text-invisible")]  # bidi override
    assert where_and_code('name: "a\\u2028b"\n') == [("f.yaml:1:9", "text-invisible")]  # line separator
    assert where_and_code('name: "\\ud800"\n') == [("f.yaml:1:8", "text-invisible")]  # lone surrogate
    assert where_and_code('"k\\x1bey": 1\n') == [("f.yaml:1:3", "text-invisible")]  # in a key
    assert where_and_code("name: '1\u00a0318 826'\nnote: |\n  two\n  lines\n") == []  # no-break space, line breaks


def test_numbers_beyond_the_bounds_are_refused_before_they_are_expanded() -> None:
    assert where_and_code("a: 1e999999999\n") == [("f.yaml:1:4", "number-too-large")]
    assert where_and_code("a: 1e-999999999\n") == [("f.yaml:1:4", "number-too-precise")]
    assert where_and_code("a: " + "9" * 5000 + "\n") == [("f.yaml:1:4", "number-too-long")]
    assert where_and_code("a: 1000000000000001\n") == [("f.yaml:1:4", "number-too-large")]
    assert where_and_code("a: 0.0000001\n") == [("f.yaml:1:4", "number-too-precise")]
    assert where_and_code("a: 1000000000000000\nb: 0.000001\nc: 14.7000000000\n") == []


def test_structure_is_bounded() -> None:
    # the 20th level, counting the file's own mapping; then the 10 001st value
    assert where_and_code("a: " + "[" * 100 + "]" * 100 + "\n") == [("f.yaml:1:23", "yaml-too-deep")]
    assert where_and_code("a: " + "[" * 200_000 + "\n")[0][1] == "yaml-too-deep"
    assert where_and_code("a: [" + "1," * 30_000 + "1]\n") == [("f.yaml:1:19999", "yaml-too-many-values")]
