"""engine.memory: the cycle collector paused while a quarter is built, and left as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from engine import memory


@pytest.fixture
def collector() -> Iterator[None]:
    enabled, short_lived = gc.isenabled(), memory._short_lived
    yield
    memory._short_lived = short_lived
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


def test_paused_while_building_and_restored(collector: None) -> None:
    gc.enable()
    with memory.building():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    with memory.building():
        assert not gc.isenabled()
    assert not gc.isenabled()  # a caller that had it off keeps it off


def test_restored_when_the_block_fails(collector: None) -> None:
    gc.enable()
    with pytest.raises(ValueError), memory.building():
        raise ValueError
    assert gc.isenabled()


def test_what_a_short_lived_process_built_is_set_aside(collector: None) -> None:
    gc.unfreeze()
    memory._short_lived = False
    with memory.building():
        built = [[n] for n in range(1000)]
    assert gc.get_freeze_count() == 0  # a library's caller keeps collecting what was built
    memory.short_lived()
    with memory.building():
        built += [[n] for n in range(1000)]
    assert gc.get_freeze_count() >= len(built)


def test_the_command_line_is_short_lived() -> None:
    import subprocess
    import sys

    code = "import engine.cli.app as a, engine.memory as m, sys; sys.argv=['kpi','--help']\n"
    code += "try: a.main()\nexcept SystemExit: pass\nprint(m._short_lived)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip().endswith("True"), done.stderr
