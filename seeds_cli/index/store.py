"""The on-disk index: one SQLite file, one row per term with packed postings.

Layout (``FORMAT_VERSION`` in ``meta``):

* ``meta(key, value)``: format version, build parameters, corpus fingerprint, document count,
  field lengths (one packed ``array('I')`` per field, indexed by document number).
* ``docs(num, id, file, title, source, date, lang, url, words, size, mtime)``: everything
  ``search`` prints, and each file's size and mtime so staleness is checked without the
  catalogue.
* ``terms`` (stemmed terms) and ``exact`` (normalized, unstemmed terms), both
  ``(term UNIQUE, df, post, pos)``, each blob packed by :func:`pack` (the narrowest unsigned
  array type, zlib-compressed): ``post`` holds df delta-encoded document numbers, then df body
  tfs, df lead tfs, df title tfs; ``pos`` for each document its body positions then its title
  positions, each run delta-encoded. ``pos`` is read only by queries that need positions.

A query reads the rows of its own terms (a prefix is an indexed range scan), never the whole
index. Arrays are little-endian on disk.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import add
from pathlib import Path
from typing import Any

FORMAT_VERSION = 3
INDEX_DIR = ".seeds-index"
INDEX_FILE = "index.sqlite"
FIELDS = ("body", "lead", "title")
_SWAP = sys.byteorder != "little"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE docs (
    num INTEGER PRIMARY KEY, id TEXT NOT NULL, file TEXT, title TEXT, source TEXT, date TEXT,
    lang TEXT, url TEXT, words INTEGER, size INTEGER, mtime INTEGER
);
CREATE TABLE terms (term TEXT NOT NULL, df INTEGER, post BLOB, pos BLOB);
CREATE TABLE exact (term TEXT NOT NULL, df INTEGER, post BLOB, pos BLOB);
"""
DOC_INDEXES = """
CREATE UNIQUE INDEX terms_term ON terms(term);
CREATE UNIQUE INDEX exact_term ON exact(term);
CREATE INDEX docs_id ON docs(id);
CREATE INDEX docs_source ON docs(source);
CREATE INDEX docs_date ON docs(date);
"""


_TYPECODES = (("B", 0xFF), ("H", 0xFFFF), ("I", 0xFFFFFFFF))


def pack(values: Iterable[int] | array) -> bytes:
    """Unsigned ints as one typecode byte (the narrowest of B, H, I) + zlib(little-endian)."""
    arr = values if isinstance(values, array) else array("I", values)
    top = max(arr) if len(arr) else 0
    code = next(c for c, limit in _TYPECODES if top <= limit)
    if arr.typecode != code:
        arr = array(code, arr)
    if _SWAP and code != "B":
        arr = array(code, arr)
        arr.byteswap()
    return code.encode() + zlib.compress(arr.tobytes(), 1)


def unpack(blob: bytes) -> array:
    arr = array(chr(blob[0]))
    arr.frombytes(zlib.decompress(blob[1:]))
    if _SWAP and arr.itemsize > 1:
        arr.byteswap()
    return arr


@dataclass
class DocInfo:
    num: int
    id: str
    file: str
    title: str
    source: str
    date: str
    lang: str
    url: str
    words: int

    def metadata(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id}
        for key in ("title", "source", "date", "lang", "url"):
            value = getattr(self, key)
            if value:
                data[key] = value
        return data


class Postings:
    """One term's postings: documents with per-field term frequencies; positions on demand."""

    __slots__ = ("_pos", "_pos_blob", "df", "docs", "tf_body", "tf_lead", "tf_title")

    def __init__(self, df: int, post: bytes, pos_blob: bytes | None) -> None:
        arr = unpack(post)
        self.df = df
        self.docs: list[int] = list(accumulate(arr[:df]))
        self.tf_body = arr[df : 2 * df]
        self.tf_lead = arr[2 * df : 3 * df]
        self.tf_title = arr[3 * df : 4 * df]
        self._pos_blob = pos_blob
        self._pos: Positions | None = None

    def positions(self) -> Positions:
        """doc number -> (body positions, title positions), each document decoded when asked."""
        if self._pos is None:
            flat = unpack(self._pos_blob) if self._pos_blob else array("I")
            self._pos = Positions(self.docs, self.tf_body, self.tf_title, flat)
            self._pos_blob = None
        return self._pos


class Positions(Mapping[int, tuple[list[int], list[int]]]):
    """A term's positions by document, decoded per document: proximity and phrases only look
    at a few documents of a frequent term."""

    def __init__(self, docs: list[int], tf_body: array, tf_title: array, flat: array) -> None:
        self._docs = docs
        self._tf_body = tf_body
        self._tf_title = tf_title
        self._flat = flat
        self._index: dict[int, int] | None = None
        self._offsets: list[int] = []

    def get(self, doc: int, default: Any = None) -> Any:  # type: ignore[override]
        if self._index is None:
            self._index = {d: i for i, d in enumerate(self._docs)}
            self._offsets = list(accumulate(map(add, self._tf_body, self._tf_title), initial=0))
        i = self._index.get(doc)
        if i is None:
            return default
        start, nb = self._offsets[i], self._tf_body[i]
        end = self._offsets[i + 1]
        flat = self._flat
        return list(accumulate(flat[start : start + nb])), list(accumulate(flat[start + nb : end]))

    def __getitem__(self, doc: int) -> tuple[list[int], list[int]]:
        found = self.get(doc)
        if found is None:
            raise KeyError(doc)
        return found

    def __iter__(self) -> Iterator[int]:
        return iter(self._docs)

    def __len__(self) -> int:
        return len(self._docs)


