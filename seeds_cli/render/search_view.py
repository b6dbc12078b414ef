"""The terminal view of search results: ranked documents with their passages, and the
concordance (KWIC) — laid out in cells, right-to-left lines shaped and reordered in visual mode.

Piped and machine-readable formats are written by :mod:`.search_output`; this is only the
terminal rendering.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from seeds_cli.api import SearchHit, SearchResults
    from seeds_cli.index.passages import Passage


# In logical mode a terminal that does bidi reorders each line itself.  A left-to-right mark
# starting the line and closing each field keeps the fields where we put them (the spaces
# between an Arabic title and an Arabic source would otherwise join them into one run, shown
# in reverse order).  Only sent to a terminal: a file gets the fields alone.
_LRM = "\u200e"
_MIN_TITLE = 16  # fewer cells than this for the title: the metadata goes on a second line


def _match_style(mlterm: bool = False) -> str:
    """How a match is highlighted; not bold in mlterm (see ``is_mlterm``)."""
    from seeds_cli.render.article import DEFAULT_STYLES

    style = DEFAULT_STYLES["match"]
    return style.replace("bold", "").strip() if mlterm else style


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
    from seeds_cli.render.bidi.algorithm import reorder_line
    from seeds_cli.render.bidi.shaping import shape

    shaped, _ = shape(s)
    shown, _ = reorder_line(shaped, "rtl" if rtl else "ltr")
    return shown


def _marks(mode: str) -> bool:
    """Whether to send left-to-right marks (see ``_LRM``): logical text to a terminal."""
    from seeds_cli.render.console import stream_is_terminal

    return mode == "logical" and stream_is_terminal()


def _to_mlterm(marks: bool) -> bool:
    """Whether logical text goes to mlterm, whose cells differ from rich's (see ``is_mlterm``)."""
    import os

    from seeds_cli.render.bidi.terminal import is_mlterm

    return marks and is_mlterm(os.environ)


def _isolated(s: str, marks: bool) -> str:
    """A field as sent, closed by a left-to-right mark when ``marks``."""
    return s + _LRM if marks and s else s


