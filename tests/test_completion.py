"""Shell completion: the scripts, and what Tab offers (commands, options, values, ids)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from click.shell_completion import ShellComplete

from seeds_cli.cli.main import cli


@pytest.fixture
def complete(monkeypatch):
    """``complete(args, incomplete)`` -> the values click would offer the shell."""
    for name in ("SEEDS_CORPUS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)

    def values(args: list[str], incomplete: str) -> list[str]:
        completer = ShellComplete(cli, {}, "seeds", "_SEEDS_COMPLETE")
        return [item.value for item in completer.get_completions(args, incomplete)]

    return values


def test_commands_and_options(complete):
    names = complete([], "")
    assert {"list", "check", "import", "init", "export", "completion"} <= set(names)
    assert complete([], "ex") == ["export"]
    assert "--corpus" in complete([], "--")
    assert "--color" in complete([], "--c")
    assert {"--format", "--source", "--lang", "--since"} <= set(complete(["list"], "--"))


def test_option_values(complete, corpus):
    c = ["--corpus", str(corpus)]
    assert complete(["--color"], "") == ["auto", "always", "never"]
    assert complete([*c, "export", "--format"], "") == ["jsonl", "csv", "opensearch"]
    assert "json" in complete([*c, "list", "--format"], "")
    assert "date" in complete([*c, "list", "--sort"], "")  # fields
    assert complete([*c, "list", "--source"], "") == ["okaz", "sabq"]
    assert complete([*c, "list", "--source"], "OK") == ["okaz"]  # case-insensitive
    assert complete([*c, "list", "--lang"], "") == ["ar", "en"]
    assert complete([*c, "export", "--lang"], "e") == ["en"]
    assert complete(["completion"], "") == ["bash", "zsh", "fish"]


def test_document_ids_from_the_catalogue(complete, corpus):
    c = ["--corpus", str(corpus)]
    assert complete([*c, "export"], "") == ["a1", "b2", "b3"]
    assert complete([*c, "export"], "b") == ["b2", "b3"]
    assert complete([*c, "export", "b2"], "") == ["a1", "b2", "b3"]
    completer = ShellComplete(cli, {}, "seeds", "_SEEDS_COMPLETE")
    items = completer.get_completions([*c, "export"], "a")
    assert items[0].help == "الكتاب في المكتبة"  # the title, shown by zsh and fish


def test_corpus_from_environment(complete, corpus, monkeypatch):
    monkeypatch.setenv("SEEDS_CORPUS", str(corpus))
    assert complete(["export"], "a") == ["a1"]


def test_broken_or_missing_corpus_completes_nothing_silently(complete, tmp_path, capsys):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "INDEX.md").write_bytes(b"\xff\xfe not text")
    assert complete(["--corpus", str(broken), "export"], "") == []
    assert complete(["--corpus", str(tmp_path / "missing"), "list", "--source"], "") == []
    assert capsys.readouterr().err == ""


def test_untrusted_values_are_cleaned_or_withheld(complete, tmp_path):
    root = tmp_path / "hostile"
    root.mkdir()
    for name in ("x1", "x2"):
        (root / f"{name}.txt").write_text("text\n", "utf-8")
    # Written by hand: format_index would already clean these values.
    (root / "INDEX.md").write_text(
        "---\ntitle: t\n---\n\n"
        "## x1\n\n- file: x1.txt\n- title: evil\x1b]0;title\x07 \u202ename\n- source: bad\x1bsrc\n\n"
        "## x2\n\n- file: x2.txt\n- title: ok\n- source: good\n",
        "utf-8",
    )
    c = ["--corpus", str(root)]
    assert complete([*c, "list", "--source"], "") == ["good"]
    completer = ShellComplete(cli, {}, "seeds", "_SEEDS_COMPLETE")
    help_text = completer.get_completions([*c, "export"], "x1")[0].help
    assert help_text.startswith("evil")
    assert "\x1b" not in help_text and "\x07" not in help_text and "\u202e" not in help_text


def test_corpus_option_completes_folders(complete):
    completer = ShellComplete(cli, {}, "seeds", "_SEEDS_COMPLETE")
    items = completer.get_completions(["--corpus"], "se")
    assert [(i.type, i.value) for i in items] == [("dir", "se")]


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o nosort -F _seeds_completion seeds"),
        ("zsh", "compdef _seeds_completion seeds"),
        ("fish", "complete --no-files --command seeds"),
    ],
)
def test_completion_scripts(run, shell, marker):
    result = run("completion", shell)
    assert result.exit_code == 0
    assert marker in result.output
    assert "_SEEDS_COMPLETE" in result.output


def test_unknown_shell_is_a_usage_error(run):
    result = run("completion", "tcsh")
    assert result.exit_code == 2
    assert "bash" in result.output


def _seeds_env(corpus, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEEDS_", "_SEEDS"))}
    env.update(SEEDS_CORPUS=str(corpus), **extra)
    return env


def test_the_completion_protocol_in_a_fresh_process(corpus):
    """What the bash script runs on Tab: the program with _SEEDS_COMPLETE set."""
    env = _seeds_env(
        corpus,
        _SEEDS_COMPLETE="bash_complete",
        COMP_WORDS="seeds export --source ",
        COMP_CWORD="3",
    )
    done = subprocess.run(
        [sys.executable, "-m", "seeds_cli"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["plain,okaz", "plain,sabq"]
    assert done.stderr == ""


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_script_end_to_end(corpus, tmp_path):
    """Source the generated script in bash and press Tab (call the completion function)."""
    script = tmp_path / "seeds-completion.bash"
    result = subprocess.run(
        [sys.executable, "-m", "seeds_cli", "completion", "bash"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    script.write_text(result.stdout, "utf-8")
    shim = tmp_path / "bin" / "seeds"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m seeds_cli "$@"\n', "utf-8")
    shim.chmod(0o755)
    program = (
        f'source "{script}"; COMP_WORDS=(seeds export b); COMP_CWORD=2; '
        'COMPREPLY=(); _seeds_completion seeds; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = _seeds_env(corpus, PATH=f"{shim.parent}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(
        ["bash", "--norc", "-c", program], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == ["b2", "b3"], done.stderr
