"""Build the index from a catalogue: invert segments of documents, spool them to disk, merge.

1. The catalogue is cut into contiguous segments of documents. Each is read, tokenized and
   analyzed (a per-process cache maps each surface word to its exact term and its stem: the
   distinct words are few), in worker processes when the corpus is large.
2. A segment is inverted with numpy, once per space (stems, exact terms): a stable sort of its
   tokens by term keeps them in document order, and the per-document frequencies, lead
   weights and deltas are counted on whole arrays. Each term's postings become chunks (see
   :mod:`seeds_cli.index.store`), all encoded at once (:mod:`seeds_cli.index.encode`), and
   the segment is written to a spool file per space, sorted by term
   (:mod:`seeds_cli.index.spool`).
3. The main process merges the spool files with a k-way merge by term: a term's row is the
   concatenation of its segments' chunks in document order, so nothing is decoded. Memory
   holds one block of rows per spool file, whatever the corpus's size.

The index is written to a temporary file renamed into place at the end: an interrupted build
leaves the previous index (and no spool file) behind.
"""

from __future__ import annotations

import bisect
import contextlib
import os
import tempfile
import time
from array import array
from collections import deque
from collections.abc import Callable, Iterator
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seeds_cli.catalogue.catalogue import Document, without_cyclic_gc
from seeds_cli.index.spool import BLOCK_ROWS, block, read_blocks, write_blocks
from seeds_cli.index.store import FORMAT_VERSION, IndexWriter, pack
from seeds_cli.index.stories import StoryBuilder, segment_sketch, word_hash

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    import numpy as np

    from seeds_cli.catalogue import Catalogue
    from seeds_cli.index.listing import Listing, Record
    from seeds_cli.index.words import Lexicon

# The lead: an article's first tokens, where news (an inverted pyramid) says what the headline
# says. It is a field of its own, graded by nested spans: a word among the first 25 counts
# twice, among the first 50 once (the earlier, the closer to the headline). Changing the spans
# changes the index format.
LEAD_SPANS = (25, 50)
LEAD_TOKENS = max(LEAD_SPANS)
BATCH_DOCS = 8000  # documents per segment, at most (fewer: less memory, a larger index)
BATCH_CHARS = 1 << 20  # characters of text tokenized at once (see seeds_cli.index.words)
MAX_CACHED_WORDS = 1_000_000  # distinct surface words a worker remembers, at most
PARALLEL_MIN_DOCS = 3000  # below this a worker pool costs more than it saves
SPACES = ("terms", "exact")
# A chunk is deflated from this many bytes on, if that makes it smaller: a call costs 10-20 us
# whatever the size, and short chunks of document gaps or positions seldom shrink (tfs, mostly
# ones, always do). Against one bound of 24 bytes: 58% fewer calls, a 2% larger index.
ZLIB_MIN_DOCS = 64
ZLIB_MIN_TFS = 48
ZLIB_MIN_POS = 256

_term = itemgetter(0)
_DROPPED = 0  # term id of tokens whose normalized form is empty (they keep their position)


class _Analysis:
    """Word id -> (exact term id, stem id), its words found per language by a lexicon (see
    :mod:`seeds_cli.index.words`), shared by a worker's segments.

    Term ids are the worker's own; a segment's spool names its terms by their strings. The
    surface words themselves are not kept: each costs a hundred bytes or more, and a worker
    meets up to a million of them.
    """

    def __init__(self) -> None:
        from seeds_cli.analysis import normalize, stem

        self._normalize = normalize
        self._stem = stem
        self.lexicons: dict[str, Lexicon] = {}  # lang -> its words seen, found by hash
        self.exact_of = array("I", [_DROPPED])  # word id -> exact term id
        self.stem_of = array("I", [_DROPPED])  # word id -> stem id
        self.hash_of = array("I", [0])  # word id -> stories.word_hash of its exact term (or 0)
        self.exact_names: list[str] = [""]
        self.stem_names: list[str] = [""]
        self._exact_ids: dict[str, int] = {"": _DROPPED}
        self._stem_ids: dict[str, int] = {"": _DROPPED}

    def lexicon(self, lang: str) -> Lexicon:
        """The words of ``lang`` seen (:class:`seeds_cli.index.words.Lexicon`)."""
        found = self.lexicons.get(lang)
        if found is None:
            from seeds_cli.index.words import Lexicon

            found = self.lexicons[lang] = Lexicon(lambda word: self._add(word, lang))
        return found

    def _add(self, word: str, lang: str) -> int:
        exact = self._normalize(word)
        stemmed = self._stem(exact, lang) if exact else ""
        eid = self._exact_ids.get(exact)
        if eid is None:
            eid = self._exact_ids[exact] = len(self.exact_names)
            self.exact_names.append(exact)
        sid = self._stem_ids.get(stemmed)
        if sid is None:
            sid = self._stem_ids[stemmed] = len(self.stem_names)
            self.stem_names.append(stemmed)
        self.exact_of.append(eid)
        self.stem_of.append(sid)
        self.hash_of.append(word_hash(exact) if exact else 0)
        return len(self.exact_of) - 1


