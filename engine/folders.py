"""A new folder of files that appears whole or not at all: written aside in a hidden staging
folder next to it, then renamed into place. The rename fails if the name was taken meanwhile,
so an existing folder is never replaced or merged into — but by `replace_whole`, which a
caller uses only for a folder it has decided may go (an example quarter)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from engine.portable import check_new_name


def create_whole(parent: Path, name: str, files: Mapping[str, str], taken: Exception) -> Path:
    """parent/name holding `files` (file name → text, UTF-8); raises `taken` when the name
    exists, before or at the moment of the rename; UsageError for a name Windows cannot hold
    or one equal to an existing entry but for case (one name there)."""
    target = parent / name
    check_new_name(parent, name)
    if os.path.lexists(target):
        raise taken
    parent.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=parent))
    try:
        for file_name, text in files.items():
            (staging / file_name).write_text(text, encoding="utf-8")
        os.chmod(staging, 0o755)
        os.rename(staging, target)  # fails if the name appeared meanwhile: nothing is replaced
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError) and os.path.lexists(target):
            raise taken from None
        raise
    return target


def replace_whole(parent: Path, name: str, files: Mapping[str, str]) -> Path:
    """parent/name (which exists) replaced by a folder holding `files`: the new folder written
    aside, the old one moved aside, the new one renamed into place, then the old one removed.
    Should the second rename fail, the old folder is put back: a failed command changes
    nothing."""
    target = parent / name
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=parent))
    aside = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=parent))
    os.rmdir(aside)  # a free hidden name beside it (Windows cannot rename onto a folder)
    try:
        for file_name, text in files.items():
            (staging / file_name).write_text(text, encoding="utf-8")
        os.chmod(staging, 0o755)
        os.rename(target, aside)
        try:
            os.rename(staging, target)
        except BaseException:
            os.rename(aside, target)
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(aside, ignore_errors=True)
    return target


def create_whole_bytes(parent: Path, name: str, files: Mapping[str, bytes]) -> Path:
    """parent/name holding `files` (file name → bytes), whole or not at all, as create_whole;
    a name taken meanwhile: FileExistsError."""
    target = parent / name
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=parent))
    try:
        for file_name, data in files.items():
            with open(staging / file_name, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(staging, 0o755)
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
