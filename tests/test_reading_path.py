"""The reading path keeps no state between calls: what was read is handed on, never left in a
module for a later call to find (README, Architecture: workspace → documents → rules and quarter
models). Read from the source: no module of the path rebinds a module-level name (`global`) or
changes a module-level container (item assignment or deletion, `pop`, `clear`, `update` …)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parent.parent / "engine"
READING_PATH = (
    "files.py",
    "workspace.py",
    "documents.py",
    "yamlfile.py",
    "yamlsyntax.py",
    "schemas.py",
    "schemacode/__init__.py",
    "readcache.py",
    "methodology.py",
    "rules.py",
    "quarter.py",
    "model.py",
    "scoring.py",
)
CHANGING = frozenset(
    {"pop", "popitem", "clear", "update", "setdefault", "append", "extend", "insert", "remove", "add", "discard"}
)


def changed_module_state(source: str) -> list[str]:
    """Where a function of this module source changes what the module holds."""
    tree = ast.parse(source)
    names = {
        target.id
        for node in tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        local = {arg.arg for arg in (*function.args.args, *function.args.kwonlyargs, *function.args.posonlyargs)}
        for node in ast.walk(function):
            if isinstance(node, ast.Global):
                found += [f"{function.name}: global {name}" for name in node.names]
            elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
                targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
                for target in targets:
                    owner = target.value if isinstance(target, ast.Subscript) else None
                    if isinstance(owner, ast.Name) and owner.id in names - local:
                        found.append(f"{function.name}: {owner.id}[…] changed")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if isinstance(owner, ast.Name) and owner.id in names - local and node.func.attr in CHANGING:
                    found.append(f"{function.name}: {owner.id}.{node.func.attr}()")
    return found


@pytest.mark.parametrize("module", READING_PATH)
def test_no_module_of_the_reading_path_keeps_state_between_calls(module: str) -> None:
    assert changed_module_state((ENGINE / module).read_text(encoding="utf-8")) == []


def test_the_check_finds_state_kept_in_a_module() -> None:
    """The read-ahead cache this path once had, and a switch set by a caller, are found."""
    source = (
        "_AHEAD: dict[str, int] = {}\n_ON = False\n"
        "def parse_ahead(text: str) -> None:\n    _AHEAD[text] = 1\n"
        "def read(text: str) -> int:\n    return _AHEAD.pop(text, 0)\n"
        "def switch_on() -> None:\n    global _ON\n    _ON = True\n"
        "def fine(cache: dict[str, int]) -> None:\n    cache['a'] = 1\n    seen = {}\n    seen['b'] = 2\n"
    )
    assert changed_module_state(source) == [
        "parse_ahead: _AHEAD[…] changed",
        "read: _AHEAD.pop()",
        "switch_on: global _ON",
    ]
