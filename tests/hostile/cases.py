"""The hostile cases: what an attacker, or an unlucky copy and paste, could hand to kpi.

Each case plants its files in a copy of tests/data/workspaces/minimal (rules "t", quarter
2030Q1) unless it says `workspace="repo"`, runs one command and expects an exit code. The exact
lines it must print on standard error are in expected/<name>.txt beside this file, unless the
case says `stderr=()` (nothing) or `stderr=None` (its standard error is closed). To add a case: add it here, run
`python -m tests.hostile.show NAME` to see what kpi prints, check every line by hand against the
input, and write it to expected/NAME.txt.
"""

from __future__ import annotations

from tests.hostile.harness import Case, append, fifo, folder, hard_link, link, remove, replace, write

M = "rules/t/methodology.yaml"
ALPHA = "rules/t/alpha.yaml"
BETA = "rules/t/beta.yaml"
Q = "quarters/2030Q1"
QA = f"{Q}/alpha.yaml"
QB = f"{Q}/beta.yaml"
PUBLISHED = f"{Q}/published.yaml"
VALIDATE = ("rules", "validate")
SCORE = ("score", "2030Q1")
CHECK = ("check", "2030Q1")
EXPLAIN = ("explain", "2030Q1", "alpha")

PUBLISHED_TEXT = """\
source: "тест"
bodies:
  alpha:
    rank: 1
    score: "68,7"
    kpis:
      alpha-01: {share: "43,1", assigned: "28,7"}
  beta:
    rank: 2
    score: "28,3"
    directions: {first: "56,7", second: "0"}
    kpis:
      beta-01: {share: "51,8", assigned: "56,7"}
"""


def published(old: str, new: str) -> tuple[object, ...]:
    return (write(PUBLISHED, PUBLISHED_TEXT), replace(PUBLISHED, old, new))


def formula(new: str) -> object:
    """The share_higher W formula replaced by `new` (written in double quotes)."""
    return replace(M, 'assigned: "U if Z >= N else Z / N * U"', f'assigned: "{new}"')


FORMULAS = [
    Case("formula-fullwidth-letter", "formulas", VALIDATE, 1, setup=(formula("Ｕ if Z >= N else Z / N * U"),)),
    Case("formula-cyrillic-a", "formulas", VALIDATE, 1, setup=(formula("U if Z >= N else Z / N * U + а"),)),
    Case("formula-math-sign", "formulas", VALIDATE, 1, setup=(formula("U if Z ≥ N else Z / N * U"),)),
    Case("formula-excel-if", "formulas", VALIDATE, 1, setup=(formula("ЕСЛИ(Z >= N; U; Z / N * U)"),)),
    Case("formula-semicolon", "formulas", VALIDATE, 1, setup=(formula("U if Z >= N else min(Z / N * U; U)"),)),
    Case("formula-bracket-left-open", "formulas", VALIDATE, 1, setup=(formula("U if Z >= N else (Z / N * U"),)),
    Case("formula-bidi-override", "formulas", VALIDATE, 1, setup=(formula("U if Z >= N else Z / N * U\u202e"),)),
    Case("formula-escape-sequence", "formulas", VALIDATE, 1, setup=(formula("U if Z >= N else \\e[2J 0"),)),
    Case("formula-zero-width-name", "formulas", VALIDATE, 1, setup=(formula("U if Z >= N else Z / N * U\u200b"),)),
    Case("formula-huge-literal", "formulas", VALIDATE, 1, setup=(formula("U if Z >= N else Z / N * U * 1e999999999"),)),
    Case(
        "formula-tiny-literal", "formulas", VALIDATE, 1, setup=(formula("U if Z >= N else Z / N * U * 1e-999999999"),)
    ),
    Case(
        "formula-long-literal", "formulas", VALIDATE, 1, setup=(formula("U if Z >= N else Z / N * U * " + "9" * 250),)
    ),
    Case("formula-power-tower", "formulas", VALIDATE, 1, setup=(formula("9 ** 9 ** 9"),)),
    Case(
        "formula-deep-brackets",
        "formulas",
        VALIDATE,
        0,
        setup=(formula("(" * 60 + "U if Z >= N else Z / N * U" + ")" * 60),),
    ),
    Case("formula-deep-calls", "formulas", VALIDATE, 1, setup=(formula("abs(" * 40 + "U" + ")" * 40),)),
    Case("formula-dunder", "formulas", VALIDATE, 1, setup=(formula("U.__class__.__mro__"),)),
    Case("formula-walrus", "formulas", VALIDATE, 1, setup=(formula("(x := U)"),)),
    Case("formula-fstring", "formulas", VALIDATE, 1, setup=(formula("f'{U}'"),)),
    Case("formula-too-long", "formulas", VALIDATE, 1, setup=(formula("U + " * 100 + "U"),)),
    Case(
        "formula-precision-chain",
        "formulas",
        VALIDATE,
        1,
        setup=(formula("U if Z >= N else Z / N * U" + " / 1000000000000" * 9),),
    ),
    Case(
        # holds on every worked example, overflows on one body's data: a problem at that KPI
        "formula-overflows-on-data",
        "formulas",
        SCORE,
        1,
        setup=(
            formula("U if Z >= N else min(Z / N * U, U + a * a * a)"),
            replace(QA, 'a: "156 710"', 'a: "999 999 999 999"'),
            replace(QA, 'b: "363 249"', 'b: "9 999 999 999 999"'),
        ),
    ),
]

