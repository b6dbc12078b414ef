"""Facets: how the documents a search matches spread over sources and months."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from seeds_cli.errors import SeedsError

if TYPE_CHECKING:
    from seeds_cli.index.search import Outcome
    from seeds_cli.index.store import IndexReader

FACETS = ("source", "month")
ALIASES = {"date": "month"}  # ``--facets date`` counts by month
UNDATED = "undated"
NO_SOURCE = "(none)"


def facet_names(values: Iterable[str]) -> list[str]:
    """The facets asked for (each value a name or a comma list; ``date`` is ``month``), each
    once, in the order asked; an unknown name is a SeedsError."""
    names: list[str] = []
    for value in values:
        for part in value.split(","):
            name = part.strip().casefold()
            if not name:
                continue
            name = ALIASES.get(name, name)
            if name not in FACETS:
                raise SeedsError(
                    f"unknown facet {part.strip()!r}",
                    hint="facets are source and date (by month): --facets source,date",
                )
            if name not in names:
                names.append(name)
    return names


def matching_docs(outcome: Outcome, n_docs: int) -> list[int]:
    """The numbers of every document a search matched (not just its page), from the scores
    its ranking already worked out: the query's boolean tree evaluated again, nothing
    scored or sorted again."""
    from seeds_cli.query.boolean import Evaluator

    ranking = outcome.ranking
    if ranking is None or not outcome.total:
        return []
    matches = Evaluator(ranking.scored, ranking.ops, n_docs)(ranking.compiled.root)
    return matches.docs.tolist() if hasattr(matches, "docs") else sorted(matches)


def facet_counts(
    reader: IndexReader, nums: Sequence[int], names: Sequence[str]
) -> dict[str, list[tuple[str, int]]]:
    """For each facet, (value, count) pairs of the documents ``nums``: sources by count,
    then name; months in calendar order, undated last."""
    import json

    # One read of the matches' rows, grouped by source and month in SQLite.
    rows = reader.db.execute(
        "SELECT source, substr(date, 1, 7), count(*) FROM docs "
        "WHERE num IN (SELECT value FROM json_each(?)) GROUP BY 1, 2",
        (json.dumps(list(nums)),),
    ).fetchall()
    out: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        if name == "source":
            counts: Counter[str] = Counter()
            for source, _, n in rows:
                counts[source or NO_SOURCE] += n
            out[name] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        elif name == "month":
            counts = Counter()
            for _, month, n in rows:
                counts[month or UNDATED] += n
            out[name] = sorted(counts.items(), key=lambda kv: (kv[0] == UNDATED, kv[0]))
        else:
            raise ValueError(f"unknown facet {name!r}")
    return out
