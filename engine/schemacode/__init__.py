"""Each JSON Schema compiled to Python code, for the pass/fail decision on the hot path.

jsonschema walks the schema for every value of every file (14 % of scoring a large quarter).
The modules here are fastjsonschema's code for each schema in schemas/, generated once by
`make schemas` and committed, like the message catalogues: they decide whether a document is
valid in a fraction of the time, and import nothing heavy. A document they refuse is
validated again by jsonschema, which alone words the problems (engine.schemas); so a message
or position never depends on this code, and a document is accepted only when both agree
(tests/test_schemacode.py). A generated module carries the SHA-256 of the schema it was made
from; when the schema file differs (edited without `make schemas`), it is not used.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from engine.schemacode.errors import JsonSchemaValueException


def module_name(schema: str) -> str:
    return "engine.schemacode.generated." + schema.replace("-", "_")


def schema_digest(path: Path) -> str:
    """SHA-256 of a schema file with its line ends made LF (a Windows checkout is no edit)."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


@cache
def passes(schema: str, path: Path) -> Callable[[Any], bool] | None:
    """`valid(data)` for the schema at `path`, or None when its generated code is missing or
    was made from another version of the file."""
    try:
        module = importlib.import_module(module_name(schema))
        if schema_digest(path) != module.SCHEMA_SHA256:
            return None
    except (ImportError, AttributeError, OSError):
        return None
    validate = module.validate

    def valid(data: Any) -> bool:
        try:
            validate(data)
        except JsonSchemaValueException:
            return False
        except (TypeError, ValueError, RecursionError):  # anything odd: jsonschema decides
            return False
        return True

    return valid
