"""Stories: groups of near-duplicate documents (one wire story run by several papers).

A document's *shingles* are its runs of ``SHINGLE`` (5) consecutive normalized words (a
shorter document has one shingle: all its words). Two documents are near-duplicates when
the Jaccard resemblance of their shingle sets, ``|A ∩ B| / |A ∪ B|``, is at least
``THRESHOLD`` (0.8). A *story* is a cluster of near-duplicates; its representative is its
earliest document (undated documents after dated ones), then the smallest id.

Finding the pairs without comparing every document with every other:

1. Each shingle is hashed to 64 bits (from stable per-word CRCs: the same corpus gives the
   same hashes in every process, so the same stories).
2. One-permutation MinHash: the top bits of a shingle's hash choose one of ``BINS`` bins,
   the low 32 bits compete for the bin's minimum. A signature is the ``BINS`` minima; the
   share of agreeing non-empty bins estimates the resemblance (Li, Owen and Zhang 2012).
3. LSH: the signature is cut into ``BANDS`` bands of ``ROWS`` bins; documents that agree
   on a whole band are candidates. A pair at resemblance 0.8 is a candidate with
   probability 1 - (1 - 0.8^4)^16 > 0.9998; one at 0.3 with about 0.12.
4. Each candidate pair is decided on its estimate when that is far from the threshold on
   a full signature, else on the exact resemblance of the two shingle sets.
5. Clusters: documents are taken in story order (date, then id); each joins the most
   resembling earlier *representative* it is a near-duplicate of, or starts a story. Every
   member thus resembles its representative at THRESHOLD or more, and the same pairs give
   the same stories whatever the order in which they were found.

numpy is imported here, where it is used: by the index build and ``seeds similar``.
"""

from __future__ import annotations

import os
import tempfile
import time
import zlib
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

SHINGLE = 5  # words per shingle
THRESHOLD = 0.8  # Jaccard resemblance at or above which two documents are one story
PAIRS_AT_ONCE = 1 << 16  # candidate pairs estimated at once (memory: 512 bytes a pair)
BINS = 64  # one-permutation MinHash bins (a power of two: the top bits choose the bin)
BANDS, ROWS = 16, 4  # LSH banding of the signature: BANDS * ROWS == BINS
MAX_WORDS = 50_000  # words of a document shingled: a whole news article, never a huge file
# Decisions on the estimate alone, when the signature has this many non-empty bins in the
# union and the estimate is this far from the threshold (over 3 standard errors); anything
# nearer (or from a sparse signature) is decided on the exact resemblance.
TRUST_BINS = 48
ACCEPT_MARGIN = 0.17
REJECT_MARGIN = 0.3
BIG_BUCKET = 64  # a band bucket with more documents is linked as a chain, not all pairs

_EMPTY = 0xFFFFFFFF
_BIN_SHIFT = 64 - (BINS.bit_length() - 1)
_PRIME = 0x100000001B3  # FNV-64 prime: mixes the words of a shingle
_MIX1 = 0xBF58476D1CE4E5B9  # splitmix64's finalizer: spreads a shingle's bits evenly
_MIX2 = 0x94D049BB133111EB


def word_hash(term: str) -> int:
    """A stable 32-bit hash of a normalized word (the same in every process)."""
    return zlib.crc32(term.encode("utf-8", "surrogatepass"))


def shingle_hashes(word_hashes: Sequence[int] | np.ndarray) -> np.ndarray:
    """The 64-bit hashes of one document's shingles (with repeats), from its words' hashes."""
    import numpy as np

    words = np.asarray(word_hashes, dtype=np.uint64)[:MAX_WORDS]
    return _shingles(words, np.array([len(words)], dtype=np.int64))[0]


