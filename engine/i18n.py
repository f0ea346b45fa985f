"""Every sentence the tool says, looked up by code in the language's gettext catalogue.

The catalogues are `engine/locale/<lang>/LC_MESSAGES/kpi.po` (one per language, the format
translators' tools read; the message id is the code, the Russian text is shown to translators
as a comment) compiled to `kpi.mo` by `make messages` (Babel). At run time only the standard
library's gettext reads them. A language whose catalogue lacks a message says it in Russian.

A message is a format string over named fields. Where a message needs words chosen by code
(a "did you mean" only when there is a suggestion, a list joined, a plural), a function below
computes those fields from the arguments — every word of them again from the catalogue.
Plural forms are the catalogue's: a message with an argument `n` is looked up with ngettext.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from engine.numbers import plain

SOURCE = "ru"
LOCALE = Path(__file__).parent / "locale"


def discover_languages(root: Path) -> tuple[str, ...]:
    """The languages with a compiled catalogue under `root`, Russian first: adding a language
    is adding its catalogue (engine/locale/<lang>/LC_MESSAGES/kpi.po, compiled by make messages)."""
    found = sorted(entry.name for entry in root.iterdir() if (entry / "LC_MESSAGES" / "kpi.mo").is_file())
    return tuple(sorted(found, key=lambda lang: lang != SOURCE))


LANGUAGES = discover_languages(LOCALE)

STRICT_VARIABLE = "KPI_STRICT_MESSAGES"


def strict() -> bool:
    """Whether an unknown code is an error rather than the code printed: KPI_STRICT_MESSAGES=1,
    which tests/conftest.py sets for the tests and the processes they start."""
    return os.environ.get(STRICT_VARIABLE) == "1"


class UnknownMessage(KeyError):
    """A code that no catalogue has."""


@cache
def catalogue(lang: str) -> gettext.GNUTranslations:
    """The compiled catalogue of `lang`."""
    with open(LOCALE / lang / "LC_MESSAGES" / "kpi.mo", "rb") as file:
        return gettext.GNUTranslations(file)


def known(code: str) -> bool:
    """Whether the Russian catalogue (the complete one) has `code`."""
    source = catalogue(SOURCE)
    return source.gettext(code) != code or source.ngettext(code, code, 1) != code


def template(code: str, lang: str, count: int | None = None) -> str:
    """The format string of `code` in `lang` (its plural form for `count`, when given), or
    the Russian one where `lang`'s catalogue has no translation yet. (A message left
    untranslated is looked up as its code: Babel compiles an untranslated plural that way.)"""
    for name in (lang, SOURCE) if lang != SOURCE and lang in LANGUAGES else (SOURCE,):
        found = catalogue(name)
        text = found.gettext(code) if count is None else found.ngettext(code, code, count)
        if text != code:
            return text
    if strict():
        raise UnknownMessage(code)
    return code


def tr(code: str, lang: str, /, **args: Any) -> str:
    """The message `code` in `lang`, filled with `args`. Unknown codes show as themselves
    (and fail under test)."""
    prepare = _PREPARE.get(code)
    if prepare is not None:
        args = {**args, **prepare(args, lang)}
    count = args.get("n")
    text = template(code, lang, count if isinstance(count, int) else None)
    return text.format(**args)


def decimal_point(lang: str) -> str:
    """The decimal mark of `lang` (the catalogue's: "," in Russian, "." in English)."""
    return _symbol("number-decimal-point", lang)


def group_separator(lang: str) -> str:
    """The thousands separator of `lang` (a no-break space in Russian, "," in English)."""
    return _symbol("number-group-separator", lang)


@cache
def _symbol(code: str, lang: str) -> str:
    return template(code, lang)


# --- fields computed from the arguments -------------------------------------------------------


def _suggest(args: Mapping[str, Any], lang: str) -> str:
    suggestion = args.get("suggestion")
    return tr("tail-suggest", lang, suggestion=suggestion) if suggestion else ""


def _hint_text(hint: object, lang: str) -> str:
    """A schema's `x-hint` (a message code, or a {lang: text} mapping) in `lang`."""
    if isinstance(hint, dict):
        return str(hint.get(lang) or hint.get(SOURCE) or "")
    text = str(hint or "")
    return tr(text, lang) if text and known(text) else text


def _field_prefix(args: Mapping[str, Any], lang: str) -> str:
    field, title = args.get("field", ""), args.get("title", "")
    if not field:
        return ""
    if title:
        return tr("prefix-field-title", lang, field=field, title=title)
    return tr("prefix-field", lang, field=field)


def _or_list(items: Iterable[str], lang: str) -> str:
    names = list(items)
    while len(names) > 1:
        names[-2:] = [tr("list-or", lang, first=names[-2], second=names[-1])]
    return names[0] if names else ""


def _schema(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    hint = _hint_text(args.get("hint"), lang)
    return {
        "field_prefix": _field_prefix(args, lang),
        "hint_tail": tr("tail-hint", lang, hint=hint) if hint else "",
    }


def _schema_required(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    title = args.get("title")
    return {"title_tail": tr("tail-title", lang, title=title) if title else ""}


def _schema_type(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {**_schema(args, lang), "expected_names": _or_list((tr(t, lang) for t in args["expected"]), lang)}


def _script_tail(text: object, known: object, lang: str) -> str:
    """`; буква «а» (3-я) — кириллическая, нужна латинская` for a name that mixes the two
    alphabets (engine.alphabets), judged against the names it should have been one of."""
    from engine.alphabets import CYRILLIC, wrong_letter

    names = known.split(", ") if isinstance(known, str) else list(known) if isinstance(known, (list, tuple)) else []
    wrong = wrong_letter(str(text or ""), [name for name in names if name])
    if wrong is None:
        return ""
    code = "tail-cyrillic-letter" if wrong.script == CYRILLIC else "tail-latin-letter"
    return tr(code, lang, char=wrong.char, position=wrong.position)


def _schema_enum(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {
        **_schema(args, lang),
        "allowed_list": ", ".join(tr("quoted", lang, text=name) for name in args["allowed"]),
        "suggest": _suggest(args, lang),
        "script_tail": _script_tail(args.get("got"), args["allowed"], lang),
    }


def _schema_pattern(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {**_schema(args, lang), "script_tail": _script_tail(args.get("got"), (), lang)}


def _with_suggestion(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {"suggest": _suggest(args, lang)}


def _named(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    """A name that is not one of `known`: "did you mean", and the letter of the wrong alphabet."""
    return {"suggest": _suggest(args, lang), "script_tail": _script_tail(args.get("name"), args.get("known"), lang)}


def _file_not_regular(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {"kind_name": tr(args["kind"], lang)}


def _yaml_indent(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {"columns_text": _or_list((str(column) for column in args["columns"]), lang)}


def _formula_construct(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    name = args["construct"]
    code = f"construct-{name}"
    return {"construct_name": tr(code, lang) if known(code) else tr("construct-other", lang, name=name)}


def _formula_character(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    meant = args.get("meant")
    return {"meant_tail": tr("tail-meant", lang, meant=meant) if meant else ""}


def _detail(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {"detail_text": tr(args["detail"], lang, **args["detail_args"])}


def _example_failed(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    # as engine.formats.number writes a figure ("-" for none: a Z the formula could not give);
    # formats reads its marks from here, not the reverse
    point = decimal_point(lang)
    return {
        name + "_text": "-" if args[name] is None else plain(args[name]).replace(".", point)
        for name in ("expected", "got")
    }


def _reason_no_data(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    parts = (
        tr("data-given", lang, name=name, value=args[name]) if args.get(name) else tr("data-not-given", lang, name=name)
        for name in args["names"].split(", ")
    )
    return {"missing": ", ".join(parts)}


def _unknown_name(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    listed = args.get("known")
    return {
        "kind_name": tr("kind-" + args["kind"], lang),
        "suggest": _suggest(args, lang),
        "script_tail": _script_tail(args.get("name"), listed or (), lang),
        "known_tail": tr("tail-known", lang, known=", ".join(listed)) if listed else tr("tail-known-none", lang),
    }


def _ambiguous_kpi(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    items = (tr("ambiguous-kpi-item", lang, id=kpi, direction=direction) for kpi, direction in args["candidates"])
    return {"candidates_text": ", ".join(items)}


def _validate_ok(args: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {
        "bodies_text": tr("count-bodies", lang, n=args["bodies"]),
        "examples_text": tr("count-examples-hold", lang, n=args["examples"]),
    }


_PREPARE: dict[str, Callable[[Mapping[str, Any], str], dict[str, str]]] = {
    "file-not-regular": _file_not_regular,
    "yaml-indent": _yaml_indent,
    "schema-required": _schema_required,
    "schema-unknown-key": _named,
    "schema-type": _schema_type,
    "schema-enum": _schema_enum,
    "schema-pattern": _schema_pattern,
    **{
        f"schema-{kind}": _schema
        for kind in (
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "empty",
            "too-long",
            "hinted",
            "other",
        )
    },
    "formula-unknown-name": _with_suggestion,
    "formula-function": _with_suggestion,
    "formula-construct": _formula_construct,
    "formula-character": _formula_character,
    "kpi-not-computable": _detail,
    "whatif-set-value": _detail,
    "unknown-variant": _named,
    "example-failed": _example_failed,
    "unknown-rules-in-quarter": _with_suggestion,
    "unknown-body": _named,
    "unknown-kpi": _named,
    "unknown-direction": _with_suggestion,
    "reason-no-data": _reason_no_data,
    "unknown-name": _unknown_name,
    "ambiguous-kpi": _ambiguous_kpi,
    "validate-ok": _validate_ok,
    "order-unknown-body": _with_suggestion,
}
