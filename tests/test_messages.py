"""Every message is a format string whose fields are names: a literal brace written as '{ }'
would make str.format fail when the message is said (it did: exit 70 for nesting too deep)."""

from __future__ import annotations

import string

import pytest

from engine.i18n import LABELS, MESSAGES


def plain_messages() -> list[tuple[str, int, str]]:
    return [
        (code, index, text)
        for table in (MESSAGES, LABELS)
        for code, pair in table.items()
        for index, text in enumerate(pair)
        if isinstance(text, str)
    ]


@pytest.mark.parametrize(("code", "index", "text"), plain_messages(), ids=lambda v: str(v)[:40])
def test_fields_are_names(code: str, index: int, text: str) -> None:
    for _, field, _, _ in string.Formatter().parse(text):
        assert field is None or field.isidentifier(), f"{code}[{index}]: field {field!r}"
