"""Per-document numbers and the few operations ranking does on them, in two implementations
that give the same results: plain Python for queries over few postings, numpy for many.

numpy takes longer to import (about 60 ms) than a query over a few thousand postings takes to
rank in plain Python, so a single search on a small corpus never imports it; batch mode and
queries over many postings do (:func:`choose`). Both are tested against each other and
against a reference scorer.

The values each implementation works on:

* ``Tfs``: a leaf's matching documents in increasing order, with their body, lead and title
  term frequencies (Python: a list of ``(doc, body, lead, title)``; numpy: four arrays);
* ``Vec``: documents with a score each (Python: a dict; numpy: :class:`Sparse`, the
  documents in increasing order and their scores).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from seeds_cli.index.store import Postings

# Queries over at least this many postings are ranked with numpy (see bench/RESULTS.md).
NUMPY_MIN_POSTINGS = 50_000
# A vector of at least 1/DENSE_SHARE of the documents is added into a union as whole arrays.
DENSE_SHARE = 4


class Memo:
    """What the ops work out once per postings (its arrays, its scores), by kind. An entry
    holds its postings, so the object it was made for stays the one it is found for."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, int], tuple[Postings, Any]] = {}
        self._kinds: set[str] = set()

    def get(self, kind: str, post: Postings) -> Any:
        found = self._entries.get((kind, id(post)))
        return None if found is None else found[1]

    def put(self, kind: str, post: Postings, value: Any) -> Any:
        self._kinds.add(kind)
        self._entries[(kind, id(post))] = (post, value)
        return value

    def forget(self, post: Postings) -> None:
        """Forget what was worked out for ``post`` (a few dict deletions, whatever the size)."""
        for kind in self._kinds:
            self._entries.pop((kind, id(post)), None)

    def postings(self) -> set[int]:
        """The ids of the postings something is kept for."""
        return {key[1] for key in self._entries}


def choose(postings: int) -> PythonOps | NumpyOps:
    """numpy once it is imported anyway, or for ``postings`` many enough to pay its import."""
    if "numpy" in sys.modules or postings >= NUMPY_MIN_POSTINGS:
        return NUMPY
    return PYTHON


