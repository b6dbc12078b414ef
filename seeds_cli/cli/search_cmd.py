"""``seeds search``: ranked search with passages, a concordance, explanations and batch mode.

A thin layer over the library API (:func:`seeds_cli.api.search` and
:func:`~seeds_cli.api.concordance`): options in; the writers of
:mod:`seeds_cli.render.search_output` and :mod:`seeds_cli.render.search_view` out; exit status.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TextIO

import click

from seeds_cli.cli.options import (
    RANKED_FORMATS,
    filter_options,
    ranked_output_options,
    resolve_format,
)
from seeds_cli.cli.state import AppState

if TYPE_CHECKING:
    from seeds_cli.index.search import Searcher

HELP = """Search the corpus; QUERY uses the query language below.

\b
Query language:
  word word       documents with any of the words, those with more (and closer) first
  "a phrase"      the words in this order, side by side (also “…”, «…» and „…“);
                  beside other words, its words count one by one too (the phrase first)
  +word           the word is required
  -word, NOT word the word must not occur
  a OR b          either (binds tighter than juxtaposition: +(a OR b) requires one)
  prefix*         words starting with prefix
  ( ... )         grouping
  source:NAME     lang:TAG   id:PREFIX   url:PART   title:WORD   title:"a phrase"
  date:2021-12    date>=2021-12-01   date<2022   (a partial date covers its month/year)
Filters are required unless negated or inside OR. Queries are normalized like documents:
harakat, tatweel, hamza forms, ة/ه, ى/ي and Arabic-Indic digits do not matter, and words are
light-stemmed (--exact: normalized but not stemmed).

\b
Pasted text is read as a search box reads it: an unclosed quotation mark or
parenthesis, a dangling OR or NOT, a lone *, + or -, an empty or unknown field:
are read as plain words, and one line on stderr says how
(seeds: note: unclosed « read as punctuation). --strict makes them errors, with a
caret under the place. A date no day has (date>=2021-13-45) is an error either way.
An unknown source: gets a hint naming the nearest sources; a source's name
(source:عكاظ) is read as its id when the corpus names it.

\b
Copies: a story that several papers ran (near-duplicates: 5-word shingles with
Jaccard resemblance 0.8 or more) is shown once in table and plain output, at its
best copy's rank, with its other copies' sources (+4 copies: okaz, sabq, was);
--no-group shows every document. json and jsonl keep every document and give
each its story and copies; --group groups them too.

\b
--batch FILE runs one query per line and writes one line per input line, in
input order; a blank line finds nothing. trec writes each query's run lines
numbered by its line (none when it found nothing or failed); a line that fails
gives {"query": ..., "error": ...} in json and jsonl.

\b
A query that starts with - may need -- before it: seeds search -- -word other.
Exit status: 0 something was found, 1 nothing was, 2 error. With --batch: 2 if
any line failed, else 0 if any line found something, else 1.

\b
Examples:
  seeds search الكاظمي
  seeds search '"وزارة الصحة" +كورونا -لقاح date>=2021-01'
  seeds search 'source:okaz (مطر OR أمطار)' --limit 5 --format json
  seeds search --source okaz --since 2015-08 --sort date نفط
  seeds search --kwic --kwic-sort after الرياض
  seeds search --facets source,date كورونا
  seeds search --batch queries.txt --format trec > run.txt
