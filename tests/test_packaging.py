"""`pip install .` (not editable) must give a working `kpi`: the schemas ship in the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from engine.schemas import SCHEMAS
from tests.conftest import REPO


def test_wheel_carries_the_schemas_and_validates_on_its_own(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {f"engine/schemas/{name}.schema.json" for name in SCHEMAS} <= names
        assert any(n.endswith("entry_points.txt") for n in names)
        archive.extractall(tmp_path / "site")
    # Run the unpacked wheel, not the checkout: only the packaged schemas can be found there.
    run = subprocess.run(
        [sys.executable, "-c", "from engine.cli import main; main()", "rules", "validate", "-w", str(REPO)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "KPI_LANG": "en", "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    # each version: its warning about the names not given in Kazakh (issue 23), then its verdict
    lines = run.stdout.splitlines()
    assert lines[1::2] == [
        "Rules 2023: no problems (14 bodies, 115 KPIs, 10 examples hold)",
        "Rules 2024-draft (draft): no problems (14 bodies, 115 KPIs, 10 examples hold)",
    ]
    assert [line.split(": warning: ")[0] for line in lines[::2]] == ["rules/2023:1:1", "rules/2024-draft:1:1"]
    check = subprocess.run(
        [sys.executable, "-c", "import engine.schemas as s; print(s.schema_dir())"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert Path(check.stdout.strip()) == tmp_path / "site" / "engine" / "schemas"
