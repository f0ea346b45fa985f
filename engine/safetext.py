"""The text-safety policy: what text may come in, and how untrusted text goes out.

In: every text read from a file (names, formulas, notes, keys) may hold letters, digits,
punctuation, symbols and spaces, and line breaks inside a multi-line text — nothing
invisible. Refused (`first_unsafe`), by Unicode category: control characters (Cc: terminal
escape sequences, NUL, tabs written as "\\t"), format characters (Cf: bidi overrides such as
U+202E that reorder what a table or a `file:line: message` line shows, zero-width spaces, soft
hyphens, BOMs), line and paragraph separators (Zl, Zp: a line break an editor does not show),
lone surrogates (Cs: cannot be printed at all), private-use (Co) and unassigned (Cn)
characters, and the few letters that print as nothing (U+3164 HANGUL FILLER and its kin).
Spaces (Zs), the no-break space of "1 318 826" among them, are text.

Out: what the command line or the environment carries is never validated text; anything of
it that is echoed goes through `shown` (escaped, shortened), and JSON through `json_safe`.
Rich never reads markup or emoji codes in our output (see the consoles in engine/cli).
"""

from __future__ import annotations

import unicodedata

_REFUSED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_ALLOWED = frozenset("\n")
# Letters and symbols that print as nothing: «МВД» and «МВД\u3164» look the same in a table.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5")
SHOWN_LENGTH = 80


def is_unsafe(char: str) -> bool:
    return char not in _ALLOWED and (unicodedata.category(char) in _REFUSED or char in _BLANK_GLYPHS)


def first_unsafe(text: str) -> int | None:
    """The index of the first character `text` may not hold, or None."""
    if text.isprintable() and (text.isascii() or not any(glyph in text for glyph in _BLANK_GLYPHS)):
        return None  # C speed: isprintable is False for any Cc/Cf/Cs/Co/Cn/Zl/Zp/Zs character
    return next((index for index, char in enumerate(text) if is_unsafe(char)), None)


def safe_lines(text: str) -> bool:
    """Whether `text` holds nothing refused but its line breaks: checked whole, at C speed."""
    return first_unsafe(text.replace("\n", "")) is None


def describe(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: how a refused character is named in a message."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def escaped(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escape(text: str) -> str:
    """Untrusted text made harmless to print: every refused character (line breaks included)
    written as an escape, `\\x1b`, `\\u202e`, `\\udcff`."""
    if first_unsafe(text) is None and "\n" not in text:
        return text
    return "".join(escaped(char) if char == "\n" or is_unsafe(char) else char for char in text)


def shown(text: str, length: int = SHOWN_LENGTH) -> str:
    """Untrusted text as echoed in a message: escaped, and cut to `length` characters."""
    cut = text if len(text) <= length else text[: length - 1] + "…"
    return escape(cut)


def shown_path(path: object) -> str:
    """A path given on the command line, as echoed: escaped, never cut (a path cut short
    locates nothing)."""
    return escape(str(path))


def json_safe(text: str) -> str:
    """JSON text (from json.dumps with ensure_ascii=False) with every invisible or unprintable
    character left as a \\u escape, so that a terminal shows the JSON as it is. Valid JSON:
    such characters can only stand inside strings."""
    if safe_lines(text):
        return text  # the usual output
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if first_unsafe(line) is not None:  # rare
            lines[number] = "".join(_json_escape(char) if is_unsafe(char) else char for char in line)
    return "\n".join(lines)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
