"""The import graph of engine/: no cycles, and no module imports a layer above its own.

Every import counts: at module level, inside a function, under `if TYPE_CHECKING`. The layers
are stated here once, as data (the README's Architecture section says them in words).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parent.parent / "engine"

# Bottom up. A module belongs to the layer that names it or the nearest package holding it
# ("engine" itself names only the package's own __init__).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "foundation",
        (
            "engine",
            "engine.errors",
            "engine.bounds",
            "engine.safetext",
            "engine.numbers",
            "engine.problems",
            "engine.files",
            "engine.portable",
            "engine.i18n",
            "engine.formats",
            "engine.writing",
            "engine.suggest",
            "engine.alphabets",
            "engine.rounding",  # exact arithmetic that imports nothing: formats cuts figures with it
        ),
    ),
    (
        "reading",
        (
            "engine.yamlfile",
            "engine.yamlsyntax",
            "engine.schemas",
            "engine.schemacode",
            "engine.documents",
            "engine.workspace",
            "engine.readcache",
        ),
    ),
    (
        "model",
        (
            "engine.model",
            "engine.formula",
            "engine.formulacode",
            "engine.formulalimits",
            "engine.aggregation",
            "engine.method",
            "engine.checks",
            "engine.methodology",
            "engine.rules",
            "engine.quarter",
            "engine.quarterheader",
            "engine.rulesversions",
            "engine.seal",
            "engine.plausibility",
            "engine.lock",
        ),
    ),
    (
        "method and evaluation",
        ("engine.evaluate", "engine.scoring", "engine.reconcile", "engine.compare", "engine.rulesdiff", "engine.names"),
    ),
    ("analysis, collection, rules workbook", ("engine.analysis", "engine.collect", "engine.rulesbook")),
    ("output", ("engine.output",)),
    ("command line", ("engine.cli", "engine.__main__")),
)


def modules() -> dict[str, Path]:
    """Every module of engine/ by its dotted name (a package by its own)."""
    found = {}
    for path in sorted(ENGINE.rglob("*.py")):
        parts = path.relative_to(ENGINE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of engine/ that `name` imports, anywhere in its text."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from ..y import z
                above = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*above, base] if base else above)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # engine.x.y.name → the module engine.x.y
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


# Upward imports known at the time of writing, each with the work that removes it. An entry
# whose import has gone fails test_pending_imports_still_exist: remove it then.
PENDING: dict[tuple[str, str], str] = {}


def layer(module: str) -> int:
    """The index of `module`'s layer: the longest name any layer gives for it or a package
    holding it; -1 when none does."""
    best, chosen = -1, -1
    for index, (_, names) in enumerate(LAYERS):
        for prefix in names:
            holds = module == prefix or (prefix != "engine" and module.startswith(prefix + "."))
            if holds and len(prefix) > best:
                best, chosen = len(prefix), index
    return chosen


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan), as a path around it."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        for other in sorted(edges[node]):
            if other not in order:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], order[other])
        if low[node] == order[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in order:
            visit(node)
    return found


def test_every_module_has_a_layer() -> None:
    assert [m for m in modules() if layer(m) < 0] == []


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = [
        f"{name} ({LAYERS[layer(name)][0]}) imports {other} ({LAYERS[layer(other)][0]})"
        for name, targets in graph().items()
        for other in sorted(targets)
        if layer(other) > layer(name) and (name, other) not in PENDING
    ]
    assert upward == [], "imports of a layer above:\n" + "\n".join(upward)


def test_pending_imports_still_exist() -> None:
    edges = graph()
    assert [edge for edge in PENDING if edge[1] not in edges.get(edge[0], set())] == []


def test_no_cycles() -> None:
    edges = graph()
    groups = cycles(edges)
    said = [
        " ↔ ".join(g) + ": " + "; ".join(f"{a} → {b}" for a in g for b in sorted(edges[a]) if b in g) for g in groups
    ]
    assert groups == [], "modules that import each other:\n" + "\n".join(said)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("import engine.model\n", {"engine.model"}),
        ("def f():\n    from engine.model import Kpi\n", {"engine.model"}),
        ("from engine.output.views import quarter\n", {"engine.output.views.quarter"}),
        ("from . import model\n", {"engine.model"}),
        ("if TYPE_CHECKING:\n    from engine.cli.common import x\n", {"engine.cli.common"}),
        ("import json\n", set()),
    ],
)
def test_the_graph_sees_every_kind_of_import(tmp_path: Path, text: str, expected: set[str]) -> None:
    path = tmp_path / "sample.py"
    path.write_text(text, encoding="utf-8")
    known = {"engine.model": path, "engine.output.views.quarter": path, "engine.cli.common": path, "engine": path}
    assert imports("engine.sample", path, known) == expected


def test_cycles_are_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_an_upward_import_is_named() -> None:
    assert layer("engine.cli.app") > layer("engine.output.views.quarter") > layer("engine.names") > layer("engine.i18n")
