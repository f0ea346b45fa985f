"""Messages a policy officer understands: what broke and how to mend it, in Russian (and in
English), never the parser's English sentence. YAML that does not parse, formulas written the
Excel way, a number in quotes, a letter of the other alphabet, a KPI in another body's file, a
KPI number that several directions of a body use. (The broken rules files with their whole
output are in tests/data/rules/invalid/, run by test_validate_fixtures.py.)"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import engine.yamlfile
from engine.alphabets import CYRILLIC, LATIN, WrongLetter, wrong_letter
from engine.formula import compile_formula
from engine.formulalimits import FormulaError
from engine.i18n import tr
from engine.method import ASSIGNED_NAMES
from engine.yamlfile import parse_yaml
from tests.conftest import REPO, run_cli

# Words of the parsers' and of Python's messages: none may reach a Russian message.
PARSER_WORDS = re.compile(
    r"while|expected|allowed|found|scanning|parsing|mapping|sequence|block|token|stream|"
    r"invalid|syntax|never closed|unmatched|literal|Perhaps|Maybe|indicator|document",
    re.IGNORECASE,
)


def said(text: str, lang: str = "ru") -> tuple[int, int, str]:
    """The one problem of a YAML text: line, column and the message."""
    _, problems = parse_yaml(text, "f.yaml")
    assert len(problems) == 1, problems
    problem = problems[0]
    return problem.where.line, problem.where.column, problem.message(lang)


# --- YAML the parser refuses: each common mistake is named, with its fix, at the parser's place ---

YAML_CASES = [
    # an unquoted dash for "no data"
    (
        "kpis:\n  mvd-01:\n    a: -\n",
        3,
        8,
        'одиночный «-» YAML читает как начало списка; если это «нет данных», возьмите прочерк в кавычки: a: "-"',
    ),
    (
        "target: - 5\n",
        1,
        9,
        "«-» после ключа YAML читает как начало списка; если «-» — часть значения, возьмите значение в кавычки: "
        'target: "- 5"; если это список, начните его со следующей строки',
    ),
    # a missing colon, or a colon without its space
    ("a: 1\nweight:50\n", 2, 1, "после двоеточия нужен пробел: weight: 50"),
    (
        "a: 1\nweight 50\nb: 2\n",
        2,
        1,
        "строка «weight 50» — не «ключ: значение» и не элемент списка «- …»: если это ключ, поставьте после него "
        "двоеточие и пробел; если это продолжение значения выше, перенесите его внутрь кавычек этого значения",
    ),
    # a colon and a space inside a value
    (
        "name: Доля услуг: в электронном виде\n",
        1,
        17,
        "в значении есть двоеточие с пробелом, и YAML читает его как новый ключ; возьмите значение в кавычки: "
        'name: "Доля услуг: в электронном виде"',
    ),
    # indentation
    (
        "a:\n  b: 1\n c: 2\n",
        3,
        2,
        "отступ не совпадает ни с одним уровнем выше: строка начинается в столбце 2, а должна — в столбце 1 или 3; "
        "ключи одного уровня начинаются в одном столбце",
    ),
    (
        "a: 1\n b: 2\n",
        2,
        3,
        "отступ не совпадает ни с одним уровнем выше: строка начинается в столбце 2, а должна — в столбце 1; "
        "ключи одного уровня начинаются в одном столбце",
    ),
    (
        "a: 1\n- b\n",
        2,
        1,
        "на одном уровне смешаны элементы списка «- …» и ключи «ключ: значение»; оставьте на уровне что-то одно "
        "или сдвиньте строку на её уровень",
    ),
    # quotes
    ('a: "open\nb: 1\n', 1, 4, "кавычка открыта и не закрыта в этой строке; закройте её в конце значения"),
    (
        'name: "Доля" ИС\n',
        1,
        14,
        "после закрывающей кавычки в строке есть ещё текст: кавычка внутри значения закрыла его раньше времени; "
        "возьмите всё значение в кавычки другого вида: name: '\"Доля\" ИС'",
    ),
    (
        'a: "C:\\dir"\n',
        1,
        8,
        "в двойных кавычках обратная косая черта «\\» начинает спецсимвол (\\n, \\t); возьмите значение "
        "в одинарные кавычки вместо двойных",
    ),
    # a value that starts with a character YAML reads as markup
    (
        "unit: %\n",
        1,
        7,
        'значение начинается со знака «%», который YAML читает как разметку; возьмите значение в кавычки: unit: "%"',
    ),
    (
        "name: [проект] Доля\n",
        1,
        16,
        "значение начинается со знака «[», который YAML читает как разметку; возьмите значение в кавычки: "
        'name: "[проект] Доля"',
    ),
    # brackets
    (
        "id: [a, b\nc: 1\n",
        2,
        2,
        "скобка «[» из строки 1 не закрыта: закройте её «]»; если скобка — часть текста, возьмите всё значение "
        "в кавычки",
    ),
    (
        "id: [\n",
        2,
        1,
        "файл кончился внутри скобок «[ ]» или «{ }»: закройте скобку или, если она — часть текста, возьмите "
        "значение в кавычки",
    ),
]


@pytest.mark.parametrize(("text", "line", "column", "message"), YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_yaml_mistakes_are_said_with_their_fix(text: str, line: int, column: int, message: str) -> None:
    assert said(text) == (line, column, message)


@pytest.mark.parametrize(("text", "line", "column", "message"), YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_a_large_file_gets_the_same_words(
    text: str, line: int, column: int, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files past PURE_LIMIT keep libyaml's error, worded differently: the message is the same."""
    monkeypatch.setattr(engine.yamlfile, "PURE_LIMIT", 0)
    found_line, found_column, found = said(text)
    assert (found_line, found) == (line, message)
    assert abs(found_column - column) <= 1  # libyaml places an escape at its backslash


