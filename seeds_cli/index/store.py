"""The on-disk index: one SQLite file, one row per term with packed postings.

Layout (``FORMAT_VERSION`` in ``meta``):

* ``meta(key, value)``: format version, build parameters, corpus fingerprint, document count,
  field lengths (one packed ``array('I')`` per field, indexed by document number).
* ``docs(num, id, file, title, source, date, lang, url, words, size, mtime)``: everything
  ``search`` prints, and each file's size and mtime so freshness is checked without the
  catalogue (:mod:`seeds_cli.index.freshness`).
* ``stories(num, story, score, recorded)``: each document in a story of near-duplicates of
  two or more (see :mod:`seeds_cli.index.stories`), its story's representative and its
  resemblance to it; and each document with copies recorded by an import (INDEX.md's
  ``copies``, kept in ``recorded``; such a document alone is its own story).
* ``terms`` (stemmed terms) and ``exact`` (normalized, unstemmed terms), both
  ``(term UNIQUE, df, post, pos)``. The blobs are made of chunks (:func:`chunk`: a typecode
  byte, the narrowest unsigned array type, lower case if zlib-compressed; the stored length
  as a varint; the array), written per segment of documents the term occurs in, in document
  order. A segment's ``post`` is two chunks: its n documents' numbers (the first absolute,
  then deltas), then n body tfs, n lead tfs, n title tfs; its ``pos`` one chunk: for each
  document its body positions then its title positions. Chunks concatenate, so the builder
  joins segments without decoding them. ``pos`` is read only by queries that need positions.

A query reads the rows of its own terms (a prefix is an indexed range scan), never the whole
index. Arrays are little-endian on disk.
"""

from __future__ import annotations

import contextlib
import os
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import add
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from os import PathLike

# Also raised when the analysis changes what a word indexes as (8: a final ا is an ending;
# 9: a hamza on و or ي is matched as ء; 10: ون keeps a root ن, as ان does; 11: a participle's
# construct plural و comes off), so that an index of the old terms is rebuilt, never read with
# the new ones.
FORMAT_VERSION = 11
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
CREATE TABLE stories (
    num INTEGER PRIMARY KEY, story INTEGER NOT NULL, score REAL NOT NULL, recorded TEXT
);
"""
DOC_INDEXES = """
CREATE UNIQUE INDEX terms_term ON terms(term);
CREATE UNIQUE INDEX exact_term ON exact(term);
CREATE INDEX docs_id ON docs(id);
CREATE INDEX docs_source ON docs(source);
CREATE INDEX docs_date ON docs(date);
CREATE INDEX stories_story ON stories(story);
"""


_TYPECODES = (("B", 0xFF), ("H", 0xFFFF), ("I", 0xFFFFFFFF))


def pack(values: Iterable[int] | array) -> bytes:
    """Unsigned ints as one typecode byte (the narrowest of B, H, I) + zlib(little-endian)."""
    import zlib

    arr = values if isinstance(values, array) else array("I", values)
    top = max(arr) if len(arr) else 0
    code = next(c for c, limit in _TYPECODES if top <= limit)
    if arr.typecode != code:
        arr = array(code, arr)
    if _SWAP and code != "B":
        arr = array(code, arr)
        arr.byteswap()
    return code.encode() + zlib.compress(arr.tobytes(), 1)


CHUNK_ZLIB_MIN = 24  # smaller chunks are stored as they are
_CODES = {"B": b"B", "H": b"H", "I": b"I", "b": b"b", "h": b"h", "i": b"i"}


def length_prefix(n: int) -> bytes:
    """``n`` as a little-endian base-128 varint (one byte below 128)."""
    if n < 0x80:
        return bytes((n,))
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def chunk(arr: array) -> bytes:
    """One chunk: typecode (lower case if zlib-compressed), stored length (varint), array.

    The typecode is the narrowest unsigned one that holds every value.
    """
    top = max(arr) if len(arr) else 0
    code = "B" if top <= 0xFF else "H" if top <= 0xFFFF else "I"
    if arr.typecode != code or (_SWAP and code != "B"):
        arr = array(code, arr)
        if _SWAP and code != "B":
            arr.byteswap()
    data = arr.tobytes()
    if len(data) >= CHUNK_ZLIB_MIN:
        import zlib

        packed = zlib.compress(data, 1)[2:-4]  # raw deflate: no zlib header, no checksum
        if len(packed) < len(data):
            data, code = packed, code.lower()
    return _CODES[code] + length_prefix(len(data)) + data


def _damaged(exc: Exception) -> Exception:
    from seeds_cli.errors import CorruptIndexError

    return CorruptIndexError(
        f"the search index is damaged ({type(exc).__name__}: {exc})",
        hint="run 'seeds index --rebuild'",
    )


def unchunk(blob: bytes | None) -> list[array]:
    """The arrays of a blob's chunks, in order; CorruptIndexError if they cannot be decoded."""
    import zlib

    try:
        return _unchunk(blob)
    except (zlib.error, ValueError, IndexError, TypeError, OverflowError, EOFError) as exc:
        raise _damaged(exc) from None


