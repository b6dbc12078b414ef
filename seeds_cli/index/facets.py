"""Facets: how the documents a search matches spread over sources and months."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seeds_cli.index.store import DocInfo

UNDATED = "undated"
NO_SOURCE = "(none)"


def facet_counts(
    docs: Iterable[DocInfo], fields: Sequence[str]
) -> dict[str, list[tuple[str, int]]]:
    """For each field (``source``; ``month`` or ``date``: by month), (value, count) pairs:
    sources by count (then name), months in calendar order (undated last)."""
    docs = list(docs)
    out: dict[str, list[tuple[str, int]]] = {}
    for name in dict.fromkeys("month" if f == "date" else f for f in fields):
        if name == "source":
            counts = Counter(d.source or NO_SOURCE for d in docs)
            out[name] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        elif name == "month":
            counts = Counter(d.date[:7] if len(d.date) >= 7 else (d.date or UNDATED) for d in docs)
            out[name] = sorted(counts.items(), key=lambda kv: (kv[0] == UNDATED, kv[0]))
        else:
            raise ValueError(f"unknown facet {name!r}")
    return out
