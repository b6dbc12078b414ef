"""``seeds search``: ranked search with passages, a concordance, explanations and batch mode."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

import click

from seeds_cli.cli.options import format_option, resolve_format
from seeds_cli.cli.state import AppState

if TYPE_CHECKING:
    from seeds_cli.index.passages import Passage
    from seeds_cli.index.search import Outcome, Result, Searcher

FORMATS = ("table", "plain", "json", "jsonl", "ids", "trec")

HELP = """Search the corpus; QUERY uses the query language below.

\b
Query language:
  word word       documents with any of the words, those with more (and closer) first
  "a phrase"      the words in this order, side by side
  +word           the word is required
  -word, NOT word the word must not occur
  a OR b          either (binds tighter than juxtaposition: +(a OR b) requires one)
  prefix*         words starting with prefix
  ( ... )         grouping
  source:NAME     lang:TAG   id:PREFIX   title:WORD   title:"a phrase"
  date:2021-12    date>=2021-12-01   date<2022   (a partial date covers its month/year)
Filters are required unless negated or inside OR. Queries are normalized like documents:
harakat, tatweel, hamza forms, ة/ه, ى/ي and Arabic-Indic digits do not matter, and words are
light-stemmed (--exact: normalized but not stemmed).

\b
A query that starts with - may need -- before it: seeds search -- -word other.
Exit status: 0 something was found, 1 nothing was, 2 error.

\b
Examples:
  seeds search الكاظمي
  seeds search '"وزارة الصحة" +كورونا -لقاح date>=2021-01'
  seeds search 'source:okaz (مطر OR أمطار)' --limit 5 --format json
  seeds search --kwic --kwic-sort after الرياض
  seeds search --batch queries.txt --format trec > run.txt
