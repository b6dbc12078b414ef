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
    from seeds_cli.render.bidi import BidiDecision

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
    searcher = Searcher(reader, root, exact=exact, on_damage=_warn_damaged)
    if batch_file is not None:
        found = _run_batch(searcher, batch_file, fmt, limit, offset)
        ctx.exit(0 if found else 1)
    assert query is not None
    outcome = searcher.search(query, limit=limit, offset=offset, with_explain=explain)
    sort = {"left": "before", "right": "after"}.get(kwic_sort, kwic_sort)
    if fmt == "table":
        from seeds_cli.render.bidi import vte_explicit_mode

        decision = _bidi_decision(state)
        with vte_explicit_mode(sys.stdout, decision.vte_explicit):
            if kwic:
                _write_kwic(state, searcher, outcome, fmt, context_words, sort, decision.mode)
            else:
                _write_table(
                    state, searcher, outcome, context_words, passages, explain, decision.mode
                )
    elif kwic:
        _write_kwic(state, searcher, outcome, fmt, context_words, sort)
    else:
        _write_machine(searcher, outcome, fmt, context_words, passages, explain, sys.stdout)
    ctx.exit(0 if outcome.total else 1)


# -- shared pieces ----------------------------------------------------------------------------


def _warn_damaged(detail: str) -> None:
    from seeds_cli.render.safe import clean_inline

    sys.stderr.write(f"seeds: warning: {clean_inline(detail)}; rebuilding it\n")


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
    patterns = searcher.patterns(outcome)

    def records() -> Iterator[dict[str, Any]]:
        for r in outcome.results:
            yield _record(
                r, searcher.passages(r, patterns, context=context, count=count)[1], explain
            )

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

# In logical mode a terminal that does bidi reorders each line itself.  A left-to-right mark
# starting the line and closing each field keeps the fields where we put them (the spaces
# between an Arabic title and an Arabic source would otherwise join them into one run, shown
# in reverse order).  Only sent to a terminal: a file gets the fields alone.
_LRM = "\u200e"
_MIN_TITLE = 16  # fewer cells than this for the title: the metadata goes on a second line


def _bidi_decision(state: AppState) -> BidiDecision:
    """The same decision ``seeds show`` makes: --bidi, else SEEDS_BIDI, else the terminal."""
    import os

    from seeds_cli.render.bidi import decide_bidi
    from seeds_cli.render.console import stream_is_terminal

    return decide_bidi(state.bidi, isatty=stream_is_terminal(), env=os.environ)


def _match_style() -> str:
    from seeds_cli.render.article import DEFAULT_STYLES

    return DEFAULT_STYLES["match"]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _cut_cells(s: str, cells: int, *, keep_end: bool = False) -> str:
    """``s`` in at most ``cells`` cells, cut in logical order, ``…`` where text was dropped.

    ``keep_end`` keeps the end of ``s`` (the context just before a keyword).  A combining mark
    is never separated from its letter.
    """
    import unicodedata

    from rich.cells import cell_len, get_character_cell_size

    if cells <= 0:
        return ""
    if cell_len(s) <= cells:
        return s
    chars = list(reversed(s)) if keep_end else list(s)
    kept: list[str] = []
    used = 0
    for ch in chars:
        size = get_character_cell_size(ch)
        if used + size > cells - 1:
            break
        kept.append(ch)
        used += size
    if keep_end:
        kept.reverse()
        while kept and unicodedata.combining(kept[0]):  # a mark whose letter was cut off
            kept.pop(0)
        return "…" + "".join(kept).lstrip()
    return "".join(kept).rstrip() + "…"


def _visual(s: str, mode: str, rtl: bool) -> str:
    """A piece of a line of direction ``rtl``, shaped and in display order in visual mode."""
    if mode != "visual" or not s:
        return s
    from seeds_cli.render.bidi import reorder_line, shape

    shaped, _ = shape(s)
    shown, _ = reorder_line(shaped, "rtl" if rtl else "ltr")
    return shown


def _marks(mode: str) -> bool:
    """Whether to send left-to-right marks (see ``_LRM``): logical text to a terminal."""
    from seeds_cli.render.console import stream_is_terminal

    return mode == "logical" and stream_is_terminal()


def _isolated(s: str, marks: bool) -> str:
    """A field as sent, closed by a left-to-right mark when ``marks``."""
    return s + _LRM if marks and s else s


