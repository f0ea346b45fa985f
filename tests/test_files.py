"""engine.files: the one file-access policy every reader goes through."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine.files import MAX_FILE_BYTES, read_text, yaml_entries


def read(root: Path, name: str) -> tuple[str | None, list[tuple[int, str, object]]]:
    text, problems = read_text(root, root / name, name)
    return text, [(p.where.line, p.code, p.args.get("kind")) for p in problems]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir()
    return folder


def test_a_regular_utf8_file_is_read_and_a_bom_dropped(root: Path) -> None:
    (root / "bom.yaml").write_bytes("\ufeffa: 1\n".encode())
    assert read(root, "bom.yaml") == ("a: 1\n", [])


def test_text_that_is_not_utf8_names_its_line(root: Path) -> None:
    (root / "latin1.yaml").write_bytes("a: 1\nb: \xe9\n".encode("latin-1"))
    assert read(root, "latin1.yaml") == (None, [(2, "file-not-utf8", None)])


def test_what_is_not_a_regular_file_is_refused_without_reading(root: Path) -> None:
    (root / "dir.yaml").mkdir()
    os.mkfifo(root / "fifo.yaml")  # opened without waiting: this would hang a plain open()
    (root / "zero.yaml").symlink_to("/dev/zero")  # a device: never read
    assert read(root, "dir.yaml") == (None, [(1, "file-not-regular", "file-kind-directory")])
    assert read(root, "fifo.yaml") == (None, [(1, "file-not-regular", "file-kind-fifo")])
    # /dev/zero is outside the workspace: refused for that before its kind is even looked at
    assert read(root, "zero.yaml") == (None, [(1, "file-outside-workspace", None)])


def test_links(root: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password: hunter2\n")
    (root / "out.yaml").symlink_to(secret)
    (root / "dangling.yaml").symlink_to(root / "nothing.yaml")
    (root / "loop.yaml").symlink_to(root / "loop.yaml")
    (root / "real.yaml").write_text("a: 1\n")
    (root / "inside.yaml").symlink_to(root / "real.yaml")
    assert read(root, "out.yaml") == (None, [(1, "file-outside-workspace", None)])
    assert read(root, "dangling.yaml") == (None, [(1, "file-dangling-link", None)])
    assert read(root, "loop.yaml") == (None, [(1, "file-link-loop", None)])
    assert read(root, "inside.yaml") == ("a: 1\n", [])  # a link within the workspace is a file of it
    assert read(root, "absent.yaml") == (None, [(1, "file-missing", None)])


def test_a_file_with_other_names_is_refused(root: Path, tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0\n")
    os.link(secret, root / "hard.yaml")  # inside by its path, /etc/passwd by its inode
    assert read(root, "hard.yaml") == (None, [(1, "file-hard-link", None)])


def test_a_workspace_reached_through_a_link_is_still_itself(tmp_path: Path, root: Path) -> None:
    (root / "a.yaml").write_text("a: 1\n")
    alias = tmp_path / "alias"
    alias.symlink_to(root)
    assert read_text(alias, alias / "a.yaml", "a.yaml") == ("a: 1\n", [])


def test_size_is_checked_before_reading(root: Path) -> None:
    (root / "big.yaml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    (root / "limit.yaml").write_bytes(b"#" * MAX_FILE_BYTES)
    assert read(root, "big.yaml") == (None, [(1, "file-too-large", None)])
    assert read(root, "limit.yaml")[1] == []


def test_listing_keeps_entries_of_every_kind_so_they_are_reported(root: Path) -> None:
    (root / "b.yaml").mkdir()
    (root / "a.yaml").write_text("")
    (root / "c.yml").write_text("")
    assert [p.name for p in yaml_entries(root)] == ["a.yaml", "b.yaml"]
    assert yaml_entries(root / "absent") == []