NUMBERS = [
    Case(
        "rules-target-huge-exponent",
        "rules values",
        VALIDATE,
        1,
        setup=(replace(ALPHA, "target: 75", "target: 1e9999999"),),
    ),
    Case(
        "rules-target-5000-digits",
        "rules values",
        VALIDATE,
        1,
        setup=(replace(ALPHA, "target: 75", "target: " + "9" * 5000),),
    ),
    Case("rules-weight-tiny", "rules values", VALIDATE, 1, setup=(replace(ALPHA, "weight: 50", "weight: 1e-999999"),)),
    Case(
        "rules-weight-too-precise",
        "rules values",
        VALIDATE,
        1,
        setup=(replace(ALPHA, "weight: 50", "weight: 49.99999999"),),
    ),
    Case(
        "rules-target-above-bound",
        "rules values",
        VALIDATE,
        1,
        setup=(replace(ALPHA, "target: 75", "target: 2000000000000000"),),
    ),
    Case("rules-places-huge", "rules values", VALIDATE, 1, setup=(replace(M, "places: 1", "places: 999999999999"),)),
    Case(
        "rules-no-data-huge",
        "rules values",
        VALIDATE,
        1,
        setup=(replace(M, "no_data:\n  assigned: 0", "no_data:\n  assigned: 1e999"),),
    ),
    Case(
        "rules-year-20-digits",
        "rules values",
        VALIDATE,
        1,
        setup=(replace(M, "year: 2030", "year: 99999999999999999999"),),
    ),
    Case("rules-example-a-huge", "rules values", VALIDATE, 1, setup=(replace(M, "    a: 60\n", "    a: 1e999999\n"),)),
    Case(
        "rules-example-a-text-huge",
        "rules values",
        VALIDATE,
        1,
        setup=(replace(M, "    a: 60\n", '    a: "999 999 трлн"\n'),),
    ),
    Case("rules-example-share-huge", "rules values", VALIDATE, 1, setup=(replace(M, "share: 43.1", "share: 4e31"),)),
    Case(
        "rules-total-too-precise",
        "rules values",
        VALIDATE,
        1,
        setup=(replace(M, "direction_weights_total: 100", "direction_weights_total: 0.0000001"),),
    ),
    Case("data-a-huge-exponent", "quarter data", SCORE, 1, setup=(replace(QA, "a: 8", "a: 1e999999"),)),
    Case("data-a-huge-exponent-text", "quarter data", SCORE, 1, setup=(replace(QA, "a: 8", 'a: "1e999999"'),)),
    Case("data-a-5000-digits", "quarter data", SCORE, 1, setup=(replace(QA, "a: 8", "a: " + "7" * 5000),)),
    Case(
        "data-a-5000-digits-quoted", "quarter data", SCORE, 1, setup=(replace(QA, "a: 8", 'a: "' + "7" * 5000 + '"'),)
    ),
    Case("data-b-too-precise", "quarter data", SCORE, 1, setup=(replace(QA, "b: 100", 'b: "0,000000000000001"'),)),
    Case("data-a-trillions", "quarter data", SCORE, 1, setup=(replace(QA, "a: 8", 'a: "999 999 трлн"'),)),
    Case("data-a-grouped-too-long", "quarter data", SCORE, 1, setup=(replace(QA, "a: 8", 'a: "' + "999 " * 40 + '"'),)),
    Case(
        # both within bounds, the share is not: 10^15 / 10^-6 × 100
        "data-share-beyond-formula-bound",
        "quarter data",
        SCORE,
        1,
        setup=(replace(QA, "a: 8", 'a: "1000 трлн"'), replace(QA, "b: 100", 'b: "0,000001"')),
    ),
    Case("data-negative", "quarter data", SCORE, 1, setup=(replace(QA, "a: 8", "a: -1"),)),
    Case("data-nan", "quarter data", SCORE, 1, setup=(replace(QA, "a: 8", "a: .nan"),)),
    Case(
        "published-score-huge",
        "published figures",
        (*CHECK, "--json"),
        1,
        setup=published('score: "68,7"', "score: 1e999999"),
    ),
    Case(
        "published-score-text-huge",
        "published figures",
        CHECK,
        1,
        setup=published('score: "68,7"', 'score: "1e999999"'),
    ),
    Case(
        "published-rank-huge", "published figures", CHECK, 1, setup=published("rank: 1", "rank: 99999999999999999999")
    ),
    Case(
        "published-share-at-bound",
        "published figures",
        CHECK,
        1,
        stderr=(),
        setup=published('share: "43,1"', 'share: "1000 трлн"'),
    ),
    Case(
        "published-assigned-too-long",
        "published figures",
        CHECK,
        1,
        setup=published('assigned: "28,7"', 'assigned: "' + "1" * 60 + '"'),
    ),
]

