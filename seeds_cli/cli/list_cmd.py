"""``seeds list``."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from seeds_cli.catalogue.select import SORT_FIELDS, select_documents
from seeds_cli.cli.options import filter_options, format_option, resolve_format
from seeds_cli.cli.state import AppState
from seeds_cli.render.pager import DEFAULT_PAGER

if TYPE_CHECKING:
    from seeds_cli.catalogue import Document

FORMATS = ("table", "tsv", "csv", "json", "jsonl", "ids")
COLUMNS = ("id", "title", "source", "date", "lang", "words")


@click.command("list")
@format_option(FORMATS)
@click.option(
    "--sort", type=click.Choice(SORT_FIELDS), help="Order by this field (default: INDEX.md order)."
)
@click.option("--reverse", is_flag=True, help="Reverse the order.")
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="Show at most N documents.")
@click.option(
    "--pager/--no-pager",
    default=None,
    help="Page the table (default: on a terminal, when longer than the screen). "
    f"The pager is $PAGER, else '{DEFAULT_PAGER}'.",
)
@filter_options
@click.pass_obj
def list_command(
    state: AppState,
    fmt: str,
    sort: str | None,
    reverse: bool,
    limit: int | None,
    pager: bool | None,
    sources: tuple[str, ...],
    langs: tuple[str, ...],
    since: str | None,
    until: str | None,
) -> None:
    """List the documents of the corpus.

    On a terminal the table is paged when it is longer than the screen, and its first screen
    shows at once however large the corpus.

    \b
    Examples:
      seeds list
      seeds list --sort date --reverse --limit 20
      seeds list --source okaz --lang ar --since 2015-08 --format jsonl
      seeds list --format ids | head
    """
    fmt = resolve_format(fmt, FORMATS)
    catalogue = state.catalogue()
    docs = select_documents(
        catalogue,
        sources=sources,
        langs=langs,
        since=since,
        until=until,
        sort=sort,
        reverse=reverse,
        limit=limit,
    )
    if fmt == "table":
        _show_table(state, docs, catalogue.header.title, pager)
        return
    from seeds_cli.render.output import write_records

    with_words = fmt != "ids"
    records = (doc.metadata(with_words=with_words) for doc in docs)
    write_records(records, fmt, COLUMNS, sys.stdout)


def _show_table(state: AppState, docs: Sequence[Document], title: str, pager: bool | None) -> None:
    """The table on the terminal, a screenful at a time: straight to the screen when it fits,
    else through the pager (unless --no-pager), which shows the first screen at once."""
    from rich.segment import Segments

    from seeds_cli.render.console import make_console
    from seeds_cli.render.pager import paged, pager_command
    from seeds_cli.render.tables import DocumentTable

    console = make_console(state.color)
    screen = max(1, console.size.height - 1)
    with state.bidi_output() as mode:
        lines = DocumentTable(docs, title, mode, width=console.width).lines(console, first=screen)
        head = list(itertools.islice(lines, screen + 1))
        use_pager = pager if pager is not None else len(head) > screen
        command = pager_command() if use_pager else None
        if command is not None:
            with paged(console, command) as out:
                if out is not None:
                    for line in itertools.chain(head, lines):
                        out.print(Segments(line))
                    return
        for line in itertools.chain(head, lines):
            console.print(Segments(line))
