"""The help texts against the docs: every command has a section in docs/, naming its options."""

from __future__ import annotations

import re

import click
import pytest

from seeds_cli.cli.main import COMMANDS, cli
from tests.docs_examples import REPO

DOCS = "\n".join(page.read_text("utf-8") for page in sorted((REPO / "docs").glob("*.md")))


def _section(name: str) -> str | None:
    """The text under the heading that names `seeds NAME`, down to the next heading of its level."""
    heading = re.compile(rf"^(#+) .*`seeds {re.escape(name)}\b.*$", re.MULTILINE)
    match = heading.search(DOCS)
    if not match:
        return None
    rest = DOCS[match.end() :]
    end = re.search(rf"^#{{1,{len(match.group(1))}}} ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def _documented(option: str, text: str = DOCS) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def _long_options(command: click.Command) -> list[str]:
    return [
        name
        for param in command.params
        for name in (*param.opts, *param.secondary_opts)
        if name.startswith("--") and name != "--help"
    ]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_a_section(name: str) -> None:
    assert _section(name), f"seeds {name}: add a section whose heading names `seeds {name}`"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_is_documented_in_its_section(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    section = _section(name) or ""
    missing = [option for option in _long_options(command) if not _documented(option, section)]
    assert not missing, f"seeds {name}: document {', '.join(missing)} in its section of docs/"


def test_every_global_option_is_documented() -> None:
    missing = [option for option in _long_options(cli) if not _documented(option)]
    assert not missing, f"document the global options {', '.join(missing)} in docs/guide.md"