FILES = [
    Case("file-rules-folder-named-yaml", "files", SCORE, 1, setup=(folder("rules/t/x.yaml"),)),
    Case("file-rules-fifo", "files", SCORE, 1, setup=(fifo("rules/t/x.yaml"),)),
    Case("file-rules-dev-zero", "files", SCORE, 1, setup=(link("rules/t/x.yaml", "/dev/zero"),)),
    Case("file-rules-dangling-link", "files", SCORE, 1, setup=(link("rules/t/x.yaml", "nothing.yaml"),)),
    Case("file-rules-link-loop", "files", SCORE, 1, setup=(link("rules/t/x.yaml", "self"),)),
    Case("file-rules-link-outside", "files", VALIDATE, 1, setup=(link(ALPHA, "secret"),)),
    Case("file-methodology-link-outside", "files", SCORE, 1, setup=(link(M, "secret"),)),
    Case("file-methodology-is-folder", "files", VALIDATE, 1, setup=(remove(M), folder(M))),
    Case("file-body-too-large", "files", VALIDATE, 1, setup=(append(ALPHA, "#" * 1_000_001 + "\n"),)),
    Case("file-not-utf8", "files", VALIDATE, 1, setup=(write(BETA, "id: beta\nname: \xe9\n".encode("latin-1")),)),
    Case("file-name-with-newline", "files", VALIDATE, 1, setup=(write("rules/t/a\nb.yaml", "id: [\n"),)),
    Case("file-name-with-escape", "files", VALIDATE, 1, setup=(write("rules/t/\x1b[2J.yaml", "id: [\n"),)),
    Case(
        "file-quarter-yaml-is-folder",
        "files",
        SCORE,
        1,
        setup=(remove(f"{Q}/quarter.yaml"), folder(f"{Q}/quarter.yaml")),
    ),
    Case("file-quarter-yaml-fifo", "files", SCORE, 1, setup=(remove(f"{Q}/quarter.yaml"), fifo(f"{Q}/quarter.yaml"))),
    Case("file-quarter-body-fifo", "files", SCORE, 1, setup=(remove(QB), fifo(QB))),
    Case("file-quarter-body-dev-zero", "files", SCORE, 1, setup=(remove(QB), link(QB, "/dev/zero"))),
    Case(
        "file-quarter-folder-outside",
        "files",
        ("score", "2031Q1"),
        1,
        setup=(link("quarters/2031Q1", "secret-folder"),),
    ),
    Case("file-name-not-utf8-score", "files", SCORE, 1, setup=(write("rules/t/\udcff.yaml", "id: [\n"),)),
    Case(
        "file-version-folder-escape",
        "files",
        VALIDATE,
        1,
        setup=(folder("rules/v\x1b[2J"), write("rules/v\x1b[2J/methodology.yaml", "x: 1\n")),
    ),
    Case(
        "file-quarter-folder-escape",
        "files",
        ("score", "nope"),
        2,
        setup=(folder("quarters/q\x1b]0;PWNED\x07"), write("quarters/q\x1b]0;PWNED\x07/quarter.yaml", "x: 1\n")),
    ),
    Case("file-rules-hard-link-outside", "files", VALIDATE, 1, setup=(hard_link("rules/t/x.yaml"),)),
    Case("file-data-hard-link-outside", "files", SCORE, 1, setup=(hard_link(QB),)),
    Case("file-published-link-outside", "files", CHECK, 1, setup=(link(PUBLISHED, "secret"),)),
    Case("file-published-link-passwd", "files", CHECK, 1, setup=(link(PUBLISHED, "/etc/passwd"),)),
]