class IndexReader:
    """Read access to one index file; everything ranking needs goes through here."""

    def __init__(self, path: Path) -> None:
        self.path = path
        uri = path.absolute().as_uri() + "?mode=ro&immutable=1"
        self.db = sqlite3.connect(uri, uri=True)
        self.meta: dict[str, Any] = dict(self.db.execute("SELECT key, value FROM meta"))
        if int(self.meta.get("version", 0)) != FORMAT_VERSION:
            raise ValueError("index format version differs")
        self.n_docs = int(self.meta["docs"])
        self._lengths: dict[str, array] = {}
        self._docs: dict[int, DocInfo] = {}

    def close(self) -> None:
        self.db.close()

    def lengths(self, field: str) -> array:
        """Per-document token count of ``field`` (body, lead or title)."""
        arr = self._lengths.get(field)
        if arr is None:
            arr = self._lengths[field] = unpack(self.meta[f"len_{field}"])
        return arr

    def avg_length(self, field: str) -> float:
        return float(self.meta[f"avg_{field}"])

    def postings(
        self, term: str, *, exact: bool = False, positions: bool = False
    ) -> Postings | None:
        table = "exact" if exact else "terms"
        cols = "df, post, pos" if positions else "df, post, NULL"
        row = self.db.execute(f"SELECT {cols} FROM {table} WHERE term = ?", (term,)).fetchone()
        if row is None:
            return None
        return Postings(row[0], row[1], row[2])

    def load_positions(self, term: str, postings: Postings, *, exact: bool = False) -> None:
        """Fetch the positions blob of a term loaded without it."""
        if postings._pos is None and postings._pos_blob is None:
            table = "exact" if exact else "terms"
            row = self.db.execute(f"SELECT pos FROM {table} WHERE term = ?", (term,)).fetchone()
            postings._pos_blob = row[0] if row else None

    def expand_prefix(self, prefix: str, *, exact: bool = True, limit: int = 1000) -> list[str]:
        """Terms starting with ``prefix`` (most frequent first), by an indexed range scan."""
        table = "exact" if exact else "terms"
        upper = prefix + "\U0010ffff"
        rows = self.db.execute(
            f"SELECT term, df FROM {table} WHERE term >= ? AND term < ?", (prefix, upper)
        ).fetchall()
        rows.sort(key=lambda r: -r[1])
        return [r[0] for r in rows[:limit]]

    def doc_frequency(self, term: str, *, exact: bool = False) -> int:
        table = "exact" if exact else "terms"
        row = self.db.execute(f"SELECT df FROM {table} WHERE term = ?", (term,)).fetchone()
        return int(row[0]) if row else 0

    def documents(self, nums: Sequence[int]) -> list[DocInfo]:
        """Metadata of the given document numbers, in the given order."""
        missing = [n for n in nums if n not in self._docs]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                "SELECT num, id, file, title, source, date, lang, url, words FROM docs "
                f"WHERE num IN ({marks})",
                chunk,
            ):
                self._docs[row[0]] = DocInfo(*row)
        return [self._docs[n] for n in nums]

    def select(self, where: str, params: Sequence[Any]) -> set[int]:
        """Document numbers matching an SQL condition on the docs table (filters)."""
        return {r[0] for r in self.db.execute(f"SELECT num FROM docs WHERE {where}", params)}

    def all_docs(self) -> range:
        return range(self.n_docs)

    def file_stats(self) -> list[tuple[str, int, int]]:
        return self.db.execute("SELECT file, size, mtime FROM docs ORDER BY num").fetchall()


class IndexWriter:
    """Write a complete index into ``path`` (a temporary file the caller renames into place)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if path.exists():
            path.unlink()
        self.db = sqlite3.connect(str(path))
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA page_size = 4096")
        self.db.executescript(SCHEMA)

    def add_docs(self, rows: Iterable[Sequence[Any]]) -> None:
        self.db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)

    def add_terms(self, table: str, rows: Iterable[tuple[str, int, bytes, bytes]]) -> None:
        assert table in ("terms", "exact")
        self.db.executemany(f"INSERT INTO {table} VALUES (?,?,?,?)", rows)

    def set_meta(self, items: dict[str, Any]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", items.items())

    def close(self) -> None:
        self.db.executescript(DOC_INDEXES)
        self.db.commit()
        self.db.close()

    def abort(self) -> None:
        self.db.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)
