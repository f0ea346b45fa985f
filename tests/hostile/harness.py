"""How a hostile case is set up, run and judged; the cases themselves are in cases.py.

A case is data: the files it plants in a copy of the minimal workspace (or the repository's),
the command line, the environment, how the output streams are wired, and what must come out:
the exit code and the exact lines on standard error (and, where it matters, standard output).
Every case is also judged on what must never happen, whatever the command: an internal error
(exit 70), a traceback, a file of the workspace changed, the content of a file outside the
workspace printed, a terminal escape, a bidi control or a lone surrogate in the output.

Cases run in-process through typer's CliRunner (fast), or as a real `python -m engine`
process when they need one (streams, locale, the current folder, bytes in the arguments).
`benchmarks/hostile.py` runs every case as a process and reports its CPU time and memory.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "tests" / "data" / "workspaces" / "minimal"
SECRET = "S3CR3T-MARKER-0451"  # in a file outside the workspace; must never be printed
EXPECTED = Path(__file__).resolve().parent / "expected"
FROM_FILE: tuple[str, ...] = ("<expected/NAME.txt>",)
Setup = Callable[[Path], None]


def expected_stderr(case: Case) -> tuple[str, ...] | None:
    if case.stderr is not FROM_FILE:
        return case.stderr
    path = EXPECTED / f"{case.name}.txt"
    return tuple(path.read_text(encoding="utf-8").splitlines()) if path.exists() else FROM_FILE


@dataclass(frozen=True)
class Case:
    name: str
    group: str
    argv: tuple[str, ...]
    exit: int
    # exact lines (on `channel`); FROM_FILE: those of expected/<name>.txt; None: not checked
    stderr: tuple[str, ...] | None = FROM_FILE
    stdout_has: tuple[str, ...] = ()  # pieces of text standard output must hold
    setup: tuple[Setup, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    stream: str = ""  # "", "broken-pipe", "full", "closed-stdout", "closed-stderr", "closed-both"
    process: bool = False  # must run as a real process
    workspace: str = "minimal"  # "minimal" or "repo" (rules/ and quarters/ of the repository)
    workspace_option: bool = True  # add `-w WORKSPACE` (cases about --workspace give their own)
    cwd: str = ""  # "" (the workspace), or "deleted": a folder removed before the command runs
    argv_bytes: tuple[bytes, ...] = ()  # extra raw arguments (not UTF-8), process cases only
    encoding: str = "utf-8"  # of the output (a Latin-1 terminal gets Latin-1)
    colour: bool = False  # colour asked for: SGR sequences (ESC [ … m) are then expected

    @property
    def channel(self) -> str:
        """Where the expected lines are printed: `rules validate` reports on standard output
        (its report is its result), every other command on standard error."""
        return "stdout" if self.argv[:2] == ("rules", "validate") else "stderr"


@dataclass
class Outcome:
    exit: int
    stdout: bytes
    stderr: bytes
    cpu: float  # seconds, user + system
    peak_mb: float  # peak resident memory of the process (process runs only)


# --- setups: what a case plants in its workspace ---


def write(path: str, text: str | bytes) -> Setup:
    """A file at `path` (a lone surrogate in it stands for a byte that is not UTF-8)."""

    def plant(ws: Path) -> None:
        target = Path(os.fsdecode(os.path.join(os.fsencode(ws), os.fsencode(path))))
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode() if isinstance(text, str) else text
        if target.is_symlink() or target.exists():
            target.unlink()
        target.write_bytes(data)

    return plant


def replace(path: str, old: str, new: str) -> Setup:
    """Change one exact piece of a workspace file (it must be there exactly once)."""

    def plant(ws: Path) -> None:
        target = ws / path
        text = target.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{path}: {old!r} found {text.count(old)} times"
        target.write_text(text.replace(old, new), encoding="utf-8")

    return plant


def append(path: str, text: str) -> Setup:
    def plant(ws: Path) -> None:
        with (ws / path).open("a", encoding="utf-8") as handle:
            handle.write(text)

    return plant


def remove(path: str) -> Setup:
    def plant(ws: Path) -> None:
        target = ws / path
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink()

    return plant


def folder(path: str) -> Setup:
    return lambda ws: (ws / path).mkdir(parents=True, exist_ok=True)


def hard_link(path: str) -> Setup:
    """A hard link at `path` to a file outside the workspace holding SECRET."""

    def plant(ws: Path) -> None:
        secret = ws.parent / "secret-hard.yaml"
        secret.write_text(f"id: {SECRET}\n", encoding="utf-8")
        target = ws / path
        if target.exists():
            target.unlink()
        os.link(secret, target)

    return plant


def fifo(path: str) -> Setup:
    return lambda ws: os.mkfifo(ws / path)


def link(path: str, target: str) -> Setup:
    """A symbolic link at `path`. `target`: a path as given, or "secret" for a file outside the
    workspace holding SECRET, or "self" for a link to itself."""

    def plant(ws: Path) -> None:
        where = ws / path
        if where.is_symlink() or where.exists():
            where.unlink() if not where.is_dir() or where.is_symlink() else shutil.rmtree(where)
        if target == "secret":
            secret = ws.parent / "secret.yaml"
            secret.write_text(f"id: {SECRET}\npassword: {SECRET}\n", encoding="utf-8")
            where.symlink_to(secret)
        elif target == "secret-folder":
            outside = ws.parent / "outside"
            outside.mkdir()
            (outside / "quarter.yaml").write_text(f"period: {SECRET}\n", encoding="utf-8")
            where.symlink_to(outside)
        elif target == "self":
            where.symlink_to(where)
        else:
            where.symlink_to(target)

    return plant


# --- running ---


def make_workspace(case: Case, parent: Path) -> Path:
    ws = parent / "ws"
    if case.workspace == "repo":
        ws.mkdir()
        for part in ("rules", "quarters"):
            shutil.copytree(REPO / part, ws / part, ignore=shutil.ignore_patterns("source-report.txt"))
    else:
        shutil.copytree(MINIMAL, ws)
    for plant in case.setup:
        plant(ws)
    return ws


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under root, links not followed: kind, size and content digest. Reads only
    regular files (a FIFO or a link to a device is noted, never opened)."""
    entries: dict[str, tuple[object, ...]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            if path.relative_to(root).as_posix() in (".kpi", ".kpi/lock.db"):
                continue  # the workspace's lock (engine.lock): made by the first command, never data
            info = path.lstat()
            digest = ""
            if path.is_file() and not path.is_symlink():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            target = os.readlink(path) if path.is_symlink() else ""
            entries[str(path.relative_to(root))] = (info.st_mode, info.st_size, digest, target)
    return entries


def arguments(case: Case, ws: Path) -> list[str]:
    return [*case.argv, *(["-w", str(ws)] if case.workspace_option else [])]


def run_in_process(case: Case, ws: Path) -> Outcome:
    from typer.testing import CliRunner

    from engine.cli.app import app

    env = {"KPI_LANG": "ru", "COLUMNS": "120", "NO_COLOR": "1", **case.env}
    started = time.process_time()
    result = CliRunner().invoke(app, arguments(case, ws), env=env)
    cpu = time.process_time() - started
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # an exception that escaped the CLI is a failure of the case
    return Outcome(result.exit_code, result.stdout_bytes, result.stderr_bytes or b"", cpu, 0.0)


def process_env(case: Case) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KPI_", "LC_", "PYTHONIOENCODING"))}
    env.update({"KPI_LANG": "ru", "COLUMNS": "120", "NO_COLOR": "1", "PYTHONPATH": str(REPO)})
    env.update(case.env)
    for key in [k for k, v in env.items() if v == "<unset>"]:
        del env[key]
    return env


def run_process(case: Case, ws: Path, timeout: float = 60.0) -> Outcome:
    """`python -m engine ARGV` with the case's streams; CPU and peak memory from wait4."""
    argv: list[str | bytes] = [sys.executable, "-m", "engine", *arguments(case, ws), *case.argv_bytes]
    cwd = ws
    if case.cwd == "deleted":
        cwd = ws.parent / "gone"
        cwd.mkdir()
    closing = {"closed-stdout": (1,), "closed-stderr": (2,), "closed-both": (1, 2)}.get(case.stream, ())

    def prepare() -> None:
        if case.cwd == "deleted":
            os.rmdir(cwd)
        for number in closing:
            os.close(number)

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdout: object = out
        if case.stream == "full":
            stdout = open("/dev/full", "wb")  # noqa: SIM115 - closed below, after the child ends
        elif case.stream == "broken-pipe":
            stdout = subprocess.PIPE
        child = subprocess.Popen(argv, stdout=stdout, stderr=err, cwd=cwd, env=process_env(case), preexec_fn=prepare)
        if case.stream == "broken-pipe":
            assert child.stdout is not None
            child.stdout.close()  # the reader has gone before the first write
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                _, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.01)
        child.returncode = os.waitstatus_to_exitcode(status)
        if case.stream == "full":
            stdout.close()  # type: ignore[attr-defined]
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
        return Outcome(child.returncode, out.read(), err.read(), cpu, peak)


