"""The staff guide (docs/guide.md) cannot rot: its commands run, in order, in a scratch workspace.

How docs/guide.md is read (the conventions are for this test; a reader sees ordinary Markdown):

- ```sh — Linux commands, one per line, run in order by bash in a temporary copy of the
  repository's rules/ and quarters/, with this venv's bin first on PATH (so `kpi` is the
  installed command, as staff run it). Each must exit 0; ```sh exit=N — each must exit N.
- ```text right after a ```sh block — what that block prints (standard output and error
  together, as a terminal shows them; 100 columns, no colour, Russian). It must equal the output
  line for line (trailing spaces ignored), except that a line holding only `…` stands for any
  number of lines.
- ```sh install (Linux) and ```bat (Windows) — installation, not run: each Windows block must
  be its Linux twin with Windows spelling (`py` for `python3`, `.venv\\Scripts\\` for
  `.venv/bin/`), and `.venv/bin/kpi --version` is run against this venv.
- ```yaml right after an edit marker — must appear verbatim in the edited file.
- Hidden markers, `<!-- test: ... -->`, stand for what a person does between commands:
  `fill-forms SRC DST QUARTER` — the bodies fill the forms of folder SRC and send them back
  into DST: every a and b of QUARTER is copied into them, and each whole-number a of a share
  moves a tenth of the way to its b (a count grows by a tenth), so that the new quarter differs
  from QUARTER; `edit FILE [after `ANCHOR`] replace `OLD` with `NEW`` — a text editor changes
  the first OLD after ANCHOR; `try ...` — the same edit for the next block only (a deliberate
  mistake, undone afterwards); `try FILE cell SHEET!CELL = `VALUE`` — a cell of a form typed
  wrong for the next block only; `outside` — the next block runs in a folder without rules/ and
  quarters/ (its path is shown as `<текущая папка>`).

Every `kpi …` in inline code of the guide, README.md and docs/editor.md must name a command
that exists, with options it has; README.md's ```sh blocks run too.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import REPO, run_cli

GUIDE = REPO / "docs" / "guide.md"
BIN = Path(sys.executable).parent  # the venv that runs the tests: its `kpi` is the one staff installed
ELLIPSIS = "…"
OUTSIDE = "<текущая папка>"

FENCE = re.compile(r"^```(.*)$")
MARKER = re.compile(r"^<!-- test: (.*) -->$")
EDIT = re.compile(r"^(edit|try) (\S+)(?: after `([^`]*)`)? replace `([^`]*)` with `([^`]*)`$")
CELL = re.compile(r"^try (\S+) cell ([^!\s]+)!([A-Z]+[0-9]+) = `([^`]*)`$")
FILL = re.compile(r"^fill-forms (\S+) (\S+) (\S+)$")
COMMAND = re.compile(r"^(?:[A-Z_]+=\S+ )*kpi(?: |$)")
KNOWN_INFO = re.compile(r"^(sh|sh exit=[0-9]+|sh install|text|bat|yaml|bash)$")  # bash: a line for ~/.bashrc, not run


@dataclass
class Block:
    info: str
    lines: list[str]
    line: int  # where the block starts in the file, for messages


@dataclass
class Marker:
    text: str
    line: int


def parse(path: Path) -> list[Block | Marker]:
    """The fenced blocks and test markers of a Markdown file, in order."""
    items: list[Block | Marker] = []
    block: Block | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fence = FENCE.match(line)
        if block is not None:
            if line == "```":
                items.append(block)
                block = None
            else:
                block.lines.append(line)
        elif fence:
            block = Block(fence.group(1).strip(), [], number)
        elif marker := MARKER.match(line.strip()):
            items.append(Marker(marker.group(1), number))
    assert block is None, f"{path.name}:{block.line}: a code block is not closed"
    return items


def commands(block: Block) -> list[str]:
    return [line for line in block.lines if line.strip() and not line.lstrip().startswith("#")]


def environment() -> dict[str, str]:
    drop = ("KPI_", "FORCE_COLOR", "PYTHONIOENCODING", "PYTHONUTF8", "LC_", "LANGUAGE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        COLUMNS="100",
        NO_COLOR="1",
        LC_ALL="C.UTF-8",
        LANG="C.UTF-8",
        PYTHONUNBUFFERED="1",  # standard output and error in the order a terminal shows them
        KPI_STRICT_MESSAGES="1",  # a message code missing from the catalogues fails
    )
    return env


def run(line: str, cwd: Path, columns: int = 100) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", line],
        cwd=cwd,
        env=environment() | {"COLUMNS": str(columns)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def matches(expected: list[str], actual: list[str]) -> bool:
    """`actual` equals `expected`, a line holding only `…` standing for any number of lines."""
    segments: list[list[str]] = [[]]
    for line in expected:
        if line.strip() == ELLIPSIS:
            segments.append([])
        else:
            segments[-1].append(line)
    if len(segments) == 1:
        return expected == actual
    first, *middle, last = segments
    if actual[: len(first)] != first or (last and actual[len(actual) - len(last) :] != last):
        return False
    position, end = len(first), len(actual) - len(last)
    for segment in middle:
        if not segment:
            continue
        found = next(
            (i for i in range(position, end - len(segment) + 1) if actual[i : i + len(segment)] == segment), None
        )
        if found is None:
            return False
        position = found + len(segment)
    return position <= end


def lines_of(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def workbook(path: Path) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_workbook(path)


def form_rows(book: Any) -> Iterator[tuple[str, Any, Any]]:
    """(KPI id, a cell, b cell) of every KPI row of a form."""
    sheet = book.worksheets[0]
    for row in range(1, sheet.max_row + 1):
        kpi = sheet.cell(row, 2).value
        if isinstance(kpi, str) and re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", kpi):
            yield kpi, sheet.cell(row, 7), sheet.cell(row, 8)


def fill_forms(ws: Path, source: str, target: str, quarter: str, scratch: Path) -> None:
    """What the bodies do with the forms: fill a and b (here: `quarter`'s values, moved a little)."""
    values_from = scratch / f"forms-{quarter}"
    made = run(f"kpi quarter forms {quarter} -o {shlex.quote(str(values_from))}", ws)
    assert made.returncode == 0, made.stdout
    values = {}
    for path in values_from.glob("*.xlsx"):
        for kpi, a, b in form_rows(workbook(path)):
            values[kpi] = (a.value, b.value)
    (ws / target).mkdir()
    forms = sorted((ws / source).glob("*.xlsx"))
    assert forms, f"no forms in {source}"
    for path in forms:
        book = workbook(path)
        for kpi, a, b in form_rows(book):
            new_a, new_b = values[kpi]
            if type(new_a) is int:
                if type(new_b) is int and new_a < new_b:
                    new_a += (new_b - new_a) // 10
                elif new_b in (None, "-"):
                    new_a += new_a // 10
            a.value = new_a
            if new_b is not None:
                b.value = new_b
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book.save(ws / target / path.name)


def edit_file(path: Path, anchor: str | None, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    start = 0
    if anchor is not None:
        start = text.find(anchor)
        assert start >= 0, f"{anchor!r} is not in {path}"
    at = text.find(old, start)
    assert at >= 0, f"{old!r} is not in {path} after {anchor!r}"
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


def run_block(block: Block, cwd: Path, shown_as: dict[str, str]) -> list[str]:
    """Run every command of a ```sh block; return what they printed, lines as a terminal shows."""
    wanted = int(block.info.split("exit=")[1]) if "exit=" in block.info else 0
    output: list[str] = []
    for line in commands(block):
        assert COMMAND.match(line), f"guide.md:{block.line}: not a kpi command: {line}"
        done = run(line, cwd)
        text = done.stdout
        for real, shown in shown_as.items():
            text = text.replace(real, shown)
        assert done.returncode == wanted, (
            f"guide.md:{block.line}: `{line}` exited {done.returncode}, the guide says {wanted}:\n{text}"
        )
        output += lines_of(text)
    return output


def test_the_guide_runs_as_written(tmp_path: Path) -> None:
    ws = tmp_path / "work"
    ws.mkdir()
    for part in ("rules", "quarters"):  # the example history too: the guide replaces 2024Q2 as staff do
        shutil.copytree(REPO / part, ws / part)
    assert (BIN / "kpi").exists(), f"no kpi in {BIN}: install the package into the venv that runs pytest"

    items = parse(GUIDE)
    pending: list[tuple[Path, bytes]] = []  # files a `try` marker changed, restored after the next block
    outside = False
    last_output: list[str] | None = None
    last_edit: Path | None = None
    ran = 0
    for item in items:
        if isinstance(item, Marker):
            last_output, last_edit = None, None
            if fill := FILL.match(item.text):
                fill_forms(ws, *fill.groups(), scratch=tmp_path)
            elif edit := EDIT.match(item.text):
                verb, name, anchor, old, new = edit.groups()
                path = ws / name
                if verb == "try":
                    pending.append((path, path.read_bytes()))
                edit_file(path, anchor, old, new)
                last_edit = path
            elif cell := CELL.match(item.text):
                name, sheet, address, value = cell.groups()
                path = ws / name
                pending.append((path, path.read_bytes()))
                book = workbook(path)
                book[sheet][address] = value
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    book.save(path)
            elif item.text == "outside":
                outside = True
            else:
                pytest.fail(f"guide.md:{item.line}: unknown test marker: {item.text}")
            continue

        block = item
        assert KNOWN_INFO.match(block.info), f"guide.md:{block.line}: unknown code block kind ```{block.info}"
        if block.info == "sh" or block.info.startswith("sh exit="):
            if outside:
                elsewhere = tmp_path / "elsewhere"
                elsewhere.mkdir(exist_ok=True)
                last_output = run_block(block, elsewhere, {str(elsewhere.resolve()): OUTSIDE, str(elsewhere): OUTSIDE})
                outside = False
            else:
                last_output = run_block(block, ws, {})
            ran += len(commands(block))
            for path, content in pending:
                path.write_bytes(content)
            pending = []
            last_edit = None
            continue
        if block.info == "text" and last_output is not None:
            assert matches(lines_of("\n".join(block.lines)), last_output), (
                f"guide.md:{block.line}: the output shown differs from what the command prints:\n"
                + "\n".join(last_output)
            )
        elif block.info == "yaml" and last_edit is not None:
            assert "\n".join(block.lines) in last_edit.read_text(encoding="utf-8"), (
                f"guide.md:{block.line}: the YAML shown is not what the edit made of {last_edit.name}"
            )
        last_output, last_edit = None, None
    assert not pending and not outside, "a marker at the end of the guide acts on no block"
    assert ran >= 25, f"only {ran} commands ran: did the guide lose its ```sh blocks?"


def windows_twin(line: str) -> str:
    """A Windows command in Linux spelling."""
    line = re.sub(r"^py ", "python3 ", line)
    return line.replace(".venv\\Scripts\\", ".venv/bin/").replace("\\", "/")


def test_installation_is_the_same_on_linux_and_windows() -> None:
    blocks = [item for item in parse(GUIDE) if isinstance(item, Block)]
    linux = [commands(b) for b in blocks if b.info == "sh install"]
    windows = [commands(b) for b in blocks if b.info == "bat"]
    assert linux and len(linux) == len(windows)
    assert linux[0] == ["python3 -m venv .venv", ".venv/bin/pip install .", ".venv/bin/kpi --version"]
    for linux_block, windows_block in zip(linux, windows, strict=True):
        # activating: `. .venv/bin/activate` (bash reads the script) is `.venv\Scripts\activate` (cmd runs it)
        assert [line.removeprefix(". ") for line in linux_block] == [windows_twin(w) for w in windows_block]
    version = subprocess.run(
        [str(BIN / "kpi"), "--version"], capture_output=True, text=True, encoding="utf-8", check=True
    )
    assert re.fullmatch(r"kpi \S+\n", version.stdout)
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'kpi = "engine.cli:main"' in pyproject  # what `pip install .` makes the `kpi` command


def inline_commands(path: Path) -> list[str]:
    """`kpi …` in inline code and in code blocks of a Markdown file (output blocks excluded)."""
    found = []
    for item in parse(path):
        if isinstance(item, Block) and item.info.split(" ")[0] in ("sh", "bat"):
            found += [line.split(" #")[0].strip() for line in commands(item) if COMMAND.match(line.strip())]
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    found += [span.strip() for span in re.findall(r"`(kpi [^`]*)`", text)]
    return found


GLOBAL_WITH_VALUE = {"--lang", "--workspace", "-w"}
GROUPS = ("rules", "quarter")


def command_and_options(command: str) -> tuple[list[str], list[str]]:
    """`kpi quarter import 2024Q2 ответы --dry-run` → (["quarter", "import"], ["--dry-run"]);
    a pipe or redirection ends the command, [optional] brackets are read as their content."""
    command = re.split(r"\s(?:\||>|&&|;)\s?", command.replace("\\|", "/"))[0]
    command = re.sub(r"^(?:[A-Z_]+=\S+ )+", "", command).replace("[", " ").replace("]", " ")
    words = shlex.split(command)[1:]
    options: list[str] = []
    at = 0
    while at < len(words) and words[at].startswith("-"):  # options before the command
        options.append(words[at])
        at += 2 if words[at] in GLOBAL_WITH_VALUE else 1
    path = words[at : at + 1]
    if path and path[0] in GROUPS and at + 1 < len(words) and not words[at + 1].startswith("-"):
        path.append(words[at + 1])
    options += [word.split("=")[0] for word in words[at + len(path) :] if word.startswith("-")]
    return path, options


@pytest.mark.parametrize("name", ["docs/guide.md", "README.md", "docs/editor.md"])
def test_every_kpi_command_in_the_docs_exists(name: str) -> None:
    """Each `kpi …` written in the docs names a real command, and each option it uses is one
    that command (or kpi itself, before the command) has: its --help lists it."""
    helps: dict[tuple[str, ...], str] = {}

    def help_of(*path: str) -> str:
        if path not in helps:
            result = run_cli(*path, "--help", columns=200)
            assert result.exit_code == 0, f"{name}: `kpi {' '.join(path)}` is not a command"
            helps[path] = result.output
        return helps[path]

    found = inline_commands(REPO / name)
    assert found, f"{name}: no kpi command found"
    for command in found:
        path, options = command_and_options(command)
        text = help_of(*path) + help_of()
        for option in options:
            assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text), (
                f"{name}: `{command}`: `kpi {' '.join(path)}` has no option {option}"
            )


def test_the_readme_examples_run(tmp_path: Path) -> None:
    """Every `kpi` line of README.md's ```sh blocks runs in a copy of the repository's workspace,
    and a block that starts with `$ kpi …` shows what that command prints (at 200 columns)."""
    for part in ("rules", "quarters"):
        shutil.copytree(REPO / part, tmp_path / part)
    blocks = [item for item in parse(REPO / "README.md") if isinstance(item, Block)]
    lines = [line for block in blocks if block.info == "sh" for line in commands(block) if COMMAND.match(line)]
    shown = [block for block in blocks if block.info == "" and block.lines and block.lines[0].startswith("$ kpi ")]
    assert lines and shown
    # the examples are independent (each writes its own file): run them side by side
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda line: run(line, tmp_path), lines))
        printed = list(pool.map(lambda block: run(block.lines[0].removeprefix("$ "), tmp_path, columns=200), shown))
    for line, done in zip(lines, results, strict=True):
        assert done.returncode == 0, f"README.md: `{line}` exited {done.returncode}:\n{done.stdout}"
    for block, done in zip(shown, printed, strict=True):
        assert done.returncode == 0 and matches(lines_of("\n".join(block.lines[1:])), lines_of(done.stdout)), (
            f"README.md:{block.line}: `{block.lines[0]}` prints:\n{done.stdout}"
        )
