"""Windows: names a Windows checkout can hold, the engine importable and working without the
POSIX-only APIs, and output readable in a legacy console.

`make test` runs this file twice: as part of the whole suite, and under the test mode that
hides what Windows' CPython lacks (`pytest -p tests.windows_like`, see tests/windows_like).
"""

from __future__ import annotations

import os
import pkgutil
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

import engine
from engine.portable import DEVICES, device_name, folder_problems, name_problem
from tests.conftest import REPO, tree_digest

WINDOWS_LIKE = os.environ.get("KPI_TEST_WINDOWS_LIKE") == "1"
HIDE = REPO / "tests" / "windows_like"
KPI = Path(sys.executable).parent / "kpi"

Cli = Callable[..., Result]

# --- names -----------------------------------------------------------------------------------

# Every device name Windows reserves, as Microsoft's "Naming Files, Paths, and Namespaces" lists them.
RESERVED = ["CON", "PRN", "AUX", "NUL"] + [f"{p}{d}" for p in ("COM", "LPT") for d in "123456789¹²³"]


@pytest.mark.parametrize("device", RESERVED)
@pytest.mark.parametrize("form", ["{}", "{}.yaml", "{}.tar.gz", "{} .yaml"], ids=["bare", "ext", "two-ext", "space"])
def test_every_device_name_in_every_case_is_refused(device: str, form: str) -> None:
    for spelled in (device, device.lower(), device.capitalize()):
        name = form.format(spelled)
        found = name_problem(name)
        assert found is not None and found[0] == "portable-device-name", name
        assert name_problem(found[1]["instead"]) is None  # what it suggests can be used


def test_the_device_list_is_exactly_windows_list() -> None:
    assert set(RESERVED) == DEVICES
    assert len(DEVICES) == 4 + 2 * 12


