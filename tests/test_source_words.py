"""The engine's comments and docstrings say what the code does, not how long it once took
(issue 19, point 7): a measurement belongs to `make bench` and the README's Benchmarks, where it
is measured again, not to a comment that goes stale unseen."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parent.parent / "engine"
# a duration: "60 ms", "0,35 s", "1.2 seconds", "40 мс", "2 с" (a number, then a unit of time)
TIMING = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:ms|µs|us|s|sec|secs|seconds?|мс|с|сек)\b(?!\w)")


def words(source: str) -> list[tuple[int, str]]:
    """The comments and docstrings of a module's source, each with its line."""
    found = [
        (token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    ]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            text = ast.get_docstring(node, clean=False)
            if text and node.body:
                found.append((node.body[0].lineno, text))
    return found


def timings(source: str) -> list[str]:
    return [f"{line}: {match.group(0)}" for line, text in sorted(words(source)) for match in TIMING.finditer(text)]


def modules() -> list[Path]:
    # the generated schema checks are made by a tool, not written
    return sorted(
        p for p in ENGINE.rglob("*.py") if not p.relative_to(ENGINE).as_posix().startswith("schemacode/generated")
    )


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(ENGINE).as_posix())
def test_no_timing_in_a_comment_or_docstring(path: Path) -> None:
    assert timings(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_a_timing() -> None:
    source = (
        '"""Reads fast: 0,35 s against 0,34 s."""\n'
        "x = 1  # importlib.metadata takes 60 ms to say a version\n"
        "def f() -> None:\n    '''Called 3 times, 10 000 bodies, 5 sections.'''\n"
    )
    assert timings(source) == ["1: 0,35 s", "1: 0,34 s", "2: 60 ms"]
