"""The command line uses typer's and click's public API only: no module under engine/ imports a
name starting with `_` from typer or click, or from a module of theirs whose path has a part
starting with `_` (typer 0.29 keeps its copy of click in `typer._click`, "not to be used by
external applications"). Read from the source with ast, so a name imported inside a function
counts too."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Annotated

import pytest
import typer

from engine.i18n import tr

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


# --- kpi's own classes, on every command -------------------------------------------------------


def test_every_command_and_plain_parameter_is_kpi_s_own_once_localised() -> None:
    """A command added later gets kpi's usage errors, usage line and coercion without a word in
    its module: the localisation walk gives them (a parameter of another kind stays typer's)."""
    import typer

    from engine.cli.app import app
    from engine.cli.coercion import PlainArgument, PlainOption
    from engine.cli.language import LocalisedCommand, LocalisedGroup, LocalisedSubgroup, localise

    root = typer.main.get_command(app)
    localise(root, "en")
    assert type(root) is LocalisedGroup

    def walk(command: object, path: tuple[str, ...]) -> None:
        subs = getattr(command, "commands", None)
        if path:
            assert type(command) is (LocalisedCommand if subs is None else LocalisedSubgroup), path
        for param in command.params:  # type: ignore[attr-defined]
            assert type(param) in (PlainOption, PlainArgument), (path, param.name)
        for name, sub in (subs or {}).items():
            walk(sub, (*path, name))

    walk(root, ())


def test_a_run_imports_no_pydantic(repo_workspace: Path) -> None:
    """typer 0.29 builds a pydantic TypeAdapter per parameter; kpi converts its parameters itself
    (engine/cli/coercion.py), which keeps pydantic's import and the adapters out of a run."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from engine.cli import main\n"
        f"sys.argv = ['kpi', 'score', '2024Q1', '--json', '--body', 'mvd', '-w', {str(repo_workspace)!r}]\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert done.code == 0, done.code\n"
        "sys.stderr.write(str(sorted(m for m in sys.modules if m.startswith('pydantic'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr == "[]", done.stderr


def test_typer_s_own_errors_are_said_in_the_language() -> None:
    """A parameter kpi does not convert (here a float, through typer's pydantic adapter) and an
    error kpi has no message for still come out as kpi's usage errors, exit 2."""
    from typer.testing import CliRunner

    from engine.cli.language import LocalisedGroup

    app = typer.Typer(cls=LocalisedGroup)

    @app.callback()
    def root() -> None: ...

    @app.command("score")  # a name with a help text in the catalogues
    def run(share: Annotated[float, typer.Option("--share")] = 0.5, word: str = "") -> None:
        if word == "bad":
            raise typer.BadParameter("not this word")

    env = {"KPI_LANG": "en", "NO_COLOR": "1", "COLUMNS": "100"}
    result = CliRunner().invoke(app, ["score", "--share", "half"], env=env)
    assert result.exit_code == 2
    assert "invalid value of '--share'" in " ".join(result.output.split()), result.output
    result = CliRunner().invoke(app, ["score", "--word", "bad"], env={**env, "KPI_LANG": "ru"})
    assert result.exit_code == 2
    assert "недопустимое значение: not this word" in " ".join(result.output.split()), result.output


def test_a_group_given_no_command_says_so_in_the_language() -> None:
    """A group that runs nothing of its own (no invoke_without_command), given only options."""
    from typer.testing import CliRunner

    from engine.cli.language import LocalisedGroup

    app = typer.Typer(cls=LocalisedGroup)

    @app.callback()
    def root(verbose: Annotated[bool, typer.Option("--verbose")] = False) -> None: ...

    @app.command("score")
    def score() -> None: ...

    result = CliRunner().invoke(app, ["--verbose"], env={"KPI_LANG": "kk", "NO_COLOR": "1", "COLUMNS": "100"})
    assert result.exit_code == 2
    assert tr("cli-missing-command", "kk") in result.output, result.output
