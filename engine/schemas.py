"""JSON Schema validation of loaded YAML, reported as problems a policy officer can read.

Each jsonschema error is turned into a `Problem` at the file, line and column of the value
(or key) at fault, with a message chosen by the failing keyword, the field's Russian title,
the schema's own hint (`x-hint`) and a "did you mean" for unknown keys and values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine import schemacode
from engine.alphabets import respelt, wrong_letter
from engine.problems import MAX_PER_FILE, Problem, capped
from engine.suggest import did_you_mean
from engine.yamlfile import PathKey, YamlDocument

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMAS = ("methodology", "body", "quarter", "quarter-body", "published")
KpiLocator = Callable[[Any, PathKey], str]


@cache
def schema_dir() -> Path:
    """Where the schemas are: inside the installed package, or at the top of the checkout."""
    packaged = Path(str(resources.files("engine"))) / "schemas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "schemas"


@cache
def load_schema(name: str) -> dict[str, Any]:
    with (schema_dir() / f"{name}.schema.json").open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # only for a document the compiled check refuses

    return Draft202012Validator(load_schema(name))


def validate(doc: YamlDocument, schema: str, kpi_at: KpiLocator | None = None) -> list[Problem]:
    """All schema problems of a loaded document, one problem per wrong value.

    The schema's compiled code (engine.schemacode) decides first; a document it refuses is
    validated by jsonschema, whose errors are the problems (none, if jsonschema finds none)."""
    passes = schemacode.passes(schema, schema_dir() / f"{schema}.schema.json")
    if passes is not None and passes(doc.data):
        return []
    problems: list[Problem] = []
    locate = kpi_at or (lambda _data, _path: "")
    root = load_schema(schema)
    for error in _validator(schema).iter_errors(doc.data):
        title = _title(_schema_at(root, list(error.absolute_schema_path)[:-1]))
        for problem in _humanize(error, doc, lambda path: locate(doc.data, path), title, root):
            problems.append(problem)
            if len(problems) > MAX_PER_FILE:  # enough to say the file is wrong; the rest cost time
                return capped(problems)
    return capped(problems)


_TYPE_NAMES = {
    "string": "type-string",
    "number": "type-number",
    "integer": "type-integer",
    "object": "type-object",
    "array": "type-array",
    "boolean": "type-boolean",
    "null": "type-null",
}


def _schema_at(root: dict[str, Any], steps: list[Any]) -> dict[str, Any]:
    """The schema node an error's schema path leads to. jsonschema leaves `$ref` out of the
    path, so a step the node lacks goes through its reference; a title written beside a
    `$ref` (the field's own title) is kept over the referenced definition's."""
    node: Any = root
    for step in steps:
        if isinstance(node, dict) and step not in node and "$ref" in node:
            node = _resolve(root, node["$ref"])
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return {}
    if isinstance(node, dict) and "$ref" in node and "title" not in node:
        node = _resolve(root, node["$ref"])
    return node if isinstance(node, dict) else {}


def _resolve(root: dict[str, Any], ref: str) -> Any:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node


def _humanize(
    error: ValidationError, doc: YamlDocument, kpi_at: Callable[[PathKey], str], title: str, root: dict[str, Any]
) -> Iterable[Problem]:
    path: PathKey = tuple(error.absolute_path)
    kpi = kpi_at(path)
    field = _field_name(path)
    hint = error.schema.get("x-hint") if isinstance(error.schema, dict) else None
    args: dict[str, Any] = {"field": field, "title": title or _title(error.schema), "hint": hint or ""}
    keyword = error.validator
    if keyword == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        extras = [str(k) for k in present if k not in error.schema.get("properties", {})]
        for name in error.validator_value:
            if name not in present and not did_you_mean(name, extras):
                # a misspelt key ("wieght") is reported once, as unknown with "did you mean"
                title = _title(error.schema.get("properties", {}).get(name, {}))
                yield Problem(doc.where(path), "schema-required", kpi, {**args, "name": name, "title": title})
        return
    if keyword == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        for key in error.instance:
            if key not in known:
                yield Problem(
                    doc.key_where((*path, key)),
                    "schema-unknown-key",
                    kpi_at((*path, key)),
                    {**args, "name": key, "known": ", ".join(known), "suggestion": did_you_mean(str(key), known) or ""},
                )
        return
    got = doc.text(path)
    args["got"] = got if got is not None else _short(error.instance)
    where = doc.where(path)
    if "propertyNames" in error.absolute_schema_path:
        # jsonschema reports a bad key as a failing `pattern` of the mapping that holds it,
        # with the key as the instance: point at that key and quote it as written
        args["got"] = str(error.instance)
        where = doc.key_where((*path, error.instance))
    number = _quoted_number(error, doc, path, root)
    if number is not None:
        # `weight: "20"`: the number is right, the quotes make it text
        yield Problem(where, "schema-quoted-number", kpi, {"fix": f"{field}: {number}" if field else number})
        return
    if keyword in ("type",):
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else list(expected)
        yield Problem(where, "schema-type", kpi, {**args, "expected": [_TYPE_NAMES[t] for t in expected]})
    elif keyword in ("enum", "const"):
        allowed = error.validator_value if keyword == "enum" else [error.validator_value]
        names = [str(a) for a in allowed]
        text = str(error.instance)
        suggestion = did_you_mean(text, names)
        wrong = wrong_letter(text, names)
        if wrong is not None and suggestion is None:  # "eд" with a Latin e looks like "ед." and means it
            suggestion = did_you_mean(respelt(text, wrong), names)
        # the letter of the wrong alphabet is named by the message (engine.i18n)
        yield Problem(where, "schema-enum", kpi, {**args, "allowed": names, "suggestion": suggestion or ""})
    elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        yield Problem(where, f"schema-{keyword}", kpi, {**args, "limit": error.validator_value})
    elif keyword in ("minLength", "minItems", "minProperties"):
        yield Problem(where, "schema-empty", kpi, args)
    elif keyword == "maxLength":
        length = len(error.instance) if isinstance(error.instance, str) else 0
        yield Problem(where, "schema-too-long", kpi, {**args, "limit": error.validator_value, "length": length})
    elif keyword == "pattern":
        yield Problem(where, "schema-pattern", kpi, args)
    elif keyword in ("anyOf", "oneOf") and hint:
        yield Problem(where, "schema-hinted", kpi, args)
    else:
        yield Problem(where, "schema-other", kpi, {**args, "detail": error.message})


_NUMBER = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_NUMERIC = frozenset({"number", "integer"})


def _quoted_number(error: ValidationError, doc: YamlDocument, path: PathKey, root: dict[str, Any]) -> str | None:
    """The number written in quotes where the schema wants a number (`weight: "20"`), or None."""
    text = error.instance.strip() if isinstance(error.instance, str) else ""
    source = doc.written(path) or ""
    if not _NUMBER.fullmatch(text) or source[:1] not in ("'", '"'):
        return None
    schema = error.schema if isinstance(error.schema, dict) else {}
    branches = [schema] if error.validator == "type" else list(schema.get(str(error.validator), []))
    for branch in branches:
        if isinstance(branch, dict) and "$ref" in branch:
            branch = _resolve(root, branch["$ref"])
        wanted = branch.get("type") if isinstance(branch, dict) else None
        if _NUMERIC.intersection([wanted] if isinstance(wanted, str) else wanted or []):
            return text
    return None


def _field_name(path: PathKey) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return ""


def _title(schema: Any) -> str:
    return str(schema.get("title", "")) if isinstance(schema, dict) else ""


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."