_ESCAPES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")
_SGR = re.compile("\x1b\\[[0-9;]*m")
_INTERNAL = ("Traceback", "внутренняя ошибка", "internal error", "Exception ignored")


def problems_with(
    case: Case, outcome: Outcome, before: dict[str, tuple[object, ...]], after: dict[str, tuple[object, ...]]
) -> list[str]:
    """Everything wrong with an outcome: the case's own expectations, then what must never happen."""
    found = []
    out = outcome.stdout.decode(case.encoding, "surrogateescape")
    err = outcome.stderr.decode(case.encoding, "surrogateescape")
    if case.colour:
        out, err = _SGR.sub("", out), _SGR.sub("", err)
    if outcome.exit != case.exit:
        found.append(f"exit {outcome.exit}, expected {case.exit}")
    wanted = expected_stderr(case)
    said = out if case.channel == "stdout" else err
    if wanted is FROM_FILE:
        found.append(f"no expected/{case.name}.txt")
    elif wanted is not None and said.splitlines() != list(wanted):
        found.append(f"{case.channel} lines:\n{said.splitlines()!r}\nexpected:\n{list(wanted)!r}")
    for piece in case.stdout_has:
        if piece not in out:
            found.append(f"stdout lacks {piece!r}")
    for name, text in (("stdout", out), ("stderr", err)):
        if any(marker in text for marker in _INTERNAL):
            found.append(f"{name}: an internal error or traceback")
        if SECRET in text:
            found.append(f"{name}: the content of a file outside the workspace")
        escape = _ESCAPES.search(text)
        if escape:
            found.append(f"{name}: an invisible or control character U+{ord(escape.group()):04X}")
    if outcome.exit == 70:
        found.append("exit 70: an internal error")
    if before != after:
        changed = sorted(set(before.items()) ^ set(after.items()))
        found.append(f"the workspace changed: {changed[:4]}")
    return found


def run_case(case: Case, parent: Path, as_process: bool = False) -> tuple[Outcome, list[str]]:
    """Set up, run and judge one case in a fresh workspace under `parent`."""
    ws = make_workspace(case, parent)
    before = snapshot(ws)
    outcome = run_process(case, ws) if (as_process or case.process) else run_in_process(case, ws)
    return outcome, problems_with(case, outcome, before, snapshot(ws))
