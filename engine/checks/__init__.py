"""Validity in one place: every check of rules, of quarter data and of publication, in
registries by stage (as yamllint has rules).

A check is a named function with the problem codes it can give and a severity; a stage is the
tuple of checks run on one subject, by `run_checks(stage, subject)`:

- engine.checks.portability: PORTABILITY (a version's or a quarter's folder: names Windows
  cannot check out), run by engine.rules and engine.quarterheader;
- engine.checks.methodology: METHODOLOGY (methodology.yaml's own checks, as engine.methodology
  reads it), EXAMPLES (its worked examples computed, by engine.rules);
- engine.checks.rules: RULES_BODY, RULES_KPI, RULES_DIRECTION, RULES_VERSION (load_rules: every
  rules version as it is read), RULES_NAMES (Kazakh names), RULES_PROTECTION (a version an
  official quarter was scored with, against that quarter's seal);
- engine.checks.header: QUARTER_HEADER (quarter.yaml, as engine.quarterheader reads it);
- engine.plausibility: PLAUSIBILITY (warnings on data that score);
- engine.checks.quarter: QUARTER_FILES, QUARTER_BODIES, PUBLISHED, QUARTER_VALUES
  (engine.quarter: a quarter's body files and published.yaml against its rules, each KPI's a
  and b as read), SEAL (an official quarter against its seal; any quarter's rules against the
  seals of the official quarters scored with them), `seal_check` for a command;
- engine.checks.publication: PUBLICATION (what `kpi quarter publish` requires; what it refuses
  as a usage error is said in engine.collect.publish).

Which command runs which stage is said in the README («Validity: the checks and who runs them»). What a command shares
between its checks (where warnings go, whether a broken seal refuses a document, what was said
already) is a `CommandChecks` the command makes and passes down: no module keeps state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from engine.problems import Problem

ERROR, WARNING = "error", "warning"
S = TypeVar("S")
Sink = Callable[[Sequence[Problem]], None]


@dataclass(frozen=True)
class Check(Generic[S]):
    """One check: `run(subject)` gives its problems, of the codes listed."""

    name: str
    codes: tuple[str, ...]
    # the severity its problems have unless the command decides (each Problem carries its own,
    # and that one counts): ERROR stops the command (exit 1), WARNING is said and stops only
    # --strict. Decided by the command: SEAL's own_seal (an error in validate and in a document,
    # a warning elsewhere) and RULES_NAMES' kazakh_names (an error under --strict)
    severity: str
    run: Callable[[S], list[Problem]]


@dataclass(frozen=True)
class Stage(Generic[S]):
    """The checks run on one kind of subject, in order."""

    name: str
    checks: tuple[Check[S], ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for check in self.checks for code in check.codes)


def run_checks(stage: Stage[S], subject: S) -> list[Problem]:
    """Every problem the stage's checks find in `subject`, in the order of the checks."""
    return [problem for check in stage.checks for problem in check.run(subject)]


@dataclass
class CommandChecks:
    """One command's checks of what it reads: where its warnings go (`sink`; None says
    nothing), whether a broken seal refuses it (a command that makes a document), and what was
    said already (each quarter's seal, each rules version's protection, once per command).

    A command that makes a document holds its warnings until it ends (`release`): when it is
    refused, the refusal names the same files, and they are not said twice."""

    sink: Sink | None = None
    refuse: bool = False
    said: set[str] = field(default_factory=set)
    shown: set[Problem] = field(default_factory=set)
    held: list[Problem] = field(default_factory=list)

    def refuse_broken(self) -> None:
        """This command makes a document: a broken seal refuses it."""
        self.refuse = True

    def first_time(self, key: str) -> bool:
        """Whether something keyed `key` is to be said now: not said yet in this command, and
        there is somewhere to say it (marked said from now on)."""
        if key in self.said or self.sink is None:
            return False
        self.said.add(key)
        return True

    def say(self, problems: Sequence[Problem]) -> None:
        """`problems` to the sink, but those said already in this command (an official
        quarter's changed rules file, then the same file read for another quarter)."""
        fresh = [problem for problem in problems if problem not in self.shown]
        self.shown.update(fresh)
        if self.refuse:
            self.held += fresh
        elif fresh and self.sink is not None:
            self.sink(fresh)

    def release(self, refused: Sequence[Problem] = ()) -> None:
        """The warnings held until the command's end, said now; `refused`: the problems the
        command ends with, whose refused quarters' files are not said twice."""
        quarters = {problem.args.get("quarter") for problem in refused if problem.code == "seal-refused"}
        held, self.held = [p for p in self.held if p.args.get("quarter") not in quarters], []
        if held and self.sink is not None:
            self.sink(held)
