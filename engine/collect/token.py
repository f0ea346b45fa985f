"""The token that binds a workbook kpi writes (a form, an export) to a body and a quarter.

The office keeps a secret in the workspace (`.kpi/secret`, 32 random bytes written as hex,
made the first time forms or an export are made). A body's token is an HMAC-SHA256 of the
quarter and the body's id under that secret, cut to 128 bits: a ministry that has its own form
cannot compute another ministry's token, nor its own for another quarter, so a form whose
metadata was pointed at another body (or a sheet added for another body) is refused at import.
The secret itself is never written into a workbook. Another workspace (a fresh clone) has
another secret: forms are imported where they were made, or `.kpi/secret` is copied with them.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

SECRET_FILE = Path(".kpi") / "secret"
_HEX = re.compile(rb"[0-9a-f]{64}")


def secret_path(root: Path) -> Path:
    return root / SECRET_FILE


def read_secret(root: Path) -> bytes | None:
    """The workspace's secret, or None when there is none (or it is not one kpi wrote)."""
    path = secret_path(root)
    try:
        if not path.is_file() or path.stat().st_size > 200:
            return None
        data = path.read_bytes().strip()
    except OSError:
        return None
    return bytes.fromhex(data.decode("ascii")) if _HEX.fullmatch(data) else None


def make_secret(root: Path) -> bytes:
    """The workspace's secret, made now if there is none yet (written whole or not at all; of two
    commands making it at once, the first one's stays). An unwritable workspace: OutputFileError."""
    from engine.errors import UsageError
    from engine.writing import OutputFileError, write_file

    found = read_secret(root)
    if found is not None:
        return found
    path = secret_path(root)
    try:
        path.parent.mkdir(exist_ok=True)
    except OSError as exc:
        from engine.safetext import shown_path

        raise OutputFileError("output-not-writable", path=shown_path(path), reason=exc.strerror or str(exc)) from None
    with contextlib.suppress(UsageError):  # made meanwhile by another command: that one is kept
        write_file(path, secrets.token_hex(32).encode("ascii") + b"\n", force=os.path.lexists(path))
    found = read_secret(root)
    if found is None:
        from engine.safetext import shown_path

        raise OutputFileError("output-not-writable", path=shown_path(path), reason="?")
    return found


def token(secret: bytes, quarter: str, body: str) -> str:
    message = f"kpi-workbook/1\n{quarter}\n{body}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def token_matches(secret: bytes | None, quarter: str, body: str, given: object) -> bool:
    if secret is None or not isinstance(given, str):
        return False
    return hmac.compare_digest(given.strip().encode("ascii", "replace"), token(secret, quarter, body).encode())
