"""Exporting a corpus for other tools: JSON Lines, CSV, and OpenSearch/Elasticsearch ``_bulk``.

Each record carries a document's metadata (as ``seeds list --format json`` gives it) plus its
text. Documents are read one at a time, so memory stays flat on large corpora.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TextIO

from seeds_cli.catalogue.catalogue import Document

FORMATS = ("jsonl", "csv", "opensearch")
CSV_COLUMNS = (
    "id",
    "file",
    "title",
    "source",
    "date",
    "lang",
    "url",
    "author",
    "place",
    "tags",
    "sha256",
    "words",
    "text",
)

__all__ = ["CSV_COLUMNS", "FORMATS", "export_record", "write_csv", "write_jsonl"]


def export_record(doc: Document) -> dict[str, Any]:
    """The document's metadata with its text; ``seeds import`` reads this back unchanged."""
    record = doc.metadata()
    record["text"] = doc.text
    return record


def write_jsonl(
    docs: Iterable[Document], out: TextIO, progress: Callable[[int], None] | None = None
) -> int:
    """One JSON object per line; terminal-active characters are escaped, nothing is lost."""
    from seeds_cli.render.output import dumps

    count = 0
    for doc in docs:
        out.write(dumps(export_record(doc)) + "\n")
        count += 1
        if progress:
            progress(1)
    return count


def write_csv(
    docs: Iterable[Document],
    out: TextIO,
    *,
    clean: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """A header row, then one row per document; the text keeps its line breaks (quoted).

    CSV has no escapes, so ``clean`` (used when writing to a terminal) replaces control
    characters with visible placeholders; otherwise the text is written exactly.
    """
    import csv

    from seeds_cli.render.safe import clean_block, clean_inline

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for doc in docs:
        record = export_record(doc)
        row = []
        for column in CSV_COLUMNS:
            value = record.get(column, "")
            if isinstance(value, list):
                value = ", ".join(value)
            value = str(value)
            if clean:
                value = clean_block(value) if column == "text" else clean_inline(value)
            row.append(value)
        writer.writerow(row)
        count += 1
        if progress:
            progress(1)
    return count
