"""``seeds export``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import click

from seeds_cli.cli.options import completion, filter_options
from seeds_cli.cli.state import AppState


def _index_name(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from seeds_cli.export.opensearch import INDEX_NAME_RE

    if not INDEX_NAME_RE.fullmatch(value):
        raise click.BadParameter(
            f"{value!r} is not a valid index name: use lower-case letters, digits, '.', '_', '-'"
        )
    return value


@click.command("export")
@click.argument("ids", nargs=-1, metavar="[ID]...", shell_complete=completion("complete_ids"))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "opensearch"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one JSON object per document; csv: a header row, then one row per document; "
    "opensearch: a _bulk NDJSON stream.",
)
@click.option(
    "--mapping",
    is_flag=True,
    help="With --format opensearch: write the index definition (JSON) instead of the documents.",
)
@click.option(
    "--index-name",
    default="seeds",
    show_default=True,
    metavar="NAME",
    callback=_index_name,
    help="The index the _bulk actions name.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write to FILE (atomically: complete or not at all) instead of standard output.",
)
@filter_options
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="At most N documents.")
@click.pass_obj
def export_command(
    state: AppState,
    ids: tuple[str, ...],
    fmt: str,
    mapping: bool,
    index_name: str,
    output: Path | None,
    sources: tuple[str, ...],
    langs: tuple[str, ...],
    since: str | None,
    until: str | None,
    limit: int | None,
) -> None:
    """Write the corpus, metadata and text, for other tools.

    Every document, or the IDs given (full ids or unique prefixes), filtered like 'seeds list'.
    Records carry the fields of 'seeds list --format json' plus 'text'; 'seeds import' reads a
    jsonl export back into the same catalogue.

    With --format opensearch the output is an OpenSearch/Elasticsearch _bulk body: for each
    document an action line {"index": {"_index": NAME, "_id": ID}}, then the document, whose
    title and text sit in fields named by language (title_ar/text_ar analyzed with the built-in
    'arabic' analyzer, title_en/text_en with 'english', and so on; plain title/text with
    'standard' for languages without one). --mapping writes the index definition for those
    fields; create the index with it before loading the documents.

    \b
    Examples:
      seeds export > corpus.jsonl
      seeds export --format csv --source okaz --since 2015-08 -o okaz.csv
      seeds export --format opensearch --mapping > mapping.json
      seeds export --format opensearch --index-name news > bulk.ndjson
      curl -X PUT localhost:9200/news -H 'Content-Type: application/json' --data-binary @mapping.json
      curl -X POST localhost:9200/_bulk -H 'Content-Type: application/x-ndjson' --data-binary @bulk.ndjson
    """
    if mapping and fmt != "opensearch":
        raise click.UsageError("--mapping goes with --format opensearch")
    catalogue = state.catalogue()
    if mapping:
        from seeds_cli.export.opensearch import index_definition
        from seeds_cli.render.output import dumps

        # From every language of the corpus, not just the selection, so any export fits it.
        definition = index_definition(doc.lang for doc in catalogue)
        _write(output, lambda out: out.write(dumps(definition, indent=2) + "\n"))
        return

    from seeds_cli.catalogue.select import select_documents

    chosen = [catalogue.get(ref) for ref in dict.fromkeys(ids)] if ids else catalogue.documents
    docs = select_documents(
        chosen, sources=sources, langs=langs, since=since, until=until, limit=limit
    )

    def write(out: TextIO) -> None:
        from seeds_cli.render.progress import progress_counter

        with progress_counter("exporting", state.color, total=len(docs)) as advance:
            if fmt == "jsonl":
                from seeds_cli.export import write_jsonl

                write_jsonl(docs, out, advance)
            elif fmt == "csv":
                from seeds_cli.export import write_csv
                from seeds_cli.render.console import stream_is_terminal

                terminal = output is None and stream_is_terminal()
                write_csv(docs, out, clean=terminal, progress=advance)
            else:
                from seeds_cli.export.opensearch import bulk_lines

                for line in bulk_lines(docs, index_name, advance):
                    out.write(line + "\n")

    _write(output, write)


def _write(output: Path | None, write: Callable[[TextIO], object]) -> None:
    """Run ``write(stream)`` on stdout, or on a temporary file renamed onto ``output`` at the end."""
    if output is None:
        write(sys.stdout)
        return
    from seeds_cli.catalogue.files import atomic_writer
    from seeds_cli.errors import SeedsError

    try:
        with atomic_writer(output) as handle:
            write(handle)
    except SeedsError:
        raise
    except OSError as exc:
        raise SeedsError(
            f"{output}: cannot write: {exc.strerror}", hint="check the folder and free space"
        ) from None