def _shingles(words: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(shingle hashes, owning document) of documents whose word hashes are concatenated in
    ``words`` (``lengths[i]`` words each), without a Python step per word."""
    import numpy as np

    total = len(words)
    prime = np.uint64(_PRIME)
    ends = np.cumsum(lengths)
    hashes, owners = [], []
    with np.errstate(over="ignore"):
        count = total - SHINGLE + 1
        if count > 0:
            acc = words[:count].copy()
            for k in range(1, SHINGLE):
                acc *= prime
                acc ^= words[k : k + count]
            # The owner of each start, counting document ends passed; a shingle that would
            # run past its document's end starts in its last SHINGLE - 1 words.
            marks = np.zeros(count + SHINGLE, dtype=np.int32)
            np.add.at(marks, ends[:-1], 1)
            owner = np.cumsum(marks[:count], dtype=np.int32).astype(np.int64)
            whole = np.ones(count + SHINGLE, dtype=bool)
            for k in range(1, SHINGLE):
                whole[np.maximum(ends - k, 0)] = False
            whole = whole[:count]
            hashes.append(acc[whole])
            owners.append(owner[whole])
        # A document shorter than a shingle has one: all its words, marked by their count.
        for doc in np.flatnonzero((lengths > 0) & (lengths < SHINGLE)).tolist():
            acc = np.zeros(1, dtype=np.uint64)
            for word in words[ends[doc] - lengths[doc] : ends[doc]]:
                acc = acc * prime ^ word
            hashes.append(acc ^ np.uint64(lengths[doc]))
            owners.append(np.array([doc], dtype=np.int64))
        flat = np.concatenate(hashes) if hashes else np.empty(0, dtype=np.uint64)
        flat ^= flat >> np.uint64(30)
        flat *= np.uint64(_MIX1)
        flat ^= flat >> np.uint64(27)
        flat *= np.uint64(_MIX2)
        flat ^= flat >> np.uint64(31)
    owner = np.concatenate(owners) if owners else np.empty(0, dtype=np.int64)
    return flat, owner


def signature(shingles: np.ndarray) -> np.ndarray:
    """The one-permutation MinHash signature (``BINS`` uint32 minima) of shingle hashes."""
    import numpy as np

    return _signatures(shingles, np.zeros(len(shingles), dtype=np.int64), 1)[0]


def signatures(docs: Sequence[np.ndarray]) -> np.ndarray:
    """Signatures of many documents' shingle hashes: an (n, BINS) uint32 array."""
    import numpy as np

    sizes = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    flat = np.concatenate(docs) if len(docs) else np.empty(0, dtype=np.uint64)
    return _signatures(flat, np.repeat(np.arange(len(docs), dtype=np.int64), sizes), len(docs))


def signatures_of_words(words: np.ndarray, lengths: Sequence[int] | np.ndarray) -> np.ndarray:
    """Signatures of documents given as their words' hashes, concatenated (``lengths[i]``
    words each, at most MAX_WORDS: the caller cuts longer ones): what the index build calls."""
    import numpy as np

    lengths = np.asarray(lengths, dtype=np.int64)
    hashes, owner = _shingles(np.asarray(words, dtype=np.uint64), lengths)
    return _signatures(hashes, owner, len(lengths))


def _signatures(hashes: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """(n, BINS) minima; a bin no shingle fell into holds 0xFFFFFFFF (a document without
    words has only empty bins)."""
    import numpy as np

    out = np.full(n * BINS, _EMPTY, dtype=np.uint32)
    if len(hashes):
        bins = (hashes >> np.uint64(_BIN_SHIFT)).astype(np.int64)
        values = (hashes & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        np.minimum.at(out, owner * BINS + bins, values)
    return out.reshape(n, BINS)


def _distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values (numpy's own unique hashes 64-bit values, many times slower)."""
    import numpy as np

    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def estimate(sig_a: np.ndarray, sig_b: np.ndarray) -> tuple[float, int]:
    """(estimated resemblance, non-empty bins in the union) of two signatures."""
    both_empty = int(((sig_a == _EMPTY) & (sig_b == _EMPTY)).sum())
    union = BINS - both_empty
    if union == 0:
        return 0.0, 0
    same = int((sig_a == sig_b).sum()) - both_empty
    return same / union, union


def resemblance(a: np.ndarray, b: np.ndarray) -> float:
    """The exact Jaccard resemblance of two documents' shingle sets (hashes, repeats allowed)."""
    import numpy as np

    set_a, set_b = _distinct(a), _distinct(b)
    if not len(set_a) or not len(set_b):
        return 0.0
    common = len(np.intersect1d(set_a, set_b, assume_unique=True))
    return common / (len(set_a) + len(set_b) - common)


def candidate_pairs(sigs: np.ndarray) -> np.ndarray:
    """Pairs (i < j) of documents that agree on at least one whole band: an (m, 2) array,
    sorted, without repeats. Bands whose bins are all empty are skipped."""
    import numpy as np

    n = len(sigs)
    found: list[np.ndarray] = []
    with np.errstate(over="ignore"):
        for band in range(BANDS):  # widened a band at a time: all at once is 150 MiB at 300k
            cols = sigs[:, band * ROWS : (band + 1) * ROWS].astype(np.uint64)
            key = np.full(n, band, dtype=np.uint64)
            for c in range(ROWS):
                key = key * np.uint64(_PRIME) + cols[:, c]
            live = np.flatnonzero((cols != _EMPTY).any(axis=1))
            order = live[np.lexsort((live, key[live]))]
            found.extend(_bucket_pairs(order, key[order]))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    codes = _distinct(pairs[:, 0] * n + pairs[:, 1])
    return np.stack((codes // n, codes % n), axis=1)


def _bucket_pairs(docs: np.ndarray, keys: np.ndarray) -> list[np.ndarray]:
    """The pairs to check among documents sorted by bucket key (then number): every pair of
    a bucket, buckets of one size at a time; a huge bucket (a boilerplate band) is linked as
    each member with the next two and with the first, which still joins a true cluster."""
    import numpy as np

    if len(docs) < 2:
        return []
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    sizes = np.diff(np.append(starts, len(docs)))
    out = []
    for size in _distinct(sizes[sizes > 1]).tolist():
        firsts = starts[sizes == size]
        if size <= BIG_BUCKET:
            grid = docs[firsts[:, None] + np.arange(size)[None, :]]
            i, j = np.triu_indices(size, k=1)
            out.append(np.stack((grid[:, i].ravel(), grid[:, j].ravel()), axis=1))
            continue
        for first in firsts.tolist():
            members = docs[first : first + size]
            out.append(np.stack((members[:-1], members[1:]), axis=1))
            out.append(np.stack((members[:-2], members[2:]), axis=1))
            out.append(np.stack((np.full(size - 1, members[0]), members[1:]), axis=1))
    return out


@dataclass(slots=True, frozen=True)
class Stories:
    """The stories of a corpus: for each document in a story of two or more, its story's
    representative and its resemblance to it (1.0 for the representative itself)."""

    story: dict[int, int]  # document number -> representative's document number
    score: dict[int, float]  # document number -> resemblance to the representative

    def members(self) -> dict[int, list[int]]:
        """Representative -> its story's documents, representative first, then in story order."""
        groups: dict[int, list[int]] = {}
        for doc, rep in self.story.items():
            groups.setdefault(rep, []).append(doc)
        return groups


def find_stories(
    sigs: np.ndarray,
    order: Sequence[int],
    shingles_of: Callable[[int], np.ndarray],
    *,
    threshold: float = THRESHOLD,
) -> Stories:
    """Cluster documents into stories.

    ``sigs`` holds each document's signature (row = document number); ``order`` lists the
    document numbers in story order (earliest first: date, then id); ``shingles_of(num)``
    gives a document's shingle hashes when a pair must be decided exactly (called only for
    those, each document at most once).
    """
    import numpy as np

    pairs = candidate_pairs(sigs)
    cache: dict[int, np.ndarray] = {}

    def exact(a: int, b: int) -> float:
        for doc in (a, b):
            if doc not in cache:
                cache[doc] = _distinct(shingles_of(doc))
        sa, sb = cache[a], cache[b]
        if not len(sa) or not len(sb):
            return 0.0
        common = len(np.intersect1d(sa, sb, assume_unique=True))
        return common / (len(sa) + len(sb) - common)

    neighbours: dict[int, dict[int, float]] = {}
    for first in range(0, len(pairs), PAIRS_AT_ONCE):  # each pair's two signatures: 512 bytes
        chunk = pairs[first : first + PAIRS_AT_ONCE]
        a_sig, b_sig = sigs[chunk[:, 0]], sigs[chunk[:, 1]]
        both_empty = ((a_sig == _EMPTY) & (b_sig == _EMPTY)).sum(axis=1)
        union = BINS - both_empty
        same = (a_sig == b_sig).sum(axis=1) - both_empty
        est = np.where(union > 0, same / np.maximum(union, 1), 0.0)
        trusted = union >= TRUST_BINS
        del a_sig, b_sig
        for (a, b), e, t in zip(chunk.tolist(), est.tolist(), trusted.tolist(), strict=True):
            if t and e < threshold - REJECT_MARGIN:
                continue
            value = e if t and e >= threshold + ACCEPT_MARGIN else exact(a, b)
            if value >= threshold:
                neighbours.setdefault(a, {})[b] = value
                neighbours.setdefault(b, {})[a] = value
    rank = {doc: i for i, doc in enumerate(order)}
    story: dict[int, int] = {}
    score: dict[int, float] = {}
    for doc in sorted(neighbours, key=rank.__getitem__):
        # Only earlier documents have a story yet; of those, the representatives qualify.
        leaders = [
            (-value, rank[other], other)
            for other, value in neighbours[doc].items()
            if story.get(other) == other
        ]
        if leaders:
            value, _, best = min(leaders)
            story[doc], score[doc] = best, -value
        else:
            story[doc], score[doc] = doc, 1.0
    # A representative nobody joined is a story of one: not a story.
    sizes: dict[int, int] = {}
    for rep in story.values():
        sizes[rep] = sizes.get(rep, 0) + 1
    keep = {doc: rep for doc, rep in story.items() if sizes[rep] > 1}
    return Stories(keep, {doc: score[doc] for doc in keep})


def story_order(keys: Iterable[tuple[str, str]]) -> list[int]:
    """Document numbers in story order from each document's (date, id): dated documents
    first, earliest first, then by id."""
    keyed = [(date == "", date, doc_id, num) for num, (date, doc_id) in enumerate(keys)]
    keyed.sort()
    return [k[3] for k in keyed]


def terms_of(text: str) -> list[str]:
    """The normalized words of a text, as shingles use them (those that normalize to
    nothing dropped)."""
    from seeds_cli.analysis import normalize
    from seeds_cli.analysis.tokenize import word_list

    return [t for t in map(normalize, word_list(text)) if t]


def text_shingles(text: str) -> np.ndarray:
    """The shingle hashes of a text (tokenized and normalized here)."""
    return shingle_hashes([word_hash(t) for t in terms_of(text)])


def stories_of_texts(texts: Sequence[str], keys: Sequence[tuple[str, str]]) -> Stories:
    """The stories of documents given as texts, each with its (date, id): for small corpora,
    tests and benchmarks (the index build finds them from the words it has already read)."""
    shingles = [text_shingles(t) for t in texts]
    return find_stories(signatures(shingles), story_order(keys), shingles.__getitem__)


# -- the index build ---------------------------------------------------------------------------


def segment_sketch(words: np.ndarray, lengths: np.ndarray, word_hashes: array) -> dict[str, bytes]:
    """What the index build keeps of one segment's documents for stories, from the word ids of
    their bodies (``words``, the documents' one after another, ``lengths`` each; ``word_hashes[id]``:
    the id's normalized word's :func:`word_hash`, 0 for a word that normalizes to nothing): each
    document's signature, and its distinct shingles as 32-bit hashes (for the exact check of the
    pairs near the threshold), in document order."""
    import numpy as np

    n = len(lengths)
    table = np.frombuffer(word_hashes, dtype=np.uint32)
    owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
    words = table[words] if len(words) else np.empty(0, np.uint32)
    live = words != 0
    words, owner = words[live], owner[live]
    lengths = np.bincount(owner, minlength=n)
    if lengths.max(initial=0) > MAX_WORDS:  # keep each document's first MAX_WORDS words
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        keep = np.arange(len(words)) - starts[owner] < MAX_WORDS
        words, owner = words[keep], owner[keep]
        lengths = np.minimum(lengths, MAX_WORDS)
    hashes, owners = _shingles(words.astype(np.uint64), lengths)
    sigs = _signatures(hashes, owners, n)
    distinct = _distinct((owners.astype(np.uint64) << np.uint64(32)) | (hashes >> np.uint64(32)))
    counts = np.bincount((distinct >> np.uint64(32)).astype(np.int64), minlength=n)
    return {
        "sigs": sigs.tobytes(),
        "shingles": (distinct & np.uint64(0xFFFFFFFF)).astype(np.uint32).tobytes(),
        "counts": counts.astype(np.uint32).tobytes(),
    }


class StoryBuilder:
    """Collects the segments' sketches during an index build, then finds the stories.

    Shingles wait in a temporary file (in ``folder``) and are mapped back only for the
    documents of the pairs decided exactly, so memory holds just the signatures.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.n_docs = 0
        self.counts: list[np.ndarray] = []  # each segment's documents' numbers of shingles
        # Open across add() calls; finish() closes them (and they are gone when closed). The
        # signatures wait on disk too: 75 MiB at 300,000 documents, while the index merges.
        self._spool = tempfile.TemporaryFile(dir=folder, prefix=".stories-")  # noqa: SIM115
        self._sig_spool = tempfile.TemporaryFile(dir=folder, prefix=".stories-")  # noqa: SIM115
        self.seconds = 0.0

    def add(self, first: int, sketch: dict[str, bytes]) -> None:
        """The sketch of the segment of documents from ``first`` on, the next after those
        added."""
        import numpy as np

        assert first == self.n_docs, "segments are added in document order"
        started = time.perf_counter()
        self._sig_spool.write(sketch["sigs"])
        self._spool.write(sketch["shingles"])
        counts = np.frombuffer(sketch["counts"], dtype=np.uint32)
        self.counts.append(counts)
        self.n_docs += len(counts)
        self.seconds += time.perf_counter() - started

    def finish(self, order: Sequence[int]) -> list[tuple[int, int, float]]:
        """(document, representative, resemblance) of every document in a story of two or
        more, from the documents' numbers in story order (:func:`story_order`); the temporary
        files are closed."""
        import numpy as np

        started = time.perf_counter()
        try:
            sigs = np.full((self.n_docs, BINS), _EMPTY, dtype=np.uint32)
            self._sig_spool.seek(0)
            self._sig_spool.readinto(memoryview(sigs).cast("B"))
            self._spool.flush()
            count = np.concatenate(self.counts).astype(np.int64) if self.counts else np.zeros(0)
            start = np.cumsum(count) - count
            self.counts.clear()

            def shingles_of(num: int) -> np.ndarray:
                # read, not mapped: the pages of a mapping stay in the process's memory (the
                # file is 350 MiB at 300,000 documents, and the documents checked are spread)
                out = np.empty(int(count[num]), dtype=np.uint32)
                self._spool.seek(int(start[num]) * 4)
                self._spool.readinto(memoryview(out).cast("B"))
                return out

            found = find_stories(sigs, order, shingles_of)
        finally:
            self._spool.close()
            self._sig_spool.close()
        self.seconds += time.perf_counter() - started
        return sorted((doc, rep, found.score[doc]) for doc, rep in found.story.items())
