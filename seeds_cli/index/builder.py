"""Build the index from a catalogue: analyze and invert contiguous segments of documents, join.

Each segment (a contiguous range of documents) is read, analyzed and inverted on its own, in
worker processes when the corpus is large, into one encoded chunk per term and space (see
:mod:`seeds_cli.index.store`). A term's row is the concatenation of its segments' chunks in
document order, so joining the segments never decodes anything: every term is written once.

The inversion avoids a Python step per posting: each token gets a code (document within the
segment, field, position); codes are grouped by term with C-level ``map`` calls, and the
per-document frequencies are counted from each term's codes by Counter's C helper.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice, repeat
from operator import and_, lshift, or_, rshift, sub
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seeds_cli.index.store import (
    FORMAT_VERSION,
    IndexWriter,
    chunk,
    pack,
    post_chunks,
    single_chunks,
)
from seeds_cli.index.stories import StoryBuilder, segment_sketch, word_hash

try:  # Counter's own C helper: counts an iterable into a dict without Counter's Python layers
    from collections import _count_elements as count_into  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover

    def count_into(counts: dict[int, int], items: Iterable[int]) -> None:
        get = counts.get
        for item in items:
            counts[item] = get(item, 0) + 1


if TYPE_CHECKING:
    from seeds_cli.catalogue import Catalogue, Document

# The lead: an article's first tokens, where news (an inverted pyramid) says what the headline
# says. It is a field of its own, graded by nested spans: a word among the first 25 counts
# twice, among the first 50 once (the earlier, the closer to the headline). Changing the spans
# changes the index format.
LEAD_SPANS = (25, 50)
LEAD_TOKENS = max(LEAD_SPANS)
BATCH_DOCS = 8000  # documents per segment, at most
PARALLEL_MIN_DOCS = 3000  # below this a worker pool costs more than it saves

_DROPPED = 0  # term id of tokens whose normalized form is empty (they keep their position)


class _Analysis:
    """Surface word -> (exact term id, stem id), per language, shared by a worker's segments.

    Term ids are the worker's own; a segment's result names its terms by their strings.
    """

    def __init__(self) -> None:
        from seeds_cli.analysis import normalize, stem

        self._normalize = normalize
        self._stem = stem
        self.words: dict[str, dict[str, int]] = {}  # lang -> surface word -> word id
        self.exact_of = array("I", [_DROPPED])  # word id -> exact term id
        self.stem_of = array("I", [_DROPPED])  # word id -> stem id
        self.hash_of = array("I", [0])  # word id -> stories.word_hash of its exact term (or 0)
        self.exact_names: list[str] = [""]
        self.stem_names: list[str] = [""]
        self._exact_ids: dict[str, int] = {"": _DROPPED}
        self._stem_ids: dict[str, int] = {"": _DROPPED}

    def cache(self, lang: str) -> dict[str, int]:
        found = self.words.get(lang)
        if found is None or len(found) > 2_000_000:
            analysis = self

            class _Words(dict[str, int]):
                def __missing__(self, word: str) -> int:
                    wid = self[word] = analysis._add(word, lang)
                    return wid

            found = self.words[lang] = _Words()
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


def _invert(
    word_ids: array,
    codes: array,
    term_of: array,
    names: list[str],
    lead_ids: array,
    lead_docs: array,
    shift: int,
    first: int,
) -> list[tuple[str, int, bytes, bytes]]:
    """One space's rows for a segment: (term, df, post chunk, pos chunk) per term.

    ``codes[i]`` is token i's ``doc << shift + 1 | title << shift | position`` (documents
    numbered within the segment, body before title), in increasing order; ``lead_*`` hold the
    lead's tokens (those of the first span repeated once more per nested span).
    """
    groups: defaultdict[int, list[int]] = defaultdict(list)
    deque(map(list.append, map(groups.__getitem__, map(term_of.__getitem__, word_ids)), codes), 0)
    groups.pop(_DROPPED, None)
    leads: defaultdict[int, list[int]] = defaultdict(list)
    deque(
        map(list.append, map(leads.__getitem__, map(term_of.__getitem__, lead_ids)), lead_docs), 0
    )
    mask = (1 << shift) - 1
    pos_code = "B" if shift <= 8 else "H" if shift <= 16 else "I"  # positions are below 2**shift
    out = []
    for term, found in groups.items():
        lead = leads.get(term)
        if len(found) == 1:  # most terms of a segment: one occurrence
            code = found[0]
            key = code >> shift
            doc = key >> 1
            tf_lead = lead.count(doc) if lead else 0
            out.append((names[term], 1, *single_chunks(first + doc, tf_lead, key & 1, code & mask)))
            continue
        per: dict[int, int] = {}  # doc << 1 | title -> tf, in order
        count_into(per, map(rshift, found, repeat(shift)))
        if any(map(and_, per, repeat(1))):  # in a title too
            docs = list(dict.fromkeys(map(rshift, per, repeat(1))))
            keys = list(map(lshift, docs, repeat(1)))
            tf_body: Any = map(per.get, keys, repeat(0))
            tf_title: Any = map(per.get, map(or_, keys, repeat(1)), repeat(0))
        else:
            docs = list(map(rshift, per, repeat(1)))
            tf_body, tf_title = per.values(), None
        df = len(docs)
        deltas = array("I", docs)
        deltas[0] += first
        if df > 1:
            deltas[1:] = array("I", map(sub, islice(docs, 1, None), docs))
        tfs = array("I", tf_body)
        if lead:
            counts: dict[int, int] = {}
            count_into(counts, lead)
            tfs.extend(map(counts.get, docs, repeat(0)))
        else:
            tfs.extend(array("I", bytes(4 * df)))
        tfs.extend(tf_title if tf_title is not None else array("I", bytes(4 * df)))
        positions = array(pos_code, map(and_, found, repeat(mask)))
        out.append((names[term], df, post_chunks(deltas, tfs), chunk(positions)))
    return out


@contextlib.contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Building makes millions of short-lived ints, lists and tuples and no reference cycles:
    the cyclic collector would only walk them again and again (over 10% of a build)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Segmenter:
    """Read, analyze and invert one segment of the catalogue."""

    def __init__(self) -> None:
        self.analysis = _Analysis()

    def run(self, first: int, docs: list[Document]) -> dict[str, Any]:
        with _without_cyclic_gc():
            return self._run(first, docs)

    def _run(self, first: int, docs: list[Document]) -> dict[str, Any]:
        from seeds_cli.analysis.tokenize import word_list
        from seeds_cli.catalogue import count_words
        from seeds_cli.errors import CorpusError

        analysis = self.analysis
        stats: list[tuple[int, int, int, int, int, int]] = []
        problems: list[str] = []
        bodies: list[list[int]] = []
        titles: list[list[int]] = []
        for num, doc in enumerate(docs, first):
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
            cache = analysis.cache(lang)
            body = list(map(cache.__getitem__, word_list(text)))
            title = list(map(cache.__getitem__, word_list(doc.title))) if doc.title else []
            bodies.append(body)
            titles.append(title)
            stats.append((num, count_words(text), len(body), len(title), size, mtime))
        longest = max((max(len(b), len(t)) for b, t in zip(bodies, titles, strict=True)), default=0)
        shift = max(longest.bit_length(), 1)
        word_ids = array("I")
        codes = array("Q")
        lead_ids = array("I")
        lead_docs = array("I")
        for k, (body, title) in enumerate(zip(bodies, titles, strict=True)):
            base = k << (shift + 1)
            word_ids.extend(body)
            codes.extend(range(base, base + len(body)))
            if title:
                word_ids.extend(title)
                base |= 1 << shift
                codes.extend(range(base, base + len(title)))
            for span in LEAD_SPANS:
                lead = body[:span]
                lead_ids.extend(lead)
                lead_docs.extend(repeat(k, len(lead)))
        started = time.perf_counter()
        sketch = segment_sketch(bodies, analysis.hash_of)  # near-duplicates: see stories
        story_seconds = time.perf_counter() - started
        del bodies, titles
        spaces = {
            "terms": _invert(
                word_ids,
                codes,
                analysis.stem_of,
                analysis.stem_names,
                lead_ids,
                lead_docs,
                shift,
                first,
            ),
            "exact": _invert(
                word_ids,
                codes,
                analysis.exact_of,
                analysis.exact_names,
                lead_ids,
                lead_docs,
                shift,
                first,
            ),
        }
        return {
            "docs": stats,
            "spaces": spaces,
            "problems": problems,
            "stories": sketch,
            "story_seconds": story_seconds,
        }


_worker: _Segmenter | None = None
_catalogue: Catalogue | None = None  # the pool's catalogue, inherited by forked workers


def _run_segment(task: tuple[int, int, list[Document] | None]) -> dict[str, Any]:
    global _worker
    if _worker is None:
        _worker = _Segmenter()
    first, end, docs = task
    if docs is None:
        assert _catalogue is not None
        docs = _catalogue.documents[first:end]
    return _worker.run(first, docs)


def build_index(
    catalogue: Catalogue,
    path: str | os.PathLike[str],
    fingerprint: dict[str, Any],
    *,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> list[str]:
    """Build the index of ``catalogue`` atomically into ``path``; returns unreadable-file notes."""
    with _without_cyclic_gc():
        return _build_index(catalogue, path, fingerprint, progress=progress, workers=workers)


def _build_index(
    catalogue: Catalogue,
    path: str | os.PathLike[str],
    fingerprint: dict[str, Any],
    *,
    progress: Callable[[int], None] | None,
    workers: int | None,
) -> list[str]:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    writer = IndexWriter(tmp)
    problems: list[str] = []
    n_docs = len(catalogue)
    try:
        lengths = {f: array("I", bytes(4 * n_docs)) for f in ("body", "lead", "title")}
        joined: dict[str, dict[str, list[Any]]] = {"terms": {}, "exact": {}}
        stories = StoryBuilder(n_docs, path.parent)
        story_seconds = 0.0
        for result in _analyze(catalogue, workers):
            problems.extend(result["problems"])
            if result["docs"]:
                stories.add(result["docs"][0][0], result["stories"])
            story_seconds += result["story_seconds"]
            rows = []
            for num, words, n_body, n_title, size, mtime in result["docs"]:
                lengths["body"][num] = n_body
                lengths["lead"][num] = min(n_body, LEAD_TOKENS)
                lengths["title"][num] = n_title
                doc = catalogue.documents[num]
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
            for space, seg_rows in result["spaces"].items():
                _join(joined[space], seg_rows)
            if progress:
                progress(len(result["docs"]))
        for space, terms in joined.items():
            writer.add_terms(
                space,
                (
                    (term, *parts) if isinstance(parts[1], bytes) else (term, *_flat(parts))
                    for term, parts in sorted(terms.items())
                ),
            )
        docs = catalogue.documents
        clustered = {row[0]: row for row in stories.finish((d.date, d.id) for d in docs)}
        writer.add_stories(  # the near-duplicates, and the copies an import recorded
            (*clustered.get(num, (num, num, 1.0)), doc.copies or None)
            for num, doc in enumerate(docs)
            if num in clustered or doc.copies
        )
        meta: dict[str, Any] = {
            "stories_seconds": round(story_seconds + stories.seconds, 3),
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
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return problems


def _join(terms: dict[str, list[Any]], rows: list[tuple[str, int, bytes, bytes]]) -> None:
    """Add a segment's rows: a term already seen gets the segment's chunks appended."""
    for term, df, post, pos in rows:
        parts = terms.get(term)
        if parts is None:
            terms[term] = [df, post, pos]
        elif isinstance(parts[1], bytes):
            terms[term] = [parts[0] + df, [parts[1], post], [parts[2], pos]]
        else:
            parts[0] += df
            parts[1].append(post)
            parts[2].append(pos)


def _flat(parts: list[Any]) -> tuple[int, bytes, bytes]:
    return parts[0], b"".join(parts[1]), b"".join(parts[2])


def _segments(n_docs: int, workers: int) -> list[tuple[int, int]]:
    """Contiguous document ranges: few (a term gets a chunk per segment), at least two per
    worker so that the workers stay busy while the first results are joined."""
    count = -(-n_docs // BATCH_DOCS)
    if workers > 1:
        count = max(count, 2 * workers)
    size = max(-(-n_docs // max(count, 1)), 1)
    return [(start, min(start + size, n_docs)) for start in range(0, n_docs, size)]


def _analyze(catalogue: Catalogue, workers: int | None) -> Iterator[dict[str, Any]]:
    global _catalogue
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(catalogue) >= PARALLEL_MIN_DOCS else 1
    segments = _segments(len(catalogue), workers)
    docs = catalogue.documents
    if workers <= 1:
        for first, end in segments:
            yield _run_segment((first, end, docs[first:end]))
        return
    import multiprocessing

    fork = "fork" in multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if fork else None)
    tasks = ((first, end, None if fork else docs[first:end]) for first, end in segments)
    _catalogue = catalogue
    try:
        with ctx.Pool(workers) as pool:
            yield from pool.imap(_run_segment, tasks)
    finally:
        _catalogue = None


def _main_lang(catalogue: Catalogue) -> str:
    counts: dict[str, int] = {}
    for doc in catalogue.documents:
        counts[doc.lang or "ar"] = counts.get(doc.lang or "ar", 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else (catalogue.header.lang or "ar")