YAML = [
    Case(
        "yaml-nested-flow-1000",
        "yaml structure",
        VALIDATE,
        1,
        setup=(append(ALPHA, "x: " + "[" * 1000 + "]" * 1000 + "\n"),),
    ),
    Case("yaml-nested-flow-100k", "yaml structure", VALIDATE, 1, setup=(append(ALPHA, "x: " + "[" * 100_000 + "\n"),)),
    Case(
        "yaml-nested-block",
        "yaml structure",
        VALIDATE,
        1,
        setup=(append(ALPHA, "".join(" " * i + f"k{i}:\n" for i in range(200))),),
    ),
    Case("yaml-many-values", "yaml structure", VALIDATE, 1, setup=(append(ALPHA, "x: [" + "1," * 30_000 + "1]\n"),)),
    Case(
        "yaml-unclosed-quotes",
        "yaml structure",
        VALIDATE,
        1,
        setup=(write(BETA, "".join(f"k{i}: 'x\n" for i in range(20_000))),),
    ),
    Case(
        "yaml-garbage-line", "yaml structure", VALIDATE, 1, setup=(write(BETA, "a: b: c: " + "z: " * 200_000 + "\n"),)
    ),
    Case(
        "yaml-long-text",
        "yaml structure",
        VALIDATE,
        1,
        setup=(replace(ALPHA, 'name: "Министерство альфы"', 'name: "' + "я" * 20_000 + '"'),),
    ),
    Case(
        "yaml-unknown-keys",
        "yaml structure",
        VALIDATE,
        1,
        setup=(
            replace(
                ALPHA,
                "        weight: 50\n",
                "        weight: 50\n" + "".join(f"        wieght{i}: 1\n" for i in range(4500)),
            ),
        ),
    ),
    Case(
        "yaml-duplicate-keys",
        "yaml structure",
        VALIDATE,
        1,
        setup=(append(ALPHA, "".join("dup: 1\n" for _ in range(5000))),),
    ),
    Case(
        "yaml-aliases-laughs",
        "yaml structure",
        VALIDATE,
        1,
        setup=(append(ALPHA, "lol: &a [x, x]\nlol2: &b [*a, *a]\nlol3: [*b, *b]\n"),),
    ),
    Case(
        "yaml-python-tag",
        "yaml structure",
        VALIDATE,
        1,
        setup=(replace(ALPHA, "id: alpha\n", "id: !!python/object/apply:os.system [echo]\n"),),
    ),
    Case("yaml-several-documents", "yaml structure", VALIDATE, 1, setup=(append(ALPHA, "---\nid: other\n"),)),
    Case("yaml-nul-byte", "yaml structure", VALIDATE, 1, setup=(append(ALPHA, "x: a\x00b\n"),)),
    Case("yaml-empty-file", "yaml structure", VALIDATE, 1, setup=(write(BETA, ""),)),
    Case("yaml-bom-only", "yaml structure", VALIDATE, 1, setup=(write(BETA, "\ufeff"),)),
    # files at the bounds: just under 10 000 values, or just under 1 MB of text, all read
    Case(
        "yaml-values-at-limit-data",
        "yaml structure",
        SCORE,
        1,
        setup=(append(QA, "".join(f"  x-{i}: {{a: 1, b: 2}}\n" for i in range(1600))),),
    ),
    Case(
        "yaml-values-at-limit-rules",
        "yaml structure",
        VALIDATE,
        1,
        setup=(append(ALPHA, "".join(f"k{i}: [1, 2, 3, 4, 5, 6, 7, 8]\n" for i in range(970))),),
    ),
    Case(
        "yaml-bytes-at-limit",
        "yaml structure",
        VALIDATE,
        1,
        setup=(append(BETA, "".join(f"n{i}: '{'я' * 4900}'\n" for i in range(100))),),
    ),
    Case(
        "yaml-long-unclosed-quote", "yaml structure", VALIDATE, 1, setup=(write(BETA, 'k: "' + "x" * 950_000 + "\n"),)
    ),
    Case(
        "yaml-quotes-in-block-text",
        "yaml structure",
        VALIDATE,
        1,
        setup=(write(BETA, "k: |\n" + '  "q\n' * 180_000 + "z: [\n"),),
    ),
    Case("yaml-tabs-everywhere", "yaml structure", VALIDATE, 1, setup=(write(BETA, "\tx: 1\n" * 5000),)),
]

