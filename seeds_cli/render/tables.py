"""The rich table of documents that ``seeds list`` shows on a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table

    from seeds_cli.catalogue import Document


def document_table(documents: Sequence[Document], title: str, bidi_mode: str) -> Table:
    """Id, title, source, date, lang and words; every cell is plain Text, never markup."""
    from rich.table import Table
    from rich.text import Text
    from seeds_cli.render.bidi import display_inline

    from seeds_cli.render.safe import clean_inline

    def cell(value: str, style: str = "") -> Text:
        return Text(display_inline(clean_inline(value), bidi_mode), style=style)

    table = Table(title=cell(title) if title else None, header_style="bold", expand=False)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("title", ratio=1)
    table.add_column("source")
    table.add_column("date", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("words", justify="right", no_wrap=True)
    for doc in documents:
        table.add_row(
            Text(clean_inline(doc.id)),
            cell(doc.title),
            cell(doc.source),
            Text(clean_inline(doc.date)),
            Text(clean_inline(doc.lang)),
            Text(f"{doc.words:,}"),
        )
    table.caption = Text(f"{len(documents)} document{'s' * (len(documents) != 1)}")
    return table
