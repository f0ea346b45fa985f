"""What changed between two rules versions: bodies, KPIs and the methodology.

KPIs are matched by their stable id (never by name or position), so a KPI whose wording
changed is "renamed", not "removed and added". Only what differs is listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from engine.method import Methodology
from engine.model import Body, Kpi, RulesVersion

Value = Decimal | str | None

# The fields of a KPI that are compared, in the order they are reported. The names are the
# keys `kpi score --json` uses (U, N), so the two JSON forms speak the same language.
KPI_FIELDS = ("name", "body", "direction", "variant", "unit", "U", "N")

# Fields whose change alters how W is computed (a new name alone changes no figure).
SCORING_FIELDS = frozenset({"variant", "unit", "U", "N"})


@dataclass(frozen=True)
class RulesChange:
    """One field that differs. `field` is a KPI field from KPI_FIELDS, a body field
    ("short", "name", "directions.<id>"), or a methodology.yaml path ("rounding.mode",
    "variants.share_lower.assigned", ...). None on one side means "not there"; for the
    target N it means "no target"."""

    field: str
    before: Value
    after: Value


@dataclass(frozen=True)
class KpiDiff:
    """A KPI that was added, removed, or changed (with what changed)."""

    id: str
    short: str  # the short name of its body (МВД), on the newer side where it exists
    status: str  # "added" | "removed" | "changed"
    before: Kpi | None
    after: Kpi | None
    changes: tuple[RulesChange, ...] = ()

    @property
    def kpi(self) -> Kpi:
        """The KPI as it stands on the side where it exists (the newer one if both)."""
        kpi = self.after or self.before
        assert kpi is not None
        return kpi


@dataclass(frozen=True)
class BodyDiff:
    """A body that was added, removed, or changed (short name, full name, directions)."""

    id: str
    status: str  # "added" | "removed" | "changed"
    before: Body | None
    after: Body | None
    changes: tuple[RulesChange, ...] = ()

    @property
    def body(self) -> Body:
        body = self.after or self.before
        assert body is not None
        return body


@dataclass(frozen=True)
class RulesDiff:
    """Everything that differs from rules version `before` to rules version `after`."""

    before: str
    after: str
    bodies: tuple[BodyDiff, ...]
    kpis: tuple[KpiDiff, ...]
    methodology: tuple[RulesChange, ...]

    @property
    def renames(self) -> tuple[tuple[KpiDiff, KpiDiff], ...]:
        """Probable renames: a KPI removed and one added in the same body with the same name
        (spaces and case aside). The data of quarters are linked by id, so the new id scores 0
        in every quarter collected before — worth saying out loud."""

        def key(diff: KpiDiff) -> tuple[str, str, str]:
            return (diff.kpi.body, diff.kpi.direction, _name_key(diff.kpi.name))

        added = [k for k in self.kpis if k.status == "added"]
        removed = [k for k in self.kpis if k.status == "removed"]
        # one to one only: where several KPIs share a name, a pairing would be a guess
        return tuple(
            (old, new[0])
            for old in removed
            if sum(1 for other in removed if key(other) == key(old)) == 1
            and len(new := [k for k in added if key(k) == key(old)]) == 1
        )

    @property
    def empty(self) -> bool:
        return not (self.bodies or self.kpis or self.methodology)

    def count(self, status: str) -> int:
        return sum(1 for k in self.kpis if k.status == status)


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def kpi_fields(kpi: Kpi) -> dict[str, Value]:
    return {
        "name": kpi.name,
        "body": kpi.body,
        "direction": kpi.direction,
        "variant": kpi.variant,
        "unit": kpi.unit,
        "U": kpi.weight,
        "N": kpi.target,
    }


def kpi_changes(before: Kpi, after: Kpi) -> tuple[RulesChange, ...]:
    """The fields of one KPI that differ between two rules versions, in KPI_FIELDS order."""
    old, new = kpi_fields(before), kpi_fields(after)
    return tuple(RulesChange(name, old[name], new[name]) for name in KPI_FIELDS if old[name] != new[name])


def diff_rules(before: RulesVersion, after: RulesVersion) -> RulesDiff:
    """Compare two loaded rules versions: bodies, KPIs (matched by id) and methodology."""
    return RulesDiff(
        before.id,
        after.id,
        _body_diffs(before, after),
        _kpi_diffs(before, after),
        methodology_changes(before.methodology, after.methodology),
    )


def _body_diffs(before: RulesVersion, after: RulesVersion) -> tuple[BodyDiff, ...]:
    diffs = []
    for body in after.bodies:
        old = before.body(body.id)
        if old is None:
            diffs.append(BodyDiff(body.id, "added", None, body))
            continue
        changes = [
            RulesChange(f, getattr(old, f), getattr(body, f))
            for f in ("short", "name")
            if getattr(old, f) != getattr(body, f)
        ]
        old_directions = {d.id: d.name for d in old.directions}
        new_directions = {d.id: d.name for d in body.directions}
        for direction_id in [
            *new_directions,
            *(d for d in old_directions if d not in new_directions),
        ]:
            was, now = old_directions.get(direction_id), new_directions.get(direction_id)
            if was != now:
                changes.append(RulesChange(f"directions.{direction_id}", was, now))
        if changes:
            diffs.append(BodyDiff(body.id, "changed", old, body, tuple(changes)))
    diffs += [BodyDiff(b.id, "removed", b, None) for b in before.bodies if after.body(b.id) is None]
    return tuple(diffs)


def _kpi_diffs(before: RulesVersion, after: RulesVersion) -> tuple[KpiDiff, ...]:
    old_kpis = {k.id: k for b in before.bodies for k in b.kpis}
    new_kpis = {k.id: k for b in after.bodies for k in b.kpis}
    diffs = []
    # the newer version's order, each removed KPI right after the body it belonged to
    bodies = [*after.bodies, *(b for b in before.bodies if after.body(b.id) is None)]
    for body in bodies:
        for kpi in body.kpis if after.body(body.id) is body else ():
            old = old_kpis.get(kpi.id)
            if old is None:
                diffs.append(KpiDiff(kpi.id, body.short, "added", None, kpi))
            elif changes := kpi_changes(old, kpi):
                diffs.append(KpiDiff(kpi.id, body.short, "changed", old, kpi, changes))
        diffs += [
            KpiDiff(k.id, body.short, "removed", k, None)
            for k in old_kpis.values()
            if k.body == body.id and k.id not in new_kpis
        ]
    return tuple(diffs)


def methodology_fields(methodology: Methodology) -> dict[str, Value]:
    """methodology.yaml flattened to `path: value`, as far as it bears on the scores."""
    fields: dict[str, Value] = {
        "title": methodology.title,
        "year": str(methodology.year),
        "status": methodology.status,
        "order": ", ".join(methodology.order) if methodology.order else None,  # the report's order of bodies
    }
    for variant in methodology.variants.values():
        base = f"variants.{variant.id}"
        fields[f"{base}.title"] = variant.title
        fields[f"{base}.unit"] = variant.unit
        fields[f"{base}.share"] = variant.share.source if variant.share else None
        fields[f"{base}.assigned"] = variant.assigned.source
    fields.update(
        {
            "no_target.assigned": methodology.no_target_assigned,
            "no_data.assigned": methodology.no_data_assigned,
            "rounding.mode": methodology.rounding.mode,
            "rounding.places": str(methodology.rounding.places),
            "aggregation.direction": methodology.direction_total,
            "aggregation.body": methodology.body_total,
            "invariants.direction_weights_total": methodology.weights_total,
        }
    )
    return fields


def methodology_changes(before: Methodology, after: Methodology) -> tuple[RulesChange, ...]:
    """Formulas, rounding, aggregation, policies and invariants that differ. A variant that
    exists in one version only is one change (`variants.<id>`, its title on that side)."""
    old, new = methodology_fields(before), methodology_fields(after)
    changes = []
    gone = {v for v in before.variants if v not in after.variants}
    added = {v for v in after.variants if v not in before.variants}
    for path in [*new, *(p for p in old if p not in new)]:
        variant = path.split(".")[1] if path.startswith("variants.") else ""
        if variant in gone or variant in added:
            if path.endswith(".title"):
                changes.append(RulesChange(f"variants.{variant}", old.get(path), new.get(path)))
            continue
        if old.get(path) != new.get(path):
            changes.append(RulesChange(path, old.get(path), new.get(path)))
    old_invariants = [f.source for f in before.invariants]
    new_invariants = [f.source for f in after.invariants]
    changes += [RulesChange("invariants.kpi", s, None) for s in old_invariants if s not in new_invariants]
    changes += [RulesChange("invariants.kpi", None, s) for s in new_invariants if s not in old_invariants]
    return tuple(changes)
