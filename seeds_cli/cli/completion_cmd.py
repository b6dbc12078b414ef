"""``seeds completion``: print the shell script that enables Tab completion."""

from __future__ import annotations

import sys

import click

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_SEEDS_COMPLETE"


def completion_script(shell: str) -> str:
    """The completion script click generates for ``seeds`` in ``shell``."""
    from click.shell_completion import get_completion_class

    from seeds_cli.cli.main import cli

    complete_class = get_completion_class(shell)
    if complete_class is None:  # not reachable through the CLI: the choice is checked first
        raise click.BadParameter(f"no completion for {shell!r}", param_hint="SHELL")
    return complete_class(cli, {}, "seeds", COMPLETE_VAR).source()


@click.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion_command(shell: str) -> None:
    """Print the script that makes Tab complete seeds commands, options and values.

    It completes commands, options, option values (formats, fields, sources, languages) and
    document ids, the last three read from the corpus's INDEX.md as you type. Enable it with
    one line in your shell's start-up file:

    \b
      bash (~/.bashrc, bash 4.4 or later):  eval "$(seeds completion bash)"
      zsh  (~/.zshrc, after compinit):      eval "$(seeds completion zsh)"
      fish (~/.config/fish/config.fish):    seeds completion fish | source

    \b
    Examples:
      seeds completion bash >> ~/.bashrc   # or the eval line above, always up to date
      seeds completion fish > ~/.config/fish/completions/seeds.fish
    """
    sys.stdout.write(completion_script(shell))