TEXT = [
    Case(
        "text-name-escape-sequence",
        "text",
        SCORE,
        1,
        setup=(replace(ALPHA, 'name: "Министерство альфы"', 'name: "Министерство \\e[31mальфы\\e]0;PWNED\\a"'),),
    ),
    Case(
        "text-name-bidi",
        "text",
        SCORE,
        1,
        setup=(replace(ALPHA, 'name: "Министерство альфы"', 'name: "Министерство \u202eыфьла"'),),
    ),
    Case(
        "text-name-line-separator",
        "text",
        SCORE,
        1,
        setup=(replace(ALPHA, 'name: "Министерство альфы"', 'name: "Министерство\\Lальфы"'),),
    ),
    Case(
        "text-name-surrogate",
        "text",
        SCORE,
        1,
        setup=(replace(ALPHA, 'name: "Министерство альфы"', 'name: "\\ud800"'),),
    ),
    Case("text-short-zero-width", "text", VALIDATE, 1, setup=(replace(ALPHA, "short: АЛЬФА", "short: БЕТА\u200b"),)),
    Case("text-short-hangul-filler", "text", VALIDATE, 1, setup=(replace(ALPHA, "short: АЛЬФА", "short: БЕТА\u3164"),)),
    Case(
        "text-kpi-name-c1-control",
        "text",
        VALIDATE,
        1,
        setup=(replace(ALPHA, 'name: "Доля услуг в электронном виде"', 'name: "Доля\\x9bуслуг"'),),
    ),
    Case("text-key-escape", "text", VALIDATE, 1, setup=(append(ALPHA, '"\\e[2J": 1\n'),)),
    Case(
        "text-name-markup",
        "text",
        (*SCORE, "--body", "alpha"),
        0,
        stderr=(),
        setup=(replace(ALPHA, 'name: "Министерство альфы"', 'name: "[/] [bold]альфа :smile:"'),),
        stdout_has=("АЛЬФА — [/] [bold]альфа :smile:, 2030Q1 (правила t)",),
    ),
    Case("text-value-escape", "text", SCORE, 1, setup=(replace(QA, 'a: "156 710"', 'a: "156 710\\e[2J"'),)),
]

