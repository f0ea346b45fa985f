"""The message catalogues (engine/locale/<lang>/LC_MESSAGES/kpi.po) against the code and each
other: every code the code uses is in every catalogue, with the same placeholders in every
language; every entry is a valid format string; the compiled .mo files are those of the .po
files; an unknown code fails under test instead of printing itself."""

from __future__ import annotations

import ast
import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from engine import i18n
from engine.i18n import LANGUAGES, LOCALE, SOURCE, UnknownMessage, known, tr

ENGINE = Path(i18n.__file__).parent
CODE = re.compile(r"^[a-z][a-z0-9]*(-[a-zA-Z0-9_]+)+$")
# Hyphenated strings in the code that are not message codes.
NOT_MESSAGES = {"utf-8", "utf-8-sig", "x-hint", "quarter-body", "kpi-fallback", "too-long", "kpi-cdto"}
NOT_MESSAGES |= {"history-chart"}  # a command's name


def read(lang: str) -> Catalog:
    with open(LOCALE / lang / "LC_MESSAGES" / "kpi.po", "rb") as file:
        return read_po(file, locale=lang, domain="kpi")


CATALOGUES = {lang: read(lang) for lang in LANGUAGES}


def code_of(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def texts(message: Message) -> list[str]:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return [text for text in strings if text]


def fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def entries(lang: str) -> dict[str, Message]:
    return {code_of(message): message for message in CATALOGUES[lang] if message.id}


def literals_in_code() -> tuple[dict[str, str], dict[str, str]]:
    """Every string constant in engine/ that is or looks like a code (code → file), and every
    f-string or sum that builds a code from a prefix (prefix → file)."""
    codes: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for path in sorted(ENGINE.rglob("*.py")):
        where = str(path.relative_to(ENGINE.parent))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if CODE.match(node.value) or known(node.value):
                    codes.setdefault(node.value, where)
                continue
            head = None
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                head = node.values[0].value
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant):
                head = node.left.value
            if isinstance(head, str) and re.fullmatch(r"[a-z]+(-[a-z]+)*-", head):
                prefixes.setdefault(head, where)
    return codes, prefixes


CODES, PREFIXES = literals_in_code()


def test_the_code_uses_only_known_codes() -> None:
    missing = {code: where for code, where in CODES.items() if code not in NOT_MESSAGES and not known(code)}
    assert not missing, f"codes used in the code but missing from the catalogues: {missing}"


@pytest.mark.parametrize("prefix", sorted(PREFIXES))
def test_built_codes_have_a_family(prefix: str) -> None:
    """`f"schema-{keyword}"` and the like: the catalogue has messages of that family."""
    assert any(code.startswith(prefix) for code in entries(SOURCE)), f"{prefix}… ({PREFIXES[prefix]})"


def test_every_catalogue_entry_is_used() -> None:
    unused = [
        code
        for code in entries(SOURCE)
        if code not in CODES and not any(code.startswith(prefix) for prefix in PREFIXES)
    ]
    assert not unused, f"catalogue entries no code says: {unused}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_catalogue_has_every_code(lang: str) -> None:
    assert list(entries(lang)) == list(entries(SOURCE))


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != SOURCE])
def test_the_same_placeholders_in_every_language(lang: str) -> None:
    source = entries(SOURCE)
    wrong = []
    for code, message in entries(lang).items():
        expected = [fields(text) for text in texts(source[code])]
        for text in texts(message):
            if fields(text) != expected[0]:
                wrong.append(f"{code}: {sorted(fields(text))} ≠ {sorted(expected[0])}")
        assert message.pluralizable == source[code].pluralizable, code
    assert not wrong, "\n".join(wrong)


def test_the_source_language_is_complete() -> None:
    for lang in ("ru", "en"):
        empty = [code for code, message in entries(lang).items() if not texts(message)]
        assert not empty, f"{lang}: untranslated {empty}"
        plural = [code for code, message in entries(lang).items() if message.pluralizable]
        forms = CATALOGUES[lang].num_plurals
        assert all(len(texts(entries(lang)[code])) == forms for code in plural), lang


def test_plural_forms_follow_the_language() -> None:
    assert CATALOGUES["ru"].num_plurals == 3
    assert [tr("count-bodies", "ru", n=n) for n in (1, 2, 5, 11, 21, 22, 112)] == [
        "1 орган",
        "2 органа",
        "5 органов",
        "11 органов",
        "21 орган",
        "22 органа",
        "112 органов",
    ]
    assert [tr("count-bodies", "en", n=n) for n in (1, 2, 21)] == ["1 body", "2 bodies", "21 bodies"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entries_are_format_strings_over_names(lang: str) -> None:
    """A literal brace written as '{ }' would make str.format fail when the message is said."""
    for code, message in entries(lang).items():
        for text in texts(message):
            for field in fields(text):
                assert field.isidentifier(), f"{lang} {code}: field {field!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogues_are_up_to_date(lang: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, CATALOGUES[lang])
    committed = (LOCALE / lang / "LC_MESSAGES" / "kpi.mo").read_bytes()
    assert compiled.getvalue() == committed, f"run `make messages`: {lang}/kpi.mo is older than its .po"


def test_an_unknown_code_fails_under_test() -> None:
    assert i18n.strict()
    with pytest.raises(UnknownMessage):
        tr("no-such-message", "ru")


def test_an_unknown_code_shows_as_itself_for_users(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.STRICT_VARIABLE, "0")
    assert tr("no-such-message", "ru") == "no-such-message"


def test_an_untranslated_message_is_said_in_russian(monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalogue that lacks a message (a new one, not yet translated) falls back to Russian."""
    import gettext

    original = i18n.catalogue
    monkeypatch.setattr(i18n, "catalogue", lambda lang: gettext.NullTranslations() if lang == "kk" else original(lang))
    assert tr("score-title", "kk", quarter="2024Q1", rules="2023") == tr(
        "score-title", "ru", quarter="2024Q1", rules="2023"
    )
    assert tr("count-bodies", "kk", n=5) == "5 органов"


def test_a_new_language_is_one_catalogue(tmp_path: Path) -> None:
    """A fourth language needs its catalogue and nothing else: the languages are the
    catalogues found, Russian first."""
    import shutil

    from engine.i18n import discover_languages

    for lang in LANGUAGES:
        shutil.copytree(LOCALE / lang, tmp_path / lang)
    assert discover_languages(tmp_path) == ("ru", "en", "kk")
    new = tmp_path / "de" / "LC_MESSAGES"
    new.mkdir(parents=True)
    catalogue = Catalog(locale="de", domain="kpi")
    catalogue.add("score-title", "KPI-Rangliste — {quarter} (Regeln {rules})")
    with open(new / "kpi.mo", "wb") as file:
        write_mo(file, catalogue)
    assert discover_languages(tmp_path) == ("ru", "de", "en", "kk")
