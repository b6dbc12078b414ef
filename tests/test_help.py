"""Conventions every command keeps: --help with examples, --version, --color, the man page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from seeds_cli import __version__
from seeds_cli.cli.main import COMMANDS
from seeds_cli.cli.manpage import render_manpage

MAN_PAGE = Path(__file__).resolve().parent.parent / "docs" / "seeds.1"
COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-9](;[0-9]+)*m|\x1b\[38;")


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help_with_examples(run, name, flag):
    result = run(name, flag)
    assert result.exit_code == 0, result.output
    assert re.match(rf"Usage: \S+ {name} ", result.output)
    assert "Examples:" in result.output
    example_lines = result.output.split("Examples:", 1)[1].splitlines()
    assert any(line.strip().startswith("seeds ") for line in example_lines)


def test_top_level_help_lists_every_command(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    for name in COMMANDS:
        assert re.search(rf"^  {re.escape(name)}\b", result.output, re.MULTILINE), name


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(run, flag):
    result = run(flag)
    assert result.exit_code == 0
    assert result.output == f"seeds, version {__version__}\n"


# --- colour: --color wins; in auto, NO_COLOR beats FORCE_COLOR beats "is it a terminal" -------


def _table(run, corpus, *args, env=None):
    result = run("--corpus", str(corpus), *args, "list", "--format", "table", env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_color_never_writes_no_escape_sequences(run, corpus):
    assert "\x1b" not in _table(run, corpus, "--color", "never", env={"FORCE_COLOR": "1"})


def test_color_always_colours_even_when_piped(run, corpus):
    assert COLOUR.search(_table(run, corpus, "--color", "always", env={"NO_COLOR": "1"}))


def test_color_auto_follows_the_environment(run, corpus):
    assert "\x1b" not in _table(run, corpus)  # the test runner is not a terminal
    assert COLOUR.search(_table(run, corpus, env={"FORCE_COLOR": "1"}))
    assert not COLOUR.search(_table(run, corpus, env={"NO_COLOR": "1", "FORCE_COLOR": "1"}))


@pytest.mark.parametrize(
    ("choice", "env", "tty", "expected"),
    [
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),  # empty means unset, as no-color.org says
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),
        ("auto", {"TERM": "dumb"}, True, False),
    ],
)
def test_color_decision(monkeypatch, choice, env, tty, expected):
    import io

    from seeds_cli.render.console import color_wanted

    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return tty

    assert color_wanted(choice, Stream()) is expected


def test_bad_color_value_is_a_usage_error(run):
    result = run("--color", "sometimes", "list")
    assert result.exit_code == 2
    assert "always" in result.output


# --- the man page -----------------------------------------------------------------------------


def test_man_page_is_up_to_date():
    expected = render_manpage()
    assert MAN_PAGE.read_text("utf-8") == expected, (
        "docs/seeds.1 is out of date: run 'python -m seeds_cli.cli.manpage > docs/seeds.1'"
    )


def test_man_page_covers_every_command_and_option():
    page = render_manpage()
    for name in COMMANDS:
        assert f".SS seeds {name}" in page
    assert "\\-\\-corpus DIR" in page and "\\-\\-color" in page
    assert ".SH ENVIRONMENT" in page and "NO_COLOR" in page


def test_man_page_lists_every_environment_variable_the_options_read():
    from seeds_cli.cli.main import cli

    environment = render_manpage().split(".SH ENVIRONMENT", 1)[1].split(".SH ", 1)[0]
    envvars = {p.envvar for p in cli.params if isinstance(getattr(p, "envvar", None), str)}
    assert envvars == {"SEEDS_CORPUS", "SEEDS_BIDI", "SEEDS_INDEX_DIR"}
    for name in (*envvars, "NO_COLOR", "FORCE_COLOR", "PAGER"):
        assert f"\\fB{name}\\fR" in environment, name


@pytest.mark.skipif(shutil.which("groff") is None, reason="needs groff")
def test_man_page_renders_without_warnings():
    done = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww", str(MAN_PAGE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stderr == ""
    text = re.sub(".\x08", "", done.stdout)  # drop the overstrikes that make bold
    assert "seeds export" in text and "EXIT STATUS" in text