class _WordCounter:
    """The catalogue's ``count_words`` of a text (its words as ``seeds list`` shows them), by a
    table of the characters its pattern takes: a run of them is a word. The regex's matches
    were a fifth of reading a text; the table is the pattern's own, character by character."""

    def __init__(self) -> None:
        import numpy as np

        from seeds_cli.catalogue.catalogue import WORD_RE, count_words

        self._np = np
        self._fallback = count_words
        units = np.arange(0x10000, dtype=np.uint16)
        units[0xD800:0xE000] = 0x20  # surrogates: no characters
        bmp = units.astype("<u2").tobytes().decode("utf-16-le")
        self._table = np.zeros(0x10000, dtype=np.int8)
        for match in WORD_RE.finditer(bmp):  # a run of the class: each character is in it
            self._table[match.start() : match.end()] = 1

    def __call__(self, text: str) -> int:
        np = self._np
        units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
        if len(units) != len(text):  # a character beyond the BMP: the pattern decides
            return self._fallback(text)
        if not len(units):
            return 0
        inside = self._table[units]
        return int(inside[0]) + int(np.count_nonzero(inside[1:] > inside[:-1]))


class _Tokens:
    """A segment's tokens in document order (body before title, then by position), as arrays
    of 32 bits or less (a segment's arrays are the bulk of a worker's memory)."""

    def __init__(self, words: np.ndarray, run_lengths: np.ndarray) -> None:
        """``words``: the word ids of the runs body 0, title 0, body 1, title 1, ...;
        ``run_lengths``: each run's number of tokens."""
        import numpy as np

        run_lengths = run_lengths.astype(np.int64)
        n_docs = len(run_lengths) // 2
        total = int(run_lengths.sum())
        starts = np.cumsum(run_lengths) - run_lengths
        self.words = words
        per_doc = run_lengths[0::2] + run_lengths[1::2]
        self.docs = np.repeat(np.arange(n_docs, dtype=np.int32), per_doc)
        kinds = np.tile(np.array([0, 1], dtype=np.int8), n_docs)
        self.title = np.repeat(kinds, run_lengths)
        self.pos = (np.arange(total, dtype=np.int64) - np.repeat(starts, run_lengths)).astype(
            np.uint32
        )
        body = self.title == 0
        self.lead = (body & (self.pos < LEAD_SPANS[0])).view(np.int8) + (
            body & (self.pos < LEAD_SPANS[1])
        ).view(np.int8)