@pytest.mark.parametrize(
    "name",
    ["mvd.yaml", "2024-draft", "2024Q1", "console.yaml", "auxiliary", "com10.yaml", "lpt0", "nul-1", "con-1.yaml",
     "МВД.xlsx", "a.b.c", ".gitignore"],
)  # fmt: skip
def test_portable_names_pass(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize("name", ["notes.", "notes ", "2024-draft.", "a. "])
def test_a_trailing_dot_or_space_is_refused(name: str) -> None:
    found = name_problem(name)
    assert found is not None and found[0] == "portable-trailing"
    assert name_problem(found[1]["instead"]) is None


@pytest.mark.parametrize("char", list('<>:"|?*\\') + ["\x01", "\n", "\x1f"])
def test_every_character_windows_refuses(char: str) -> None:
    found = name_problem(f"a{char}b.yaml")
    assert found is not None and found[0] == "portable-character"
    assert found[1]["instead"] == "a-b.yaml"
    assert found[1]["char"] == (char if ord(char) >= 32 else f"U+{ord(char):04X}")


def test_device_name_is_the_part_before_the_first_dot() -> None:
    assert device_name("aux.yaml") and device_name("Aux.Tar.Gz") and device_name("con ")
    assert not device_name("auxx.yaml") and not device_name("my.aux") and not device_name("com0")


def test_names_equal_but_for_case_are_reported_once_each(tmp_path: Path) -> None:
    for name in ("mvd.yaml", "MVD.yaml", "Mvd.yaml", "mju.yaml"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = sorted((p.where.file, p.code, p.args["other"]) for p in folder_problems(tmp_path, "rules/t"))
    assert found == [
        ("rules/t/Mvd.yaml", "portable-case-clash", "MVD.yaml"),
        ("rules/t/mvd.yaml", "portable-case-clash", "MVD.yaml"),
    ]


def test_every_file_of_this_repository_can_be_checked_out_on_windows() -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    paths = [p for p in listed.decode("utf-8").split("\0") if p]
    assert len(paths) > 100
    bad = [(path, part) for path in paths for part in path.split("/") if name_problem(part) is not None]
    assert bad == []
    seen: dict[str, str] = {}
    clashes = [(path, seen[path.casefold()]) for path in paths if seen.setdefault(path.casefold(), path) != path]
    assert clashes == []


# --- the commands refuse them, each at its place ---------------------------------------------------


def test_rules_validate_refuses_a_device_file_and_a_case_clash(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    rules = ws / "rules" / "2024-draft"
    shutil.copy(rules / "mvd.yaml", rules / "aux.yaml")
    shutil.copy(rules / "mju.yaml", rules / "MJU.yaml")
    (rules / "notes. ").write_text("x", encoding="utf-8")
    before = tree_digest(ws)
    result = cli("--workspace", str(ws), "rules", "validate", "2024-draft")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        "rules/2024-draft/aux.yaml:1:1: «aux.yaml» — в Windows имя устройства (CON, PRN, AUX, NUL, COM1–COM9, "
        "LPT1–LPT9, с расширением или без): там такой файл не создать и не получить из git; назовите иначе, "
        "например «aux-1.yaml»"
    ) in lines
    assert (
        "rules/2024-draft/mju.yaml:1:1: «mju.yaml» и «MJU.yaml» отличаются только регистром букв: в Windows это "
        "одно имя; переименуйте или уберите одно из них"
    ) in lines
    assert (
        "rules/2024-draft/notes. :1:1: «notes. » оканчивается точкой или пробелом, которые Windows отбрасывает: "
        "там это другое имя; назовите иначе, например «notes»"
    ) in lines
    assert sum("aux.yaml" in line for line in lines) == 1  # the reader and the folder say it once
    assert tree_digest(ws) == before


def test_a_device_body_id_is_refused_at_the_id(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    rules = ws / "rules" / "2024-draft"
    text = (rules / "mvd.yaml").read_text(encoding="utf-8")
    (rules / "mvd.yaml").write_text(text.replace("id: mvd\n", "id: nul\n", 1), encoding="utf-8")
    result = cli("--workspace", str(ws), "rules", "validate", "2024-draft")
    assert result.exit_code == 1
    assert any(
        line.startswith("rules/2024-draft/mvd.yaml:")
        and line.endswith("id «nul» — в Windows имя устройства: файла nul.yaml там быть не может; "
                          "выберите другой id, например nul-1")
        for line in result.stdout.splitlines()
    ), result.stdout  # fmt: skip


@pytest.mark.parametrize(
    ("version", "said"),
    [
        ("con", "«con» — в Windows имя устройства"),
        ("LPT1", "«LPT1» — в Windows имя устройства"),
        ("aux.2025", "«aux.2025» — в Windows имя устройства"),
        ("2025-draft.", "«2025-draft.» не годится как имя версии"),  # the name's own rule says it first
        ("2024-Draft", "«2024-Draft» и «2024-draft» отличаются только регистром букв"),
    ],
)
def test_rules_new_refuses_a_name_windows_cannot_hold(
    cli: Cli, scratch: Callable[[str], Path], version: str, said: str
) -> None:
    ws = scratch("repo")
    before = tree_digest(ws)
    result = cli("--workspace", str(ws), "rules", "new", version, "--from", "2023", "--year", "2025")
    assert result.exit_code == 2, result.output
    assert result.output.startswith(said)
    assert tree_digest(ws) == before and sorted(p.name for p in (ws / "rules").iterdir()) == ["2023", "2024-draft"]


def test_quarter_new_refuses_rules_windows_cannot_check_out(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    shutil.copy(ws / "rules" / "2024-draft" / "mvd.yaml", ws / "rules" / "2024-draft" / "Mvd.yaml")
    result = cli("--workspace", str(ws), "quarter", "new", "2024Q3", "--rules", "2024-draft")
    assert result.exit_code == 1, result.output
    assert "отличаются только регистром букв" in result.output
    assert not (ws / "quarters" / "2024Q3").exists()


def test_a_quarter_folder_windows_cannot_hold_stops_its_import(cli: Cli, scratch: Callable[[str], Path]) -> None:
    ws = scratch("repo")
    out = ws.parent / "forms"
    assert cli("--workspace", str(ws), "quarter", "forms", "2023Q4", "-o", str(out)).exit_code == 0
    shutil.copy(ws / "quarters" / "2023Q4" / "mvd.yaml", ws / "quarters" / "2023Q4" / "MVD.yaml")
    before = tree_digest(ws)
    result = cli("--workspace", str(ws), "quarter", "import", "2023Q4", str(out), "--force")
    assert result.exit_code == 1, result.output
    assert "quarters/2023Q4/mvd.yaml:1:1: «mvd.yaml» и «MVD.yaml» отличаются только регистром букв" in result.output
    assert tree_digest(ws) == before


def test_a_form_named_after_a_device_is_refused_before_it_is_opened(cli: Cli, tmp_path: Path) -> None:
    form = tmp_path / "con.xlsx"
    form.write_bytes(b"PK")
    result = cli("--workspace", str(REPO), "quarter", "import", "2024Q1", str(form), "--dry-run")
    assert result.exit_code == 1, result.output
    assert "«con.xlsx» — в Windows имя устройства" in result.output


# --- without the POSIX-only APIs ----------------------------------------------------------------


def _hidden_env() -> dict[str, str]:
    path = os.pathsep.join([str(HIDE), *filter(None, [os.environ.get("PYTHONPATH")])])
    return {**os.environ, "PYTHONPATH": path, "LC_ALL": "C.UTF-8", "COLUMNS": "100", "NO_COLOR": "1"}


def test_every_engine_module_imports_without_posix_apis() -> None:
    modules = pkgutil.walk_packages(engine.__path__, "engine.")
    names = [m.name for m in modules if not m.name.endswith(("schemacode.generate", "__main__"))]
    code = (
        "import importlib, os, sys\n"
        "assert not hasattr(os, 'fork') and not hasattr(os, 'O_NONBLOCK'), 'the test mode is not on'\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "print(len(sys.argv) - 1)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *names], env=_hidden_env(), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == len(names) > 80


def test_a_reader_that_goes_away() -> None:
    """`kpi explain … | head -1`: quiet, 141, where SIGPIPE exists (Linux, macOS); where it does
    not (Windows), an ordinary write error: one line on standard error and exit 74."""
    env = _hidden_env() if WINDOWS_LIKE else {**os.environ, "LC_ALL": "C.UTF-8"}
    argv = [sys.executable, "-m", "engine", "-w", str(REPO), "explain", "2024Q1", "МВД"]
    with subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()  # the reader goes away before kpi has written anything
        stderr = child.stderr.read().decode("utf-8")
        code = child.wait(timeout=120)
    if hasattr(signal, "SIGPIPE"):
        assert (code, stderr) == (141, "")
    else:
        assert code == 74
        assert len(stderr.splitlines()) == 1 and "Traceback" not in stderr, stderr


# --- a legacy console ----------------------------------------------------------------------------


ARGVS = [["score", "2024Q1"], ["explain", "2024Q1", "МВД", "1"], ["score", "2024Q9"]]


@pytest.mark.parametrize("encoding", ["cp866", "cp1251"])
@pytest.mark.parametrize("argv", ARGVS, ids=["score", "explain", "error"])
def test_a_legacy_console_code_page_prints_readably(encoding: str, argv: list[str]) -> None:
    """A console set to cp866 (cmd's OEM page) or cp1251 (the ANSI page, also what a redirected
    stream gets): Cyrillic stays Cyrillic, what the page lacks is said in ASCII, never an error."""
    env = _hidden_env() if WINDOWS_LIKE else {**os.environ, "LC_ALL": "C.UTF-8", "COLUMNS": "100", "NO_COLOR": "1"}
    env = {k: v for k, v in env.items() if not k.startswith(("KPI_LANG", "PYTHONUTF8"))}
    env["PYTHONIOENCODING"] = encoding
    done = subprocess.run(
        [sys.executable, "-m", "engine", "-w", str(REPO), *argv], env=env, capture_output=True, timeout=120
    )
    assert done.returncode == (2 if argv[1] == "2024Q9" else 0)
    text = (done.stdout + done.stderr).decode(encoding)  # strict: every byte is the code page's
    assert "Traceback" not in text
    if argv[0] == "score" and done.returncode == 0:
        assert "| Место | Орган |    R |" in text and "Министерство юстиции РК" in text
        assert "96,4" in text
    elif argv[0] == "explain":
        assert "Министерство внутренних дел РК" in text and "43,1" in text
    else:
        assert ("Квартала «2024Q9» нет" if encoding == "cp1251" else 'Квартала "2024Q9" нет') in text


# --- kpi's own code, read: what the test mode cannot hide ----------------------------------------

# POSIX-only names the test mode leaves in place because a library calls them on what sys.platform
# calls linux (see tests/windows_like/sitecustomize.py), and names it hides: kpi's code may use
# none of them but where it says how Windows does without.
LEFT_IN_PLACE = {"geteuid", "uname", "sendfile", "posix_spawn", "posix_spawnp", "WNOHANG"}
# module → the POSIX-only names it uses behind a check, with Windows' way said beside it (none now)
GUARDED: dict[str, set[str]] = {}


def test_kpi_uses_no_posix_only_name_but_behind_its_windows_way() -> None:
    import ast

    from tests.windows_like import sitecustomize

    names = set(sitecustomize.OS_NAMES) | set(sitecustomize.SIGNAL_NAMES) | LEFT_IN_PLACE
    modules = set(sitecustomize.MODULES)
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "engine").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        used = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                if node.value.id in ("os", "signal", "fcntl") and node.attr in names | {"lockf", "LOCK_EX", "LOCK_UN"}:
                    used.add(node.attr)
            elif isinstance(node, ast.Import):
                used |= {alias.name for alias in node.names if alias.name in modules}
            elif isinstance(node, ast.ImportFrom) and node.module in modules:
                used.add(node.module)
        if used:
            found[path.relative_to(REPO).as_posix()] = used
    assert found == {k: v for k, v in GUARDED.items() if k in found} and set(found) <= set(GUARDED), found
