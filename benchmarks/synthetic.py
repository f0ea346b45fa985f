"""Synthetic valid workspaces of any size, for `make bench` (and for anyone's own timing).

    .venv/bin/python benchmarks/synthetic.py FOLDER BODIES KPIS

writes FOLDER/rules/synthetic (the real methodology of rules 2023, examples included, and one
file per body) and FOLDER/quarters/2099Q1 (one data file per body). Every body has one to
three directions whose weights add up to 100; the three variants of the methodology, targets
that are missing ("-") now and then, and data the way the report writes it: thousands spaced
("156 710"), decimal commas ("3 714,81"), no data ("-"), b = 0, and shares that fall exactly on
a truncation boundary. The same arguments give the same files.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUARTER = "2099Q1"
RULES = "synthetic"


def spaced(value: int) -> str:
    """156710 → '156 710', as the report writes it."""
    return f"{value:,}".replace(",", " ")


def weights(count: int, rng: random.Random) -> list[int]:
    """`count` whole weights, each at least 1, adding up to 100."""
    cuts = sorted(rng.sample(range(1, 100), count - 1)) if count > 1 else []
    edges = [0, *cuts, 100]
    return [high - low for low, high in zip(edges, edges[1:], strict=False)]


def _figure(rng: random.Random, target: int) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.03:
        return '"-"', f'"{spaced(rng.randint(1, 10**6))}"'  # no data
    if roll < 0.05:
        return f'"{spaced(rng.randint(0, 100))}"', '"0"'  # share undefined
    b = rng.randint(1, 2 * 10**6)
    if roll < 0.15:  # a share exactly on a truncation boundary: 10 * a / b * 100 is whole
        b = 1000 * rng.randint(1, 2000)
        return f'"{spaced(b * rng.randint(0, 1000) // 1000)}"', f'"{spaced(b)}"'
    if roll < 0.25:  # a decimal comma
        cents = rng.randint(0, 99)
        return f'"{spaced(rng.randint(0, b))},{cents:02d}"', f'"{spaced(b)},00"'
    share = min(1.2, rng.random() * 1.2 * target / 100 + 0.05)
    return f'"{spaced(int(b * share))}"', f'"{spaced(b)}"'


def write_workspace(folder: Path, bodies: int, kpis: int, seed: int = 2024) -> Path:
    """A valid workspace of `bodies` bodies with `kpis` KPIs each, under `folder`."""
    rng = random.Random(f"{seed}-{bodies}-{kpis}")
    rules = folder / "rules" / RULES
    quarter = folder / "quarters" / QUARTER
    rules.mkdir(parents=True, exist_ok=True)
    quarter.mkdir(parents=True, exist_ok=True)
    # the real methodology, without its order of the real bodies (the report's): these are others
    methodology = (ROOT / "rules" / "2023" / "methodology.yaml").read_text(encoding="utf-8")
    methodology = "".join(line for line in methodology.splitlines(keepends=True) if not line.startswith("order:"))
    (rules / "methodology.yaml").write_text(methodology, encoding="utf-8")
    (quarter / "quarter.yaml").write_text(
        f'period: {QUARTER}\nrules: {RULES}\nstatus: example\nsource: "synthetic: {bodies} bodies x {kpis} KPIs"\n',
        encoding="utf-8",
    )
    for n in range(bodies):
        body = f"b{n:05d}"
        rule_lines = [f"id: {body}", f"short: О{n}", f'name: "Синтетический орган № {n}"', "directions:"]
        data_lines = [f"body: {body}", "kpis:"]
        directions = min(kpis, rng.choice((1, 1, 1, 2, 3)))
        sizes = [kpis // directions + (1 if d < kpis % directions else 0) for d in range(directions)]
        k = 0
        for d, size in enumerate(sizes):
            rule_lines += [f"  - id: d{d}", f'    name: "Направление {d}"', "    kpis:"]
            for weight in weights(size, rng):
                kpi = f"{body}-{k:02d}"
                variant = rng.choice(("share_higher", "share_higher", "share_higher", "share_lower", "count"))
                target = rng.randint(5, 100) if variant != "count" else rng.randint(1, 500)
                written = '"-"' if rng.random() < 0.04 else str(target)
                unit = '"ед."' if variant == "count" else '"%"'
                rule_lines += [
                    f"      - id: {kpi}",
                    f'        name: "Показатель {k} органа {n}: доля услуг, оказанных в электронной форме"',
                    f"        variant: {variant}",
                    f"        weight: {weight}",
                    f"        target: {written}",
                    f"        unit: {unit}",
                ]
                a, b = _figure(rng, target if variant != "count" else 100)
                if variant == "count":
                    a = f'"{spaced(rng.randint(0, 2 * target))}"'
                data_lines += [f"  {kpi}:", f"    a: {a}", f"    b: {b}"]
                k += 1
        (rules / f"{body}.yaml").write_text("\n".join(rule_lines) + "\n", encoding="utf-8")
        (quarter / f"{body}.yaml").write_text("\n".join(data_lines) + "\n", encoding="utf-8")
    return folder


if __name__ == "__main__":
    target, bodies, kpis = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    write_workspace(target, bodies, kpis)
    print(f"{target}: {bodies} bodies x {kpis} KPIs, quarter {QUARTER}, rules {RULES}")
