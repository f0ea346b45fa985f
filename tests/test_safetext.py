"""engine.safetext and engine.cli.streams: what text may come in, and how it goes out."""

from __future__ import annotations

import json

from engine.cli.streams import fallback, utf8_arguments
from engine.safetext import describe, escape, first_unsafe, json_safe, shown


def test_what_text_may_hold() -> None:
    assert first_unsafe("Министерство юстиции РК") is None
    assert first_unsafe("1\u00a0318\u202f826") is None  # no-break spaces are spaces
    assert first_unsafe("две\nстроки") is None
    for bad in ("\x1b[31m", "\u202e", "\u200b", "\u2028", "\ud800", "\x9b", "\ue000", "\u3164", "\ufeff"):
        assert first_unsafe("ok" + bad) == 2, repr(bad)


def test_how_untrusted_text_is_echoed() -> None:
    assert escape("2024Q1\x1b[2J\u202e\udcff\n") == "2024Q1\\x1b[2J\\u202e\\udcff\\x0a"
    assert shown("Q" * 100) == "Q" * 79 + "…"
    assert describe("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"


def test_json_keeps_invisible_characters_as_escapes() -> None:
    text = json.dumps({"name": "a\u202eb \U000f0000 1\u00a0318"}, ensure_ascii=False)
    safe = json_safe(text)
    assert "\u202e" not in safe and "\\u202e" in safe
    assert json.loads(safe) == json.loads(text)  # the same JSON, surrogate pairs included


def test_a_terminal_that_cannot_show_cyrillic_reads_it_transliterated_one_for_one() -> None:
    # the "kpi-fallback" error handler is registered by importing engine.cli.streams
    text = "Министерство юстиции «МЮ» — 96,4 █▌ №5"
    shown_ascii = text.encode("ascii", "kpi-fallback").decode("ascii")
    assert shown_ascii == 'Ministerstvo usticii "MU" - 96,4 ## #5'
    assert len(shown_ascii) == len(text)  # a table keeps its columns
    assert fallback(UnicodeEncodeError("ascii", "я", 0, 1, "x")) == ("a", 1)


def test_arguments_are_read_as_utf8_whatever_the_locale() -> None:
    undecoded = "МВД".encode().decode("ascii", "surrogateescape")  # what an ASCII locale gives
    assert undecoded != "МВД"
    assert utf8_arguments(["kpi", undecoded, "2024Q1\udcff"]) == ["kpi", "МВД", "2024Q1\udcff"]