ARGUMENTS = [
    Case("arg-kpi-arabic-digit", "arguments", (*EXPLAIN, "٥"), 2),
    Case("arg-kpi-fullwidth-digit", "arguments", (*EXPLAIN, "５"), 2),
    Case("arg-kpi-superscript", "arguments", (*EXPLAIN, "²"), 2),
    Case("arg-kpi-5000-digits", "arguments", (*EXPLAIN, "9" * 5000), 2),
    Case("arg-kpi-empty", "arguments", (*EXPLAIN, ""), 2),
    Case("arg-body-empty", "arguments", (*SCORE, "--body", ""), 2),
    Case("arg-body-markup", "arguments", (*SCORE, "--body", "[/]"), 2),
    Case("arg-quarter-escape", "arguments", ("score", "2030Q1\x1b[2J\x1b]0;PWNED\x07"), 2),
    Case("arg-quarter-bidi", "arguments", ("score", "2030Q1\u202e"), 2),
    Case("arg-quarter-line-separator", "arguments", ("score", "2030\u2028Q1"), 2),
    Case("arg-quarter-100k", "arguments", ("score", "Q" * 100_000), 2),
    Case("arg-quarter-empty", "arguments", ("score", ""), 2),
    Case("arg-quarter-at-only", "arguments", ("score", "2030Q1@"), 0, stderr=None),
    Case("arg-rules-at-nothing", "arguments", ("score", "@t"), 2),
    Case("arg-rules-at-at", "arguments", ("score", "2030Q1@@t"), 2),
    Case("arg-quarter-dotdot", "arguments", ("score", "../.."), 2),
    Case("arg-rules-dotdot", "arguments", ("rules", "validate", "../../rules/t"), 2),
    Case("arg-version-empty", "arguments", ("rules", "validate", ""), 2),
    Case("arg-workspace-dev-null", "arguments", (*SCORE, "-w", "/dev/null"), 2, workspace_option=False),
    Case("arg-workspace-missing", "arguments", (*SCORE, "-w", "/nonexistent/\x1b[2J"), 2, workspace_option=False),
    Case("arg-invalid-utf8", "arguments", ("score",), 2, process=True, argv_bytes=(b"2030Q1\xff\xfe",)),
    Case("arg-compare-huge-names", "arguments", ("compare", "A" * 100_000, "B" * 100_000), 2),
]

