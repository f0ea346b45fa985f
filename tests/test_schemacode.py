"""The compiled schema checks (engine.schemacode) against jsonschema.

A document passes only when the compiled code passes it, and the code must never pass what
jsonschema refuses: checked on every YAML file of the repository and its fixtures, and on
random changes of real documents. The committed code must be what `make schemas` makes from
the schemas as they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import schemacode
from engine.schemacode.generate import code, target
from engine.schemas import SCHEMAS, _validator, schema_dir
from engine.yamlfile import parse_yaml
from tests.conftest import REPO


def schema_of(path: Path) -> str:
    if path.name == "methodology.yaml":
        return "methodology"
    if path.name == "quarter.yaml":
        return "quarter"
    if path.name == "published.yaml":
        return "published"
    return "body" if "rules" in path.parts else "quarter-body"


def documents() -> list[tuple[Path, str, Any]]:
    found = []
    for folder in (REPO / "rules", REPO / "quarters", REPO / "tests" / "data"):
        for path in sorted(folder.rglob("*.yaml")):
            doc, problems = parse_yaml(path.read_text(encoding="utf-8"), str(path))
            if not problems and doc.data is not None:
                found.append((path, schema_of(path), doc.data))
    return found


DOCUMENTS = documents()


def jsonschema_valid(schema: str, data: Any) -> bool:
    return not any(True for _ in _validator(schema).iter_errors(data))


def compiled_valid(schema: str, data: Any) -> bool:
    passes = schemacode.passes(schema, schema_dir() / f"{schema}.schema.json")
    assert passes is not None, f"engine/schemacode has no current code for {schema}: run make schemas"
    return passes(data)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_the_committed_code_is_what_make_schemas_makes(schema: str) -> None:
    assert target(schema).read_text(encoding="utf-8") == code(schema), "run make schemas"


def test_every_file_of_the_repository_gets_the_same_verdict() -> None:
    assert len(DOCUMENTS) > 60
    refused = 0
    for path, schema, data in DOCUMENTS:
        verdict = jsonschema_valid(schema, data)
        assert compiled_valid(schema, data) == verdict, path
        refused += not verdict
    assert refused >= 10  # the broken-rules fixtures: both refuse them


def test_code_made_from_another_schema_is_not_used(tmp_path: Path) -> None:
    edited = tmp_path / "body.schema.json"
    edited.write_text((schema_dir() / "body.schema.json").read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert schemacode.passes("body", edited) is None
    crlf = tmp_path / "quarter.schema.json"
    crlf.write_bytes((schema_dir() / "quarter.schema.json").read_bytes().replace(b"\n", b"\r\n"))
    assert schemacode.passes("quarter", crlf) is not None  # a Windows checkout is no edit


# --- random changes of real documents ---

NEW_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.decimals(min_value=-5, max_value=200, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "-", "%", "ед.", "share_higher", "mvd-01", "mvd-01\n", "MVD", "2024Q1", "official"]),
    st.sampled_from([21, 401, 1001, 4001, 10_001]).map(lambda n: "x" * n),  # past each maxLength
    st.text(max_size=12),
    st.just([]),
    st.just({}),
    st.just({"a": "1"}),
)


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*prefix, index))
    return found


def changed(data: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    if not path:
        return value if action == "set" else data
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        copy = dict(data)
        if not rest and action == "delete":
            copy.pop(head)
        elif not rest and action == "add":
            copy[f"{head}_x"] = value
        else:
            copy[head] = changed(data[head], rest, action, value)
        return copy
    copy_list = list(data)
    if not rest and action == "delete":
        copy_list.pop(head)
    else:
        copy_list[head] = changed(data[head], rest, action, value)
    return copy_list


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_compiled_code_never_passes_what_jsonschema_refuses(data: st.DataObject) -> None:
    _, schema, document = data.draw(st.sampled_from(DOCUMENTS))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths(document)))
        action = data.draw(st.sampled_from(["set", "set", "delete", "add"]))
        document = changed(document, path, action, data.draw(NEW_VALUES))
    verdict = jsonschema_valid(schema, document)
    if compiled_valid(schema, document):
        assert verdict, (schema, document)
