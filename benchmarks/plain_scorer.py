"""The baseline of `make bench`: the scorer a competent Python programmer writes in an afternoon.

    python benchmarks/plain_scorer.py WORKSPACE QUARTER

PyYAML's C loader, Decimal arithmetic with Python's default context, the three variants of
rules 2023 written out by hand, truncation to one place, and the JSON of `kpi score --json`
(same fields, same indentation). No validation, no positions, no explanations, no bounds: what
`kpi` must not be much slower than. Its one known inexactness (Decimal's 28 digits, which can
cut a W a tenth too low on a truncation boundary) is counted by the benchmark, not hidden.
"""

from __future__ import annotations

import json
import sys
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

TENTH = Decimal("0.1")
REASONS = {
    "reason-no-target": "цель N не установлена, поэтому W = 0",
    "reason-no-data": "нет данных, поэтому W = 0",
    "reason-zero-denominator": "знаменатель b = 0: доля не определена, поэтому W = 0",
}


def load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=Loader)


def number(written: object) -> Decimal | None:
    text = str(written).replace("\u00a0", "").replace(" ", "").replace(",", ".")
    return None if text == "-" else Decimal(text)


def cut(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_DOWN)


def plain(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def assess(variant: str, weight: Decimal, target: Decimal | None, a: Decimal | None, b: Decimal | None) -> tuple:
    """Z, W and the reason of one KPI (the method of rules 2023)."""
    share = None
    if variant != "count" and a is not None and b is not None and b != 0:
        share = cut(a / b * 100)
    if not target:
        return share, Decimal(0), "reason-no-target"
    if a is None or (variant != "count" and b is None):
        return share, Decimal(0), "reason-no-data"
    if variant != "count" and b == 0:
        return None, Decimal(0), "reason-zero-denominator"
    if variant == "share_higher":
        return share, cut(weight if share >= target else share / target * weight), None
    if variant == "share_lower":
        return share, cut(weight if share <= target else target / share * weight), None
    return None, cut(weight if a >= target else a / target * weight), None


def main(workspace: Path, quarter: str) -> None:
    folder = workspace / "quarters" / quarter
    header = load(folder / "quarter.yaml")
    rules = workspace / "rules" / str(header["rules"])
    data = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name not in ("quarter.yaml", "published.yaml"):
            document = load(path)
            data[document["body"]] = document["kpis"]
    bodies = []
    for path in sorted(rules.glob("*.yaml")):
        if path.name == "methodology.yaml":
            continue
        body = load(path)
        given = data.get(body["id"], {})
        directions = []
        for direction in body["directions"]:
            kpis, total = [], Decimal(0)
            for no, kpi in enumerate(direction["kpis"], start=1):
                figures = given.get(kpi["id"], {})
                a_text, b_text = figures.get("a"), figures.get("b")
                a, b = number(a_text), (number(b_text) if b_text is not None else None)
                target = None if kpi["target"] == "-" else Decimal(str(kpi["target"]))
                weight = Decimal(str(kpi["weight"]))
                share, assigned, reason = assess(kpi["variant"], weight, target, a, b)
                total += assigned
                kpis.append(
                    {
                        "id": kpi["id"],
                        "no": no,
                        "name": kpi["name"],
                        "variant": kpi["variant"],
                        "U": plain(weight),
                        "N": plain(target),
                        "unit": kpi["unit"],
                        "a": plain(a),
                        "a_text": a_text,
                        "b": plain(b),
                        "b_text": b_text,
                        "Z": plain(share),
                        "W": plain(assigned),
                        "reason": reason,
                        "reason_text": REASONS.get(reason) if reason else None,
                    }
                )
            directions.append(
                {"id": direction["id"], "name": direction["name"], "sum": plain(cut(total)), "kpis": kpis}
            )
        score = cut(sum(Decimal(d["sum"]) for d in directions) / len(directions))
        bodies.append({"id": body["id"], "short": body["short"], "name": body["name"], "R": score, "dirs": directions})
    bodies.sort(key=lambda body: (-body["R"], body["short"]))
    ranked, rank = [], 0
    for position, body in enumerate(bodies, start=1):
        rank = rank if ranked and ranked[-1]["R"] == plain(body["R"]) else position
        ranked.append(
            {
                "id": body["id"],
                "short": body["short"],
                "name": body["name"],
                "rank": rank,
                "R": plain(body["R"]),
                "directions": body["dirs"],
            }
        )
    result = {
        "quarter": quarter,
        "rules": str(header["rules"]),
        "status": header.get("status"),
        "source": header.get("source"),
        "note": header.get("note"),
        "bodies": ranked,
        "warnings": [],
    }
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