def _chunk_header(blob: bytes, at: int) -> tuple[int, int, int]:
    """The chunk starting at ``at``: (its typecode byte, its stored length, where its data
    starts). The length is a varint: seven bits a byte, the high bit set on all but the last."""
    code, size = blob[at], blob[at + 1]
    at += 2
    if size >= 0x80:
        size &= 0x7F
        shift = 7
        while True:
            byte = blob[at]
            at += 1
            size |= (byte & 0x7F) << shift
            if byte < 0x80:
                break
            shift += 7
    return code, size, at


def _unchunk(blob: bytes | None) -> list[array]:
    out: list[array] = []
    if not blob:
        return out
    at, end = 0, len(blob)
    while at < end:
        typecode, size, at = _chunk_header(blob, at)
        code = chr(typecode)
        data = blob[at : at + size]
        at += size
        if code.islower():
            import zlib

            code, data = code.upper(), zlib.decompress(data, -15)
        arr = array(code)
        arr.frombytes(data)
        if _SWAP and arr.itemsize > 1:
            arr.byteswap()
        out.append(arr)
    return out


def unchunk_numpy(blob: bytes | None) -> list[Any]:
    """The chunks of a blob as numpy arrays (read-only views of the blob where stored
    uncompressed), in order; CorruptIndexError if they cannot be decoded."""
    import zlib

    import numpy as np

    out: list[Any] = []
    if not blob:
        return out
    dtypes = {ord("B"): (np.dtype("<u1"), 1), ord("H"): (np.dtype("<u2"), 2)}
    dtypes[ord("I")] = (np.dtype("<u4"), 4)
    at, end = 0, len(blob)
    try:
        while at < end:
            code, size, at = _chunk_header(blob, at)
            if at + size > end:
                raise ValueError("a chunk runs past the end of its blob")
            if code >= 0x61:  # lower case: deflated
                dtype, width = dtypes[code - 0x20]
                data = zlib.decompress(blob[at : at + size], -15)
                if len(data) % width:
                    raise ValueError("a chunk's length is not a whole number of values")
                out.append(np.frombuffer(data, dtype))
            else:
                dtype, width = dtypes[code]
                if size % width:
                    raise ValueError("a chunk's length is not a whole number of values")
                out.append(np.frombuffer(blob, dtype, size // width, at))
            at += size
    except (zlib.error, ValueError, IndexError, KeyError, TypeError) as exc:
        raise _damaged(exc) from None
    return out


def _joined(arrays: list[array]) -> array:
    """One array of several chunks' arrays, in the widest of their types."""
    if len(arrays) == 1:
        return arrays[0]
    code = max((arr.typecode for arr in arrays), key="BHI".index)
    out = array(code)
    for arr in arrays:
        out.extend(arr if arr.typecode == code else array(code, arr))
    return out


def unpack(blob: bytes) -> array:
    import zlib

    try:
        arr = array(chr(blob[0]))
        arr.frombytes(zlib.decompress(blob[1:]))
    except (zlib.error, ValueError, IndexError, TypeError) as exc:
        raise _damaged(exc) from None
    if _SWAP and arr.itemsize > 1:
        arr.byteswap()
    return arr


@dataclass(slots=True, repr=False, eq=False)
class DocInfo:
    """What ``search`` prints of one document, from the index's ``docs`` table."""

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

    def __init__(
        self, df: int, post: bytes, pos_blob: bytes | None, *, arrays: bool = False
    ) -> None:
        self.df = df
        if arrays:  # ranking with numpy: the documents as one int64 array, no Python loop
            try:
                self._numpy_docs(post)
            except (ValueError, IndexError) as exc:
                raise _damaged(exc) from None
            self._pos_blob = pos_blob
            self._pos = None
            return
        chunks = unchunk(post)
        if len(chunks) == 2:
            docs, tfs = chunks
            self.docs: Any = list(accumulate(docs))
            self.tf_body = tfs[:df]
            self.tf_lead = tfs[df : 2 * df]
            self.tf_title = tfs[2 * df :]
        else:
            self.docs = []
            parts: list[list[array]] = [[], [], []]
            for k in range(0, len(chunks), 2):
                docs, tfs = chunks[k], chunks[k + 1]
                n = len(docs)
                self.docs.extend(accumulate(docs))  # each chunk's first number is absolute
                for i in range(3):
                    parts[i].append(tfs[i * n : (i + 1) * n])
            self.tf_body, self.tf_lead, self.tf_title = map(_joined, parts)
        self._pos_blob = pos_blob
        self._pos: Positions | None = None

    def _numpy_docs(self, post: bytes) -> None:
        """The documents and tfs of every segment's chunks, decoded in a few whole-array
        steps whatever the number of segments (a term has a chunk pair per build segment)."""
        import numpy as np

        chunks = unchunk_numpy(post)
        docs, tfs = chunks[0::2], chunks[1::2]
        if len(docs) != len(tfs):
            raise ValueError("a segment's tfs are missing")
        # The tfs stay in their stored types (a byte each, mostly): a batch keeps many.
        if len(docs) == 1:
            self.docs = np.cumsum(docs[0], dtype=np.int64)
            body, lead, title = tfs[0].reshape(3, -1)
        else:
            # Each chunk's first number is absolute, the others deltas, so a chunk's sum is its
            # last document: taking the previous chunk's off its first number makes the whole
            # one running sum.
            counts = [len(d) for d in docs]
            if not all(counts):
                raise ValueError("a segment's chunk of documents is empty")
            deltas = np.concatenate(docs, dtype=np.int64)
            starts = np.cumsum(counts) - counts
            deltas[starts[1:]] -= np.add.reduceat(deltas, starts)[:-1]
            self.docs = np.cumsum(deltas, out=deltas)
            # A segment's tfs are its n body, n lead then n title tfs: three rows of n, joined
            # side by side (ValueError where a segment's tfs and documents differ in number).
            body, lead, title = np.concatenate(
                [t.reshape(3, c) for t, c in zip(tfs, counts, strict=True)], axis=1
            )
        self.tf_body, self.tf_lead, self.tf_title = body, lead, title

    def nbytes(self) -> int:
        """About the memory its decoded documents, tfs and positions take."""
        size = self.df * (8 if isinstance(self.docs, list) else self.docs.itemsize)
        size += 3 * self.df * self.tf_body.itemsize
        if self._pos is not None:
            size += len(self._pos._flat) * self._pos._flat.itemsize
        return size

    def positions(self) -> Positions:
        """doc number -> (body positions, title positions), each document decoded when asked."""
        if self._pos is None:
            if not self._pos_blob:
                flat: Any = array("I")
            elif isinstance(self.docs, list):
                flat = _joined(unchunk(self._pos_blob))
            else:  # numpy's: one array of every segment's chunk, in the widest stored type
                import numpy as np

                flat = np.concatenate(unchunk_numpy(self._pos_blob))
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
        self._body: list[int] = []

    def get(self, doc: int, default: Any = None) -> Any:  # type: ignore[override]
        if self._index is None:  # (as Python ints: numpy's narrow tfs would overflow)
            self._index = {d: i for i, d in enumerate(_ints(self._docs))}
            body, title = _ints(self._tf_body), _ints(self._tf_title)
            self._offsets = list(accumulate(map(add, body, title), initial=0))
            self._body = body
        i = self._index.get(doc)
        if i is None:
            return default
        start, nb = self._offsets[i], self._body[i]
        end = self._offsets[i + 1]
        flat = self._flat
        return flat[start : start + nb].tolist(), flat[start + nb : end].tolist()

    def __getitem__(self, doc: int) -> tuple[list[int], list[int]]:
        found = self.get(doc)
        if found is None:
            raise KeyError(doc)
        return found

    def __iter__(self) -> Iterator[int]:
        return iter(self._docs)

    def __len__(self) -> int:
        return len(self._docs)


def _ints(values: Any) -> list[int]:
    """A list, an ``array`` or a numpy array as a list of Python ints."""
    return values if isinstance(values, list) else values.tolist()


class IndexReader:
    """Read access to one index file; everything ranking needs goes through here."""

    def __init__(self, path: str | PathLike[str]) -> None:
        self.path = os.fspath(path)
        import sqlite3
        from pathlib import Path

        uri = Path(self.path).absolute().as_uri() + "?mode=ro&immutable=1"
        self.db = sqlite3.connect(uri, uri=True)
        # Rows read through a memory map, not a read call per page: a common word's postings
        # span many overflow pages (SQLite caps the size and falls back where it cannot map).
        self.db.execute(f"PRAGMA mmap_size = {1 << 40}")
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
        self, term: str, *, exact: bool = False, positions: bool = False, arrays: bool = False
    ) -> Postings | None:
        """A term's postings; ``arrays``: its documents and tfs as numpy int64 arrays (for
        ranking with numpy), else a list and ``array``s."""
        table = "exact" if exact else "terms"
        cols = "df, post, pos" if positions else "df, post, NULL"
        row = self.db.execute(f"SELECT {cols} FROM {table} WHERE term = ?", (term,)).fetchone()
        if row is None:
            return None
        return Postings(row[0], row[1], row[2], arrays=arrays)

    def load_positions(self, term: str, postings: Postings, *, exact: bool = False) -> None:
        """Fetch the positions blob of a term loaded without it."""
        if postings._pos is None and postings._pos_blob is None:
            table = "exact" if exact else "terms"
            row = self.db.execute(f"SELECT pos FROM {table} WHERE term = ?", (term,)).fetchone()
            postings._pos_blob = row[0] if row else None

    def expand_prefix(self, prefix: str, *, exact: bool = True, limit: int = 1000) -> list[str]:
        """The ``limit`` most frequent terms starting with ``prefix`` (ties in term order), by
        an indexed range scan; SQLite keeps the best ``limit`` as it goes."""
        table = "exact" if exact else "terms"
        upper = prefix + "\U0010ffff"
        rows = self.db.execute(
            f"SELECT term FROM {table} WHERE term >= ? AND term < ? ORDER BY df DESC, term LIMIT ?",
            (prefix, upper, limit),
        ).fetchall()
        return [r[0] for r in rows]

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

    def stories_of(self, nums: Iterable[int]) -> dict[int, tuple[int, float, str]]:
        """Document number -> (its story's representative, its resemblance to it, the copies
        an import recorded for it), for the given documents that have copies."""
        wanted = list(nums)
        found: dict[int, tuple[int, float, str]] = {}
        query = "SELECT num, story, score, recorded FROM stories"
        if len(wanted) > 500:
            wanted_set = set(wanted)
            for num, story, score, recorded in self.db.execute(query):
                if num in wanted_set:
                    found[num] = (story, score, recorded or "")
            return found
        marks = ",".join("?" * len(wanted))
        for num, story, score, recorded in self.db.execute(
            f"{query} WHERE num IN ({marks})", wanted
        ):
            found[num] = (story, score, recorded or "")
        return found

    def story_members(self, story: int) -> list[tuple[int, float, str]]:
        """(document, resemblance to the representative, recorded copies) of a story's
        members, the representative first, then by document number."""
        return [
            (num, score, recorded or "")
            for num, score, recorded in self.db.execute(
                "SELECT num, score, recorded FROM stories WHERE story = ? ORDER BY num != story, num",
                (story,),
            )
        ]

    def stories(self) -> list[tuple[int, int, float]]:
        """Every (document, representative, resemblance) of the index's stories."""
        return self.db.execute("SELECT num, story, score FROM stories ORDER BY num").fetchall()

    def select(self, where: str, params: Sequence[Any]) -> set[int]:
        """Document numbers matching an SQL condition on the docs table (filters)."""
        return {r[0] for r in self.db.execute(f"SELECT num FROM docs WHERE {where}", params)}

    def counts(self, column: str) -> dict[str, int]:
        """How many documents have each value of a docs column: ``source`` or ``lang`` ("" for
        documents without one); for hints, facets and lists of sources."""
        if column not in ("source", "lang"):
            raise ValueError(f"no counts of {column!r}")
        rows = self.db.execute(f"SELECT {column}, count(*) FROM docs GROUP BY {column}")
        return {str(value or ""): n for value, n in rows}

    def all_docs(self) -> range:
        return range(self.n_docs)

    def file_stats(self, nums: Sequence[int] | None = None) -> list[tuple[str, int, int]]:
        """(file, size, mtime) of every document in document order, or of documents ``nums``."""
        query = "SELECT file, size, mtime FROM docs"
        if nums is None:
            return self.db.execute(f"{query} ORDER BY num").fetchall()
        found = []
        for start in range(0, len(nums), 500):
            part = nums[start : start + 500]
            marks = ",".join("?" * len(part))
            found += self.db.execute(f"{query} WHERE num IN ({marks})", part).fetchall()
        return found


class IndexWriter:
    """Write a complete index into ``path`` (a temporary file the caller renames into place)."""

    def __init__(self, path: str | PathLike[str]) -> None:
        self.path = os.fspath(path)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        import sqlite3

        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA page_size = 8192")
        self.db.executescript(SCHEMA)

    def add_docs(self, rows: Iterable[Sequence[Any]]) -> None:
        self.db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)

    def add_terms(self, table: str, rows: Iterable[tuple[str, int, bytes, bytes]]) -> None:
        assert table in ("terms", "exact")
        self.db.executemany(f"INSERT INTO {table} VALUES (?,?,?,?)", rows)

    def story_order(self) -> list[int]:
        """The documents added, in story order (:func:`seeds_cli.index.stories.story_order`:
        dated first, earliest first, then by id), sorted by SQLite: UTF-8's byte order is
        code point order, Python's order of strings."""
        query = "SELECT num FROM docs ORDER BY date = '', date, id, num"
        return [num for (num,) in self.db.execute(query)]

    def add_stories(self, rows: Iterable[tuple[int, int, float, str | None]]) -> None:
        """(document, representative, resemblance, recorded copies) of each document in a
        story or with recorded copies."""
        self.db.executemany("INSERT INTO stories VALUES (?,?,?,?)", rows)

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
