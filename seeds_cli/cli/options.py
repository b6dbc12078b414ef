"""Options shared by several commands, defined once (as sqlite-utils does)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import click


def completion(name: str) -> Callable[[click.Context, click.Parameter, str], list[Any]]:
    """The shell-completion callback ``name`` of :mod:`seeds_cli.cli.complete`, imported only
    when Tab is pressed, not by every command that offers it."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from seeds_cli.cli import complete as callbacks

        return getattr(callbacks, name)(ctx, param, incomplete)

    return complete


def format_option(
    choices: Sequence[str], help_text: str = "Output format."
) -> Callable[[Any], Any]:
    """``--format``: 'auto' (the default) means the first choice on a terminal, the second when piped."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["auto", *choices]),
        default="auto",
        show_default=True,
        help=f"{help_text} auto: {choices[0]} on a terminal, {choices[1]} when piped.",
    )


# The formats of a ranked list of documents (``seeds search``, ``seeds similar``).
RANKED_FORMATS = ("table", "plain", "json", "jsonl", "ids", "trec")


def ranked_output_options(limit_help: str) -> Callable[[Any], Any]:
    """``--format`` (:data:`RANKED_FORMATS`) and ``--limit N`` (default 10, 0: all): the output
    options of the commands that print a ranked list of documents."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        command = click.option(
            "--limit",
            type=click.IntRange(min=0),
            default=10,
            show_default=True,
            metavar="N",
            help=limit_help,
        )(command)
        return format_option(RANKED_FORMATS)(command)

    return decorate


def resolve_format(fmt: str, choices: Sequence[str]) -> str:
    if fmt != "auto":
        return fmt
    from seeds_cli.render.console import stream_is_terminal

    return choices[0] if stream_is_terminal() else choices[1]


def date_option(name: str, help_text: str) -> Callable[[Any], Any]:
    def validate(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return value  # not given: the INDEX.md module is not needed
        from seeds_cli.catalogue.indexmd import is_iso_date

        if not is_iso_date(value):
            raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY")
        return value

    return click.option(name, metavar="DATE", callback=validate, help=help_text)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--source``, ``--lang``, ``--since`` and ``--until``: the document filters of listings."""
    for decorator in reversed(
        [
            click.option(
                "--source",
                "sources",
                multiple=True,
                metavar="NAME",
                shell_complete=completion("complete_sources"),
                help="Only this source (repeatable).",
            ),
            click.option(
                "--lang",
                "langs",
                multiple=True,
                metavar="TAG",
                shell_complete=completion("complete_langs"),
                help="Only this language, e.g. ar (repeatable).",
            ),
            date_option("--since", "Only documents dated on or after DATE."),
            date_option(
                "--until", "Only documents dated on or before DATE (YYYY-MM covers the month)."
            ),
        ]
    ):
        command = decorator(command)
    return command