def _invert(tokens: _Tokens, term_of: array, names: list[str], first: int) -> Iterator[bytes]:
    """One space's spool blocks for a segment, its terms in order: (term, df, post, pos).

    A term's ``post`` is two chunks: its documents' numbers (the first absolute, then deltas)
    and its n body tfs, n lead tfs, n title tfs; its ``pos`` one chunk: each document's body
    positions then title positions.
    """
    import numpy as np

    from seeds_cli.index.encode import encode_chunks, gather, join_rows

    table = np.frombuffer(term_of, dtype=np.uint32)
    terms = table[tokens.words] if len(tokens.words) else np.empty(0, np.uint32)
    # by term, and in document order within one: a sort of (term, place) keys, several times
    # faster than numpy's stable argsort of the terms
    keyed = (terms.astype(np.uint64) << np.uint64(32)) | np.arange(len(terms), dtype=np.uint64)
    keyed.sort()
    order = (keyed & np.uint64(0xFFFFFFFF)).astype(np.int64)
    terms = (keyed >> np.uint64(32)).astype(np.uint32)
    del keyed
    live = int(np.searchsorted(terms, _DROPPED, side="right"))  # _DROPPED sorts first
    order, terms = order[live:], terms[live:]
    n = len(terms)
    if not n:
        return
    docs = tokens.docs[order]
    title = tokens.title[order]
    pos = tokens.pos[order]
    new_term = np.empty(n, dtype=bool)
    new_term[0] = True
    np.not_equal(terms[1:], terms[:-1], out=new_term[1:])
    new_group = new_term.copy()  # a (term, document) pair starts
    new_group[1:] |= docs[1:] != docs[:-1]
    g_start = np.flatnonzero(new_group)
    tf_title = np.add.reduceat(title, g_start, dtype=np.int64)
    tf_body = np.diff(np.append(g_start, n)) - tf_title
    tf_lead = np.add.reduceat(tokens.lead[order], g_start, dtype=np.int64)
    del title, order
    g_docs = docs[g_start].astype(np.int64) + first
    del docs
    term_groups = np.flatnonzero(new_term[g_start])  # each term's first group
    n_groups = len(g_start)
    deltas = g_docs.copy()
    deltas[1:] -= g_docs[:-1]
    deltas[term_groups] = g_docs[term_groups]
    # tfs laid out per term: its n body tfs, then n lead tfs, then n title tfs
    sizes = np.diff(np.append(term_groups, n_groups))
    owner_start = np.repeat(term_groups, sizes)
    owner_size = np.repeat(sizes, sizes)
    at = 2 * owner_start + np.arange(n_groups)
    tfs = np.empty(3 * n_groups, dtype=np.int64)
    tfs[at] = tf_body
    tfs[at + owner_size] = tf_lead
    tfs[at + 2 * owner_size] = tf_title
    del owner_start, owner_size, at, tf_body, tf_lead, tf_title
    t_start = np.flatnonzero(new_term)
    g_bounds = np.append(term_groups, n_groups)
    term_names = list(map(names.__getitem__, terms[t_start].tolist()))
    by_name = np.array(sorted(range(len(term_names)), key=term_names.__getitem__), dtype=np.int64)
    post = join_rows(
        [
            encode_chunks(deltas, g_bounds, ZLIB_MIN_DOCS),
            encode_chunks(tfs, 3 * g_bounds, ZLIB_MIN_TFS),
        ],
        by_name,
    )
    del deltas, tfs
    positions = join_rows([encode_chunks(pos, np.append(t_start, n), ZLIB_MIN_POS)], by_name)
    del pos
    dfs = np.diff(g_bounds)[by_name].tolist()
    post_sizes = post.row_sizes().tolist()
    pos_sizes = positions.row_sizes().tolist()
    names_in_order = [term_names[i] for i in by_name.tolist()]
    for a in range(0, len(names_in_order), BLOCK_ROWS):
        b = a + BLOCK_ROWS
        yield block(
            names_in_order[a:b],
            dfs[a:b],
            post_sizes[a:b],
            pos_sizes[a:b],
            gather(post, a, b),
            gather(positions, a, b),
        )


