"""engine.writing: one file, or a set of files, written as far as renames allow all or nothing."""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest

from engine.errors import KpiError, UsageError
from engine.lock import clean
from engine.writing import JOURNAL, OutputFileError, finish_journal, platform_text, write_file, write_files


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_new_folder_holds_exactly_the_files(tmp_path: Path) -> None:
    made = write_files(tmp_path / "new", {"a.yaml": b"a: 1\n", "kk/index.html": b"<p>"})
    assert made == tmp_path / "new"
    assert (made / "a.yaml").read_bytes() == b"a: 1\n"
    assert (made / "kk" / "index.html").read_bytes() == b"<p>"
    assert sorted(p.relative_to(made).as_posix() for p in made.rglob("*")) == ["a.yaml", "kk", "kk/index.html"]
    if os.name == "posix":
        assert stat.S_IMODE(made.stat().st_mode) == 0o755  # not mkdtemp's 0o700
    assert hidden(tmp_path) == []


def test_a_new_folder_never_replaces_one_that_exists(tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "keep.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(UsageError) as said:
        write_files(tmp_path / "new", {"a.yaml": b"x"})
    assert said.value.code == "output-exists"
    taken = KpiError("quarter-exists", quarter="new")
    with pytest.raises(KpiError) as given:
        write_files(tmp_path / "new", {"a.yaml": b"x"}, taken=taken)
    assert given.value is taken
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["keep.txt"]


def test_a_name_taken_at_the_moment_of_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.rename

    def first_someone_else(source: Any, target: Any) -> None:
        Path(target).mkdir()  # another process took the name between the check and the rename
        (Path(target) / "theirs.txt").write_text("theirs", encoding="utf-8")
        real(source, target)

    monkeypatch.setattr(os, "rename", first_someone_else)
    taken = UsageError("quarter-exists", quarter="2024Q3")
    with pytest.raises(UsageError) as said:
        write_files(tmp_path / "2024Q3", {"quarter.yaml": b"mine"}, taken=taken)
    assert said.value is taken
    assert [p.name for p in (tmp_path / "2024Q3").iterdir()] == ["theirs.txt"]
    assert hidden(tmp_path) == []  # the staging folder removed


def test_a_folder_replaced_whole(tmp_path: Path) -> None:
    old = tmp_path / "site"
    old.mkdir()
    (old / "old.html").write_text("old", encoding="utf-8")
    write_files(old, {"index.html": b"new"}, "replace")
    assert [p.name for p in old.iterdir()] == ["index.html"]
    assert hidden(tmp_path) == []


def test_files_updated_in_a_folder_keep_the_others(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"old a")
    (tmp_path / "notes.txt").write_bytes(b"mine")
    write_files(tmp_path, {"a.yaml": b"new a", "b.yaml": b"new b"}, "update")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {
        "a.yaml": b"new a",
        "b.yaml": b"new b",
        "notes.txt": b"mine",
    }


def test_an_update_that_fails_before_its_journal_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.yaml").write_bytes(b"old a")
    real = tempfile.mkstemp
    calls = []

    def full_disk(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("prefix"))
        if len(calls) == 2:  # the second file cannot be staged
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", full_disk)
    with pytest.raises(OutputFileError) as said:
        write_files(tmp_path, {"a.yaml": b"new a", "b.yaml": b"new b"}, "update")
    assert said.value.code == "output-not-writable"
    assert said.value.args_ == {"path": str(tmp_path), "reason": os.strerror(errno.ENOSPC)}
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {"a.yaml": b"old a"}


def test_an_update_stopped_after_its_journal_is_finished_by_the_next_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quarter = tmp_path / "quarters" / "2024Q2"
    quarter.mkdir(parents=True)
    (quarter / "a.yaml").write_bytes(b"old a")
    (quarter / "b.yaml").write_bytes(b"old b")
    real = os.replace
    done: list[str] = []

    def stopped(source: Any, target: Any) -> None:
        if len(done) == 2:  # the journal and one file renamed: the third rename fails
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        done.append(str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", stopped)
    with pytest.raises(OSError):
        write_files(quarter, {"a.yaml": b"new a", "b.yaml": b"new b"}, "update")
    monkeypatch.setattr(os, "replace", real)
    assert (quarter / JOURNAL).exists()
    assert sorted(p.read_bytes() for p in quarter.glob("*.yaml")) == [b"new a", b"old b"]
    clean(tmp_path)  # what the next command does first, under the workspace's lock
    assert {p.name: p.read_bytes() for p in quarter.iterdir()} == {"a.yaml": b"new a", "b.yaml": b"new b"}


def test_a_journal_is_finished_within_its_own_folder_only(tmp_path: Path) -> None:
    """finish_journal: the renames not yet done are done, a done one and a malformed entry are
    passed over, a name that climbs out of the folder is taken as a name in it; the journal goes."""
    folder = tmp_path / "quarter"
    folder.mkdir()
    (folder / ".a.yaml.x1.part").write_bytes(b"new a")
    (folder / "b.yaml").write_bytes(b"new b")  # its rename was done before the stop
    (folder / ".c.yaml.x3.part").write_bytes(b"new c")
    entries = [
        [".a.yaml.x1.part", "a.yaml"],
        [".b.yaml.x2.part", "b.yaml"],
        ["../.c.yaml.x3.part", "../../c.yaml"],
        ["only one"],
        7,
    ]
    (folder / JOURNAL).write_text(json.dumps(entries), encoding="utf-8")
    finish_journal(folder / JOURNAL)
    assert {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == {
        "a.yaml": b"new a",
        "b.yaml": b"new b",
        "c.yaml": b"new c",
    }
    assert {p.parent for p in tmp_path.rglob("*.yaml")} == {folder}


def test_a_planted_journal_renames_nothing_but_staged_files(tmp_path: Path) -> None:
    """A journal left in a workspace by someone else: quarter.yaml is not replaced by a body
    file, nor a rules version renamed over another, nor a file staged for one name moved to
    another; only a staged file of the name it stands for is put in place."""
    folder = tmp_path / "quarters" / "2024Q1"
    folder.mkdir(parents=True)
    (folder / "quarter.yaml").write_bytes(b"period: 2024Q1")
    (folder / "mvd.yaml").write_bytes(b"body: mvd")
    (folder / "2024-draft").mkdir()
    (folder / "2022").mkdir()
    (folder / ".mvd.yaml.ab12cd34.part").write_bytes(b"staged for mvd")
    (folder / ".mz.yaml.ab12cd34.part").mkdir()  # not a regular file
    entries = [
        ["mvd.yaml", "quarter.yaml"],
        ["2024-draft", "2022"],
        [".mvd.yaml.ab12cd34.part", "quarter.yaml"],
        [".mz.yaml.ab12cd34.part", "mz.yaml"],
    ]
    (folder / JOURNAL).write_text(json.dumps(entries), encoding="utf-8")
    finish_journal(folder / JOURNAL)
    assert (folder / "quarter.yaml").read_bytes() == b"period: 2024Q1"
    assert (folder / "mvd.yaml").read_bytes() == b"body: mvd"
    assert (folder / "2024-draft").is_dir() and (folder / "2022").is_dir()
    assert not (folder / "mz.yaml").exists()
    (folder / JOURNAL).write_text(json.dumps([[".mvd.yaml.ab12cd34.part", "mvd.yaml"]]), encoding="utf-8")
    finish_journal(folder / JOURNAL)
    assert (folder / "mvd.yaml").read_bytes() == b"staged for mvd"
    assert not (folder / JOURNAL).exists()


def test_a_journal_that_cannot_be_read_finishes_nothing_and_goes(tmp_path: Path) -> None:
    (tmp_path / ".a.yaml.x1.part").write_bytes(b"new a")
    (tmp_path / JOURNAL).write_bytes(b'[[".a.yaml.x1.part", "a.y')  # cut off while written
    finish_journal(tmp_path / JOURNAL)
    assert [p.name for p in tmp_path.iterdir()] == [".a.yaml.x1.part"]


def test_a_folder_that_cannot_be_written_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    with pytest.raises(OutputFileError) as said:
        write_files(tmp_path / "new", {"a": b""})
    assert said.value.args_ == {"path": str(tmp_path), "reason": os.strerror(errno.EACCES)}
    assert list(tmp_path.iterdir()) == []


def test_one_file_is_never_written_over_without_force(tmp_path: Path) -> None:
    target = tmp_path / "report.docx"
    write_file(target, b"first")
    with pytest.raises(UsageError) as said:
        write_file(target, b"second")
    assert said.value.code == "output-exists"
    assert target.read_bytes() == b"first"
    write_file(target, b"second", force=True)
    assert target.read_bytes() == b"second"
    assert hidden(tmp_path) == []


def test_one_file_on_a_full_disk_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputFileError) as said:
        write_file(tmp_path / "chart.png", b"png")
    assert said.value.code == "output-disk-full"
    assert list(tmp_path.iterdir()) == []


def test_platform_text_has_the_platforms_line_ends() -> None:
    assert platform_text("a: 1\nb: «2»\n") == f"a: 1{os.linesep}b: «2»{os.linesep}".encode()
