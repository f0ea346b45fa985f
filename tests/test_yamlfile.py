"""engine.yamlfile: values as written, and where each one was written."""

from __future__ import annotations

from decimal import Decimal

from engine.yamlfile import parse_yaml


def test_folded_text_has_no_fold_markers() -> None:
    doc, problems = parse_yaml("name: >\n  Доля автоматизированных\n  отчетов\nkeep: |\n  a\n  b\n", "f.yaml")
    assert problems == []
    assert doc.data == {"name": "Доля автоматизированных отчетов\n", "keep": "a\nb\n"}
    assert doc.text(("name",)) == "Доля автоматизированных отчетов\n"


def test_numbers_stay_exact_and_positions_are_kept() -> None:
    doc, problems = parse_yaml("a:\n  - 14.7\n  - '1 318 826'\n", "f.yaml")
    assert problems == []
    assert doc.data == {"a": [Decimal("14.7"), "1 318 826"]}
    assert str(doc.where(("a", 1))) == "f.yaml:3:5"
    assert str(doc.key_where(("a",))) == "f.yaml:1:1"
