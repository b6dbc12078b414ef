"""``seeds search``: ranked search with passages, a concordance, explanations and batch mode."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

import click

from seeds_cli.cli.options import format_option, resolve_format
from seeds_cli.cli.state import AppState

if TYPE_CHECKING:
    from seeds_cli.index.passages import Passage, Pattern
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
    batch_file: TextIO | None,
) -> None:
    ctx = click.get_current_context()
    if (query is None) == (batch_file is None):
        raise click.UsageError("give either a QUERY or --batch FILE")
    fmt = resolve_format(fmt, FORMATS)
    from seeds_cli.cli.index_cmd import ensure_index
    from seeds_cli.index.search import Searcher

    root, reader = ensure_index(state)
    searcher = Searcher(reader, root, exact=exact)
    if batch_file is not None:
        found = _run_batch(searcher, batch_file, fmt, limit, offset)
        ctx.exit(0 if found else 1)
    assert query is not None
    outcome = searcher.search(query, limit=limit, offset=offset, with_explain=explain)
    sort = {"left": "before", "right": "after"}.get(kwic_sort, kwic_sort)
    if kwic:
        _write_kwic(state, searcher, outcome, fmt, context_words, sort)
    elif fmt == "table":
        _write_table(state, searcher, outcome, context_words, passages, explain)
    else:
        _write_machine(searcher, outcome, fmt, context_words, passages, explain, sys.stdout)
    ctx.exit(0 if outcome.total else 1)


# -- shared pieces ----------------------------------------------------------------------------


def _patterns(searcher: Searcher, outcome: Outcome) -> list[Pattern]:
    from seeds_cli.index.passages import patterns_from_query
    from seeds_cli.index.query import parse_query

    return patterns_from_query(
        parse_query(outcome.query), exact=searcher.exact, lang=outcome.context.lang
    )


def _passages(
    searcher: Searcher, result: Result, patterns: list[Pattern], context: int, count: int
) -> tuple[str, list[Passage]]:
    from seeds_cli.index.passages import best_passages, find_matches

    if count == 0:
        return "", []
    text = searcher.text(result.doc)
    lang = result.doc.lang or "ar"
    matches = find_matches(patterns, text, lang)
    return text, best_passages(text, matches, patterns, context=context, limit=count, lang=lang)


def _record(result: Result, passages: list[Passage] | None, explain: bool) -> dict[str, Any]:
    record: dict[str, Any] = {
        "rank": result.rank,
        "id": result.doc.id,
        "score": round(result.hit.score, 4),
    }
    record.update({k: v for k, v in result.doc.metadata().items() if k != "id"})
    record.setdefault("title", "")
    if passages is not None:
        record["passages"] = [p.as_dict() for p in passages]
    if explain:
        record["explain"] = {
            "terms": result.explain,
            "coord": round(result.hit.coord, 4),
            "proximity": round(result.hit.prox, 4),
            "lead": round(result.hit.lead, 4),
        }
    return record


def _query_terms(outcome: Outcome) -> list[dict[str, Any]]:
    return [
        {
            "term": leaf.label,
            "kind": "exact form" if leaf.companion else leaf.kind,
            "analyzed": leaf.terms[:20],
            "df": leaf.df,
            "idf": round(leaf.idf, 4),
            "weight": leaf.weight,
            "excluded": not leaf.highlight,
        }
        for leaf in outcome.context.leaves
    ]


# -- machine-readable and plain output ----------------------------------------------------------


def _write_machine(
    searcher: Searcher,
    outcome: Outcome,
    fmt: str,
    context: int,
    count: int,
    explain: bool,
    out: TextIO,
    qid: int = 1,
) -> None:
    from seeds_cli.render.output import dumps
    from seeds_cli.render.safe import clean_inline

    if fmt == "ids":
        for r in outcome.results:
            out.write(clean_inline(r.doc.id) + "\n")
        return
    if fmt == "trec":
        for r in outcome.results:
            out.write(f"{qid} Q0 {clean_inline(r.doc.id)} {r.rank} {r.hit.score:.4f} seeds\n")
        return
    patterns = _patterns(searcher, outcome)

    def records() -> Iterator[dict[str, Any]]:
        for r in outcome.results:
            yield _record(r, _passages(searcher, r, patterns, context, count)[1], explain)

    if fmt == "json":
        body: dict[str, Any] = {"query": outcome.query, "total": outcome.total}
        if explain:
            body["terms"] = _query_terms(outcome)
        body["results"] = list(records())
        out.write(dumps(body, indent=2) + "\n")
    elif fmt == "jsonl":
        for record in records():
            out.write(dumps(record) + "\n")
    else:  # plain
        if explain:
            for t in _query_terms(outcome):
                out.write(
                    f"# {clean_inline(t['term'])} -> {clean_inline(' '.join(t['analyzed']))}"
                    f" df={t['df']} idf={t['idf']} weight={t['weight']}"
                    f"{' excluded' if t['excluded'] else ''}\n"
                )
        for r in outcome.results:
            _text, found = _passages(searcher, r, patterns, context, count)
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
                    ]
                )
                + "\n"
            )
            for p in found:
                out.write("    " + clean_inline(p.text) + "\n")
            if explain:
                for row in r.explain:
                    out.write(f"    = {clean_inline(str(row['term']))}: {row['score']}\n")


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


# -- the terminal -------------------------------------------------------------------------------


def _write_table(
    state: AppState, searcher: Searcher, outcome: Outcome, context: int, count: int, explain: bool
) -> None:
    from rich.text import Text

    from seeds_cli.render.bidi import display_inline, layout_paragraph, line_to_text
    from seeds_cli.render.console import make_console
    from seeds_cli.render.safe import clean_inline

    console = make_console(state.color)
    mode = state.bidi_mode(console.is_terminal)
    width = max(20, console.width - 4)
    patterns = _patterns(searcher, outcome)
    shown = len(outcome.results)
    first = outcome.results[0].rank if shown else 0
    console.print(
        Text(
            f"{outcome.total} documents match; showing {first}–{first + shown - 1}"
            if shown
            else f"{outcome.total} documents match",
            style="dim",
        )
    )
    if explain:
        for t in _query_terms(outcome):
            line = Text("  ")
            line.append(display_inline(t["term"], mode), style="bold")
            line.append(
                f" → {display_inline(' '.join(t['analyzed']), mode)}  df {t['df']}  "
                f"idf {t['idf']}  weight {t['weight']}"
                f"{'  (excluded)' if t['excluded'] else ''}",
                style="dim",
            )
            console.print(line)
    for r in outcome.results:
        d = r.doc
        head = Text(f"{r.rank:>3}. ", style="bold")
        head.append(clean_inline(d.id), style="cyan")
        head.append("  ")
        head.append(
            display_inline(d.title or "(untitled)", mode, max_cells=width - 40), style="bold"
        )
        head.append(f"  {clean_inline(d.source)}  {d.date}  {r.hit.score:.3f}", style="dim")
        console.print(head)
        _, found = _passages(searcher, r, patterns, context, count)
        for p in found:
            text = clean_inline(p.text)
            spans = [(a - p.start, b - p.start, "match") for a, b in p.highlights]
            for line in layout_paragraph(text, width, mode, spans):
                console.print(line_to_text(line, {"match": "bold yellow reverse"}, margin=4))
        if explain:
            for row in r.explain:
                if row["score"]:
                    console.print(
                        Text(
                            f"      {display_inline(str(row['term']), mode)}: {row['score']}",
                            style="dim",
                        )
                    )
            console.print(
                Text(
                    f"      coordination ×{r.hit.coord:.3f}  proximity ×{r.hit.prox:.3f}"
                    f"  lead coverage ×{r.hit.lead:.3f}",
                    style="dim",
                )
            )


def _write_kwic(
    state: AppState, searcher: Searcher, outcome: Outcome, fmt: str, context: int, order: str
) -> None:
    from seeds_cli.index.kwic import kwic_lines, sort_key
    from seeds_cli.index.passages import find_matches
    from seeds_cli.render.output import dumps
    from seeds_cli.render.safe import clean_inline

    patterns = _patterns(searcher, outcome)
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
    _kwic_table(state, lines)


def _kwic_table(state: AppState, lines: list[Any]) -> None:
    from rich.cells import cell_len
    from rich.text import Text

    from seeds_cli.render.bidi import base_direction, display_inline
    from seeds_cli.render.console import make_console
    from seeds_cli.render.safe import clean_inline

    console = make_console(state.color)
    mode = state.bidi_mode(console.is_terminal)
    id_width = max((len(x.id) for x in lines), default=0)
    side = max(10, (console.width - id_width - 20) // 2)
    for x in lines:
        rtl = base_direction(x.keyword + " " + x.before + " " + x.after) == "rtl"
        before = _cut(clean_inline(x.before), side, keep_end=True)
        after = _cut(clean_inline(x.after), side, keep_end=False)
        keyword = clean_inline(x.keyword)
        if mode == "visual" and rtl:
            # Right-to-left on screen: what precedes the keyword is displayed on its right.
            left, right = display_inline(after, mode), display_inline(before, mode)
            keyword = display_inline(keyword, mode)
        else:
            left, right = before, after
        row = Text(f"{clean_inline(x.id):<{id_width}}  ", style="cyan")
        row.append(" " * max(0, side - cell_len(left)) + left + " ")
        row.append(keyword, style="bold yellow reverse")
        row.append(" " + right)
        console.print(row, no_wrap=True, overflow="ellipsis")


def _cut(s: str, cells: int, *, keep_end: bool) -> str:
    if len(s) <= cells:
        return s
    return "…" + s[-(cells - 1) :] if keep_end else s[: cells - 1] + "…"
