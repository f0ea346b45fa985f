"""The command line speaks the chosen language throughout: help, usage lines, typer's own words
and usage errors; global options work before the command as after it; --version."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import typer
from typer.testing import CliRunner, Result

from engine.cli.app import app
from engine.cli.language import help_code, metavar_codes, param_codes, requested_language
from engine.i18n import known, tr


def commands() -> Iterator[tuple[str, ...]]:
    """The path of every command and group, the root first."""

    def walk(command: object, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, (*path, name))

    yield from walk(typer.main.get_command(app), ())


PATHS = list(commands())


def run(args: list[str], env_lang: str | None = None) -> Result:
    env = {"COLUMNS": "200", "NO_COLOR": "1", "KPI_LANG": env_lang or ""}
    return CliRunner().invoke(app, args, env=env)


def help_of(path: tuple[str, ...], lang: str | None, how: str) -> str:
    if how == "option-before":
        result = run(["--lang", lang or "ru", *path, "--help"])
    elif how == "option-after":
        result = run([*path, "--help", "--lang", lang or "ru"])
    else:
        result = run([*path, "--help"], env_lang=lang)
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_and_parameter_has_its_help_in_the_catalogue() -> None:
    root = typer.main.get_command(app)
    for path in PATHS:
        command = root
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        assert known(help_code(path)), help_code(path)
        for param in command.params:
            assert any(known(code) for code in param_codes(path, param.name or "")), (path, param.name)
            if isinstance(param, typer.core.TyperArgument):
                assert any(known(code) for code in metavar_codes(path, param.name or "")), (path, param.name)


# Words that stay as they are in Russian help: names of the tool, files, formats, letters.
LATIN_IN_RUSSIAN = {
    "kpi", "KPI", "CDTO", "YAML", "yaml", "published", "quarter", "rules", "quarters", "Word", "docx", "PNG",
    "SVG", "Excel", "xlsx", "draft", "mvd", "all", "KPI_LANG", "json", "JSON", "ru", "en", "kk", "help",
    "lang", "workspace", "body", "strict", "output", "force", "compare", "version", "dry", "run",
    "score", "explain", "check", "report", "chart", "export", "validate", "diff", "new", "status", "forms",
    "import", "from", "year", "publish", "official", "whatif", "robustness", "plan", "set", "renormalise",
    "weights", "targets", "runs", "seed", "JRC", "OECD", "Saisana", "Saltelli", "Tarantola",
    "history", "cards", "site", "replace", "example",  # issue 20
    "order", "rank", "reviewed",
    "unpublish", "reason", "partial",
}  # fmt: skip


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "kpi")
def test_russian_help_is_entirely_russian(path: tuple[str, ...]) -> None:
    text = help_of(path, None, "env")
    foreign = set(re.findall(r"[A-Za-z_]{3,}", text)) - LATIN_IN_RUSSIAN
    assert not foreign, f"English in the Russian help of {path}: {sorted(foreign)}"
    assert "Запуск:" in text and "Показать эту справку и выйти." in text


@pytest.mark.parametrize("how", ["env", "option-before", "option-after"])
@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "kpi")
def test_english_help_is_entirely_english(path: tuple[str, ...], how: str) -> None:
    text = help_of(path, "en", how)
    cyrillic = set(re.findall(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+", text)) - {"МВД"}  # a body's name in an example
    assert not cyrillic, f"Russian in the English help of {path}: {sorted(cyrillic)}"
    assert "Usage:" in text and "Show this message and exit." in text


def test_help_names_arguments_in_the_language() -> None:
    assert "{КВАРТАЛ}" in help_of(("score",), None, "env")
    assert "{QUARTER}" in help_of(("score",), "en", "env")
    assert "[обязательно]" in help_of(("score",), None, "env")


@pytest.mark.parametrize(
    ("args", "lang", "expected"),
    [
        (["score"], "ru", "не указан аргумент 'КВАРТАЛ'"),
        (["score"], "en", "missing argument 'QUARTER'"),
        (["score", "2024Q1", "--bogus"], "ru", "нет параметра --bogus; возможно, имелось в виду --body"),
        (["score", "2024Q1", "--bogus"], "en", "no such option: --bogus; did you mean --body?"),
        (["score", "2024Q1", "extra"], "ru", "лишние аргументы: extra"),
        (["scor"], "ru", "нет команды 'scor'; возможно, имелось в виду 'score'"),
        (["score", "2024Q1", "--body"], "ru", "после параметра '--body' нужно значение"),
        (["score", "2024Q1", "--json=1"], "en", "the option '--json' takes no value"),
    ],
)
def test_usage_errors_in_the_language(args: list[str], lang: str, expected: str) -> None:
    result = run(args, env_lang=lang)
    assert result.exit_code == 2
    assert expected in " ".join(result.output.split()), result.output
    assert ("Ошибка" if lang == "ru" else "Error") in result.output


def test_global_options_before_the_command(repo_workspace: object) -> None:
    before = run(["--lang", "en", "--workspace", str(repo_workspace), "score", "2024Q1"])
    after = run(["score", "2024Q1", "--lang", "en", "--workspace", str(repo_workspace)])
    assert before.exit_code == after.exit_code == 0, before.output
    assert before.output == after.output
    assert "CDTO KPI ranking" in before.output


def test_the_command_option_wins_over_the_global_one(repo_workspace: object) -> None:
    result = run(["--lang", "en", "score", "2024Q1", "--lang", "ru", "-w", str(repo_workspace)])
    assert "Рейтинг" in result.output


def test_an_unknown_global_language_is_a_usage_error(repo_workspace: object) -> None:
    result = run(["--lang", "xx", "score", "2024Q1", "-w", str(repo_workspace)])
    assert result.exit_code == 2
    assert "--lang: язык «xx» не поддерживается" in result.output


def test_version() -> None:
    from importlib.metadata import version

    result = run(["--version"])
    assert result.exit_code == 0
    assert result.output == f"kpi {version('kpi-cdto')}\n"


def test_the_language_alone_shows_the_help() -> None:
    result = run(["--lang", "en"])
    assert result.exit_code == 0
    assert "Commands" in result.output and "score" in result.output


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["score", "--lang", "en"], "", "en"),
        (["--lang=kk", "score"], "en", "kk"),
        (["score"], "en", "en"),
        (["score"], "xx", "ru"),
        (["--", "--lang", "en"], "", "ru"),
        (["--lang"], "", "ru"),
    ],
)
def test_requested_language(args: list[str], env: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_LANG", env)
    assert requested_language(args) == expected


def test_kazakh_help_says_what_the_catalogue_has() -> None:
    text = help_of(("score",), "kk", "option-before")
    assert tr("help-score", "kk") in " ".join(text.split()) or tr("help-score", "kk").split()[0] in text


def test_the_ranking_in_kazakh(repo_workspace: object) -> None:
    result = run(["--lang", "kk", "score", "2024Q1", "-w", str(repo_workspace)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].strip() == "CDTO KPI бойынша ОМО рейтингі — 2024Q1 (ережелер: 2023)"
    assert "Орын" in lines[2] and "Атауы" in lines[2]
    assert "96,4" in result.output  # the decimal comma of the kk catalogue


def test_an_unknown_name_without_a_suggestion_reads_as_a_sentence(repo_workspace: object) -> None:
    result = run(["score", "1999Q1", "-w", str(repo_workspace)], env_lang="en")
    assert result.exit_code == 2
    assert result.output == "there is no quarter '1999Q1' — known: 2023Q4, 2024Q1, 2024Q2, 2024Q3, 2024Q4\n"


def test_shell_completion() -> None:
    """What README and the guide document: `eval "$(_KPI_COMPLETE=source_bash kpi)"`, after
    which bash asks kpi for the words that can follow."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    kpi = str(Path(sys.executable).parent / "kpi")

    def complete(words: str, index: int) -> list[str]:
        env = {**os.environ, "_KPI_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(index)}
        done = subprocess.run([kpi], env=env, capture_output=True, text=True, check=True)
        return done.stdout.split()

    script = subprocess.run(
        [kpi], env={**os.environ, "_KPI_COMPLETE": "source_bash"}, capture_output=True, text=True, check=True
    )
    assert "complete -o default -F _kpi_completion kpi" in script.stdout
    assert complete("kpi sc", 1) == ["score"]
    assert complete("kpi rules n", 2) == ["new"]
    assert "--lang" in complete("kpi score --l", 2)
    # a hand-made request (no COMP_WORDS, a COMP_CWORD that is no number) ends quietly
    for env in ({"_KPI_COMPLETE": "complete_bash"}, {"_KPI_COMPLETE": "complete_bash", "COMP_CWORD": "x"}):
        done = subprocess.run([kpi], env={**os.environ, "COMP_WORDS": "kpi s", **env}, capture_output=True, text=True)
        assert done.returncode == 1 and "Traceback" not in done.stderr


def test_the_command_line_loads_no_command_s_libraries_until_a_command_runs() -> None:
    """`kpi --version` and `kpi … --help` need none of the parsers, schemas or writers: each
    command imports what it uses when it runs (start-up: 0,58 → 0,26 s for --version)."""
    import subprocess
    import sys

    heavy = (
        "jsonschema",
        "ruamel.yaml",
        "yaml",
        "openpyxl",
        "docx",
        "matplotlib",
        "engine.scoring",
        "typer.rich_utils",
    )
    code = f"import sys, engine.cli.app; print([m for m in {heavy!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_group_with_only_its_options_shows_its_help() -> None:
    result = run(["rules", "--lang", "en"])
    assert result.exit_code == 0
    assert "Rules: validation, comparison and new versions." in result.output
