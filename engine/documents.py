"""Reading one workspace file: YAML syntax first, then its JSON Schema."""

from __future__ import annotations

from pathlib import Path

from engine.problems import Problem, Where
from engine.schemas import KpiLocator, validate
from engine.yamlfile import YamlDocument, load_yaml


def read_document(
    path: Path, display: str, schema: str, kpi_at: KpiLocator | None = None
) -> tuple[YamlDocument | None, list[Problem]]:
    """The document when it is valid YAML matching `schema`, else None; and all its problems."""
    if not path.is_file():
        return None, [Problem(Where(display), "file-missing")]
    doc, problems = load_yaml(path, display)
    if problems or doc.data is None:
        return None, problems
    problems = validate(doc, schema, kpi_at)
    return (None if problems else doc), problems
