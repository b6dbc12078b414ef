"""The help texts against the docs: every command and every option is documented in docs/."""

from __future__ import annotations

import re

import click
import pytest

from seeds_cli.cli.main import COMMANDS, cli
from tests.docs_examples import REPO

DOCS = "\n".join(page.read_text("utf-8") for page in sorted((REPO / "docs").glob("*.md")))


def _documented(option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", DOCS) is not None


def _long_options(command: click.Command) -> list[str]:
    return [
        name
        for param in command.params
        for name in (*param.opts, *param.secondary_opts)
        if name.startswith("--") and name != "--help"
    ]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_a_section(name: str) -> None:
    assert f"`seeds {name}" in DOCS, f"seeds {name} has no section in docs/*.md: add one"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_is_documented(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    missing = [option for option in _long_options(command) if not _documented(option)]
    assert not missing, f"seeds {name}: document {', '.join(missing)} in docs/*.md"


def test_every_global_option_is_documented() -> None:
    missing = [option for option in _long_options(cli) if not _documented(option)]
    assert not missing, f"document the global options {', '.join(missing)} in docs/guide.md"