"""


@click.command("search", help=HELP, context_settings={"ignore_unknown_options": True})
@click.argument("query", required=False)
@ranked_output_options("Show at most N documents (0: all).")
@click.option(
    "--offset",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Skip the first N documents.",
)
@filter_options
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    show_default=True,
    help="Order the documents best first, or by date, oldest first (a timeline).",
)
@click.option("--reverse", is_flag=True, help="With --sort date: newest first.")
@click.option(
    "--strict",
    is_flag=True,
    help="Malformed query syntax is an error (exit status 2), not read as plain words.",
)
@click.option(
    "--context",
    "context_words",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    metavar="N",
    help="Words of context around a match.",
)
@click.option(
    "--passages",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    metavar="N",
    help="Passages shown per document.",
)
@click.option(
    "--kwic", is_flag=True, help="A concordance: one line per occurrence, keyword centred."
)
@click.option(
    "--kwic-sort",
    type=click.Choice(["rank", "before", "after", "left", "right"]),
    default="rank",
    show_default=True,
    help="Order concordance lines by the words before or after the keyword "
    "(left/right are aliases of before/after, in reading order).",
)
@click.option("--explain", is_flag=True, help="Show the analyzed query and how each score adds up.")
@click.option("--exact", is_flag=True, help="Match normalized words without stemming.")
@click.option(
    "--group/--no-group",
    default=None,
    help="Show each story (a document and its near-duplicate copies) once, at its best "
    "copy's rank, with '+N copies' and their sources; --limit then counts stories. "
    "Default: on for table and plain, off for json, jsonl, ids, trec and --batch.",
)
@click.option(
    "--facets",
    multiple=True,
    metavar="NAME",
    help="Count every matching document by source or by date (month): "
    "repeatable or a comma list (--facets source,date).",
)
@click.option(
    "--batch",
    "batch_file",
    type=click.File("r", encoding="utf-8"),
    metavar="FILE",
    help="Run one query per line of FILE ('-': stdin) against one loaded index; "
    "one output line per input line.",
)
@click.pass_obj
def search_command(
    state: AppState,
    query: str | None,
    fmt: str,
    limit: int,
    offset: int,
    sources: tuple[str, ...],
    langs: tuple[str, ...],
    since: str | None,
    until: str | None,
    sort: str,
    reverse: bool,
    strict: bool,
    context_words: int,
    passages: int,
    kwic: bool,
    kwic_sort: str,
    explain: bool,
    exact: bool,
    group: bool | None,
    facets: tuple[str, ...],
    batch_file: TextIO | None,
) -> None:
    ctx = click.get_current_context()
    if (query is None) == (batch_file is None):
        raise click.UsageError("give either a QUERY or --batch FILE")
    if reverse and sort != "date":
        raise click.UsageError("--reverse orders by date, newest first: add --sort date")
    fmt = resolve_format(fmt, RANKED_FORMATS)
    if facets and (kwic or batch_file is not None or fmt in ("ids", "trec")):
        raise click.UsageError("--facets needs a results page: table, plain, json or jsonl")
    from seeds_cli import api
    from seeds_cli.cli.index_cmd import open_searcher

    searcher = open_searcher(state, exact=exact)
    reading: dict[str, Any] = {
        "strict": strict,
        "sources": sources,
        "langs": langs,
        "since": since,
        "until": until,
        "sort": sort,
        "reverse": reverse,
    }
    if batch_file is not None:
        reading["group"] = bool(group)
        ctx.exit(_run_batch(searcher, batch_file, fmt, limit, offset, reading))
    assert query is not None
    if kwic:
        order = {"left": "before", "right": "after"}.get(kwic_sort, kwic_sort)
        conc = api.concordance(
            searcher,
            query,
            limit=limit,
            offset=offset,
            context=context_words,
            order=order,  # type: ignore[arg-type]
            **reading,
        )
        _tell(conc.notes, conc.hints)
        if fmt == "table":
            from seeds_cli.render.search_view import kwic_table

            with state.bidi_output() as mode:
                kwic_table(state.color, conc.lines, mode)
        else:
            from seeds_cli.render.search_output import write_concordance

            write_concordance(conc, fmt, sys.stdout)
        ctx.exit(0 if conc.total else 1)
    results = api.search(
        searcher,
        query,
        limit=limit,
        offset=offset,
        passages=0 if fmt in ("ids", "trec") else passages,
        context=context_words,
        explain=explain,
        # Stories grouped where people read, every document where tools do.
        group=fmt in ("table", "plain") if group is None else group,
        facets=facets,
        **reading,
    )
    _tell(results.notes, results.hints)
    if fmt == "table":
        from seeds_cli.render.search_view import write_results

        with state.bidi_output() as mode:
            write_results(state.color, results, explain, mode)
    else:
        from seeds_cli.render.search_output import write_results as write_records

        write_records(results, fmt, sys.stdout, passages=True, explain=explain)
    ctx.exit(0 if results.total else 1)


def _tell(notes: list[str], hints: list[str], where: str = "") -> None:
    """How the query was read (one line), and hints (a line each), on stderr."""
    if not notes and not hints:
        return
    from seeds_cli.render.safe import clean_inline

    lines = [f"seeds: {where}note: {clean_inline('; '.join(notes))}\n"] if notes else []
    lines += [f"seeds: {where}hint: {clean_inline(hint)}\n" for hint in hints]
    sys.stderr.write("".join(lines))


def _run_batch(
    searcher: Searcher,
    lines: TextIO,
    fmt: str,
    limit: int,
    offset: int,
    reading: dict[str, Any],
) -> int:
    """One output line per input line (see ``BatchWriter``); the batch's exit status."""
    from seeds_cli import api
    from seeds_cli.cli.main import report_error
    from seeds_cli.errors import QueryError
    from seeds_cli.render.search_output import BatchWriter

    writer = BatchWriter(fmt, sys.stdout)
    found = failed = False
    for number, line in enumerate(lines, 1):
        query = line.strip()
        if not query:
            writer.result(number, query, None)
            continue
        try:
            results = api.search(searcher, query, limit=limit, offset=offset, passages=0, **reading)
        except QueryError as exc:
            sys.stderr.write(f"seeds: line {number}:\n")
            report_error(exc)
            writer.failure(number, query, exc.one_line())
            failed = True
            continue
        _tell(results.notes, results.hints, where=f"line {number}: ")
        found = found or results.total > 0
        writer.result(number, query, results)
    writer.close()
    return 2 if failed else 0 if found else 1
