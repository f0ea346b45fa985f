"""`kpi quarter publish`: a quarter becomes official, and keeps the fingerprint of the rules it
was scored with (engine.rulesversions) so that any later edit of those rules is seen.

quarter.yaml is edited as text, its comments and layout kept: `status:` becomes official and
a `rules_files:` block (replaced if there was one) lists a SHA-256 per rules file."""

from __future__ import annotations

import re

BLOCK_NOTE = (
    "# Контрольные суммы правил {rules}, по которым квартал опубликован (kpi quarter publish).\n"
    "# Не правьте их: по ним kpi rules validate замечает любую правку официальных правил.\n"
)


def published_text(text: str, rules: str, prints: dict[str, str]) -> str:
    """quarter.yaml's text with `status: official` and the rules' fingerprint."""
    lines = _without_block(text.replace("\r\n", "\n").rstrip("\n").split("\n"))
    for index, line in enumerate(lines):
        if re.match(r"status\s*:", line):
            lines[index] = "status: official"
            break
    else:
        lines.append("status: official")
    block = (
        BLOCK_NOTE.format(rules=rules)
        + "rules_files:\n"
        + "".join(f"  {name}: {digest}\n" for name, digest in sorted(prints.items()))
    )
    return "\n".join(lines).rstrip("\n") + "\n" + block


def _without_block(lines: list[str]) -> list[str]:
    """The lines without an earlier `rules_files:` block and its note."""
    kept: list[str] = []
    inside = False
    for line in lines:
        if re.match(r"rules_files\s*:", line):
            inside = True
            while kept and kept[-1].startswith("# ") and "kpi quarter publish" in "".join(kept[-2:]):
                kept.pop()
            continue
        if inside and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        inside = False
        kept.append(line)
    return kept