ENVIRONMENT = [
    Case("env-kpi-lang-unknown", "environment", SCORE, 2, env={"KPI_LANG": "xx"}),
    Case("env-kpi-lang-escape", "environment", SCORE, 2, env={"KPI_LANG": "\x1b[2J"}),
    Case("env-lang-option-unknown", "environment", (*SCORE, "--lang", "xx"), 2),
    Case("env-kpi-lang-empty", "environment", SCORE, 0, stderr=(), env={"KPI_LANG": ""}),
    Case(
        "env-columns-zero", "environment", (*SCORE, "--body", "beta"), 0, stderr=(), env={"COLUMNS": "0"}, process=True
    ),
    Case("env-columns-negative", "environment", SCORE, 0, stderr=(), env={"COLUMNS": "-5"}, process=True),
    Case("env-columns-garbage", "environment", SCORE, 0, stderr=(), env={"COLUMNS": "abc"}, process=True),
    Case("env-columns-huge", "environment", SCORE, 0, stderr=(), env={"COLUMNS": "100000"}, process=True),
    Case(
        "env-term-dumb", "environment", SCORE, 0, stderr=(), env={"TERM": "dumb", "NO_COLOR": "<unset>"}, process=True
    ),
    Case(
        "env-force-color",
        "environment",
        SCORE,
        0,
        stderr=(),
        env={"FORCE_COLOR": "1", "NO_COLOR": "<unset>"},
        process=True,
        colour=True,
    ),
    Case(
        "env-ascii-output",
        "environment",
        SCORE,
        0,
        stderr=(),
        env={"PYTHONIOENCODING": "ascii"},
        process=True,
        stdout_has=("Rejting CGO po KPI CDTO - 2030Q1 (pravila t)",),
    ),
    Case(
        "env-c-locale-cyrillic-argument",
        "environment",
        (*EXPLAIN[:2], "АЛЬФА", "1"),
        0,
        stderr=(),
        env={"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "<unset>"},
        process=True,
    ),
    Case(
        "env-latin1-errors",
        "environment",
        ("score", "нет"),
        2,
        env={"PYTHONIOENCODING": "latin-1"},
        process=True,
        encoding="latin-1",
    ),
    Case("env-cwd-deleted", "environment", SCORE, 2, process=True, cwd="deleted", workspace_option=False),
    Case("env-home-unset", "environment", SCORE, 0, stderr=(), env={"HOME": "<unset>"}, process=True),
]

WRITES = [
    Case(
        "write-over-a-fifo-forced",
        "files",
        ("report", "2030Q1", "-o", "out.docx", "--force"),
        1,
        setup=(fifo("out.docx"),),
        process=True,  # the path is relative to the workspace, the process's folder
    ),
    Case("write-into-missing-folder", "files", ("chart", "2030Q1", "-o", "/nonexistent/x.png"), 1),
    Case("write-wrong-suffix", "files", ("chart", "2030Q1", "-o", "x.exe"), 2),
]

STREAMS = [
    Case("stream-broken-pipe", "streams", ("explain", "2030Q1", "beta"), 141, process=True, stream="broken-pipe"),
    Case("stream-broken-pipe-json", "streams", (*SCORE, "--json"), 141, process=True, stream="broken-pipe"),
    Case(
        "stream-broken-pipe-help",
        "streams",
        ("--help",),
        141,
        process=True,
        stream="broken-pipe",
        workspace_option=False,
    ),
    Case("stream-disk-full", "streams", SCORE, 74, process=True, stream="full"),
    Case("stream-disk-full-validate", "streams", VALIDATE, 74, process=True, stream="full"),
    Case("stream-stdout-closed", "streams", SCORE, 74, process=True, stream="closed-stdout"),
    Case("stream-stderr-closed-ok", "streams", SCORE, 0, stderr=None, process=True, stream="closed-stderr"),
    Case(
        "stream-stderr-closed-error", "streams", ("score", "nope"), 2, stderr=None, process=True, stream="closed-stderr"
    ),
    Case("stream-both-closed", "streams", SCORE, 74, stderr=None, process=True, stream="closed-both"),
]

from tests.hostile.forms_cases import CASES as ISSUE_22  # noqa: E402 - forms from outside, the seal (issue 22)

CASES: list[Case] = [
    *FORMULAS,
    *NUMBERS,
    *FILES,
    *WRITES,
    *YAML,
    *TEXT,
    *ARGUMENTS,
    *ENVIRONMENT,
    *STREAMS,
    *ISSUE_22,
]