def _header_lines(
    results: list[SearchHit], width: int, mode: str, marks: bool = False, mlterm: bool = False
) -> list[list[list[tuple[str, str]]]]:
    """Each result's header as lines of ``(text, style)`` pieces, every line ``width`` cells or less.

    One line when there is room: rank, id, the title (cut in logical order so the start of a
    right-to-left title survives; right-aligned in its column when right-to-left), then source,
    date and score in aligned columns.  On a narrow terminal the metadata goes on a second line.

    Cells are counted as the terminal draws them: in ``mlterm`` (logical text to it) a lam-alef
    pair takes one, each of a line's three left-to-right marks takes one, and a right-to-left
    title is not bold, as mlterm draws bold Arabic wider than its cells.
    """
    from functools import partial

    from rich.cells import cell_len as rich_cell_len

    from seeds_cli.render.bidi.algorithm import base_direction
    from seeds_cli.render.bidi.layout import display_inline, drawn_cells
    from seeds_cli.render.safe import clean_inline

    if not results:
        return []
    cell_len = partial(drawn_cells, joined_lam_alef=mlterm)
    if mlterm:
        width -= 3  # the marks before the line, after the title and after the source
    rank_cells = max(3, len(str(max(r.rank for r in results))))
    id_cap = max(8, width // 3)
    ids = [_cut_cells(clean_inline(r.id), id_cap) for r in results]
    prefix_cells = rank_cells + 2 + max(cell_len(i) for i in ids) + 2
    sources = [display_inline(r.source, mode, max_cells=24) for r in results]
    dates = [_cut_cells(clean_inline(r.date), 10) for r in results]
    scores = [f"{r.score:.3f}" for r in results]
    columns = [max(cell_len(x) for x in column) for column in (sources, dates, scores)]
    meta_cells = sum(columns) + 2 * (len(columns) - 1)
    titles = [clean_inline(r.title) or "(untitled)" for r in results]
    longest = max(map(rich_cell_len, titles))  # as display_inline cuts: a lam-alef is two
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
        weight = "" if rtl and mlterm else "bold"
        if rtl:
            first += [(pad, ""), (_isolated(shown, marks), weight)]
        else:
            first += [(_isolated(shown, marks), weight), (pad, "")]
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


def write_results(color: str, results: SearchResults, explain: bool, mode: str) -> None:
    """The results on a terminal: a count, each result's header line and its passages with the
    matches highlighted; with ``explain``, the analyzed query and how each score adds up."""
    from rich.cells import cell_len
    from rich.text import Text

    from seeds_cli.render.bidi.layout import display_inline, layout_paragraph, line_to_text
    from seeds_cli.render.console import make_console

    console = make_console(color)
    total_width = max(1, console.width)
    margin = 4 if total_width >= 24 else 1
    measure = max(1, total_width - margin)
    marks = _marks(mode)
    mlterm = _to_mlterm(marks)
    match = _match_style(mlterm)

    def emit(pieces: list[tuple[str, str]], *, fitted: bool = False) -> None:
        """One line; ``fitted`` when laid out to fit as the terminal draws it, where rich, counting
        otherwise (a lam-alef as two cells in mlterm), must not cut it."""
        overflow = "ignore" if fitted else "ellipsis"
        line = Text(no_wrap=True, overflow=overflow)
        for chunk, style in pieces:
            line.append(chunk, style=style)
        console.print(line, no_wrap=True, overflow=overflow, crop=not fitted)

    hits = results.hits
    shown = len(hits)
    first = hits[0].rank if shown else 0
    matched = f"{_plural(results.total, 'document')} match{'es' if results.total == 1 else ''}"
    if shown:
        matched += f"; showing {first}" + (f"–{first + shown - 1}" if shown > 1 else "")
        if results.grouped and any(hit.copies for hit in hits):
            matched += ", each story once"
    emit([(_cut_cells(matched, total_width), "dim")])
    for t in results.terms or []:
        term = display_inline(t["term"], mode, max_cells=max(8, total_width // 3))
        tail = (
            f"  [{t['kind']}]  df {t['df']}  idf {t['idf']}  weight {t['weight']}"
            f"{'  (excluded)' if t['excluded'] else ''}"
        )
        room = total_width - 2 - cell_len(term) - 3 - cell_len(tail)
        analyzed = display_inline(" ".join(t["analyzed"]), mode, max_cells=max(4, room))
        emit(
            [
                ("  ", ""),
                (_isolated(term, marks), "" if mlterm else "bold"),
                (f" → {_isolated(analyzed, marks)}{tail}", "dim"),
            ]
        )
    headers = _header_lines(hits, total_width, mode, marks, mlterm)
    for hit, header in zip(hits, headers, strict=True):
        for pieces in header:
            emit(pieces, fitted=True)
        if results.grouped and hit.copies:
            note = display_inline(hit.copies_note(), mode, max_cells=max(1, measure))
            emit([(" " * margin + _isolated(note, marks), "magenta")])
        for p in hit.passages:
            text, spans = _clean_passage(p)
            for line in layout_paragraph(text, measure, mode, spans):
                console.print(
                    line_to_text(line, {"match": match}, margin=margin), no_wrap=True, crop=True
                )
        if explain and hit.explain is not None:
            for row in hit.explain.terms:
                if row["score"]:
                    term = display_inline(str(row["term"]), mode, max_cells=total_width // 2)
                    emit(
                        [
                            (
                                f"      + {_isolated(term, marks)} [{row['kind']}]: {row['score']}",
                                "dim",
                            )
                        ]
                    )
            line = f"      × proximity {hit.explain.proximity:.3f}  = {hit.score:.3f}"
            emit([(_cut_cells(line, total_width), "dim")])
    if results.facets:
        _facet_tables(console, results.facets, mode)


def _facet_tables(console: Any, facets: dict[str, list[tuple[str, int]]], mode: str) -> None:
    """Each facet as a small two-column table under the results: value, documents."""
    from rich.table import Table
    from rich.text import Text

    from seeds_cli.render.bidi.layout import display_inline

    for name, pairs in facets.items():
        table = Table(box=None, padding=(0, 2), header_style="bold", pad_edge=False)
        table.add_column(name)
        table.add_column("documents", justify="right")
        for value, count in pairs:
            table.add_row(Text(display_inline(value, mode, max_cells=40)), Text(f"{count:,}"))
        console.print()
        console.print(table)


def kwic_table(color: str, lines: list[Any], mode: str) -> None:
    """One line per occurrence: id, then the keyword in a column at the centre.

    The keyword's start is aligned: its left edge in a left-to-right line, its right edge in a
    right-to-left one, where the context before the keyword is on its right.  Both contexts
    touch the keyword and are cut at their far ends.
    """
    from rich.cells import cell_len
    from rich.text import Text

    from seeds_cli.render.bidi.algorithm import base_direction
    from seeds_cli.render.console import make_console
    from seeds_cli.render.safe import clean_inline

    console = make_console(color)
    width = max(1, console.width)
    match = _match_style(_to_mlterm(_marks(mode)))
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