def test_yaml_mistakes_in_english() -> None:
    assert said("kpis:\n  mvd-01:\n    a: -\n", "en")[2] == (
        "YAML reads a lone '-' as the start of a list; if it means 'no data', put the dash in quotes: a: \"-\""
    )
    assert said("a:\n  b: 1\n c: 2\n", "en")[2] == (
        "the indentation matches no level above: the line starts in column 2 but should start in column 1 or 3; "
        "keys of one level start in the same column"
    )
    assert said("name: a: b\n", "en")[2] == (
        "the value holds a colon followed by a space, which YAML reads as a new key; put the value in quotes: "
        'name: "a: b"'
    )


def test_only_an_unknown_failure_shows_the_parser_words_and_says_whose_they_are() -> None:
    line, column, message = said("%YAML 1.1\n%YAML 1.1\na: 1\n")
    assert (line, column) == (2, 1)
    assert message == (
        "YAML здесь не разбирается; проверьте отступы, двоеточия и кавычки "
        "(сообщение разборщика YAML, по-английски: found duplicate YAML directive)"
    )


def test_a_long_value_is_cut_in_the_fix() -> None:
    _, _, message = said("a: b: " + "слово " * 40 + "\n")
    fix = message.split("в кавычки: ", 1)[1]
    assert fix.startswith('a: "b: слово слово') and fix.endswith('…"') and len(fix) < 70


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \n:-\"'[]{}#%@*&!|>?,ab\\", max_size=40))
def test_no_parser_english_in_russian_messages(text: str) -> None:
    """Whatever the parser refuses, the Russian message holds none of its words, except in the
    one message that says they are the parser's."""
    _, problems = parse_yaml(text, "f.yaml")
    for problem in problems:
        if problem.code != "yaml-syntax":
            assert not PARSER_WORDS.search(problem.message("ru")), (text, problem.message("ru"))


# --- formulas written the Excel way, or the way other languages write them ---

