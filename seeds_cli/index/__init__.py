"""Search: the on-disk index, the query language, ranking, passages and the concordance.

Modules: ``store`` (the SQLite file), ``builder`` (building it, with ``spool``: a segment's
sorted rows on disk), ``location`` (where it lives), ``freshness`` (whether it still matches
the corpus), ``ready`` (a fresh index, found or built), ``query`` (parsing), ``filters`` (a
query's filters as document sets), ``search`` (running queries; the ranking is
:mod:`seeds_cli.query`), ``passages`` (matches and best passages in the original text),
``kwic`` (concordance lines), ``facets`` (counts by source and month), ``stories``
(near-duplicates found at build time), ``grouping`` (results by story), ``story_list``
(stories with their copies' metadata) and ``similar`` (more like this).
"""

from __future__ import annotations


def highlight_spans(query: str, text: str, lang: str = "ar") -> list[tuple[int, int]]:
    """The ``(start, end)`` character spans of ``text`` that the search ``query`` matches.

    For ``seeds show ID --highlight QUERY``: offsets index the original text (harakat and all);
    negated words are not highlighted; QueryError (exit 2, with a caret) for a malformed query.
    """
    from seeds_cli.index.passages import highlight_spans as spans

    return spans(query, text, lang)


__all__ = ["highlight_spans"]
