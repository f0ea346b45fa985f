"""The editor's view of the schemas (VS Code's YAML extension, i.e. yaml-language-server) and
the pre-commit hooks.

Always run: the variant list offered as completion is the variants of rules/*/methodology.yaml;
every definition and field has a title; the Russian messages sit where the server reads them;
the «новый KPI» snippet inserts a KPI that `kpi rules validate` accepts; the globs of
.vscode/settings.json give each file the schema of its modeline; the quarter hook's entry.

With node and yaml-language-server present (KPI_YAML_LANGUAGE_SERVER or on PATH), also the
real server: tools/lsp_check/lsp_check.py (diagnostics, completion, snippet, settings).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from engine.schemas import validate
from engine.yamlfile import parse_yaml
from tests.conftest import DATA, REPO, run_cli

SCHEMAS = {path.name.removesuffix(".schema.json"): path for path in sorted((REPO / "schemas").glob("*.schema.json"))}
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMAS[name].read_text(encoding="utf-8"))
    return schema


def lsp_check() -> Any:
    spec = importlib.util.spec_from_file_location("lsp_check", REPO / "tools" / "lsp_check" / "lsp_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def methodology_variants() -> list[str]:
    ids: list[str] = []
    for path in sorted(REPO.glob("rules/*/methodology.yaml")):
        for name in yaml.safe_load(path.read_text(encoding="utf-8"))["variants"]:
            if name not in ids:
                ids.append(name)
    return ids


def nodes(node: Any, path: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object in a schema, with its JSON pointer."""
    if isinstance(node, dict):
        if path == "#" or not path.endswith(("/properties", "/$defs")):
            yield path, node
        for key, value in node.items():
            if key not in ("defaultSnippets", "examples", "enum", "const", "x-hint"):
                yield from nodes(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from nodes(value, f"{path}/{index}")


# --- completion: the variants ---


def test_variant_examples_are_the_methodology_variants() -> None:
    """The ids offered after `variant:` are exactly those of rules/*/methodology.yaml, in order.
    They are `examples`, not an `enum`: the engine's own check names an unknown variant with a
    "did you mean", and a rules version may refuse a variant (methodology.refused_variants)."""
    variants = methodology_variants()
    assert variants == ["share_higher", "share_lower", "count"]
    body, methodology = load("body"), load("methodology")
    assert body["$defs"]["kpi"]["properties"]["variant"]["examples"] == variants
    assert methodology["$defs"]["example"]["properties"]["variant"]["examples"] == variants
    assert "enum" not in body["$defs"]["kpi"]["properties"]["variant"]


def test_lsp_check_reads_the_variants_as_yaml_does() -> None:
    """tools/lsp_check reads the variants without a YAML library; it must read the same."""
    assert lsp_check().methodology_variants() == methodology_variants()


# --- titles and Russian messages ---


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_definition_and_field_has_a_title(name: str) -> None:
    schema = load(name)
    untitled = [f"#/$defs/{key}" for key, node in schema.get("$defs", {}).items() if "title" not in node]
    for path, node in nodes(schema):
        if re.search(r"/(properties/[^/]+|items|additionalProperties)$", path) and "title" not in node:
            target = node.get("$ref", "").removeprefix("#/$defs/")
            if "title" not in schema.get("$defs", {}).get(target, {}):
                untitled.append(path)
    assert untitled == []


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_russian_messages_for_type_and_pattern_errors(name: str) -> None:
    """Every value with a type, an enum, a const or a pattern carries its own Russian message,
    where yaml-language-server reads it: in the node with the failing keyword (a `$ref`'s
    siblings become a separate `allOf` branch there) and never on a mapping (errorMessage
    would replace the server's "missing property" and "property not allowed" messages)."""
    missing, misplaced = [], []
    for path, node in nodes(load(name)):
        for key in ("errorMessage", "patternErrorMessage"):
            if key in node:
                assert CYRILLIC.search(node[key]), f"{path}/{key} is not Russian"
                if "$ref" in node or node.get("type") == "object":
                    misplaced.append(f"{path}/{key}")
        scalar = node.get("type") not in (None, "object") or "enum" in node or "const" in node
        if scalar and "errorMessage" not in node and "/propertyNames" not in path:
            missing.append(f"{path}: errorMessage")
        if "pattern" in node and "patternErrorMessage" not in node:
            missing.append(f"{path}: patternErrorMessage")
    assert missing == []
    assert misplaced == []


# --- the snippet ---


def snippet_kpi_text(indent: str = "      ") -> str:
    """The «новый KPI» snippet as yaml-language-server inserts it after «- » in a KPI list
    (strings are written as they stand, «^» dropped), placeholders left at their defaults."""
    (snippet,) = load("body")["$defs"]["direction"]["properties"]["kpis"]["defaultSnippets"]
    assert snippet["label"] == "новый KPI"
    lines = [f"{key}: {str(value).removeprefix('^')}" for key, value in snippet["body"].items()]
    text = ("\n" + indent + "  ").join(lines)
    return str(lsp_check().resolve_snippet(text))


def test_snippet_is_a_valid_kpi_by_the_schema() -> None:
    (kpi,) = yaml.safe_load("      - " + snippet_kpi_text())
    assert set(kpi) == set(load("body")["$defs"]["kpi"]["required"])
    body = load("body")
    errors = list(Draft202012Validator({"$defs": body["$defs"], "$ref": "#/$defs/kpi"}).iter_errors(kpi))
    assert [error.message for error in errors] == []


def test_snippet_inserted_in_a_body_passes_kpi_rules_validate(tmp_path: Path) -> None:
    """Appended to a direction whose weights then still total 100, the snippet's KPI passes the
    schema, the semantic checks (id, variant, unit of the variant) and `kpi rules validate`."""
    workspace = tmp_path / "ws"
    shutil.copytree(DATA / "workspaces" / "minimal", workspace)
    path = workspace / "rules" / "t" / "alpha.yaml"
    text = path.read_text(encoding="utf-8")
    assert "        weight: 20\n" in text
    text = text.replace("        weight: 20\n", "        weight: 10\n") + "      - " + snippet_kpi_text() + "\n"
    path.write_text(text, encoding="utf-8")
    doc, problems = parse_yaml(text, "alpha.yaml")
    assert problems == [] and validate(doc, "body") == []
    result = run_cli("rules", "validate", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output


# --- .vscode ---


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A yaml.schemas glob as yaml-language-server matches it: `**/` before the pattern, `*`
    within one path segment."""
    parts = [re.escape(part) for part in pattern.lstrip("/").split("*")]
    return re.compile("(?:.*/)?" + "[^/]*".join(parts) + "$")


def schemas_by_settings(relative: str) -> set[str]:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    found = set()
    for schema, globs in settings["yaml.schemas"].items():
        positive = [g for g in globs if not g.startswith("!")]
        negative = [g[1:] for g in globs if g.startswith("!")]
        if any(glob_regex(g).match(relative) for g in positive) and not any(
            glob_regex(g).match(relative) for g in negative
        ):
            found.add(Path(schema).name.removesuffix(".schema.json"))
    return found


def yaml_files() -> list[Path]:
    return [p for p in sorted(REPO.rglob("*.yaml")) if not {".venv", ".git", "node_modules"} & set(p.parts)]


def test_settings_give_every_rules_and_quarter_file_one_schema() -> None:
    files = sorted([*REPO.glob("rules/*/*.yaml"), *REPO.glob("quarters/*/*.yaml")])
    assert len(files) > 40
    for path in files:
        assert len(schemas_by_settings(path.relative_to(REPO).as_posix())) == 1, path


def test_settings_agree_with_every_modeline() -> None:
    """Every YAML file of the repository with a modeline that the globs reach (rules/, quarters/
    and the test workspaces) gets from the globs the schema its modeline names."""
    checked = 0
    for path in yaml_files():
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        match = MODELINE.match(lines[0]) if lines else None
        relative = path.relative_to(REPO).as_posix()
        by_settings = schemas_by_settings(relative)
        if match is None or not by_settings:
            continue
        target = (path.parent / match.group(1)).resolve()
        assert target.is_file(), f"{relative}: the modeline's schema does not exist"
        assert by_settings == {target.name.removesuffix(".schema.json")}, relative
        checked += 1
    assert checked > 40


def test_glob_regex_is_segment_wise() -> None:
    assert glob_regex("rules/*/*.yaml").match("rules/2023/mvd.yaml")
    assert glob_regex("rules/*/*.yaml").match("tests/data/workspaces/minimal/rules/t/alpha.yaml")
    assert not glob_regex("rules/*/*.yaml").match("rules/2023/sub/mvd.yaml")
    assert schemas_by_settings("quarters/2024Q1/published.yaml") == {"published"}
    assert schemas_by_settings("quarters/2030Q2/mvd.yaml") == {"quarter-body"}
    assert schemas_by_settings("rules/2025-draft/methodology.yaml") == {"methodology"}


def test_extensions_recommend_the_yaml_extension() -> None:
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


# --- pre-commit ---


def hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def test_pre_commit_hooks() -> None:
    found = hooks()
    assert set(found) == {"kpi-rules-validate", "kpi-quarter-validate"}
    rules = found["kpi-rules-validate"]
    assert (rules["entry"], rules["language"], rules["pass_filenames"]) == ("kpi rules validate", "python", False)
    assert re.search(rules["files"], "rules/2023/mvd.yaml") and not re.search(
        rules["files"], "quarters/2024Q1/mvd.yaml"
    )
    quarter = found["kpi-quarter-validate"]
    assert quarter["language"] == "python" and quarter.get("pass_filenames", True)
    assert re.search(quarter["files"], "quarters/2024Q1/mvd.yaml") and not re.search(quarter["files"], "rules/x.yaml")


def run_quarter_hook(workspace: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """The quarter hook's entry as pre-commit runs it: entry, then args, then the files, in the
    repository's folder, with the environment's `python` and `kpi` first on PATH."""
    command = shlex.split(hooks()["kpi-quarter-validate"]["entry"])
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path, "KPI_LANG": "en"}
    return subprocess.run([*command, *arguments], cwd=workspace, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(shutil.which("kpi", path=str(Path(sys.executable).parent)) is None, reason="kpi is not installed")
def test_quarter_hook_validates_each_changed_quarter(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    shutil.copytree(DATA / "workspaces" / "minimal", workspace)
    clean = run_quarter_hook(workspace, "quarters/2030Q1/alpha.yaml", "quarters/2030Q1/beta.yaml", "README.md")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.count("2030Q1") == 1  # one run for the quarter, none for README.md
    assert run_quarter_hook(workspace).returncode == 0  # nothing in quarters/: nothing to do
    broken = workspace / "quarters" / "2030Q1" / "alpha.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("a: ", "a: [", 1), encoding="utf-8")
    failed = run_quarter_hook(workspace, "--strict", "quarters/2030Q1/alpha.yaml")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "alpha.yaml" in failed.stdout


# --- the real language server ---


def language_server() -> str | None:
    if shutil.which("node") is None:
        return None
    found: str | None = lsp_check().find_server()
    return found


@pytest.mark.skipif(
    language_server() is None,
    reason="node or yaml-language-server is missing: `npm install yaml-language-server`, then "
    "KPI_YAML_LANGUAGE_SERVER=<folder>/node_modules/.bin/yaml-language-server",
)
def test_real_language_server(tmp_path: Path) -> None:
    check = lsp_check()
    report = check.run(language_server())
    failed = [case for case in report["cases"] if not case["ok"]]
    assert failed == []
    assert len(report["cases"]) >= 15
    texts = report["snippet_texts"]
    # what the server inserts after «- » is what the tests above validate with kpi
    assert texts["after «- » in a KPI list"].endswith("      - " + snippet_kpi_text() + "\n")
    for text in texts.values():
        doc, problems = parse_yaml(text, "zz.yaml")
        assert problems == [] and validate(doc, "body") == []