FORMULA_CASES = [
    (
        "ЕСЛИ(Z >= N; U; Z / N * U)",
        0,
        "ЕСЛИ(условие; x; y) — запись Excel; в формуле kpi пишется «x if условие else y»: «U if Z >= N else Z / N * U»",
    ),
    (
        "IF(Z >= N, U, Z / N * U)",
        0,
        "IF(условие; x; y) — запись Excel; в формуле kpi пишется «x if условие else y»: «U if Z >= N else Z / N * U»",
    ),
    (
        "ЕСЛИ(Z = N; U; ЕСЛИ(Z <> 0; Z / N * U; 0))",
        0,
        "ЕСЛИ(условие; x; y) — запись Excel; в формуле kpi пишется «x if условие else y»: "
        "«U if Z == N else Z / N * U if Z != 0 else 0»",
    ),
    ("U if Z => N else Z / N * U", 7, "знака «=>» нет; «больше или равно» пишется «>=»"),
    ("U if Z =< N else N / Z * U", 7, "знака «=<» нет; «меньше или равно» пишется «<=»"),
    ("U if Z = N else 0", 7, "одиночный «=» не сравнивает; «равно» пишется двумя знаками: «==»"),
    ("U if Z <> N else 0", 7, "«<>» — «не равно» в Excel; в формуле kpi пишется «!=»"),
    ("=Z / N * U", 0, "«=» в начале — запись Excel; формула kpi пишется без него: уберите «=»"),
    (
        "min(Z / N * U; U)",
        13,
        "«;» — разделитель аргументов в Excel; в формуле kpi аргументы разделяют запятой: min(a, b)",
    ),
    ("Z / N * U;", 9, "«;» в конце формулы не нужен: уберите его"),
    ("U if Z ! = N else 0", 7, "«! =» пишется без пробела: «!=»"),
    ("(Z / N * U", 0, "скобка «(» открыта и не закрыта: добавьте «)» там, где кончается выражение в скобках"),
    ("Z / N) * U", 5, "лишняя скобка «)»: она ничего не закрывает; уберите её или добавьте открывающую"),
    ("min(Z, U]", 8, "скобку «(» закрывает «)», а не «]»"),
    ("U if Z >= N", 2, "у «if» нет «else»: пишите «x if условие else y», например «U if Z >= N else 0»"),
    ("U if Z >= N else", 12, "формула обрывается на «else»: после него нужно число, имя или выражение"),
    ("Z / N U", 6, "между «N» и «U» не хватает знака действия (+ - * /) или сравнения"),
    ("2U", 1, "между «2» и «U» не хватает знака действия (+ - * /) или сравнения"),
    ("Z / * N", 4, "перед «*» не хватает числа или имени"),
    (
        "Z / N * 100%",
        11,
        "операция «%» в формулах не разрешена; разрешены + - * /, сравнения, and, or, not",
    ),
]


@pytest.mark.parametrize(("source", "offset", "message"), FORMULA_CASES, ids=[c[0] for c in FORMULA_CASES])
def test_formula_mistakes_are_said_with_their_fix(source: str, offset: int, message: str) -> None:
    with pytest.raises(FormulaError) as caught:
        compile_formula(source, ASSIGNED_NAMES)
    error = caught.value
    assert error.offset == offset
    assert tr(error.code, "ru", formula=source, **error.args_) == message


def test_formula_mistakes_in_english() -> None:
    def english(source: str) -> str:
        with pytest.raises(FormulaError) as caught:
            compile_formula(source, ASSIGNED_NAMES)
        return tr(caught.value.code, "en", formula=source, **caught.value.args_)

    assert english("U if Z => N else 0") == "there is no '=>'; 'greater than or equal' is written '>='"
    assert english("min(a; b)") == (
        "';' separates arguments in Excel; in a kpi formula arguments are separated by commas: min(a, b)"
    )
    assert english("ЕСЛИ(Z >= N; U; 0)") == (
        "ЕСЛИ(condition; x; y) is Excel's form; a kpi formula writes 'x if condition else y': 'U if Z >= N else 0'"
    )


