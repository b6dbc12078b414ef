"""``seeds similar``: a document's copies, then the articles most like it."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from seeds_cli.cli.options import (
    RANKED_FORMATS,
    completion,
    filter_options,
    ranked_output_options,
    resolve_format,
)
from seeds_cli.cli.state import AppState

if TYPE_CHECKING:
    from seeds_cli.index.search import Result
    from seeds_cli.index.similar import Similar


@click.command("similar")
@click.argument("ref", metavar="ID", shell_complete=completion("complete_ids"))
@ranked_output_options("At most N related articles after the copies (0: all).")
@click.option("--no-copies", is_flag=True, help="Leave the document's copies out.")
@click.option(
    "--terms",
    "show_terms",
    is_flag=True,
    help="Show the more-like-this query: the document's most distinctive terms.",
)
@filter_options
@click.pass_obj
def similar_command(
    state: AppState,
    ref: str,
    fmt: str,
    limit: int,
    no_copies: bool,
    show_terms: bool,
    sources: tuple[str, ...],
    langs: tuple[str, ...],
    since: str | None,
    until: str | None,
) -> None:
    """The documents most like document ID (an id or a unique prefix).

    First its copies: the other documents of its story (near-duplicates, with their
    resemblance to the story's earliest copy) and the copies an import recorded, marked
    'copy'. Then related articles, ranked by a more-like-this search: the document's most
    distinctive terms (at most 25, by tf-idf, the lead and title weighing more), any of
    them. Filters apply to both.

    \b
    Output: as 'seeds search': a list on a terminal; plain lines when piped
    (rank, id, score, date, source, title, kind: copy or related; a copy's score is its
    resemblance, a related article's its search score); json/jsonl records with 'kind';
    trec: a run file with the document's id as the query id.
    Exit status: 0 something was found, 1 nothing was.

    \b
    Examples:
      seeds similar 791b
      seeds similar 791b --limit 5 --since 2015-08 --format jsonl
      seeds similar 791b --terms
      seeds dupes                        # every story with copies
    """
    from seeds_cli.catalogue.select import date_in_range, lang_matches
    from seeds_cli.cli.index_cmd import open_searcher
    from seeds_cli.index.similar import Similar, distinctive_terms, more_like_this_query, related
    from seeds_cli.index.story_list import story_of

    fmt = resolve_format(fmt, RANKED_FORMATS)
    catalogue = state.catalogue()
    doc = catalogue.get(ref)
    searcher = open_searcher(state)
    reader = searcher.reader
    num_of = {d.id: i for i, d in enumerate(catalogue.documents)}  # index numbers: corpus order
    num = num_of[doc.id]
    wanted = {s.casefold() for s in sources}

    def passes(source: str, lang: str, date: str) -> bool:
        return (
            (not wanted or source.casefold() in wanted)
            and (not langs or lang_matches(lang, langs))
            and ((since is None and until is None) or date_in_range(date, since, until))
        )

    story = story_of(reader, catalogue, num)
    copies = [c for c in story.copies if c.id != doc.id] if story else []
    members = {num_of[c.id] for c in copies if c.id}
    if no_copies:
        copies = []
    copies = [
        c
        for c in copies
        if passes(c.source, catalogue.documents[num_of[c.id]].lang if c.id else doc.lang, c.date)
    ]
    terms = distinctive_terms(
        doc.text,
        doc.title,
        doc.lang or "ar",
        reader.doc_frequency,
        reader.n_docs,
    )
    query = more_like_this_query(terms)
    found = related(
        searcher,
        query,
        members | {num},
        limit,
        lambda r: passes(r.doc.source, r.doc.lang, r.doc.date),
    )
    lines = [Similar(i, copy=c) for i, c in enumerate(copies, 1)]
    lines += [Similar(len(lines) + i, result=r) for i, r in enumerate(found, 1)]
    if show_terms:
        from seeds_cli.render.safe import clean_inline

        sys.stderr.write(
            "terms: " + " ".join(f"{clean_inline(t.word)}({t.weight:.1f})" for t in terms) + "\n"
        )
    if fmt == "table":
        _write_table(state, doc.title, lines)
    elif fmt == "trec":  # a run of the document as a query (qid: its id); copies score 1000+
        for line in lines:
            rec = _record(line)
            if rec["id"]:
                score = 1000 + rec["score"] if rec["kind"] == "copy" else rec["score"]
                sys.stdout.write(f"{doc.id} Q0 {rec['id']} {line.rank} {score:.4f} seeds\n")
    elif fmt == "ids":
        for line in lines:
            item = line.copy.id if line.copy else line.result.doc.id  # type: ignore[union-attr]
            if item:
                sys.stdout.write(item + "\n")
    elif fmt == "plain":
        from seeds_cli.render.safe import clean_inline

        for line in lines:
            rec = _record(line)
            sys.stdout.write(
                "\t".join(
                    clean_inline(str(rec.get(k, "")))
                    for k in ("rank", "id", "score", "date", "source", "title", "kind")
                )
                + "\n"
            )
    else:
        from seeds_cli.render.output import dumps

        records = [_record(line) for line in lines]
        if fmt == "json":
            body = {
                "id": doc.id,
                "title": doc.title,
                "story": story.id if story else None,
                "terms": [
                    {"word": t.word, "term": t.term, "weight": round(t.weight, 3)} for t in terms
                ],
                "results": records,
            }
            sys.stdout.write(dumps(body, indent=2) + "\n")
        else:
            sys.stdout.writelines(dumps(r) + "\n" for r in records)
    click.get_current_context().exit(0 if lines else 1)


def _record(line: Similar) -> dict[str, Any]:
    if line.copy is not None:
        c = line.copy
        record: dict[str, Any] = {"rank": line.rank, "kind": "copy", "id": c.id}
        record["score"] = round(c.resemblance, 3)
        record.update({k: v for k, v in c.as_dict().items() if k not in ("id", "resemblance")})
        return record
    r: Result = line.result  # type: ignore[assignment]
    record = {"rank": line.rank, "kind": "related", "id": r.doc.id, "score": round(r.hit.score, 4)}
    record.update({k: v for k, v in r.doc.metadata().items() if k != "id"})
    return record


def _write_table(state: AppState, title: str, lines: list[Similar]) -> None:
    from rich.text import Text

    from seeds_cli.render.bidi.layout import display_inline
    from seeds_cli.render.console import make_console
    from seeds_cli.render.safe import clean_inline

    console = make_console(state.color)
    width = max(20, console.width)
    with state.bidi_output() as mode:
        head = Text("like: ", style="dim")
        head.append(display_inline(title or "(untitled)", mode, max_cells=width - 8), style="bold")
        console.print(head, no_wrap=True, overflow="ellipsis", crop=True)
        if not lines:
            console.print(Text("nothing similar found", style="dim"))
        for line in lines:
            rec = _record(line)
            row = Text(no_wrap=True, overflow="ellipsis")
            row.append(f"{rec['rank']:>3} ", style="dim")
            if rec["kind"] == "copy":
                row.append("copy ", style="bold magenta")
                row.append(f"{rec['score']:.0%} ", style="magenta")
            else:
                row.append("     ")
                row.append(f"{rec['score']:>5.2f} ", style="dim")
            row.append(clean_inline(rec["id"] or "(recorded)"), style="cyan")
            row.append("  ")
            row.append(
                display_inline(str(rec.get("source", "")), mode, max_cells=16), style="green"
            )
            row.append(f"  {rec.get('date', '')}  ", style="yellow")
            used = row.cell_len
            row.append(
                display_inline(str(rec.get("title", "")), mode, max_cells=max(8, width - used))
            )
            console.print(row, no_wrap=True, overflow="ellipsis", crop=True)