class _Segmenter:
    """Read, analyze and invert one segment of the catalogue into its spool files."""

    def __init__(self) -> None:
        from seeds_cli.index.words import WordIds

        self.analysis = _Analysis()
        self.count_words = _WordCounter()
        self.word_ids = WordIds()

    def run(self, task: _Task, docs: list[Document], tick: Callable[[], None]) -> dict[str, Any]:
        if len(self.analysis.exact_of) > MAX_CACHED_WORDS:
            self.analysis = _Analysis()  # a huge vocabulary: start afresh, memory bounded
        with without_cyclic_gc():
            return self._run(task, docs, tick)

    def _run(self, task: _Task, docs: list[Document], tick: Callable[[], None]) -> dict[str, Any]:
        import numpy as np

        from seeds_cli.errors import CorpusError

        analysis = self.analysis
        stats: list[list[int]] = []
        problems: list[str] = []
        words: list[np.ndarray] = []  # word ids of the runs body 0, title 0, body 1, ...
        runs: list[np.ndarray] = []  # their lengths
        batch: list[str] = []  # texts read, not yet tokenized: body, title, body, title, ...
        batch_lang = ""
        batch_chars = 0

        def tokenize_batch() -> None:
            ids, counts = self.word_ids.ids(batch, analysis.lexicon(batch_lang))
            words.append(ids)
            runs.append(counts)
            batch.clear()

        for num, doc in enumerate(docs, task.first):
            lang = doc.lang or "ar"
            if batch and (lang != batch_lang or batch_chars >= BATCH_CHARS):
                tokenize_batch()
                batch_chars = 0
            batch_lang = lang
            try:  # stat before reading: a change while reading then shows as stale
                st = os.stat(doc.path)
                size, mtime = st.st_size, st.st_mtime_ns
            except OSError:
                size, mtime = -1, -1
            try:
                text = doc.text
                doc._text = None  # read once here: a worker must not keep every text it read
            except CorpusError as exc:
                problems.append(exc.one_line())
                text = ""
            batch.append(text)
            batch.append(doc.title)
            batch_chars += len(text) + len(doc.title)
            stats.append([num, self.count_words(text), 0, 0, size, mtime])
            tick()
        if batch:
            tokenize_batch()
        run_lengths = np.concatenate(runs) if runs else np.zeros(0, dtype=np.int64)
        for row, n_body, n_title in zip(
            stats, run_lengths[0::2].tolist(), run_lengths[1::2].tolist(), strict=True
        ):
            row[2], row[3] = n_body, n_title
        tokens = _Tokens(
            np.concatenate(words) if words else np.zeros(0, dtype=np.uint32), run_lengths
        )
        words.clear()  # the segment's arrays are the bulk of a worker's memory
        started = time.perf_counter()
        sketch = segment_sketch(  # near-duplicates: see stories
            tokens.words[tokens.title == 0], run_lengths[0::2], analysis.hash_of
        )
        story_seconds = time.perf_counter() - started
        for space, term_of, names in (
            ("terms", analysis.stem_of, analysis.stem_names),
            ("exact", analysis.exact_of, analysis.exact_names),
        ):
            write_blocks(task.spool(space), _invert(tokens, term_of, names, task.first))
        return {
            "docs": stats,
            "problems": problems,
            "stories": sketch,
            "story_seconds": story_seconds,
        }


class _Task:
    """One segment: documents ``first`` to ``end``, spooled to files named from ``prefix``."""

    def __init__(self, number: int, first: int, end: int, prefix: str) -> None:
        self.number, self.first, self.end, self.prefix = number, first, end, prefix

    def spool(self, space: str) -> str:
        return f"{self.prefix}{self.number:05d}.{space}"


_worker: _Segmenter | None = None
_done: Any = None  # the pool's shared count of documents read (a multiprocessing.Value)

# What a worker is sent of a segment: the corpus folder, the size limit, and each document's
# file, INDEX.md line, title and language.
_Described = tuple[Path, int, list[tuple[str, int, str, str]]]


def _init_worker(done: Any) -> None:
    global _done
    _done = done


def _tick_shared() -> None:
    with _done.get_lock():
        _done.value += 1


def _described(listing: Listing, records: list[Record]) -> _Described:
    return (
        listing.root,
        listing.max_file_size,
        [(r.file, r.line, r.title, r.lang) for r in records],
    )


def _documents(described: _Described) -> list[Document]:
    root, max_file_size, docs = described
    return [
        Document(
            id="",
            file=file,
            root=root,
            line=line,
            title=title,
            lang=lang,
            max_file_size=max_file_size,
        )
        for file, line, title, lang in docs
    ]


def _run_segment(job: tuple[_Task, _Described]) -> dict[str, Any]:
    global _worker
    if _worker is None:
        _worker = _Segmenter()
    task, described = job
    return _worker.run(task, _documents(described), _tick_shared)


