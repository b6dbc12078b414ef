"""``seeds export``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from seeds_cli.cli.options import completion, filter_options
from seeds_cli.cli.state import AppState

if TYPE_CHECKING:
    from seeds_cli.catalogue import Catalogue, Document


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
    "--query",
    "-q",
    metavar="QUERY",
    help="Export the documents a search matches (the query language of 'seeds search'), "
    "in rank order.",
)
@click.option(
    "--ids",
    "ids_file",
    type=click.File("r", encoding="utf-8"),
    metavar="FILE",
    help="Read ids (or unique prefixes) from FILE, one a line ('-': standard input; blank "
    "lines and lines starting with # skipped; the first field of a tab-separated line).",
)
@click.option(
    "--sort",
    type=click.Choice(["rank", "date", "id"]),
    help="Order: rank (with --query, the default), date (earliest first, undated last), id. "
    "Default: the corpus order, or the order the ids were given in.",
)
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
    help="Write to FILE (atomically: complete or not at all) instead of standard output; an "
    "existing FILE is replaced only with --force.",
)
@click.option("--force", is_flag=True, help="Replace the -o FILE if it exists.")
@filter_options
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="At most N documents.")
@click.pass_obj
def export_command(
    state: AppState,
    ids: tuple[str, ...],
    query: str | None,
    ids_file: TextIO | None,
    sort: str | None,
    fmt: str,
    mapping: bool,
    index_name: str,
    output: Path | None,
    force: bool,
    sources: tuple[str, ...],
    langs: tuple[str, ...],
    since: str | None,
    until: str | None,
    limit: int | None,
) -> None:
    """Write the corpus, metadata and text, for other tools.

    Every document, or the IDs given (full ids or unique prefixes, as arguments or with --ids
    from a file or standard input), or what a search matches (--query, in rank order), then
    filtered like 'seeds list'. Records carry the fields of 'seeds list --format json' plus
    'text'; 'seeds import' reads a jsonl export back into the same catalogue. With -o the
    number of documents written is said on standard error, and an existing file is never
    replaced without --force (so that a second run cannot silently overwrite the first).

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
      seeds export --query '"وزارة الصحة" كورونا' --sort date -o health.jsonl
      seeds search 'source:okaz نفط' --format ids --limit 0 | seeds export --ids - -o oil.csv
      seeds export --format opensearch --mapping > mapping.json
      seeds export --format opensearch --index-name news > bulk.ndjson
      curl -X PUT localhost:9200/news -H 'Content-Type: application/json' --data-binary @mapping.json
      curl -X POST localhost:9200/_bulk -H 'Content-Type: application/x-ndjson' --data-binary @bulk.ndjson
    """
    if mapping and fmt != "opensearch":
        raise click.UsageError("--mapping goes with --format opensearch")
    if mapping and (query is not None or ids or ids_file is not None):
        raise click.UsageError("--mapping describes the whole corpus: it takes no ids or --query")
    if sort == "rank" and query is None:
        raise click.UsageError("--sort rank goes with --query")
    if output is not None and not force and (output.exists() or output.is_symlink()):
        from seeds_cli.errors import SeedsError

        raise SeedsError(
            f"{output} exists",
            hint="add --force to replace it, or choose another -o (nothing was written)",
        )
    catalogue = state.catalogue()
    if mapping:
        from seeds_cli.export.opensearch import index_definition
        from seeds_cli.render.output import dumps

        # From every language of the corpus, not just the selection, so any export fits it.
        definition = index_definition(doc.lang for doc in catalogue)
        _write(output, lambda out: out.write(dumps(definition, indent=2) + "\n"))
        return

    from seeds_cli.catalogue.select import select_documents

    chosen = catalogue.documents
    if ids or ids_file is not None:
        found = [catalogue.get(ref) for ref in ids]
        if ids_file is not None:
            found.extend(_read_ids(ids_file, catalogue))
        chosen = list({doc.id: doc for doc in found}.values())  # each once, first place kept
    if query is not None:
        matched = _search(state, query)
        if ids or ids_file is not None:  # both: the matches among the ids, in rank order
            wanted = {doc.id for doc in chosen}
            matched = [doc_id for doc_id in matched if doc_id in wanted]
        by_id = {doc.id: doc for doc in catalogue.documents}
        chosen = [by_id[doc_id] for doc_id in matched if doc_id in by_id]
    docs = select_documents(
        chosen,
        sources=sources,
        langs=langs,
        since=since,
        until=until,
        sort=None if sort in (None, "rank") else sort,
    )
    if limit is not None:
        docs = docs[:limit]
    if query is not None and not docs:
        sys.stderr.write("seeds: nothing matches; nothing was written\n")
        click.get_current_context().exit(1)

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
    if output is not None:
        from seeds_cli.render.safe import clean_inline

        count = f"{len(docs)} document{'s' * (len(docs) != 1)}"
        sys.stderr.write(f"exported {count} to {clean_inline(str(output))}\n")


def _read_ids(lines: TextIO, catalogue: Catalogue) -> list[Document]:
    """The documents named in a file or stdin: the first tab-separated field of each line
    (blank lines and # comments skipped); an unknown id is an error naming its line."""
    from seeds_cli.errors import NotFoundError, SeedsError

    name = "standard input" if lines.name == "<stdin>" else lines.name
    found = []
    number = 0
    try:
        for number, line in enumerate(lines, 1):  # noqa: B007 (named in the errors)
            ref = line.split("\t", 1)[0].strip()
            if ref and not ref.startswith("#"):
                found.append(catalogue.get(ref))
    except NotFoundError as exc:
        raise NotFoundError(f"{name}:{number}: {exc.message}", hint=exc.hint) from None
    except UnicodeDecodeError as exc:
        raise SeedsError(
            f"{name}:{number + 1}: not UTF-8 (byte {exc.start})", hint="give one id a line"
        ) from None
    return found


def _search(state: AppState, query: str) -> list[str]:
    """The ids of every document that ``query`` matches, best first."""
    from seeds_cli.cli.index_cmd import open_searcher
    from seeds_cli.index.query import read_query
    from seeds_cli.render.safe import clean_inline

    read = read_query(query)  # leniently, as 'seeds search' reads it
    for note in read.notes:
        sys.stderr.write(f"seeds: note: {clean_inline(note.message)}\n")
    outcome = open_searcher(state).search(read, limit=0)
    return [result.doc.id for result in outcome.results]


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