def test_the_column_is_that_of_the_formula_as_written() -> None:
    with pytest.raises(FormulaError) as caught:
        compile_formula("U if  Z =>\n  N else 0", ASSIGNED_NAMES)
    assert (caught.value.code, caught.value.offset) == ("formula-arrow-ge", 8)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="UZNab01 +-*/=<>!;:,()[]%.ifelsandort", max_size=30))
def test_python_never_speaks_through_a_formula_message(source: str) -> None:
    try:
        compile_formula(source, ASSIGNED_NAMES)
    except FormulaError as error:
        message = tr(error.code, "ru", formula=source, **error.args_)
        assert not PARSER_WORDS.search(message.replace(source, "")), (source, message)
        assert "detail" not in error.args_


# --- a number in quotes, where the rules want a number ---


def test_a_quoted_number_says_remove_the_quotes(scratch: Callable[[str], Path]) -> None:
    workspace = scratch("minimal")
    alpha = workspace / "rules" / "t" / "alpha.yaml"
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace("weight: 20", 'weight: "20"').replace("target: 300", "target: '300'"),
        encoding="utf-8",
    )
    result = run_cli("rules", "validate", "t", "--workspace", str(workspace), "--lang", "en")
    assert result.stdout.splitlines() == [
        "rules/t/alpha.yaml:25:17: KPI alpha-03: a number in quotes: remove the quotes — weight: 20",
        "rules/t/alpha.yaml:26:17: KPI alpha-03: a number in quotes: remove the quotes — target: 300",
        "Rules t: problems: 2",
    ]


# --- a letter of the other alphabet ---


@pytest.mark.parametrize(
    ("text", "known", "expected"),
    [
        ("shаre", ["share", "count"], WrongLetter("а", 3, CYRILLIC)),  # Cyrillic а
        ("MВД", [], WrongLetter("M", 1, LATIN)),  # Latin M: most letters are Cyrillic
        ("eд", ["%", "ед."], WrongLetter("e", 1, LATIN)),  # as many of each: the unit names it
        ("wеight", ["weight", "unit"], WrongLetter("е", 2, CYRILLIC)),
        ("mvd-0З", [], WrongLetter("З", 6, CYRILLIC)),  # a Cyrillic З for a 3
        ("share", ["share"], None),  # one alphabet: nothing to say
        ("МВД", [], None),
        ("Mв", [], None),  # as many of each and nothing to go by
    ],
)
def test_the_letter_of_the_wrong_alphabet(text: str, known: list[str], expected: WrongLetter | None) -> None:
    assert wrong_letter(text, known) == expected


def test_a_mixed_body_name_on_the_command_line() -> None:
    result = run_cli("score", "2024Q1", "--body", "MВД", "-w", str(REPO))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Органа «MВД» нет; буква «M» (1-я) — латинская, нужна кириллическая; возможно, имелось в виду «МВД (mvd)». "
    )
    english = run_cli("score", "2024Q1", "--body", "MВД", "-w", str(REPO), lang="en")
    assert "; the letter 'M' (character 1) is Latin, a Cyrillic one is needed; did you mean 'МВД (mvd)'?" in (
        english.stderr
    )


# --- a KPI in another body's file ---


def test_a_kpi_in_another_bodys_file_says_where_it_belongs(scratch: Callable[[str], Path]) -> None:
    workspace = scratch("minimal")
    beta = workspace / "quarters" / "2030Q1" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8") + "  alpha-01:\n    a: 1\n    b: 2\n", encoding="utf-8")
    result = run_cli("quarter", "validate", "2030Q1", "--workspace", str(workspace))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "quarters/2030Q1/beta.yaml:13:3: KPI alpha-01: принадлежит органу АЛЬФА, а это файл органа БЕТА — "
        "перенесите его в файл alpha.yaml"
    )
    english = run_cli("score", "2030Q1", "--workspace", str(workspace), lang="en")
    assert english.stderr.splitlines()[0] == (
        "quarters/2030Q1/beta.yaml:13:3: KPI alpha-01: belongs to АЛЬФА, and this is the file of БЕТА — "
        "move it to the file alpha.yaml"
    )