"""


@click.command("search", help=HELP, context_settings={"ignore_unknown_options": True})
@click.argument("query", required=False)
@format_option(FORMATS)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    metavar="N",
    help="Show at most N documents (0: all).",
)
@click.option(
    "--offset",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Skip the first N documents.",
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
@click.option("--explain", is_flag=True, help="Show the analyzed query and each score by term.")
@click.option("--exact", is_flag=True, help="Match normalized words without stemming.")
@click.option(
    "--group/--no-group",
    default=None,
    help="Show each story (a group of near-duplicate copies) once, at its best copy's rank, "
    "with '+N copies' and their sources. Default: on for table and plain, off for json, "
    "jsonl, ids and trec (which then add each result's story and copies).",
)
@click.option(
    "--facets",
    "facets",
    multiple=True,
    type=click.Choice(["source", "month", "date"]),
    help="Count the matching documents by source or by month (date: the same as month), "
    "repeatable; a small table under the results, or 'facets' in json.",
)
@click.option(
    "--batch",
    "batch_file",
    type=click.File("r", encoding="utf-8"),
    metavar="FILE",
    help="Run one query per line of FILE ('-': stdin) against one loaded index.",
)
@click.pass_obj
def search_command(
    state: AppState,
    query: str | None,
    fmt: str,
    limit: int,
    offset: int,
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
    fmt = resolve_format(fmt, FORMATS)
    from seeds_cli.cli.index_cmd import ensure_index
    from seeds_cli.index.search import Searcher

    root, reader = ensure_index(state)
    searcher = Searcher(
        reader,
        root,
        exact=exact,
        rebuild=lambda: ensure_index(state, rebuild=True)[1],
        on_damage=_warn_damaged,
    )
    if batch_file is not None:
        found = _run_batch(searcher, batch_file, fmt, limit, offset)
        ctx.exit(0 if found else 1)
    assert query is not None
    if group is None:  # stories grouped where people read, every document where tools do
        group = fmt in ("table", "plain") and not kwic
    stories: dict[int, Any] = {}
    if group:
        from seeds_cli.index.grouping import grouped_search

        outcome, stories = grouped_search(
            searcher, query, limit=limit, offset=offset, with_explain=explain
        )
    else:
        outcome = searcher.search(query, limit=limit, offset=offset, with_explain=explain)
        if fmt in ("json", "jsonl"):
            from seeds_cli.index.grouping import story_infos

            stories = story_infos(searcher.reader, outcome.results)
    counts = _facet_counts(searcher, query, facets, exact) if facets else {}
    sort = {"left": "before", "right": "after"}.get(kwic_sort, kwic_sort)
    if fmt == "table":
        with state.bidi_output() as mode:
            if kwic:
                _write_kwic(state, searcher, outcome, fmt, context_words, sort, mode)
            else:
                from seeds_cli.render.search_view import write_results

                write_results(
                    state.color,
                    searcher,
                    outcome,
                    context_words,
                    passages,
                    explain,
                    mode,
                    notes={num: info.note() for num, info in stories.items()},
                )
                if counts:
                    from seeds_cli.render.search_view import facet_tables

                    facet_tables(state.color, counts, mode)
    elif kwic:
        _write_kwic(state, searcher, outcome, fmt, context_words, sort)
    else:
        _write_machine(
            searcher,
            outcome,
            fmt,
            context_words,
            passages,
            explain,
            sys.stdout,
            stories=stories,
            facets=counts,
        )
    ctx.exit(0 if outcome.total else 1)


def _facet_counts(
    searcher: Searcher, query: str, fields: tuple[str, ...], exact: bool
) -> dict[str, list[tuple[str, int]]]:
    """The matching documents counted by each facet field (every match, not just the page)."""
    from seeds_cli.index.facets import facet_counts

    every = searcher.search(query, limit=0)
    return facet_counts([r.doc for r in every.results], fields)


# -- shared pieces ----------------------------------------------------------------------------


def _warn_damaged(detail: str) -> None:
    from seeds_cli.render.safe import clean_inline

    sys.stderr.write(f"seeds: warning: {clean_inline(detail)}; rebuilding it\n")


def _record(
    result: Result, passages: list[Passage] | None, explain: bool, story: Any = None
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "rank": result.rank,
        "id": result.doc.id,
        "score": round(result.hit.score, 4),
    }
    record.update({k: v for k, v in result.doc.metadata().items() if k != "id"})
    record.setdefault("title", "")
    # Its story (the representative's id; its own id when it has no copies) and the copies.
    record["story"] = story.story if story is not None else result.doc.id
    record["copies"] = [c.as_dict() for c in story.copies] if story is not None else []
    if passages is not None:
        record["passages"] = [p.as_dict() for p in passages]
    if explain:
        record["explain"] = {
            "terms": result.explain,
            "proximity": round(result.hit.prox, 4),
            "lead": round(result.hit.lead, 4),
        }
    return record


def _write_machine(
    searcher: Searcher,
    outcome: Outcome,
    fmt: str,
    context: int,
    count: int,
    explain: bool,
    out: TextIO,
    qid: int = 1,
    stories: dict[int, Any] | None = None,
    facets: dict[str, list[tuple[str, int]]] | None = None,
) -> None:
    stories = stories or {}
    if not outcome.results and fmt != "json" and not (explain and fmt == "plain"):
        return  # nothing to write: spare the imports and the patterns below
    from seeds_cli.render.safe import clean_inline

    if fmt == "ids":
        for r in outcome.results:
            out.write(clean_inline(r.doc.id) + "\n")
        return
    if fmt == "trec":
        for r in outcome.results:
            out.write(f"{qid} Q0 {clean_inline(r.doc.id)} {r.rank} {r.hit.score:.4f} seeds\n")
        return
    from seeds_cli.index.search import query_terms
    from seeds_cli.render.output import dumps

    patterns = searcher.patterns(outcome) if outcome.results else []

    def records() -> Iterator[dict[str, Any]]:
        for r in outcome.results:
            yield _record(
                r,
                searcher.passages(r, patterns, context=context, count=count)[1],
                explain,
                stories.get(r.doc.num),
            )

    if fmt == "json":
        body: dict[str, Any] = {"query": outcome.query, "total": outcome.total}
        if explain:
            body["terms"] = query_terms(outcome)
        body["results"] = list(records())
        if facets:
            body["facets"] = {
                f: [{"value": v, "count": n} for v, n in c] for f, c in facets.items()
            }
        out.write(dumps(body, indent=2) + "\n")
    elif fmt == "jsonl":
        for record in records():
            out.write(dumps(record) + "\n")
    else:  # plain
        if explain:
            for t in query_terms(outcome):
                out.write(
                    f"# {clean_inline(t['term'])} -> {clean_inline(' '.join(t['analyzed']))}"
                    f" df={t['df']} idf={t['idf']} weight={t['weight']}"
                    f"{' excluded' if t['excluded'] else ''}\n"
                )
        for r in outcome.results:
            _text, found = searcher.passages(r, patterns, context=context, count=count)
            d = r.doc
            out.write(
                "\t".join(
                    [
                        str(r.rank),
                        clean_inline(d.id),
                        f"{r.hit.score:.4f}",
                        d.date,
                        clean_inline(d.source),
                        clean_inline(d.title),
                        *([clean_inline(stories[d.num].note())] if d.num in stories else []),
                    ]
                )
                + "\n"
            )
            for p in found:
                out.write("    " + clean_inline(p.text) + "\n")
            if explain:
                for row in r.explain:
                    out.write(f"    = {clean_inline(str(row['term']))}: {row['score']}\n")
        for name, counts in (facets or {}).items():
            for value, n in counts:
                out.write(f"# {name}\t{clean_inline(value)}\t{n}\n")


def _run_batch(searcher: Searcher, lines: TextIO, fmt: str, limit: int, offset: int) -> bool:
    from seeds_cli.errors import QueryError
    from seeds_cli.render.output import dumps

    out = sys.stdout
    found = False
    failed = False
    collected: list[dict[str, Any]] = []
    for number, line in enumerate(lines, 1):
        query = line.strip()
        if not query:
            continue
        try:
            outcome = searcher.search(query, limit=limit, offset=offset)
        except QueryError as exc:
            from seeds_cli.cli.main import report_error

            sys.stderr.write(f"seeds: line {number}:\n")
            report_error(exc)
            failed = True
            continue
        found = found or outcome.total > 0
        brief = [{"id": r.doc.id, "score": round(r.hit.score, 4)} for r in outcome.results]
        if fmt == "jsonl":
            out.write(dumps({"query": query, "results": brief}) + "\n")
        elif fmt == "json":
            collected.append({"query": query, "total": outcome.total, "results": brief})
        elif fmt == "trec":
            _write_machine(searcher, outcome, "trec", 0, 0, False, out, qid=number)
        elif fmt == "ids":
            _write_machine(searcher, outcome, "ids", 0, 0, False, out)
        else:
            from seeds_cli.render.safe import clean_inline

            out.write(f"# {number}: {clean_inline(query)}\n")
            for r in outcome.results:
                out.write(
                    f"{r.rank}\t{clean_inline(r.doc.id)}\t{r.hit.score:.4f}\t"
                    f"{clean_inline(r.doc.title)}\n"
                )
    if fmt == "json":
        out.write(dumps(collected, indent=2) + "\n")
    if failed:
        click.get_current_context().exit(2)
    return found


# -- the concordance ----------------------------------------------------------------------------


def _write_kwic(
    state: AppState,
    searcher: Searcher,
    outcome: Outcome,
    fmt: str,
    context: int,
    order: str,
    mode: str = "logical",
) -> None:
    from seeds_cli.index.kwic import kwic_lines, sort_key
    from seeds_cli.index.passages import find_matches
    from seeds_cli.render.output import dumps
    from seeds_cli.render.safe import clean_inline

    patterns = searcher.patterns(outcome)
    lines = []
    for r in outcome.results:
        text = searcher.text(r.doc)
        lines.extend(
            kwic_lines(r.doc.id, text, find_matches(patterns, text, r.doc.lang or "ar"), context)
        )
    key = sort_key(order)
    if key is not None:
        lines.sort(key=key)
    out = sys.stdout
    if fmt in ("json", "jsonl"):
        if fmt == "json":
            out.write(
                dumps({"query": outcome.query, "lines": [x.as_dict() for x in lines]}, indent=2)
                + "\n"
            )
        else:
            for x in lines:
                out.write(dumps(x.as_dict()) + "\n")
        return
    if fmt in ("ids", "trec"):
        for x in lines:
            out.write(f"{clean_inline(x.id)}\t{x.start}\t{x.end}\n")
        return
    if fmt == "plain":
        # before <TAB> keyword <TAB> after, in reading order: easy to sort and cut.
        for x in lines:
            out.write(
                f"{clean_inline(x.id)}\t{clean_inline(x.before)}\t{clean_inline(x.keyword)}"
                f"\t{clean_inline(x.after)}\n"
            )
        return
    from seeds_cli.render.search_view import kwic_table

    kwic_table(state.color, lines, mode)
