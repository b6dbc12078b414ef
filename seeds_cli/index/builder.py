"""Build the index from a catalogue: analyze documents in batches, invert, merge, write.

Each batch of documents is analyzed and inverted in memory (in worker processes when the
corpus is large), packed, and spooled; the batches are then merged term by term into the
final file, so memory stays bounded by one batch whatever the corpus size.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterator
from operator import sub
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seeds_cli.index.store import FORMAT_VERSION, IndexWriter, pack, unpack

if TYPE_CHECKING:
    from seeds_cli.catalogue import Catalogue, Document

# The lead: an article's first tokens, where news (an inverted pyramid) says what the headline
# says. It is a field of its own, graded by nested spans: a word among the first 25 counts
# twice, among the first 50 once (the earlier, the closer to the headline). Changing the spans
# changes the index format.
LEAD_SPANS = (25, 50)
LEAD_TOKENS = max(LEAD_SPANS)
BATCH_DOCS = 600
PARALLEL_MIN_DOCS = 3000  # below this a worker pool costs more than it saves
# Distinct words whose analysis a worker remembers; starting over beyond this bounds memory.
CACHE_WORDS = 250_000

# term -> [doc numbers, body tfs, lead tfs, title tfs, flat delta positions]
_Inverted = dict[str, list[Any]]


def _deltas(positions: list[int]) -> list[int]:
    return [positions[0], *map(sub, positions[1:], positions)] if positions else []


class _BatchInverter:
    """Analyze documents into two inverted lists: stemmed terms and exact (unstemmed) terms."""

    def __init__(self) -> None:
        from seeds_cli.analysis import normalize, stem

        self._normalize = normalize
        self._stem = stem
        self._caches: dict[str, dict[str, tuple[str, str]]] = {}

    def _fields(
        self, text: str, lang: str
    ) -> tuple[dict[str, list[int]], dict[str, list[int]], int]:
        """(stem -> positions, exact -> positions, token count) of one text."""
        from seeds_cli.analysis.tokenize import word_spans

        # Group by surface word first: one dict step per token, analysis once per distinct word.
        by_word: defaultdict[str, list[int]] = defaultdict(list)
        n = 0
        for n, match in enumerate(word_spans(text), 1):
            by_word[match.group()].append(n - 1)
        cache = self._caches.get(lang)
        if cache is None or len(cache) > CACHE_WORDS:
            cache = self._caches[lang] = {}
        stems: dict[str, list[int]] = {}
        exacts: dict[str, list[int]] = {}
        for word, positions in by_word.items():
            pair = cache.get(word)
            if pair is None:
                exact = self._normalize(word)
                pair = cache[word] = (exact, self._stem(exact, lang) if exact else "")
            exact, stemmed = pair
            if not exact:
                continue
            seen = exacts.get(exact)
            exacts[exact] = positions if seen is None else sorted(seen + positions)
            seen = stems.get(stemmed)
            stems[stemmed] = positions if seen is None else sorted(seen + positions)
        return stems, exacts, n

    def run(self, batch: list[tuple[int, Document]]) -> dict[str, Any]:
        from seeds_cli.catalogue import count_words
        from seeds_cli.errors import CorpusError

        spaces: dict[str, dict[str, list[tuple[int, list[int], list[int]]]]] = {
            "terms": defaultdict(list),
            "exact": defaultdict(list),
        }
        docs: list[tuple[Any, ...]] = []
        problems: list[str] = []
        empty: list[int] = []
        for num, doc in batch:
            lang = doc.lang or "ar"
            try:  # stat before reading: a change while reading then shows as stale
                st = os.stat(doc.path)
                size, mtime = st.st_size, st.st_mtime_ns
            except OSError:
                size, mtime = -1, -1
            try:
                text = doc.text
            except CorpusError as exc:
                problems.append(exc.one_line())
                text = ""
            b_stem, b_exact, n_body = self._fields(text, lang)
            t_stem, t_exact, n_title = self._fields(doc.title, lang) if doc.title else ({}, {}, 0)
            for space, body, title in (
                (spaces["terms"], b_stem, t_stem),
                (spaces["exact"], b_exact, t_exact),
            ):
                for term, bp in body.items():
                    space[term].append((num, bp, title.get(term, empty)))
                for term, tp in title.items():
                    if term not in body:
                        space[term].append((num, empty, tp))
            docs.append(
                (
                    num,  # not the document: sending its text back would cost a copy
                    count_words(text),
                    n_body,
                    min(n_body, LEAD_TOKENS),
                    n_title,
                    size,
                    mtime,
                )
            )
        packed = {
            name: [(term, *_encode(entries)) for term, entries in sorted(space.items())]
            for name, space in spaces.items()
        }
        return {"docs": docs, "spaces": packed, "problems": problems}


def _encode(entries: list[tuple[int, list[int], list[int]]]) -> tuple[int, int, bytes, bytes]:
    """One term's batch row: (df, last doc, post, pos), already in the final format.

    The first document number is absolute, so a term found in a single batch is written as is
    and a term spread over batches only needs each later part's first delta fixed.
    """
    docs = [e[0] for e in entries]
    post = array("I", [docs[0], *map(sub, docs[1:], docs)])
    post.extend([len(e[1]) for e in entries])
    post.extend([sum(bisect_left(e[1], n) for n in LEAD_SPANS) for e in entries])
    post.extend([len(e[2]) for e in entries])
    pos = array("I")
    for _, bp, tp in entries:
        if bp:
            pos.extend(_deltas(bp))
        if tp:
            pos.extend(_deltas(tp))
    return len(entries), docs[-1], pack(post), pack(pos)


_worker: _BatchInverter | None = None


def _run_batch(batch: list[tuple[int, Document]]) -> dict[str, Any]:
    global _worker
    if _worker is None:
        _worker = _BatchInverter()
    return _worker.run(batch)


def _batches(catalogue: Catalogue) -> Iterator[list[tuple[int, Document]]]:
    docs = list(enumerate(catalogue.documents))
    for start in range(0, len(docs), BATCH_DOCS):
        yield docs[start : start + BATCH_DOCS]


def _merge(parts: list[tuple[int, int, bytes, bytes]]) -> tuple[int, bytes, bytes]:
    """Join one term's per-batch rows (in document order) into one final row."""
    if len(parts) == 1:
        return parts[0][0], parts[0][2], parts[0][3]
    docs: array = array("I")
    tfs: list[array] = [array("I"), array("I"), array("I")]
    pos: array = array("I")
    last = 0
    for df, last_doc, post, p in parts:
        arr = array("I", unpack(post))  # joined parts may need a wider type
        part_docs = arr[:df]
        part_docs[0] -= last  # absolute in its batch, a delta once joined
        docs.extend(part_docs)
        for k in range(3):
            tfs[k].extend(arr[(k + 1) * df : (k + 2) * df])
        pos.extend(array("I", unpack(p)))
        last = last_doc
    return len(docs), pack(docs + tfs[0] + tfs[1] + tfs[2]), pack(pos)


