"""Read a rich table back from CLI output, so tests can assert exact cells, not padding."""

from __future__ import annotations


def table_rows(output: str) -> list[list[str]]:
    """Cells of every row of the first table in `output` (from its "┏" line to its "└"
    line), header row first. A cell that wraps or holds several lines comes back with its
    lines joined by "\\n"; a new row starts where the first cell is not empty."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("┏"))
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("└"):
            break
        if not line.startswith(("│", "┃")):
            continue  # a rule between the header and the body
        cells = [cell.strip() for cell in line.strip()[1:-1].split(line[0])]
        if len(rows) > 1 and cells[0] == "" or len(rows) == 1 and line[0] == "┃":
            rows[-1] = [f"{old}\n{new}" if new else old for old, new in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    return rows
