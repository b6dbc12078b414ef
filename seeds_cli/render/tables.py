"""The table of documents that ``seeds list`` shows on a terminal, made a screenful at a time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.segment import Segment
    from rich.table import Table
    from rich.text import Text

    from seeds_cli.catalogue import Document

# Cells taken by the table's borders and padding around six columns.
_FRAME_CELLS = 6 * 3 + 1
_MIN_TITLE = 12
_HEADINGS = ("id", "title", "source", "date", "lang", "words")


def _title_cell(title: str, width: int, bidi_mode: str) -> Text:
    """A title wrapped to ``width`` cells; in visual mode each line is shaped and reordered on
    its own (rich would otherwise wrap the already reordered string, starting with its end)."""
    from rich.text import Text

    from seeds_cli.render.bidi.layout import layout_paragraph, line_to_plain
    from seeds_cli.render.safe import clean_inline

    title = clean_inline(title)
    if bidi_mode != "visual":
        return Text(title)
    lines = layout_paragraph(title, width, "visual")
    return Text("\n".join(line_to_plain(line) for line in lines), no_wrap=True)


class DocumentTable:
    """Id, title, source, date, lang and words; every cell is plain Text, never markup.

    The column widths are worked out once from all the documents, so that the table can be
    drawn in pieces (:meth:`lines`) that join into one: a terminal shows the first rows of
    30,000 documents at once instead of after the whole table is laid out.
    """

    def __init__(
        self, documents: Sequence[Document], title: str, bidi_mode: str, width: int = 80
    ) -> None:
        from rich.cells import cell_len

        from seeds_cli.render.bidi.layout import display_inline
        from seeds_cli.render.safe import clean_inline

        self.documents = documents
        self.title = display_inline(title, bidi_mode) if title else ""
        self.bidi_mode = bidi_mode
        self.width = width
        self._sources = {s: display_inline(s, bidi_mode) for s in {doc.source for doc in documents}}
        columns = [
            [clean_inline(doc.id) for doc in documents],
            list(self._sources.values()),
            [clean_inline(doc.date) for doc in documents],
            [clean_inline(doc.lang) for doc in documents],
            [f"{_most_words(documents):,}"],
        ]
        self.widths = [
            max([cell_len(heading), *map(cell_len, column)])
            for heading, column in zip(
                ("id", "source", "date", "lang", "words"), columns, strict=True
            )
        ]
        self.title_width = max(_MIN_TITLE, width - sum(self.widths) - _FRAME_CELLS)

    def table(self, start: int = 0, stop: int | None = None) -> Table:
        """Rows ``start`` to ``stop`` as a rich Table: the corpus title and the column headings
        on the first piece, the count of documents under the last."""
        from rich.table import Table
        from rich.text import Text

        from seeds_cli.render.safe import clean_inline

        stop = len(self.documents) if stop is None else stop
        first, last = start == 0, stop >= len(self.documents)
        table = Table(
            title=Text(self.title) if self.title and first else None,
            caption=Text(_count(len(self.documents))) if last else None,
            show_header=first,
            header_style="bold",
            expand=False,
        )
        id_w, source_w, date_w, lang_w, words_w = self.widths
        table.add_column("id", style="cyan", no_wrap=True, width=id_w)
        table.add_column("title", width=self.title_width)
        table.add_column("source", width=source_w)
        table.add_column("date", no_wrap=True, width=date_w)
        table.add_column("lang", no_wrap=True, width=lang_w)
        table.add_column("words", justify="right", no_wrap=True, width=words_w)
        for doc in self.documents[start:stop]:
            table.add_row(
                Text(clean_inline(doc.id)),
                _title_cell(doc.title, self.title_width, self.bidi_mode),
                Text(self._sources[doc.source]),
                Text(clean_inline(doc.date)),
                Text(clean_inline(doc.lang)),
                Text(f"{doc.words:,}"),  # reads the text unless INDEX.md gave the count
            )
        return table

    def lines(self, console: Console, first: int, then: int = 200) -> Iterator[list[Segment]]:
        """The whole table as lines of segments, made ``first`` rows, then ``then`` rows, at a
        time: each piece is drawn as a table of its own, less the edges where pieces meet."""
        total = len(self.documents)
        start = 0
        size = max(1, first)
        while True:
            stop = min(total, start + size)
            drawn = console.render_lines(self.table(start, stop), pad=False, new_lines=True)
            if start > 0:
                drawn = drawn[1:]  # the top edge
            if stop < total:
                drawn = drawn[:-1]  # the bottom edge
            yield from drawn
            if stop >= total:
                return
            start, size = stop, max(1, then)


def _most_words(documents: Sequence[Document]) -> int:
    """At least as many words as any of ``documents`` has, known without reading their texts:
    a word and the space after it take two bytes or more."""
    import contextlib
    import os

    most = 0
    for doc in documents:
        with contextlib.suppress(OSError, ValueError):  # the row will say what is wrong
            most = max(most, (os.stat(os.path.join(doc.root, doc.file)).st_size + 1) // 2)
    return most


def _count(n: int) -> str:
    return f"{n} document{'s' * (n != 1)}"
