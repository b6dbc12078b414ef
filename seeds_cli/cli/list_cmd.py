"""``seeds list``."""

from __future__ import annotations

import sys

import click

from seeds_cli.catalogue.select import SORT_FIELDS, select_documents
from seeds_cli.cli.options import filter_options, format_option, resolve_format
from seeds_cli.cli.state import AppState

FORMATS = ("table", "tsv", "csv", "json", "jsonl", "ids")
COLUMNS = ("id", "title", "source", "date", "lang", "words")


@click.command("list")
@format_option(FORMATS)
@click.option(
    "--sort", type=click.Choice(SORT_FIELDS), help="Order by this field (default: INDEX.md order)."
)
@click.option("--reverse", is_flag=True, help="Reverse the order.")
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="Show at most N documents.")
@filter_options
@click.pass_obj
def list_command(
    state: AppState,
    fmt: str,
    sort: str | None,
    reverse: bool,
    limit: int | None,
    sources: tuple[str, ...],
    langs: tuple[str, ...],
    since: str | None,
    until: str | None,
) -> None:
    """List the documents of the corpus.

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
        from seeds_cli.render.console import make_console
        from seeds_cli.render.tables import document_table

        console = make_console(state.color)
        with state.bidi_output() as mode:
            console.print(document_table(docs, catalogue.header.title, mode, width=console.width))
        return
    from seeds_cli.render.output import write_records

    with_words = fmt != "ids"
    records = (doc.metadata(with_words=with_words) for doc in docs)
    write_records(records, fmt, COLUMNS, sys.stdout)
