"""Every sentence the tool says, in Russian (default) and English, looked up by code.

A message is a format string over its arguments, or a function of them when it needs to
choose words (a "did you mean" that is only there when there is a suggestion).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from engine.output.formats import number

LANGUAGES = ("ru", "en")
Message = str | Callable[[Mapping[str, Any]], str]


def _suggest(lang: str) -> Callable[[Mapping[str, Any]], str]:
    def text(args: Mapping[str, Any]) -> str:
        suggestion = args.get("suggestion")
        if not suggestion:
            return ""
        return f"; возможно, имелось в виду «{suggestion}»" if lang == "ru" else f"; did you mean '{suggestion}'?"

    return text


def _hint(lang: str, args: Mapping[str, Any]) -> str:
    hint = args.get("hint")
    if isinstance(hint, dict):
        hint = hint.get(lang, "")
    return f" ({hint})" if hint else ""


def _field(lang: str, args: Mapping[str, Any]) -> str:
    field, title = args.get("field", ""), args.get("title", "")
    if not field:
        return ""
    if title and lang == "ru":
        return f"{field} ({title}): "
    return f"{field}: "


_ru_suggest, _en_suggest = _suggest("ru"), _suggest("en")

MESSAGES: dict[str, tuple[Message, Message]] = {
    # --- problems: files and YAML ---
    "problem-kpi-prefix": ("KPI {kpi}: ", "KPI {kpi}: "),
    "file-missing": ("файл не найден", "file not found"),
    "file-unreadable": ("файл не читается: {reason}", "cannot read the file: {reason}"),
    "file-too-large": (
        "файл больше {limit} байт ({size}); такой файл не читается — проверьте, тот ли это файл",
        "the file is larger than {limit} bytes ({size}); it is not read — check that it is the right file",
    ),
    "file-outside-workspace": (
        "ссылка ведёт за пределы рабочей папки; kpi читает только файлы внутри неё — "
        "положите сюда сам файл, а не ссылку",
        "a link leading outside the workspace; kpi reads only files inside it — put the file itself here, not a link",
    ),
    "file-not-regular": (
        lambda a: "это не файл, а " + tr(a["kind"], "ru") + "; уберите или переименуйте его",
        lambda a: "this is not a file but " + tr(a["kind"], "en") + "; remove or rename it",
    ),
    "file-kind-directory": ("папка", "a folder"),
    "file-kind-fifo": ("канал (FIFO)", "a pipe (FIFO)"),
    "file-kind-device": ("устройство", "a device"),
    "file-kind-socket": ("сокет", "a socket"),
    "file-hard-link": (
        "у файла есть и другие имена (жёстких ссылок: {links}); kpi читает только файлы с одним "
        "именем — скопируйте файл сюда (cp), а не связывайте (ln)",
        "the file has other names ({links} hard links); kpi reads only files with one name — copy the "
        "file here (cp), do not link it (ln)",
    ),
    "file-dangling-link": (
        "ссылка ведёт к файлу, которого нет; замените ссылку самим файлом",
        "a link to a file that does not exist; replace the link with the file itself",
    ),
    "file-link-loop": (
        "ссылка ведёт сама на себя (петля ссылок); замените её самим файлом",
        "a link that leads back to itself (a loop of links); replace it with the file itself",
    ),
    "file-not-utf8": (
        "файл не в кодировке UTF-8; сохраните его как UTF-8",
        "the file is not UTF-8; save it as UTF-8",
    ),
    "yaml-empty": ("файл пуст", "the file is empty"),
    "yaml-tab": (
        "символ табуляции; в YAML отступы делаются только пробелами — замените его пробелами",
        "a tab character; YAML indents with spaces only — replace it with spaces",
    ),
    "yaml-control": (
        "невидимый управляющий символ {char}; удалите его (такие символы попадают в текст "
        "при копировании из документов)",
        "an invisible control character {char}; delete it (such characters come in with text copied from documents)",
    ),
    "yaml-too-deep": (
        "вложенность глубже {limit} уровней; в файлах kpi такой нет — проверьте скобки [ ] и {{ }}",
        "nesting deeper than {limit} levels; no kpi file has that — check the brackets [ ] and {{ }}",
    ),
    "yaml-too-many-values": (
        "в файле больше {limit} значений; файл kpi столько не содержит — проверьте, тот ли это файл",
        "the file holds more than {limit} values; no kpi file holds that many — check that it is the right file",
    ),
    "folder-name-invisible": (
        "в имени папки невидимый или управляющий символ {char}; переименуйте папку",
        "the folder's name holds an invisible or control character {char}; rename the folder",
    ),
    "text-too-long": (
        "текст длиной {length} символов — больше {limit}; в файлах kpi таких нет — проверьте, тот ли это файл",
        "a text of {length} characters, more than {limit}; no kpi file has one — check that it is the right file",
    ),
    "text-invisible": (
        "невидимый или управляющий символ {char}; удалите его — в названиях и формулах допустимы только "
        "видимые символы и пробелы",
        "an invisible or control character {char}; delete it — names and formulas hold only visible "
        "characters and spaces",
    ),
    "yaml-several-documents": (
        "второй документ YAML («---»); в файле должен быть один документ",
        "a second YAML document ('---'); a file holds one document",
    ),
    "yaml-alias": (
        "ссылка *{name} не разрешена; напишите значение полностью",
        "the alias *{name} is not allowed; write the value out",
    ),
    "yaml-anchor": (
        "якорь &{name} не разрешён; напишите значение полностью",
        "the anchor &{name} is not allowed; write the value out",
    ),
    "yaml-tag": (
        "тег {tag} не разрешён; уберите его",
        "the tag {tag} is not allowed; remove it",
    ),
    "yaml-complex-key": (
        "ключ должен быть простым словом или числом",
        "a key must be a plain word or number",
    ),
    "yaml-duplicate-key": (
        "ключ «{key}» повторяется (впервые в строке {first}); оставьте один",
        "the key '{key}' appears twice (first on line {first}); keep one",
    ),
    "yaml-odd-number": (
        "число «{text}» записано необычно; пишите только цифры, дробную часть — через точку, "
        "или возьмите значение в кавычки",
        "the number '{text}' is written oddly; use plain digits with a decimal point, or quote it",
    ),
    "yaml-syntax": (
        lambda a: "ошибка синтаксиса YAML: " + str(a["detail"]) + _hint_text("ru", a),
        lambda a: "YAML syntax error: " + str(a["detail"]) + _hint_text("en", a),
    ),
    "yaml-hint-dash": (
        'если это «нет данных», возьмите прочерк в кавычки: "-"',
        "if this means 'no data', quote the dash: \"-\"",
    ),
    "yaml-hint-colon": (
        "после ключа нужны двоеточие и пробел; текст с двоеточием возьмите в кавычки",
        "a key needs a colon and a space; quote text that contains a colon",
    ),
    "yaml-hint-indent": (
        "проверьте отступы: элементы одного уровня начинаются в одном столбце",
        "check the indentation: items of one level start in the same column",
    ),
    "yaml-hint-quote": ("не закрыта кавычка", "a quote is not closed"),
    "yaml-unclosed-quote": (
        "кавычка открыта и не закрыта в этой строке; закройте её в конце значения",
        "a quote opens here and is not closed on this line; close it at the end of the value",
    ),
    "yaml-hint-escape": (
        "в двойных кавычках обратная косая черта начинает спецсимвол; используйте одинарные кавычки",
        "in double quotes a backslash starts an escape; use single quotes",
    ),
    "yaml-hint-single": ("в файле должен быть один документ", "a file holds one document"),
    # --- problems: schema ---
    "schema-required": (
        lambda a: f"нет обязательного поля «{a['name']}»" + (f" ({a['title']})" if a.get("title") else ""),
        lambda a: f"the required field '{a['name']}' is missing",
    ),
    "schema-unknown-key": (
        lambda a: f"неизвестное поле «{a['name']}»; допустимы: {a['known']}" + _ru_suggest(a),
        lambda a: f"unknown field '{a['name']}'; allowed: {a['known']}" + _en_suggest(a),
    ),
    "schema-type": (
        lambda a: (
            _field("ru", a)
            + "ожидается "
            + " или ".join(tr(t, "ru") for t in a["expected"])
            + f", получено «{a['got']}»"
            + _hint("ru", a)
        ),
        lambda a: (
            _field("en", a)
            + "expected "
            + " or ".join(tr(t, "en") for t in a["expected"])
            + f", got '{a['got']}'"
            + _hint("en", a)
        ),
    ),
    "type-string": ("текст", "text"),
    "type-number": ("число", "a number"),
    "type-integer": ("целое число", "a whole number"),
    "type-object": ("набор полей «ключ: значение»", "a mapping of 'key: value' fields"),
    "type-array": ("список (строки с «- »)", "a list (lines starting with '- ')"),
    "type-boolean": ("true или false", "true or false"),
    "type-null": ("пустое значение", "an empty value"),
    "schema-enum": (
        lambda a: (
            _field("ru", a)
            + f"недопустимое значение «{a['got']}»; допустимо: "
            + ", ".join(f"«{n}»" for n in a["allowed"])
            + _ru_suggest(a)
            + (f" (в значении латинские буквы: {a['latin']})" if a.get("latin") else "")
        ),
        lambda a: (
            _field("en", a)
            + f"'{a['got']}' is not allowed; allowed: "
            + ", ".join(f"'{n}'" for n in a["allowed"])
            + _en_suggest(a)
            + (f" (the value has latin letters: {a['latin']})" if a.get("latin") else "")
        ),
    ),
    "schema-minimum": (
        lambda a: _field("ru", a) + f"значение {a['got']} меньше {a['limit']}" + _hint("ru", a),
        lambda a: _field("en", a) + f"{a['got']} is less than {a['limit']}" + _hint("en", a),
    ),
    "schema-maximum": (
        lambda a: _field("ru", a) + f"значение {a['got']} больше {a['limit']}" + _hint("ru", a),
        lambda a: _field("en", a) + f"{a['got']} is more than {a['limit']}" + _hint("en", a),
    ),
    "schema-exclusiveMinimum": (
        lambda a: _field("ru", a) + f"значение {a['got']} должно быть больше {a['limit']}" + _hint("ru", a),
        lambda a: _field("en", a) + f"{a['got']} must be more than {a['limit']}" + _hint("en", a),
    ),
    "schema-exclusiveMaximum": (
        lambda a: _field("ru", a) + f"значение {a['got']} должно быть меньше {a['limit']}" + _hint("ru", a),
        lambda a: _field("en", a) + f"{a['got']} must be less than {a['limit']}" + _hint("en", a),
    ),
    "schema-empty": (
        lambda a: _field("ru", a) + "не может быть пустым",
        lambda a: _field("en", a) + "must not be empty",
    ),
    "schema-too-long": (
        lambda a: _field("ru", a) + f"длиннее {a['limit']} символов ({a['length']}); сократите",
        lambda a: _field("en", a) + f"longer than {a['limit']} characters ({a['length']}); shorten it",
    ),
    "schema-pattern": (
        lambda a: _field("ru", a) + f"«{a['got']}» не подходит" + _hint("ru", a),
        lambda a: _field("en", a) + f"'{a['got']}' does not fit" + _hint("en", a),
    ),
    "schema-hinted": (
        lambda a: _field("ru", a) + f"«{a['got']}» не подходит" + _hint("ru", a),
        lambda a: _field("en", a) + f"'{a['got']}' does not fit" + _hint("en", a),
    ),
    "schema-other": (
        lambda a: _field("ru", a) + f"значение не подходит: {a['detail']}",
        lambda a: _field("en", a) + f"the value does not fit: {a['detail']}",
    ),
    # --- problems: numbers in data ---
    "number-empty": (
        'пустое значение; если данных нет, напишите "-"',
        'an empty value; write "-" when there is no data',
    ),
    "values-empty": (
        lambda a: (
            f"не заполнено значений: {a['count']} (KPI {a['kpis']}); впишите a и b, а где данных нет — "
            f'"-"; ход сбора: kpi quarter status {a["quarter"]}'
        ),
        lambda a: (
            f'empty values: {a["count"]} (KPI {a["kpis"]}); fill in a and b, and "-" where there is '
            f"no data; collection progress: kpi quarter status {a['quarter']}"
        ),
    ),
    "number-format": (
        '«{text}» — не число; ожидается, например, 156710, "1 318 826", "3 714 388,81", '
        '"4,05 млрд", "628,54 млрд тенге" или "-", если данных нет',
        '\'{text}\' is not a number; expected e.g. 156710, "1 318 826", "3 714 388,81", '
        '"4,05 млрд", "628,54 млрд тенге", or "-" for no data',
    ),
    "number-dash": (
        '«{text}» — длинное тире; «нет данных» обозначается дефисом: "-"',
        "'{text}' is a long dash; 'no data' is a hyphen: \"-\"",
    ),
    "number-ambiguous": (
        "«{text}» читается двояко: {grouped} или {decimal}? Напишите так, как имеется в виду: "
        "тысячи — через пробел ({grouped}), дробную часть — через запятую ({decimal})",
        "'{text}' reads two ways: {grouped} or {decimal}? Write what is meant: thousands with a "
        "space ({grouped}), a fraction with a comma ({decimal})",
    ),
    "number-too-long": (
        "«{text}»: запись числа длиннее {limit} символов; проверьте значение",
        "'{text}': the number is written with more than {limit} characters; check the value",
    ),
    "number-too-large": (
        "«{text}»: число больше {limit} по модулю; такие величины kpi не принимает — проверьте, нет ли лишних цифр",
        "'{text}': the number exceeds {limit} in magnitude; kpi does not accept such values — check for extra digits",
    ),
    "number-too-precise": (
        "«{text}»: больше {places} знаков после запятой; округлите значение до {places} знаков",
        "'{text}': more than {places} decimal places; round the value to {places} places",
    ),
    "number-not-finite": (
        "«{text}» — не конечное число",
        "'{text}' is not a finite number",
    ),
    "number-negative": (
        '«{text}» — отрицательное значение; числитель и знаменатель не бывают меньше 0 («нет данных» — "-" в кавычках)',
        "'{text}' is negative; a numerator or denominator is never below 0 ('no data' is \"-\" in quotes)",
    ),
    # --- problems: formulas ---
    "formula-empty": ("формула пуста", "the formula is empty"),
    "formula-too-long": (
        "формула длиннее {limit} символов ({length}); упростите её",
        "the formula is longer than {limit} characters ({length}); simplify it",
    ),
    "formula-syntax": (
        "формула «{formula}» не разбирается: {detail}",
        "the formula '{formula}' does not parse: {detail}",
    ),
    "formula-power": (
        "возведение в степень ({symbol}) в формулах не разрешено; разрешены + - * /",
        "powers ({symbol}) are not allowed in formulas; use + - * /",
    ),
    "formula-operator": (
        "операция «{symbol}» в формулах не разрешена; разрешены + - * /, сравнения, and, or, not",
        "the operation '{symbol}' is not allowed; use + - * /, comparisons, and, or, not",
    ),
    "formula-unknown-name": (
        lambda a: f"неизвестное имя «{a['name']}» в формуле; здесь доступны: {a['allowed']}" + _ru_suggest(a),
        lambda a: f"unknown name '{a['name']}' in the formula; available here: {a['allowed']}" + _en_suggest(a),
    ),
    "formula-function-not-called": (
        "функция {name} без скобок; пишите {name}(x, y)",
        "the function {name} is not called; write {name}(x, y)",
    ),
    "formula-function": (
        lambda a: f"функция «{a['name']}» не разрешена; разрешены только {a['allowed']}" + _ru_suggest(a),
        lambda a: f"the function '{a['name']}' is not allowed; only {a['allowed']}" + _en_suggest(a),
    ),
    "formula-call": (
        "вызов не разрешён; можно вызывать только min, max, abs с числами в скобках",
        "this call is not allowed; only min, max, abs with numbers in brackets",
    ),
    "formula-arguments": (
        "у {name} неверное число аргументов: abs(x) — одно число, min и max — от двух до пяти (min(a, b))",
        "{name} has the wrong number of arguments: abs(x) takes one number, min and max two to five (min(a, b))",
    ),
    "formula-attribute": (
        "обращение через точку (атрибуты) в формулах не разрешено",
        "attribute access (a dot after a value) is not allowed in formulas",
    ),
    "formula-subscript": (
        "индексы в квадратных скобках в формулах не разрешены",
        "indexing with square brackets is not allowed in formulas",
    ),
    "formula-lambda": ("lambda в формулах не разрешена", "lambda is not allowed in formulas"),
    "formula-string": (
        "текст в кавычках в формулах не разрешён; формула работает только с числами",
        "quoted text is not allowed in formulas; a formula works with numbers only",
    ),
    "formula-constant": (
        "константа {text} не разрешена; используйте числа",
        "the constant {text} is not allowed; use numbers",
    ),
    "formula-literal-too-big": (
        "число в формуле больше {limit}",
        "a number in the formula is larger than {limit}",
    ),
    "formula-construct": (
        lambda a: (
            f"{_construct(a['construct'], 0)} в формулах не разрешены; разрешены + - * /, сравнения, "
            "«x if условие else y», числа, имена и функции min, max, abs"
        ),
        lambda a: (
            f"{_construct(a['construct'], 1)} are not allowed in formulas; use + - * /, comparisons, "
            "'x if condition else y', numbers, names and min, max, abs"
        ),
    ),
    "formula-too-deep": (
        "формула вложена глубже {limit} уровней; упростите её",
        "the formula nests deeper than {limit} levels; simplify it",
    ),
    "formula-too-complex": (
        "в формуле больше {limit} элементов; упростите её",
        "the formula has more than {limit} elements; simplify it",
    ),
    "formula-character": (
        lambda a: (
            f"символ {a['char']} в формуле не разрешён; формулы пишутся латинскими буквами и знаками "
            "+ - * / ( ) < > = ." + (f" — возможно, имелось в виду «{a['meant']}»" if a["meant"] else "")
        ),
        lambda a: (
            f"the character {a['char']} is not allowed in a formula; formulas use Latin letters and "
            "+ - * / ( ) < > = ." + (f" — did you mean '{a['meant']}'?" if a["meant"] else "")
        ),
    ),
    "formula-excel-if": (
        "{name}(условие; x; y) — запись Excel; в формуле kpi это «x if условие else y», "
        "например «U if Z >= N else Z / N * U»",
        "{name}(condition; x; y) is Excel's form; a kpi formula writes it as 'x if condition else y', "
        "e.g. 'U if Z >= N else Z / N * U'",
    ),
    "formula-literal-too-precise": (
        "в числе формулы больше {places} знаков после запятой",
        "a number in the formula has more than {places} decimal places",
    ),
    "formula-precision": (
        "формула даёт дробь со знаменателем больше 10^100; упростите её",
        "the formula gives a fraction whose denominator exceeds 10^100; simplify it",
    ),
    "formula-overflow": (
        "промежуточное значение формулы больше {limit}",
        "an intermediate value of the formula exceeds {limit}",
    ),
    "kpi-not-computable": (
        lambda a: (
            f"{a['quantity']} не вычисляется по формуле «{a['formula']}» с данными этого KPI: "
            + tr(a["detail"], "ru", **a["detail_args"])
            + "; проверьте a и b (не пропущена ли запятая, не лишние ли нули)"
        ),
        lambda a: (
            f"{a['quantity']} cannot be computed by the formula '{a['formula']}' with this KPI's data: "
            + tr(a["detail"], "en", **a["detail_args"])
            + "; check a and b (a missing decimal comma, extra zeros?)"
        ),
    ),
    "formula-not-a-number": (
        "формула дала «{value}», а не число",
        "the formula gave '{value}', not a number",
    ),
    # --- problems: rules ---
    "unknown-variant": (
        lambda a: f"неизвестный вариант формулы «{a['name']}»; есть: {a['known']}" + _ru_suggest(a),
        lambda a: f"unknown formula variant '{a['name']}'; known: {a['known']}" + _en_suggest(a),
    ),
    "example-failed": (
        lambda a: (
            f"пример «{a['title']}» не сходится: {a['figure']} ожидался {number(a['expected'], 'ru')}, "
            f"получился {number(a['got'], 'ru')}"
        ),
        lambda a: (
            f"the example '{a['title']}' does not hold: {a['figure']} expected {number(a['expected'], 'en')}, "
            f"got {number(a['got'], 'en')}"
        ),
    ),
    "body-id-mismatch": (
        "идентификатор «{id}» не совпадает с именем файла «{stem}.yaml»; переименуйте одно из двух",
        "the id '{id}' does not match the file name '{stem}.yaml'; rename one of them",
    ),
    "duplicate-direction": (
        "направление «{id}» уже есть ({first}); идентификаторы направлений не повторяются",
        "the direction '{id}' already exists ({first}); direction ids are unique",
    ),
    "duplicate-kpi": (
        "идентификатор KPI «{id}» уже занят ({first}); дайте этому KPI другой",
        "the KPI id '{id}' is already taken ({first}); give this KPI another",
    ),
    "unit-mismatch": (
        "единица «{unit}» не подходит к варианту {variant}, нужна «{expected}»",
        "the unit '{unit}' does not fit the variant {variant}, which needs '{expected}'",
    ),
    "weights-total": (
        "веса направления «{direction}» в сумме {total}, а должны {expected}: {terms}",
        "the weights of the direction '{direction}' add up to {total}, not {expected}: {terms}",
    ),
    "duplicate-short": (
        "краткое имя «{short}» уже занято ({other})",
        "the short name '{short}' is already used ({other})",
    ),
    "rules-no-bodies": (
        "в версии правил нет ни одного файла органа",
        "the rules version has no body files",
    ),
    # --- problems: quarters ---
    "period-mismatch": (
        "период «{period}» не совпадает с папкой «{folder}»",
        "the period '{period}' does not match the folder '{folder}'",
    ),
    "unknown-rules-in-quarter": (
        lambda a: f"версии правил «{a['name']}» нет; есть: {a['known']}" + _ru_suggest(a),
        lambda a: f"there is no rules version '{a['name']}'; there are: {a['known']}" + _en_suggest(a),
    ),
    "body-data-missing": (
        "нет данных органа {short}: создайте файл {file}",
        "no data for {short}: create the file {file}",
    ),
    "unknown-body": (
        lambda a: f"органа «{a['name']}» нет в правилах; есть: {a['known']}" + _ru_suggest(a),
        lambda a: f"the rules have no body '{a['name']}'; known: {a['known']}" + _en_suggest(a),
    ),
    "unknown-kpi": (
        lambda a: f"у {a['body']} нет такого KPI; есть: {a['known']}" + _ru_suggest(a),
        lambda a: f"{a['body']} has no such KPI; known: {a['known']}" + _en_suggest(a),
    ),
    "unknown-direction": (
        lambda a: f"направления «{a['name']}» нет; есть: {a['known']}" + _ru_suggest(a),
        lambda a: f"there is no direction '{a['name']}'; known: {a['known']}" + _en_suggest(a),
    ),
    "kpi-data-missing": (
        'нет данных для KPI №{no} «{name}»; добавьте a и b ("-", если данных нет)',
        "no data for KPI #{no} '{name}'; add a and b (\"-\" when there is no data)",
    ),
    "b-missing": (
        'нет знаменателя b, а вариант {variant} его использует; добавьте b ("-", если данных нет)',
        'the denominator b is missing and the variant {variant} uses it; add b ("-" for no data)',
    ),
    "currency-mismatch": (
        "a «{a}» и b «{b}» в разных единицах; приведите их к одной",
        "a '{a}' and b '{b}' are in different units; bring them to one",
    ),
    "invariant-violated": (
        "нарушено условие методики {formula}: {values}",
        "the methodology's condition {formula} fails: {values}",
    ),
    # --- reasons for a zero ---
    "reason-no-target": (
        "цель N не установлена (N = {target}), поэтому W = 0",
        "no target (N = {target}), so W = 0",
    ),
    "reason-no-data": (
        lambda a: (
            "нет данных ("
            + ", ".join(f"{n} = «{a[n]}»" if a.get(n) else f"{n} не указано" for n in a["names"].split(", "))
            + "), поэтому W = 0"
        ),
        lambda a: (
            "no data ("
            + ", ".join(f"{n} = '{a[n]}'" if a.get(n) else f"{n} not given" for n in a["names"].split(", "))
            + "), so W = 0"
        ),
    ),
    "reason-zero-denominator": (
        "знаменатель b = {b}: доля не определена, поэтому W = 0",
        "the denominator b = {b}: the share is undefined, so W = 0",
    ),
    "reason-zero-division": (
        "формула делит на ноль, поэтому W = 0",
        "the formula divides by zero, so W = 0",
    ),
    "reason-not-in-data": (
        "этого KPI нет в данных квартала (они собраны по другой версии правил), поэтому W = 0",
        "the quarter has no data for this KPI (collected under another rules version), so W = 0",
    ),
    "reason-not-computable": (
        "W не вычисляется с этими данными (см. сообщение о KPI), поэтому W = 0",
        "W cannot be computed with these data (see the message about the KPI), so W = 0",
    ),
    # --- causes found by `kpi check` ---
    "cause-share-dash": (
        "в отчёте «-», хотя a / b × 100 = {a} / {b} × 100 = {computed}",
        "the report prints '-' though a / b × 100 = {a} / {b} × 100 = {computed}",
    ),
    "cause-share-undefined": (
        "в отчёте {printed}, но при b = {b} доля не определена (деление на ноль); W = 0 в обоих случаях",
        "the report prints {printed}, but with b = {b} the share is undefined (division by zero); W = 0 either way",
    ),
    "cause-share-arithmetic": (
        "ошибка счёта в отчёте: {a} / {b} × 100 = {exact} → {computed}, а напечатано {printed}",
        "an arithmetic error in the report: {a} / {b} × 100 = {exact} → {computed}, but {printed} is printed",
    ),
    "cause-assigned-dash": (
        "в отчёте «-» вместо W = {computed}",
        "the report prints '-' instead of W = {computed}",
    ),
    "cause-assigned-above-weight": (
        "в отчёте W = {printed} больше веса U = {weight} (нарушено условие W <= U); по методике W = {computed}",
        "the report's W = {printed} exceeds the weight U = {weight} (W <= U fails); the method gives {computed}",
    ),
    "cause-assigned-not-rounded": (
        "в отчёте W = {printed} не обрезано до одного знака после запятой: {computed}",
        "the report's W = {printed} is not cut to one decimal: {computed}",
    ),
    "cause-assigned-from-wrong-share": (
        "W в отчёте посчитан от ошибочной доли Z = {share}; от верной доли W = {computed}",
        "the report computed W from its wrong share Z = {share}; the right share gives W = {computed}",
    ),
    "cause-assigned-arithmetic": (
        "по методике W = {computed}, в отчёте {printed}",
        "the method gives W = {computed}, the report {printed}",
    ),
    "cause-total-from-published": (
        "итог в отчёте — сумма его же W ({reported}), включая ошибочные ({kpis}); по методике {computed}",
        "the report's total adds up its own W ({reported}), wrong ones included ({kpis}); the method gives {computed}",
    ),
    "cause-total-arithmetic": (
        "итог в отчёте не равен сумме его же W ({reported}); по методике {computed}",
        "the report's total is not the sum of its own W ({reported}); the method gives {computed}",
    ),
    "cause-score-from-published": (
        "R в отчёте сложен из его же W ({reported}), включая ошибочные ({kpis}); по методике R = {computed}",
        "the report's R adds up its own W ({reported}), wrong ones included ({kpis}); the method gives R = {computed}",
    ),
    "cause-score-arithmetic": (
        "R в отчёте не равен итогу его же W ({reported}); по методике R = {computed}",
        "the report's R is not the total of its own W ({reported}); the method gives R = {computed}",
    ),
    "cause-rank": (
        "место в отчёте {printed}, по пересчёту {computed}",
        "the report ranks it {printed}, the recomputation {computed}",
    ),
    # --- errors ---
    "workspace-not-found": (
        lambda a: (
            f"{a['path']} — не рабочая папка: в ней нет папок rules/ и quarters/"
            if a.get("explicit")
            else f"рабочая папка не найдена: ни в {a['path']}, ни выше нет папок rules/ и quarters/; "
            "перейдите в неё или укажите --workspace"
        ),
        lambda a: (
            f"{a['path']} is not a workspace: it has no rules/ and quarters/ folders"
            if a.get("explicit")
            else f"no workspace found: neither {a['path']} nor a folder above it has rules/ and quarters/; "
            "cd into one or pass --workspace"
        ),
    ),
    "unknown-name": (
        lambda a: (
            f"{tr('kind-' + a['kind'], 'ru')} «{a['name']}» нет"
            + (f"; возможно, имелось в виду «{a['suggestion']}»" if a.get("suggestion") else "")
            + (f". Есть: {', '.join(a['known'])}" if a.get("known") else ". Нет ни одного.")
        ),
        lambda a: (
            f"there is no {tr('kind-' + a['kind'], 'en')} '{a['name']}'"
            + (f"; did you mean '{a['suggestion']}'?" if a.get("suggestion") else "")
            + (f" Known: {', '.join(a['known'])}" if a.get("known") else " There are none.")
        ),
    ),
    "kind-quarter": ("Квартала", "quarter"),
    "kind-rules": ("Версии правил", "rules version"),
    "kind-body": ("Органа", "body"),
    "kind-kpi": ("KPI", "KPI"),
    "workspace-no-cwd": (
        "текущая папка недоступна (удалена или не читается); перейдите в рабочую папку или укажите --workspace",
        "the current folder is unavailable (deleted or unreadable); go to the workspace or give --workspace",
    ),
    "unknown-language": (
        "{source}: язык «{lang}» не поддерживается; есть {known}",
        "{source}: the language '{lang}' is not supported; use {known}",
    ),
    "output-failed": (
        "kpi: не удалось записать вывод ({stream}): {reason}",
        "kpi: cannot write the output ({stream}): {reason}",
    ),
    "written": ("Записан файл {path}", "Written: {path}"),
    "output-format": (
        "{path}: такой формат не создаётся; имя файла должно оканчиваться на {allowed}",
        "{path}: not a format kpi writes; the file name must end in {allowed}",
    ),
    "output-exists": (
        "{path} уже существует; выберите другое имя или добавьте --force, чтобы заменить его",
        "{path} already exists; choose another name, or add --force to replace it",
    ),
    "output-folder-missing": (
        "{path}: папки {folder} нет; создайте её или укажите другую",
        "{path}: the folder {folder} does not exist; create it or choose another",
    ),
    "output-not-a-file": (
        "{path} — не обычный файл (устройство или канал); укажите имя файла",
        "{path} is not a regular file (a device or a pipe); give a file name",
    ),
    "output-is-folder": ("{path} — это папка; укажите имя файла", "{path} is a folder; give a file name"),
    "output-not-writable": ("{path}: записать не удалось: {reason}", "{path}: cannot write: {reason}"),
    "output-disk-full": (
        "{path}: записать не удалось — на диске нет места; файл не создан",
        "{path}: cannot write — the disk is full; no file was created",
    ),
    "quarter-period": (
        "«{quarter}» — не квартал; пишите год и номер квартала: 2024Q2",
        "'{quarter}' is not a quarter; write the year and the quarter's number: 2024Q2",
    ),
    "quarter-exists": (
        "квартал {quarter} уже есть (quarters/{quarter}); он не изменён",
        "the quarter {quarter} exists already (quarters/{quarter}); it was not changed",
    ),
    "quarter-created": (
        "Создан квартал {quarter}: {folder} (правила {rules}; {bodies} органов, {kpis} KPI, значения пусты). "
        "Заполните a и b или разошлите формы: kpi quarter forms {quarter} -o forms",
        "Created the quarter {quarter}: {folder} (rules {rules}; {bodies} bodies, {kpis} KPIs, values empty). "
        "Fill in a and b, or send the forms: kpi quarter forms {quarter} -o forms",
    ),
    "quarter-validate-ok": (
        "Квартал {quarter}: проблем нет ({bodies} органов, {kpis} KPI)",
        "Quarter {quarter}: no problems ({bodies} bodies, {kpis} KPIs)",
    ),
    "quarter-validate-found": (
        "Квартал {quarter}: проблем — {problems}, предупреждений — {warnings}",
        "Quarter {quarter}: {problems} problems, {warnings} warnings",
    ),
    "status-title": (
        "Сбор данных {quarter} (правила {rules}, статус {status})",
        "Data collection {quarter} (rules {rules}, status {status})",
    ),
    "status-total": ("Всего", "Total"),
    "status-line": (
        "Заполнено {filled} из {total} KPI. Что не так — kpi quarter validate",
        "{filled} of {total} KPIs filled. What is wrong: kpi quarter validate",
    ),
    "status-complete": (
        "Все {total} KPI заполнены. Дальше: kpi score, kpi check, kpi report",
        "All {total} KPIs are filled. Next: kpi score, kpi check, kpi report",
    ),
    "col-kpis": ("KPI", "KPIs"),
    "col-filled": ("Заполнено", "Filled"),
    "col-missing": ("Не заполнено", "Missing"),
    "col-problems": ("Ошибки", "Problems"),
    "col-warnings": ("Предупреждения", "Warnings"),
    "form-heading": (
        "Форма сбора данных по KPI цифрового заместителя первого руководителя",
        "Data collection form: the KPIs of the digital deputy (CDTO)",
    ),
    "form-period": ("Квартал: {quarter} · правила расчёта: {rules}", "Quarter: {quarter} · scoring rules: {rules}"),
    "form-instruction": (
        "Заполните жёлтые ячейки a и b для каждого KPI. Для доли (%): a — числитель, b — знаменатель "
        "(например, a — услуги, оказанные в электронном виде, b — все услуги); долю Z программа "
        "посчитает сама. Для количества (ед.): a — число единиц, b не нужен. Нет данных — дефис «-». "
        "Числа пишите без пробелов и без знака %: 1318826 или 3714388,81. Названия, U и N — для "
        "сведения, их не меняйте. Строки можно сортировать: каждая помнит свой KPI.",
        "Fill in the yellow cells a and b for every KPI. For a share (%): a is the numerator, b the "
        "denominator (e.g. a — services delivered online, b — all services); kpi computes the share "
        "Z. For a count (units): a is the number of units, b is not needed. No data: a hyphen '-'. "
        "Write numbers without spaces or a % sign: 1318826 or 3714388.81. Names, U and N are for "
        "information: leave them. Rows may be sorted: each remembers its KPI.",
    ),
    "forms-written": (
        "Форм записано: {count} в {folder} ({quarter}, правила {rules}). Разошлите их органам; "
        "заполненные загрузите: kpi quarter import {quarter} {folder}",
        "Forms written: {count} in {folder} ({quarter}, rules {rules}). Send them to the bodies; "
        "import the filled ones: kpi quarter import {quarter} {folder}",
    ),
    "import-done": (
        "Загружено форм: {forms}; изменений: {changes}; записано файлов: {files} в quarters/{quarter}. "
        "Дальше: kpi quarter status {quarter}",
        "Forms imported: {forms}; changes: {changes}; files written: {files} in quarters/{quarter}. "
        "Next: kpi quarter status {quarter}",
    ),
    "import-was-empty": ("(пусто)", "(empty)"),
    "import-unreadable-body": (
        "файл органа не читается, загрузка записала бы его заново и потеряла бы то, что в нём есть; "
        "исправьте его (kpi quarter validate покажет, где) или удалите, затем загрузите формы снова",
        "this body file does not read; an import would write it anew and lose what it holds; fix it "
        "(kpi quarter validate shows where) or delete it, then import the forms again",
    ),
    "import-checked": (
        "Проверено форм: {forms}; изменений было бы: {changes} (в {files} файлах). Ничего не записано (--dry-run)",
        "Forms checked: {forms}; changes there would be: {changes} (in {files} files). Nothing written (--dry-run)",
    ),
    "import-nothing": ("Форм .xlsx не найдено: {sources}", "No .xlsx forms found: {sources}"),
    "import-not-xlsx": (
        "это не файл .xlsx (или он повреждён, или защищён паролем); сохраните форму в Excel как "
        "«Книга Excel (.xlsx)» без пароля",
        "not an .xlsx file (or damaged, or protected by a password); save the form in Excel as an "
        "Excel workbook (.xlsx) without a password",
    ),
    "import-too-large": (
        "файл распаковывается больше чем в {limit} байт; это не форма kpi",
        "the file unpacks to more than {limit} bytes; it is not a kpi form",
    ),
    "import-not-a-form": (
        "это не форма kpi (нет служебного листа); возьмите форму из kpi quarter forms",
        "not a kpi form (its hidden sheet is missing); use a form from kpi quarter forms",
    ),
    "import-other-rules": (
        "форма сделана для правил {rules}, а квартал {quarter} считается по правилам {expected}; "
        "сделайте формы заново: kpi quarter forms {quarter}",
        "the form was made for rules {rules}, but {quarter} is scored under rules {expected}; "
        "make the forms again: kpi quarter forms {quarter}",
    ),
    "import-other-quarter": (
        "форма за квартал {other}, а загружается в {quarter}; возьмите форму этого квартала",
        "the form is for {other}, but is imported into {quarter}; use this quarter's form",
    ),
    "import-sheet-too-large": (
        "лист больше {rows} строк; это не форма kpi",
        "the sheet has more than {rows} rows; it is not a kpi form",
    ),
    "import-no-header": (
        "на листе нет строки заголовка («№», «KPI», «a», «b»); верните её или возьмите новую форму",
        "the sheet has no header row ('№', 'KPI', 'a', 'b'); restore it or use a new form",
    ),
    "import-merged": (
        "объединённые ячейки в строках KPI; разъедините их",
        "merged cells in the KPI rows; unmerge them",
    ),
    "import-unknown-kpi": (
        "«{id}» — не KPI этих правил; в столбце KPI должен остаться идентификатор из формы",
        "'{id}' is not a KPI of these rules; the KPI column must keep the form's id",
    ),
    "import-other-body": (
        "строка KPI органа {body}, а лист — органа {expected}",
        "a KPI row of {body} on the sheet of {expected}",
    ),
    "import-duplicate-row": (
        "строка этого KPI повторяется (первая — в {first}); оставьте одну",
        "this KPI's row appears twice (first in {first}); keep one",
    ),
    "import-row-missing": (
        "нет строки KPI №{no}: её удалили? верните её или возьмите новую форму",
        "the row of KPI #{no} is missing: was it deleted? restore it or use a new form",
    ),
    "import-formula": (
        "формула в ячейке ввода ({text}); впишите само значение",
        "a formula in an input cell ({text}); type the value itself",
    ),
    "import-error-value": (
        "в ячейке ошибка {text}; впишите значение",
        "the cell holds the error {text}; type the value",
    ),
    "import-bool": ("в ячейке «истина/ложь», а нужно число", "the cell holds true/false, not a number"),
    "import-date": (
        "в ячейке дата ({text}): Excel превратил число в дату; сделайте формат ячейки «Общий» и впишите число заново",
        "the cell holds a date ({text}): Excel turned a number into a date; set the cell's format to "
        "General and type the number again",
    ),
    "import-percent": (
        "процентный формат: в ячейке {value}, а на экране — проценты; пишите число без знака % (12, а не 12 %)",
        "a percentage format: the cell holds {value} but shows a percentage; write the number without % (12, not 12 %)",
    ),
    "import-empty": (
        "форма возвращена без единого значения",
        "the form came back without a single value",
    ),
    "import-would-change": (
        "{key} уже заполнено: «{old}», в форме — «{new}»; чтобы заменить, добавьте --force",
        "{key} is already filled: '{old}', the form says '{new}'; add --force to replace it",
    ),
    "import-given-twice": (
        "{key} дан дважды: «{other}» ({first}) и «{value}»; оставьте одно значение",
        "{key} is given twice: '{other}' ({first}) and '{value}'; keep one value",
    ),
    "export-ranking": ("Рейтинг", "Ranking"),
    "export-heading": (
        "Расчёт KPI цифрового заместителя: Z, W, итоги направлений и R — живые формулы методики",
        "The CDTO's KPIs: Z, W, the direction results and R are live formulas of the method",
    ),
    "export-note": (
        "Измените a или b — Z, W, итоги и место в рейтинге пересчитаются так же, как в kpi",
        "Change a or b, and Z, W, the results and the ranking recompute as kpi computes them",
    ),
    "export-score": ("Итоговый результат {short} (R)", "Final score of {short} (R)"),
    "warning-prefix": ("предупреждение: ", "warning: "),
    "warn-share-above-100": (
        "a = «{a}» больше b = «{b}»: доля выше 100 % — не перепутаны ли числитель и знаменатель?",
        "a = '{a}' is above b = '{b}': a share above 100 % — are the numerator and denominator swapped?",
    ),
    "warn-zero-denominator": (
        "b = «{b}» при a = «{a}»: доля не определена и W = 0 — не пропущен ли знаменатель?",
        "b = '{b}' with a = '{a}': the share is undefined and W = 0 — is the denominator missing?",
    ),
    "warn-same-as-previous": (
        "все значения совпадают с кварталом {previous} — не скопирован ли файл без изменений?",
        "every value is as in {previous} — was the file copied and not updated?",
    ),
    "warnings-count": (
        lambda a: (
            "Предупреждений: "
            + str(a["count"])
            + f" (данные считаются, но их стоит проверить): kpi quarter validate {a['quarter']}"
        ),
        lambda a: f"Warnings: {a['count']} (the data score, but deserve a look): kpi quarter validate {a['quarter']}",
    ),
    "problems-more": (
        "в этом файле есть и другие проблемы; показаны первые {limit} — исправьте их и проверьте снова",
        "this file has more problems; the first {limit} are shown — fix them and check again",
    ),
    "problems-found": ("найдено проблем: {count}", "problems found: {count}"),
    # --- compare ---
    "split-kpi-missing": (
        lambda a: (
            f"{a['short']}: ΔR не разделить на данные и правила — правила {a['rules']} требуют "
            f"значений {a['kpis']}, а в данных {a['quarter']} их нет (их собирали по другим правилам); "
            "ноль вместо числа выглядел бы как падение данных"
        ),
        lambda a: (
            f"{a['short']}: ΔR cannot be split into data and rules — rules {a['rules']} need values "
            f"for {a['kpis']}, which the data of {a['quarter']} do not have (they were collected under other "
            "rules); a zero instead of a number would pass for a fall in the data"
        ),
    ),
    "split-unreadable": (
        "ΔR не разделить на данные и правила: данные {quarter} не читаются по правилам {rules}:",
        "ΔR cannot be split into data and rules: the data of {quarter} cannot be read under rules {rules}:",
    ),
    "compare-split-legend": (
        "ΔR = данные + правила. «Данные»: {via} против {before} — изменились числа, правила прежние ({rules_before}). "
        "«Правила»: {after} против {via} — изменились правила ({rules_before} → {rules_after}), числа те же.",
        "ΔR = data + rules. 'Data': {via} against {before} — the numbers changed, the rules stayed ({rules_before}). "
        "'Rules': {after} against {via} — the rules changed ({rules_before} → {rules_after}), the numbers stayed.",
    ),
    "compare-rules-summary": (
        "Правила {before} → {after}: KPI добавлено {added}, исключено {removed}, изменено {changed}; "
        "изменений методики: {methodology}. Подробно: kpi rules diff {before} {after}",
        "Rules {before} → {after}: KPIs added {added}, removed {removed}, changed {changed}; "
        "methodology changes: {methodology}. Details: kpi rules diff {before} {after}",
    ),
    "compare-summary": (
        "Больше всего поднялся: {rise}. Больше всего опустился: {fall}. Равные места: {ties}.",
        "Biggest rise: {rise}. Biggest fall: {fall}. Ties: {ties}.",
    ),
    "compare-nobody": ("никто", "nobody"),
    "compare-no-ties": ("нет", "none"),
    "compare-body-line": (
        "R {short}: {before} → {after}, ΔR {delta}; место {rank_before} → {rank_after}",
        "R of {short}: {before} → {after}, ΔR {delta}; rank {rank_before} → {rank_after}",
    ),
    "compare-body-split": (
        "ΔR {delta} = данные {data} + правила {rules}",
        "ΔR {delta} = data {data} + rules {rules}",
    ),
    "compare-body-one-side": (
        "{short} есть только в {side}: сравнивать не с чем (R {score}, место {rank})",
        "{short} is only in {side}: nothing to compare with (R {score}, rank {rank})",
    ),
    "cause-kpi-added": ("добавлен в правилах {rules}", "added in rules {rules}"),
    "cause-kpi-removed": ("исключён из правил {rules}", "removed from rules {rules}"),
    "cause-methodology": ("изменилась методика", "the methodology changed"),
    "rules-diff-none": ("Правила {before} и {after} не различаются", "Rules {before} and {after} do not differ"),
    "rules-diff-summary": (
        "KPI: добавлено {added}, исключено {removed}, изменено {changed}; органов: добавлено "
        "{bodies_added}, исключено {bodies_removed}; изменений методики: {methodology}",
        "KPIs: added {added}, removed {removed}, changed {changed}; bodies: added {bodies_added}, "
        "removed {bodies_removed}; methodology changes: {methodology}",
    ),
}


def plural_ru(count: int, one: str, few: str, many: str) -> str:
    """«1 орган», «2 органа», «5 органов», «21 орган», «12 органов»."""
    tail, tens = count % 10, count % 100
    if tail == 1 and tens != 11:
        word = one
    elif 2 <= tail <= 4 and not 12 <= tens <= 14:
        word = few
    else:
        word = many
    return f"{count} {word}"


_CONSTRUCTS = {
    "ListComp": ("генераторы списков", "list comprehensions"),
    "SetComp": ("генераторы множеств", "set comprehensions"),
    "DictComp": ("генераторы словарей", "dict comprehensions"),
    "GeneratorExp": ("генераторы", "generator expressions"),
    "List": ("списки [ ]", "lists [ ]"),
    "Tuple": ("кортежи (a, b)", "tuples (a, b)"),
    "Dict": ("словари { }", "dicts { }"),
    "Set": ("множества { }", "sets { }"),
    "NamedExpr": ("присваивания :=", "assignments :="),
    "Starred": ("распаковка *", "unpacking *"),
    "Await": ("await", "await"),
    "Yield": ("yield", "yield"),
    "YieldFrom": ("yield from", "yield from"),
    "Slice": ("срезы", "slices"),
}


def _construct(name: str, lang_index: int) -> str:
    names = _CONSTRUCTS.get(name)
    if names is None:
        return ("конструкции " if lang_index == 0 else "constructs ") + name
    return names[lang_index][0].upper() + names[lang_index][1:]


def _hint_text(lang: str, args: Mapping[str, Any]) -> str:
    code = args.get("hint")
    return f" — {tr(code, lang)}" if code else ""


def tr(code: str, lang: str, /, **args: Any) -> str:
    """The message `code` in `lang`, filled with `args`. Unknown codes show as themselves."""
    entry = MESSAGES.get(code) or LABELS.get(code)
    if entry is None:
        return code
    message = entry[1] if lang == "en" else entry[0]
    if callable(message):
        return message(args)
    return message.format(**args) if args else message


# Labels of tables and headings (kept apart from messages to stay readable).
LABELS: dict[str, tuple[Message, Message]] = {
    "status-official": ("официальные данные", "official data"),
    "status-draft": ("ЧЕРНОВИК: данные не окончательные", "DRAFT: the data are not final"),
    "status-example": (
        "ПРИМЕР: значения иллюстративные, не официальные",
        "EXAMPLE: the values are illustrative, not official",
    ),
    "score-title": (
        "Рейтинг ЦГО по KPI CDTO — {quarter} (правила {rules})",
        "CDTO KPI ranking — {quarter} (rules {rules})",
    ),
    "col-rank": ("Место", "Rank"),
    "col-body": ("Орган", "Body"),
    "col-name": ("Наименование", "Name"),
    "col-directions": ("Направление", "Direction"),
    "col-score": ("R", "R"),
    "col-bar": ("", ""),
    "col-no": ("№", "#"),
    "col-kpi": ("Наименование KPI", "KPI"),
    "col-kpi-name": ("Наименование KPI", "KPI name"),  # beside a «KPI» id column in workbooks
    "col-weight": ("U, %", "U, %"),
    "col-target": ("N", "N"),
    "col-unit": ("Ед.", "Unit"),
    "col-a": ("a", "a"),
    "col-b": ("b", "b"),
    "col-share": ("Z", "Z"),
    "col-assigned": ("W", "W"),
    "direction-result": ("Результат по направлению «{name}»", "Result of the direction '{name}'"),
    "body-result": ("Результат {short} (R)", "Result of {short} (R)"),
    "body-title": ("{short} — {name}, {quarter} (правила {rules})", "{short} — {name}, {quarter} (rules {rules})"),
    "place": ("место {rank} из {count}", "rank {rank} of {count}"),
    "notes": ("Примечания", "Notes"),
    "validate-ok": (
        lambda a: (
            f"Правила {a['version']}: проблем нет ("
            + plural_ru(a["bodies"], "орган", "органа", "органов")
            + f", {a['kpis']} KPI, "
            + plural_ru(a["examples"], "пример сходится", "примера сходятся", "примеров сходятся")
            + ")"
        ),
        lambda a: (
            f"Rules {a['version']}: no problems ({a['bodies']} bodies, {a['kpis']} KPIs, {a['examples']} examples hold)"
        ),
    ),
    "validate-failed": ("Правила {version}: проблем — {count}", "Rules {version}: {count} problems"),
    "explain-variant": ("Вариант", "Variant"),
    "explain-inputs": ("Данные", "Data"),
    "explain-as-entered": ("как введено", "as entered"),
    "explain-not-given": ("не указано", "not given"),
    "explain-no-data": ("нет данных", "no data"),
    "explain-condition": ("условие", "condition"),
    "explain-held": ("выполнено", "holds"),
    "explain-not-held": ("не выполнено", "does not hold"),
    "explain-rounded": (
        "{value} ({mode} до {places} знака после запятой)",
        "{value} ({mode} to {places} decimal place(s))",
    ),
    "explain-unit": ("единица", "unit"),
    "explain-unused": ("не используется вариантом", "not used by the variant"),
    "explain-single-direction": (
        "R = итог единственного направления = {value}",
        "R = the result of the only direction = {value}",
    ),
    "rounding-truncate": ("отбрасывание", "truncated"),
    "rounding-half_up": ("округление", "rounded half up"),
    "rounding-half_even": ("банковское округление", "rounded half to even"),
    "explain-result": ("Итог: W = {value} из {weight}", "Result: W = {value} of {weight}"),
    "explain-direction": (
        "Направление «{name}»: {how} W = {terms} = {exact}",
        "Direction '{name}': {how} of W = {terms} = {exact}",
    ),
    "explain-score": (
        "R = {how} итогов направлений = {terms} = {exact}",
        "R = {how} of the direction results = {terms} = {exact}",
    ),
    "how-sum": ("сумма", "sum"),
    "how-mean": ("среднее", "mean"),
    "explain-target-none": ("не установлена", "none"),
    "check-title": (
        "Сверка {quarter} с опубликованным отчётом (правила {rules})",
        "Check of {quarter} against the published report (rules {rules})",
    ),
    "col-kpi-id": ("KPI", "KPI"),
    "col-figure": ("Цифра", "Figure"),
    "col-published": ("В отчёте", "Published"),
    "col-computed": ("Пересчёт", "Computed"),
    "col-effect": ("Влияние на R", "Effect on R"),
    "col-cause": ("Причина", "Cause"),
    "figure-direction": ("итог направления", "direction result"),
    "figure-rank": ("место", "rank"),
    "check-ok": (
        "Все опубликованные цифры совпадают с пересчётом",
        "Every published figure matches the recomputation",
    ),
    "check-summary": (
        "Расхождений: {count} у органов: {bodies}. R совпадает у {same} из {total}.",
        "Discrepancies: {count} in {bodies}. R matches for {same} of {total}.",
    ),
    "check-score-line": (
        "{short}: R в отчёте {printed}, по методике {computed} (место {rank_printed} → {rank})",
        "{short}: R published {printed}, computed {computed} (rank {rank_printed} → {rank})",
    ),
    "check-order-same": (
        "Порядок рейтинга совпадает с опубликованным.",
        "The ranking order matches the published one.",
    ),
    "check-order-differs": (
        "Порядок рейтинга отличается от опубликованного.",
        "The ranking order differs from the published one.",
    ),
    "check-missing": ("В отчёте нет органов: {bodies}", "The report lacks the bodies: {bodies}"),
    "check-no-published": (
        "У квартала {quarter} нет published.yaml — сверять не с чем",
        "The quarter {quarter} has no published.yaml — nothing to check against",
    ),
    "no-effect": ("не влияет", "none"),
    "internal-error": (
        "внутренняя ошибка kpi: {detail}. Сообщите разработчикам; подробности — с KPI_DEBUG=1",
        "internal error in kpi: {detail}. Please report it; set KPI_DEBUG=1 for details",
    ),
    # --- compare ---
    "compare-title": ("Сравнение рейтингов: {before} → {after}", "Ranking comparison: {before} → {after}"),
    "compare-body-title": ("{short} — {name}: {before} → {after}", "{short} — {name}: {before} → {after}"),
    "compare-side": ("{quarter} (правила {rules})", "{quarter} (rules {rules})"),
    "compare-side-status": ("{quarter} (правила {rules}, {status})", "{quarter} (rules {rules}, {status})"),
    "status-word-example": ("пример", "example"),
    "status-word-draft": ("черновик", "draft"),
    "col-move": ("Сдвиг", "Move"),
    "col-compare-score": ("R", "R"),
    "col-delta": ("ΔR", "ΔR"),
    "col-data-part": ("ΔR данные", "ΔR data"),
    "col-rules-part": ("ΔR правила", "ΔR rules"),
    "col-drivers": ("Главные причины (ΔW)", "Main drivers (ΔW)"),
    "move-new": ("новый", "new"),
    "move-gone": ("выбыл", "gone"),
    "col-w-side": ("W {side}", "W {side}"),
    "col-dw": ("ΔW", "ΔW"),
    "col-dw-data": ("ΔW данные", "ΔW data"),
    "col-dw-rules": ("ΔW правила", "ΔW rules"),
    "col-changed": ("Что изменилось", "What changed"),
    "state-formula": ("по формуле", "by formula"),
    "state-reason-no-data": ("нет данных", "no data"),
    "state-reason-zero-denominator": ("b = 0", "b = 0"),
    "state-reason-no-target": ("нет цели", "no target"),
    "state-reason-not-in-data": ("не собирался", "not collected"),
    "state-reason-zero-division": ("деление на 0", "division by 0"),
    "field-name": ("наименование", "name"),
    "field-name-changed": ("наименование изменено", "name changed"),
    "field-body": ("орган", "body"),
    "field-direction": ("направление", "direction"),
    "field-variant": ("вариант", "variant"),
    "field-unit": ("единица", "unit"),
    "field-U": ("U", "U"),
    "field-N": ("N", "N"),
    "field-short": ("краткое имя", "short name"),
    "field-directions": ("направление {id}", "direction {id}"),
    "rules-diff-title": ("Различия правил {before} → {after}", "Rules differences {before} → {after}"),
    "rules-diff-methodology": ("Методика: {before} → {after}", "Methodology: {before} → {after}"),
    "col-change": ("Изменение", "Change"),
    "col-before": ("Было", "Before"),
    "col-after": ("Стало", "After"),
    "col-setting": ("Параметр methodology.yaml", "methodology.yaml setting"),
    "change-added": ("добавлен", "added"),
    "change-removed": ("исключён", "removed"),
    "change-body-added": ("орган добавлен", "body added"),
    "change-body-removed": ("орган исключён", "body removed"),
    # --- the report and the chart ---
    "chart-title": ("Рейтинг ЦГО по KPI CDTO — {quarter}", "CDTO KPI ranking — {quarter}"),
    "chart-axis": ("R — результат органа, из 100", "R — the body's score, out of 100"),
    "report-title": (
        "Рейтинг цифровых заместителей первых руководителей центральных государственных органов "
        "Республики Казахстан по достижению KPI",
        "Ranking of the digital deputies (CDTO) of the central government bodies of the Republic of Kazakhstan by KPI",
    ),
    "report-period": ("по итогам {roman} квартала {year} года", "results of Q{number} {year}"),
    "report-rules": ("Правила расчёта: версия {rules}", "Scoring rules: version {rules}"),
    "report-source": ("Источник данных: {source}", "Data source: {source}"),
    "report-generated": ("Сформирован {date} программой kpi", "Generated on {date} by kpi"),
    "report-header": ("Рейтинг CDTO по KPI — {period}", "CDTO KPI ranking — {period}"),
    "report-page": ("стр. ", "page "),
    "report-intro": ("1. Общие сведения", "1. Overview"),
    "report-intro-count": (
        lambda a: (
            "В рейтинге — "
            + plural_ru(
                a["count"],
                "центральный государственный орган",
                "центральных государственных органа",
                "центральных государственных органов",
            )
            + f"; у каждого — от {a['kpis_min']} до {a['kpis_max']} KPI, всего {a['kpis']} KPI."
        ),
        lambda a: (
            f"The ranking covers {a['count']} central government bodies, each with {a['kpis_min']} to "
            f"{a['kpis_max']} KPIs, {a['kpis']} KPIs in all."
        ),
    ),
    "report-intro-method": (
        "Для каждого KPI доля Z = a / b × 100 сравнивается с целевым значением N на год: если цель "
        "достигнута, KPI получает полный удельный вес U, иначе — часть веса пропорционально достигнутому "
        "(Z / N × U; для KPI в единицах — a / N × U). Если данных нет, знаменатель равен нулю или цель "
        "не установлена, вес равен нулю. Результат органа R — сумма присвоенных весов W его KPI "
        "(из 100); у органа с несколькими направлениями — {how} результатов направлений. Z, W, "
        "результаты направлений и R {rounding} до {places} знака после запятой, каждый шаг — от уже "
        "полученного значения.",
        "For each KPI the share Z = a / b × 100 is compared with the year's target N: a KPI that "
        "meets its target gets its full weight U, otherwise the part of it that was achieved "
        "(Z / N × U; for a KPI in units, a / N × U). With no data, a zero denominator or no target, "
        "the weight is zero. A body's score R is the sum of the weights W of its KPIs (out of 100); "
        "for a body with several directions, the {how} of the direction results. Z, W, the "
        "direction results and R are {rounding} to {places} decimal place(s), each step from the "
        "value already obtained.",
    ),
    "report-intro-leaders": (
        "Лидирует {first} ({first_score}); замыкает рейтинг {last} ({last_score}).",
        "{first} leads ({first_score}); {last} comes last ({last_score}).",
    ),
    "report-intro-ties": ("Одинаковый результат: {ties}.", "Equal scores: {ties}."),
    "report-mean": ("Средний результат — {mean}.", "The mean score is {mean}."),
    "report-rounding-truncate": ("отбрасываются (не округляются)", "truncated (not rounded)"),
    "report-rounding-half_up": ("округляются", "rounded half up"),
    "report-rounding-half_even": ("округляются по-банковски", "rounded half to even"),
    "report-ranking": ("2. Рейтинг", "2. Ranking"),
    "report-bodies": ("3. Результаты по органам", "3. Results by body"),
    "report-compare": ("4. Сравнение с {other}", "4. Comparison with {other}"),
    "report-chart-caption": (
        "Рисунок 1. Результаты органов (R), по убыванию",
        "Figure 1. The bodies' scores (R), highest first",
    ),
    "report-body-heading": ("3.{number}. {short} — {name}", "3.{number}. {short} — {name}"),
    "report-body-place": ("Место {rank} из {count}, R = {score}", "Rank {rank} of {count}, R = {score}"),
    "report-direction": ("Направление «{name}»", "Direction '{name}'"),
    "report-score": ("Итоговый результат {short} (R): {score}", "Final score of {short} (R): {score}"),
    "report-notes": ("Примечания", "Notes"),
}