def test_a_kpi_under_another_body_in_published_yaml(scratch: Callable[[str], Path]) -> None:
    workspace = scratch("minimal")
    (workspace / "quarters" / "2030Q1" / "published.yaml").write_text(
        'source: "тест"\nbodies:\n  alpha:\n    rank: 1\n    score: "68,7"\n    kpis:\n'
        '      beta-01: {share: "51,8", assigned: "56,7"}\n',
        encoding="utf-8",
    )
    result = run_cli("check", "2030Q1", "--workspace", str(workspace))
    assert result.exit_code == 1
    assert (
        "quarters/2030Q1/published.yaml:7:7: KPI beta-01: принадлежит органу БЕТА, а не АЛЬФА — "
        "перенесите его в раздел bodies → beta → kpis"
    ) in result.stderr.splitlines()


def test_an_unknown_kpi_id_is_still_listed_against_its_body(scratch: Callable[[str], Path]) -> None:
    workspace = scratch("minimal")
    beta = workspace / "quarters" / "2030Q1" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("beta-03:", "bеta-03:"), encoding="utf-8")
    result = run_cli("quarter", "validate", "2030Q1", "--workspace", str(workspace))
    assert (
        "quarters/2030Q1/beta.yaml:10:3: KPI bеta-03: у БЕТА нет такого KPI; есть: beta-01, beta-02, beta-03; "
        "буква «е» (2-я) — кириллическая, нужна латинская; возможно, имелось в виду «beta-03»"
    ) in result.stdout.splitlines()


# --- a KPI number that several directions use ---


def test_a_kpi_number_of_several_directions_lists_them(scratch: Callable[[str], Path]) -> None:
    result = run_cli("explain", "2024Q1", "МПС", "1", "-w", str(REPO))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "номер 1 у МПС есть в нескольких направлениях — назовите KPI по идентификатору: "
        "mps-str-01 («Строительство»), mps-prom-01 («Промышленность»), mps-geo-01 («Геология и недропользование»)\n"
    )
    english = run_cli("explain", "2024Q1", "МПС", "№1", "-w", str(REPO), lang="en")
    assert english.exit_code == 2
    assert english.stderr == (
        "МПС has a KPI number 1 in several directions — name the KPI by its id: "
        "mps-str-01 ('Строительство'), mps-prom-01 ('Промышленность'), mps-geo-01 ('Геология и недропользование')\n"
    )
    named = run_cli("explain", "2024Q1", "МПС", "mps-prom-01", "-w", str(REPO))
    assert named.exit_code == 0
    assert "KPI mps-prom-01 (№1)" in named.stdout
    # a number only one direction has stays a number
    assert run_cli("explain", "2024Q1", "МПС", "5", "-w", str(REPO)).exit_code == 0
    # the minimal workspace: БЕТА numbers its two directions from 1 too
    minimal = run_cli("explain", "2030Q1", "beta", "1", "-w", str(scratch("minimal")))
    assert minimal.exit_code == 2
    assert minimal.stderr == (
        "номер 1 у БЕТА есть в нескольких направлениях — назовите KPI по идентификатору: "
        "beta-01 («Первое»), beta-03 («Второе»)\n"
    )


def test_python_prints_nothing_of_its_own_about_a_formula() -> None:
    # `0if` is read by Python with a SyntaxWarning on standard error (an error under test)
    compile_formula("U if Z >= N else 0if a > 0 else 1", ASSIGNED_NAMES)
