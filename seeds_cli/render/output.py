"""Machine-readable output shared by every command: TSV, CSV, JSON, JSON Lines and ids.

Everything here is plain text for pipes; nothing imports rich.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

# Characters that are valid inside JSON strings but can act on a terminal or reorder text when
# the JSON is printed raw: C1 controls, line/paragraph separators, bidi embeddings and isolates.
_JSON_ESCAPES = {
    cp: f"\\u{cp:04x}"
    for cp in [*range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
}


def dumps(value: Any, *, indent: int | None = None) -> str:
    """JSON with UTF-8 text kept readable but every terminal-active character escaped."""
    import json

    text = json.dumps(value, ensure_ascii=False, indent=indent, default=str)
    return text.translate(_JSON_ESCAPES)


def _plain(value: Any) -> str:
    from seeds_cli.render.safe import clean_inline

    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    return clean_inline(str(value))


def write_records(
    records: Iterable[Mapping[str, Any]],
    fmt: str,
    columns: Sequence[str],
    out: TextIO,
) -> int:
    """Write records as ``tsv`` (no header), ``csv`` (header), ``json``, ``jsonl`` or ``ids``.

    ``columns`` chooses and orders the fields of the tabular formats; JSON formats carry every
    field of each record. Returns the number of records written.
    """
    count = 0
    if fmt == "json":
        items = list(records)
        out.write(dumps(items, indent=2) + "\n")
        return len(items)
    if fmt == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for record in records:
            writer.writerow([_plain(record.get(c)) for c in columns])
            count += 1
        return count
    for record in records:
        if fmt == "jsonl":
            out.write(dumps(dict(record)) + "\n")
        elif fmt == "ids":
            out.write(_plain(record.get("id")) + "\n")
        else:  # tsv
            out.write("\t".join(_plain(record.get(c)) for c in columns) + "\n")
        count += 1
    return count