def build_index(
    source: Catalogue | Listing,
    path: str | os.PathLike[str],
    fingerprint: dict[str, Any] | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> list[str]:
    """Build the index of ``source`` atomically into ``path``; returns unreadable-file notes.

    ``source``: a listing read from INDEX.md as the build goes (see
    :mod:`seeds_cli.index.listing`), or a loaded catalogue. ``fingerprint``: what the index
    records of the corpus to check its freshness; by default the listing's key, taken as the
    build goes. ``progress(n)`` is called as documents are read (from the first second on)."""
    from seeds_cli.index.listing import Listing, listing_of

    listing = source if isinstance(source, Listing) else listing_of(source)
    with without_cyclic_gc():
        return _build_index(listing, path, fingerprint, progress=progress, workers=workers)


def _build_index(
    listing: Listing,
    path: str | os.PathLike[str],
    fingerprint: dict[str, Any] | None,
    *,
    progress: Callable[[int], None] | None,
    workers: int | None,
) -> list[str]:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    prefix = tmp_name[: -len(".tmp")] + "-segment-"
    writer = IndexWriter(tmp)
    problems: list[str] = []
    n_workers = _workers(len(listing), workers)
    tasks: list[_Task] = []
    try:
        lengths = {f: array("I") for f in ("body", "lead", "title")}
        stories = StoryBuilder(path.parent)
        story_seconds = 0.0
        copies: dict[int, str] = {}  # the copies an import recorded, of the few that have any
        langs: dict[str, int] = {}
        segments = _analyze(
            listing, _segment_size(len(listing), n_workers), prefix, n_workers, progress
        )
        for task, records, result in segments:
            tasks.append(task)
            problems.extend(result["problems"])
            if result["docs"]:
                stories.add(task.first, result["stories"])
            story_seconds += result["story_seconds"]
            rows = []
            for (num, words, n_body, n_title, size, mtime), rec in zip(
                result["docs"], records, strict=True
            ):
                lengths["body"].append(n_body)
                lengths["lead"].append(min(n_body, LEAD_TOKENS))
                lengths["title"].append(n_title)
                langs[rec.lang or "ar"] = langs.get(rec.lang or "ar", 0) + 1
                if rec.copies:
                    copies[num] = rec.copies
                rows.append(
                    (
                        num,
                        rec.id,
                        rec.file,
                        rec.title,
                        rec.source,
                        rec.date,
                        rec.lang,
                        rec.url,
                        words,
                        size,
                        mtime,
                    )
                )
            writer.add_docs(rows)
        n_docs = len(lengths["body"])
        for space in SPACES:
            writer.add_terms(space, merge_spools([task.spool(space) for task in tasks]))
        clustered = {row[0]: row for row in stories.finish(writer.story_order())}
        writer.add_stories(  # the near-duplicates, and the copies an import recorded
            (*clustered.get(num, (num, num, 1.0)), copies.get(num))
            for num in sorted(clustered.keys() | copies.keys())
        )
        meta: dict[str, Any] = {
            "stories_seconds": round(story_seconds + stories.seconds, 3),
            "version": FORMAT_VERSION,
            "docs": n_docs,
            "lead_spans": ",".join(map(str, LEAD_SPANS)),
            "lang": max(langs, key=langs.__getitem__) if langs else (listing.lang or "ar"),
            **(listing.key.key() if fingerprint is None else fingerprint),
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
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        for task in tasks:
            for space in SPACES:
                with contextlib.suppress(OSError):
                    os.unlink(task.spool(space))
    return problems


def merge_spools(files: list[str]) -> Iterator[tuple[str, int, bytes, bytes]]:
    """The rows of segments' spool files (given in document order) merged by term: a term in
    several segments gets their chunks concatenated in document order, its dfs summed.

    A round takes, from each file's current block, the rows up to the smallest of the blocks'
    last terms (no later block has a row before it) and sorts them at once, stably, so that a
    term's rows stay in file order: the sort is done in C, and a round empties a block at
    least. Memory holds about a block per file.
    """
    readers = [filter(None, read_blocks(f)) for f in files]  # an empty block ends nothing
    blocks = [next(reader, []) for reader in readers]
    while True:
        live = [i for i, rows in enumerate(blocks) if rows]
        if not live:
            return
        horizon = min(blocks[i][-1][0] for i in live)
        batch: list[tuple[str, int, bytes, bytes]] = []
        for i in live:
            rows = blocks[i]
            cut = bisect.bisect_right(rows, horizon, key=_term) if rows[-1][0] != horizon else None
            if cut is None:
                batch += rows
                blocks[i] = next(readers[i], [])
            else:
                batch += rows[:cut]
                blocks[i] = rows[cut:]
        batch.sort(key=_term)
        yield from _joined_rows(batch)


def _joined_rows(
    rows: list[tuple[str, int, bytes, bytes]],
) -> Iterator[tuple[str, int, bytes, bytes]]:
    """Rows sorted by term, each term's rows joined into one."""
    end = len(rows)
    k = 0
    while k < end:
        term, df, post, pos = rows[k]
        k += 1
        if k == end or rows[k][0] != term:
            yield term, df, post, pos
            continue
        posts, poss = [post], [pos]
        while k < end and rows[k][0] == term:
            df += rows[k][1]
            posts.append(rows[k][2])
            poss.append(rows[k][3])
            k += 1
        yield term, df, b"".join(posts), b"".join(poss)


def _workers(n_docs: int, workers: int | None) -> int:
    if workers is None:
        return min(os.cpu_count() or 1, 4) if n_docs >= PARALLEL_MIN_DOCS else 1
    return max(workers, 1)


def _segment_size(n_docs: int, workers: int) -> int:
    """Documents per segment: few segments (a term gets a chunk per segment), at least two
    per worker so that the workers stay busy while the first results are taken in."""
    count = -(-n_docs // BATCH_DOCS)
    if workers > 1:
        count = max(count, 2 * workers)
    return max(-(-n_docs // max(count, 1)), 1)


def _analyze(
    listing: Listing,
    size: int,
    prefix: str,
    workers: int,
    progress: Callable[[int], None] | None,
) -> Iterator[tuple[_Task, list[Record], dict[str, Any]]]:
    """Each segment of ``size`` documents, its records and its result, in document order;
    ``progress`` told of each document read.

    Segments are cut from the listing as workers become free: the records held are those of
    the segments in the workers' hands or waiting for them, never the whole listing. Spool
    files are named from ``prefix``.
    """
    records_of = _cut(listing.records(), size)
    first = 0

    def task_of(records: list[Record]) -> _Task:
        nonlocal first
        task = _Task(first // size, first, first + len(records), prefix)
        first += len(records)
        return task

    if workers <= 1:
        segmenter = _Segmenter()
        tick = (lambda: progress(1)) if progress else (lambda: None)
        for records in records_of:
            task = task_of(records)
            docs = _documents(_described(listing, records))
            yield task, records, segmenter.run(task, docs, tick)
        return
    ctx = _pool_context()
    done = ctx.Value("q", 0)
    shown = 0
    window: deque[tuple[_Task, list[Record], AsyncResult[dict[str, Any]]]] = deque()
    with ctx.Pool(workers, initializer=_init_worker, initargs=(done,)) as pool:
        while True:
            while len(window) < 2 * workers:  # each worker busy, and one waiting for each
                records = next(records_of, None)
                if records is None:
                    break
                task = task_of(records)
                job = (task, _described(listing, records))
                window.append((task, records, pool.apply_async(_run_segment, (job,))))
            if not window:
                break
            task, records, pending = window[0]
            pending.wait(0.2)
            if progress and done.value > shown:
                progress(done.value - shown)
                shown = done.value
            if pending.ready():
                window.popleft()
                yield task, records, pending.get()
    if progress and done.value > shown:
        progress(done.value - shown)


def _cut(records: Iterator[Record], size: int) -> Iterator[list[Record]]:
    while batch := list(islice(records, size)):
        yield batch


def _pool_context() -> Any:
    """Workers started afresh ("spawn"), not forked: a forked worker would hold a copy of the
    parent's catalogue (about 310 MiB at 300,000 documents) in its memory, counted in its
    RSS; a fresh one holds what its segments need. Starting costs a few tenths of a second."""
    import multiprocessing

    return multiprocessing.get_context("spawn")


__all__ = ["LEAD_SPANS", "LEAD_TOKENS", "build_index", "merge_spools"]
