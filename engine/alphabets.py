"""Latin and Cyrillic letters mixed in one word: which letter is of the wrong alphabet.

Ids, keys and variant names are Latin; short names of bodies and units are Cyrillic. A
keyboard switched to the other layout for one letter gives `shаre` (Cyrillic а) or `MВД`
(Latin M): they look right and match nothing. `wrong_letter` names the first letter of the
wrong alphabet, so that the message can say «буква «а» (3-я) — кириллическая, нужна
латинская» instead of only "unknown".

Which alphabet is wanted: that of the names the text should have been one of, when they are
all of one alphabet (keys, ids); else the one that turns the text into one of them (`eд` is
«ед.» with a Latin e); else the alphabet of most of its letters. A word of as many Latin as
Cyrillic letters with nothing to go by names no letter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from engine.suggest import did_you_mean

LATIN, CYRILLIC = "latin", "cyrillic"

# Letters that look alike in the two alphabets (what a switched keyboard layout gives).
_LATIN_LOOKS = "aceopxyABCEHKMOPTX"
_CYRILLIC_LOOKS = "асеорхуАВСЕНКМОРТХ"
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKS, _CYRILLIC_LOOKS)
_TO_LATIN = str.maketrans(_CYRILLIC_LOOKS, _LATIN_LOOKS)


@dataclass(frozen=True)
class WrongLetter:
    """The first letter of `text` not in the alphabet wanted: the letter, its place (1-based,
    counted in characters) and its alphabet (LATIN or CYRILLIC: the other one is wanted)."""

    char: str
    position: int
    script: str


def script(char: str) -> str:
    """LATIN, CYRILLIC, or "" for anything else (digits, signs, other alphabets)."""
    if not char.isalpha():
        return ""
    name = unicodedata.name(char, "")
    if name.startswith("LATIN"):
        return LATIN
    if name.startswith("CYRILLIC"):
        return CYRILLIC
    return ""


def _scripts(text: str) -> set[str]:
    return {found for found in map(script, text) if found}


def wrong_letter(text: str, known: Iterable[str] = ()) -> WrongLetter | None:
    """The letter of the wrong alphabet in a word that mixes Latin and Cyrillic letters, or
    None when the word does not mix them (or nothing says which alphabet is wanted)."""
    if not isinstance(text, str) or _scripts(text) != {LATIN, CYRILLIC}:
        return None
    wanted = _wanted(text, [str(name) for name in known])
    if not wanted:
        return None
    for index, char in enumerate(text):
        found = script(char)
        if found and found != wanted:
            return WrongLetter(char, index + 1, found)
    return None  # pragma: no cover - a mixed word has a letter of each alphabet


def _wanted(text: str, known: list[str]) -> str:
    alphabets = set().union(*(_scripts(name) for name in known)) if known else set()
    if len(alphabets) == 1:
        return alphabets.pop()
    if known:
        for wanted, table in ((CYRILLIC, _TO_CYRILLIC), (LATIN, _TO_LATIN)):
            translated = text.translate(table)
            if _scripts(translated) == {wanted} and did_you_mean(translated, known) is not None:
                return wanted
    latin = sum(script(char) == LATIN for char in text)
    cyrillic = sum(script(char) == CYRILLIC for char in text)
    if latin == cyrillic:
        return ""
    return LATIN if latin > cyrillic else CYRILLIC


def respelt(text: str, wrong: WrongLetter) -> str:
    """`text` with every lookalike letter of the wrong alphabet replaced by its twin in the
    alphabet wanted (`eд` → `ед`): for a "did you mean" over names of that alphabet."""
    return text.translate(_TO_LATIN if wrong.script == CYRILLIC else _TO_CYRILLIC)
