"""Names that every system the office uses can hold, and the one place that knows what Windows
lacks.

A workspace lives in git and is checked out on the staff's Windows desktops. Windows cannot
hold a file or folder named after a device (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9, with or
without an extension: `aux.yaml` is the device AUX), a name ending in a dot or a space (it drops
them), a name holding `<>:"/\\|?*` or a control character, nor two names in one folder that
differ only in case (`mvd.yaml` and `MVD.yaml` are one file there). `name_problem` says which
rule a name breaks and what to use instead; `folder_problems` checks every entry of a folder.

The reader (engine.files) refuses a device name as a file on every system: on Windows opening
`con.yaml` would wait for the console, and elsewhere such a file is one a colleague on Windows
cannot check out.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from engine.errors import UsageError
from engine.problems import Problem, Where

WINDOWS = os.name == "nt"

# Windows 11 also treats COM¹–COM³ and LPT¹–LPT³ as devices.
DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"{port}{digit}" for port in ("COM", "LPT") for digit in "123456789\u00b9\u00b2\u00b3"]
)
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def device_name(name: str) -> bool:
    """Whether Windows takes `name` for a device: its part before the first dot (trailing
    spaces dropped), in any case, is a device's name."""
    return name.split(".", 1)[0].rstrip(" ").upper() in DEVICES


def name_problem(name: str) -> tuple[str, dict[str, str]] | None:
    """The message code and arguments for a file or folder name Windows cannot hold, with a
    name to use instead; None for a portable name."""
    if device_name(name):
        stem, dot, rest = name.partition(".")
        return "portable-device-name", {"name": name, "instead": f"{stem}-1{dot}{rest}"}
    if name.endswith((".", " ")):
        return "portable-trailing", {"name": name, "instead": name.rstrip(". ") or "name"}
    found = _FORBIDDEN.search(name)
    if found is not None:
        char = found.group()
        shown = f"U+{ord(char):04X}" if ord(char) < 32 else char
        return "portable-character", {"name": name, "char": shown, "instead": _FORBIDDEN.sub("-", name)}
    return None


def folder_problems(folder: Path, display: str) -> list[Problem]:
    """A problem for each entry of `folder` (named `display` in messages) that Windows cannot
    hold, and for each name equal to an earlier one but for case."""
    names = _names(folder)
    problems = []
    seen: dict[str, str] = {}
    for name in names:
        where = Where(f"{display}/{name}" if display else name)
        found = name_problem(name)
        if found is not None:
            code, args = found
            problems.append(Problem(where, code, args=args))
        other = seen.setdefault(name.casefold(), name)
        if other != name:
            problems.append(Problem(where, "portable-case-clash", args={"name": name, "other": other}))
    return problems


def entry_problems(parent: Path, name: str, display: str) -> list[Problem]:
    """The problems of one entry `name` of `parent` (a version's or a quarter's folder): its
    own name, and each other entry equal to it but for case."""
    where = Where(f"{display}/{name}" if display else name)
    problems = []
    found = name_problem(name)
    if found is not None:
        problems.append(Problem(where, found[0], args=found[1]))
    others = [other for other in _names(parent) if other != name and other.casefold() == name.casefold()]
    problems += [Problem(where, "portable-case-clash", args={"name": name, "other": other}) for other in others]
    return problems


def check_new_name(parent: Path, name: str) -> None:
    """Raise UsageError (exit 2) for a new file or folder `name` in `parent` that Windows could
    not hold, or that equals an existing entry but for case."""
    found = name_problem(name)
    if found is not None:
        raise UsageError(found[0], **found[1])
    clash = next((other for other in _names(parent) if other.casefold() == name.casefold()), None)
    if clash is not None and clash != name:
        raise UsageError("portable-case-clash", name=name, other=clash)


def _names(folder: Path) -> list[str]:
    """The entries of `folder`, sorted; none for a folder that cannot be listed (whoever reads
    it says why)."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries)
    except OSError:
        return []