def build_index(
    catalogue: Catalogue,
    path: Path,
    fingerprint: dict[str, Any],
    *,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> list[str]:
    """Build the index of ``catalogue`` atomically into ``path``; returns unreadable-file notes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    spool_path = tmp.with_suffix(".spool")
    writer = IndexWriter(tmp)
    spool: sqlite3.Connection | None = None
    problems: list[str] = []
    n_docs = len(catalogue)
    try:
        lengths = {f: array("I", bytes(4 * n_docs)) for f in ("body", "lead", "title")}
        results = _analyze(catalogue, workers)
        batches = 0
        single: dict[str, list[tuple[str, int, int, bytes, bytes]]] | None = None
        for result in results:
            batches += 1
            problems.extend(result["problems"])
            rows = []
            for num, words, n_body, n_lead, n_title, size, mtime in result["docs"]:
                doc = catalogue.documents[num]
                lengths["body"][num] = n_body
                lengths["lead"][num] = n_lead
                lengths["title"][num] = n_title
                rows.append(
                    (
                        num,
                        doc.id,
                        doc.file,
                        doc.title,
                        doc.source,
                        doc.date,
                        doc.lang or "",
                        doc.url,
                        words,
                        size,
                        mtime,
                    )
                )
            writer.add_docs(rows)
            if progress:
                progress(len(result["docs"]))
            if batches == 1:
                single = result["spaces"]
                continue
            if spool is None:
                spool = _open_spool(spool_path)
                assert single is not None
                _spool(spool, 0, single)
                single = None
            _spool(spool, batches - 1, result["spaces"])
        for space in ("terms", "exact"):
            if spool is None:
                rows = (single or {}).get(space, [])
                writer.add_terms(space, ((t, df, post, pos) for t, df, _, post, pos in rows))
            else:
                writer.add_terms(space, _merged_rows(spool, space))
        meta: dict[str, Any] = {
            "version": FORMAT_VERSION,
            "docs": n_docs,
            "lead_spans": ",".join(map(str, LEAD_SPANS)),
            "lang": _main_lang(catalogue),
            **fingerprint,
        }
        for field, arr in lengths.items():
            meta[f"len_{field}"] = pack(arr)
            meta[f"avg_{field}"] = (sum(arr) / n_docs) if n_docs else 0.0
        writer.set_meta(meta)
        writer.close()
        os.replace(tmp, path)
    except BaseException:
        writer.abort()
        raise
    finally:
        if spool is not None:
            spool.close()
        with contextlib.suppress(OSError):
            os.unlink(spool_path)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return problems


def _analyze(catalogue: Catalogue, workers: int | None) -> Iterator[dict[str, Any]]:
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(catalogue) >= PARALLEL_MIN_DOCS else 1
    if workers <= 1:
        for batch in _batches(catalogue):
            yield _run_batch(batch)
        return
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(workers) as pool:
        yield from pool.imap(_run_batch, _batches(catalogue))


def _open_spool(path: Path) -> sqlite3.Connection:
    spool = sqlite3.connect(str(path))
    spool.execute("PRAGMA journal_mode = OFF")
    spool.execute("PRAGMA synchronous = OFF")
    spool.execute(
        "CREATE TABLE part (space TEXT, term TEXT, batch INTEGER, df INTEGER, last INTEGER,"
        " post BLOB, pos BLOB,"
        " PRIMARY KEY (space, term, batch)) WITHOUT ROWID"
    )
    return spool


def _spool(spool: sqlite3.Connection, batch: int, spaces: dict[str, list[Any]]) -> None:
    for space, rows in spaces.items():
        spool.executemany(
            "INSERT INTO part VALUES (?,?,?,?,?,?,?)",
            ((space, term, batch, df, last, post, pos) for term, df, last, post, pos in rows),
        )


def _merged_rows(spool: sqlite3.Connection, space: str) -> Iterator[tuple[str, int, bytes, bytes]]:
    current: str | None = None
    parts: list[tuple[int, int, bytes, bytes]] = []
    for term, df, last, post, pos in spool.execute(
        "SELECT term, df, last, post, pos FROM part WHERE space = ? ORDER BY term, batch",
        (space,),
    ):
        if term != current:
            if current is not None:
                yield (current, *_merge(parts))
            current, parts = term, []
        parts.append((df, last, post, pos))
    if current is not None:
        yield (current, *_merge(parts))


def _main_lang(catalogue: Catalogue) -> str:
    counts: dict[str, int] = {}
    for doc in catalogue.documents:
        counts[doc.lang or "ar"] = counts.get(doc.lang or "ar", 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else (catalogue.header.lang or "ar")