class PythonOps:
    """dicts and lists: no import, a Python step per posting."""

    name = "python"

    @staticmethod
    def tfs(docs: Sequence[int], body: Sequence[int], lead: Sequence[int], title: Sequence[int]):  # type: ignore[no-untyped-def]
        return list(zip(docs, body, lead, title, strict=True))

    @staticmethod
    def postings_tfs(post: Postings, memo: Memo) -> list[tuple[int, int, int, int]]:
        """A term's postings as ``Tfs`` (of Python ints, whichever way they were decoded)."""
        parts = (post.docs, post.tf_body, post.tf_lead, post.tf_title)
        return list(zip(*(p if isinstance(p, list) else p.tolist() for p in parts), strict=True))

    @staticmethod
    def tfs_sum(parts: list[Any], n: int) -> list[tuple[int, int, int, int]]:
        if len(parts) == 1:
            return parts[0]
        total: dict[int, list[int]] = {}
        for rows in parts:
            for d, b, lead, t in rows:
                old = total.get(d)
                if old is None:
                    total[d] = [b, lead, t]
                else:
                    old[0] += b
                    old[1] += lead
                    old[2] += t
        return [(d, *total[d]) for d in sorted(total)]  # type: ignore[misc]

    @staticmethod
    def title_only(rows: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
        return [(d, 0, 0, t) for d, _, _, t in rows if t]

    @staticmethod
    def count(rows: Any) -> int:
        return len(rows)

    @staticmethod
    def bm25f(
        rows: list[tuple[int, int, int, int]], norms: FieldNorms, scale: float, k1: float
    ) -> dict[int, float]:
        """doc -> ``scale * tf~ / (k1 + tf~)``.

        The fields' norms are worked out for these documents only: a query in plain Python
        looks at few of them."""
        (wb, cb, bb, ab, lb), (wl, cl, bl, al, ll), (wt, ct, bt, at, lt) = norms.factors()
        scores = {}
        for d, b, lead, t in rows:
            tf = b * (wb / (cb + bb * lb[d] / ab))
            if lead:  # (adding zero would change nothing: numpy's sums are the same)
                tf += lead * (wl / (cl + bl * ll[d] / al))
            if t:
                tf += t * (wt / (ct + bt * lt[d] / at))
            scores[d] = scale * tf / (k1 + tf)
        return scores

    @staticmethod
    def scaled(vec: dict[int, float], factor: float) -> dict[int, float]:
        return vec if factor == 1.0 else {d: s * factor for d, s in vec.items()}

    @staticmethod
    def zeros(docs: set[int] | range) -> dict[int, float]:
        return dict.fromkeys(docs, 0.0)

    @staticmethod
    def size(vec: dict[int, float]) -> int:
        return len(vec)

    @staticmethod
    def union(vecs: list[dict[int, float]], n: int) -> dict[int, float]:
        out: dict[int, float] = {}
        for vec in vecs:
            for d, s in vec.items():
                out[d] = out.get(d, 0.0) + s
        return out

    @staticmethod
    def intersect(vecs: list[dict[int, float]]) -> dict[int, float]:
        vecs = sorted(vecs, key=len)
        out = dict(vecs[0])
        for vec in vecs[1:]:
            out = {d: s + vec[d] for d, s in out.items() if d in vec}
        return out

    @staticmethod
    def add_to(base: dict[int, float], vecs: list[dict[int, float]]) -> dict[int, float]:
        """``base``'s documents, with the scores that ``vecs`` give them added."""
        out = dict(base)
        for vec in vecs:
            for d in out:
                s = vec.get(d)
                if s:
                    out[d] += s
        return out

    @staticmethod
    def minus(base: dict[int, float], vecs: list[dict[int, float]]) -> dict[int, float]:
        out = dict(base)
        for vec in vecs:
            for d in vec:
                out.pop(d, None)
        return out

    @staticmethod
    def counts(vec: dict[int, float], parts: list[tuple[dict[int, float], int]]) -> dict[int, int]:
        """For each document of ``vec``: the summed weights of the ``parts`` that have it."""
        out = dict.fromkeys(vec, 0)
        for part, weight in parts:
            for d in part:
                if d in out:
                    out[d] += weight
        return out

    @staticmethod
    def top(
        vec: dict[int, float], tiers: dict[int, int] | None, k: int | None
    ) -> list[tuple[int, float, int]]:
        """The best ``k`` (all if None) by tier, then score, then document number, as
        (document, score, tier)."""
        rows = [(d, s, tiers[d] if tiers else 0) for d, s in vec.items()]

        def order(row: tuple[int, float, int]) -> tuple[int, float, int]:
            return (-row[2], -row[1], row[0])

        if k is None or k >= len(rows):
            return sorted(rows, key=order)
        import heapq

        return heapq.nsmallest(k, rows, key=order)

    @staticmethod
    def value(vec: dict[int, float], doc: int) -> float:
        return vec.get(doc, 0.0)

    # -- positions: phrases and proximity ---------------------------------------------------
    @staticmethod
    def phrase_tfs(
        posts: list[Postings], offsets: Sequence[int], spans: Sequence[int], memo: Memo
    ) -> list[tuple[int, int, int, int]]:
        """The phrase's occurrences per document: the terms at ``start + offsets[i]``; the
        lead counts a start once per span of ``spans`` it is inside."""
        order = sorted(range(len(posts)), key=lambda i: posts[i].df)
        docs = set(posts[order[0]].docs)
        for i in order[1:]:
            docs.intersection_update(posts[i].docs)
        positions = [post.positions() for post in posts]
        rows = []
        for d in sorted(docs):
            found = [positions[i][d] for i in range(len(posts))]
            body = _starts([f[0] for f in found], offsets)
            title = _starts([f[1] for f in found], offsets)
            if body or title:
                lead = sum(1 for start in body for n in spans if start < n)
                rows.append((d, len(body), lead, len(title)))
        return rows

    @staticmethod
    def nearest(
        posts: Sequence[Postings | None],
        pairs: Sequence[tuple[int, int]],
        docs: list[int],
        window: int,
        memo: Memo,
    ) -> list[list[int]]:
        """For each pair ``(i, j)`` of ``posts`` and each of ``docs``: the smallest distance
        between a body position of ``posts[i]`` and one of ``posts[j]`` (1 for the same
        position: the same term twice), 0 if none is within ``window`` (or a term is None)."""
        found = [None if p is None else [p.positions().get(d) for d in docs] for p in posts]
        out = []
        for i, j in pairs:
            a, b = found[i], found[j]
            if a is None or b is None:
                out.append([0] * len(docs))
                continue
            out.append(
                [_nearest(x[0], y[0], window) if x and y else 0 for x, y in zip(a, b, strict=True)]
            )
        return out


def _starts(lists: list[list[int]], offsets: Sequence[int]) -> list[int]:
    """Start positions where term i sits at start + offsets[i] for every i."""
    if any(not lst for lst in lists):
        return []
    candidates = {p - offsets[0] for p in lists[0]}
    for lst, off in zip(lists[1:], offsets[1:], strict=True):
        candidates &= {p - off for p in lst}
        if not candidates:
            return []
    return sorted(candidates)


def _nearest(a: list[int], b: list[int], window: int) -> int:
    """The smallest |i - j| (at most ``window``) between positions of a and b, or 0."""
    i = j = 0
    best = window + 1
    while i < len(a) and j < len(b):
        diff = a[i] - b[j]
        if diff == 0:
            return 1  # the same term twice in the query
        if abs(diff) < best:
            best = abs(diff)
        if diff < 0:
            i += 1
        else:
            j += 1
    return best if best <= window else 0


class Sparse:
    """Documents in increasing order (int64) and a score for each (float64)."""

    __slots__ = ("_dense", "docs", "values")

    def __init__(self, docs: np.ndarray, values: np.ndarray) -> None:
        self.docs = docs
        self.values = values
        self._dense: tuple[np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.docs)

    def dense(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Every document's score (0 where it has none) and which documents it has, as two
        arrays of ``n``: made once (a common word's vector is kept across a batch), they add
        into a union in two passes over memory rather than a scatter per document."""
        if self._dense is None:
            import numpy as np

            scores, has = np.zeros(n), np.zeros(n, dtype=bool)
            scores[self.docs] = self.values
            has[self.docs] = True
            self._dense = (scores, has)
        return self._dense


class NumpyOps:
    """numpy arrays: vectorized, after a one-time import."""

    name = "numpy"

    def __init__(self) -> None:
        self._np: Any = None

    @property
    def np(self) -> Any:
        if self._np is None:
            import numpy

            self._np = numpy
        return self._np

    def tfs(self, docs: Any, body: Any, lead: Any, title: Any) -> tuple[Any, Any, Any, Any]:
        np = self.np
        return (
            np.asarray(docs, dtype=np.int64),
            np.asarray(body, dtype=np.int64),
            np.asarray(lead, dtype=np.int64),
            np.asarray(title, dtype=np.int64),
        )

    def postings_tfs(self, post: Postings, memo: Memo) -> tuple[Any, Any, Any, Any]:
        """A term's postings as ``Tfs``: its own arrays when decoded for numpy (the tfs in
        their narrow stored types; products with floats are the same), else converted once
        (``memo`` keeps them)."""
        if not isinstance(post.docs, list):
            return post.docs, post.tf_body, post.tf_lead, post.tf_title
        found = memo.get("tfs", post)
        if found is None:
            found = memo.put(
                "tfs", post, self.tfs(post.docs, post.tf_body, post.tf_lead, post.tf_title)
            )
        return found

    def tfs_sum(self, parts: list[tuple[Any, Any, Any, Any]], n: int) -> tuple[Any, Any, Any, Any]:
        if len(parts) == 1:
            return parts[0]
        np = self.np
        docs = np.concatenate([p[0] for p in parts])
        unique = np.flatnonzero(np.bincount(docs, minlength=n))
        sums = [
            np.bincount(docs, weights=np.concatenate([p[i] for p in parts]), minlength=n)[unique]
            for i in (1, 2, 3)
        ]
        return unique, *(s.astype(np.int64) for s in sums)  # type: ignore[return-value]

    def title_only(self, tfs: tuple[Any, Any, Any, Any]) -> tuple[Any, Any, Any, Any]:
        docs, _, _, title = tfs
        keep = title > 0
        zero = self.np.zeros(int(keep.sum()), dtype=self.np.int64)
        return docs[keep], zero, zero, title[keep]

    @staticmethod
    def count(tfs: tuple[Any, ...]) -> int:
        return len(tfs[0])

    def bm25f(
        self, tfs: tuple[Any, Any, Any, Any], norms: FieldNorms, scale: float, k1: float
    ) -> Sparse:
        docs, body, lead, title = tfs
        nb, nl, nt = norms.arrays()
        np = self.np
        # body * nb + lead * nl + title * nt, in that order, the same numbers: a field's
        # product is added only where its tf is not 0 (adding 0.0 changes no sum), and the
        # lead and the title hold most words of few documents.
        tf = nb[docs]
        tf *= body
        for field, norm in ((lead, nl), (title, nt)):
            some = int(np.count_nonzero(field))
            if 2 * some > len(field):
                tf += field * norm[docs]
            elif some:
                at = np.flatnonzero(field)
                tf[at] += field[at] * norm[docs[at]]
        below = tf + k1
        tf *= scale
        tf /= below
        return Sparse(docs, tf)

    @staticmethod
    def scaled(vec: Sparse, factor: float) -> Sparse:
        return vec if factor == 1.0 else Sparse(vec.docs, vec.values * factor)

    def zeros(self, docs: set[int] | range) -> Sparse:
        np = self.np
        if isinstance(docs, range):
            arr = np.arange(docs.start, docs.stop, dtype=np.int64)
        else:
            arr = np.fromiter(sorted(docs), dtype=np.int64, count=len(docs))
        return Sparse(arr, np.zeros(len(arr)))

    @staticmethod
    def size(vec: Sparse) -> int:
        return len(vec.docs)

    def union(self, vecs: list[Sparse], n: int) -> Sparse:
        vecs = [v for v in vecs if len(v.docs)]
        if len(vecs) <= 1:
            return (
                vecs[0] if vecs else Sparse(self.np.zeros(0, dtype=self.np.int64), self.np.zeros(0))
            )
        np = self.np
        # Added up in a dense array: each vector's documents are distinct, so fancy-indexed
        # += adds each once (cheaper than concatenating and counting). A vector of a large
        # share of the documents is added whole: adding its 0.0 elsewhere changes no sum.
        total = np.zeros(n)
        seen = np.zeros(n, dtype=bool)
        for v in vecs:
            if len(v.docs) * DENSE_SHARE >= n:
                scores, has = v.dense(n)
                total += scores
                seen |= has
            else:
                total[v.docs] += v.values
                seen[v.docs] = True
        unique = np.flatnonzero(seen)
        return Sparse(unique, total[unique])

    def _where(self, docs: Any, vec: Sparse) -> tuple[Any, Any]:
        """(mask of ``docs`` found in ``vec``, their indexes in ``vec``)."""
        np = self.np
        if not len(vec.docs):
            return np.zeros(len(docs), dtype=bool), np.zeros(len(docs), dtype=np.int64)
        at = np.searchsorted(vec.docs, docs)
        at[at == len(vec.docs)] = 0
        return vec.docs[at] == docs, at

    def intersect(self, vecs: list[Sparse]) -> Sparse:
        vecs = sorted(vecs, key=len)
        out = vecs[0]
        for vec in vecs[1:]:
            found, at = self._where(out.docs, vec)
            out = Sparse(out.docs[found], out.values[found] + vec.values[at[found]])
        return out

    def add_to(self, base: Sparse, vecs: list[Sparse]) -> Sparse:
        values = base.values.copy()
        for vec in vecs:
            found, at = self._where(base.docs, vec)
            values[found] += vec.values[at[found]]
        return Sparse(base.docs, values)

    def minus(self, base: Sparse, vecs: list[Sparse]) -> Sparse:
        keep = self.np.ones(len(base.docs), dtype=bool)
        for vec in vecs:
            keep &= ~self._where(base.docs, vec)[0]
        return Sparse(base.docs[keep], base.values[keep])

    def counts(self, vec: Sparse, parts: list[tuple[Sparse, int]]) -> Any:
        out = self.np.zeros(len(vec.docs), dtype=self.np.int64)
        for part, weight in parts:
            out += weight * self._where(vec.docs, part)[0]
        return out

    def top(self, vec: Sparse, tiers: Any, k: int | None) -> list[tuple[int, float, int]]:
        np = self.np
        docs, values = vec.docs, vec.values
        if k is not None and k < len(docs):
            # The candidates: every document at least as good as the k-th by tier and score
            # (a monotone key, so none of the best k is missed), then sorted exactly.
            key = values if tiers is None else tiers * (values.max() + 1.0) + values
            keep = _at_least_kth(np, key, k)
            docs, values = docs[keep], values[keep]
            tiers = None if tiers is None else tiers[keep]
        if tiers is None:
            tiers = np.zeros(len(docs), dtype=np.int64)
        order = np.lexsort((docs, -values, -tiers))[:k]
        return list(
            zip(docs[order].tolist(), values[order].tolist(), tiers[order].tolist(), strict=True)
        )

    def value(self, vec: Sparse, doc: int) -> float:
        at = int(self.np.searchsorted(vec.docs, doc))
        return float(vec.values[at]) if at < len(vec.docs) and vec.docs[at] == doc else 0.0

    # -- positions: phrases and proximity ---------------------------------------------------
    _STRIDE = 1 << 34  # above every position (and offset) in a document: doc * stride + position

    def _layout(self, post: Postings, memo: Memo) -> tuple[Any, Any, Any, Any, Any]:
        """(docs, body tfs, title tfs, each document's first position's index, positions)."""
        found = memo.get("layout", post)
        if found is None:
            np = self.np
            docs = np.asarray(post.docs, dtype=np.int64)
            body = np.asarray(post.tf_body)
            title = np.asarray(post.tf_title)
            flat = np.asarray(flat_positions(post))  # in its stored type, made int64 when read
            first = np.zeros(len(docs), dtype=np.int64)
            np.cumsum(body[:-1], dtype=np.int64, out=first[1:])
            first[1:] += np.cumsum(title[:-1], dtype=np.int64)
            found = memo.put("layout", post, (docs, body, title, first, flat))
        return found

    def _positions(self, post: Postings, docs: Any, title: bool, memo: Memo) -> tuple[Any, Any]:
        """The body (or title) positions of those of ``docs`` (increasing) that have the
        term, in order, and for each position the index of its document in ``docs``."""
        np = self.np
        pdocs, body, tfs_title, first, flat = self._layout(post, memo)
        found, at = self._where(docs, Sparse(pdocs, pdocs))
        which = np.flatnonzero(found)
        at = at[found]
        starts = first[at] + body[at] if title else first[at]
        lengths = tfs_title[at] if title else body[at]
        ends = np.cumsum(lengths, dtype=np.int64)
        index = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(
            starts - ends + lengths, lengths
        )
        return flat[index].astype(np.int64), np.repeat(which, lengths)

    def phrase_tfs(
        self, posts: list[Postings], offsets: Sequence[int], spans: Sequence[int], memo: Memo
    ) -> tuple[Any, Any, Any, Any]:
        np = self.np
        order = sorted(range(len(posts)), key=lambda i: posts[i].df)
        docs = self._layout(posts[order[0]], memo)[0]
        for i in order[1:]:
            other = self._layout(posts[i], memo)[0]
            docs = docs[self._where(docs, Sparse(other, other))[0]]
        counts = []
        for title in (False, True):
            keys = None
            for post, off in zip(posts, offsets, strict=True):
                pos, owner = self._positions(post, docs, title, memo)
                k = owner * self._STRIDE + (pos - off + max(offsets))
                keys = k if keys is None else np.intersect1d(keys, k, assume_unique=True)
            counts.append(keys)
        body_keys, title_keys = counts
        owner = body_keys // self._STRIDE
        start = body_keys % self._STRIDE - max(offsets)
        body = np.bincount(owner, minlength=len(docs))
        lead = np.bincount(
            owner, weights=sum((start < n).astype(np.int64) for n in spans), minlength=len(docs)
        )
        title = np.bincount(title_keys // self._STRIDE, minlength=len(docs))
        keep = (body > 0) | (title > 0)
        return docs[keep], body[keep], lead[keep].astype(np.int64), title[keep]

    def nearest(
        self,
        posts: Sequence[Postings | None],
        pairs: Sequence[tuple[int, int]],
        docs: list[int],
        window: int,
        memo: Memo,
    ) -> list[list[int]]:
        np = self.np
        head = np.asarray(docs, dtype=np.int64)
        order = np.argsort(head)
        n = len(head)
        # Each term's body positions in these documents, found once for all its pairs, as
        # keys owner * stride + position (owner: the document's place in the sorted head).
        keys = []
        for post in posts:
            if post is None:
                keys.append(None)
                continue
            pos, owner = self._positions(post, head[order], False, memo)
            keys.append(owner * self._STRIDE + pos)
        # Every pair at once: its keys moved to a band of their own (pair * n + owner), so one
        # sorted search finds each position's neighbours among the other word's, in the same
        # pair and document when their bands match.
        firsts, seconds = [], []
        for p, (i, j) in enumerate(pairs):
            a, b = keys[i], keys[j]
            if a is not None and b is not None and len(a) and len(b):
                band = p * n * self._STRIDE
                firsts.append(a + band)
                seconds.append(b + band)
        best = np.full(len(pairs) * n, window + 1, dtype=np.int64)
        if firsts:
            ka, kb = np.concatenate(firsts), np.concatenate(seconds)
            group = ka // self._STRIDE
            at = np.searchsorted(kb, ka)
            dist = np.full(len(ka), window + 1, dtype=np.int64)
            for side in (np.minimum(at, len(kb) - 1), np.maximum(at - 1, 0)):
                near = kb[side]
                same = near // self._STRIDE == group
                np.minimum(dist, np.where(same, np.abs(ka - near), window + 1), out=dist)
            # ka is sorted, so each group's positions are contiguous: the least of each.
            starts = np.flatnonzero(np.diff(group, prepend=-1))
            best[group[starts]] = np.minimum.reduceat(dist, starts)
        best = np.where(best == 0, 1, np.where(best <= window, best, 0)).reshape(len(pairs), n)
        out = np.empty_like(best)
        out[:, order] = best
        return out.tolist()


def _at_least_kth(np: Any, key: Any, k: int) -> Any:
    """Where ``key`` is at least its k-th largest value (ties included). Over many values,
    the k-th is looked for among those above a floor taken from a sample (where at least k
    are), not among them all."""
    if len(key) >= 64 * k:
        sample = key[::8]
        floor = np.partition(sample, len(sample) - 2 * k // 8 - 1)[len(sample) - 2 * k // 8 - 1]
        above = np.flatnonzero(key >= floor)
        if len(above) >= k:
            part = key[above]
            kth = np.partition(part, len(part) - k)[len(part) - k]
            return above[part >= kth]
    kth = np.partition(key, len(key) - k)[len(key) - k]
    return key >= kth


def flat_positions(post: Postings) -> Any:
    """Every position of a term, document after document (body, then title, each in
    increasing order), as one array."""
    return post.positions()._flat


Factors = tuple[float, float, float, float, Sequence[int]]


class FieldNorms:
    """Each field's per-document tf multiplier ``w_f / (1 - b_f + b_f * len_f / avglen_f)``
    for one index and one set of parameters (kept by the ranker for all its queries)."""

    def __init__(self, lengths: dict[str, Sequence[int]], averages: dict[str, float], params: Any):
        self._factors = []
        for name in ("body", "lead", "title"):
            b, w = params.field_weights(name)
            self._factors.append((w, 1.0 - b, b, averages[name] or 1.0, lengths[name]))
        self._arrays: tuple[Any, Any, Any] | None = None

    def factors(self) -> tuple[Factors, Factors, Factors]:
        """Body, lead and title ``(w, 1 - b, b, avglen, lengths)``: a document's norm is
        ``w / ((1 - b) + b * lengths[d] / avglen)``."""
        return self._factors[0], self._factors[1], self._factors[2]

    def arrays(self) -> tuple[Any, Any, Any]:
        """Body, lead and title norms of every document, as numpy arrays (made once)."""
        if self._arrays is None:
            np = NUMPY.np
            out = []
            for w, c, b, avg, lengths in self._factors:
                out.append(w / (c + b * np.asarray(lengths, dtype=np.float64) / avg))
            self._arrays = (out[0], out[1], out[2])
        return self._arrays


PYTHON = PythonOps()
NUMPY = NumpyOps()
