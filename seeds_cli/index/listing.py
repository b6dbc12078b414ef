"""What an index build needs of each document, read from INDEX.md as the build goes.

A loaded catalogue of 300,000 documents takes about 430 MiB (a Python object and a dozen
strings each); the build needs a few fields of each, and only until a worker has read the
document. So the build reads INDEX.md entry by entry, a segment at a time, as workers become
free (see :mod:`seeds_cli.index.builder`). A catalogue already loaded serves as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from seeds_cli.index.freshness import CorpusKey

if TYPE_CHECKING:
    from seeds_cli.catalogue import Catalogue
    from seeds_cli.catalogue.indexmd import Entry, IndexScan


class Record(NamedTuple):
    """One document, as the build uses it: INDEX.md's fields for the index's ``docs`` table,
    and those a worker needs to read and analyze it (file, line, title, lang)."""

    id: str
    file: str
    line: int
    title: str
    source: str
    date: str
    lang: str  # its own, else INDEX.md's, else ""
    url: str
    copies: str


class Listing:
    """A corpus's documents, in INDEX.md order, read once (:meth:`records`).

    ``len()`` is their number, or, before the records are read, at most that many (INDEX.md's
    '## ' lines are counted, not parsed). ``key`` records the corpus for freshness checks
    (:class:`seeds_cli.index.freshness.CorpusKey`), each folder noted as its first document
    is read from INDEX.md, before the build reads any file in it.
    """

    def __init__(
        self,
        root: str | Path,
        max_file_size: int,
        count: int,
        lang: str,
        records: Iterator[Record],
        key: CorpusKey | None = None,
    ) -> None:
        self.root = Path(root)
        self.max_file_size = max_file_size
        self.count = count
        self.lang = lang  # INDEX.md's (the corpus's) language
        self.key = key or CorpusKey(root)
        self._records = records

    def __len__(self) -> int:
        return self.count

    def records(self) -> Iterator[Record]:
        see = self.key.see
        n = 0
        for record in self._records:
            see(record.file)
            n += 1
            yield record
        self.count = n


def listing_of(catalogue: Catalogue) -> Listing:
    """The listing of a loaded catalogue."""
    docs = catalogue.documents
    records = (
        Record(d.id, d.file, d.line, d.title, d.source, d.date, d.lang, d.url, d.copies)
        for d in docs
    )
    return Listing(
        catalogue.root, _max_file_size(catalogue), len(docs), catalogue.header.lang, records
    )


def _max_file_size(catalogue: Catalogue) -> int:
    from seeds_cli.catalogue.files import DEFAULT_MAX_FILE_SIZE

    docs = catalogue.documents
    return docs[0].max_file_size if docs else DEFAULT_MAX_FILE_SIZE


def read_listing(root: str | Path, max_file_size: int) -> Listing:
    """The listing of ``root``'s INDEX.md (at most ``max_file_size`` bytes, as any corpus
    file), read as the records are taken. Raises CorpusError as ``load_catalogue`` does, for
    the same first problem: at once when INDEX.md cannot be read, else when its records reach
    an error (the rest of INDEX.md is then parsed to count the problems, not analysed)."""
    from seeds_cli.catalogue.catalogue import index_bytes
    from seeds_cli.catalogue.files import FileProblem
    from seeds_cli.catalogue.indexmd import scan_index
    from seeds_cli.errors import CorpusError

    key = CorpusKey(root)  # INDEX.md's size and time before it is read
    path, data = index_bytes(root, max_file_size)
    try:
        scan = scan_index(data, path)
    except FileProblem as exc:
        raise CorpusError(f"{path}: {exc.message}", hint=exc.hint) from None
    del data  # the scan keeps it while its entries are read, not after
    lang = scan.header.lang
    return Listing(root, max_file_size, scan.count, lang, _records(scan, path, lang), key)


def _records(scan: IndexScan, path: str, default_lang: str) -> Iterator[Record]:
    from seeds_cli.catalogue.catalogue import raise_first_error
    from seeds_cli.catalogue.files import FileProblem
    from seeds_cli.errors import CorpusError

    problems = scan.problems
    shared: dict[str, str] = {}  # a source, a date or a language kept once, not per document
    once = shared.setdefault
    seen = 0
    entry: Entry
    try:
        entries = scan.entries
        for entry in entries:
            if len(problems) > seen:  # an entry's problems are found before it is given
                if any(p.severity == "error" for p in problems[seen:]):
                    for _ in entries:  # every problem, to name the first and count them
                        pass
                    raise_first_error(scan.sorted_problems())
                seen = len(problems)
            f = entry.fields
            get = f.get
            lang = get("lang", "") or default_lang
            yield Record(
                entry.id,
                get("file", ""),
                entry.line,
                get("title", ""),
                once(get("source", ""), get("source", "")),
                once(get("date", ""), get("date", "")),
                once(lang, lang),
                get("url", ""),
                get("copies", ""),
            )
    except FileProblem as exc:
        raise CorpusError(f"{path}: {exc.message}", hint=exc.hint) from None
    raise_first_error(scan.sorted_problems())
