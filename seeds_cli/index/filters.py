"""The query language's filters resolved against an index: each one a set of document numbers.

``source:`` and ``lang:`` compare without case (``lang:ar`` also takes ``ar-SA``, as ``seeds list
--lang`` does); ``id:`` is an id prefix; ``url:`` a part of the url (as written or
percent-encoded); ``date`` compares ISO dates as text, a partial date covering its month or year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from seeds_cli.index.query import DateFilter, FieldFilter

if TYPE_CHECKING:
    from seeds_cli.index.store import IndexReader


def filter_docs(node: FieldFilter | DateFilter, reader: IndexReader) -> set[int]:
    """The documents that ``node`` lets through."""
    if isinstance(node, DateFilter):
        return _date_docs(node, reader)
    value = node.value
    if node.field == "id":
        return reader.select("id >= ? AND id < ?", (value, value + "\U0010ffff"))
    if node.field == "source":
        return reader.select("source = ? COLLATE NOCASE", (value,))
    if node.field == "lang":
        return reader.select(
            "lang = ? COLLATE NOCASE OR lang LIKE ? ESCAPE '\\'", (value, _like(value) + "-%")
        )
    if node.field == "url":
        from urllib.parse import quote

        lowered = value.lower()
        encoded = quote(value, safe=":/?#[]@!$&'()*+,;=%").lower()
        return reader.select("instr(lower(url), ?) OR instr(lower(url), ?)", (lowered, encoded))
    raise ValueError(f"no filter for field {node.field!r}")  # pragma: no cover - the parser's


def _like(value: str) -> str:
    """``value`` as a literal inside a LIKE pattern (escape character ``\\``)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _date_docs(node: DateFilter, reader: IndexReader) -> set[int]:
    """Dates compare as text; a partial date (2021-12) covers its whole month or year."""
    value, op = node.value, node.op
    upper = value + "\uffff"  # just above every date that starts with value
    where = {
        "=": ("date >= ? AND date < ?", (value, upper)),
        ">=": ("date >= ?", (value,)),
        ">": ("date >= ?", (upper,)),
        "<": ("date < ? AND date != ''", (value,)),
        "<=": ("date < ? AND date != ''", (upper,)),
    }[op]
    return reader.select(*where)
