"""Search results for pipes and programs: ``plain``, ``json``, ``jsonl``, ``ids`` and ``trec``.

One query's results, a concordance, or a batch (one output line per input line). The records
are the library API's (:meth:`~seeds_cli.api.SearchHit.as_record`), so ``seeds search`` and
:func:`seeds_cli.search` give the same data. The terminal view is :mod:`.search_view`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from seeds_cli.render.safe import clean_inline

if TYPE_CHECKING:
    from seeds_cli.api import Concordance, SearchHit, SearchResults


def write_results(
    results: SearchResults, fmt: str, out: TextIO, *, passages: bool, explain: bool
) -> None:
    """One query's results in ``fmt`` (not ``table``: that is the terminal view's)."""
    if fmt == "ids":
        for hit in results.hits:
            out.write(clean_inline(hit.id) + "\n")
    elif fmt == "trec":
        write_trec(results, 1, out)
    elif fmt == "json":
        from seeds_cli.render.output import dumps

        out.write(dumps(results.as_record(passages=passages), indent=2) + "\n")
    elif fmt == "jsonl":
        from seeds_cli.render.output import dumps

        for hit in results.hits:
            out.write(dumps(hit.as_record(passages=passages)) + "\n")
        if results.facets is not None:  # after the results: a last line, of its own shape
            out.write(dumps({"facets": results.facets_record()}) + "\n")
    else:
        _write_plain(results, out, explain)
        _write_facets(results, out)


def write_trec(results: SearchResults, qid: int, out: TextIO) -> None:
    """TREC run lines: ``qid Q0 id rank score seeds``."""
    for hit in results.hits:
        out.write(f"{qid} Q0 {clean_inline(hit.id)} {hit.rank} {hit.score:.4f} seeds\n")


def _write_plain(results: SearchResults, out: TextIO, explain: bool) -> None:
    """Tab-separated result lines (rank, id, score, date, source, title; grouped, a story with
    copies adds ``+N copies: …``), each passage indented under its result; with ``explain``,
    the analyzed query first (``#`` lines) and under each result the sum that is its score."""
    for t in results.terms or []:
        out.write(
            f"# {clean_inline(t['term'])} [{t['kind']}] -> "
            f"{clean_inline(' '.join(t['analyzed']))} df={t['df']} idf={t['idf']} "
            f"weight={t['weight']}{' excluded' if t['excluded'] else ''}\n"
        )
    for hit in results.hits:
        fields = [str(hit.rank), hit.id, f"{hit.score:.4f}", hit.date, hit.source, hit.title]
        if results.grouped and hit.copies:
            fields.append(hit.copies_note())
        out.write("\t".join(clean_inline(f) for f in fields) + "\n")
        for p in hit.passages:
            out.write("    " + clean_inline(p.text) + "\n")
        if explain:
            for line in explanation_lines(hit):
                out.write(f"    {line}\n")


def _write_facets(results: SearchResults, out: TextIO) -> None:
    """Each facet's counts after the results, a ``#`` line each: ``# source<TAB>okaz<TAB>12``."""
    for name, pairs in (results.facets or {}).items():
        for value, count in pairs:
            out.write(f"# {name}\t{clean_inline(value)}\t{count}\n")


def explanation_lines(hit: SearchHit) -> list[str]:
    """How the hit's score adds up, one step a line: each term that scored (``+``), each
    re-ranking factor (``×``), then the score (``=``)."""
    if hit.explain is None:
        return []
    lines = [
        f"+ {clean_inline(str(row['term']))} [{row['kind']}]: {row['score']:.4f}"
        for row in hit.explain.terms
        if row["score"]
    ]
    lines.append(f"× proximity: {hit.explain.proximity:.4f}")
    lines.append(f"= {hit.score:.4f}")
    return lines


def write_concordance(conc: Concordance, fmt: str, out: TextIO) -> None:
    """Keyword-in-context lines: ``plain`` is id, before, keyword and after, tab-separated in
    reading order (easy to sort and cut); ``ids``/``trec`` give each match's offsets."""
    from seeds_cli.render.output import dumps

    if fmt == "json":
        record = {"query": conc.query, "lines": [x.as_dict() for x in conc.lines]}
        out.write(dumps(record, indent=2) + "\n")
    elif fmt == "jsonl":
        for x in conc.lines:
            out.write(dumps(x.as_dict()) + "\n")
    elif fmt in ("ids", "trec"):
        for x in conc.lines:
            out.write(f"{clean_inline(x.id)}\t{x.start}\t{x.end}\n")
    else:
        for x in conc.lines:
            parts = (x.id, x.before, x.keyword, x.after)
            out.write("\t".join(clean_inline(p) for p in parts) + "\n")


class BatchWriter:
    """``--batch`` output: exactly one line per input line, in input order (``trec``: the run
    lines of that query, numbered by its line; none when it found nothing or failed; ``json``:
    one array element per line)."""

    def __init__(self, fmt: str, out: TextIO) -> None:
        self.fmt = fmt
        self.out = out
        self.collected: list[dict[str, Any]] = []

    def result(self, number: int, query: str, results: SearchResults | None) -> None:
        """The results of line ``number`` (None: a blank line, which finds nothing)."""
        hits = results.hits if results is not None else []
        total = results.total if results is not None else 0
        if self.fmt == "trec":
            if results is not None:
                write_trec(results, number, self.out)
        elif self.fmt == "ids":
            self.out.write(" ".join(clean_inline(h.id) for h in hits) + "\n")
        elif self.fmt in ("json", "jsonl"):
            record: dict[str, Any] = {"query": query, "total": total}
            if results is not None and results.notes:
                record["notes"] = results.notes
            if results is not None and results.hints:
                record["hints"] = results.hints
            record["results"] = [{"id": h.id, "score": round(h.score, 4)} for h in hits]
            self.record(record)
        else:
            ids = " ".join(clean_inline(h.id) for h in hits)
            self.out.write(f"{number}\t{total}\t{ids}\t{clean_inline(query)}\n")

    def failure(self, number: int, query: str, message: str) -> None:
        """Line ``number`` could not be read (``--strict``)."""
        if self.fmt in ("json", "jsonl"):
            self.record({"query": query, "error": message})
        elif self.fmt == "ids":
            self.out.write("\n")
        elif self.fmt != "trec":
            self.out.write(f"{number}\terror\t\t{clean_inline(query)}\n")

    def record(self, record: dict[str, Any]) -> None:
        from seeds_cli.render.output import dumps

        if self.fmt == "json":
            self.collected.append(record)
        else:
            self.out.write(dumps(record) + "\n")

    def close(self) -> None:
        from seeds_cli.render.output import dumps

        if self.fmt == "json":
            self.out.write(dumps(self.collected, indent=2) + "\n")
