"""The exceptions the generated validators raise (what fastjsonschema's own module would give
them), so that running a generated validator needs no fastjsonschema."""

from __future__ import annotations

from typing import Any


class JsonSchemaValueException(ValueError):
    """A value breaks the schema; only pass or fail is used (engine.schemas words the problems)."""

    def __init__(self, message: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(message)


class JsonSchemaValuesException(JsonSchemaValueException):
    """Several values break the schema (not raised with fast_fail, kept for the import)."""
