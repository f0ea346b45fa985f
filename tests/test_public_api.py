"""The command line uses typer's and click's public API only: no module under engine/ imports a
name starting with `_` from typer or click, or from a module of theirs whose path has a part
starting with `_` (typer 0.29 keeps its copy of click in `typer._click`, "not to be used by
external applications"). Read from the source with ast, so a name imported inside a function
counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[1] / "engine"
LIBRARIES = ("typer", "click")


def _private(dotted: str) -> bool:
    return any(part.startswith("_") for part in dotted.split("."))


def private_imports(source: str) -> list[str]:
    """Each private import of typer or click in `source` (Python text), as written."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LIBRARIES and _private(alias.name):
                    found.append(f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] not in LIBRARIES:
                continue
            for alias in node.names:
                if _private(node.module) or alias.name.startswith("_"):
                    found.append(f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            base = node.value
            if isinstance(base, ast.Name) and base.id in LIBRARIES:  # typer._click used without an import of it
                found.append(f"{base.id}.{node.attr}")
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from typer import _click", ["from typer import _click"]),
        ("from typer._click.exceptions import NoSuchOption", ["from typer._click.exceptions import NoSuchOption"]),
        (
            "def f():\n    from typer._completion_classes import completion_init",
            ["from typer._completion_classes import completion_init"],
        ),
        ("import typer._coercion", ["import typer._coercion"]),
        ("from typer.core import _TyperParameter", ["from typer.core import _TyperParameter"]),
        ("import typer\nx = typer._click.Context", ["typer._click"]),
        ("from click import _compat", ["from click import _compat"]),
        ("from typer.core import TyperOption\nimport typer\nfrom engine._x import y", []),
    ],
)
def test_the_check_finds_private_imports(source: str, expected: list[str]) -> None:
    assert private_imports(source) == expected


def test_no_module_of_the_engine_imports_a_private_name_of_typer_or_click() -> None:
    modules = sorted(ENGINE.rglob("*.py"))
    assert len(modules) > 50  # the engine was found
    found = {
        str(path.relative_to(ENGINE)): names
        for path in modules
        if (names := private_imports(path.read_text(encoding="utf-8")))
    }
    assert found == {}
