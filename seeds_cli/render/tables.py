"""The rich table of documents that ``seeds list`` shows on a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from seeds_cli.catalogue import Document

# Cells taken by the table's borders and padding around six columns.
_FRAME_CELLS = 6 * 3 + 1


def _title_cell(title: str, width: int, bidi_mode: str) -> Text:
    """A title wrapped to ``width`` cells; in visual mode each line is shaped and reordered on
    its own (rich would otherwise wrap the already reordered string, starting with its end)."""
    from rich.text import Text

    from seeds_cli.render.bidi import layout_paragraph, line_to_plain
    from seeds_cli.render.safe import clean_inline

    title = clean_inline(title)
    if bidi_mode != "visual":
        return Text(title)
    lines = layout_paragraph(title, width, "visual")
    return Text("\n".join(line_to_plain(line) for line in lines), no_wrap=True)


def document_table(
    documents: Sequence[Document], title: str, bidi_mode: str, width: int = 80
) -> Table:
    """Id, title, source, date, lang and words; every cell is plain Text, never markup."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from seeds_cli.render.bidi import display_inline
    from seeds_cli.render.safe import clean_inline

    def short(value: str) -> Text:
        return Text(display_inline(value, bidi_mode))

    rows = [
        (
            clean_inline(doc.id),
            doc.title,
            display_inline(doc.source, bidi_mode),
            clean_inline(doc.date),
            clean_inline(doc.lang),
            f"{doc.words:,}",
        )
        for doc in documents
    ]
    others = [
        max([cell_len(h), *(cell_len(r[i]) for r in rows)])
        for i, h in ((0, "id"), (2, "source"), (3, "date"), (4, "lang"), (5, "words"))
    ]
    title_width = max(12, width - sum(others) - _FRAME_CELLS)
    table = Table(
        title=short(title) if title else None, header_style="bold", expand=False, width=width
    )
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("title", width=title_width)
    table.add_column("source")
    table.add_column("date", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("words", justify="right", no_wrap=True)
    for doc_id, doc_title, source, date, lang, words in rows:
        table.add_row(
            Text(doc_id),
            _title_cell(doc_title, title_width, bidi_mode),
            Text(source),
            Text(date),
            Text(lang),
            Text(words),
        )
    table.caption = Text(f"{len(documents)} document{'s' * (len(documents) != 1)}")
    return table