def _header_lines(
    results: list[Result], width: int, mode: str, marks: bool = False
) -> list[list[list[tuple[str, str]]]]:
    """Each result's header as lines of ``(text, style)`` pieces, every line ``width`` cells or less.

    One line when there is room: rank, id, the title (cut in logical order so the start of a
    right-to-left title survives; right-aligned in its column when right-to-left), then source,
    date and score in aligned columns.  On a narrow terminal the metadata goes on a second line.
    """
    from rich.cells import cell_len

    from seeds_cli.render.bidi import base_direction, display_inline
    from seeds_cli.render.safe import clean_inline

    if not results:
        return []
    rank_cells = max(3, len(str(max(r.rank for r in results))))
    id_cap = max(8, width // 3)
    ids = [_cut_cells(clean_inline(r.doc.id), id_cap) for r in results]
    prefix_cells = rank_cells + 2 + max(cell_len(i) for i in ids) + 2
    sources = [display_inline(r.doc.source, mode, max_cells=24) for r in results]
    dates = [_cut_cells(clean_inline(r.doc.date), 10) for r in results]
    scores = [f"{r.hit.score:.3f}" for r in results]
    columns = [max(cell_len(x) for x in column) for column in (sources, dates, scores)]
    meta_cells = sum(columns) + 2 * (len(columns) - 1)
    titles = [clean_inline(r.doc.title) or "(untitled)" for r in results]
    longest = max(cell_len(t) for t in titles)
    room = width - prefix_cells - 2 - meta_cells
    two_lines = room < _MIN_TITLE
    title_cells = max(1, min(longest, width - prefix_cells if two_lines else room))

    out: list[list[list[tuple[str, str]]]] = []
    for r, doc_id, title, source, date, score in zip(
        results, ids, titles, sources, dates, scores, strict=True
    ):
        shown = display_inline(title, mode, max_cells=title_cells)
        pad = " " * max(0, title_cells - cell_len(shown))
        rtl = base_direction(title) == "rtl"
        first: list[tuple[str, str]] = [
            ((_LRM if marks else "") + f"{r.rank:>{rank_cells}}. ", "bold"),
            (doc_id + " " * (prefix_cells - rank_cells - 2 - cell_len(doc_id)), "cyan"),
        ]
        if rtl:
            first += [(pad, ""), (_isolated(shown, marks), "bold")]
        else:
            first += [(_isolated(shown, marks), "bold"), (pad, "")]
        meta = (
            _isolated(source, marks)
            + " " * (columns[0] - cell_len(source) + 2)
            + f"{date:<{columns[1]}}  {score:>{columns[2]}}"
        )
        if two_lines:
            indent = rank_cells + 2
            out.append([first, [(" " * indent + _cut_cells(meta, width - indent), "dim")]])
        else:
            out.append([[*first, ("  " + meta, "dim")]])
    return out


def _clean_passage(p: Passage) -> tuple[str, list[tuple[int, int, str]]]:
    """The passage's text cleaned for the terminal, and its highlights moved along with it."""
    from bisect import bisect_left

    from seeds_cli.render.safe import clean_block_mapped

    text, where = clean_block_mapped(p.text)
    spans = [
        (bisect_left(where, a - p.start), bisect_left(where, b - p.start), "match")
        for a, b in p.highlights
    ]
    return text.replace("\n", " "), spans


def _write_table(
    state: AppState,
    searcher: Searcher,
    outcome: Outcome,
    context: int,
    count: int,
    explain: bool,
    mode: str,
) -> None:
    from rich.cells import cell_len
    from rich.text import Text

    from seeds_cli.render.bidi import display_inline, layout_paragraph, line_to_text
    from seeds_cli.render.console import make_console

    console = make_console(state.color)
    total_width = max(1, console.width)
    margin = 4 if total_width >= 24 else 1
    measure = max(1, total_width - margin)
    match = _match_style()
    marks = _marks(mode)

    def emit(pieces: list[tuple[str, str]]) -> None:
        line = Text(no_wrap=True, overflow="ellipsis")
        for chunk, style in pieces:
            line.append(chunk, style=style)
        console.print(line, no_wrap=True, overflow="ellipsis", crop=True)

    patterns = searcher.patterns(outcome)
    shown = len(outcome.results)
    first = outcome.results[0].rank if shown else 0
    matched = f"{_plural(outcome.total, 'document')} match{'es' if outcome.total == 1 else ''}"
    if shown:
        matched += f"; showing {first}" + (f"–{first + shown - 1}" if shown > 1 else "")
    emit([(_cut_cells(matched, total_width), "dim")])
    if explain:
        for t in _query_terms(outcome):
            term = display_inline(t["term"], mode, max_cells=max(8, total_width // 3))
            tail = (
                f"  df {t['df']}  idf {t['idf']}  weight {t['weight']}"
                f"{'  (excluded)' if t['excluded'] else ''}"
            )
            room = total_width - 2 - cell_len(term) - 3 - cell_len(tail)
            analyzed = display_inline(" ".join(t["analyzed"]), mode, max_cells=max(4, room))
            emit(
                [
                    ("  ", ""),
                    (_isolated(term, marks), "bold"),
                    (f" → {_isolated(analyzed, marks)}{tail}", "dim"),
                ]
            )
    headers = _header_lines(outcome.results, total_width, mode, marks)
    for r, header in zip(outcome.results, headers, strict=True):
        for pieces in header:
            emit(pieces)
        _, found = searcher.passages(r, patterns, context=context, count=count)
        for p in found:
            text, spans = _clean_passage(p)
            for line in layout_paragraph(text, measure, mode, spans):
                console.print(
                    line_to_text(line, {"match": match}, margin=margin), no_wrap=True, crop=True
                )
        if explain:
            for row in r.explain:
                if row["score"]:
                    term = display_inline(str(row["term"]), mode, max_cells=total_width // 2)
                    emit([(f"      {_isolated(term, marks)}: {row['score']}", "dim")])
            emit(
                [
                    (
                        _cut_cells(
                            f"      coordination ×{r.hit.coord:.3f}  proximity ×{r.hit.prox:.3f}"
                            f"  lead coverage ×{r.hit.lead:.3f}",
                            total_width,
                        ),
                        "dim",
                    )
                ]
            )


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
    _kwic_table(state, lines, mode)


def _kwic_table(state: AppState, lines: list[Any], mode: str) -> None:
    """One line per occurrence: id, then the keyword in a column at the centre.

    The keyword's start is aligned: its left edge in a left-to-right line, its right edge in a
    right-to-left one, where the context before the keyword is on its right.  Both contexts
    touch the keyword and are cut at their far ends.
    """
    from rich.cells import cell_len
    from rich.text import Text

    from seeds_cli.render.bidi import base_direction
    from seeds_cli.render.console import make_console
    from seeds_cli.render.safe import clean_inline

    console = make_console(state.color)
    width = max(1, console.width)
    match = _match_style()
    ids = [_cut_cells(clean_inline(x.id), max(8, width // 3)) for x in lines]
    id_cells = max((cell_len(i) for i in ids), default=0)
    keywords = [clean_inline(x.keyword) for x in lines]
    key_cells = min(max((cell_len(k) for k in keywords), default=0), max(4, width // 4))
    column = id_cells + 2  # where the contexts may start
    anchor = column + max(0, (width - column - key_cells) // 2)  # the keyword column
    marks = _marks(mode)
    lead = _LRM if marks else ""
    for x, doc_id, keyword in zip(lines, ids, keywords, strict=True):
        rtl = base_direction(x.keyword + " " + x.before + " " + x.after) == "rtl"
        keyword = _cut_cells(keyword, key_cells)
        kw = cell_len(keyword)
        start = anchor + key_cells - kw if rtl else anchor  # the keyword's left edge
        left_room = max(0, start - 1 - column)
        right_room = max(0, width - (start + kw + 1))
        before, after = clean_inline(x.before), clean_inline(x.after)
        if rtl:
            # Right to left: what precedes the keyword is displayed on its right.
            left = _cut_cells(after, left_room, keep_end=False)
            right = _cut_cells(before, right_room, keep_end=True)
        else:
            left = _cut_cells(before, left_room, keep_end=True)
            right = _cut_cells(after, right_room, keep_end=False)
        left, keyword, right = (_visual(s, mode, rtl) for s in (left, keyword, right))
        row = Text(no_wrap=True, overflow="ellipsis")
        row.append(lead + doc_id + " " * (column - cell_len(doc_id)), style="cyan")
        row.append(" " * (start - 1 - column - cell_len(left)) + _isolated(left, marks) + " ")
        row.append(_isolated(keyword, marks), style=match)
        row.append(" " + _isolated(right, marks))
        console.print(row, no_wrap=True, overflow="ellipsis", crop=True)
