"""The output streams, treated as careful command-line tools treat them.

- A closed pipe (`kpi explain … | head -1`) ends the command quietly, exit code 141 (128 +
  SIGPIPE, what a shell reports for a tool killed by it), and no message: the reader has gone.
  Where there is no SIGPIPE (Windows, where a closed pipe may also come as EINVAL) it is an
  ordinary write error, as below: Windows' shells have no convention for it.
- Any other write error (`> /dev/full`, a stream closed with `>&-`) is one line on standard
  error, when there is one, and exit code 74 (EX_IOERR): output is never lost in silence.
- A closed standard output or error at start is held open on /dev/null, so that no file the
  command opens can take its number and receive its output; writing to it is still an error.
- A terminal whose encoding cannot show the text (an ASCII or Latin-1 locale) gets a readable
  fallback: Cyrillic transliterated, the table's symbols in ASCII, anything else as "?", one
  character for one so that tables keep their columns.
- Arguments are read as UTF-8 whatever the locale says (an ASCII locale would turn МВД into
  undecodable bytes).

`prepare` sets this up once per process (from `main`); the commands' output then reaches the
streams only through `Guarded`, which turns an OSError into `OutputError`.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import signal
import sys
from typing import Any, TextIO

EXIT_PIPE = 128 + int(getattr(signal, "SIGPIPE", 13))
EXIT_IO = 74


class OutputError(Exception):
    """Writing to standard output or error failed."""

    def __init__(self, stream: str, error: OSError) -> None:
        super().__init__(stream, error.errno)
        self.stream = stream
        self.errno = error.errno
        self.reason = error.strerror or type(error).__name__

    @property
    def broken_pipe(self) -> bool:
        return self.errno == errno.EPIPE and hasattr(signal, "SIGPIPE")


class Guarded:
    """A text stream whose write errors are OutputError; everything else is the stream's."""

    def __init__(self, stream: TextIO | None, name: str) -> None:
        self._stream = stream
        self._name = name

    def write(self, text: str) -> int:
        if self._stream is None:
            raise OutputError(self._name, OSError(errno.EBADF, os.strerror(errno.EBADF)))
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise self._failed(exc) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            raise self._failed(exc) from None

    def _failed(self, exc: OSError) -> OutputError:
        """The error to raise, once the stream is pointed at /dev/null: what its buffer still
        holds must not fail again when the interpreter flushes it on the way out."""
        if self._stream is not None:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                _hold(self._stream.fileno())
        return OutputError(self._name, exc)

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def __getattr__(self, name: str) -> Any:
        if self._stream is None:
            raise AttributeError(name)
        return getattr(self._stream, name)


def prepare() -> None:
    """Guard the standard streams of this process (see the module's note)."""
    for number, name in ((1, "stdout"), (2, "stderr")):
        stream = getattr(sys, name)
        closed = stream is None or not _is_open(number)
        if closed:
            _hold(number)
            stream = None
        elif isinstance(stream, Guarded):
            continue
        else:
            _readable_fallback(stream)
        setattr(sys, name, Guarded(stream, name))


def utf8_arguments(argv: list[str]) -> list[str]:
    """Arguments the locale could not decode, read again as UTF-8 (kept as they are if they
    are not UTF-8 either: they are then escaped wherever they are echoed)."""
    fixed = []
    for argument in argv:
        try:
            fixed.append(os.fsencode(argument).decode("utf-8"))
        except (UnicodeError, ValueError):
            fixed.append(argument)
    return fixed


def _is_open(number: int) -> bool:
    try:
        os.fstat(number)
    except OSError:
        return False
    return True


def _hold(number: int) -> None:
    """Put /dev/null on file descriptor `number` (closed, or whose reader has gone)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:  # pragma: no cover - no /dev/null: nothing to hold the number with
        return
    if null != number:
        os.dup2(null, number)
        os.close(null)


def report(error: OutputError, message: str) -> int:
    """The exit code for an output error, after saying `message` on standard error (unless
    the error is a closed pipe, or standard error itself is what failed)."""
    if error.broken_pipe:
        return EXIT_PIPE  # the reader has gone: nothing to say, and no one to say it to
    if error.stream != "stderr":
        with contextlib.suppress(OutputError):  # nowhere left to say it
            sys.stderr.write(message + "\n")
            sys.stderr.flush()
    return EXIT_IO


def finish() -> OutputError | None:
    """Flush both streams before the process ends; the error, if one fails."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except OutputError as exc:
            return exc
    return None


# --- terminals that cannot show UTF-8 ---

# One ASCII character for each: a table's columns keep their width (rich measured the text
# before it was encoded), and the words stay readable: Министерство юстиции → Ministerstvo usticii.
_CYRILLIC = dict(
    zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі", "abvgdeezzijklmnoprstufhccss\"y'euaagqnouuhi", strict=True)
)
_CYRILLIC.update({k.upper(): v.upper() for k, v in _CYRILLIC.items()})
_SYMBOLS = dict(zip("«»—–−…→←▲▼Δ№×≥≤\u00a0\u202f", '""---.><^vd#x><  ', strict=True))


def fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler `kpi-fallback`: what cannot be encoded, written readably in ASCII."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    shown = []
    for char in chunk:
        if char in _CYRILLIC:
            shown.append(_CYRILLIC[char])
        elif char in _SYMBOLS:
            shown.append(_SYMBOLS[char])
        elif "\u2580" <= char <= "\u259f":  # block elements: the bars of the ranking chart
            shown.append("#")
        else:
            shown.append("?")
    return "".join(shown), error.end


codecs.register_error("kpi-fallback", fallback)


def _readable_fallback(stream: TextIO) -> None:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if encoding.startswith("utf"):
        return
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="kpi-fallback")
